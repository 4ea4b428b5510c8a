#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LeitbildCore

/// One decoded character of the input: its class, its length in bytes and its scalar value.
struct ScannedChar {
    var cls: CharClass
    var length: Int
    var value: UInt32

    /// What `char(at:)` returns past the end of the buffer: behaves like whitespace, has no length.
    static let end = ScannedChar(cls: .space, length: 0, value: 0)
}

/// Per-token facts that the scanner learns on the way and that the UD pass needs.
struct TokenFlags: OptionSet {
    let rawValue: UInt8
    /// A hyphen between word characters (`Smart-City`, `1990-1995`).
    static let innerHyphen = TokenFlags(rawValue: 1)
    /// A hyphen at the end (`Rad-` in `Rad- und Fußwege`).
    static let trailingHyphen = TokenFlags(rawValue: 2)
    /// An apostrophe before a final `s` (`Schuchmann's`).
    static let clitic = TokenFlags(rawValue: 4)
    /// The token is a run of `!`/`?`.
    static let exclamationRun = TokenFlags(rawValue: 8)
}

/// The tokenizer's engine: the passes (`Tokenizer+Passes.swift`) over a buffer of UTF-8 bytes,
/// read-only. `TokenEmitter` drives it left to right and collects the tokens. Nothing but the
/// position carries over from one token to the next, so scanning can stop at any token start
/// and resume there later (which is what the streams do).
///
/// Lookahead is bounded (`Scanner.horizon` from a token's start, `Scanner.reach` beyond its end)
/// and lookbehind reads at most twice `Scanner.lookbehind` bytes; both are what make chunked
/// tokenization give the same tokens as whole-text tokenization.
struct Scanner {
    /// Forward probes never read further than this from a token's start...
    static let horizon = 4096
    /// ...or than this from a token's end.
    static let reach = 256
    /// Backward probes (`am 3.`, enumeration after a sentence end) read at most this far back
    /// from the token, or twice as far for the word before a period before it.
    static let lookbehind = 64

    let p: UnsafePointer<UInt8>
    /// Byte classes (`asciiClassTable`).
    let table: UnsafePointer<CharClass>
    /// Buffer length in bytes.
    let end: Int
    /// Whether byte 0 of the buffer is the start of the text (lookbehind may stop there).
    let bufferStartsText: Bool
    /// Whether the buffer ends the text; otherwise tokens whose decisions could depend on bytes
    /// after the buffer are not emitted.
    let isFinal: Bool
    /// Absolute UTF-8 offset of byte 0 of the buffer.
    let utf8Base: Int
    let lexicon: LexiconTables
    let mode: Tokenizer.Mode
    let transcriptMarks: Bool

    init(p: UnsafePointer<UInt8>, count: Int, utf8Base: Int, bufferStartsText: Bool, isFinal: Bool, tokenizer: Tokenizer) {
        self.p = p
        self.table = asciiClassPointer
        self.end = count
        self.bufferStartsText = bufferStartsText
        self.isFinal = isFinal
        self.utf8Base = utf8Base
        self.lexicon = tokenizer.lexicon.tables
        self.mode = tokenizer.mode
        self.transcriptMarks = tokenizer.recognizesTranscriptMarks
    }

    // MARK: Reading characters

    /// The character at byte `i` (`.end` at or after the end of the buffer).
    @inline(__always)
    func char(at i: Int) -> ScannedChar {
        guard i < end else { return .end }
        let b0 = p[i]
        if b0 < 0x80 { return ScannedChar(cls: table[Int(b0)], length: 1, value: UInt32(b0)) }
        // German umlauts and ß without the general decoder.
        if b0 == 0xC3, i &+ 1 < end, Self.isLatin1LetterTail(p[i &+ 1]) {
            let b1 = p[i &+ 1]
            return ScannedChar(cls: b1 < 0x9F ? .upper : .lower, length: 2, value: 0xC0 | UInt32(b1 & 0x3F))
        }
        return decode(at: i)
    }

