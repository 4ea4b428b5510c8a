import Foundation
@testable import GermanText
import LeitbildCore
import Testing

// Properties that hold for any text: tokens plus whitespace rebuild it, and feeding it in
// chunks of any size (even splitting a character's bytes) gives the tokens and sentences of
// feeding it whole (as swift-nio's ByteToMessageDecoderVerifier checks decoders).

enum PropertyTexts {
    /// Many phenomena in little text, with multi-byte characters everywhere.
    static let dense = """
        I: Wie läuft’s bei Ihnen mit der Smart-City-Strategie? #00:00:05-2#

        B: Also (lacht) die Bürger:innen, z. B. im Ortsteil, wollen Rad- und Fußwege. Die Bürger*innen \
        bzw. BürgerInnen sagen: „Das fehlt!“ Am 3. Oktober 2024 um 20.00 Uhr kamen ca. 2.000 Leute, \
        d.h. 30 % mehr als 2023. Das kostete 2,5 Mio. € [unv.] und 14,-- pro Kopf. Siehe www.hoferland.digital \
        oder info@landkreis-hof.de :-) 👍🏽 🇩🇪 #Digitalisierung @LandkreisHof… Naja... (...) ((räuspert sich)) \
        Lehrer/-innen, Schüler(innen), jede*r. Der 2. Punkt: 03.10.2024, 20:15, 00:01:23. Digi\u{AD}tal\u{200B}isierung \
        ``Zitat'' ,,Zitat'' »Zitat« ‚so‘ – gut -- sehr gut!!! Wirklich?! Klaus' Auto, geht's, 's gut. \
        Nr. 14. Wir sind 142. Dann Dr. Seuß & Co. usw. Ende (3 Sek.) [Name] (CDU) km/h 70er 3D-Drucker. #00:01:23-4#

        """

    /// The demo transcripts and the pipeline fixtures (decoded as UTF-8, bad bytes replaced),
    /// then GSD dev: about 300 KB of real text.
    static var large: String {
        var parts: [String] = []
        let root = SharedData.packageRoot
        for folder in ["corpus/transcripts", "Tests/PipelineTests/Fixtures/project/transcripts"] {
            let dir = root.appendingPathComponent(folder)
            let files = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
            for name in files.sorted() where name.hasSuffix(".txt") {
                if let data = try? Data(contentsOf: dir.appendingPathComponent(name)) {
                    parts.append(String(decoding: data, as: UTF8.self).normalizedForLeitbild)
                }
            }
        }
        if let gsd = SharedData.gsdText("de_gsd-ud-dev.conllu") { parts.append(gsd) }
        return parts.joined(separator: "\n\n")
    }

    /// Feeds `text` to a token stream in chunks of `size` bytes.
    static func streamed(_ text: String, tokenizer: Tokenizer, chunk size: Int, batch: Int? = nil) -> [Token] {
        var stream = batch.map { TokenStream(tokenizer: tokenizer, batch: $0) } ?? TokenStream(tokenizer: tokenizer)
        var tokens: [Token] = []
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            stream.feed(bytes[i..<min(i + size, bytes.count)], into: &tokens)
            i += size
        }
        stream.finish(into: &tokens)
        return tokens
    }

    /// Sentences as arrays of tokens, from a sentence stream fed in chunks of `size` bytes.
    static func streamedSentences(_ text: String, mode: Tokenizer.Mode, chunk size: Int, batch: Int?) -> [[Token]] {
        let tokenizer = Tokenizer(mode: mode)
        let splitter = SentenceSplitter(conventions: mode == .standard ? .standard : .universalDependencies)
        var stream = batch.map { SentenceStream(tokenizer: tokenizer, splitter: splitter, batch: $0) }
            ?? SentenceStream(tokenizer: tokenizer, splitter: splitter)
        var result: [[Token]] = []
        let collect = { (batch: SentenceBatch) in
            for s in batch.sentences { result.append(Array(batch.tokens[s.tokens])) }
        }
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            stream.feed(bytes[i..<min(i + size, bytes.count)], collect)
            i += size
        }
        stream.finish(collect)
        return result
    }

    /// Where two token lists first differ, briefly ("" when equal).
    static func firstDifference(_ a: [Token], _ b: [Token], in text: String) -> String {
        for (k, (x, y)) in zip(a, b).enumerated() where x != y {
            return "token \(k): '\(x.text(in: text))' \(x.kind) \(x.range.scalars) vs '\(y.text(in: text))' \(y.kind) \(y.range.scalars)"
        }
        return a.count == b.count ? "" : "\(a.count) tokens vs \(b.count)"
    }

    static func wholeSentences(_ text: String, mode: Tokenizer.Mode) -> [[Token]] {
        let tokens = Tokenizer(mode: mode).tokenize(text)
        var sentences: [Sentence] = []
        SentenceSplitter(conventions: mode == .standard ? .standard : .universalDependencies)
            .split(text: text, tokens: tokens, range: 0..<tokens.count, into: &sentences)
        return sentences.map { Array(tokens[$0.tokens]) }
    }
}

extension Token {
    /// A marker between sentences when comparing flattened sentence lists.
    static let sentenceEnd = Token(kind: .symbol, range: TextRange(scalars: SourceSpan(start: 0, end: 0), utf8: 0..<0), spaceAfter: false)
}

@Suite("Property: tokens plus whitespace rebuild the input")
struct RebuildPropertyTests {
    @Test(arguments: Tokenizer.Mode.allCases)
    func dense(_ mode: Tokenizer.Mode) {
        let text = PropertyTexts.dense
        #expect(TokenizerCheck.rebuildProblems(text, Tokenizer(mode: mode).tokenize(text)) == [])
    }

