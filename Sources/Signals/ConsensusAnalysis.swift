import LeitbildCore
/// Consensus and dissent between stakeholder groups, and goal conflicts.
enum ConsensusAnalysis {
    /// Group means of the per-interview index for every code, flat K × C, and group sizes.
    static func groupMeans(_ table: InterviewTable, labels: [Int], into sums: inout [Double], counts: inout [Int]) {
        let cc = table.codeCount, n = table.interviewCount
        sums.withUnsafeMutableBufferPointer { sums in
            counts.withUnsafeMutableBufferPointer { counts in
                for x in sums.indices { sums[x] = 0 }
                for g in counts.indices { counts[g] = 0 }
                table.index.withUnsafeBufferPointer { index in
                    labels.withUnsafeBufferPointer { labels in
                        for i in 0..<n {
                            let g = labels[i], row = i * cc, base = g * cc
                            counts[g] += 1
                            for c in 0..<cc { sums[base + c] += index[row + c] }
                        }
                    }
                }
                for g in counts.indices where counts[g] > 0 {
                    let inverse = 1 / Double(counts[g])
                    for c in 0..<cc { sums[g * cc + c] *= inverse }
                }
            }
        }
    }

    /// For one code: the group furthest from the mean of the other groups, and that distance.
    static func furthest(_ means: [Double], counts: [Int], code c: Int, codes cc: Int) -> (group: Int, difference: Double)? {
        var present = 0, sum = 0.0
        for g in counts.indices where counts[g] > 0 {
            present += 1
            sum += means[g * cc + c]
        }
        guard present >= 2 else { return nil }
        var best: (group: Int, difference: Double)? = nil
        for g in counts.indices where counts[g] > 0 {
            let difference = means[g * cc + c] - (sum - means[g * cc + c]) / Double(present - 1)
            if let current = best, abs(difference) <= abs(current.difference) { continue }
            best = (g, difference)
        }
        return best
    }

