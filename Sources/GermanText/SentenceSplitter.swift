import LeitbildCore

/// Groups tokens into sentences.
///
/// A sentence ends after terminal punctuation (`.` `!` `?` `…`, runs like `?!` `...`) and the
/// closing quotes and brackets that follow it, when the next token can start a sentence. What
/// does not end one: abbreviations and ordinals (the tokenizer keeps their period inside the
/// token), a period before a lower-case word (`ca. zehn` with an unlisted abbreviation), an
/// ellipsis before a lower-case word (`gefreut... aber`). A blank line always ends a sentence,
/// and so does the end of the range (a turn end is a sentence end). Listed abbreviations that
/// often close a sentence (`etc.`, `usw.`: `abbreviations-final.txt`) end one before a
/// capitalised word.
///
/// Runs over token kinds and the first bytes of tokens only; no strings are built.
public struct SentenceSplitter: Sendable {
    /// Which conventions sentence boundaries follow.
    public enum Conventions: String, Sendable, CaseIterable, Codable {
        /// Leitbild's: a colon never ends a sentence, so "Das Wichtigste ist: Wir brauchen
        /// Busse." stays one unit for priority signals.
        case standard
        /// UD German GSD's: a colon before a capitalised word or an opening quote ends the
        /// sentence (GSD splits "... sagte er: Wir ..." into two sentences).
        case universalDependencies = "ud"
    }

    public var lexicon: GermanLexicon
    public var conventions: Conventions

    public init(conventions: Conventions = .standard, lexicon: GermanLexicon = .shared) {
        self.lexicon = lexicon
        self.conventions = conventions
    }

    /// Splits `tokens[range]` (tokens of `text`) into sentences, appended to `sentences`.
    public func split(text: String, tokens: [Token], range: Range<Int>, into sentences: inout [Sentence]) {
        guard !range.isEmpty else { return }
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { bytes in
            split(utf8: bytes, tokens: tokens, range: range, into: &sentences)
        }
        if done == nil {
            let bytes = Array(text.utf8)
            bytes.withUnsafeBufferPointer { split(utf8: $0, tokens: tokens, range: range, into: &sentences) }
        }
    }

    /// `split(text:tokens:range:into:)` on the UTF-8 bytes of the text; `bytes[0]` is the
    /// text's byte `utf8Offset` (tokens hold offsets into the whole text).
    public func split(utf8 bytes: UnsafeBufferPointer<UInt8>, utf8Offset: Int = 0, tokens: [Token], range: Range<Int>,
                      into sentences: inout [Sentence]) {
        guard !range.isEmpty else { return }
        tokens.withUnsafeBufferPointer { tokens in
            let view = TokenView(bytes: bytes, offset: utf8Offset, tokens: tokens, first: range.lowerBound, lexicon: lexicon.tables)
            var start = range.lowerBound
            var i = range.lowerBound
            let upper = range.upperBound
            while i < upper {
                var last = i          // last token of the sentence if it ends here
                var ends = false
                let kind = tokens[i].kind
                let role = kind == .punctuation || kind == .abbreviation ? view.role(i) : kind == .emoji ? .emoji : .other
                switch role {
                case .terminal:
                    // The whole cluster: "?!", "! ! !", ". . .", then closing quotes and brackets.
                    var j = i + 1
                    while j < upper, case .terminal = view.role(j) { j += 1 }
                    while j < upper, view.isClosing(j) { j += 1 }
                    last = j - 1
                    if j < upper { ends = view.canStartSentence(j) }
                case .finalAbbreviation:
                    var j = i + 1
                    while j < upper, view.isClosing(j) { j += 1 }
                    last = j - 1
                    if j < upper { ends = view.startsCapitalised(j) }
                case .emoji:
                    // An emoji or emoticon after words, then a capitalised word: "toll ;-) So war es".
                    if i > start, i + 1 < upper, tokens[i - 1].kind != .emoji { ends = view.startsCapitalised(i + 1) }
                case .colon where conventions == .universalDependencies:
                    if i + 1 < upper { ends = view.startsCapitalised(i + 1) || view.isOpeningQuote(i + 1) }
                default:
                    break
                }
                if !ends, last + 1 < upper, view.blankLineAfter(last) { ends = true }
                if ends {
                    sentences.append(Self.sentence(tokens, start..<(last + 1)))
                    start = last + 1
                }
                i = last + 1
            }
            if start < upper { sentences.append(Self.sentence(tokens, start..<upper)) }
        }
    }

