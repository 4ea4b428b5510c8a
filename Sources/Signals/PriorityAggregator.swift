import LeitbildCore
import Themes

/// Stage 4 entry point: turns coded transcripts into per-code priority aggregates.
///
/// Skeleton version: breadth (interviews, groups) and per-interview shares; the ranking orders by
/// interviews, then groups, then mean share. The signals issue adds importance, urgency,
/// problem pressure, rankings, prompting, uncertainty and dissent.
public struct PriorityAggregator: Sendable {
    public init() {}

    public func aggregate(_ input: AggregationInput) -> PriorityAnalysis {
        let groupOf: [String: String] = Dictionary(input.transcripts.map { ($0.transcript.id, $0.transcript.metadata.group ?? "(ohne Gruppe)") },
                                                   uniquingKeysWith: { a, _ in a })
        let groupNames = Set(groupOf.values).sorted()
        let n = input.transcripts.count
        var aggregates: [CodeAggregate] = []
        for code in input.codebook.codableCodes {
            var segments = 0, negated = 0, interviews = 0
            var groups = Set<String>()
            var shareSum = 0.0
            for coded in input.transcripts {
                var mentioning = 0
                for segment in coded.segments {
                    guard let assignment = segment.codes.first(where: { $0.codeID == code.id }) else { continue }
                    if assignment.negated { negated += 1 } else { segments += 1; mentioning += 1 }
                }
                if mentioning > 0 {
                    interviews += 1
                    groups.insert(groupOf[coded.transcript.id] ?? "(ohne Gruppe)")
                    shareSum += Double(mentioning) / Double(max(coded.respondentUnitCount, 1))
                }
            }
            aggregates.append(CodeAggregate(codeID: code.id, name: code.name, kind: code.kind, segments: segments,
                                            negatedSegments: negated, interviews: interviews, groups: groups.count,
                                            groupNames: groups.sorted(), meanShare: n > 0 ? shareSum / Double(n) : 0, rank: 0))
        }
        aggregates.sort { a, b in
            if a.interviews != b.interviews { return a.interviews > b.interviews }
            if a.groups != b.groups { return a.groups > b.groups }
            if a.meanShare != b.meanShare { return a.meanShare > b.meanShare }
            return a.codeID < b.codeID
        }
        for i in aggregates.indices { aggregates[i].rank = i + 1 }
        return PriorityAnalysis(interviewCount: n, groupNames: groupNames, codes: aggregates)
    }
}
