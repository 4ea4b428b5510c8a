import GermanText
import LeitbildCore
import Testing

@Suite("Tokenizer basics")
struct TokenizerTests {
    @Test("tokens plus the whitespace between them rebuild the input", arguments: [
        "Der Bus fährt z. B. um 8 Uhr.",
        "Bürger:innen (lacht) sagen [unv.] ... naja!",
        "  führende und folgende Leerzeichen  ",
        "👍🏽 Emoji und Straße",
    ])
    func rebuild(_ text: String) {
        let tokens = Tokenizer().tokenize(text)
        var rebuilt = ""
        var position = 0
        let scalars = Array(text.unicodeScalars)
        for token in tokens {
            rebuilt += String(String.UnicodeScalarView(scalars[position..<token.span.start]))
            rebuilt += token.text(in: text)
            position = token.span.end
        }
        rebuilt += String(String.UnicodeScalarView(scalars[position...]))
        #expect(rebuilt == text)
    }

    @Test("an abbreviation keeps its period and does not end the sentence")
    func abbreviation() {
        let text = "Das ist bzw. war so. Neuer Satz."
        let tokens = Tokenizer().tokenize(text)
        #expect(tokens.map { String($0.text(in: text)) }.contains("bzw."))
        var sentences: [Sentence] = []
        SentenceSplitter().split(text: text, tokens: tokens, range: 0..<tokens.count, into: &sentences)
        #expect(sentences.count == 2)
    }
}

@Suite("Normalisation for matching")
struct FoldingTests {
    @Test("umlauts and ß meet their spelled-out forms", arguments: [
        ("Mühle", "Muehle"), ("Straße", "Strasse"), ("ÖPNV", "OEPNV"), ("Ärzte", "aerzte"),
    ])
    func fold(_ pair: (String, String)) {
        #expect(Folding.key(pair.0) == Folding.key(pair.1))
    }

    @Test("Snowball German (libstemmer) stems like the classic 2009 vocabulary", arguments: [
        ("aalglatten", "aalglatt"), ("darüber", "darub"), ("häuser", "haus"),
    ])
    func snowball(_ pair: (String, String)) throws {
        let stemmer = try #require(SnowballStemmer())
        #expect(stemmer.stem(pair.0) == pair.1)
    }
}
