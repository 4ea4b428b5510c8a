import ArgumentParser
import Foundation
import Ingestion
import LeitbildCore
import Pipeline

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Read transcript files and print the normalised transcripts.",
        discussion: """
        Formats: .txt (f4/f5, MAXQDA, unlabelled), .docx, .vtt, .srt, TEI (.xml/.tei), EXMARaLDA (.exb),
        ELAN (.eaf), REFI-QDA (.qdpx/.qde), CSV/TSV (survey answers: one document per row).
        Exit codes: 0 all files read, 2 some files failed (listed on standard error, or as "failed" in
        the JSON), 3 no file could be read. See docs/ingestion.md.
        """)

    @Argument(help: "Transcript files, or folders whose transcript files are read in name order (CSV/TSV files only when named).")
    var files: [String]

    @Option(name: .long, help: "Metadata sheet (CSV/TSV) to join by file name or interview id.")
    var metadata: String?

    @Option(name: .long, help: "CSV/TSV: column with the answer text (name or 1-based number). Default: text, antwort, answer, beitrag, ...")
    var textColumn: String?

    @Option(name: .long, help: "CSV/TSV: column with the row id (name or number). Default: id, document_id, respondent_id, ...; else FILE-rROW.")
    var idColumn: String?

    @Option(name: .long, help: "CSV/TSV: column with a speaker label; rows are then turns of one transcript.")
    var speakerColumn: String?

    @OptionGroup var sizeLimit: FileSizeLimit

    @Flag(name: .long, help: "Print JSON: per file the format, encoding, speakers with roles and reasons, turns with offsets, times and source lines, and diagnostics.")
    var json = false

    func run() throws {
        var paths: [String] = []
        var sawFolder = false
        var leftOut: [Diagnostic] = []
        for argument in files {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory), isDirectory.boolValue {
                sawFolder = true
                // What a project scan of this folder takes (`ProjectScan`); named files are read whatever they are.
                let scan = ProjectScan.folder(argument, root: argument, rootName: "the folder", given: [metadata].compactMap(\.self))
                paths += scan.files
                leftOut += scan.leftOut
            } else {
                paths.append(argument)
            }
        }
        let options = IngestionOptions(maxFileBytes: sizeLimit.bytes, textColumn: textColumn, idColumn: idColumn, speakerColumn: speakerColumn,
                                       reportUnmatchedMetadataRows: sawFolder)
        let output = Ingestor().ingest(IngestionInput(files: paths, metadataFile: metadata, options: options))
        var out = StandardOutput()
        if json {
            let report = IngestReport(output)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            out.write(bytes: try encoder.encode(report))
            out.write("\n")
        } else {
            for t in output.transcripts {
                out.write("# \(t.source.path) [\(t.id)] (\(t.source.format.rawValue), \(t.source.encoding)): \(t.speakers.count) speakers, \(t.turns.count) turns\n")
                for s in t.speakers { out.write("#   speaker \(s.id) '\(s.label)': \(s.role.rawValue) (\(s.roleReason))\n") }
                for turn in t.turns {
                    let time = turn.startTime.map { " @\(IngestReport.clock($0))" } ?? ""
                    out.write("[\(turn.speakerID)|\(turn.role.rawValue)] line \(turn.sourceLine)\(time): \(t.text(of: turn))\n")
                }
                for coding in t.existingCodings {
                    out.write("#   coding '\(coding.codeName)' \(coding.range.scalars) by \(coding.coder ?? "?"): \(t.text(of: coding.range))\n")
                }
            }
        }
        out.flush()
        for d in leftOut { printError(d.description) }
        if !json {
            for d in output.diagnostics { printError(d.description) }
            for f in output.failures { printError("error: \(f.error)") }
        }
        if output.transcripts.isEmpty, !paths.isEmpty { throw ExitCode(3) }
        if !output.failures.isEmpty { throw ExitCode(2) }
    }
}

/// The `ingest --json` document (version 1).
struct IngestReport: Encodable {
    var version = 1
    var files: [File]
    /// Findings about the metadata sheet itself (unmatched or duplicate rows, ...).
    var metadataDiagnostics: [Diagnostic]
    var summary: Summary

    struct Summary: Encodable {
        var files: Int
        var read: Int
        var failed: Int
        var transcripts: Int
    }

    struct File: Encodable {
        var file: String
        /// `read` or `failed`.
        var status: String
        var format: String?
        var encoding: String?
        var error: String?
        var diagnostics: [Diagnostic]
        var transcripts: [TranscriptReport]
    }

    struct TranscriptReport: Encodable {
        var id: String
        var metadata: InterviewMetadata
        var textLinesAreSourceLines: Bool
        var speakers: [Speaker]
        var turns: [TurnReport]
        var existingCodings: [CodingReport]
    }

    struct TurnReport: Encodable {
        var index: Int
        var speaker: String
        var role: SpeakerRole
        /// Unicode-scalar offsets into the normalised text.
        var start: Int
        var end: Int
        var startTime: Double?
        var endTime: Double?
        var sourceLine: Int
        var text: String
    }

    struct CodingReport: Encodable {
        var codeID: String
        var code: String
        var start: Int
        var end: Int
        var coder: String?
        var text: String
    }

    init(_ output: IngestionOutput) {
        files = output.files.map { file in
            let transcripts = file.transcriptIndices.map { output.transcripts[$0] }.map { t in
                TranscriptReport(
                    id: t.id, metadata: t.metadata, textLinesAreSourceLines: t.source.textLinesAreSourceLines, speakers: t.speakers,
                    turns: t.turns.map { turn in
                        TurnReport(index: turn.index, speaker: turn.speakerID, role: turn.role, start: turn.span.start, end: turn.span.end,
                                   startTime: turn.startTime, endTime: turn.endTime, sourceLine: turn.sourceLine, text: String(t.text(of: turn)))
                    },
                    existingCodings: t.existingCodings.map { c in
                        CodingReport(codeID: c.codeID, code: c.codeName, start: c.range.scalars.start, end: c.range.scalars.end,
                                     coder: c.coder, text: String(t.text(of: c.range)))
                    })
            }
            return File(file: file.path, status: file.failure == nil ? "read" : "failed", format: file.format?.rawValue, encoding: file.encoding,
                        error: file.failure?.localizedDescription, diagnostics: file.diagnostics, transcripts: transcripts)
        }
        metadataDiagnostics = output.metadataDiagnostics
        summary = Summary(files: output.files.count, read: output.files.filter { $0.failure == nil }.count,
                          failed: output.failures.count, transcripts: output.transcripts.count)
    }

    /// `hh:mm:ss.s` for the text listing.
    static func clock(_ seconds: Double) -> String {
        let tenths = Int((seconds * 10).rounded())
        let s = tenths / 10
        return String(format: "%02d:%02d:%02d.%d", s / 3600, s / 60 % 60, s % 60, tenths % 10)
    }
}
