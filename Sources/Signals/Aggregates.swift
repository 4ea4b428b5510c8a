import LeitbildCore
import Themes

/// A bootstrap percentile interval.
public struct Interval: Hashable, Codable, Sendable {
    public var low: Double
    public var high: Double
    public init(low: Double, high: Double) {
        self.low = low
        self.high = high
    }
}

/// One component of a code's priority index, shown beside it.
public struct IndexComponent: Hashable, Codable, Sendable {
    /// Component id (`interviews`, `groups`, `intensity`, ...).
    public var id: String
    /// German label for reports.
    public var label: String
    /// The component's value (0...1; importance -1...1).
    public var value: Double
    /// Its weight in the settings.
    public var weight: Double
    /// Index points it contributes: 100 × weight × value / sum of weights.
    public var points: Double
}

/// How stable a code's rank is over bootstrap resamples (ranks within the code's kind).
public struct RankStability: Hashable, Codable, Sendable {
    /// Share of resamples in which the code is among the top 3.
    public var top3: Double
    /// Share of resamples in which the code is among the top 5.
    public var top5: Double
    /// Percentile interval of its rank.
    public var rankInterval: Interval
}

/// Bootstrap intervals of a code's figures.
public struct CodeIntervals: Hashable, Codable, Sendable {
    public var priorityIndex: Interval
    public var interviewShare: Interval
    public var meanShare: Interval
}

/// Aggregated evidence for one code across the project.
public struct CodeAggregate: Hashable, Codable, Sendable {
    public var codeID: String
    public var name: String
    public var kind: CodeKind
    /// Respondent segments coded with this code (dismissed ones excluded).
    public var segments: Int
    /// Negated or dismissed mentions, counted apart.
    public var negatedSegments: Int
    /// Segments whose code the interviewer's preceding turn had raised.
    public var promptedSegments: Int
    /// Interviews with at least one mention (n of N).
    public var interviews: Int
    /// Stakeholder groups with at least one mention (k of K).
    public var groups: Int
    /// The groups that mention it, sorted.
    public var groupNames: [String]
    /// Weighted share of interviews that mention it (n/N with equal interview weights).
    public var interviewShare: Double
    /// Weighted mean over interviews of (coded units / respondent units): each interview has equal weight.
    public var meanShare: Double
    /// Share of its mentions that were spontaneous (per interview, then weighted over the mentioning interviews).
    public var spontaneousShare: Double
    /// Interviews with at least one spontaneous mention.
    public var spontaneousInterviews: Int
    /// Interviews with an importance or urgency cue for it, and with a weakening or dismissal.
    public var emphasisInterviews: Int
    public var weakeningInterviews: Int
    /// Interviews with a problem-pressure cue for it.
    public var problemInterviews: Int
    /// Interviews that rank it explicitly, and its best rank there on average.
    public var rankedInterviews: Int
    public var meanExplicitRank: Double?
    /// Segments framing it as need/problem and as potential/asset.
    public var needSegments: Int
    public var assetSegments: Int
    /// The priority index (0...100) and its components, in `PriorityComponent` order.
    public var priorityIndex: Double
    public var components: [IndexComponent]
    /// 95 % bootstrap intervals (nil when the bootstrap is off).
    public var intervals: CodeIntervals?
    public var rankStability: RankStability?
    /// Rank among codes of its kind (1 = highest priority).
    public var rank: Int

    /// The value of one component.
    public func component(_ c: PriorityComponent) -> IndexComponent? { components.first { $0.id == c.rawValue } }
}

/// A code's per-interview component values (all but group breadth), as in `PriorityComponent`.
public struct InterviewComponents: Hashable, Codable, Sendable {
    public var interviews: Double
    public var intensity: Double
    public var spontaneity: Double
    public var importance: Double
    public var problemPressure: Double
    public var ranking: Double

    enum CodingKeys: String, CodingKey {
        case interviews, intensity, spontaneity, importance, ranking
        case problemPressure = "problem_pressure"
    }

