import ArgumentParser

@main
struct Leitbild: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "leitbild",
        abstract: "Turns German stakeholder-interview transcripts into theme and priority reports.",
        discussion: """
        Runs fully offline. `leitbild analyze` reads corpus/ and writes reports into output/.
        Exit codes: 0 success, 1 usage or setup error, 2 some inputs failed but the rest was reported,
        3 nothing could be analysed.
        """,
        version: LeitbildVersion.string,
        subcommands: [
            AnalyzeCommand.self,
            IngestCommand.self,
            TokenizeCommand.self,
            StemCommand.self,
            SplitCommand.self,
            CodeCommand.self,
            CodebookCommand.self,
            KwicCommand.self,
            EvaluateCommand.self,
            RankingsCommand.self,
        ],
        defaultSubcommand: nil
    )
}

enum LeitbildVersion {
    static let string = "0.1.0"
}
