import Foundation
import LeitbildCore
import GermanText
import Themes
import Yams

/// One component of the priority index. Every component is a number between 0 and 1 (importance
/// between -1 and 1), so that its weight says how much it can move the index.
public enum PriorityComponent: String, Codable, Sendable, CaseIterable {
    /// Share of interviews that mention the field (each interview, or each group, equal weight).
    case interviews
    /// Share of stakeholder groups that mention it.
    case groups
    /// Per interview: the field's share of the respondent's units, relative to the interview's most-discussed field.
    case intensity
    /// Share of interviews in which the respondent raised the field before being asked about it.
    case spontaneity
    /// Per interview: strongest emphasis minus strongest weakening (-1...1).
    case importance
    /// Per interview: strongest problem-pressure cue.
    case problemPressure = "problem_pressure"
    /// Per interview: 1/rank of an explicit ranking ("an erster Stelle" = 1, "zweitens" = 0.5).
    case ranking

    /// The German label used in reports.
    public var label: String {
        switch self {
        case .interviews: "Breite (Interviews)"
        case .groups: "Breite (Gruppen)"
        case .intensity: "Gesprächsanteil"
        case .spontaneity: "Spontaneität"
        case .importance: "Betonung"
        case .problemPressure: "Problemdruck"
        case .ranking: "Rangnennung"
        }
    }

    /// Whether the component is defined per interview (all but group breadth).
    public var isPerInterview: Bool { self != .groups }

    /// Components computed per interview, in a fixed order (the columns of the flat arrays).
    static let perInterview: [PriorityComponent] = allCases.filter(\.isPerInterview)
}

/// How interviews are weighted against each other.
public enum InterviewWeighting: String, Codable, Sendable, CaseIterable {
    /// Every interview has the same weight.
    case interview
    /// Every stakeholder group has the same total weight (times its `group_weights` entry),
    /// shared equally by its interviews.
    case group
}

/// Bootstrap over interviews.
public struct BootstrapSettings: Hashable, Codable, Sendable {
    /// Number of resamples; 0 switches the bootstrap off.
    public var resamples: Int
    public var seed: UInt64
    /// Coverage of the intervals (0.95 = 2.5th to 97.5th percentile).
    public var level: Double
}

/// Thresholds for consensus, dissent and goal conflicts.
public struct ConsensusSettings: Hashable, Codable, Sendable {
    /// A group "stands apart" when its score differs from the other groups' mean by at least this many index points
    /// and the difference is unlikely under shuffled group labels (p < `alpha`).
    public var standsApart: Double
    public var alpha: Double
    /// Label permutations for that test (0 switches it off: no group is then said to stand apart).
    public var permutations: Int
    /// How the p-values of the fields tested together are adjusted before they are compared with
    /// `alpha`.
    public var correction: MultipleTesting = .benjaminiHochberg
    /// A group leans to need (asset) when its stance balance is at least this (at most minus this);
    /// it emphasises (dismisses) a field when its mean importance is at least this (at most minus this).
    public var conflictBalance: Double
    /// Stance-bearing segments a group needs before its stance counts.
    public var conflictMinSegments: Int
    /// Interviews with a stance (or a cued importance) a group needs before its side counts: one
    /// interview does not speak for a group (found in a statistics review).
    public var conflictMinInterviews: Int = 2
}

/// The adjustment of p-values when many fields are tested at once.
public enum MultipleTesting: String, Hashable, Codable, Sendable, CaseIterable {
    /// Benjamini–Hochberg: controls the expected share of false claims among the fields said to
    /// have a group standing apart (false discovery rate).
    case benjaminiHochberg = "benjamini_hochberg"
    /// No adjustment: each field's p-value is compared with `alpha` on its own, so with 20 fields
    /// tested about one claim in 20 is expected by chance alone.
    case none
}

/// Filters of the emergent-term search.
public struct EmergentSettings: Hashable, Codable, Sendable {
    public var minCount: Int
    public var minInterviews: Int
    /// Minimum log-likelihood keyness (15.13 = p < 0.0001).
    public var minKeyness: Double
    public var maxTerms: Int
    /// Example sentences per term (from different interviews).
    public var examples: Int
    /// Words that are never suggested (place names and the like that are no codebook gaps), as
    /// written in the weights file; compared with `EmergentTerm.matchKey`, so case and Unicode
    /// normalisation do not matter.
    public var ignore: [String]

    /// The ignore list as match keys.
    var ignoredKeys: Set<String> { Set(ignore.map(EmergentTerm.matchKey)) }
}

