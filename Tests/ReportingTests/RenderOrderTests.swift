import Foundation
@testable import Reporting
import Testing

/// The concurrent `ReportWriter.write` starts the longest renderers first, by the seconds the
/// last run measured (`expectedSeconds`), or by fixed weights when some are unknown. The order
/// decides only when a file is written, never what.
@Suite("Reports: the order renderers start in")
struct RenderOrderTests {
    static let names = ["summary.md", "report.html", "themes.csv", "segments.csv", "groups.csv", "analysis.json", "analysis.sqlite",
                        "project.qdpx"]

    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        var expected: [String: Double]
        var order: [String]
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(label: "no seconds: by weight (a full run's costs)", expected: [:],
             order: ["project.qdpx", "analysis.sqlite", "analysis.json", "summary.md", "segments.csv", "report.html", "themes.csv", "groups.csv"]),
        Case(label: "seconds of a +1 file run: longest first", expected: [
            "summary.md": 0.44, "report.html": 0.27, "themes.csv": 0.001, "segments.csv": 0.12, "groups.csv": 0.003,
            "analysis.json": 0.45, "analysis.sqlite": 0.16, "project.qdpx": 0.25,
        ], order: ["analysis.json", "summary.md", "report.html", "project.qdpx", "analysis.sqlite", "segments.csv", "groups.csv", "themes.csv"]),
        Case(label: "equal seconds: in list order", expected: Dictionary(uniqueKeysWithValues: names.map { ($0, 0.5) }), order: names),
        Case(label: "one renderer without seconds (a new output): by weight", expected: [
            "summary.md": 9, "report.html": 9, "themes.csv": 9, "segments.csv": 9, "groups.csv": 9, "analysis.json": 9, "analysis.sqlite": 9,
        ], order: ["project.qdpx", "analysis.sqlite", "analysis.json", "summary.md", "segments.csv", "report.html", "themes.csv", "groups.csv"]),
    ]

    @Test("order", arguments: cases)
    func order(_ c: Case) {
        #expect(ReportWriter.order(Self.names, expected: c.expected).map { Self.names[$0] } == c.order)
    }

    /// A renderer that writes its name and notes when it started.
    struct Named: ReportRenderer {
        let fileName: String
        let started: Started
        func render(_ input: ReportInput) throws -> RenderedFile {
            started.add(fileName)
            return RenderedFile(name: fileName, text: fileName)
        }
    }

    final class Started: @unchecked Sendable {
        private let lock = NSLock()
        private var names: [String] = []
        func add(_ name: String) { lock.withLock { names.append(name) } }
        var all: [String] { lock.withLock { names } }
    }

    @Test("one at a time, the writer starts them in that order and writes the same files")
    func writerFollowsTheOrder() async throws {
        let started = Started()
        var writer = ReportWriter(renderers: ["a.txt", "b.txt", "c.txt"].map { Named(fileName: $0, started: started) }, concurrency: 1)
        writer.expectedSeconds = ["a.txt": 0.1, "b.txt": 0.3, "c.txt": 0.2]
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("render-order-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let written = try await writer.write(ReportFixture.input(), to: out)
        #expect(started.all == ["b.txt", "c.txt", "a.txt"])
        #expect(written.map { ($0 as NSString).lastPathComponent } == ["a.txt", "b.txt", "c.txt"])
        for name in ["a.txt", "b.txt", "c.txt"] {
            #expect(FileManager.default.contents(atPath: out + "/" + name) == Data(name.utf8))
        }
    }
}
