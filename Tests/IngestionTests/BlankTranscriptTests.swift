import Foundation
import Ingestion
import LeitbildCore
import Testing
import TestSupport

/// A transcript of only white space is no interview: it would count in every "N of M interviews"
/// of the reports. A file of one fails, named, like any unreadable file (exit code 2); a file of
/// many documents leaves such a member out with a warning.
@Suite("Blank transcripts: failed inputs, not interviews", .scratchFolder)
struct BlankTranscriptTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var file: String
        var bytes: [UInt8]
        var testDescription: String { file }
        init(_ file: String, _ text: String) { (self.file, self.bytes) = (file, Array(text.utf8)) }
        init(_ file: String, bytes: [UInt8]) { (self.file, self.bytes) = (file, bytes) }
    }

    static let message = "contains no text (the transcript is empty, only white space or only speaker labels). Export the transcript again, or remove the file."

    @Test("a file of only white space fails with a message naming it; the good file of the batch is read", arguments: [
        Case("spaces.txt", "   "),
        Case("lines.txt", "\n\n\n"),
        Case("mixed.txt", " \t\n \r\n\t\t\r"),
        Case("nbsp.txt", "\u{00A0}\u{2003}\n"),
        Case("bom.txt", bytes: [0xEF, 0xBB, 0xBF, 0x20, 0x0A]),
        Case("utf16.txt", bytes: [0xFF, 0xFE, 0x20, 0x00, 0x0A, 0x00]),
        Case("notes.md", "\n \n"),
        Case("plain.text", "\t"),
        Case("header-only.vtt", "WEBVTT\n\n"),
        Case("cue-without-words.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n \n"),
        // Speaker labels with nothing said.
        Case("labels-only.txt", "I:\n\nB:\n"),
        Case("label-only.txt", "B: \n"),
        Case("voices-only.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Anna Roth></v>\n"),
    ])
    func whiteSpaceOnly(_ c: Case) throws {
        let folder = try TempFolder()
        let blank = try folder.write(c.file, Data(c.bytes))
        let good = try folder.write("good.txt", "I: Wie geht es?\n\nB: Gut.\n")
        let output = Ingestor().ingest(IngestionInput(files: [blank, good]))
        #expect(output.failures == [IngestionFailure(file: blank, error: "\(blank): \(Self.message)")])
        #expect(output.transcripts.map(\.source.path) == [good])
        #expect(output.files.first?.failure == .noText(file: blank))
    }

    @Test("an empty file keeps its own message (0 bytes)", arguments: ["empty.txt", "empty.md", "empty.srt"])
    func zeroBytes(_ name: String) throws {
        let folder = try TempFolder()
        let output = Ingestor().ingest(IngestionInput(files: [try folder.write(name, "")]))
        #expect(output.failures.count == 1)
        #expect(output.failures.first?.error.contains("the file is empty (0 bytes)") == true)
        #expect(output.transcripts.isEmpty)
    }

    @Test("a file with one visible character is read", arguments: ["B: Ja.", "  .  ", "\n\nx\n"])
    func notBlank(_ text: String) throws {
        let folder = try TempFolder()
        let output = Ingestor().ingest(IngestionInput(files: [try folder.write("t.txt", text)]))
        #expect(output.failures.isEmpty)
        #expect(output.transcripts.count == 1)
    }

    static func project(_ sources: [String]) -> String {
        let items = sources.enumerated().map { i, text in
            "<TextSource guid=\"6F1B2A3C-0000-4000-8000-00000000000\(i)\" name=\"i\(i)\"><PlainTextContent>\(text)</PlainTextContent></TextSource>"
        }
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"p\"><Sources>"
            + items.joined() + "</Sources></Project>\n"
    }

    @Test("a file of many documents: a blank one is left out with a warning, the file fails when all are", arguments: [
        (["B: Der Bus fehlt.", "  \n ", "B: Die Bahn auch."], ["i0", "i2"], ["i1"]),
        (["\n", " "], [], ["i0", "i1"]),
    ] as [([String], [String], [String])])
    func manyDocuments(_ sources: [String], _ kept: [String], _ blank: [String]) throws {
        let folder = try TempFolder()
        let path = try folder.write("project.qde", Self.project(sources))
        let output = Ingestor().ingest(IngestionInput(files: [path]))
        #expect(output.transcripts.map(\.id) == kept)
        if kept.isEmpty {
            #expect(output.failures == [IngestionFailure(file: path, error: "\(path): \(Self.message)")])
        } else {
            #expect(output.failures.isEmpty)
            let warnings = output.diagnostics.filter { $0.message.contains("contains no spoken text; left out of the analysis") }
            #expect(warnings.map(\.message) == blank.map { "'\($0)' contains no spoken text; left out of the analysis" })
            #expect(warnings.allSatisfy { $0.severity == .warning && $0.file == path })
        }
    }
}
