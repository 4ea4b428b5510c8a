import GermanText
import LeitbildCore
import Themes

/// A ranking a respondent stated, as recorded in the metadata sheet (`stated_ranking`,
/// Handlungsfeld names separated by " > ").
public struct StatedRanking: Hashable, Codable, Sendable {
    public var interviewID: String
    public var text: String
    /// Where it was read (`corpus/metadata.csv:4`), for messages.
    public var origin: String?

    public init(interviewID: String, text: String, origin: String? = nil) {
        self.interviewID = interviewID
        self.text = text
        self.origin = origin
    }

    /// The metadata column that holds stated rankings.
    public static let column = "stated_ranking"
    public static let separator = ">"
}

/// How one interview's stated ranking compares with the computed ones.
public struct RankingComparison: Hashable, Codable, Sendable {
    public var interviewID: String
    public var group: String
    /// The stated names, in stated order.
    public var stated: [String]
    /// Their codes, in stated order (names that match no code are left out).
    public var statedCodes: [String]
    public var unknownNames: [String]
    /// Per-interview index of each stated code (all components; 0 without evidence).
    public var scores: [Double]
    /// The same without the explicit-ranking component: what the other signals alone say.
    public var signalScores: [Double]
    /// Explicit rank found in the transcript for each stated code (nil: none found).
    public var extractedRanks: [Int?]
    /// Kendall's tau-b between stated order and `scores`, `signalScores`, and extracted ranks
    /// (codes without an extracted rank tie behind the ranked ones); nil when undefined.
    public var tau: Double?
    public var tauSignals: Double?
    public var tauExtracted: Double?
}

/// Kendall's tau between each stated ranking and the computed per-interview ranking.
public struct RankingValidation: Hashable, Codable, Sendable {
    public var comparisons: [RankingComparison]
    /// Means over the interviews where tau is defined, and how many those are.
    public var meanTau: Double?
    public var meanTauSignals: Double?
    public var meanTauExtracted: Double?
    public var interviewsWithTau: Int
    public var diagnostics: [Diagnostic]

    /// Compares stated rankings with the analysis. Interviews missing from the analysis and names
    /// that match no code become diagnostics naming the metadata row.
    public static func validate(_ stated: [StatedRanking], analysis: PriorityAnalysis, codebook: Codebook) -> RankingValidation {
        var diagnostics: [Diagnostic] = []
        let interviews = Dictionary(analysis.interviews.map { ($0.interviewID, $0) }, uniquingKeysWith: { a, _ in a })
        let fields = codebook.codableCodes
        let settings = analysis.settings
        let perInterview = PriorityComponent.perInterview
        func score(_ components: InterviewComponents, skipping: PriorityComponent?) -> Double {
            var sum = 0.0, weights = 0.0
            for c in perInterview where c != skipping {
                sum += settings.weight(c) * components[c]
                weights += settings.weight(c)
            }
            return weights > 0 ? 100 * sum / weights : 0
        }
        var comparisons: [RankingComparison] = []
        for entry in stated.sorted(by: { $0.interviewID < $1.interviewID }) {
            let names = entry.text.split(separator: Character(StatedRanking.separator)).map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
            guard !names.isEmpty else { continue }
            let (file, line) = Self.split(entry.origin)
            guard let interview = interviews[entry.interviewID] else {
                diagnostics.append(Diagnostic(.warning, "stated ranking for '\(entry.interviewID)', but no such interview was analysed",
                                              file: file, line: line, hint: "check the interview id and that its transcript was read"))
                continue
            }
            var codes: [String] = [], unknown: [String] = []
            for name in names {
                if let code = Self.code(named: name, in: fields) {
                    if !codes.contains(code.id) { codes.append(code.id) }
                } else {
                    unknown.append(name)
                    let suggestion = PrioritySettingsLoader.closest(name, among: fields.map(\.name))
                    diagnostics.append(Diagnostic(.warning, "'\(name)' in the stated ranking of '\(entry.interviewID)' names no code of the codebook",
                                                  file: file, line: line,
                                                  hint: suggestion.map { "Did you mean '\($0)'?" } ?? "use the codes' names from the codebook"))
                }
            }
            let byCode = Dictionary(interview.codes.map { ($0.codeID, $0) }, uniquingKeysWith: { a, _ in a })
            let scores = codes.map { byCode[$0].map { score($0.components, skipping: nil) } ?? 0 }
            let signalScores = codes.map { byCode[$0].map { score($0.components, skipping: .ranking) } ?? 0 }
            let extracted = codes.map { byCode[$0]?.explicitRank }
            let statedOrder = codes.indices.map { -Double($0) }
            let extractedScores = extracted.map { $0.map { -Double($0) } ?? -Double(Int.max) }
            comparisons.append(RankingComparison(
                interviewID: entry.interviewID, group: interview.group, stated: names, statedCodes: codes, unknownNames: unknown,
                scores: scores, signalScores: signalScores, extractedRanks: extracted,
                tau: Statistics.kendallTauB(statedOrder, scores), tauSignals: Statistics.kendallTauB(statedOrder, signalScores),
                tauExtracted: Statistics.kendallTauB(statedOrder, extractedScores)))
        }
        func mean(_ values: [Double?]) -> Double? {
            let defined = values.compactMap { $0 }
            return defined.isEmpty ? nil : defined.reduce(0, +) / Double(defined.count)
        }
        return RankingValidation(comparisons: comparisons, meanTau: mean(comparisons.map(\.tau)),
                                 meanTauSignals: mean(comparisons.map(\.tauSignals)),
                                 meanTauExtracted: mean(comparisons.map(\.tauExtracted)),
                                 interviewsWithTau: comparisons.filter { $0.tau != nil }.count, diagnostics: diagnostics)
    }

    /// The code a stated name means: same name or id (case, umlaut spelling and spacing aside),
    /// else the only code whose name starts with or contains it ("Gesundheit" for "Gesundheit & Pflege").
    static func code(named name: String, in codes: [Code]) -> Code? {
        func normal(_ s: String) -> String { Folding.key(s).split(whereSeparator: { !$0.isLetter && !$0.isNumber }).joined(separator: " ") }
        let key = normal(name)
        if let exact = codes.first(where: { normal($0.name) == key || normal($0.id) == key }) { return exact }
        let partial = codes.filter { normal($0.name).hasPrefix(key) || normal($0.name).contains(key) || key.contains(normal($0.name)) }
        return partial.count == 1 ? partial[0] : nil
    }

    /// "path:line" into its parts.
    static func split(_ origin: String?) -> (String?, Int?) {
        guard let origin else { return (nil, nil) }
        if let colon = origin.lastIndex(of: ":"), let line = Int(origin[origin.index(after: colon)...]) {
            return (String(origin[..<colon]), line)
        }
        return (origin, nil)
    }
}
