import ArgumentParser
import Foundation
import GermanText
import Ingestion
import LeitbildCore
import Themes

struct CodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "code",
        abstract: "Code transcript files against a codebook: one JSON object per coded segment and line.")

    @Argument(help: "Transcript files.")
    var files: [String]

    @Option(name: .long, help: "Codebook (YAML).")
    var codebook: String = "corpus/codebook.yaml"

    @Option(name: .long, help: "Unit of coding: sentence, turn or document.")
    var unit: CodingUnit = .sentence

    @Flag(name: .long, help: "Print JSON lines (the default and only format for now).")
    var json = false

    struct Line: Encodable {
        var document: String
        var file: String
        var line: Int
        var start: Int
        var end: Int
        var text: String
        var codes: [CodeAssignment]
        var terms: [String]
    }

    func run() throws {
        let book: Codebook
        do { book = try CodebookLoader.load(path: codebook) } catch {
            printError("error: \(error.localizedDescription)")
            throw ExitCode(1)
        }
        let output = Ingestor().ingest(IngestionInput(files: files))
        // One session for all files: each distinct word is analysed once.
        let coder = ThemeCoder(codebook: book, unit: unit).makeSession()
        let analyzer = GermanAnalyzer()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var out = StandardOutput()
        for transcript in output.transcripts {
            let coded = coder.code(analyzer.analyze(transcript))
            for s in coded.segments {
                let line = Line(document: transcript.id, file: transcript.source.path, line: s.segment.sourceLine,
                                start: s.segment.span.start, end: s.segment.span.end,
                                text: String(transcript.text(of: s.segment.range)), codes: s.codes,
                                terms: s.codes.flatMap { $0.matches.map { String(transcript.text(of: $0.range)) } })
                out.write(bytes: try encoder.encode(line))
                out.write("\n")
            }
        }
        out.flush()
        for d in output.diagnostics { printError(d.description) }
        for f in output.failures { printError("error: \(f.error)") }
        if output.transcripts.isEmpty { throw ExitCode(3) }
        if !output.failures.isEmpty { throw ExitCode(2) }
    }
}
