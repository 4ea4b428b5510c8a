import ArgumentParser

/// Benchmarks that print figures. Run them on a release build:
/// `swift build -c release && .build/release/leitbild-bench <stage> --help`.
@main
struct LeitbildBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "leitbild-bench",
        abstract: "Benchmarks for Leitbild's stages (use a release build).",
        subcommands: [
            LexicalBench.self,
            IngestionBenchmark.self,
            TokenizerBenchmark.self,
            CodingBenchmark.self,
            SignalsBench.self,
        ]
    )
}
