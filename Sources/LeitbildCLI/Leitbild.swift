import ArgumentParser
import Foundation
import LeitbildCore

@main
struct Leitbild: AsyncParsableCommand {
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
            SynthCommand.self,
        ],
        defaultSubcommand: nil
    )

    /// Parses and runs a subcommand. ArgumentParser exits with 64 on a usage error; Leitbild
    /// documents 1 for it (see the exit codes above), so usage errors are mapped here.
    static func main() async {
        MemoryTuning.apply()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if !message.isEmpty {
                if code == .success { print(message) } else { printError(message) }
            }
            Foundation.exit(code == .validationFailure ? 1 : code.rawValue)
        }
    }
}

enum LeitbildVersion {
    static let string = "0.1.0"
}
