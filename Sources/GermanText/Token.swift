import LeitbildCore

/// What kind of thing a token is. Later stages use it to skip numbers, marks and punctuation.
public enum TokenKind: String, Codable, Sendable, CaseIterable {
    /// Letters and digits, with hyphenated (`Smart-City-Strategie`) and truncated (`Rad-`)
    /// compounds, apostrophes (`geht's`), `70er`, `250g`.
    case word
    /// `42`, `3,5`, `1.000`, `2.000,50`, `1990-1995`, `24/7`, `14,--`.
    case number
    /// `03.10.2024`, `3.10.24`, `2024-10-03`, `3.10.` (when the period is not a sentence end).
    case date
    /// `20:15`, `20.00 Uhr`.
    case time
    /// `3.` in `3. Oktober`, `am 3. Tag`, and enumerations (`2. Soziale Bewegung`).
    case ordinal
    /// With its period: `bzw.`, `Nr.`, `z. B.` (may contain a space), `U.S.A.`, initials (`M.`).
    case abbreviation
    case url, email, hashtag, mention
    /// `.` `,` `„` `“` `...` `--` `!!!` and other punctuation.
    case punctuation
    /// `Bürger:innen`, `Bürger*innen`, `Bürger_innen`, `BürgerInnen`, `Lehrer/-innen`.
    case genderForm
    /// `(lacht)`, `[unv.]`, `(...)`, `(3)`, `((räuspert sich))`.
    case transcriptMark
    /// `#00:01:23-4#`, `00:01:23`, `[00:01:23]`.
    case timestamp
    /// Emoji sequences (`👍🏽`, `🇩🇪`) and ASCII emoticons (`:-)`).
    case emoji
    /// `%`, `€`, `§`, `&`, `+` and other symbols.
    case symbol
}

/// A token that keeps its origin: its span in the normalised text in scalars and UTF-8 bytes,
/// and whether whitespace follows. Tokens plus the whitespace between them rebuild the input.
public struct Token: Hashable, Codable, Sendable {
    // `range` first: with the two one-byte fields after it a token takes 40 bytes, not 48.
    public var range: TextRange
    public var kind: TokenKind
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

    /// Whether the token starts with a capital letter, A–Z, Ä, Ö or Ü, read from the UTF-8 bytes of
    /// the text it was produced from: German nouns and names. One check for the coder's clause and
    /// casing rules and the signals' (each had its own copy until stop 40's reread).
    public func startsWithCapital(in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let r = range.utf8
        guard r.lowerBound >= 0, r.lowerBound < bytes.count, !r.isEmpty else { return false }
        let b = bytes[r.lowerBound]
        if b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") { return true }
        // Ä, Ö, Ü: C3 84, C3 96, C3 9C.
        return b == 0xC3 && r.lowerBound + 1 < bytes.count && [0x84, 0x96, 0x9C].contains(bytes[r.lowerBound + 1])
    }

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
