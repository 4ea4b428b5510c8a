import LeitbildCore
import Themes

/// Aggregated evidence for one code across the project.
public struct CodeAggregate: Hashable, Codable, Sendable {
    public var codeID: String
    public var name: String
    public var kind: CodeKind
    /// Respondent segments coded with this code (negated ones excluded).
    public var segments: Int
    /// Negated or dismissed mentions, counted apart.
    public var negatedSegments: Int
    /// Interviews with at least one mention (n of N).
    public var interviews: Int
    /// Stakeholder groups with at least one mention (k of K).
    public var groups: Int
    /// The groups that mention it, sorted.
    public var groupNames: [String]
    /// Mean over interviews of (coded units / respondent units): each interview has equal weight.
    public var meanShare: Double
    /// Rank (1 = highest priority).
    public var rank: Int
}

/// The output of the signals stage: per-code aggregates, ranked.
public struct PriorityAnalysis: Sendable {
    public var interviewCount: Int
    public var groupNames: [String]
    /// All codable codes, ranked (highest priority first).
    public var codes: [CodeAggregate]

    public var groupCount: Int { groupNames.count }
}

/// What the aggregation looks at: the coded transcripts and the codebook.
public struct AggregationInput: Sendable {
    public var transcripts: [CodedTranscript]
    public var codebook: Codebook
    public init(transcripts: [CodedTranscript], codebook: Codebook) {
        self.transcripts = transcripts
        self.codebook = codebook
    }
}
