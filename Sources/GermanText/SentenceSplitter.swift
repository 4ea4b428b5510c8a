import LeitbildCore

/// Groups tokens into sentences: a sentence ends after `.`, `!`, `?` or `…` tokens (abbreviations
/// and ordinals carry their period inside the token, so they never end one) and at the end of the range.
public struct SentenceSplitter: Sendable {
    public init() {}

    public func split(text: String, tokens: [Token], range: Range<Int>, into sentences: inout [Sentence]) {
        var start = range.lowerBound
        var i = range.lowerBound
        while i < range.upperBound {
            let token = tokens[i]
            var ends = false
            if token.kind == .punctuation {
                let t = token.text(in: text)
                if t.hasPrefix(".") || t.hasPrefix("!") || t.hasPrefix("?") || t == "…" { ends = true }
            }
            if ends {
                // Closing quotes and brackets belong to the sentence they close.
                var j = i + 1
                while j < range.upperBound, ["\"", "“", "”", "«", "»", "‘", "’", ")", "'"].contains(tokens[j].text(in: text)) { j += 1 }
                sentences.append(makeSentence(tokens, start..<j))
                start = j
                i = j
                continue
            }
            i += 1
        }
        if start < range.upperBound {
            sentences.append(makeSentence(tokens, start..<range.upperBound))
        }
    }

    private func makeSentence(_ tokens: [Token], _ r: Range<Int>) -> Sentence {
        let first = tokens[r.lowerBound].range, last = tokens[r.upperBound - 1].range
        return Sentence(range: TextRange(scalars: SourceSpan(start: first.scalars.start, end: last.scalars.end),
                                         utf8: first.utf8.lowerBound..<last.utf8.upperBound), tokens: r)
    }
}
