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
}
