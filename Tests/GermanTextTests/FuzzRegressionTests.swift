import Foundation
import GermanText
import LeitbildCore
import Testing

/// Texts that broke a tokenizer property under the `FuzzTokenizer` libFuzzer target (`Fuzz/`,
/// docs/fuzzing.md), minimised and kept in `Regressions/tokenizer/`. Each is tokenized through
/// the normal API and must keep the properties the target checks.
@Suite("Fuzz regressions: kept tokenizer inputs keep the token properties")
struct FuzzRegressionTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Regressions").appendingPathComponent("tokenizer")

    static var files: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    @Test("kept input keeps the token properties", arguments: files)
    func replay(_ file: String) throws {
        let data = try Data(contentsOf: Self.folder.appendingPathComponent(file))
        // As the fuzz target does: invalid UTF-8 replaced, then the text as given and normalised.
        let raw = String(decoding: data, as: UTF8.self)
        for text in [raw, raw.normalizedForLeitbild] {
            let tokens = Tokenizer().tokenize(text)
            #expect(TokenizerCheck.rebuildProblems(text, tokens) == [])
            var lineByLine: [Token] = []
            for line in Self.lineRanges(text) { Tokenizer().tokenize(text, range: line, into: &lineByLine) }
            #expect(lineByLine.map(\.range) == tokens.map(\.range), "line-by-line tokens differ from whole-text tokens")
            #expect(lineByLine.map(\.kind) == tokens.map(\.kind))
            var sentences: [Sentence] = []
            SentenceSplitter().split(text: text, tokens: tokens, range: 0..<tokens.count, into: &sentences)
            #expect(sentences.map(\.tokens.lowerBound) == [0] + sentences.dropLast().map(\.tokens.upperBound) || tokens.isEmpty)
            #expect((sentences.last?.tokens.upperBound ?? 0) == tokens.count)
        }
    }

    /// Ranges of the lines of `text` (without their newline), in both coordinate systems.
    static func lineRanges(_ text: String) -> [TextRange] {
        var ranges: [TextRange] = []
        var start = 0, startScalar = 0, offset = 0, scalar = 0
        for byte in text.utf8 {
            if byte == 10 {
                ranges.append(TextRange(scalars: SourceSpan(start: startScalar, end: scalar), utf8: start..<offset))
                start = offset + 1
                startScalar = scalar + 1
            }
            offset += 1
            if byte & 0xC0 != 0x80 { scalar += 1 }
        }
        ranges.append(TextRange(scalars: SourceSpan(start: startScalar, end: scalar), utf8: start..<offset))
        return ranges
    }
}
