/// What a character does for tokenization. ASCII bytes are classified by a 256-entry table;
/// other scalars by block ranges first and Unicode properties last, so common German text
/// (Latin letters, typographic quotes and dashes) never reaches the slower property lookups.
enum CharClass: UInt8 {
    /// White_Space: separates tokens, sets `spaceAfter`.
    case space
    case upper
    case lower
    /// ASCII digit.
    case digit
    /// Letters of other scripts and letters without case; like `lower` for tokenization.
    case letter
    /// Combining marks, superscripts and other numbers: continue a word, never start one.
    case wordMark
    /// Soft hyphen, zero-width space/joiners, word joiner, byte-order mark: invisible; kept
    /// inside a word, skipped between tokens.
    case ignorable
    /// `-`, U+2010 and U+2011: join compounds.
    case hyphen
    /// En and em dashes and the like: always their own token.
    case dash
    /// Quotation marks and apostrophes other than ASCII `'`.
    case quote
    /// `…`
    case ellipsis
    /// Pictographic emoji and other emoji that start an emoji sequence.
    case emoji
    /// Emoji modifiers, variation selectors, keycap, tag characters.
    case emojiComponent
    case regionalIndicator
    /// Currency, mathematical and other symbols.
    case symbol
    case punctuation
}

extension CharClass {
    var isAlphanumeric: Bool {
        switch self {
        case .upper, .lower, .digit, .letter: true
        default: false
        }
    }

    /// Characters that continue a word once it has started.
    var continuesWord: Bool {
        switch self {
        case .upper, .lower, .digit, .letter, .wordMark: true
        default: false
        }
    }

    var isLetter: Bool {
        switch self {
        case .upper, .lower, .letter: true
        default: false
        }
    }
}

/// The 256-entry class table for single bytes (bytes >= 0x80 map to `.letter` as a placeholder;
/// the scanner decodes them).
let asciiClassTable: [CharClass] = {
    var table = [CharClass](repeating: .punctuation, count: 256)
    // Unicode White_Space only: the information separators U+001C–U+001F are not spaces (Python's
    // isspace() says they are); taken as spaces they vanished and set `spaceAfter` (found by FuzzTokenizer).
    for b in [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20] { table[b] = .space }
    for b in UInt8(ascii: "A")...UInt8(ascii: "Z") { table[Int(b)] = .upper }
    for b in UInt8(ascii: "a")...UInt8(ascii: "z") { table[Int(b)] = .lower }
    for b in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(b)] = .digit }
    for b in "$+<=>^`|~".utf8 { table[Int(b)] = .symbol }
    table[Int(UInt8(ascii: "-"))] = .hyphen
    table[Int(UInt8(ascii: "\""))] = .quote
    for b in 0x80...0xFF { table[b] = .letter }
    return table
}()

/// The same table behind a pointer that the scanner keeps, so the hot loop reads it without
/// the lazy-global check of `asciiClassTable`. Allocated once and never freed.
nonisolated(unsafe) let asciiClassPointer: UnsafePointer<CharClass> = {
    let buffer = UnsafeMutablePointer<CharClass>.allocate(capacity: 256)
    buffer.initialize(from: asciiClassTable, count: 256)
    return UnsafePointer(buffer)
}()

/// Class of a non-ASCII scalar.
@inline(__always)
func classify(scalar v: UInt32) -> CharClass {
    switch v {
    case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return .space
    case 0x80..<0xA0: return .punctuation
    case 0xAD, 0x200B...0x200D, 0x2060...0x2064, 0xFEFF: return .ignorable
    case 0xAA, 0xB5, 0xBA: return .lower
    case 0xB2, 0xB3, 0xB9, 0xBC...0xBE: return .wordMark
    case 0xAB, 0xBB: return .quote
    case 0xC0...0xDE where v != 0xD7: return .upper
    case 0xDF...0xFF where v != 0xF7: return .lower
    case 0xD7, 0xF7: return .symbol
    case 0xA1...0xBF:
        // ¡ § ¶ · ¿ are punctuation; ¢ £ ¤ ¥ ¦ ¨ © ¬ ® ¯ ° ± ´ ¸ are symbols.
        switch v {
        case 0xA1, 0xA7, 0xB6, 0xB7, 0xBF: return .punctuation
        case 0xB4: return .quote  // acute accent, often typed as an apostrophe ("geht´s")
        default: return .symbol
        }
    case 0x100...0x24F:
        // Latin Extended-A and -B alternate upper/lower in most places; the property knows.
        return Unicode.Scalar(v).map { $0.properties.isUppercase ? .upper : .lower } ?? .lower
    case 0x250...0x2FF: return .letter
    case 0x300...0x36F: return .wordMark
    case 0x2010, 0x2011: return .hyphen
    case 0x2012...0x2015, 0x2E3A, 0x2E3B: return .dash
    case 0x2018...0x201F, 0x2039, 0x203A: return .quote
    case 0x2026: return .ellipsis
    case 0x20A0...0x20CF: return .symbol
    case 0x1F1E6...0x1F1FF: return .regionalIndicator
    case 0x1F3FB...0x1F3FF, 0xFE0E, 0xFE0F, 0x20E3, 0xE0020...0xE007F: return .emojiComponent
    default:
        guard let scalar = Unicode.Scalar(v) else { return .symbol }
        let p = scalar.properties
        if p.isWhitespace { return .space }
        if p.isEmojiPresentation || (p.isEmoji && v >= 0x2100) { return .emoji }
        switch p.generalCategory {
        case .uppercaseLetter, .titlecaseLetter: return .upper
        case .lowercaseLetter: return .lower
        case .modifierLetter, .otherLetter: return .letter
        case .nonspacingMark, .spacingMark, .enclosingMark: return .wordMark
        case .decimalNumber, .letterNumber, .otherNumber: return .wordMark
        case .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol: return .symbol
        case .format: return .ignorable
        case .dashPunctuation: return .dash
        case .initialPunctuation, .finalPunctuation: return .quote
        default: return .punctuation
        }
    }
}
