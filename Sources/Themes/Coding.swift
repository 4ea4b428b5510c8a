import LeitbildCore

/// Which matching rule produced a hit, so every hit can be explained.
public enum MatchRule: String, Codable, Sendable, CaseIterable {
    /// The term's inflected form or spelling variant as a whole word.
    case word
    /// The term as head or modifier of a compound (Arzt in Hausarztpraxis).
    case compoundPart
    /// A `*` glob on a word or compound part.
    case glob
    /// `=Form`: that exact form only.
    case exactForm
    /// A multiword phrase, in order.
    case phrase
}

/// One term hit in the text.
public struct TermMatch: Hashable, Codable, Sendable {
    /// The term as written in the codebook.
    public var term: String
    public var rule: MatchRule
    /// What matched in the text (from the first to the last matched token; whole words).
    public var range: TextRange
    /// Indices of the first and last matched token (into `AnalyzedTranscript.tokens`), as a range.
    public var tokens: Range<Int>?
    /// For `.compoundPart` (and globs on a part): the compound part(s) that matched, as lemmas
    /// joined by `|` ("arzt" in Hausarztpraxis, "rad|weg" in Radwegenetz).
    public var part: String?
    /// For `.compoundPart` (and globs on a part): where that part is inside the word.
    public var partRange: TextRange?
    /// Set when the code got this match from a child code (`include_children`): the child's id.
    public var viaCode: String?

    public init(term: String, rule: MatchRule, range: TextRange, tokens: Range<Int>? = nil, part: String? = nil,
                partRange: TextRange? = nil, viaCode: String? = nil) {
        self.term = term
        self.rule = rule
        self.range = range
        self.tokens = tokens
        self.part = part
        self.partRange = partRange
        self.viaCode = viaCode
    }

    /// The exact span that matched: the compound part where there is one, else the words.
    public var matchedRange: TextRange { partRange ?? range }
}

/// A code assigned to a segment, with the evidence.
public struct CodeAssignment: Hashable, Codable, Sendable {
    public var codeID: String
    public var matches: [TermMatch]
    /// The mention is negated or dismissed ("kein Thema", "brauchen wir nicht"): recorded, flagged,
    /// and treated apart by aggregation.
    public var negated: Bool
    /// The cue that negated it, if any.
    public var negationCue: TextRange?
    /// The cue pattern from `dismissal-cues.txt` that matched ("spielt ... keine rolle"), if any.
    public var negationPattern: String?
    public init(codeID: String, matches: [TermMatch], negated: Bool = false, negationCue: TextRange? = nil,
                negationPattern: String? = nil) {
        self.codeID = codeID
        self.matches = matches
        self.negated = negated
        self.negationCue = negationCue
        self.negationPattern = negationPattern
    }
}

/// A segment with the codes assigned to it.
public struct CodedSegment: Hashable, Codable, Sendable {
    public var segment: Segment
    public var codes: [CodeAssignment]
    public init(segment: Segment, codes: [CodeAssignment]) {
        self.segment = segment
        self.codes = codes
    }
}

/// The unit of coding.
public enum CodingUnit: String, Codable, Sendable, CaseIterable {
    case sentence, turn, document
}

/// A transcript after coding: the output of the themes stage.
public struct CodedTranscript: Sendable {
    public var transcript: Transcript
    /// Respondent segments with at least one code, in text order. Interviewer turns never appear here.
    public var segments: [CodedSegment]
    /// Interviewer segments that mention a code: they can prompt a theme but never count as a mention.
    public var interviewerMentions: [CodedSegment]
    /// Number of respondent units (coded or not): the denominator of per-interview shares.
    public var respondentUnitCount: Int
    /// Number of word tokens in respondent turns.
    public var respondentWordCount: Int

    public init(transcript: Transcript, segments: [CodedSegment], interviewerMentions: [CodedSegment],
                respondentUnitCount: Int, respondentWordCount: Int) {
        self.transcript = transcript
        self.segments = segments
        self.interviewerMentions = interviewerMentions
        self.respondentUnitCount = respondentUnitCount
        self.respondentWordCount = respondentWordCount
    }
}
