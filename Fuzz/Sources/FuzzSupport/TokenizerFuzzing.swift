import Foundation
import GermanText
import LeitbildCore

/// Feeds one fuzzer input to the tokenizer and sentence splitter and checks the properties the
/// rest of the pipeline relies on (not only that nothing crashes).
///
/// Invalid UTF-8 is decoded with replacement characters, as `String(decoding:)` does: the
/// tokenizer only ever sees Swift strings. The text is tokenized as given and once more in its
/// normalised form (NFC, LF), which is what the pipeline passes.
public func fuzzTokenizer(_ bytes: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: bytes, count: size), as: UTF8.self)
    checkTokenizer(text)
    return 0
}

/// The check behind `fuzzTokenizer`, also used to replay saved inputs.
public func checkTokenizer(_ raw: String) {
    checkTokenization(of: raw)
    let normalised = raw.normalizedForLeitbild
    if !normalised.utf8.elementsEqual(raw.utf8) { checkTokenization(of: normalised) }
    // The stream takes NFC text, as the pipeline passes it, in both tokenizer modes.
    for mode in Tokenizer.Mode.allCases { checkStream(of: normalised, mode: mode) }
}

/// What may lie between tokens: whitespace, and invisible format characters (BOM, soft hyphen,
/// zero-width space and joiners), which carry no words.
func isSkippable(_ scalar: Unicode.Scalar) -> Bool {
    scalar.properties.isWhitespace || scalar.value == 0xAD || scalar.properties.generalCategory == .format
}

func checkTokenization(of text: String) {
    let map = ScalarMap(text)
    let scalars = Array(text.unicodeScalars)
    let tokenizer = Tokenizer()
    let tokens = tokenizer.tokenize(text)

    // Tokens are in order, within the text, on scalar boundaries, never empty, and only
    // whitespace lies between them: tokens plus whitespace rebuild the input.
    var previousEnd = 0
    for (i, token) in tokens.enumerated() {
        map.check(token.range, "token \(i)")
        let span = token.range.scalars
        require(!span.isEmpty, "token \(i) is empty")
        require(span.start >= previousEnd, "token \(i) starts at \(span.start), before the previous token ends (\(previousEnd))")
        for gap in previousEnd..<span.start {
            require(isSkippable(scalars[gap]),
                    "scalar \(gap) (U+\(String(scalars[gap].value, radix: 16, uppercase: true))) between tokens is neither whitespace nor in a token")
        }
        let followedBySpace = span.end < scalars.count && scalars[span.end].properties.isWhitespace
        require(token.spaceAfter == followedBySpace, "token \(i) has spaceAfter \(token.spaceAfter), the text says \(followedBySpace)")
        previousEnd = span.end
    }
    for gap in previousEnd..<scalars.count {
        require(isSkippable(scalars[gap]), "scalar \(gap) after the last token is neither whitespace nor in a token")
    }

    // Tokenizing line by line (as the analyzer tokenizes turn by turn) gives the same tokens as
    // tokenizing the whole text: no rule reaches across a line end. `spaceAfter` of a line's
    // last token is compared separately (below), since a range ends before its newline.
    var chunked: [Token] = []
    var lastOfChunk = Set<Int>()
    var lineStart = 0
    var lineStartScalar = 0
    var offset = 0
    var scalarOffset = 0
    func tokenizeLine(upTo end: Int, scalarEnd: Int) {
        let before = chunked.count
        tokenizer.tokenize(text, range: TextRange(scalars: SourceSpan(start: lineStartScalar, end: scalarEnd), utf8: lineStart..<end),
                           into: &chunked)
        if chunked.count > before { lastOfChunk.insert(chunked.count - 1) }
    }
    for byte in text.utf8 {
        if byte == 10 {
            tokenizeLine(upTo: offset, scalarEnd: scalarOffset)
            lineStart = offset + 1
            lineStartScalar = scalarOffset + 1
        }
        offset += 1
        if byte & 0xC0 != 0x80 { scalarOffset += 1 }
    }
    tokenizeLine(upTo: offset, scalarEnd: scalarOffset)
    require(chunked.count == tokens.count, "line-by-line tokenizing gives \(chunked.count) tokens, the whole text \(tokens.count)")
    for (i, (a, b)) in zip(chunked, tokens).enumerated() {
        require(a.kind == b.kind && a.range == b.range,
                "token \(i): line by line \(a.kind) \(a.range.scalars), whole text \(b.kind) \(b.range.scalars)")
        if !lastOfChunk.contains(i) {
            require(a.spaceAfter == b.spaceAfter, "token \(i): spaceAfter differs between line-by-line and whole-text tokenizing")
        }
    }

    // Sentences partition the tokens in order; each spans its first to its last token.
    var sentences: [Sentence] = []
    SentenceSplitter().split(text: text, tokens: tokens, range: 0..<tokens.count, into: &sentences)
    var nextToken = 0
    for (i, sentence) in sentences.enumerated() {
        require(sentence.tokens.lowerBound == nextToken && !sentence.tokens.isEmpty,
                "sentence \(i) holds tokens \(sentence.tokens), expected to start at \(nextToken)")
        require(sentence.tokens.upperBound <= tokens.count, "sentence \(i) holds tokens \(sentence.tokens) of \(tokens.count)")
        map.check(sentence.range, "sentence \(i)")
        require(sentence.range.scalars.start == tokens[sentence.tokens.lowerBound].range.scalars.start
                && sentence.range.scalars.end == tokens[sentence.tokens.upperBound - 1].range.scalars.end,
                "sentence \(i) spans \(sentence.range.scalars), its tokens another span")
        nextToken = sentence.tokens.upperBound
    }
    require(nextToken == tokens.count, "sentences cover \(nextToken) of \(tokens.count) tokens")
}