    /// Whether `C3 b` encodes a Latin-1 letter (U+00C0–U+00FF without × and ÷).
    @inline(__always)
    static func isLatin1LetterTail(_ b: UInt8) -> Bool {
        b &- 0x80 < 0x40 && b != 0x97 && b != 0xB7
    }

    /// Decodes a multi-byte scalar; a truncated or invalid sequence is one byte of `.symbol`.
    @inline(never)
    func decode(at i: Int) -> ScannedChar {
        let b0 = UInt32(p[i])
        var value: UInt32
        var n: Int
        switch b0 {
        case 0xC2...0xDF: value = b0 & 0x1F; n = 2
        case 0xE0...0xEF: value = b0 & 0x0F; n = 3
        case 0xF0...0xF4: value = b0 & 0x07; n = 4
        default: return ScannedChar(cls: .symbol, length: 1, value: 0xFFFD)
        }
        guard i + n <= end else { return ScannedChar(cls: .symbol, length: 1, value: 0xFFFD) }
        for k in 1..<n {
            let b = UInt32(p[i + k])
            guard b & 0xC0 == 0x80 else { return ScannedChar(cls: .symbol, length: 1, value: 0xFFFD) }
            value = (value << 6) | (b & 0x3F)
        }
        return ScannedChar(cls: classify(scalar: value), length: n, value: value)
    }

    @inline(__always)
    func byte(_ i: Int) -> UInt8 { i < end ? p[i] : 0 }

    @inline(__always)
    func isSpace(_ i: Int) -> Bool { i >= end || char(at: i).cls == .space }

    @inline(__always)
    func isAlnum(_ i: Int) -> Bool { char(at: i).cls.isAlphanumeric }

    @inline(__always)
    func isDigit(_ i: Int) -> Bool { i < end && p[i] &- 0x30 < 10 }

    @inline(__always)
    func isLowerStart(_ i: Int) -> Bool { char(at: i).cls == .lower }

    /// Start of the scalar that ends just before byte `i` (for reading backwards).
    func previousScalarStart(_ i: Int) -> Int {
        var j = i - 1
        while j > 0, p[j] & 0xC0 == 0x80, i - j < 4 { j -= 1 }
        return j
    }

    /// Whether a single inter-word space (ASCII space, no-break space, thin or narrow no-break
    /// space) starts at `i`; returns its length.
    func singleSpace(at i: Int) -> Int {
        guard i < end else { return 0 }
        if p[i] == 0x20 { return 1 }
        let c = char(at: i)
        switch c.value {
        case 0xA0, 0x2009, 0x202F: return c.length
        default: return 0
        }
    }

    /// End of the run of word characters (letters, digits, marks) that starts at `i`.
    func wordRunEnd(_ i: Int, limit: Int = 64) -> Int {
        var j = i
        while j < end, j - i < limit {
            let c = char(at: j)
            guard c.cls.continuesWord else { break }
            j += c.length
        }
        return j
    }

    /// The next non-space position after `i`, skipping at most `limit` bytes of whitespace.
    func skipSpaces(_ i: Int, limit: Int = 16) -> Int? {
        var j = i
        while j < end, j - i < limit {
            let c = char(at: j)
            if c.cls != .space { return j }
            j += c.length
        }
        return nil
    }

    // MARK: Looking back

    /// The byte range of the word before `i` (skipping spaces), if it lies within `lookbehind` bytes.
    func previousWord(before i: Int) -> Range<Int>? {
        let floor = max(0, i - Self.lookbehind)
        var j = i
        while j > floor, table[Int(p[j - 1])] == .space { j -= 1 }
        let wordEnd = j
        while j > floor {
            let k = previousScalarStart(j)
            guard k >= floor, char(at: k).cls.continuesWord else { break }
            j = k
        }
        // A word that reaches the edge of the window may go on before it: unknown.
        if j == floor && floor > 0 { return nil }
        return j < wordEnd ? j..<wordEnd : nil
    }