    @Test(arguments: Tokenizer.Mode.allCases)
    func large(_ mode: Tokenizer.Mode) {
        let text = PropertyTexts.large
        #expect(text.utf8.count > 100_000)
        let problems = TokenizerCheck.rebuildProblems(text, Tokenizer(mode: mode).tokenize(text))
        #expect(problems.isEmpty, "\(problems.prefix(5))")
    }

    @Test("odd input: control characters, lone marks, invalid-looking punctuation, only spaces", arguments: [
        "", " ", "\n\n\t ", "\u{301}abc", "a\u{0}b", "((((", "))))", "....", "#", "@", "'", "``", "-", "–––",
        "\u{FEFF}", "\u{200B}\u{200B}x", "x\u{AD}", "🇩", "👨‍", "a-", "-a", "1.", ".1", "1,", "(lacht", "[unv.",
        String(repeating: "a", count: 10_000), String(repeating: "(", count: 300) + "x",
    ])
    func odd(_ text: String) {
        for mode in Tokenizer.Mode.allCases {
            #expect(TokenizerCheck.rebuildProblems(text, Tokenizer(mode: mode).tokenize(text)) == [])
        }
    }

    @Test("a range of a text gives the tokens of that range, with offsets into the text")
    func range() {
        let text = "Vorspann. Der Bürger:innen-Rat tagt z. B. am 3. Oktober (lacht). Nachspann."
        let start = text.utf8.firstIndex(of: UInt8(ascii: "D"))!
        let end = text.utf8.lastIndex(of: UInt8(ascii: "N"))!
        let a = text.utf8.distance(from: text.utf8.startIndex, to: start)
        let b = text.utf8.distance(from: text.utf8.startIndex, to: end)
        let range = TextRange(scalars: SourceSpan(start: text[..<start].unicodeScalars.count, end: text[..<end].unicodeScalars.count),
                              utf8: a..<b)
        var tokens: [Token] = []
        Tokenizer().tokenize(text, range: range, into: &tokens)
        let sub = String(text[start..<end])
        let alone = Tokenizer().tokenize(sub)
        #expect(tokens.map { String($0.text(in: text)) } == alone.map { String($0.text(in: sub)) })
        #expect(tokens.first?.range.scalars.start == range.scalars.start)
    }
}

@Suite("Property: chunked input gives the tokens of whole input")
struct ChunkPropertyTests {
    @Test("dense text, every chunk size, scanning after every chunk", arguments: [1, 2, 3, 5, 7, 13, 64, 1000, 4099])
    func denseEagerScan(_ size: Int) {
        let text = PropertyTexts.dense
        for mode in Tokenizer.Mode.allCases {
            let tokenizer = Tokenizer(mode: mode)
            let diff = PropertyTexts.firstDifference(PropertyTexts.streamed(text, tokenizer: tokenizer, chunk: size, batch: 1),
                                                     tokenizer.tokenize(text), in: text)
            #expect(diff == "")
        }
    }

    @Test("dense text repeated, batched scanning", arguments: [1, 3, 17, 509, 4096, 65536])
    func denseBatched(_ size: Int) {
        let text = String(repeating: PropertyTexts.dense, count: 12)
        for batch in [300, 5000, ScanWindow.defaultBatch] {
            let tokenizer = Tokenizer()
            let diff = PropertyTexts.firstDifference(PropertyTexts.streamed(text, tokenizer: tokenizer, chunk: size, batch: batch),
                                                     tokenizer.tokenize(text), in: text)
            #expect(diff == "", "batch \(batch)")
        }
    }

    @Test("300 KB of real text", arguments: [1, 7, 4099, 1 << 20])
    func large(_ size: Int) {
        let text = PropertyTexts.large
        for mode in Tokenizer.Mode.allCases {
            let tokenizer = Tokenizer(mode: mode)
            let diff = PropertyTexts.firstDifference(PropertyTexts.streamed(text, tokenizer: tokenizer, chunk: size),
                                                     tokenizer.tokenize(text), in: text)
            #expect(diff == "", "\(mode)")
        }
    }

    @Test("sentences from a sentence stream equal sentences of the whole text", arguments: [1, 5, 97, 4099, 1 << 20])
    func sentences(_ size: Int) {
        for (text, batch) in [(PropertyTexts.dense, 1), (PropertyTexts.large, nil)] as [(String, Int?)] {
            if text.utf8.count > 100_000 && size < 5 { continue }
            for mode in Tokenizer.Mode.allCases {
                let streamed = PropertyTexts.streamedSentences(text, mode: mode, chunk: size, batch: batch)
                let whole = PropertyTexts.wholeSentences(text, mode: mode)
                #expect(streamed.count == whole.count, "\(mode)")
                let diff = PropertyTexts.firstDifference(streamed.flatMap { $0 + [Token.sentenceEnd] },
                                                         whole.flatMap { $0 + [Token.sentenceEnd] }, in: text)
                #expect(diff == "", "\(mode)")
            }
        }
    }

    @Test("a stream can be reused after finish")
    func reuse() {
        var stream = Tokenizer().stream()
        var first: [Token] = []
        stream.feed("Erster Text.", into: &first)
        stream.finish(into: &first)
        var second: [Token] = []
        stream.feed("Zweiter Text.", into: &second)
        stream.finish(into: &second)
        #expect(second == Tokenizer().tokenize("Zweiter Text."))
        #expect(first.count == 3)
    }
}
