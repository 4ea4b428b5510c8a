import Foundation
import LeitbildCore
import Testing

/// `Parallel` spreads pure work over the cores; its results must be a loop's, in a loop's places.
@Suite("Parallel work, results in order")
struct ParallelTests {
    @Test("map keeps the input order", arguments: [0, 1, 2, 3, 17, 1000])
    func mapOrder(_ count: Int) {
        let items = (0..<count).map { "item \($0)" }
        #expect(Parallel.map(items) { $0.uppercased() + "/\($0.utf8.count)" } == items.map { $0.uppercased() + "/\($0.utf8.count)" })
    }

    @Test("both returns each closure's result in its own place, also when the second finishes first")
    func both() {
        let (words, total) = Parallel.both({ () -> [String] in
            usleep(20_000)
            return ["Breitband", "Pflege"]
        }, {
            (1...100).reduce(0, +)
        })
        #expect(words == ["Breitband", "Pflege"])
        #expect(total == 5050)
        let (first, second) = Parallel.both({ "erste" }, { ["zweite": 2] })
        #expect(first == "erste")
        #expect(second == ["zweite": 2])
    }
}