    /// Whether position `i` starts a sentence as far as the tokenizer needs to know: the text
    /// starts there, or the previous non-space character ends a sentence or a line (a period
    /// only when it is not an abbreviation's: `Nr. 14.` is no enumeration).
    func isSentenceStart(_ i: Int) -> Bool {
        let floor = max(0, i - Self.lookbehind)
        var j = i
        while j > floor {
            let b = p[j - 1]
            if b == 0x0A { return true }
            if table[Int(b)] != .space { break }
            j -= 1
        }
        if j == 0 { return bufferStartsText }
        if j == floor { return false }
        switch p[j - 1] {
        case UInt8(ascii: "!"), UInt8(ascii: "?"), UInt8(ascii: ":"):
            return true
        case UInt8(ascii: "."):
            guard let word = previousWord(before: j - 1), word.upperBound == j - 1 else { return true }
            return !lookup(lexicon.abbreviationSet, word.lowerBound..<j, lowercasingFirst: true)
        default:
            return false
        }
    }

    // MARK: Lexicon lookups on byte slices

    /// Looks `p[r]` up in `set`; `lowercasingFirst` tries again with an upper-case first letter
    /// lowered (`Bzw.` at a sentence start).
    func lookup(_ set: ByteSet, _ r: Range<Int>, lowercasingFirst: Bool = false) -> Bool {
        if set.contains(p + r.lowerBound, r.count) { return true }
        guard lowercasingFirst, !r.isEmpty, r.count <= 64 else { return false }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { buf in
            guard let base = buf.baseAddress else { return false }
            for k in 0..<r.count { base[k] = p[r.lowerBound + k] }
            let b0 = base[0]
            if b0 &- 0x41 < 26 {
                base[0] = b0 | 0x20
            } else if b0 == 0xC3, r.count > 1, [0x84, 0x96, 0x9C].contains(base[1]) {
                base[1] |= 0x20
            } else {
                return false
            }
            return set.contains(UnsafePointer(base), r.count)
        }
    }

    /// Looks up a word with every ASCII and German upper-case letter lowered.
    func lookupLowercased(_ set: ByteSet, _ r: Range<Int>) -> Bool {
        guard !r.isEmpty, r.count <= 64 else { return false }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { buf in
            guard let base = buf.baseAddress else { return false }
            var k = 0
            while k < r.count {
                let b = p[r.lowerBound + k]
                base[k] = b &- 0x41 < 26 ? b | 0x20 : b
                if b == 0xC3, k + 1 < r.count {
                    let b1 = p[r.lowerBound + k + 1]
                    base[k + 1] = (b1 == 0x84 || b1 == 0x96 || b1 == 0x9C) ? b1 | 0x20 : b1
                    k += 2
                    continue
                }
                k += 1
            }
            return set.contains(UnsafePointer(base), r.count)
        }
    }

}

/// Runs a `Scanner` over its buffer and collects the tokens: the scanner's only mutable part
/// (kept apart so that the passes read an immutable scanner and are never copied).
struct TokenEmitter {
    let scanner: Scanner
    /// Scalar counting cursor: `cursorScalar` is the absolute scalar offset of byte `cursorByte`.
    private var cursorByte: Int
    private var cursorScalar: Int
    var tokens: [Token] = []
    /// Where scanning stopped (a token start, or the end of the buffer).
    private(set) var stoppedAt: Int

    init(scanner: Scanner, start: Int, scalarAtStart: Int) {
        self.scanner = scanner
        self.cursorByte = start
        self.cursorScalar = scalarAtStart
        self.stoppedAt = start
    }

    /// Absolute scalar offset of byte `i`; calls must come in non-decreasing order of `i`.
    @inline(__always)
    mutating func scalarOffset(_ i: Int) -> Int {
        cursorScalar += (i - cursorByte) - Self.continuationBytes(scanner.p, cursorByte, i)
        cursorByte = i
        return cursorScalar
    }

