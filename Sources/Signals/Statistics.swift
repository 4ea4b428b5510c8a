import Foundation

/// Small statistics used by the aggregation, written out so that every figure is reproducible
/// and explainable.
public enum Statistics {
    /// `x · ln(x / e)`, with 0 · ln 0 = 0.
    static func xlogx(_ x: Double, _ e: Double) -> Double { x > 0 && e > 0 ? x * Foundation.log(x / e) : 0 }

    /// Log-likelihood keyness (Dunning 1993; Rayson & Garside 2000): a word seen `a` times in a
    /// corpus of `c` words and `b` times in a reference of `d` words.
    public static func logLikelihood(a: Double, b: Double, c: Double, d: Double) -> Double {
        let e1 = c * (a + b) / (c + d), e2 = d * (a + b) / (c + d)
        return 2 * (xlogx(a, e1) + xlogx(b, e2))
    }

    /// G² of a 2×2 table [[k11, k12], [k21, k22]].
    public static func gSquared(_ k11: Double, _ k12: Double, _ k21: Double, _ k22: Double) -> Double {
        let n = k11 + k12 + k21 + k22
        guard n > 0 else { return 0 }
        let r1 = k11 + k12, r2 = k21 + k22, c1 = k11 + k21, c2 = k12 + k22
        let g = 2 * (xlogx(k11, r1 * c1 / n) + xlogx(k12, r1 * c2 / n) + xlogx(k21, r2 * c1 / n) + xlogx(k22, r2 * c2 / n))
        return max(g, 0)
    }

    /// Upper tail of the chi-square distribution with one degree of freedom.
    public static func chiSquare1PValue(_ x: Double) -> Double { x <= 0 ? 1 : erfc((x / 2).squareRoot()) }

    /// Benjamini–Hochberg adjusted p-values (q-values), in the order given.
    public static func benjaminiHochberg(_ p: [Double]) -> [Double] {
        let m = p.count
        guard m > 0 else { return [] }
        let order = p.indices.sorted { p[$0] != p[$1] ? p[$0] < p[$1] : $0 < $1 }
        var q = [Double](repeating: 1, count: m)
        var running = 1.0
        for rank in stride(from: m, through: 1, by: -1) {
            let i = order[rank - 1]
            running = min(running, p[i] * Double(m) / Double(rank))
            q[i] = min(running, 1)
        }
        return q
    }

    /// Quantile of sorted values by linear interpolation (Hyndman & Fan type 7, R's default).
    public static func quantile(sorted x: some RandomAccessCollection<Double>, _ p: Double) -> Double {
        guard let first = x.first else { return .nan }
        if x.count == 1 { return first }
        let h = Double(x.count - 1) * p
        let lo = Int(h.rounded(.down)), hi = min(lo + 1, x.count - 1)
        let a = x[x.index(x.startIndex, offsetBy: lo)], b = x[x.index(x.startIndex, offsetBy: hi)]
        return a + (h - Double(lo)) * (b - a)
    }

    /// Kendall's tau-b between two paired lists (ties handled); nil with fewer than two pairs or
    /// when one list is constant.
    public static func kendallTauB(_ x: [Double], _ y: [Double]) -> Double? {
        precondition(x.count == y.count, "kendallTauB needs paired lists")
        let n = x.count
        guard n >= 2 else { return nil }
        var concordant = 0, discordant = 0, tiesX = 0, tiesY = 0, pairs = 0
        for i in 0..<(n - 1) {
            for j in (i + 1)..<n {
                pairs += 1
                let dx = x[i] - x[j], dy = y[i] - y[j]
                if dx == 0 { tiesX += 1 }
                if dy == 0 { tiesY += 1 }
                if dx == 0 || dy == 0 { continue }
                if (dx > 0) == (dy > 0) { concordant += 1 } else { discordant += 1 }
            }
        }
        let denominator = (Double(pairs - tiesX) * Double(pairs - tiesY)).squareRoot()
        guard denominator > 0 else { return nil }
        return Double(concordant - discordant) / denominator
    }

    /// Population standard deviation.
    public static func standardDeviation(_ x: [Double]) -> Double {
        guard !x.isEmpty else { return 0 }
        let mean = x.reduce(0, +) / Double(x.count)
        return (x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.count)).squareRoot()
    }
}
