import Foundation
import Ingestion
import LeitbildCore
import Testing
import TestSupport

@Suite("Encodings: detected, decoded, reported", .scratchFolder)
struct EncodingTests {
    static let text = "I: Grüße aus Schwarzenbach – „Mühle“ 5 €?\r\n\r\nB: Ja, groß.\r\n"

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: [UInt8]
        var encoding: String
        var note: Bool
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "UTF-8", bytes: Array(text.utf8), encoding: "UTF-8", note: false),
        Case(name: "UTF-8 with BOM", bytes: [0xEF, 0xBB, 0xBF] + Array(text.utf8), encoding: "UTF-8 with BOM", note: false),
        Case(name: "UTF-16LE with BOM", bytes: [0xFF, 0xFE] + Array(text.data(using: .utf16LittleEndian)!), encoding: "UTF-16LE", note: false),
        Case(name: "UTF-16BE with BOM", bytes: [0xFE, 0xFF] + Array(text.data(using: .utf16BigEndian)!), encoding: "UTF-16BE", note: false),
        Case(name: "UTF-16LE without BOM", bytes: Array(text.data(using: .utf16LittleEndian)!), encoding: "UTF-16LE", note: true),
        Case(name: "Windows-1252", bytes: Array(text.data(using: .windowsCP1252)!), encoding: "Windows-1252", note: true),
        Case(name: "Mac OS Roman", bytes: macRoman(text), encoding: "Mac OS Roman", note: true),
    ]

    /// Mac OS Roman bytes of a text of ASCII and the letters below (Foundation's `.macOSRoman`
    /// maps other bytes on Linux).
    static func macRoman(_ text: String) -> [UInt8] {
        let high: [Character: UInt8] = ["ä": 0x8A, "ö": 0x9A, "ü": 0x9F, "ß": 0xA7, "Ü": 0x86, "–": 0xD0, "„": 0xE3, "“": 0xD2, "€": 0xDB, "§": 0xA4]
        return text.unicodeScalars.flatMap { $0.isASCII ? [UInt8($0.value)] : [high[Character($0)]!] }
    }

    @Test("every encoding reads to the same normalised text", arguments: cases)
    func decode(_ c: Case) throws {
        let folder = try TempFolder()
        let (t, diagnostics) = try readOne(try folder.write("e.txt", Data(c.bytes)))
        #expect(t.source.encoding == c.encoding)
        #expect(t.text == "I: Grüße aus Schwarzenbach – „Mühle“ 5 €?\n\nB: Ja, groß.\n")
        #expect(t.turnTexts == ["Grüße aus Schwarzenbach – „Mühle“ 5 €?", "Ja, groß."])
        #expect(diagnostics.contains { $0.severity == .note && $0.message.contains(c.encoding) } == c.note)
    }

    @Test("decomposed umlauts (macOS) are composed; offsets count the composed text")
    func nfd() throws {
        let t = try readText("B: Mu\u{0308}nchberg und Gefa\u{0308}hrdung.\n").0
        #expect(t.text == "B: Münchberg und Gefährdung.\n")
        #expect(t.turns[0].span == SourceSpan(start: 3, end: 28))
    }

    @Test("a Windows-1252 note names the first non-UTF-8 byte and its line")
    func windowsNote() throws {
        let folder = try TempFolder()
        let file = try folder.write("w.txt", Data("I: Frage?\n\nB: Grüße.\n".data(using: .windowsCP1252)!))
        let diagnostics = try readOne(file).1
        #expect(diagnostics.map(\.description).contains("\(file):3: note: not UTF-8 (byte 16 on line 3); read as Windows-1252 (save as UTF-8 to avoid guessing)"))
    }

    /// Found in a first-day review: a transcript from an old Mac tool came out as "Stra§e" and
    /// "fŸr". Windows-1252's "§" and a Czech "Š" alone do not make a file Mac OS Roman.
    @Test("Mac OS Roman is told from Windows-1252 by its umlauts", arguments: [
        ("Mac OS Roman", macRoman("I: Gibt es Probleme?\n\nB: Die Straße für die Schüler ist gefährlich.\n"),
         "I: Gibt es Probleme?\n\nB: Die Straße für die Schüler ist gefährlich.\n"),
        ("Windows-1252", Array("I: Gibt es Regeln?\n\nB: Nach § 5 und § 7, sagt Frau Šimek, für die Straße.\n".data(using: .windowsCP1252)!),
         "I: Gibt es Regeln?\n\nB: Nach § 5 und § 7, sagt Frau Šimek, für die Straße.\n"),
        ("Windows-1252", Array("I: Wer?\n\nB: Frau Šimek und Frau Šustrová, die Nachbarin von Frau Müller.\n".data(using: .windowsCP1252)!),
         "I: Wer?\n\nB: Frau Šimek und Frau Šustrová, die Nachbarin von Frau Müller.\n"),
    ])
    func macRomanOrWindows(_ c: (encoding: String, bytes: [UInt8], text: String)) throws {
        let folder = try TempFolder()
        let (t, diagnostics) = try readOne(try folder.write("m.txt", Data(c.bytes)))
        #expect(t.source.encoding == c.encoding)
        #expect(t.text == c.text)
        #expect(diagnostics.contains { $0.severity == .note && $0.message.contains(c.encoding) })
    }

    @Test("the line of the first non-UTF-8 byte counts LF, CRLF and CR alone", arguments: [
        ("I: Frage?\n\nB: Grüße.\n", 3), ("I: Frage?\r\n\r\nB: Grüße.\r\n", 3), ("I: Frage?\r\rB: Grüße.\r", 3),
        ("I: Frage?\r\r\n\nB: Grüße.", 4),
    ])
    func windowsNoteLine(_ c: (String, Int)) throws {
        let folder = try TempFolder()
        let file = try folder.write("w.txt", Data(c.0.data(using: .windowsCP1252)!))
        let diagnostics = try readOne(file).1
        #expect(diagnostics.contains { $0.line == c.1 && $0.message.contains("on line \(c.1))") }, "\(diagnostics)")
    }
}
