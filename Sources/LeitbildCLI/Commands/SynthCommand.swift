import ArgumentParser
import Foundation
import Pipeline

struct SynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Build a synthetic project of N interviews from the demo corpus (for scale tests and benchmarks).",
        discussion: """
        Cuts the source project's interviews into exchanges (a question and its answers), draws new interviews \
        from them, writes each in one of eight formats (plain text f4 and named, .docx, WebVTT, SRT, TEI, EXMARaLDA, \
        ELAN) with new speakers and a metadata row with varied group, municipality, date and id, and copies the \
        codebook. The same source, N and seed give byte-identical files.
        """)

    @Argument(help: "Number of interviews.")
    var count: Int

    @Option(name: .long, help: "Output project folder (gets transcripts/, metadata.csv, codebook.yaml).")
    var out: String

    @Option(name: .long, help: "Random seed.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Source project.")
    var from: String = "corpus"

    func validate() throws {
        if count < 1 { throw ValidationError("N must be at least 1 (got \(count)).") }
    }

    func run() throws {
        do {
            let summary = try SyntheticCorpus(source: from).write(count: count, seed: seed, to: out)
            let formats = summary.formats.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            print("Wrote \(summary.files) interviews (\(String(format: "%.1f", Double(summary.bytes) / 1e6)) MB; \(formats)) to \(out).")
        } catch {
            printError("error: \(error.localizedDescription)")
            throw ExitCode(1)
        }
    }
}
