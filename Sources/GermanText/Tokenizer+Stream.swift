/// Tokenizes text that arrives in pieces — a file read in blocks, a pipe — and gives exactly
/// the tokens that tokenizing the whole text at once gives, whatever the sizes of the pieces
/// (even when a piece ends inside a multi-byte character).
///
/// The stream holds back the tail of what it has seen until enough text follows that no rule
/// could still change its tokens (the scanner's lookahead is bounded), and keeps a little text
/// before that tail for the rules that look back (`am 3.`). Offsets count from the start of
/// the stream. The bytes must be valid UTF-8 in NFC, as `String.utf8` gives them.
///
/// ```swift
/// var stream = Tokenizer().stream()
/// var tokens: [Token] = []
/// for chunk in chunks { stream.feed(chunk, into: &tokens) }
/// stream.finish(into: &tokens)
/// ```
public struct TokenStream: Sendable {
    public let tokenizer: Tokenizer
    private var buffer: [UInt8] = []
    /// Absolute UTF-8 offset of `buffer[0]`.
    private var bufferOffset = 0
    /// Where scanning resumes in `buffer`, and the absolute scalar offset there.
    private var resume = 0
    private var resumeScalar = 0
    /// Bytes of text kept before `resume` for rules that look back.
    private static let context = 4 * Scanner.lookbehind
    /// Pending bytes to collect before scanning again (amortises the held-back tail).
    private static let batch = Scanner.horizon + Scanner.reach + 16 * 1024

    public init(tokenizer: Tokenizer = Tokenizer()) {
        self.tokenizer = tokenizer
    }

    /// Adds bytes to the stream and appends the tokens that are now settled.
    public mutating func feed(_ bytes: some Sequence<UInt8>, into tokens: inout [Token]) {
        buffer.append(contentsOf: bytes)
        if buffer.count - resume >= Self.batch { scan(isFinal: false, into: &tokens) }
    }

    /// Adds text to the stream and appends the tokens that are now settled.
    public mutating func feed(_ text: some StringProtocol, into tokens: inout [Token]) {
        feed(text.utf8, into: &tokens)
    }

    /// Ends the text: appends the remaining tokens. The stream can then start a new text.
    public mutating func finish(into tokens: inout [Token]) {
        scan(isFinal: true, into: &tokens)
        buffer.removeAll(keepingCapacity: true)
        bufferOffset = 0
        resume = 0
        resumeScalar = 0
    }

    private mutating func scan(isFinal: Bool, into tokens: inout [Token]) {
        let tokenizer = self.tokenizer
        let (start, startScalar, offset) = (resume, resumeScalar, bufferOffset)
        var stopped = start
        var stoppedScalar = startScalar
        buffer.withUnsafeBufferPointer { bytes in
            guard let base = bytes.baseAddress, start < bytes.count else { return }
            var scanner = Scanner(p: base, count: bytes.count, start: start, scalarAtStart: startScalar, utf8Base: offset,
                                  bufferStartsText: offset == 0, isFinal: isFinal, tokenizer: tokenizer)
            swap(&scanner.tokens, &tokens)
            scanner.run(from: start)
            swap(&scanner.tokens, &tokens)
            stopped = scanner.stoppedAt
            stoppedScalar = scanner.scalarOffset(stopped)
        }
        resume = stopped
        resumeScalar = stoppedScalar
        let drop = resume - Self.context
        if drop > 0 {
            buffer.removeFirst(drop)
            bufferOffset += drop
            resume -= drop
        }
    }
}
