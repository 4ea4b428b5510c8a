// `TokenStream.init(tokenizer:batch:)` is internal; small batches make short inputs exercise the
// held-back tail, so the module is imported for testing (SwiftPM debug builds allow it).
@testable import GermanText
import LeitbildCore

/// Feeding NFC text to a token stream in pieces of any size gives the whole text's tokens.
func checkStream(of text: String, mode: Tokenizer.Mode) {
    let tokenizer = Tokenizer(mode: mode)
    let whole = tokenizer.tokenize(text)
    let bytes = Array(text.utf8)
    var plans = [(3, 8), (7, 64), (max(1, bytes.count / 3), 16), (bytes.count + 1, 1 << 20)]
    if bytes.count <= 256 { plans.append((1, 1)) }
    for (chunk, batch) in plans {
        var stream = TokenStream(tokenizer: tokenizer, batch: batch)
        var tokens: [Token] = []
        var i = 0
        while i < bytes.count {
            stream.feed(bytes[i..<min(i + chunk, bytes.count)], into: &tokens)
            i += chunk
        }
        stream.finish(into: &tokens)
        require(tokens.count == whole.count, "\(mode) stream (chunk \(chunk), batch \(batch)) gives \(tokens.count) tokens, whole text \(whole.count)")
        for (k, (a, b)) in zip(tokens, whole).enumerated() {
            require(a == b, "\(mode) stream (chunk \(chunk), batch \(batch)) token \(k): \(a.kind) \(a.range.scalars) \(a.spaceAfter) vs whole \(b.kind) \(b.range.scalars) \(b.spaceAfter)")
        }
    }
}
