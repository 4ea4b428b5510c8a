import Foundation
import LeitbildCore
import Testing

@Suite("Normalised text and offsets")
struct TextTests {
    @Test("CRLF and CR become LF; decomposed umlauts become NFC")
    func normalization() {
        #expect("a\r\nb\rc".normalizedForLeitbild == "a\nb\nc")
        let decomposed = "Mu\u{0308}hle"
        #expect(decomposed.normalizedForLeitbild == "Mühle")
        #expect(decomposed.normalizedForLeitbild.unicodeScalars.count == 5)
    }

    @Test("a CR before a combining mark, one character with it, becomes LF too", arguments: [
        ("a\r\u{308}b", "a\n\u{308}b"), ("a\r\n\u{308}b", "a\n\u{308}b"), ("\r\r\n\r", "\n\n\n"), ("\u{2029}\r\u{301}", "\u{2029}\n\u{301}"),
    ])
    func crBeforeCombiningMark(_ c: (String, String)) {
        #expect(c.0.normalizedForLeitbild.unicodeScalars.elementsEqual(c.1.unicodeScalars))
        #expect(!c.0.normalizedForLeitbild.utf8.contains(13))
    }

    @Test("LineIndex maps UTF-8 and scalar offsets to lines")
    func lineIndex() {
        let text = "Äpfel\nBirnen\n\nÜber"
        let index = LineIndex(text)
        #expect(index.lineCount == 4)
        #expect(index.line(atScalarOffset: 0) == 1)
        #expect(index.line(atScalarOffset: 6) == 2)
        #expect(index.line(atScalarOffset: 14) == 4)
        #expect(index.line(atUTF8Offset: 7) == 2)
    }

    @Test("TextBuilder counts scalars, not grapheme clusters")
    func builder() {
        var builder = TextBuilder()
        builder.append("👍🏽 ")
        let range = builder.append("Straße")
        #expect(range.scalars == SourceSpan(start: 3, end: 9))
        #expect(builder.text.slice(utf8: range.utf8) == "Straße")
    }

    @Test("diagnostics print as path:line:column: severity: message")
    func diagnosticFormat() {
        let d = Diagnostic(.warning, "unknown speaker label 'X'", file: "corpus/a.txt", line: 4, column: 1, hint: "label it I: or B:")
        #expect(d.description == "corpus/a.txt:4:1: warning: unknown speaker label 'X' (label it I: or B:)")
    }
}

@Suite("NFC quick check")
struct NFCQuickCheckTests {
    @Test("the quick check never skips text that NFC would change", arguments: [
        "Mu\u{0308}hle", "\u{2000}", "\u{2329}", "\u{212B}", "e\u{0301}", "\u{1100}\u{1161}",
    ])
    func changedByNFC(_ text: String) {
        #expect(!text.isKnownNFC)
        #expect(text.normalizedForLeitbild == text.precomposedStringWithCanonicalMapping)
    }

    @Test("German text with quotes, dashes, euro and emoji is known NFC", arguments: [
        "Grüße aus Schwarzenbach – „so“ 30 € 👍", "Straße", "plain ascii",
    ])
    func knownNFC(_ text: String) {
        #expect(text.isKnownNFC)
        #expect(text.normalizedForLeitbild == text)
    }
}

import Foundation

@Suite("File names of sources")
struct SourceFileNameTests {
    @Test("the last path component, as split(separator: \"/\") gives it", arguments: [
        ("corpus/transcripts/03-rehau.txt", "03-rehau.txt"),
        ("03-rehau.txt", "03-rehau.txt"),
        ("/abs/dir/Ünterwörth – Interview.docx", "Ünterwörth – Interview.docx"),
        ("dir/sub/", "sub"),
        ("dir//x.vtt", "x.vtt"),
        ("/", "/"),
        ("", ""),
    ])
    func fileName(_ path: String, _ expected: String) {
        let source = SourceDocument(path: path, format: .plainText, encoding: "UTF-8", byteCount: 0, textLinesAreSourceLines: true)
        #expect(source.fileName == expected)
        #expect(source.fileName == (path.split(separator: "/").last.map(String.init) ?? path))
    }
}

@Suite("Reading whole files")
struct FileBytesTests {
    @Test("a named pipe is refused at once instead of waiting for a writer")
    func namedPipe() throws {
        let path = NSTemporaryDirectory() + "leitbild-fifo-\(getpid())"
        unlink(path)
        #expect(mkfifo(path, 0o600) == 0)
        defer { unlink(path) }
        #expect(throws: FileBytes.Failure.notRegular(isFolder: false)) { try FileBytes.read(path) }
    }

    @Test("a folder and a missing file name their reason")
    func folderAndMissing() throws {
        #expect(throws: FileBytes.Failure.notRegular(isFolder: true)) { try FileBytes.read(NSTemporaryDirectory()) }
        #expect(throws: FileBytes.Failure.cannotOpen(errno: ENOENT)) { try FileBytes.read("/nonexistent/leitbild-x.txt") }
    }
}
