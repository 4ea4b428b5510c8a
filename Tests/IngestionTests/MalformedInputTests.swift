import Foundation
import Ingestion
import LeitbildCore
import Testing
import TestSupport

/// Broken and hostile files: each must fail (or warn) with a message that names the file, says
/// where (line or byte offset) and what to do, while the rest of the batch is still read.
@Suite("Malformed input: clear messages, the batch goes on", .scratchFolder)
struct MalformedInputTests {
    enum Content: Sendable {
        case text(String)
        case bytes([UInt8])
        case fixture(String)
        /// A TEI file whose entity points at a secret file written beside it.
        case externalEntity
    }

    enum Outcome: Sendable {
        /// The file fails; the message contains all fragments.
        case fails([String])
        /// The file is read with a warning whose text (with location) contains all fragments.
        case warns([String])
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var file: String
        var content: Content
        var outcome: Outcome
        var testDescription: String { name }
    }

    static let tei = ##"<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><profileDesc><particDesc><person xml:id="I" n="I"/><person xml:id="B" n="B"/></particDesc></profileDesc></teiHeader><text><body>"##

    static let cases: [Case] = [
        // Plain text
        Case(name: "txt: empty file", file: "empty.txt", content: .text(""), outcome: .fails(["empty.txt", "empty (0 bytes)", "Export it again"])),
        Case(name: "txt: binary garbage", file: "garbage.txt", content: .bytes([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48]),
             outcome: .fails(["garbage.txt", "byte 8", "binary file", "Export the transcript as .txt"])),
        Case(name: "txt: invalid UTF-8 after valid umlauts", file: "broken-utf8.txt",
             content: .bytes(Array("I: Grüß Gott.\nB: Sch".utf8) + [0xFC, 0x6E] + Array("e Grüße.\n".utf8)),
             outcome: .fails(["broken-utf8.txt", "line 2, byte 22", "not valid UTF-8", "save it as UTF-8"])),
        Case(name: "txt: UTF-16 cut in the middle of a character", file: "cut.txt", content: .bytes([0xFF, 0xFE, 0x49, 0x00, 0x3A]),
             outcome: .fails(["cut.txt", "byte 4", "odd number of bytes"])),
        Case(name: "txt: UTF-32", file: "u32.txt", content: .bytes([0xFF, 0xFE, 0, 0, 0x49, 0, 0, 0, 0x3A, 0, 0, 0]),
             outcome: .fails(["u32.txt", "encoded as UTF-32", "save it as UTF-8"])),
        Case(name: "xml: UTF-32 without a byte order mark", file: "u32.xml", content: .bytes([0, 0, 0, 0x3C, 0, 0, 0, 0x54]),
             outcome: .fails(["u32.xml", "encoded as UTF-32", "save it as UTF-8"])),
        Case(name: "txt: UTF-32 without a byte order mark", file: "u32le.txt", content: .bytes([0x49, 0, 0, 0, 0x3A, 0, 0, 0, 0x20, 0, 0, 0]),
             outcome: .fails(["u32le.txt", "encoded as UTF-32", "save it as UTF-8"])),
        Case(name: "xml: nested past libxml2's limit", file: "deep.xml",
             content: .text("<TEI>" + String(repeating: "<div>", count: 300) + "x" + String(repeating: "</div>", count: 300) + "</TEI>"),
             outcome: .fails(["deep.xml:1", "cannot read the XML: Excessive depth", "libxml2's limit, which Leitbild keeps for safety", "check that the file is a transcript"])),
        // Word
        Case(name: "docx: a password-protected or old Word file (OLE)", file: "protected.docx",
             content: .bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504)),
             outcome: .fails(["protected.docx", "an OLE file", "protected by a password", "Remove the password"])),
        Case(name: "docx: zip slip", file: "zip-slip.docx", content: .fixture("malformed/zip-slip.docx"),
             outcome: .fails(["zip-slip.docx", "refused for safety", "'../../evil.txt'", "path traversal"])),
        Case(name: "docx: zip bomb", file: "zip-bomb.docx", content: .fixture("malformed/zip-bomb.docx"),
             outcome: .fails(["zip-bomb.docx", "refused for safety", "word/document.xml", "zip bomb"])),
        Case(name: "docx: not a zip", file: "not-a-zip.docx", content: .fixture("malformed/not-a-zip.docx"),
             outcome: .fails(["not-a-zip.docx", "not a zip archive", "Save it again from Word"])),
        Case(name: "docx: truncated archive", file: "truncated.docx", content: .bytes([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00]),
             outcome: .fails(["truncated.docx", "the zip archive is damaged", "copy or export it again"])),
        Case(name: "docx: truncated XML inside", file: "truncated-xml.docx", content: .fixture("malformed/truncated-xml.docx"),
             outcome: .fails(["truncated-xml.docx/word/document.xml:", "not well-formed XML", "export it again"])),
        Case(name: "docx: empty file", file: "empty.docx", content: .text(""), outcome: .fails(["empty.docx", "not a zip archive"])),
        // Subtitles
        Case(name: "vtt: no WEBVTT header", file: "no-header.vtt", content: .text("1\n00:00:01.000 --> 00:00:02.000\nHallo\n"),
             outcome: .fails(["no-header.vtt:1", "must start with 'WEBVTT'", "SRT files end in .srt"])),
        Case(name: "vtt: unreadable timing", file: "bad-timing.vtt", content: .text("WEBVTT\n\n00:00:01.000 --> 00:0x:02.000\nHallo\n"),
             outcome: .fails(["bad-timing.vtt:3", "cannot read the cue timing", "00:01:02.340 --> 00:01:07.120"])),
        Case(name: "srt: cue without timing", file: "no-timing.srt", content: .text("1\n00:00:01,000 --> 00:00:02,000\nHallo\n\n2\nWelt\n"),
             outcome: .fails(["no-timing.srt:5", "expected a cue timing line", "give every cue a timing line"])),
        Case(name: "srt: binary garbage", file: "garbage.srt", content: .bytes([0x00, 0x01, 0x02, 0xFF, 0xFE, 0x00]),
             outcome: .fails(["garbage.srt", "binary file"])),
        // TEI
        Case(name: "TEI: truncated XML", file: "truncated.xml", content: .text(tei + "\n<u who=\"#I\">Wie geht es?</u>\n<u who=\"#B\">Gut"),
             outcome: .fails(["truncated.xml:3", "not well-formed XML", "cut off"])),
        // Found in a review: libxml2 gives content after the root element the code of a document
        // cut off, and the hint said so.
        Case(name: "TEI: content after the root element", file: "extra.xml",
             content: .text(tei + "\n<u who=\"#B\">Gut.</u></body></text></TEI>\n<extra/>\n"),
             outcome: .fails(["extra.xml:3", "Extra content at the end of the document", "follows the end of the document's root element"])),
        Case(name: "TEI: wrong namespace", file: "wrong-ns.xml", content: .text(##"<TEI xmlns="http://example.org/tei"><text><body><u who="#B">Hallo</u></body></text></TEI>"##),
             outcome: .fails(["wrong-ns.xml:1", "namespace 'http://example.org/tei'", "xmlns=\"http://www.tei-c.org/ns/1.0\""])),
        Case(name: "TEI: missing speaker reference", file: "missing-person.xml",
             content: .text(tei + "\n<u who=\"#I\">Wie geht es?</u>\n<u who=\"#X7\">Gut.</u></body></text></TEI>"),
             outcome: .warns(["missing-person.xml:3", "who=\"#X7\" refers to no <person", "add the person to <particDesc>"])),
        Case(name: "TEI: invalid UTF-8", file: "latin1.xml", content: .bytes(Array((tei + "<u who=\"#B\">Gr").utf8) + [0xFC, 0xDF] + Array("e</u></body></text></TEI>".utf8)),
             outcome: .fails(["latin1.xml:1", "not well-formed XML", "save the file as UTF-8"])),
        Case(name: "TEI: binary garbage", file: "garbage.xml", content: .bytes([0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00]),
             outcome: .fails(["garbage.xml", "not well-formed XML"])),
        Case(name: "TEI: empty file", file: "empty.xml", content: .text(""), outcome: .fails(["empty.xml", "Document is empty"])),
        Case(name: "TEI: external entity pointing at a local file", file: "xxe.xml", content: .externalEntity,
             outcome: .fails(["xxe.xml:2", "refused for safety", "declares XML entities", "local file disclosure"])),
        Case(name: "TEI: billion laughs", file: "lol.xml", content: .text(SafetyTests.billionLaughs),
             outcome: .fails(["lol.xml:3", "refused for safety", "declares XML entities", "Remove the <!DOCTYPE"])),
        // EXMARaLDA
        Case(name: "EXB: event outside the timeline", file: "bad-tli.exb",
             content: .text("<basic-transcription><head><speakertable><speaker id=\"S\"><abbreviation>B</abbreviation></speaker></speakertable></head><basic-body>\n<common-timeline><tli id=\"T0\"/></common-timeline>\n<tier id=\"t\" speaker=\"S\" type=\"t\">\n<event start=\"T0\" end=\"T9\">Hallo</event></tier></basic-body></basic-transcription>"),
             outcome: .fails(["bad-tli.exb:4", "'T9', which is not a <tli>", "Check structure"])),
        Case(name: "EXB: missing speaker reference", file: "no-speaker.exb",
             content: .text("<basic-transcription><head><speakertable/></head><basic-body>\n<common-timeline><tli id=\"T0\"/><tli id=\"T1\"/></common-timeline>\n<tier id=\"t\" speaker=\"SPK9\" type=\"t\"><event start=\"T0\" end=\"T1\">Hallo</event></tier></basic-body></basic-transcription>"),
             outcome: .warns(["no-speaker.exb:3", "'SPK9' is not in the <speakertable>", "add the speaker to the speaker table"])),
        Case(name: "EXB: wrong root element", file: "wrong-root.exb", content: .text("<?xml version=\"1.0\"?>\n<transcription/>"),
             outcome: .fails(["wrong-root.exb:2", "root element <transcription>", "Export the transcript as TEI"])),
        // Found in a workflow review: libxml2's last error ("Premature end of data" at the file's
        // end, "looks cut off") was shown, not the first, which names the tag left open.
        Case(name: "EXB: a tag left open", file: "open-tag.exb",
             content: .text("<basic-transcription><head><speakertable><speaker id=\"S1\"><abbreviation>B</abbreviation></speaker></speakertable></head>\n<basic-body><common-timeline><tli id=\"a\" time=\"0\"/><tli id=\"b\" time=\"1\"/></common-timeline>\n<tier id=\"t1\" speaker=\"S1\" type=\"t\"><event start=\"a\" end=\"b\">Der Bus fehlt.\n</tier>\n</basic-body>\n</basic-transcription>\n"),
             outcome: .fails(["open-tag.exb:4", "Opening and ending tag mismatch: event line 3 and tier"])),
        Case(name: "TEI: a namespace error before the tag left open", file: "ns-open.xml",
             content: .text("<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><text><body>\n<u who=\"#B\"><tei:seg>Ja.</tei:seg></u>\n<u who=\"#B\"><b>Der Bus</u>\n</body></text></TEI>\n"),
             outcome: .fails(["ns-open.xml:3", "Opening and ending tag mismatch: b line 3 and u"])),
        // ELAN
        Case(name: "EAF: missing time slot", file: "bad-slot.eaf",
             content: .text("<ANNOTATION_DOCUMENT><HEADER TIME_UNITS=\"milliseconds\"/><TIME_ORDER><TIME_SLOT TIME_SLOT_ID=\"ts1\" TIME_VALUE=\"0\"/></TIME_ORDER>\n<TIER TIER_ID=\"B\" PARTICIPANT=\"B\"><ANNOTATION>\n<ALIGNABLE_ANNOTATION ANNOTATION_ID=\"a1\" TIME_SLOT_REF1=\"ts1\" TIME_SLOT_REF2=\"ts2\"><ANNOTATION_VALUE>Hallo</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION></TIER></ANNOTATION_DOCUMENT>"),
             outcome: .fails(["bad-slot.eaf:3", "time slot 'ts2', which is not in <TIME_ORDER>", "save the file in ELAN"])),
        Case(name: "EAF: truncated XML", file: "truncated.eaf", content: .text("<ANNOTATION_DOCUMENT>\n<TIME_ORDER>\n<TIME_SLOT TIME_SLOT_ID=\"ts1\""),
             outcome: .fails(["truncated.eaf:3", "not well-formed XML"])),
        // REFI-QDA
        Case(name: "QDPX: zip slip", file: "zip-slip.qdpx", content: .fixture("malformed/zip-slip.qdpx"),
             outcome: .fails(["zip-slip.qdpx", "refused for safety", "sources/../../../etc/cron.d/x", "path traversal"])),
        Case(name: "QDPX: wrong namespace", file: "wrong-namespace.qdpx", content: .fixture("malformed/wrong-namespace.qdpx"),
             outcome: .fails(["wrong-namespace.qdpx/project.qde:2", "'urn:QDA-XML:codebook:1.0', not REFI-QDA's 'urn:QDA-XML:project:1.0'", "export the file again"])),
        Case(name: "QDPX: no project.qde", file: "no-project.qdpx", content: .fixture("malformed/no-project.qdpx"),
             outcome: .fails(["no-project.qdpx", "no project.qde", "Export it again as .qdpx"])),
        // CSV
        Case(name: "CSV: unclosed quote", file: "open-quote.csv", content: .text("id,text\n1,\"Der Bus fehlt.\n2,Mehr Radwege\n"),
             outcome: .fails(["open-quote.csv:2", "never closed", "Close the quote"])),
        Case(name: "CSV: no text column", file: "no-text.csv", content: .text("id,gruppe\n1,Jugend\n"),
             outcome: .fails(["no-text.csv:1", "no text column found", "'id', 'gruppe'", "--text-column"])),
        Case(name: "CSV: empty file", file: "empty.csv", content: .text(""), outcome: .fails(["empty.csv", "empty (0 bytes)"])),
    ]

    @Test("message names file, place and remedy; the good file of the batch is still read", arguments: cases)
    func batch(_ c: Case) throws {
        let folder = try TempFolder()
        let bad: String
        switch c.content {
        case let .text(text): bad = try folder.write(c.file, text)
        case let .bytes(bytes): bad = try folder.write(c.file, Data(bytes))
        case let .fixture(path): bad = try folder.write(c.file, try Data(contentsOf: URL(fileURLWithPath: Paths.fixture(path))))
        case .externalEntity: bad = try folder.write(c.file, SafetyTests.externalEntity(pointingAt: try SafetyTests.secretFile(in: folder)))
        }
        let good = try folder.write("good.txt", "I: Wie geht es?\n\nB: Gut.\n")
        let output = Ingestor().ingest(IngestionInput(files: [bad, good]))
        #expect(output.files.map(\.path) == [bad, good])
        #expect(output.files[1].failure == nil)
        #expect(output.transcripts.contains { $0.source.path == good && $0.turns.count == 2 })
        // Nothing outside the batch's files ever reaches the output.
        #expect(!output.transcripts.contains { $0.text.contains(SafetyTests.secret) })
        #expect(!output.failures.contains { $0.error.contains(SafetyTests.secret) })
        switch c.outcome {
        case let .fails(fragments):
            let failure = try #require(output.failures.first, "expected \(c.file) to fail")
            #expect(failure.file == bad)
            #expect(output.failures.count == 1)
            for fragment in fragments {
                #expect(failure.error.contains(fragment), "'\(fragment)' not in: \(failure.error)")
            }
            #expect(failure.error.contains(folder.path), "the message names the file by its path")
        case let .warns(fragments):
            #expect(output.failures.isEmpty, "unexpected failure: \(output.failures)")
            let texts = output.files[0].diagnostics.map(\.description)
            #expect(texts.contains { text in fragments.allSatisfy { text.contains($0) } }, "no diagnostic with \(fragments) in \(texts)")
            #expect(output.transcripts.contains { $0.source.path == bad && !$0.turns.isEmpty })
        }
    }

    struct SlashCase: Sendable, CustomTestStringConvertible {
        var name: String
        /// The file's name in the folder, nil when there is no such file.
        var file: String?
        var text: String
        /// The path after the folder, as typed.
        var typed: String
        /// A fragment of the failure, or nil when the file is read.
        var failure: String?
        var format: SourceFormat?
        var id: String?
        var testDescription: String { name }
    }

    static let slashCases: [SlashCase] = [
        SlashCase(name: "a file without extension", file: "é", text: "I: Was fehlt?\n\nB: Ein Bus.\n", typed: "//é",
                  failure: "the file name has no extension"),
        SlashCase(name: "a missing file", file: nil, text: "", typed: "//é", failure: "cannot read the file"),
        SlashCase(name: "a survey CSV after six slashes", file: "é.csv", text: "id,text\n7,Wir brauchen mehr Busse\n", typed: "//////é.csv",
                  format: .csv, id: "7"),
        SlashCase(name: "a plain text after six slashes", file: "ü.txt", text: "I: Was fehlt?\n\nB: Ein Bus.\n", typed: "//////ü.txt",
                  format: .plainText, id: "ü"),
    ]

    /// On Linux `NSString`'s `pathExtension` traps on paths like these (a last letter beyond ASCII
    /// after a doubled slash; a short name after six slashes): `leitbild ingest DIR//é` stopped
    /// the batch, in the choice of format (also for a missing file, whose failure names its
    /// format) and in the CSV reader's choice of delimiter.
    @Test("a path typed with doubled slashes before a last letter beyond ASCII: read or refused, the batch goes on", arguments: slashCases)
    func doubledSlash(_ c: SlashCase) throws {
        let folder = try TempFolder()
        if let file = c.file { try folder.write(file, c.text) }
        let typed = folder.path + c.typed
        let good = try folder.write("good.txt", "I: Wie geht es?\n\nB: Gut.\n")
        let output = Ingestor().ingest(IngestionInput(files: [typed, good]))
        #expect(output.files.map(\.path) == [typed, good])
        #expect(output.transcripts.contains { $0.source.path == good && $0.turns.count == 2 })
        if let failure = c.failure {
            #expect(output.failures.map(\.file) == [typed])
            #expect(output.failures.first?.error.contains(failure) == true, "\(output.failures)")
        } else {
            #expect(output.failures.isEmpty, "\(output.failures)")
            let transcript = try #require(output.transcripts.first { $0.source.path == typed })
            #expect(transcript.source.format == c.format)
            #expect(transcript.id == c.id)
        }
    }

    /// A file Leitbild cannot tell the format of is refused with what it found: the extension, or
    /// that there is none (before, "unknown file type '.'").
    @Test("a file of an unknown type is refused naming its extension, or saying it has none", arguments: [
        ("Notizen.pdf", "unknown file type '.pdf'"),
        ("Notizen", "the file name has no extension"),
        ("Notizen.", "the file name has no extension"),
    ])
    func unknownType(_ c: (String, String)) throws {
        let folder = try TempFolder()
        let path = try folder.write(c.0, "I: Was fehlt?\n\nB: Ein Bus.\n")
        let output = Ingestor().ingest(IngestionInput(files: [path]))
        #expect(output.failures.map(\.error) == ["\(path): \(c.1). Use .txt, .docx, .vtt, .srt, .xml/.tei (TEI), .exb, .eaf, .qdpx, .csv or .tsv."])
    }
}
