/// Tokenizes and splits text that arrives in pieces, and hands over each sentence as soon as
/// no later text can change it: the same tokens and sentences as tokenizing and splitting the
/// whole text at once, in memory that does not grow with the text.
///
/// A sentence is settled once the next one has started (the splitter decides a boundary from
/// the tokens up to the first token after it). The bytes must be valid UTF-8 in NFC.
///
/// ```swift
/// var stream = SentenceStream()
/// let printSentences = { (batch: SentenceBatch) in
///     for sentence in batch.sentences {
///         print(sentence.tokens.map { batch.text(of: batch.tokens[$0]) })
///     }
/// }
/// for chunk in chunks { stream.feed(chunk, printSentences) }
/// stream.finish(printSentences)
/// ```
public struct SentenceStream: Sendable {
    public let tokenizer: Tokenizer
    public let splitter: SentenceSplitter
    private var window = ScanWindow()
    /// Tokens of the sentence that is not settled yet.
    private var pending: [Token] = []
    private var sentences: [Sentence] = []

    public init(tokenizer: Tokenizer = Tokenizer(), splitter: SentenceSplitter = SentenceSplitter()) {
        self.tokenizer = tokenizer
        self.splitter = splitter
    }

    /// A stream that scans as soon as `batch` bytes are pending (for tests).
    init(tokenizer: Tokenizer, splitter: SentenceSplitter, batch: Int) {
        self.init(tokenizer: tokenizer, splitter: splitter)
        window.batch = batch
    }

    /// Adds bytes; calls `body` with the sentences that are now settled.
    public mutating func feed(_ bytes: some Sequence<UInt8>,
                              _ body: (SentenceBatch) throws -> Void) rethrows {
        window.append(bytes)
        guard window.isDue else { return }
        try settle(isFinal: false, body)
    }

    /// Adds text; see `feed(_:_:)` for bytes.
    public mutating func feed(_ text: some StringProtocol,
                              _ body: (SentenceBatch) throws -> Void) rethrows {
        try feed(text.utf8, body)
    }

    /// Ends the text: hands over the remaining sentences. The stream can then start a new text.
    public mutating func finish(_ body: (SentenceBatch) throws -> Void) rethrows {
        try settle(isFinal: true, body)
        window = ScanWindow(batch: window.batch)
        pending.removeAll(keepingCapacity: true)
    }

    private mutating func settle(isFinal: Bool,
                                 _ body: (SentenceBatch) throws -> Void) rethrows {
        window.scan(tokenizer, isFinal: isFinal, into: &pending)
        sentences.removeAll(keepingCapacity: true)
        // No second reference to `pending` may outlive these calls: `removeFirst` below would
        // then copy the whole array (copy-on-write) instead of moving the unsettled tail.
        if !pending.isEmpty {
            let offset = window.offset
            window.buffer.withUnsafeBufferPointer { bytes in
                splitter.split(utf8: bytes, utf8Offset: offset, tokens: pending, range: 0..<pending.count, into: &sentences)
            }
        }
        let settled = isFinal ? sentences.count : max(0, sentences.count - 1)
        if settled > 0 {
            let offset = window.offset
            try window.buffer.withUnsafeBufferPointer { bytes in
                try body(SentenceBatch(tokens: pending, sentences: sentences[0..<settled], bytes: bytes, offset: offset))
            }
            pending.removeFirst(settled < sentences.count ? sentences[settled].tokens.lowerBound : pending.count)
        }
        // Keep the bytes of the unsettled sentence (the splitter reads them) and the lookbehind context.
        var keep = window.resume - ScanWindow.context
        if let first = pending.first { keep = min(keep, first.range.utf8.lowerBound - window.offset) }
        window.drop(before: keep)
    }
}

/// Settled sentences handed over by a `SentenceStream`, with their tokens and text. Valid only
/// during the call it is passed to (the text is the stream's buffer).
public struct SentenceBatch {
    /// Tokens; `sentences[k].tokens` index into this array (it may hold further, unsettled tokens).
    public let tokens: [Token]
    public let sentences: ArraySlice<Sentence>
    let bytes: UnsafeBufferPointer<UInt8>
    /// Text offset of `bytes[0]`.
    let offset: Int

    /// The UTF-8 bytes of a range of the text (a range of a token or sentence of this batch).
    public func utf8(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[(range.lowerBound - offset)..<(range.upperBound - offset)])
    }

    /// The text of a token of this batch.
    public func text(of token: Token) -> String {
        String(decoding: utf8(token.range.utf8), as: UTF8.self)
    }
}
