import Foundation
import LeitbildCore

/// Percentile bootstrap over interviews: resample N interviews with replacement, recompute every
/// code's index and shares, and rank the codes within their kind.
///
/// Cost O(resamples × interviews × codes) on flat arrays, four columns per vector operation;
/// each resample has its own generator seeded from the run's seed, so results do not depend on
/// how the work is scheduled.
struct Bootstrap {
    struct Result {
        var intervals: [CodeIntervals]
        var stability: [RankStability]
    }

    /// - Parameters:
    ///   - partial: per interview and code, the per-interview components' share of the index
    ///     (Σ weight × component / Σ all weights), flat N × C.
    ///   - groupsFactor: 100 × group-breadth weight / Σ all weights.
    ///   - kinds: code columns per kind, in point-estimate rank order (ties keep that order).
    static func run(table: InterviewTable, partial: [Double], groupsFactor: Double, kinds: [[Int]],
                    settings: PrioritySettings) -> Result? {
        let b = settings.bootstrap.resamples
        let n = table.interviewCount, cc = table.codeCount, k = table.groupNames.count
        guard b > 0, n > 0, cc > 0 else { return nil }

        // Codes each interview mentions (CSR), for group breadth.
        var offsetList = [0], mentionList: [Int] = []
        for i in 0..<n {
            for c in 0..<cc where table.segments[i * cc + c] > 0 { mentionList.append(c) }
            offsetList.append(mentionList.count)
        }
        let offsets = offsetList, mentioned = mentionList
        let mention = table.component(.interviews)
        let groupWeight = table.groupNames.map { settings.groupWeight($0) }
        let breadthWeight = table.breadthWeights(settings)
        // Group weighting resamples within each group, as many as it has: every resample then has
        // every group, with the weight the point estimate gives it. Resampling over all interviews
        // left a small group out of some resamples and spread its weight over the others, so the
        // interval mixed two weightings (found in a statistics review: with `Jugend: 4`, the upper
        // tail of Umwelt's interval came from the 12 % of resamples without a Jugend interview).
        let stratified = settings.interviewWeighting == .group
        var memberList = [[Int]](repeating: [], count: k)
        for i in 0..<n { memberList[table.group[i]].append(i) }
        let members = memberList

        // One row per interview with its three summed columns side by side (index share, mention,
        // talk share): see `WeightedRows`.
        let weighted = WeightedRows(columns: [partial, mention, table.share], rows: n, width: cc)

        var indexSamples = [Double](repeating: 0, count: b * cc)
        var interviewSamples = indexSamples, shareSamples = indexSamples
        // Each resample's places of a code: the first and the last place of the fields tied with
        // it (equal index), so that tied fields share their places instead of taking them in the
        // point estimate's order (found in a statistics review: four fields of equal index were
        // shown as ranks 1, 2, 3, 4 with "unter den ersten 3" 100 %, 100 %, 100 %, 0 %).
        var rankSamples = [Int32](repeating: 0, count: b * cc), rankHighSamples = rankSamples
        var positions = [Int](repeating: 0, count: cc)
        for kind in kinds { for (position, c) in kind.enumerated() { positions[c] = position } }
        let pointPosition = positions

        // Every resample's generator seed, drawn in order; the resamples themselves are
        // independent, so they run in parallel, each writing only its own rows.
        var seeder = SplitMix64(seed: settings.bootstrap.seed)
        let seeds = (0..<b).map { _ in seeder.next() }
        let chunks = min(b, max(1, ProcessInfo.processInfo.activeProcessorCount) * 4)
        indexSamples.withUnsafeMutableBufferPointer { indexOut in
        interviewSamples.withUnsafeMutableBufferPointer { interviewOut in
        shareSamples.withUnsafeMutableBufferPointer { shareOut in
        rankSamples.withUnsafeMutableBufferPointer { rankOut in
        rankHighSamples.withUnsafeMutableBufferPointer { rankHighOut in
            nonisolated(unsafe) let (indexOut, interviewOut, shareOut, rankOut, rankHighOut) = (indexOut, interviewOut, shareOut, rankOut, rankHighOut)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                var draws = [Int](repeating: 0, count: n)
                var drawWeight = [Double](repeating: 0, count: n)
                var groupCount = [Int](repeating: 0, count: k)
                var marks = [Bool](repeating: false, count: k * cc)
                var sums = [SIMD4<Double>](repeating: .zero, count: weighted.lanes)
                var order: [Int] = []
                for r in stride(from: chunk, to: b, by: chunks) {
                    var rng = Xoshiro256StarStar(seed: seeds[r])
                    if stratified {
                        var d = 0
                        for group in members {
                            for _ in group.indices { draws[d] = group[rng.uniform(below: group.count)]; d += 1 }
                        }
                    } else {
                        for d in 0..<n { draws[d] = rng.uniform(below: n) }
                    }
                    for g in 0..<k { groupCount[g] = 0 }
                    for d in 0..<n { groupCount[table.group[draws[d]]] += 1 }
                    var presentWeight = 0.0, presentBreadth = 0.0
                    for g in 0..<k where groupCount[g] > 0 {
                        presentWeight += groupWeight[g]
                        presentBreadth += breadthWeight[g]
                    }
                    switch settings.interviewWeighting {
                    case .interview:
                        for d in 0..<n { drawWeight[d] = 1 / Double(n) }
                    case .group:
                        for d in 0..<n {
                            let g = table.group[draws[d]]
                            drawWeight[d] = presentWeight > 0 ? groupWeight[g] / presentWeight / Double(groupCount[g]) : 0
                        }
                    }
                    // The O(resamples × interviews × codes) core.
                    weighted.sum(draws: draws, weights: drawWeight, into: &sums)
                    marks.withUnsafeMutableBufferPointer { marks in
                        for x in marks.indices { marks[x] = false }
                        for i in draws {
                            let g = table.group[i] * cc
                            for j in offsets[i]..<offsets[i + 1] { marks[g + mentioned[j]] = true }
                        }
                    }
                    let row = r * cc
                    sums.withUnsafeBufferPointer { vectors in
                    vectors.withMemoryRebound(to: Double.self) { sum in
                        for c in 0..<cc {
                            var groups = 0.0
                            if presentBreadth > 0 {
                                for g in 0..<k where groupCount[g] > 0 && marks[g * cc + c] { groups += breadthWeight[g] }
                                groups /= presentBreadth
                            }
                            indexOut[row + c] = 100 * sum[c] + groupsFactor * groups
                            interviewOut[row + c] = sum[cc + c]
                            shareOut[row + c] = sum[2 * cc + c]
                        }
                    }
                    }
                    for kind in kinds {
                        order = kind
                        // Stable: ties keep the point-estimate order.
                        order.sort { a, b in
                            let x = indexOut[row + a], y = indexOut[row + b]
                            return x != y ? x > y : pointPosition[a] < pointPosition[b]
                        }
                        var start = 0
                        while start < order.count {
                            var end = start + 1
                            while end < order.count, Self.tied(indexOut[row + order[start]], indexOut[row + order[end]]) { end += 1 }
                            for position in start..<end {
                                rankOut[row + order[position]] = Int32(start + 1)
                                rankHighOut[row + order[position]] = Int32(end)
                            }
                            start = end
                        }
                    }
                }
            }
        }
        }
        }
        }
        }
        let tail = (1 - settings.bootstrap.level) / 2
        func interval(_ samples: [Double], _ c: Int) -> Interval {
            var column = (0..<b).map { samples[$0 * cc + c] }
            column.sort()
            return Interval(low: Statistics.quantile(sorted: column, tail), high: Statistics.quantile(sorted: column, 1 - tail))
        }
        var intervals: [CodeIntervals] = [], stability: [RankStability] = []
        for c in 0..<cc {
            // Shares are sums of weights that add up to 1 only up to rounding (1.0000000000000002).
            func share(_ i: Interval) -> Interval { Interval(low: min(max(i.low, 0), 1), high: min(max(i.high, 0), 1)) }
            intervals.append(CodeIntervals(priorityIndex: interval(indexSamples, c), interviewShare: share(interval(interviewSamples, c)),
                                           meanShare: share(interval(shareSamples, c))))
            // Rank 0: the code belongs to no kind and is never ranked. Tied places count in equal
            // parts: four fields tied for places 1 to 4 are each among the top 3 in 3/4 of it.
            var lows: [Double] = [], highs: [Double] = [], top3 = 0.0, top5 = 0.0
            lows.reserveCapacity(b)
            highs.reserveCapacity(b)
            for r in 0..<b {
                let low = Int(rankSamples[r * cc + c]), high = Int(rankHighSamples[r * cc + c])
                lows.append(Double(low))
                highs.append(Double(high))
                guard low >= 1 else { continue }
                let places = Double(high - low + 1)
                top3 += Double(max(0, min(high, 3) - low + 1)) / places
                top5 += Double(max(0, min(high, 5) - low + 1)) / places
            }
            lows.sort()
            highs.sort()
            stability.append(RankStability(top3: top3 / Double(b), top5: top5 / Double(b),
                                           rankInterval: Interval(low: Statistics.quantile(sorted: lows, tail).rounded(.down),
                                                                  high: Statistics.quantile(sorted: highs, 1 - tail).rounded(.up))))
        }
        return Result(intervals: intervals, stability: stability)
    }

    /// Two indices that share a place: equal but for rounding in the last bits (fields with the
    /// same per-interview figures sum them in the same order, so they are equal to the bit).
    @inline(__always)
    static func tied(_ x: Double, _ y: Double) -> Bool { abs(x - y) <= 1e-9 * max(1, abs(x), abs(y)) }
}

