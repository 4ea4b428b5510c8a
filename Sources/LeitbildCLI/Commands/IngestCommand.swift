import ArgumentParser
import Foundation
import Ingestion
import LeitbildCore

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Read transcript files and print the normalised transcripts.")

    @Argument(help: "Transcript files.")
    var files: [String]

    @Option(name: .long, help: "Metadata sheet (CSV/TSV) to join by file name or interview id.")
    var metadata: String?

    @Flag(name: .long, help: "Print JSON: format, encoding, speakers with roles, turns with offsets, diagnostics.")
    var json = false

    struct FileReport: Encodable {
        var file: String
        var transcript: Transcript?
        var turnTexts: [String]?
        var error: String?
        var diagnostics: [Diagnostic]
    }

    func run() throws {
        let output = Ingestor().ingest(IngestionInput(files: files, metadataFile: metadata))
        if json {
            var reports: [FileReport] = output.transcripts.map { t in
                FileReport(file: t.source.path, transcript: t, turnTexts: t.turns.map { String(t.text(of: $0)) }, error: nil,
                           diagnostics: output.diagnostics.filter { $0.file == t.source.path })
            }
            reports += output.failures.map { FileReport(file: $0.file, transcript: nil, turnTexts: nil, error: $0.error, diagnostics: []) }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(reports), as: UTF8.self))
        } else {
            for t in output.transcripts {
                print("# \(t.source.path) (\(t.source.format.rawValue), \(t.source.encoding)): \(t.speakers.count) speakers, \(t.turns.count) turns")
                for s in t.speakers { print("#   speaker \(s.id) '\(s.label)': \(s.role.rawValue) (\(s.roleReason))") }
                for turn in t.turns {
                    print("[\(turn.speakerID)|\(turn.role.rawValue)] line \(turn.sourceLine): \(t.text(of: turn))")
                }
            }
            for d in output.diagnostics { printError(d.description) }
            for f in output.failures { printError("error: \(f.error)") }
        }
        if output.transcripts.isEmpty { throw ExitCode(3) }
        if !output.failures.isEmpty { throw ExitCode(2) }
    }
}
