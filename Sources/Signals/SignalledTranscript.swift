import LeitbildCore

/// One cue found in a respondent sentence, with its offsets, what modified it, and the codes it
/// was attached to.
public struct CueHit: Hashable, Codable, Sendable {
    /// What the cue counts as after negation ("nicht dringend" counts as `downgrade`).
    public var kind: CueKind
    /// What the lexicon lists it as (`urgency` for "dringend").
    public var lexiconKind: CueKind
    /// The lexicon pattern that matched, as written (`dringend*`).
    public var cue: String
    /// The matched words, from the first to the last.
    public var range: TextRange
    /// Effective weight in (0, 1]: lexicon weight, flipped, hedged or intensified.
    public var weight: Double
    /// The negation that flipped the cue ("nicht", "kein").
    public var negation: TextRange?
    /// The hedge that halved it ("eher", "vielleicht").
    public var hedge: TextRange?
    /// The intensifier that doubled it ("sehr", "besonders").
    public var intensifier: TextRange?
    /// Codes the cue counts for (see "Zuordnung" in docs/priorities.md).
    public var codes: [String]
    /// Found in an anaphoric follow-up sentence without a code of its own ("Das ist dringend.")
    /// and attached to the previous sentence's codes.
    public var carried: Bool

    /// Memberwise (the run cache builds these field by field).
    public init(kind: CueKind, lexiconKind: CueKind, cue: String, range: TextRange, weight: Double, negation: TextRange?, hedge: TextRange?, intensifier: TextRange?, codes: [String], carried: Bool) {
        self.kind = kind
        self.lexiconKind = lexiconKind
        self.cue = cue
        self.range = range
        self.weight = weight
        self.negation = negation
        self.hedge = hedge
        self.intensifier = intensifier
        self.codes = codes
        self.carried = carried
    }
}

/// How a respondent frames a field in one segment.
public enum Stance: String, Codable, Sendable, CaseIterable {
    /// Need or problem: something is missing or should improve.
    case need
    /// Potential or asset: something to build on.
    case asset
    /// Neither, or both equally.
    case neutral
}

/// The signals of one code in one coded segment.
public struct CodeSignal: Hashable, Codable, Sendable {
    public var codeID: String
    /// The themes stage flagged the mention as negated or dismissed ("brauchen wir nicht"): it
    /// never counts as a mention and weakens the code's importance.
    public var dismissed: Bool
    /// The interviewer turn that raised the code just before this respondent turn, if any.
    public var promptedBy: Int?
    /// Strongest importance or urgency cue (0...1).
    public var emphasis: Double
    /// Strongest weakening (0...1): a downgrade cue, a flipped importance cue, or 1 for a dismissal.
    public var weakening: Double
    /// Strongest problem-pressure cue (0...1).
    public var problem: Double
    /// Strongest need cue, problem cues included (0...1).
    public var need: Double
    /// Strongest potential/asset cue (0...1).
    public var asset: Double
    public var stance: Stance

    public var prompted: Bool { promptedBy != nil }

    /// Memberwise (the run cache builds these field by field).
    public init(codeID: String, dismissed: Bool, promptedBy: Int?, emphasis: Double, weakening: Double, problem: Double, need: Double, asset: Double, stance: Stance) {
        self.codeID = codeID
        self.dismissed = dismissed
        self.promptedBy = promptedBy
        self.emphasis = emphasis
        self.weakening = weakening
        self.problem = problem
        self.need = need
        self.asset = asset
        self.stance = stance
    }
}

/// The signals of one coded respondent segment.
public struct SegmentSignals: Hashable, Codable, Sendable {
    /// `Segment.index` in the coded transcript.
    public var segmentIndex: Int
    public var turnIndex: Int
    public var sourceLine: Int
    public var range: TextRange
    public var codes: [CodeSignal]
    public var cues: [CueHit]
    /// The segment answers the interviewer's request for a self-introduction ("Stellen Sie sich
    /// bitte kurz vor"): its codes name the speaker's office, employer or club, not a field they
    /// raise, so it counts for no priority (docs/priorities.md, "Self-introductions").
    public var introduction: Bool

    /// Memberwise (the run cache builds these field by field).
    public init(segmentIndex: Int, turnIndex: Int, sourceLine: Int, range: TextRange, codes: [CodeSignal], cues: [CueHit],
                introduction: Bool = false) {
        self.segmentIndex = segmentIndex
        self.turnIndex = turnIndex
        self.sourceLine = sourceLine
        self.range = range
        self.codes = codes
        self.cues = cues
        self.introduction = introduction
    }
}

