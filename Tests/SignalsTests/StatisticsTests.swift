import LeitbildCore
import Signals
import Testing

@Suite("Statistics")
struct StatisticsTests {
    struct TauCase: Sendable, CustomTestStringConvertible {
        var x: [Double]
        var y: [Double]
        var tau: Double?
        var testDescription: String { "\(x) vs \(y)" }
    }

    @Test("Kendall's tau-b", arguments: [
        TauCase(x: [1, 2, 3, 4], y: [10, 20, 30, 40], tau: 1),
        TauCase(x: [1, 2, 3, 4], y: [4, 3, 2, 1], tau: -1),
        TauCase(x: [1, 2, 3], y: [1, 1, 2], tau: 2 / 6.0.squareRoot()),
        TauCase(x: [1, 2, 3, 4], y: [2, 1, 4, 3], tau: 1 / 3),
        TauCase(x: [1], y: [1], tau: nil),
        TauCase(x: [1, 2, 3], y: [5, 5, 5], tau: nil),
    ])
    func kendall(_ c: TauCase) {
        let tau = Statistics.kendallTauB(c.x, c.y)
        if let expected = c.tau, let tau { #expect(abs(tau - expected) < 1e-12) } else { #expect(tau == nil && c.tau == nil) }
    }

    @Test("G², keyness and the chi-square tail match reference values")
    func likelihood() {
        #expect(abs(Statistics.gSquared(10, 20, 30, 40) - 0.8043486460964835) < 1e-12)
        #expect(abs(Statistics.logLikelihood(a: 10, b: 100, c: 1000, d: 1e6) - 71.35505423608875) < 1e-9)
        #expect(abs(Statistics.chiSquare1PValue(3.841458820694124) - 0.05) < 1e-12)
        #expect(Statistics.chiSquare1PValue(0) == 1)
        #expect(Statistics.gSquared(5, 0, 0, 5) > 0)
    }

    @Test("Benjamini–Hochberg")
    func bh() {
        let q = Statistics.benjaminiHochberg([0.01, 0.04, 0.03, 0.2])
        let expected = [0.04, 0.04 * 4 / 3, 0.04 * 4 / 3, 0.2]
        for (a, b) in zip(q, expected) { #expect(abs(a - b) < 1e-12) }
    }

    @Test("quantiles interpolate like R's default (type 7)")
    func quantile() {
        #expect(Statistics.quantile(sorted: [1, 2, 3, 4], 0.5) == 2.5)
        #expect(abs(Statistics.quantile(sorted: [1, 2, 3, 4], 0.025) - 1.075) < 1e-12)
        #expect(Statistics.quantile(sorted: [7], 0.9) == 7)
    }

    @Test("SplitMix64 and xoshiro256** match the reference implementation")
    func generators() {
        var s = SplitMix64(seed: 20_260_301)
        #expect([s.next(), s.next()] == [12_393_507_560_339_216_050, 11_721_685_452_596_254_399])
        var x = Xoshiro256StarStar(seed: 42)
        #expect([x.next(), x.next(), x.next()] == [1_546_998_764_402_558_742, 6_990_951_692_964_543_102, 12_544_586_762_248_559_009])
    }

    @Test("uniform draws stay in range and cover it")
    func uniform() {
        var x = Xoshiro256StarStar(seed: 1)
        var seen = Set<Int>()
        for _ in 0..<2000 {
            let v = x.uniform(below: 7)
            #expect((0..<7).contains(v))
            seen.insert(v)
        }
        #expect(seen.count == 7)
    }
}