    public init(interviews: Double, intensity: Double, spontaneity: Double, importance: Double, problemPressure: Double, ranking: Double) {
        self.interviews = interviews
        self.intensity = intensity
        self.spontaneity = spontaneity
        self.importance = importance
        self.problemPressure = problemPressure
        self.ranking = ranking
    }

    /// The value of a component (0 for group breadth, which has no per-interview value).
    public subscript(_ c: PriorityComponent) -> Double {
        switch c {
        case .interviews: interviews
        case .groups: 0
        case .intensity: intensity
        case .spontaneity: spontaneity
        case .importance: importance
        case .problemPressure: problemPressure
        case .ranking: ranking
        }
    }
}

/// One code's figures in one interview: the row of the per-interview ranking.
public struct InterviewCodeScore: Hashable, Codable, Sendable {
    public var codeID: String
    public var segments: Int
    public var dismissedSegments: Int
    /// Coded units / respondent units.
    public var share: Double
    /// Per-interview component values.
    public var components: InterviewComponents
    /// Best explicit rank the respondent gave it, if any.
    public var explicitRank: Int?
    /// Per-interview index (0...100; the index formula without group breadth).
    public var index: Double
    /// Rank among the interview's codes of the same kind that have any evidence.
    public var rank: Int
}

/// One interview's contribution: its weight, per-code scores, rankings and segment signals.
public struct InterviewPriority: Hashable, Codable, Sendable {
    public var interviewID: String
    public var file: String
    public var group: String
    public var municipality: String?
    /// Weight in every mean (1/N with interview weighting).
    public var weight: Double
    public var respondentUnits: Int
    /// Codes with any evidence, ranked by per-interview index within their kind.
    public var codes: [InterviewCodeScore]
    public var rankings: [ExplicitRanking]
    public var segments: [SegmentSignals]
}

/// Breadth and intensity of one code within one stakeholder group or municipality.
public struct BreakdownCell: Hashable, Codable, Sendable {
    /// The group or municipality.
    public var value: String
    public var codeID: String
    /// Interviews of this group mentioning the code, and all interviews of the group.
    public var interviews: Int
    public var interviewsTotal: Int
    /// interviews / interviewsTotal.
    public var breadth: Double
    public var segments: Int
    /// Mean per-interview share within the group.
    public var meanShare: Double
    /// Mean per-interview index within the group (0...100).
    public var score: Double
}

/// How often two codes occur in the same unit, against chance.
public struct CooccurrencePair: Hashable, Codable, Sendable {
    public enum Level: String, Codable, Sendable {
        /// The coding unit (a sentence by default).
        case segment
        /// A respondent turn.
        case turn
    }
    public var level: Level
    public var codeA: String
    public var codeB: String
    /// Units with both codes, with A, with B, and all respondent units of this level.
    public var joint: Int
    public var countA: Int
    public var countB: Int
    public var units: Int
    /// Interviews with at least one unit holding both.
    public var interviews: Int
    /// Joint units expected if the codes were independent: countA × countB / units.
    public var expected: Double
    /// joint / expected (> 1: they attract, < 1: they avoid each other).
    public var lift: Double
    /// Log-likelihood G² of the 2×2 table and its p-value (chi-square, 1 df); q = Benjamini–Hochberg
    /// over all pairs of the level. Units of one interview are not independent: read p as a screen.
    public var gSquared: Double
    public var pValue: Double
    public var qValue: Double
}

/// One Leitbild value with one Handlungsfeld.
public struct ValueFieldCell: Hashable, Codable, Sendable {
    public var valueID: String
    public var fieldID: String
    public var segments: Int
    public var turns: Int
    public var interviews: Int
    /// Turn-level lift and p-value (nil when they never share a turn).
    public var turnLift: Double?
    public var turnPValue: Double?
}

/// A group's score for a code.
public struct GroupScore: Hashable, Codable, Sendable {
    public var group: String
    public var interviews: Int
    /// Mean per-interview index of the group's interviews (0...100).
    public var score: Double
    /// Share of the group's interviews that mention the code.
    public var breadth: Double
}

