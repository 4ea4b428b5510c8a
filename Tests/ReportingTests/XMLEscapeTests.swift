import Foundation
import LeitbildCore
@testable import Reporting
import Testing

/// Text in project.qde's attributes and elements: markup characters and line breaks escaped,
/// what XML 1.0 forbids (controls, U+FFFE, U+FFFF) dropped, everything else as it is.
@Suite("XML escaping for project.qde")
struct XMLEscapeTests {
    @Test("escaped, dropped or kept", arguments: [
        ("Mobilität: Bus [word]", "Mobilität: Bus [word]"),
        ("Teilhabe & Inklusion: Bus [word]", "Teilhabe &amp; Inklusion: Bus [word]"),
        ("<b>\"fett\"</b> & 'so'", "&lt;b&gt;&quot;fett&quot;&lt;/b&gt; &amp; 'so'"),
        ("Zeile 1\nZeile 2\tTab\r", "Zeile 1&#10;Zeile 2&#9;Tab&#13;"),
        ("a\u{0}b\u{1}c\u{1F}d\u{7F}e", "abcd\u{7F}e"),
        ("x\u{FFFE}y\u{FFFF}z & ü", "xyz &amp; ü"),
        ("\u{FFFD} \u{FEFF} \u{EFFF} ﬁ & 😀", "\u{FFFD} \u{FEFF} \u{EFFF} ﬁ &amp; 😀"),
        ("ends in U+FFFF\u{FFFF}", "ends in U+FFFF"),
        ("&", "&amp;"),
        ("", ""),
    ])
    func escape(text: String, expected: String) {
        #expect(XML.escape(text) == expected)
        #expect(XML.escape(text[...]) == expected)
    }

    /// Random texts from an alphabet of what matters: markup characters, line breaks, controls,
    /// U+FFFE/U+FFFF and their neighbours, umlauts, an emoji. Unescaping the result gives the text
    /// without the characters XML forbids, and the result has no raw markup character or control.
    @Test("unescaped, the result is the text less what XML forbids", arguments: 0..<8)
    func roundTrip(seed: Int) {
        let alphabet: [Unicode.Scalar] = ["a", "Z", " ", "&", "<", ">", "\"", "'", "\n", "\t", "\r", "\u{0}", "\u{1B}", "\u{7F}",
                                          "\u{FFFD}", "\u{FFFE}", "\u{FFFF}", "\u{FEFF}", "\u{EFBF}", "ä", "ß", "€", "😀"]
        var random = SplitMix64(seed: UInt64(seed))
        for _ in 0..<200 {
            var text = String.UnicodeScalarView()
            for _ in 0..<Int(random.next() % 24) { text.append(alphabet[Int(random.next() % UInt64(alphabet.count))]) }
            let original = String(text)
            let escaped = XML.escape(original)
            #expect(!escaped.unicodeScalars.contains { $0.value < 0x20 || $0 == "<" || $0 == ">" || $0 == "\"" }, "\(escaped.debugDescription)")
            var unescaped = escaped
            for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#10;", "\n"), ("&#9;", "\t"), ("&#13;", "\r"), ("&amp;", "&")] {
                unescaped = unescaped.replacingOccurrences(of: entity, with: character)
            }
            let allowed = String(String.UnicodeScalarView(original.unicodeScalars.filter {
                !($0.value < 0x20 && $0 != "\n" && $0 != "\t" && $0 != "\r") && $0.value != 0xFFFE && $0.value != 0xFFFF
            }))
            #expect(unescaped == allowed, "\(original.debugDescription)")
        }
    }
}
