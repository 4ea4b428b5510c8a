import LeitbildCore
import Themes

/// Stage 4 entry point: turns the signalled transcripts of a project into ranked per-code
/// aggregates with a priority index, its components and bootstrap intervals, plus breakdowns,
/// co-occurrence, consensus, goal conflicts and emergent terms.
///
/// Every mean gives each interview the same weight (or each group, with `group` weighting), so a
/// long interview never counts more than a short one; the result does not depend on file order.
/// The formula is documented in docs/priorities.md.
public struct PriorityAggregator: Sendable {
    /// Group name for interviews without a group in the metadata.
    public static let noGroup = "(ohne Gruppe)"

    public init() {}

    /// The emergent terms that `aggregate(_:)` finds, with `isLeftOut` (given a term's shown
    /// form) leaving terms out before the cut to `maxTerms`, as the ignore list and
    /// `excludedTerms` do. For names that only the reports know: the pseudonymiser finds "Frau
    /// Zapf" in the texts while the aggregation runs.
    public func emergentTerms(_ input: AggregationInput, leavingOut isLeftOut: (String) -> Bool) -> [EmergentTerm] {
        EmergentTermFinder.find(InterviewTable.ordered(input.transcripts), settings: input.settings.emergent,
                                excludedNames: input.excludedTerms, leavingOut: isLeftOut)
    }

