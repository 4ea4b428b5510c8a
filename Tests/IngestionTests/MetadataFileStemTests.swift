import Foundation
@testable import Ingestion
import LeitbildCore
import Testing
import TestSupport

/// A sheet's `file` cell without the file's extension (`01-landratsamt-digitalisierung` for
/// `01-landratsamt-digitalisierung.txt`): joined with the one file of that stem, never with two.
/// Found in a first-day review: no row matched, 36 warnings, and summary.md said the metadata
/// named no group.
@Suite("Metadata sheet: file names without extension", .scratchFolder)
struct MetadataFileStemTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        /// The sheet's rows: file cell and group, from line 2 on.
        var rows: [(file: String, group: String)]
        var files: [String]
        /// Each file's group after the join (nil: no row).
        var groups: [String: String?]
        /// Each ambiguity warning: its line and the files it names.
        var ambiguous: [(line: Int, files: String)] = []
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "a stem names the one file that has it", rows: [("01-landratsamt-digitalisierung", "Verwaltung"), ("02-naila", "Politik")],
             files: ["01-landratsamt-digitalisierung.txt", "02-naila.md"],
             groups: ["01-landratsamt-digitalisierung.txt": "Verwaltung", "02-naila.md": "Politik"]),
        Case(name: "in any letter case, as file names are", rows: [("01-Landratsamt", "Verwaltung")],
             files: ["01-landratsamt.text"], groups: ["01-landratsamt.text": "Verwaltung"]),
        Case(name: "a stem with a dot in it", rows: [("Interview Dr. Meier", "Wirtschaft")],
             files: ["Interview Dr. Meier.txt"], groups: ["Interview Dr. Meier.txt": "Wirtschaft"]),
        Case(name: "a stem two files have is joined with neither, with a warning naming both", rows: [("x", "Jugend"), ("01-a", "Politik")],
             files: ["01-a.txt", "01-a.md"], groups: ["01-a.txt": nil, "01-a.md": nil], ambiguous: [(3, "01-a.md, 01-a.txt")]),
        Case(name: "the full name is preferred, also on a later line", rows: [("01-a", "Politik"), ("01-a.txt", "Jugend")],
             files: ["01-a.txt"], groups: ["01-a.txt": "Jugend"]),
        Case(name: "a stem beside a full name: the other file of that stem takes it", rows: [("01-a.txt", "Jugend"), ("01-a", "Politik")],
             files: ["01-a.txt", "01-a.md"], groups: ["01-a.txt": "Jugend", "01-a.md": "Politik"]),
        Case(name: "a name with another extension a reader takes is a full name, not a stem", rows: [("01-a.docx", "Jugend")],
             files: ["01-a.txt"], groups: ["01-a.txt": nil]),
    ]

    @Test("joined by stem with the one file of that stem; ambiguity joins none and is named", arguments: cases)
    func join(_ c: Case) throws {
        let folder = try TempFolder()
        let sheet = try folder.write("metadata.csv", "file,group\n" + c.rows.map { "\($0.file),\($0.group)\n" }.joined())
        let files = try c.files.map { try folder.write($0, "I: Was fehlt?\n\nB: Ein Bus.\n") }
        let output = Ingestor().ingest(IngestionInput(files: files, metadataFile: sheet))
        for (file, transcript) in zip(c.files, output.transcripts) {
            #expect(transcript.metadata.group == c.groups[file] ?? nil, "\(file)")
        }
        #expect(output.transcripts.count == c.files.count)
        let warnings = output.metadataDiagnostics.filter { $0.message.contains("has no extension") }
        #expect(warnings.map(\.line) == c.ambiguous.map(\.line))
        for (warning, expected) in zip(warnings, c.ambiguous) {
            #expect(warning.severity == .warning)
            #expect(warning.file == sheet)
            #expect(warning.message.contains("transcript files have that name: \(expected.files); the row is joined with none of them"), "\(warning.message)")
            #expect(warning.hint?.contains("write the file name with its extension") == true)
        }
        // A file joined by its stem has no "no row" warning; its row is no unmatched row.
        let joined = c.groups.filter { $0.value != nil }.keys
        #expect(!output.diagnostics.contains { d in joined.contains { d.message.contains("no row for '\($0)'") } })
        let unmatched = output.metadataDiagnostics.filter { $0.message.contains("matches no transcript file") }
        #expect(Set(output.transcripts.compactMap(\.metadata.origin)).count + unmatched.count == c.rows.count)
    }
}
