import LeitbildCore

/// Splits German text into tokens that keep their origin: kind, scalar and UTF-8 span in the
/// source, and whether whitespace follows.
///
/// The tokenizer works on the UTF-8 bytes of the text in one left-to-right pass with lookup
/// tables; it allocates nothing per token beyond the token itself. Its rules are ordered
/// passes (see `Tokenizer+Passes.swift`) over word lists in `Resources/` (abbreviations,
/// months, transcript marks, gender suffixes, top-level domains, emoticons).
///
/// ```swift
/// let text = "Die Bürger:innen wollen z. B. mehr Busse (lacht)."
/// for token in Tokenizer().tokenize(text) { print(token.kind, token.text(in: text)) }
/// ```
public struct Tokenizer: Sendable {
    /// Which conventions the tokens follow.
    public enum Mode: String, Sendable, CaseIterable, Codable {
        /// Leitbild's tokens: hyphenated compounds (`Smart-City-Strategie`), truncated compounds
        /// (`Rad-`), abbreviations with their period (`ca.`) and transcript marks (`(lacht)`) stay
        /// whole.
        case standard
        /// Universal Dependencies German GSD's tokens (for comparison with the treebank): splits
        /// hyphenated compounds, most abbreviation periods, `!!` and clitic `'s`; no transcript marks.
        case universalDependencies = "ud"
    }

    public var lexicon: GermanLexicon
    public var mode: Mode
    /// Whether `(lacht)`, `[unv.]`, `(...)` are one token (default: in standard mode).
    public var recognizesTranscriptMarks: Bool

    public init(mode: Mode = .standard, lexicon: GermanLexicon = .shared) {
        self.lexicon = lexicon
        self.mode = mode
        self.recognizesTranscriptMarks = mode == .standard
    }

    /// Tokenizes a whole string.
    public func tokenize(_ text: String) -> [Token] {
        var tokens: [Token] = []
        var copy = text
        copy.withUTF8 { bytes in
            tokens.reserveCapacity(bytes.count / 5 + 4)
            tokenize(utf8: bytes, utf8Offset: 0, scalarOffset: 0, into: &tokens)
        }
        return tokens
    }

    /// Tokenizes `range` of `text`, appending to `tokens`. Offsets are offsets into `text`.
    public func tokenize(_ text: String, range: TextRange, into tokens: inout [Token]) {
        let utf8 = text.utf8
        let done: Void? = utf8.withContiguousStorageIfAvailable { all in
            let slice = UnsafeBufferPointer(rebasing: all[range.utf8])
            tokenize(utf8: slice, utf8Offset: range.utf8.lowerBound, scalarOffset: range.scalars.start, into: &tokens)
        }
        if done == nil {
            let bytes = Array(utf8[utf8.index(utf8.startIndex, offsetBy: range.utf8.lowerBound)..<utf8.index(utf8.startIndex, offsetBy: range.utf8.upperBound)])
            bytes.withUnsafeBufferPointer {
                tokenize(utf8: $0, utf8Offset: range.utf8.lowerBound, scalarOffset: range.scalars.start, into: &tokens)
            }
        }
    }

    /// Tokenizes valid UTF-8 bytes (NFC) that start at `utf8Offset` and scalar `scalarOffset`
    /// of the text they come from, appending to `tokens`.
    public func tokenize(utf8 bytes: UnsafeBufferPointer<UInt8>, utf8Offset: Int = 0, scalarOffset: Int = 0,
                         into tokens: inout [Token]) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        let scanner = Scanner(p: base, count: bytes.count, utf8Base: utf8Offset, bufferStartsText: true, isFinal: true,
                              tokenizer: self)
        var emitter = TokenEmitter(scanner: scanner, start: 0, scalarAtStart: scalarOffset)
        swap(&emitter.tokens, &tokens)
        emitter.run(from: 0)
        swap(&emitter.tokens, &tokens)
    }

    /// A stream that tokenizes text fed to it in chunks of bytes (see `TokenStream`).
    public func stream() -> TokenStream { TokenStream(tokenizer: self) }
}
