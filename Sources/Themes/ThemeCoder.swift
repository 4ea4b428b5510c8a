import GermanText
import LeitbildCore

/// Stage 3 entry point: assigns codebook codes to the segments of an analysed transcript and
/// records, for every hit, which term matched where and by which rule.
///
/// Skeleton version: words match by folded key or Snowball stem, `*` globs by prefix/suffix of
/// the folded key, phrases as consecutive words. The coding issue adds compounds, exclusions,
/// context rules and negation.
public struct ThemeCoder: Sendable {
    public var codebook: Codebook
    public var unit: CodingUnit
    private let compiled: [CompiledCode]

    struct CompiledTerm: Sendable {
        var term: String
        var parts: [Pattern]
    }
    enum Pattern: Sendable {
        case stem(String)
        case exact(String)
        case prefix(String)
        case suffix(String)
    }
    struct CompiledCode: Sendable {
        var id: String
        var terms: [CompiledTerm]
    }

    public init(codebook: Codebook, unit: CodingUnit = .sentence) {
        self.codebook = codebook
        self.unit = unit
        let stemmer = SnowballStemmer()
        compiled = codebook.codableCodes.map { code in
            CompiledCode(id: code.id, terms: code.terms.map { term in
                let words = term.split(separator: " ")
                return CompiledTerm(term: term, parts: words.map { w in
                    if w.hasPrefix("=") { return .exact(String(w.dropFirst())) }
                    if w.hasSuffix("*") { return .prefix(Folding.key(w.dropLast())) }
                    if w.hasPrefix("*") { return .suffix(Folding.key(w.dropFirst())) }
                    return .stem(stemmer?.stem(w.lowercased()) ?? Folding.key(w))
                })
            })
        }
    }

    /// Codes every unit of the transcript.
    public func code(_ document: AnalyzedTranscript) -> CodedTranscript {
        let transcript = document.transcript
        let text = transcript.text
        let stemmer = SnowballStemmer()
        let lineIndex = transcript.source.textLinesAreSourceLines ? LineIndex(text) : nil
        var segments: [CodedSegment] = []
        var prompts: [CodedSegment] = []
        var unitCount = 0
        var wordCount = 0
        var segmentIndex = 0

        for (turnIndex, turn) in transcript.turns.enumerated() {
            let sentenceRange = document.turnSentences[turnIndex]
            let units: [Range<Int>]  // token ranges
            switch unit {
            case .sentence: units = sentenceRange.map { document.sentences[$0].tokens }
            case .turn, .document:
                guard let first = sentenceRange.first, let last = sentenceRange.last else { continue }
                units = [document.sentences[first].tokens.lowerBound..<document.sentences[last].tokens.upperBound]
            }
            for tokenRange in units where !tokenRange.isEmpty {
                let words = tokenRange.filter { document.tokens[$0].isWordLike }
                if turn.role.isStakeholderVoice {
                    unitCount += 1
                    wordCount += words.count
                }
                let surface = words.map { document.tokens[$0].text(in: text) }
                let keys = surface.map { Folding.key($0) }
                let stems = surface.map { stemmer?.stem($0.lowercased()) ?? Folding.key($0) }
                var assignments: [CodeAssignment] = []
                for code in compiled {
                    var matches: [TermMatch] = []
                    for term in code.terms {
                        var w = 0
                        while w + term.parts.count <= words.count {
                            var ok = true
                            for (k, p) in term.parts.enumerated() {
                                let key = keys[w + k], stem = stems[w + k]
                                switch p {
                                case .stem(let s): ok = stem == s
                                case .exact(let e): ok = surface[w + k] == e
                                case .prefix(let s): ok = key.hasPrefix(s)
                                case .suffix(let s): ok = key.hasSuffix(s)
                                }
                                if !ok { break }
                            }
                            if ok {
                                let a = document.tokens[words[w]].range, b = document.tokens[words[w + term.parts.count - 1]].range
                                let rule: MatchRule = term.parts.count > 1 ? .phrase : {
                                    switch term.parts[0] { case .stem: .word; case .exact: .exactForm; default: .glob }
                                }()
                                matches.append(TermMatch(term: term.term, rule: rule, range: TextRange(
                                    scalars: SourceSpan(start: a.scalars.start, end: b.scalars.end), utf8: a.utf8.lowerBound..<b.utf8.upperBound)))
                                w += term.parts.count
                            } else {
                                w += 1
                            }
                        }
                    }
                    if !matches.isEmpty {
                        matches.sort { $0.range.scalars < $1.range.scalars }
                        assignments.append(CodeAssignment(codeID: code.id, matches: matches))
                    }
                }
                guard !assignments.isEmpty else { continue }
                let first = document.tokens[tokenRange.lowerBound].range, last = document.tokens[tokenRange.upperBound - 1].range
                let range = TextRange(scalars: SourceSpan(start: first.scalars.start, end: last.scalars.end),
                                      utf8: first.utf8.lowerBound..<last.utf8.upperBound)
                let segment = Segment(transcriptID: transcript.id, index: segmentIndex, turnIndex: turnIndex, role: turn.role,
                                      speakerID: turn.speakerID, range: range,
                                      sourceLine: transcript.sourceLine(atUTF8Offset: range.utf8.lowerBound, lineIndex: lineIndex),
                                      startTime: turn.startTime)
                if turn.role.isStakeholderVoice {
                    segments.append(CodedSegment(segment: segment, codes: assignments))
                    segmentIndex += 1
                } else {
                    prompts.append(CodedSegment(segment: segment, codes: assignments))
                }
            }
        }
        return CodedTranscript(transcript: transcript, segments: segments, interviewerMentions: prompts,
                               respondentUnitCount: unitCount, respondentWordCount: wordCount)
    }
}
