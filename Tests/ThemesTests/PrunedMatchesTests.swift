import LeitbildCore
import Testing
@testable import Themes

/// `CodingSession.pruned`: of overlapping term matches, those inside another are dropped; the same
/// as checking each against every kept match, in time linear in the matches (a long unit with
/// thousands of hits was quadratic before; found in a hostile-input review).
@Suite("Matches inside other matches")
struct PrunedMatchesTests {
    static func match(_ term: String, _ start: Int, _ end: Int) -> TermMatch {
        TermMatch(term: term, rule: .word, range: TextRange(scalars: SourceSpan(start: start, end: end), utf8: start..<end))
    }

    /// The definition: each match in the sorted order kept unless a kept one holds it.
    static func naive(_ matches: [TermMatch]) -> [TermMatch] {
        let sorted = matches.sorted { a, b in
            let x = a.matchedRange.scalars, y = b.matchedRange.scalars
            if x.start != y.start { return x.start < y.start }
            if x.end != y.end { return x.end > y.end }
            return a.term < b.term
        }
        var out: [TermMatch] = []
        for m in sorted where !out.contains(where: { $0.matchedRange.scalars.contains(m.matchedRange.scalars) }) { out.append(m) }
        return out
    }

    @Test("the same matches as the definition", arguments: 0..<40)
    func sameAsDefinition(seed: Int) {
        var rng = SplitMix64(seed: UInt64(seed))
        let matches = (0..<Int(rng.next() % 60)).map { i -> TermMatch in
            let start = Int(rng.next() % 80)
            return Self.match("t\(i % 7)", start, start + Int(rng.next() % 12))
        }
        let kept = CodingSession.pruned(matches).map { [$0.term, "\($0.matchedRange.scalars.start)", "\($0.matchedRange.scalars.end)"] }
        #expect(kept == Self.naive(matches).map { [$0.term, "\($0.matchedRange.scalars.start)", "\($0.matchedRange.scalars.end)"] })
    }

    @Test("nested, equal and overlapping matches")
    func cases() {
        let kept = CodingSession.pruned([Self.match("Bus", 4, 7), Self.match("Rufbus", 0, 7), Self.match("Rufbus", 0, 7),
                                      Self.match("bus linie", 4, 12), Self.match("linie", 7, 12)])
        #expect(kept.map(\.term) == ["Rufbus", "bus linie"])
    }
}