extension EmergentSettings {
    /// Decodes settings written before `ignore` existed (an older `analysis.json`) with an empty list.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        minCount = try c.decode(Int.self, forKey: .minCount)
        minInterviews = try c.decode(Int.self, forKey: .minInterviews)
        minKeyness = try c.decode(Double.self, forKey: .minKeyness)
        maxTerms = try c.decode(Int.self, forKey: .maxTerms)
        examples = try c.decode(Int.self, forKey: .examples)
        ignore = try c.decodeIfPresent([String].self, forKey: .ignore) ?? []
    }
}

/// Weights of the priority index and the other knobs of the aggregation, read from a YAML file
/// (`Sources/Signals/Resources/weights.yaml` is the default; `--weights FILE` overrides any part).
public struct PrioritySettings: Hashable, Codable, Sendable {
    public static let currentVersion = 1
    /// Component weights (any non-negative numbers; the index divides by their sum).
    public var weights: [String: Double]
    public var interviewWeighting: InterviewWeighting
    /// Relative weights per stakeholder group (missing groups weigh 1); used by `group` weighting
    /// and by group breadth.
    public var groupWeights: [String: Double]
    public var bootstrap: BootstrapSettings
    public var consensus: ConsensusSettings
    public var emergent: EmergentSettings
    /// Where the settings came from ("built-in" or the file path).
    public var source: String

    public func weight(_ component: PriorityComponent) -> Double { weights[component.rawValue] ?? 0 }
    public var weightSum: Double { PriorityComponent.allCases.reduce(0) { $0 + weight($1) } }
    /// A group's weight; `group_weights` keys are matched ignoring letter case and spaces around
    /// them (`GroupName.key`), as the metadata sheet's group cells are (`MetadataSheet.unifyGroups`; found in a
    /// review, fifth stop of 2026-11-29: `wirtschaft: 2` no longer weighed "Wirtschaft").
    public func groupWeight(_ group: String) -> Double { groupWeightKey(for: group).flatMap { groupWeights[$0] } ?? 1 }

    /// The `group_weights` key that names `group`: the same spelling, else the first (sorted) that
    /// differs only in letter case or spaces around it.
    public func groupWeightKey(for group: String) -> String? {
        if groupWeights.isEmpty { return nil }
        if groupWeights[group] != nil { return group }
        let key = GroupName.key(group)
        return groupWeights.keys.sorted().first { GroupName.key($0) == key }
    }

    /// The built-in defaults.
    public static let standard: PrioritySettings = {
        guard let url = Bundle.module.url(forResource: "weights", withExtension: "yaml", subdirectory: "Resources"),
              let text = try? String(contentsOf: url, encoding: .utf8)
        else { preconditionFailure("Signals resource weights.yaml is missing from the bundle; rebuild the package") }
        let empty = PrioritySettings(weights: [:], interviewWeighting: .interview, groupWeights: [:],
                                     bootstrap: BootstrapSettings(resamples: 0, seed: 0, level: 0.95),
                                     consensus: ConsensusSettings(standsApart: 15, alpha: 0.05, permutations: 0, conflictBalance: 0.5, conflictMinSegments: 2),
                                     emergent: EmergentSettings(minCount: 3, minInterviews: 2, minKeyness: 15.13, maxTerms: 30, examples: 3, ignore: []),
                                     source: "built-in")
        do {
            var settings = try PrioritySettingsLoader.parse(text, path: "weights.yaml (built-in)", over: empty)
            settings.source = "built-in"
            return settings
        } catch { preconditionFailure("built-in weights.yaml is invalid: \(error.localizedDescription)") }
    }()

    /// Reads a weights file; keys it leaves out keep their built-in value.
    public static func load(path: String) throws(SignalsError) -> PrioritySettings {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw SignalsError(file: path, message: "cannot read the weights file", hint: "check the path given with --weights")
        }
        // UTF-8, UTF-16 with its mark or Windows-1252 (`SettingsText`), as for the codebook.
        let text: String
        switch SettingsText.decode(data) {
        case .success(let decoded): text = decoded
        case .failure(let problem): throw SignalsError(file: path, line: problem.line, message: problem.message, hint: problem.hint)
        }
        var settings = try PrioritySettingsLoader.parse(text, path: path, over: .standard)
        settings.source = path
        return settings
    }
}

/// Parses weights files with line-accurate messages.
public enum PrioritySettingsLoader {
    static let topKeys = ["version", "weights", "interview_weighting", "group_weights", "bootstrap", "consensus", "emergent"]

