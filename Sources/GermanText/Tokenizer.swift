import LeitbildCore

/// Splits German text into tokens with exact offsets.
///
/// Skeleton version: words (letters, digits, inner hyphens and apostrophes), abbreviations from
/// `abbreviations.txt` kept with their period, transcript marks in brackets as one token, and one
/// token per other symbol. The German text issue replaces it with the full pass pipeline.
public struct Tokenizer: Sendable {
    public var lexicon: GermanLexicon

    public init(lexicon: GermanLexicon = .shared) {
        self.lexicon = lexicon
    }

    /// Tokenizes a whole string.
    public func tokenize(_ text: String) -> [Token] {
        var tokens: [Token] = []
        let count = text.unicodeScalars.count
        tokenize(text, range: TextRange(scalars: SourceSpan(start: 0, end: count), utf8: 0..<text.utf8.count), into: &tokens)
        return tokens
    }

    /// Tokenizes `range` of `text`, appending to `tokens`.
    public func tokenize(_ text: String, range: TextRange, into tokens: inout [Token]) {
        let scalars = Array(text.slice(utf8: range.utf8).unicodeScalars)
        var utf8Offsets: [Int] = []
        utf8Offsets.reserveCapacity(scalars.count + 1)
        var offset = range.utf8.lowerBound
        for s in scalars { utf8Offsets.append(offset); offset += UTF8.width(s) }
        utf8Offsets.append(offset)
        let base = range.scalars.start

        func emit(_ kind: TokenKind, _ a: Int, _ b: Int) {
            let space = b < scalars.count && scalars[b].properties.isWhitespace
            tokens.append(Token(kind: kind, range: TextRange(scalars: SourceSpan(start: base + a, end: base + b),
                                                             utf8: utf8Offsets[a]..<utf8Offsets[b]), spaceAfter: space))
        }
        func isWordScalar(_ s: Unicode.Scalar) -> Bool {
            s.properties.isAlphabetic || ("0"..."9").contains(s)
        }

        var i = 0
        while i < scalars.count {
            let s = scalars[i]
            if s.properties.isWhitespace { i += 1; continue }
            // Transcript marks: (lacht), [unv.], (...)
            if s == "(" || s == "[" {
                let close: Unicode.Scalar = s == "(" ? ")" : "]"
                var j = i + 1
                while j < scalars.count, j - i < 40, scalars[j] != close, scalars[j] != "\n" { j += 1 }
                if j < scalars.count, scalars[j] == close, j - i <= 30, j > i + 1 {
                    let inner = String(String.UnicodeScalarView(scalars[(i + 1)..<j]))
                    if inner.split(separator: " ").count <= 3 {
                        emit(.transcriptMark, i, j + 1)
                        i = j + 1
                        continue
                    }
                }
            }
            if isWordScalar(s) {
                var j = i + 1
                while j < scalars.count {
                    if isWordScalar(scalars[j]) { j += 1; continue }
                    if (scalars[j] == "-" || scalars[j] == "'" || scalars[j] == "’"), j + 1 < scalars.count, isWordScalar(scalars[j + 1]) { j += 2; continue }
                    break
                }
                let word = String(String.UnicodeScalarView(scalars[i..<j]))
                var kind: TokenKind = word.unicodeScalars.allSatisfy { ("0"..."9").contains($0) } ? .number : .word
                // Abbreviation with its period ("bzw.", "ca.", "z. B." is two tokens here).
                if j < scalars.count, scalars[j] == ".", lexicon.isAbbreviation(word + ".") {
                    j += 1
                    kind = .abbreviation
                } else if kind == .number, j < scalars.count, scalars[j] == ".", j + 1 < scalars.count,
                          scalars[j + 1] == " ", j + 2 < scalars.count, scalars[j + 2].properties.isLowercase == false,
                          word.count <= 2, j + 2 < scalars.count, lexicon.isMonth(String(String.UnicodeScalarView(scalars[(j + 2)...].prefix { isWordScalar($0) }))) {
                    j += 1
                    kind = .ordinal
                }
                emit(kind, i, j)
                i = j
                continue
            }
            // Anything else: one symbol per token; runs of the same punctuation (..., ?!) stay together.
            var j = i + 1
            while j < scalars.count, scalars[j] == s, s == "." || s == "!" || s == "?" || s == "-" { j += 1 }
            emit(s.properties.isEmojiPresentation ? .emoji : .punctuation, i, j)
            i = j
        }
    }
}