    private static func sentence(_ tokens: UnsafeBufferPointer<Token>, _ r: Range<Int>) -> Sentence {
        let first = tokens[r.lowerBound].range, last = tokens[r.upperBound - 1].range
        return Sentence(range: TextRange(scalars: SourceSpan(start: first.scalars.start, end: last.scalars.end),
                                         utf8: first.utf8.lowerBound..<last.utf8.upperBound),
                        tokens: r)
    }
}

/// What a token can do for sentence boundaries.
private enum SentenceRole {
    /// `.` `!` `?` `…` and runs of them.
    case terminal
    /// An abbreviation that often ends a sentence (`etc.`).
    case finalAbbreviation
    /// An emoji or emoticon, which may close a sentence in chat-like text.
    case emoji
    case colon
    case other
}

/// Reads tokens' bytes for the splitter.
private struct TokenView {
    let bytes: UnsafeBufferPointer<UInt8>
    /// Text offset of `bytes[0]`.
    let offset: Int
    let tokens: UnsafeBufferPointer<Token>
    /// The first token of the range being split: nothing before it is looked at.
    let first: Int
    let lexicon: LexiconTables

    func first(_ i: Int) -> UInt8 { bytes[tokens[i].range.utf8.lowerBound - offset] }

    /// The first scalar of token `i`.
    func firstScalar(_ i: Int) -> UInt32 {
        let all = tokens[i].range.utf8
        let r = (all.lowerBound - offset)..<(all.upperBound - offset)
        let b0 = UInt32(bytes[r.lowerBound])
        if b0 < 0x80 { return b0 }
        var value: UInt32
        var n: Int
        switch b0 {
        case 0xC0...0xDF: value = b0 & 0x1F; n = 2
        case 0xE0...0xEF: value = b0 & 0x0F; n = 3
        default: value = b0 & 0x07; n = 4
        }
        guard r.lowerBound + n <= r.upperBound else { return 0xFFFD }
        for k in 1..<n { value = (value << 6) | UInt32(bytes[r.lowerBound + k] & 0x3F) }
        return value
    }

    func role(_ i: Int) -> SentenceRole {
        let token = tokens[i]
        switch token.kind {
        case .punctuation:
            let r = local(token.range.utf8)
            let b0 = bytes[r.lowerBound]
            if b0 == UInt8(ascii: ":") && r.count == 1 { return .colon }
            var k = r.lowerBound
            while k < r.upperBound {
                switch bytes[k] {
                case UInt8(ascii: "!"), UInt8(ascii: "?"): k += 1
                case UInt8(ascii: "."): k += 1
                case 0xE2 where k + 2 < r.upperBound && bytes[k + 1] == 0x80 && bytes[k + 2] == 0xA6: k += 3
                default: return .other
                }
            }
            // UD mode splits `ca.` into `ca` `.`: that period is the abbreviation's.
            if b0 == UInt8(ascii: "."), r.count == 1, i > first, tokens[i - 1].kind == .abbreviation, !tokens[i - 1].spaceAfter {
                return isFinalAbbreviation((tokens[i - 1].range.utf8.lowerBound - offset)..<r.upperBound) ? .finalAbbreviation : .other
            }
            return .terminal
        case .abbreviation:
            return isFinalAbbreviation(local(token.range.utf8)) ? .finalAbbreviation : .other
        default:
            return .other
        }
    }

    /// A text range as indices into `bytes`.
    func local(_ r: Range<Int>) -> Range<Int> { (r.lowerBound - offset)..<(r.upperBound - offset) }