    static func parse(_ text: String, path: String, over base: PrioritySettings) throws(SignalsError) -> PrioritySettings {
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            let problem = YAMLSyntaxProblem(error)
            throw SignalsError(file: path, line: problem.line, message: problem.message, hint: problem.hint)
        }
        guard let root else { return base }
        guard let top = root.mapping else {
            throw SignalsError(file: path, line: root.mark?.line, message: "the weights file must be a mapping",
                               hint: "start with 'version: 1' and a 'weights:' block (see docs/priorities.md)")
        }
        var s = base
        try checkKeys(top, allowed: topKeys, path: path, section: nil)
        if let v = top["version"], v.int != PrioritySettings.currentVersion {
            throw SignalsError(file: path, line: v.mark?.line, key: "version", message: "unsupported version '\(v.string ?? "")'",
                               hint: "write 'version: \(PrioritySettings.currentVersion)'")
        }
        if let w = top["weights"] {
            let m = try mapping(w, "weights", path)
            try checkKeys(m, allowed: PriorityComponent.allCases.map(\.rawValue), path: path, section: "weights")
            for (key, value) in m {
                guard let name = key.string else { continue }
                s.weights[name] = try number(value, "weights.\(name)", path, min: 0, max: nil)
            }
            if s.weightSum <= 0 {
                throw SignalsError(file: path, line: w.mark?.line, key: "weights", message: "all weights are zero",
                                   hint: "give at least one component a positive weight")
            }
        }
        if let v = top["interview_weighting"] {
            guard let text = v.string, let weighting = InterviewWeighting(rawValue: text) else {
                throw SignalsError(file: path, line: v.mark?.line, key: "interview_weighting", message: "unknown weighting '\(v.string ?? "")'",
                                   hint: "use 'interview' (each interview counts the same) or 'group' (each group counts the same)")
            }
            s.interviewWeighting = weighting
        }
        if let g = top["group_weights"] {
            if g.null == nil {
                let m = try mapping(g, "group_weights", path)
                s.groupWeights = [:]
                for (key, value) in m {
                    guard let name = key.string else { continue }
                    s.groupWeights[name] = try number(value, "group_weights.\(name)", path, min: 0, max: nil)
                }
            } else {
                s.groupWeights = [:]
            }
        }
        if let b = top["bootstrap"] {
            let m = try mapping(b, "bootstrap", path)
            try checkKeys(m, allowed: ["resamples", "seed", "level"], path: path, section: "bootstrap")
            if let v = m["resamples"] { s.bootstrap.resamples = Int(try number(v, "bootstrap.resamples", path, min: 0, max: 100_000, integer: true)) }
            if let v = m["seed"] {
                guard let text = v.string, let seed = UInt64(text) else {
                    throw SignalsError(file: path, line: v.mark?.line, key: "bootstrap.seed", message: "seed '\(v.string ?? "")' is not a non-negative integer",
                                       hint: "write a whole number such as 20260301")
                }
                s.bootstrap.seed = seed
            }
            if let v = m["level"] {
                s.bootstrap.level = try number(v, "bootstrap.level", path, min: 0.5, max: 0.999)
            }
        }
        if let c = top["consensus"] {
            let m = try mapping(c, "consensus", path)
            try checkKeys(m, allowed: ["stands_apart", "alpha", "permutations", "correction", "conflict_balance", "conflict_min_segments", "conflict_min_interviews"], path: path,
                          section: "consensus")
            if let v = m["stands_apart"] { s.consensus.standsApart = try number(v, "consensus.stands_apart", path, min: 0, max: 100) }
            if let v = m["alpha"] { s.consensus.alpha = try number(v, "consensus.alpha", path, min: 0, max: 1) }
            if let v = m["permutations"] {
                s.consensus.permutations = Int(try number(v, "consensus.permutations", path, min: 0, max: 100_000, integer: true))
            }
            if let v = m["correction"] {
                guard let text = v.string, let correction = MultipleTesting(rawValue: text) else {
                    throw SignalsError(file: path, line: v.mark?.line, key: "consensus.correction", message: "unknown correction '\(v.string ?? "")'",
                                       hint: "use 'benjamini_hochberg' (p-values adjusted for the number of fields tested) or 'none'")
                }
                s.consensus.correction = correction
            }
            if let v = m["conflict_balance"] { s.consensus.conflictBalance = try number(v, "consensus.conflict_balance", path, min: 0, max: 1) }
            if let v = m["conflict_min_segments"] {
                s.consensus.conflictMinSegments = Int(try number(v, "consensus.conflict_min_segments", path, min: 1, max: nil, integer: true))
            }
            if let v = m["conflict_min_interviews"] {
                s.consensus.conflictMinInterviews = Int(try number(v, "consensus.conflict_min_interviews", path, min: 1, max: nil, integer: true))
            }
        }
        if let e = top["emergent"] {
            let m = try mapping(e, "emergent", path)
            try checkKeys(m, allowed: ["min_count", "min_interviews", "min_keyness", "max_terms", "examples", "ignore"], path: path,
                          section: "emergent")
            if let v = m["min_count"] { s.emergent.minCount = Int(try number(v, "emergent.min_count", path, min: 1, max: nil, integer: true)) }
            if let v = m["min_interviews"] { s.emergent.minInterviews = Int(try number(v, "emergent.min_interviews", path, min: 1, max: nil, integer: true)) }
            if let v = m["min_keyness"] { s.emergent.minKeyness = try number(v, "emergent.min_keyness", path, min: 0, max: nil) }
            if let v = m["max_terms"] { s.emergent.maxTerms = Int(try number(v, "emergent.max_terms", path, min: 0, max: nil, integer: true)) }
            if let v = m["examples"] { s.emergent.examples = Int(try number(v, "emergent.examples", path, min: 0, max: 20, integer: true)) }
            if let v = m["ignore"] { s.emergent.ignore = try words(v, "emergent.ignore", path) }
        }
        return s
    }

    /// The line of a group's entry under `group_weights` in the weights file at `path`, for a
    /// message about it (nil when the file cannot be read again or holds no such entry).
    public static func line(ofGroupWeight group: String, in path: String) -> Int? {
        guard let data = FileManager.default.contents(atPath: path), case .success(let text) = SettingsText.decode(data),
              let root = try? Yams.compose(yaml: text),
              let weights = root.mapping?["group_weights"]?.mapping else { return nil }
        return weights.first { $0.key.string == group }?.key.mark?.line
    }

    static func mapping(_ node: Node, _ key: String, _ path: String) throws(SignalsError) -> Node.Mapping {
        guard let m = node.mapping else {
            throw SignalsError(file: path, line: node.mark?.line, key: key, message: "'\(key)' must be a mapping",
                               hint: "write one 'name: value' per line, indented under '\(key):'")
        }
        return m
    }

    /// A list of words: a YAML sequence of non-empty scalars (`[Frankenwald, Höllental]` or one
    /// `- word` per line); an empty value is an empty list.
    static func words(_ node: Node, _ key: String, _ path: String) throws(SignalsError) -> [String] {
        if node.null != nil { return [] }
        guard let items = node.sequence else {
            throw SignalsError(file: path, line: node.mark?.line, key: key, message: "'\(key)' must be a list of words",
                               hint: "write one '- word' per line, indented under the key, or a list in brackets: [Frankenwald, Höllental]")
        }
        var out: [String] = []
        for item in items {
            guard item.null == nil, let text = item.scalar?.string, !text.trimmingCharacters(in: .whitespaces).isEmpty else {
                let what = item.scalar == nil ? "an entry that is not a word" : "an empty entry"
                throw SignalsError(file: path, line: item.mark?.line, key: key, message: "'\(key)' has \(what)",
                                   hint: "write each entry as a plain word, e.g. '- Frankenwald'")
            }
            out.append(text)
        }
        return out
    }

    static func number(_ node: Node, _ key: String, _ path: String, min: Double, max: Double?, integer: Bool = false) throws(SignalsError) -> Double {
        guard let text = node.string, let value = Double(text), value.isFinite else {
            throw SignalsError(file: path, line: node.mark?.line, key: key, message: "'\(node.string ?? "")' is not a number",
                               hint: "write a number with a decimal point, e.g. 0.25")
        }
        if integer, value != value.rounded() {
            throw SignalsError(file: path, line: node.mark?.line, key: key, message: "\(text) is not a whole number", hint: "write a whole number")
        }
        if value < min || (max.map { value > $0 } ?? false) {
            let range = max.map { "between \(min) and \($0)" } ?? "at least \(min)"
            throw SignalsError(file: path, line: node.mark?.line, key: key, message: "\(text) is out of range", hint: "use a value \(range)")
        }
        return value
    }

    static func checkKeys(_ m: Node.Mapping, allowed: [String], path: String, section: String?) throws(SignalsError) {
        for (key, _) in m {
            let name = key.string ?? ""
            if allowed.contains(name) { continue }
            let suggestion = closest(name, among: allowed)
            let place = section.map { "in '\($0)'" } ?? "at the top level"
            throw SignalsError(file: path, line: key.mark?.line, key: name, message: "unknown key \(place)",
                               hint: suggestion.map { "Did you mean '\($0)'?" } ?? "known keys: \(allowed.joined(separator: ", "))")
        }
    }

    /// The candidate with the smallest edit distance, if it is close enough to be a typo.
    static func closest(_ word: String, among candidates: [String]) -> String? {
        func distance(_ a: String, _ b: String) -> Int {
            let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
            guard !a.isEmpty else { return b.count }
            guard !b.isEmpty else { return a.count }
            var previous = Array(0...b.count)
            for i in 1...a.count {
                var current = [i] + [Int](repeating: 0, count: b.count)
                for j in 1...b.count {
                    current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                }
                previous = current
            }
            return previous[b.count]
        }
        let key = Folding.key(word)
        let best = candidates.map { ($0, distance(key, Folding.key($0))) }.min { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
        guard let best, best.1 <= Swift.max(2, word.count / 3) else { return nil }
        return best.0
    }
}