extension SegmentSignals {
    enum CodingKeys: String, CodingKey { case segmentIndex, turnIndex, sourceLine, range, codes, cues, introduction }

    /// `introduction` only when set, as analysis.json writes it (most segments are no introduction).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(segmentIndex, forKey: .segmentIndex)
        try c.encode(turnIndex, forKey: .turnIndex)
        try c.encode(sourceLine, forKey: .sourceLine)
        try c.encode(range, forKey: .range)
        try c.encode(codes, forKey: .codes)
        try c.encode(cues, forKey: .cues)
        if introduction { try c.encode(true, forKey: .introduction) }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(segmentIndex: try c.decode(Int.self, forKey: .segmentIndex), turnIndex: try c.decode(Int.self, forKey: .turnIndex),
                  sourceLine: try c.decode(Int.self, forKey: .sourceLine), range: try c.decode(TextRange.self, forKey: .range),
                  codes: try c.decode([CodeSignal].self, forKey: .codes), cues: try c.decode([CueHit].self, forKey: .cues),
                  introduction: try c.decodeIfPresent(Bool.self, forKey: .introduction) ?? false)
    }
}

/// One field of an explicit ranking.
public struct RankEntry: Hashable, Codable, Sendable {
    public var rank: Int
    public var codeID: String
    /// The marker ("zweitens", "an erster Stelle") as written in the lexicon.
    public var marker: String
    /// Where the marker is.
    public var markerRange: TextRange

    /// Memberwise (the run cache builds these field by field).
    public init(rank: Int, codeID: String, marker: String, markerRange: TextRange) {
        self.rank = rank
        self.codeID = codeID
        self.marker = marker
        self.markerRange = markerRange
    }
}

/// An explicit ranking stated within one respondent turn ("erstens ..., zweitens ...").
public struct ExplicitRanking: Hashable, Codable, Sendable {
    public var turnIndex: Int
    public var sourceLine: Int
    /// Ranked codes in the order the markers appear.
    public var entries: [RankEntry]

    /// Memberwise (the run cache builds these field by field).
    public init(turnIndex: Int, sourceLine: Int, entries: [RankEntry]) {
        self.turnIndex = turnIndex
        self.sourceLine = sourceLine
        self.entries = entries
    }
}

/// A respondent word not covered by any code, counted for the emergent-term search.
public struct TermCandidate: Hashable, Codable, Sendable {
    /// Lower-cased form (the key of the reference frequency list).
    public var word: String
    /// The form as first written (nouns keep their capital).
    public var surface: String
    public var count: Int
    /// Occurrences not at the start of a sentence, written with a capital (nouns) and in lower case.
    public var capitalized: Int
    public var lowercase: Int
    /// Zipf frequency in the reference list; nil when unlisted.
    public var zipf: Double?
    /// Index into `EmergentEvidence.examples` of the first sentence using it.
    public var example: Int

    /// Memberwise (the run cache builds these field by field).
    public init(word: String, surface: String, count: Int, capitalized: Int, lowercase: Int, zipf: Double?, example: Int) {
        self.word = word
        self.surface = surface
        self.count = count
        self.capitalized = capitalized
        self.lowercase = lowercase
        self.zipf = zipf
        self.example = example
    }
}

/// A sentence quoted as an example of an emergent term.
///
/// Its text is not kept: the few examples the final terms show are quoted from
/// `SignalledTranscript.text` by `range` (`text(in:)`), so that the run cache need not store (and
/// a run from it decode) a sentence for every example of every interview, of which at most
/// `maxTerms` × `examples` (30 × 3) are ever shown. Decoding `EmergentEvidence` was ~18 % of the
/// decode samples of a +1 file run at 5,000 interviews, and the `coded` layer of 1,000 synthetic
/// interviews shrank from 31.2 to 26.3 MB without the texts (docs/batch.md, "On-disk format").
public struct ExampleSentence: Hashable, Codable, Sendable {
    public var range: TextRange
    public var sourceLine: Int

    /// Memberwise (the run cache builds these field by field).
    public init(range: TextRange, sourceLine: Int) {
        self.range = range
        self.sourceLine = sourceLine
    }

    /// Unicode scalars an example shows at most (`shortened`).
    static let maxLength = 300

