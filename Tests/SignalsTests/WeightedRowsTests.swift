import LeitbildCore
@testable import Signals
import Testing

/// The bootstrap's weighted sums of interview rows (`WeightedRows`): four columns per vector
/// operation, yet every column the same additions in the same order as a scalar sum, so the
/// intervals in the reports do not move by a bit.
@Suite("Bootstrap: weighted sums of rows")
struct WeightedRowsTests {
    /// Every lane padding (3 tables × 1…9 columns: 0 to 3 padded lanes), one row and many,
    /// draws with repeats.
    @Test("each column's sum is the scalar sum, bit for bit", arguments: [1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 40])
    func sameBits(width: Int, rows n: Int) {
        var random = SplitMix64(seed: UInt64(width * 1_000 + n))
        func value() -> Double {
            // Mixed magnitudes and signs, so that the order of additions would show in the last bits.
            let mantissa = Double(random.next() >> 11) / Double(1 << 53)
            let scale = [1e-12, 1e-3, 1, 1e3, 1e9][Int(random.next() % 5)]
            return (random.next() % 2 == 0 ? 1 : -1) * mantissa * scale
        }
        let tables = (0..<3).map { _ in (0..<(n * width)).map { _ in value() } }
        let draws = (0..<(3 * n + 2)).map { _ in Int(random.next() % UInt64(n)) }
        let weights = draws.map { _ in abs(value()) }

        let weighted = WeightedRows(columns: tables, rows: n, width: width)
        #expect(weighted.lanes == (3 * width + 3) / 4)
        var sums = [SIMD4<Double>](repeating: SIMD4(repeating: .nan), count: weighted.lanes)
        weighted.sum(draws: draws, weights: weights, into: &sums)
        let flat = sums.flatMap { v in (0..<4).map { v[$0] } }
        for (k, table) in tables.enumerated() {
            for c in 0..<width {
                var scalar = 0.0
                for (d, i) in draws.enumerated() { scalar += weights[d] * table[i * width + c] }
                #expect(flat[k * width + c].bitPattern == scalar.bitPattern, "table \(k), column \(c)")
            }
        }
        // The padding stays zero (the sums start from zero, not from what was in the buffer).
        #expect(flat[(3 * width)...].allSatisfy { $0 == 0 })
    }
}
