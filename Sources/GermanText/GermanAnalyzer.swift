import LeitbildCore

/// A transcript with its sentences and tokens: the output of the German text stage.
public struct AnalyzedTranscript: Sendable {
    public var transcript: Transcript
    /// All tokens of all turns, in text order.
    public var tokens: [Token]
    /// All sentences of all turns, in text order; a turn end is always a sentence end.
    public var sentences: [Sentence]
    /// For each turn (by index), the range of its sentences in `sentences`.
    public var turnSentences: [Range<Int>]

    public init(transcript: Transcript, tokens: [Token], sentences: [Sentence], turnSentences: [Range<Int>]) {
        self.transcript = transcript
        self.tokens = tokens
        self.sentences = sentences
        self.turnSentences = turnSentences
    }
}

/// Stage 2 entry point: splits every turn of a transcript into sentences and tokens.
///
/// Each turn is tokenized and split on its own, so a turn end is always a sentence end and no
/// token or sentence crosses a speaker change. Offsets are offsets into `transcript.text`.
public struct GermanAnalyzer: Sendable {
    public var tokenizer: Tokenizer
    public var splitter: SentenceSplitter

    public init(tokenizer: Tokenizer = Tokenizer(), splitter: SentenceSplitter = SentenceSplitter()) {
        self.tokenizer = tokenizer
        self.splitter = splitter
    }

    public func analyze(_ transcript: Transcript) -> AnalyzedTranscript {
        var text = transcript.text
        var tokens: [Token] = []
        var sentences: [Sentence] = []
        var turnSentences: [Range<Int>] = []
        turnSentences.reserveCapacity(transcript.turns.count)
        text.withUTF8 { bytes in
            tokens.reserveCapacity(bytes.count / 5 + 16)
            sentences.reserveCapacity(bytes.count / 80 + 16)
            for turn in transcript.turns {
                let r = turn.range.utf8
                precondition(r.lowerBound >= 0 && r.upperBound <= bytes.count,
                             "turn \(turn.index) of \(transcript.id) lies outside the transcript text")
                let firstToken = tokens.count
                tokenizer.tokenize(utf8: UnsafeBufferPointer(rebasing: bytes[r]), utf8Offset: r.lowerBound,
                                   scalarOffset: turn.range.scalars.start, into: &tokens)
                let firstSentence = sentences.count
                splitter.split(utf8: bytes, tokens: tokens, range: firstToken..<tokens.count, into: &sentences)
                turnSentences.append(firstSentence..<sentences.count)
            }
        }
        return AnalyzedTranscript(transcript: transcript, tokens: tokens, sentences: sentences, turnSentences: turnSentences)
    }
}
