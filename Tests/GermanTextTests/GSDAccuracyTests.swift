import Foundation
import GermanText
import LeitbildCore
import Testing

/// Scores the tokenizer and sentence splitter against UD German GSD the way the peer kit
/// (`../shared/bench/tokenizers.py`) does: the `# text` lines joined by single spaces into one
/// document, exact (start, end) spans of the surface tokens (a multiword line `zum` is one
/// token), exact sentence spans, and sentence ends without the document's last one.
struct GSDScore: CustomStringConvertible {
    struct PRF {
        var truePositives = 0, gold = 0, predicted = 0
        var precision: Double { predicted == 0 ? 0 : Double(truePositives) / Double(predicted) }
        var recall: Double { gold == 0 ? 0 : Double(truePositives) / Double(gold) }
        var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }

        init<T: Hashable>(gold: Set<T>, predicted: Set<T>) {
            truePositives = gold.intersection(predicted).count
            self.gold = gold.count
            self.predicted = predicted.count
        }
    }

    var tokens: PRF
    var sentences: PRF
    var boundaries: PRF

    var description: String {
        String(format: "tokens P %.4f R %.4f F1 %.4f; sentences P %.3f R %.3f F1 %.3f; boundaries F1 %.3f",
               tokens.precision, tokens.recall, tokens.f1, sentences.precision, sentences.recall, sentences.f1, boundaries.f1)
    }

    struct Span: Hashable { var start: Int, end: Int }

    /// Reads a CoNLL-U file: each sentence's text and surface tokens.
    static func read(_ conllu: String) -> [(text: String, surface: [String])] {
        var result: [(text: String, surface: [String])] = []
        var text: String?
        var surface: [String] = []
        var skipUntil = 0
        func flush() {
            if let text { result.append((text, surface)) }
            text = nil
            surface = []
            skipUntil = 0
        }
        for line in conllu.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty { flush(); continue }
            if line.hasPrefix("# text = ") { text = String(line.dropFirst(9)); continue }
            if line.hasPrefix("#") { continue }
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard columns.count > 1 else { continue }
            let id = columns[0]
            if id.contains(".") { continue }
            if let dash = id.firstIndex(of: "-") {
                surface.append(String(columns[1]))
                skipUntil = Int(id[id.index(after: dash)...]) ?? 0
                continue
            }
            if let n = Int(id), n > skipUntil { surface.append(String(columns[1])) }
        }
        flush()
        return result
    }

    static func score(conllu: String) -> GSDScore? {
        let sentences = read(conllu)
        let text = sentences.map(\.text).joined(separator: " ")
        let scalars = Array(text.unicodeScalars)
        // Gold spans in scalars (the kit's Python string indices).
        var goldTokens = Set<Span>()
        var goldSentences = Set<Span>()
        var offset = 0
        for s in sentences {
            let sentenceScalars = Array(s.text.unicodeScalars)
            var position = 0
            for token in s.surface {
                let t = Array(token.unicodeScalars)
                while position < sentenceScalars.count, sentenceScalars[position].properties.isWhitespace { position += 1 }
                guard position + t.count <= sentenceScalars.count, Array(sentenceScalars[position..<(position + t.count)]) == t else {
                    Issue.record("cannot align gold token '\(token)' in '\(s.text)'")
                    return nil
                }
                goldTokens.insert(Span(start: offset + position, end: offset + position + t.count))
                position += t.count
            }
            goldSentences.insert(Span(start: offset, end: offset + sentenceScalars.count))
            offset += sentenceScalars.count + 1
        }
        let tokens = Tokenizer(mode: .universalDependencies).tokenize(text)
        var split: [Sentence] = []
        SentenceSplitter(conventions: .universalDependencies).split(text: text, tokens: tokens, range: 0..<tokens.count, into: &split)
        let predictedTokens = Set(tokens.map { Span(start: $0.span.start, end: $0.span.end) })
        let predictedSentences = Set(split.map { Span(start: $0.range.scalars.start, end: $0.range.scalars.end) })
        let ends = { (spans: Set<Span>) in Set(spans.map(\.end).filter { $0 != scalars.count }) }
        return GSDScore(tokens: PRF(gold: goldTokens, predicted: predictedTokens),
                        sentences: PRF(gold: goldSentences, predicted: predictedSentences),
                        boundaries: PRF(gold: ends(goldSentences), predicted: ends(predictedSentences)))
    }
}

@Suite("Accuracy on UD German GSD (read in place from ../shared/data)")
struct GSDAccuracyTests {
    /// Floors a little under the figures reached (test: tokens 0.9994, sentences 0.823,
    /// boundaries 0.931; dev: 0.9999, 0.965, 0.987), so a regression fails. The issue's targets
    /// are 0.990 / 0.76 / 0.90 on test.
    struct Floor: Sendable, CustomTestStringConvertible {
        var file: String
        var tokenF1: Double
        var sentenceF1: Double
        var boundaryF1: Double
        var testDescription: String { file }
    }

    @Test(.enabled(if: SharedData.present, "needs ../shared/data"), arguments: [
        Floor(file: "de_gsd-ud-test.conllu", tokenF1: 0.998, sentenceF1: 0.81, boundaryF1: 0.925),
        Floor(file: "de_gsd-ud-dev.conllu", tokenF1: 0.998, sentenceF1: 0.955, boundaryF1: 0.98),
    ])
    func floors(_ floor: Floor) throws {
        let conllu = try #require(SharedData.text("ud-german-gsd/\(floor.file)"))
        let score = try #require(GSDScore.score(conllu: conllu))
        print("GSD \(floor.file): \(score)")
        #expect(score.tokens.f1 >= floor.tokenF1, "\(score)")
        #expect(score.sentences.f1 >= floor.sentenceF1, "\(score)")
        #expect(score.boundaries.f1 >= floor.boundaryF1, "\(score)")
    }

    @Test("the scorer agrees with the kit's protocol on a hand-made document")
    func scorerSelfCheck() throws {
        let conllu = """
            # text = Das geht z.B. gut.
            1\tDas\t_\t_\t_\t_\t_\t_\t_\t_
            2\tgeht\t_\t_\t_\t_\t_\t_\t_\t_
            3\tz.B.\t_\t_\t_\t_\t_\t_\t_\t_
            4\tgut\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No
            5\t.\t_\t_\t_\t_\t_\t_\t_\t_

            # text = Zum Glück nicht
            1-2\tZum\t_\t_\t_\t_\t_\t_\t_\t_
            1\tZu\t_\t_\t_\t_\t_\t_\t_\t_
            2\tdem\t_\t_\t_\t_\t_\t_\t_\t_
            3\tGlück\t_\t_\t_\t_\t_\t_\t_\t_
            4\tnicht\t_\t_\t_\t_\t_\t_\t_\t_

            """
        let score = try #require(GSDScore.score(conllu: conllu))
        #expect(score.tokens.gold == 8)
        #expect(score.tokens.f1 == 1)
        #expect(score.sentences.gold == 2)
        #expect(score.boundaries.gold == 1)
    }
}