    /// Per mentioned code with at least two groups: group scores, their dispersion, the group
    /// furthest from the others, and a permutation test of that distance (group labels shuffled
    /// over interviews, max over groups, seeded like the bootstrap).
    static func consensus(_ table: InterviewTable, settings: PrioritySettings) -> [Consensus] {
        let cc = table.codeCount, k = table.groupNames.count, n = table.interviewCount
        guard k >= 2 else { return [] }
        var means = [Double](repeating: 0, count: k * cc), counts = [Int](repeating: 0, count: k)
        groupMeans(table, labels: table.group, into: &means, counts: &counts)
        let observed = (0..<cc).map { furthest(means, counts: counts, code: $0, codes: cc) }

        // Permutation test for every mentioned code that two groups can be compared on: how often
        // does shuffling the group labels put some group this far out? Every such code is tested
        // and adjusted below, and the distance of `stands_apart` is a separate filter of relevance:
        // testing only the codes that pass it made the family, and so the adjusted values, depend
        // on that threshold (a stricter one gave smaller q-values; found in a statistics review).
        let permutations = settings.consensus.permutations
        let tested = (0..<cc).filter { c in observed[c] != nil && (0..<n).contains { table.segments[$0 * cc + c] > 0 } }
        var exceed = [Int](repeating: 0, count: cc)
        if permutations > 0, !tested.isEmpty {
            let t = tested.count
            // The tested codes' per-interview index, interview-major, so the inner loop is contiguous.
            var values = [Double](repeating: 0, count: n * t)
            for i in 0..<n { for (j, c) in tested.enumerated() { values[i * t + j] = table.index[i * cc + c] } }
            var seeder = SplitMix64(seed: settings.bootstrap.seed ^ 0x636F_6E73_656E_7375)  // "consensu"
            var labels = table.group
            var sums = [Double](repeating: 0, count: k * t), sizes = [Int](repeating: 0, count: k)
            for _ in 0..<permutations {
                var rng = Xoshiro256StarStar(seed: seeder.next())
                labels.withUnsafeMutableBufferPointer { l in
                    for i in stride(from: n - 1, to: 0, by: -1) { l.swapAt(i, rng.uniform(below: i + 1)) }
                }
                sums.withUnsafeMutableBufferPointer { sums in
                    sizes.withUnsafeMutableBufferPointer { sizes in
                        values.withUnsafeBufferPointer { values in
                            labels.withUnsafeBufferPointer { labels in
                                for x in sums.indices { sums[x] = 0 }
                                for g in sizes.indices { sizes[g] = 0 }
                                for i in 0..<n {
                                    let g = labels[i], base = g * t, row = i * t
                                    sizes[g] += 1
                                    for j in 0..<t { sums[base + j] += values[row + j] }
                                }
                                for g in 0..<k where sizes[g] > 0 {
                                    let inverse = 1 / Double(sizes[g])
                                    for j in 0..<t { sums[g * t + j] *= inverse }
                                }
                            }
                        }
                    }
                }
                for (j, c) in tested.enumerated() {
                    guard let o = observed[c], let p = furthest(sums, counts: sizes, code: j, codes: t) else { continue }
                    if abs(p.difference) >= abs(o.difference) - 1e-9 { exceed[c] += 1 }
                }
            }
        }

        // The tested codes of a kind are one family: a run that tests 12 fields finds a p below 5 %
        // by chance alone about every other time, so the claim "a group stands apart" rests on the
        // adjusted value. Handlungsfelder and Leitbild values are told apart and adjusted apart
        // (a review found the values diluting the fields' findings).
        var adjusted = [Double?](repeating: nil, count: cc)
        if permutations > 0 {
            for kind in Set(tested.map { table.codes[$0].kind }) {
                let family = tested.filter { table.codes[$0].kind == kind }
                let p = family.map { Double(exceed[$0] + 1) / Double(permutations + 1) }
                let q = settings.consensus.correction == .benjaminiHochberg ? Statistics.benjaminiHochberg(p) : p
                for (j, c) in family.enumerated() { adjusted[c] = q[j] }
            }
        }

        var result: [Consensus] = []
        for c in 0..<cc {
            guard (0..<n).contains(where: { table.segments[$0 * cc + c] > 0 }) else { continue }
            var scores: [GroupScore] = []
            for g in 0..<k where counts[g] > 0 {
                let breadth = Double((0..<n).filter { table.group[$0] == g && table.segments[$0 * cc + c] > 0 }.count) / Double(counts[g])
                scores.append(GroupScore(group: table.groupNames[g], interviews: counts[g], score: means[g * cc + c], breadth: breadth))
            }
            let values = scores.map(\.score)
            let sd = Statistics.standardDeviation(values)
            let apart = observed[c]
            let p = permutations > 0 && tested.contains(c) ? Double(exceed[c] + 1) / Double(permutations + 1) : nil
            let q = adjusted[c]
            let standsApart = apart.map { abs($0.difference) >= settings.consensus.standsApart } ?? false
                && q.map { $0 < settings.consensus.alpha } ?? false
            // Agreement needs both a small spread and no group far from the rest: a spread under 10
            // points can hide one group 26 points away (found in a statistics review).
            let near = abs(apart?.difference ?? 0) < settings.consensus.standsApart
            let level: Consensus.Level = standsApart ? .low : sd < 10 && near ? .high : .medium
            result.append(Consensus(codeID: table.codes[c].id, groupScores: scores, meanScore: values.reduce(0, +) / Double(values.count),
                                    dispersion: sd, level: level, apartGroup: apart.map { table.groupNames[$0.group] },
                                    apartDifference: apart?.difference, apartPValue: p, apartQValue: q, standsApart: standsApart))
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
    /// importance). Each side needs `conflict_min_segments` segments of evidence from at least
    /// `conflict_min_interviews` of its interviews.
    static func conflicts(_ table: InterviewTable, settings: PrioritySettings) -> [GoalConflict] {
        let cc = table.codeCount, k = table.groupNames.count
        let threshold = settings.consensus.conflictBalance, minSegments = settings.consensus.conflictMinSegments
        let minInterviews = settings.consensus.conflictMinInterviews
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
                if stanceInterviews >= minInterviews, stanceSegments >= minSegments {
                    stance.append(Leaning(group: g, value: balance / Double(stanceInterviews), interviews: stanceInterviews, segments: stanceSegments))
                }
                if importanceInterviews >= minInterviews, importanceSegments >= minSegments {
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
            for segment in t.segments where !segment.introduction {
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
