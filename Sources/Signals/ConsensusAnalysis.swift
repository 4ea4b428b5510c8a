/// Consensus and dissent between stakeholder groups, and goal conflicts.
enum ConsensusAnalysis {
    /// Per mentioned code with at least two groups: group scores, their dispersion, and the group
    /// furthest from the others.
    static func consensus(_ table: InterviewTable, settings: PrioritySettings) -> [Consensus] {
        let cc = table.codeCount, k = table.groupNames.count
        guard k >= 2 else { return [] }
        let members = (0..<k).map { g in (0..<table.interviewCount).filter { table.group[$0] == g } }
        var result: [Consensus] = []
        for c in 0..<cc {
            guard (0..<table.interviewCount).contains(where: { table.segments[$0 * cc + c] > 0 }) else { continue }
            var scores: [GroupScore] = []
            for g in 0..<k where !members[g].isEmpty {
                let interviews = members[g]
                let total = Double(interviews.count)
                let score = interviews.reduce(0) { $0 + table.index[$1 * cc + c] } / total
                let breadth = Double(interviews.filter { table.segments[$0 * cc + c] > 0 }.count) / total
                scores.append(GroupScore(group: table.groupNames[g], interviews: interviews.count, score: score, breadth: breadth))
            }
            let values = scores.map(\.score)
            let mean = values.reduce(0, +) / Double(values.count)
            let sd = Statistics.standardDeviation(values)
            var apart: (group: String, difference: Double)? = nil
            let sum = values.reduce(0, +)
            for s in scores {
                let othersMean = (sum - s.score) / Double(values.count - 1)
                let difference = s.score - othersMean
                if let current = apart, abs(difference) <= abs(current.difference) { continue }
                apart = (s.group, difference)
            }
            let level: Consensus.Level = sd < 10 ? .high : sd < 20 ? .medium : .low
            result.append(Consensus(codeID: table.codes[c].id, groupScores: scores, meanScore: mean, dispersion: sd, level: level,
                                    apartGroup: apart?.group, apartDifference: apart?.difference,
                                    standsApart: apart.map { abs($0.difference) >= settings.consensus.standsApart } ?? false))
        }
        return result
    }

    /// A group's leaning on one code.
    struct Leaning {
        var group: Int
        var value: Double
        var interviews: Int
        var segments: Int
    }

    /// Goal conflicts: one group leans to need and another to asset on the same field (stance
    /// balance per interview = (need − asset) / (need + asset) segments, averaged over the group's
    /// interviews with stance), or one emphasises and another dismisses it (mean per-interview
    /// importance). Each side needs `conflict_min_segments` segments of evidence.
    static func conflicts(_ table: InterviewTable, settings: PrioritySettings) -> [GoalConflict] {
        let cc = table.codeCount, k = table.groupNames.count
        let threshold = settings.consensus.conflictBalance, minSegments = settings.consensus.conflictMinSegments
        let importance = table.component(.importance)
        var result: [GoalConflict] = []
        for c in 0..<cc {
            var stance: [Leaning] = [], priority: [Leaning] = []
            for g in 0..<k {
                var balance = 0.0, stanceInterviews = 0, stanceSegments = 0
                var importanceSum = 0.0, importanceInterviews = 0, importanceSegments = 0
                for i in 0..<table.interviewCount where table.group[i] == g {
                    let x = i * cc + c
                    let need = table.needSegments[x], asset = table.assetSegments[x]
                    if need + asset > 0 {
                        balance += Double(need - asset) / Double(need + asset)
                        stanceInterviews += 1
                        stanceSegments += need + asset
                    }
                    let cued = table.emphasisSegments[x] + table.weakeningSegments[x]
                    if cued > 0 {
                        importanceSum += importance[x]
                        importanceInterviews += 1
                        importanceSegments += cued
                    }
                }
                if stanceInterviews > 0, stanceSegments >= minSegments {
                    stance.append(Leaning(group: g, value: balance / Double(stanceInterviews), interviews: stanceInterviews, segments: stanceSegments))
                }
                if importanceInterviews > 0, importanceSegments >= minSegments {
                    priority.append(Leaning(group: g, value: importanceSum / Double(importanceInterviews), interviews: importanceInterviews,
                                            segments: importanceSegments))
                }
            }
            for (kind, leanings) in [(GoalConflict.Kind.needVersusAsset, stance), (.priorityVersusDismissal, priority)] {
                let a = leanings.filter { $0.value >= threshold }, b = leanings.filter { $0.value <= -threshold }
                guard !a.isEmpty, !b.isEmpty else { continue }
                func side(_ l: [Leaning]) -> [ConflictSide] {
                    l.map { ConflictSide(group: table.groupNames[$0.group], value: $0.value, interviews: $0.interviews, segments: $0.segments) }
                }
                let groupsA = Set(a.map(\.group)), groupsB = Set(b.map(\.group))
                let evidenceA = evidence(table, code: c, groups: groupsA) { kind == .needVersusAsset ? $0.stance == .need : $0.emphasis > 0 && !$0.dismissed }
                let evidenceB = evidence(table, code: c, groups: groupsB) { kind == .needVersusAsset ? $0.stance == .asset : $0.weakening > 0 }
                result.append(GoalConflict(codeID: table.codes[c].id, kind: kind, sideA: side(a), sideB: side(b),
                                           evidenceA: evidenceA, evidenceB: evidenceB))
            }
        }
        return result
    }

    /// Up to two segments of the given groups whose signal for the code satisfies `test`, from
    /// different interviews where possible.
    static func evidence(_ table: InterviewTable, code c: Int, groups: Set<Int>, limit: Int = 2,
                         _ test: (CodeSignal) -> Bool) -> [SegmentReference] {
        var found: [SegmentReference] = [], usedInterviews = Set<Int>(), spare: [SegmentReference] = []
        let id = table.codes[c].id
        for (i, t) in table.transcripts.enumerated() where groups.contains(table.group[i]) {
            for segment in t.segments {
                guard let signal = segment.codes.first(where: { $0.codeID == id }), test(signal) else { continue }
                let reference = SegmentReference(interviewID: t.interviewID, file: t.file, group: table.groupNames[table.group[i]],
                                                 line: segment.sourceLine, range: segment.range)
                if usedInterviews.insert(i).inserted { found.append(reference) } else { spare.append(reference) }
                if found.count >= limit { return found }
            }
        }
        return Array((found + spare).prefix(limit))
    }
}
