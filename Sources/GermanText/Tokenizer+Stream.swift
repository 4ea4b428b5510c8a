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
    private var window = ScanWindow()

    public init(tokenizer: Tokenizer = Tokenizer()) {
        self.tokenizer = tokenizer
    }

    /// A stream that scans as soon as `batch` bytes are pending (tests use small batches to
    /// exercise the held-back tail).
    init(tokenizer: Tokenizer, batch: Int) {
        self.tokenizer = tokenizer
        window.batch = batch
    }

    /// Adds bytes to the stream and appends the tokens that are now settled.
    public mutating func feed(_ bytes: some Sequence<UInt8>, into tokens: inout [Token]) {
        window.append(bytes)
        guard window.isDue else { return }
        window.scan(tokenizer, isFinal: false, into: &tokens)
        window.drop(before: window.resume - ScanWindow.context)
    }

    /// Adds text to the stream and appends the tokens that are now settled.
    public mutating func feed(_ text: some StringProtocol, into tokens: inout [Token]) {
        feed(text.utf8, into: &tokens)
    }

    /// Ends the text: appends the remaining tokens. The stream can then start a new text.
    public mutating func finish(into tokens: inout [Token]) {
        window.scan(tokenizer, isFinal: true, into: &tokens)
        window = ScanWindow(batch: window.batch)
    }
}

/// The bytes a stream holds: the unscanned tail, some text before it for lookbehind, and
/// where scanning resumes.
struct ScanWindow: Sendable {
    /// Bytes of text kept before the resume point for rules that look back.
    static let context = 4 * Scanner.lookbehind
    /// Pending bytes to collect before scanning again (amortises the held-back tail).
    static let defaultBatch = Scanner.horizon + Scanner.reach + 16 * 1024

    var batch = ScanWindow.defaultBatch
    var buffer: [UInt8] = []
    /// Text offset of `buffer[0]`.
    var offset = 0
    /// Where scanning resumes in `buffer`, and the text's scalar offset there.
    var resume = 0
    var resumeScalar = 0

    var isDue: Bool { buffer.count - resume >= batch }

    /// Appends bytes, with one copy when they are contiguous (as `String.utf8` is).
    mutating func append(_ bytes: some Sequence<UInt8>) {
        let copied: Void? = bytes.withContiguousStorageIfAvailable { buffer.append(contentsOf: $0) }
        if copied == nil { buffer.append(contentsOf: bytes) }
    }

    /// Scans from the resume point, appending settled tokens (all tokens if `isFinal`).
    mutating func scan(_ tokenizer: Tokenizer, isFinal: Bool, into tokens: inout [Token]) {
        let (start, startScalar, offset) = (resume, resumeScalar, self.offset)
        var stopped = start
        var stoppedScalar = startScalar
        buffer.withUnsafeBufferPointer { bytes in
            guard let base = bytes.baseAddress, start < bytes.count else { return }
            let scanner = Scanner(p: base, count: bytes.count, utf8Base: offset, bufferStartsText: offset == 0,
                                  isFinal: isFinal, tokenizer: tokenizer)
            var emitter = TokenEmitter(scanner: scanner, start: start, scalarAtStart: startScalar)
            swap(&emitter.tokens, &tokens)
            emitter.run(from: start)
            swap(&emitter.tokens, &tokens)
            stopped = emitter.stoppedAt
            stoppedScalar = emitter.scalarOffset(stopped)
        }
        resume = stopped
        resumeScalar = stoppedScalar
    }

    /// Forgets the bytes before buffer index `index` (never past the resume point).
    mutating func drop(before index: Int) {
        let n = min(index, resume)
        guard n > 0 else { return }
        buffer.removeFirst(n)
        offset += n
        resume -= n
    }
}