    func isFinalAbbreviation(_ r: Range<Int>) -> Bool {
        guard r.count <= 32 else { return false }
        // Listed without spaces (`u.a.m.`), so drop the spaces of `u. a. m.`.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { buf in
            guard let key = buf.baseAddress else { return false }
            var n = 0
            for k in r where bytes[k] != 0x20 { key[n] = bytes[k]; n += 1 }
            return lexicon.finalAbbreviationSet.contains(UnsafePointer(key), n)
        }
    }

    /// Closing quotes and brackets after terminal punctuation belong to the sentence it ends;
    /// so do f4 timestamps. A quote is closing when it sticks to the token before it.
    func isClosing(_ i: Int) -> Bool {
        let token = tokens[i]
        if token.kind == .timestamp { return true }
        guard token.kind == .punctuation else { return false }
        let r = local(token.range.utf8)
        let b0 = bytes[r.lowerBound]
        if r.count == 2 && b0 == UInt8(ascii: "'") && bytes[r.lowerBound + 1] == UInt8(ascii: "'") { return true }
        if r.count == 1 && (b0 == UInt8(ascii: ")") || b0 == UInt8(ascii: "]")) { return true }
        let attached = i > first && !tokens[i - 1].spaceAfter
        if r.count == 1 && (b0 == UInt8(ascii: "\"") || b0 == UInt8(ascii: "'")) { return attached }
        switch firstScalar(i) {
        case 0x201C, 0x201D, 0x2018, 0x2019, 0xAB, 0xBB, 0x203A, 0x2039: return attached
        default: return false
        }
    }

    func isOpeningQuote(_ i: Int) -> Bool {
        let token = tokens[i]
        guard token.kind == .punctuation else { return false }
        let r = local(token.range.utf8)
        let b0 = bytes[r.lowerBound]
        if r.count == 2 && b0 == UInt8(ascii: "`") { return true }
        if r.count == 2 && b0 == UInt8(ascii: ",") { return true }
        if b0 == UInt8(ascii: "\"") { return token.spaceAfter == false }
        switch firstScalar(i) {
        case 0x201E, 0x201A, 0x201C, 0xBB, 0xAB: return !token.spaceAfter
        default: return false
        }
    }

    /// Whether token `i` starts with an upper-case letter.
    func startsCapitalised(_ i: Int) -> Bool {
        let b = first(i)
        if b &- 0x41 < 26 { return true }
        if b < 0x80 { return false }
        return Unicode.Scalar(firstScalar(i))?.properties.isUppercase ?? false
    }

    func startsLowercase(_ i: Int) -> Bool {
        let b = first(i)
        if b &- 0x61 < 26 { return true }
        if b < 0x80 { return false }
        return Unicode.Scalar(firstScalar(i))?.properties.isLowercase ?? false
    }

    /// Whether a sentence can start at token `i` after terminal punctuation: not before a
    /// lower-case word (an unlisted abbreviation, or a sentence going on after `...`).
    func canStartSentence(_ i: Int) -> Bool {
        let token = tokens[i]
        switch token.kind {
        case .word, .genderForm, .abbreviation:
            return !startsLowercase(i)
        case .punctuation:
            // ",", ";" and ")" go on with the sentence; quotes, dashes and brackets may start one.
            switch first(i) {
            case UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: ":"): return false
            default: return true
            }
        default:
            return true
        }
    }

    /// Whether the whitespace after token `i` holds a blank line (a paragraph break).
    func blankLineAfter(_ i: Int) -> Bool {
        let gap = (tokens[i].range.utf8.upperBound - offset)..<(tokens[i + 1].range.utf8.lowerBound - offset)
        // Two line ends need two bytes; most gaps are one space.
        guard gap.count >= 2 else { return false }
        var newlines = 0
        for k in gap where bytes[k] == 0x0A {
            newlines += 1
            if newlines == 2 { return true }
        }
        return false
    }
}