    public func aggregate(_ input: AggregationInput) -> PriorityAnalysis {
        var settings = input.settings
        let codes = input.codebook.codableCodes
        let table = InterviewTable(transcripts: input.transcripts, codes: codes, settings: settings)
        // With fewer than two stakeholder groups, group breadth tells nothing: it is 1 for every
        // field mentioned at all. It then weighs nothing, and the other weights share its part
        // (the analysis records the weights used). Before 2026-11-29, fifth stop, every mentioned
        // field of a project without groups got its full weight, 15 of 100 points (found in a
        // report review: "Digitale Infrastruktur 15,4" from 6 of 697 texts).
        if table.isStakeholderGroup.filter({ $0 }).count < 2 { settings.weights[PriorityComponent.groups.rawValue] = 0 }
        let n = table.interviewCount, cc = table.codeCount
        let w = table.weights(settings)
        let weightSum = settings.weightSum
        let groupWeight = table.breadthWeights(settings)
        let groupWeightTotal = groupWeight.reduce(0, +)

        // partial[i, c] = Σ_perInterview weight × component / Σ all weights: the part of the index
        // that is a weighted mean over interviews (group breadth is added on top).
        var partial = [Double](repeating: 0, count: n * cc)
        for (j, component) in PriorityComponent.perInterview.enumerated() {
            let weight = settings.weight(component) / max(weightSum, .leastNonzeroMagnitude)
            guard weight != 0 else { continue }
            let values = table.components[j]
            for x in 0..<(n * cc) { partial[x] += weight * values[x] }
        }
        let groupsFactor = 100 * settings.weight(.groups) / max(weightSum, .leastNonzeroMagnitude)

        let problemPressure = table.component(.problemPressure)
        var aggregates: [CodeAggregate] = []
        for (c, code) in codes.enumerated() {
            var segments = 0, negated = 0, prompted = 0, interviews = 0, spontaneousInterviews = 0
            var emphasisInterviews = 0, weakeningInterviews = 0, problemInterviews = 0, rankedInterviews = 0, rankSum = 0
            var need = 0, asset = 0
            var mentionedWeight = 0.0, spontaneousWeighted = 0.0
            var componentValue = [Double](repeating: 0, count: PriorityComponent.perInterview.count)
            var meanShare = 0.0, partialSum = 0.0
            var groupMentioned = Set<Int>()
            for i in 0..<n {
                let x = i * cc + c
                segments += table.segments[x]
                negated += table.dismissed[x]
                prompted += table.prompted[x]
                need += table.needSegments[x]
                asset += table.assetSegments[x]
                if table.segments[x] > 0 {
                    interviews += 1
                    if table.isStakeholderGroup[table.group[i]] { groupMentioned.insert(table.group[i]) }
                    mentionedWeight += w[i]
                    spontaneousWeighted += w[i] * table.spontaneousFraction[x]
                }
                if table.spontaneous[x] > 0 { spontaneousInterviews += 1 }
                if table.emphasisSegments[x] > 0 { emphasisInterviews += 1 }
                if table.weakeningSegments[x] > 0 { weakeningInterviews += 1 }
                if problemPressure[x] > 0 { problemInterviews += 1 }
                if table.explicitRank[x] > 0 { rankedInterviews += 1; rankSum += table.explicitRank[x] }
                for j in componentValue.indices { componentValue[j] += w[i] * table.components[j][x] }
                meanShare += w[i] * table.share[x]
                partialSum += w[i] * partial[x]
            }
            let groupShare = groupWeightTotal > 0 ? groupMentioned.reduce(0) { $0 + groupWeight[$1] } / groupWeightTotal : 0
            var components: [IndexComponent] = []
            for component in PriorityComponent.allCases {
                let value = component.isPerInterview
                    ? componentValue[PriorityComponent.perInterview.firstIndex(of: component) ?? 0]
                    : groupShare
                let weight = settings.weight(component)
                components.append(IndexComponent(id: component.rawValue, label: component.label, value: value, weight: weight,
                                                 points: weightSum > 0 ? 100 * weight * value / weightSum : 0))
            }
            aggregates.append(CodeAggregate(
                codeID: code.id, name: code.name, kind: code.kind, segments: segments, negatedSegments: negated,
                promptedSegments: prompted, interviews: interviews, groups: groupMentioned.count,
                groupNames: groupMentioned.map { table.groupNames[$0] }.sorted(),
                interviewShare: componentValue[PriorityComponent.perInterview.firstIndex(of: .interviews) ?? 0], meanShare: meanShare,
                spontaneousShare: mentionedWeight > 0 ? spontaneousWeighted / mentionedWeight : 0,
                spontaneousInterviews: spontaneousInterviews, emphasisInterviews: emphasisInterviews,
                weakeningInterviews: weakeningInterviews, problemInterviews: problemInterviews, rankedInterviews: rankedInterviews,
                meanExplicitRank: rankedInterviews > 0 ? Double(rankSum) / Double(rankedInterviews) : nil,
                needSegments: need, assetSegments: asset,
                priorityIndex: 100 * partialSum + groupsFactor * groupShare, components: components,
                intervals: nil, rankStability: nil, rank: 0))
        }

        // Rank within kind: index, then breadth, then segments, then codebook order.
        let kindOrder: [CodeKind] = [.handlungsfeld, .value, .category]
        var kinds: [[Int]] = []
        for kind in kindOrder {
            var columns = codes.indices.filter { codes[$0].kind == kind }
            columns.sort { a, b in
                let x = aggregates[a], y = aggregates[b]
                if x.priorityIndex != y.priorityIndex { return x.priorityIndex > y.priorityIndex }
                if x.interviewShare != y.interviewShare { return x.interviewShare > y.interviewShare }
                if x.segments != y.segments { return x.segments > y.segments }
                return a < b
            }
            // Fields of equal index share their rank ("1, 1, 1, 4"), as they share their places in
            // the bootstrap's resamples; breadth and mentions only order them in the tables (found
            // in a statistics review: their order had been the codebook's; and in a re-review: a
            // rank by mentions beside a shared Rang-Spanne contradicted itself).
            for (position, c) in columns.enumerated() {
                let before = position > 0 ? aggregates[columns[position - 1]] : nil
                if let before, Bootstrap.tied(before.priorityIndex, aggregates[c].priorityIndex) {
                    aggregates[c].rank = before.rank
                } else {
                    aggregates[c].rank = position + 1
                }
            }
            if !columns.isEmpty { kinds.append(columns) }
        }
        if let result = Bootstrap.run(table: table, partial: partial, groupsFactor: groupsFactor, kinds: kinds, settings: settings) {
            for c in 0..<cc {
                aggregates[c].intervals = result.intervals[c]
                aggregates[c].rankStability = result.stability[c]
            }
        }
        let ranked = kinds.flatMap { $0.map { aggregates[$0] } }

        // The emergent terms beside the rest: neither needs the other, and after the bootstrap
        // (which keeps every core busy) each would otherwise leave the second core idle.
        let compared = table.stakeholderGroupsOnly(codes: codes, settings: settings) ?? table
        let (emergent, analysis) = Parallel.both({
            EmergentTermFinder.ranked(table.transcripts, settings: settings.emergent, excludedNames: input.excludedTerms)
        }, {
            let segmentCounts = Cooccurrence.counts(table, level: .segment), turnCounts = Cooccurrence.counts(table, level: .turn)
            return PriorityAnalysis(
                version: PriorityAnalysis.formatVersion, interviewCount: n, groupNames: table.groupNames,
                municipalityNames: Set(table.transcripts.compactMap(\.municipality)).sorted(), settings: settings,
                bootstrap: BootstrapInfo(resamples: settings.bootstrap.resamples, seed: settings.bootstrap.seed, level: settings.bootstrap.level),
                codes: ranked, interviews: Self.interviews(table, weights: w),
                groupBreakdown: Breakdowns.cells(table, key: { table.groupNames[table.group[$0]] }),
                municipalityBreakdown: Breakdowns.cells(table, key: { table.transcripts[$0].municipality }),
                cooccurrence: Cooccurrence.pairs(table, segment: segmentCounts, turn: turnCounts),
                valueFieldCooccurrence: Cooccurrence.valueField(table, segment: segmentCounts, turn: turnCounts),
                consensus: ConsensusAnalysis.consensus(compared, settings: settings),
                goalConflicts: ConsensusAnalysis.conflicts(compared, settings: settings),
                emergentTerms: [], emergentTermsNote: nil)
        })
        var result = analysis
        result.emergentTerms = Array(emergent.prefix(settings.emergent.maxTerms))
        result.emergentCandidates = emergent
        let hasReference = table.transcripts.contains { $0.emergent.unlistedZipf != nil }
        result.emergentTermsNote = hasReference ? nil : "no reference frequency list was available, so emergent terms were not searched"
        return result
    }