    /// Number of UTF-8 continuation bytes (10xxxxxx) in `p[from..<to]`. Ranges are a token or
    /// the space before one, a few bytes: a plain loop beats word tricks here.
    @inline(__always)
    static func continuationBytes(_ p: UnsafePointer<UInt8>, _ from: Int, _ to: Int) -> Int {
        var i = from
        var total = 0
        while i < to {
            total &+= Int(truncatingIfNeeded: (p[i] &>> 6) == 0b10 ? 1 : 0)
            i &+= 1
        }
        return total
    }

    @inline(__always)
    mutating func append(_ kind: TokenKind, _ s: Int, _ e: Int) {
        let a = scalarOffset(s)
        let b = scalarOffset(e)
        let base = scanner.utf8Base
        tokens.append(Token(kind: kind,
                            range: TextRange(scalars: SourceSpan(start: a, end: b), utf8: (base + s)..<(base + e)),
                            spaceAfter: e < scanner.end && scanner.char(at: e).cls == .space))
    }

    /// Whether the ASCII letters and digits `p[s..<e]` need none of the word pass's checks:
    /// no possible Binnen-I (`LehrerIn`, `BürgerInnen...`) and no `xD`.
    @inline(__always)
    static func isPlainWord(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        let length = e &- s
        if length == 2 { return p[s] | 0x20 != UInt8(ascii: "x") }
        if length < 5 { return true }
        if p[e &- 1] == UInt8(ascii: "n") && p[e &- 2] == UInt8(ascii: "I") { return false }
        return length < 8 || memchr(p + s + 2, Int32(UInt8(ascii: "I")), length - 2) == nil
    }

    /// Runs the passes from `start` to the end of the buffer (or to the first token that could
    /// still change when more text arrives, if the buffer is not final).
    mutating func run(from start: Int) {
        let scanner = self.scanner
        let p = scanner.p
        let table = scanner.table
        let end = scanner.end
        let ud = scanner.mode == .universalDependencies
        var i = start
        while i < end {
            let b = p[i]
            // Fast path for the commonest case: ASCII whitespace between tokens.
            if b < 0x80, table[Int(b)] == .space { i += 1; continue }
            // Fast path for the commonest token: ASCII letters and digits up to a space or line
            // end, which no pass would treat differently (no Binnen-I, no "xD").
            if b < 0x80, table[Int(b)] == .lower || table[Int(b)] == .upper {
                var j = i &+ 1
                var umlauts = 0
                while j < end {
                    let c = p[j]
                    if table[Int(c)].rawValue &- 1 < 3 { j &+= 1; continue }
                    // Latin-1 letters (ä ö ü ß é ...): two bytes, one scalar.
                    if c == 0xC3, j &+ 1 < end, Scanner.isLatin1LetterTail(p[j &+ 1]) { j &+= 2; umlauts &+= 1; continue }
                    break
                }
                if j < end, p[j] == 0x20 || p[j] == 0x0A, scanner.isFinal || j + Scanner.reach <= end,
                   scanner.isFinal || i + Scanner.horizon <= end, Self.isPlainWord(p, i, j) {
                    let a = scalarOffset(i)
                    let length = j &- i
                    cursorByte = j
                    cursorScalar = a &+ length &- umlauts
                    tokens.append(Token(kind: .word,
                                        range: TextRange(scalars: SourceSpan(start: a, end: a &+ length &- umlauts),
                                                         utf8: (scanner.utf8Base &+ i)..<(scanner.utf8Base &+ j)),
                                        spaceAfter: true))
                    i = j &+ 1
                    continue
                }
            }
            let c = scanner.char(at: i)
            if c.cls == .space || c.cls == .ignorable { i += c.length; continue }
            if !scanner.isFinal && i + Scanner.horizon > end { stoppedAt = i; return }
            let (kind, e, flags) = scanner.scanToken(at: i, c)
            if !scanner.isFinal && e + Scanner.reach > end { stoppedAt = i; return }
            if ud && (!flags.isEmpty || kind == .abbreviation) {
                emitUniversalDependencies(kind, i, e, flags)
            } else {
                append(kind, i, e)
            }
            i = e
        }
        stoppedAt = end
    }
}
