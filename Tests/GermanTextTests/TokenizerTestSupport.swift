import Foundation
import GermanText
import LeitbildCore
import Testing

/// One tokenizer expectation: the text, its tokens joined by " | ", and the kinds of some of them.
struct TokenCase: Sendable, CustomTestStringConvertible {
    var text: String
    var expected: String
    var kinds: [String: TokenKind]

    init(_ text: String, _ expected: String, _ kinds: [String: TokenKind] = [:]) {
        self.text = text
        self.expected = expected
        self.kinds = kinds
    }

    var testDescription: String { text }
}

/// One sentence-splitting expectation: sentences joined by " || ", tokens by " | ".
struct SentenceCase: Sendable, CustomTestStringConvertible {
    var text: String
    var expected: String

    init(_ text: String, _ expected: String) {
        self.text = text
        self.expected = expected
    }

    var testDescription: String { text }
}

enum TokenizerCheck {
    static func surface(_ text: String, _ tokens: [Token]) -> String {
        tokens.map { String($0.text(in: text)) }.joined(separator: " | ")
    }

    /// Tokenizes `c.text` and checks tokens, kinds and the rebuild property.
    static func run(_ c: TokenCase, mode: Tokenizer.Mode = .standard, sourceLocation: SourceLocation = #_sourceLocation) {
        let tokens = Tokenizer(mode: mode).tokenize(c.text)
        #expect(surface(c.text, tokens) == c.expected, sourceLocation: sourceLocation)
        for (token, kind) in c.kinds.sorted(by: { $0.key < $1.key }) {
            let found = tokens.first { $0.text(in: c.text) == token }
            #expect(found?.kind == kind, "kind of '\(token)'", sourceLocation: sourceLocation)
        }
        #expect(rebuildProblems(c.text, tokens).isEmpty, sourceLocation: sourceLocation)
    }

    /// Sentences as " || "-joined token lists.
    static func sentences(_ text: String, mode: Tokenizer.Mode = .standard,
                          conventions: SentenceSplitter.Conventions = .standard) -> String {
        let tokens = Tokenizer(mode: mode).tokenize(text)
        var sentences: [Sentence] = []
        SentenceSplitter(conventions: conventions).split(text: text, tokens: tokens, range: 0..<tokens.count, into: &sentences)
        return sentences.map { s in s.tokens.map { String(tokens[$0].text(in: text)) }.joined(separator: " | ") }
            .joined(separator: " || ")
    }

    /// Everything that breaks "tokens plus the whitespace between them rebuild the input":
    /// empty, overlapping or out-of-order tokens, scalar offsets that disagree with the UTF-8
    /// offsets, gaps holding anything but whitespace and invisible characters, a wrong `spaceAfter`.
    static func rebuildProblems(_ text: String, _ tokens: [Token]) -> [String] {
        var problems: [String] = []
        let scalars = Array(text.unicodeScalars)
        // Scalar offset of every UTF-8 offset that starts a scalar.
        var scalarAt: [Int: Int] = [:]
        var utf8 = 0
        for (k, s) in scalars.enumerated() {
            scalarAt[utf8] = k
            utf8 += UTF8.width(s)
        }
        scalarAt[utf8] = scalars.count
        var rebuilt = String.UnicodeScalarView()
        var position = 0
        for (n, token) in tokens.enumerated() {
            let r = token.range
            if r.scalars.isEmpty { problems.append("token \(n) is empty") }
            if r.scalars.start < position { problems.append("token \(n) overlaps the one before"); continue }
            if scalarAt[r.utf8.lowerBound] != r.scalars.start || scalarAt[r.utf8.upperBound] != r.scalars.end {
                problems.append("token \(n) '\(token.text(in: text))': scalar and UTF-8 offsets disagree")
                continue
            }
            let gap = scalars[position..<r.scalars.start]
            if let bad = gap.first(where: { !$0.properties.isWhitespace && !isInvisible($0) }) {
                problems.append("'\(bad)' (U+\(String(bad.value, radix: 16, uppercase: true))) between tokens at scalar \(position)")
            }
            rebuilt.append(contentsOf: gap)
            rebuilt.append(contentsOf: scalars[r.scalars.start..<r.scalars.end])
            if String(String.UnicodeScalarView(scalars[r.scalars.start..<r.scalars.end])) != String(token.text(in: text)) {
                problems.append("token \(n): text(in:) differs from its scalar span")
            }
            let followedBySpace = r.scalars.end < scalars.count && scalars[r.scalars.end].properties.isWhitespace
            if token.spaceAfter != followedBySpace { problems.append("token \(n) '\(token.text(in: text))': wrong spaceAfter") }
            position = r.scalars.end
        }
        let tail = scalars[position...]
        if let bad = tail.first(where: { !$0.properties.isWhitespace && !isInvisible($0) }) {
            problems.append("'\(bad)' after the last token")
        }
        rebuilt.append(contentsOf: tail)
        if String(rebuilt) != text { problems.append("rebuilt text differs") }
        return problems
    }

    static func isInvisible(_ s: Unicode.Scalar) -> Bool {
        [0xAD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF].contains(s.value) || s.properties.generalCategory == .format
    }
}

/// Paths of the shared reference data, read in place (`../shared/data` beside the package).
enum SharedData {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func url(_ relative: String) -> URL {
        packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data").appendingPathComponent(relative)
    }

    /// Whether `../shared/data` is checked out beside the package. Tests that need it are
    /// skipped otherwise (CI checks it out; `.ci/run` says whether it is there).
    static var present: Bool { FileManager.default.fileExists(atPath: url("").path) }

    /// The file's text, or nil when the shared data is not checked out.
    static func text(_ relative: String) -> String? {
        guard let data = try? Data(contentsOf: url(relative)) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// The `# text =` lines of a CoNLL-U file joined by single spaces, as the peer kit joins them.
    static func gsdText(_ file: String) -> String? {
        guard let conllu = text("ud-german-gsd/\(file)") else { return nil }
        return conllu.split(separator: "\n").compactMap { line in
            line.hasPrefix("# text = ") ? String(line.dropFirst("# text = ".count)) : nil
        }.joined(separator: " ")
    }
}