    /// Per-interview scores: codes with any evidence, ranked within their kind by per-interview index.
    static func interviews(_ table: InterviewTable, weights: [Double]) -> [InterviewPriority] {
        let cc = table.codeCount
        return table.transcripts.enumerated().map { i, t in
            var scores: [InterviewCodeScore] = []
            for c in 0..<cc where table.hasEvidence(i, c) {
                let x = i * cc + c
                func value(_ c: PriorityComponent) -> Double { table.components[PriorityComponent.perInterview.firstIndex(of: c) ?? 0][x] }
                let components = InterviewComponents(interviews: value(.interviews), intensity: value(.intensity), spontaneity: value(.spontaneity),
                                                     importance: value(.importance), problemPressure: value(.problemPressure),
                                                     ranking: value(.ranking))
                scores.append(InterviewCodeScore(codeID: table.codes[c].id, segments: table.segments[x], dismissedSegments: table.dismissed[x],
                                                 share: table.share[x], components: components,
                                                 explicitRank: table.explicitRank[x] > 0 ? table.explicitRank[x] : nil,
                                                 index: table.index[x], rank: 0))
            }
            let kindOf = { (id: String) in table.codeIndex[id].map { table.codes[$0].kind } ?? .category }
            var ordered: [InterviewCodeScore] = []
            for kind in [CodeKind.handlungsfeld, .value, .category] {
                var ofKind = scores.filter { kindOf($0.codeID) == kind }
                ofKind.sort { a, b in
                    if a.index != b.index { return a.index > b.index }
                    if a.segments != b.segments { return a.segments > b.segments }
                    return (table.codeIndex[a.codeID] ?? 0) < (table.codeIndex[b.codeID] ?? 0)
                }
                for r in ofKind.indices { ofKind[r].rank = r + 1 }
                ordered += ofKind
            }
            return InterviewPriority(interviewID: t.interviewID, file: t.file, group: t.group ?? noGroup, municipality: t.municipality,
                                     weight: weights[i], respondentUnits: t.respondentUnitCount, codes: ordered,
                                     rankings: t.rankings, segments: t.segments)
        }
    }
}