/// How evenly the stakeholder groups rate one code.
public struct Consensus: Hashable, Codable, Sendable {
    public enum Level: String, Codable, Sendable {
        /// Group scores within 10 points (standard deviation below 10), and no group as far from
        /// the others as `consensus.stands_apart`.
        case high
        /// Groups differ, but no group stands apart beyond what shuffled group labels produce.
        case medium
        /// A group stands apart (`standsApart`).
        case low
    }
    public var codeID: String
    public var groupScores: [GroupScore]
    public var meanScore: Double
    /// Population standard deviation of the group scores (index points).
    public var dispersion: Double
    public var level: Level
    /// The group furthest from the mean of the others.
    public var apartGroup: String?
    /// Its score minus the others' mean (positive: it rates the code higher).
    public var apartDifference: Double?
    /// Permutation p-value: share of label shufflings in which some group is at least this far
    /// from the others (the maximum over groups, so choosing the furthest group is accounted for).
    /// Computed for every mentioned code with at least two groups (nil without permutations).
    public var apartPValue: Double?
    /// `apartPValue` adjusted for testing many codes at once (`consensus.correction`: by default
    /// Benjamini–Hochberg over every tested code; with `none`, the p-value itself). Nil where
    /// `apartPValue` is.
    public var apartQValue: Double?
    /// The difference reaches `consensus.stands_apart` points and the adjusted p-value
    /// (`apartQValue`) is below `consensus.alpha`.
    public var standsApart: Bool
}

/// A group on one side of a goal conflict.
public struct ConflictSide: Hashable, Codable, Sendable {
    public var group: String
    /// Stance balance (need − asset, -1...1) or mean importance, whichever the conflict is about.
    public var value: Double
    public var interviews: Int
    public var segments: Int
}

/// A segment quoted as evidence.
public struct SegmentReference: Hashable, Codable, Sendable {
    public var interviewID: String
    public var file: String
    public var group: String
    public var line: Int
    public var range: TextRange
}

/// Groups speaking about the same field with opposite stance.
public struct GoalConflict: Hashable, Codable, Sendable {
    public enum Kind: String, Codable, Sendable {
        /// One group sees a need or problem where another sees an asset.
        case needVersusAsset
        /// One group emphasises the field, another downgrades or dismisses it.
        case priorityVersusDismissal
    }
    public var codeID: String
    public var kind: Kind
    /// need resp. priority side, and asset resp. dismissal side.
    public var sideA: [ConflictSide]
    public var sideB: [ConflictSide]
    public var evidenceA: [SegmentReference]
    public var evidenceB: [SegmentReference]
}

/// Bootstrap run parameters, repeated in the output.
public struct BootstrapInfo: Hashable, Codable, Sendable {
    public var resamples: Int
    public var seed: UInt64
    public var level: Double
}

/// The output of the signals stage: ranked per-code aggregates with their components and
/// intervals, per-interview scores, breakdowns, co-occurrence, consensus, conflicts and emergent terms.
public struct PriorityAnalysis: Hashable, Codable, Sendable {
    public static let formatVersion = 1
    public var version: Int
    public var interviewCount: Int
    public var groupNames: [String]
    public var municipalityNames: [String]
    public var settings: PrioritySettings
    public var bootstrap: BootstrapInfo
    /// All codable codes: Handlungsfelder first, then values, each ranked (highest priority first).
    public var codes: [CodeAggregate]
    public var interviews: [InterviewPriority]
    public var groupBreakdown: [BreakdownCell]
    public var municipalityBreakdown: [BreakdownCell]
    /// Code pairs that share at least one unit, at segment and at turn level.
    public var cooccurrence: [CooccurrencePair]
    public var valueFieldCooccurrence: [ValueFieldCell]
    public var consensus: [Consensus]
    public var goalConflicts: [GoalConflict]
    public var emergentTerms: [EmergentTerm]
    /// Why emergent terms are missing, when they are.
    public var emergentTermsNote: String?
    /// Every emergent term that passes the filters, by keyness, before the cut to `max_terms`
    /// (not in analysis.json): the reports leave out names only the pseudonymiser knows and cut
    /// again from this list, instead of searching all interviews a second time.
    public var emergentCandidates: [EmergentTerm] = []

