import LeitbildCore
import Testing

@Suite("Text for the terminal")
struct TerminalTextTests {
    @Test("control characters and bidirectional overrides are written out; other text stays", arguments: [
        ("transcripts/Grüße – „Mühle“.txt: note", "transcripts/Grüße – „Mühle“.txt: note"),
        ("a\tb\nc", "a\tb\nc"),
        ("evil\u{1B}[2J.txt", "evil\\u{1B}[2J.txt"),
        ("cr\rbell\u{07}del\u{7F}c1\u{9B}", "cr\\u{D}bell\\u{7}del\\u{7F}c1\\u{9B}"),
        ("txt.\u{202E}fdp", "txt.\\u{202E}fdp"),
        ("\u{2066}x\u{2069}", "\\u{2066}x\\u{2069}"),
    ])
    func safe(_ c: (String, String)) {
        #expect(TerminalText.safe(c.0) == c.1)
    }
}