    /// A sentence as an example: one line (line breaks become spaces), at most `maxLength`
    /// Unicode scalars, cut at the last space before and marked " …". Reports that show a
    /// sentence's pseudonymised text instead of `TermExample.text` shorten it the same way.
    public static func shortened(_ sentence: String) -> String {
        let scalars = sentence.unicodeScalars.map { $0 == "\n" ? " " : $0 }
        guard scalars.count > maxLength else { return String(String.UnicodeScalarView(scalars)) }
        var cut = Array(scalars.prefix(maxLength))
        if let space = cut.lastIndex(of: " ") { cut = Array(cut[..<space]) }
        return String(String.UnicodeScalarView(cut)) + " …"
    }

    /// The sentence as an example (`shortened(_:)`), quoted from its transcript's text (NFC) by
    /// `range`; empty when the range lies outside the text (a text that is not the transcript's).
    func text(in transcriptText: String) -> String {
        var transcriptText = transcriptText
        return transcriptText.withUTF8 { bytes in
            let r = range.utf8
            guard r.lowerBound >= 0, r.upperBound <= bytes.count else { return "" }
            return EmergentCollector.shortened(bytes, r)
        }
    }
}

/// What one transcript contributes to the emergent-term search.
public struct EmergentEvidence: Hashable, Codable, Sendable {
    /// Uncovered, non-stop-word respondent words below the reference-frequency ceiling that this
    /// interview writes like nouns, in order of first occurrence.
    public var candidates: [TermCandidate]
    public var examples: [ExampleSentence]
    /// Lower-cased respondent words that a code term matched somewhere: never suggested.
    public var coveredWords: [String]
    /// Lower-cased words of names from the metadata and speaker labels: never suggested.
    public var nameWords: [String]
    /// Zipf assumed for words the reference list lacks; nil when no reference was given.
    public var unlistedZipf: Double?

    public static let empty = EmergentEvidence(candidates: [], examples: [], coveredWords: [], nameWords: [], unlistedZipf: nil)

    /// Memberwise (the run cache builds these field by field).
    public init(candidates: [TermCandidate], examples: [ExampleSentence], coveredWords: [String], nameWords: [String], unlistedZipf: Double?) {
        self.candidates = candidates
        self.examples = examples
        self.coveredWords = coveredWords
        self.nameWords = nameWords
        self.unlistedZipf = unlistedZipf
    }
}

/// The output of `SignalDetector` for one transcript: compact, `Codable` (to cache it), and all
/// the aggregation needs, so tokens can be dropped after detection. The text stays, shared with
/// the transcript (not a copy), for the examples of emergent terms; the cache does not store it.
public struct SignalledTranscript: Hashable, Codable, Sendable {
    public static let formatVersion = 1
    public var version: Int
    public var interviewID: String
    /// Source path as given; with the id it orders transcripts deterministically.
    public var file: String
    public var group: String?
    public var municipality: String?
    /// Respondent units (coded or not): the denominator of per-interview shares.
    public var respondentUnitCount: Int
    /// Respondent turns: the units of turn-level co-occurrence.
    public var respondentTurnCount: Int
    public var respondentWordCount: Int
    /// One entry per coded respondent segment, in text order.
    public var segments: [SegmentSignals]
    public var rankings: [ExplicitRanking]
    public var emergent: EmergentEvidence
    /// The transcript's text (NFC), from which the examples of emergent terms are quoted
    /// (`ExampleSentence`). Not encoded: the run cache holds it in the file's `parsed` entry, and
    /// whoever decodes a signalled transcript sets it from there, as the pipeline's `FileWorker`
    /// sets `file`; until then it is empty, and so are the examples' texts.
    public var text: String = ""

    /// Every field but `text`, which is not encoded.
    enum CodingKeys: String, CodingKey {
        case version, interviewID, file, group, municipality, respondentUnitCount, respondentTurnCount, respondentWordCount, segments,
             rankings, emergent
    }

    public init(interviewID: String, file: String, group: String?, municipality: String?, respondentUnitCount: Int,
                respondentTurnCount: Int, respondentWordCount: Int, segments: [SegmentSignals], rankings: [ExplicitRanking],
                emergent: EmergentEvidence, text: String) {
        self.version = Self.formatVersion
        self.interviewID = interviewID
        self.file = file
        self.group = group
        self.municipality = municipality
        self.respondentUnitCount = respondentUnitCount
        self.respondentTurnCount = respondentTurnCount
        self.respondentWordCount = respondentWordCount
        self.segments = segments
        self.rankings = rankings
        self.emergent = emergent
        self.text = text
    }
}
