import LeitbildCore

/// What kind of thing a token is. Later stages use it to skip numbers, marks and punctuation.
public enum TokenKind: String, Codable, Sendable, CaseIterable {
    case word, number, date, time, ordinal, abbreviation, url, email, hashtag, mention
    case punctuation, genderForm, transcriptMark, timestamp, emoji, symbol
}

/// A token that keeps its origin: its span in the normalised text in scalars and UTF-8 bytes,
/// and whether whitespace follows. Tokens plus the whitespace between them rebuild the input.
public struct Token: Hashable, Codable, Sendable {
    public var kind: TokenKind
    public var range: TextRange
    /// Whether whitespace follows the token in the source (SoMaJo's `space_after`).
    public var spaceAfter: Bool

    public init(kind: TokenKind, range: TextRange, spaceAfter: Bool) {
        self.kind = kind
        self.range = range
        self.spaceAfter = spaceAfter
    }

    public var span: SourceSpan { range.scalars }

    /// The token's surface text in `text` (the text it was produced from).
    public func text(in text: String) -> Substring { text.slice(utf8: range.utf8) }

    /// Whether the token is a word-like token that theme coding looks at.
    public var isWordLike: Bool {
        switch kind {
        case .word, .abbreviation, .genderForm, .hashtag: true
        default: false
        }
    }
}

/// A sentence: its span and the tokens it holds (indices into the token array).
public struct Sentence: Hashable, Codable, Sendable {
    public var range: TextRange
    public var tokens: Range<Int>

    public init(range: TextRange, tokens: Range<Int>) {
        self.range = range
        self.tokens = tokens
    }
}