/// Tables of the same shape (N rows × `width` columns each) side by side, one row per table row,
/// padded to whole `SIMD4` lanes: a weighted sum of rows adds four columns per vector operation
/// and reads one contiguous row per term. Each column still gets the same additions in the same
/// order as one scalar sum per column, so the sums are the same to the last bit (no fused
/// multiply-add: Swift does not contract `w * x + s`).
struct WeightedRows {
    /// Vectors per row.
    let lanes: Int
    let rows: [SIMD4<Double>]

    init(columns tables: [[Double]], rows n: Int, width: Int) {
        lanes = (tables.count * width + 3) / 4
        var rows = [SIMD4<Double>](repeating: .zero, count: n * lanes)
        let lanes = lanes
        rows.withUnsafeMutableBufferPointer { vectors in
            vectors.withMemoryRebound(to: Double.self) { flat in
                for i in 0..<n {
                    let base = i * lanes * 4, source = i * width
                    for (k, table) in tables.enumerated() {
                        for c in 0..<width { flat[base + k * width + c] = table[source + c] }
                    }
                }
            }
        }
        self.rows = rows
    }

    /// Sets `sums` (`lanes` vectors) to Σ `weights[d]` × row `draws[d]`, in the order of `draws`.
    @inline(__always)
    func sum(draws: [Int], weights: [Double], into sums: inout [SIMD4<Double>]) {
        let lanes = lanes
        sums.withUnsafeMutableBufferPointer { sums in
            rows.withUnsafeBufferPointer { rows in
                for l in 0..<lanes { sums[l] = .zero }
                for d in draws.indices {
                    let w = SIMD4<Double>(repeating: weights[d]), base = draws[d] * lanes
                    for l in 0..<lanes { sums[l] += w * rows[base + l] }
                }
            }
        }
    }
}