    enum CodingKeys: String, CodingKey {
        case version, interviewCount, groupNames, municipalityNames, settings, bootstrap, codes, interviews, groupBreakdown,
             municipalityBreakdown, cooccurrence, valueFieldCooccurrence, consensus, goalConflicts, emergentTerms, emergentTermsNote
    }

    /// Stakeholder groups: `groupNames` without `PriorityAggregator.noGroup`, unless it is the
    /// only one (no interview has a group).
    public var groupCount: Int {
        groupNames.count == 1 ? 1 : groupNames.filter { $0 != PriorityAggregator.noGroup }.count
    }

    /// Interviews the metadata give no group while others have one: they count for no group
    /// (0 when no interview has a group, and "(ohne Gruppe)" is the one group).
    public var ungroupedInterviews: Int {
        groupNames.count > 1 && groupNames.contains(PriorityAggregator.noGroup)
            ? interviews.filter { $0.group == PriorityAggregator.noGroup }.count : 0
    }

    /// Codes of a kind that the permutation test compared groups on (one family of the correction).
    public func testedForApartness(_ kind: CodeKind) -> Int {
        consensus.filter { $0.apartPValue != nil && code($0.codeID)?.kind == kind }.count
    }

    /// The aggregate of a code.
    public func code(_ id: String) -> CodeAggregate? { codes.first { $0.codeID == id } }
}

/// What the aggregation looks at: the signalled transcripts, the codebook and the settings.
public struct AggregationInput: Sendable {
    public var transcripts: [SignalledTranscript]
    public var codebook: Codebook
    public var settings: PrioritySettings
    /// Match keys (`EmergentTerm.matchKey`) of names never suggested as emergent terms, besides
    /// `settings.emergent.ignore`: the consultant's pseudonym list. Kept out of `settings`, which
    /// the reports show, so that the names appear nowhere.
    public var excludedTerms: Set<String>

    public init(transcripts: [SignalledTranscript], codebook: Codebook, settings: PrioritySettings = .standard,
                excludedTerms: Set<String> = []) {
        self.transcripts = transcripts
        self.codebook = codebook
        self.settings = settings
        self.excludedTerms = excludedTerms
    }
}

extension PriorityAnalysis {
    /// The analysis with interview ids and file paths renamed, where `ids` and `files` name them
    /// otherwise (the rest stay): the shared reports' ids and paths when an id or file name holds
    /// a name (`ReportInput`). Renames every field that holds an interview's id or file: the
    /// per-interview scores, the evidence of goal conflicts and the examples of emergent terms.
    public func renamingInterviews(ids: [String: String], files: [String: String]) -> PriorityAnalysis {
        guard !ids.isEmpty || !files.isEmpty else { return self }
        func id(_ value: String) -> String { ids[value] ?? value }
        func file(_ value: String) -> String { files[value] ?? value }
        func reference(_ r: SegmentReference) -> SegmentReference {
            var r = r
            r.interviewID = id(r.interviewID)
            r.file = file(r.file)
            return r
        }
        var renamed = self
        for i in renamed.interviews.indices {
            renamed.interviews[i].interviewID = id(renamed.interviews[i].interviewID)
            renamed.interviews[i].file = file(renamed.interviews[i].file)
        }
        for i in renamed.goalConflicts.indices {
            renamed.goalConflicts[i].evidenceA = renamed.goalConflicts[i].evidenceA.map(reference)
            renamed.goalConflicts[i].evidenceB = renamed.goalConflicts[i].evidenceB.map(reference)
        }
        renamed.emergentTerms = renamed.emergentTerms.map { $0.renamingInterviews(ids: ids, files: files) }
        return renamed
    }
}

extension EmergentTerm {
    /// The term with its examples' interview ids and files renamed (`PriorityAnalysis.renamingInterviews`).
    public func renamingInterviews(ids: [String: String], files: [String: String]) -> EmergentTerm {
        var renamed = self
        for j in renamed.examples.indices {
            renamed.examples[j].interviewID = ids[renamed.examples[j].interviewID] ?? renamed.examples[j].interviewID
            renamed.examples[j].file = files[renamed.examples[j].file] ?? renamed.examples[j].file
        }
        return renamed
    }
}
