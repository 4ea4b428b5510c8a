import Foundation
import LeitbildCore
import Reporting
import Testing

/// Golden files of the rendered reports on the code-built fixture (`ReportFixture`).
@Suite("Golden files of the reports")
struct GoldenFileTests {
    static let cases: [(renderer: any ReportRenderer, golden: String, dialect: CSVDialect)] = [
        (SummaryRenderer(), "summary.md", .rfc4180),
        (ThemesCSVRenderer(), "themes.csv", .rfc4180),
        (SegmentsCSVRenderer(), "segments.csv", .rfc4180),
        (GroupsCSVRenderer(), "groups.csv", .rfc4180),
        (PseudonymKeyRenderer(), "pseudonym-key.csv", .rfc4180),
        (ThemesCSVRenderer(), "themes.excel-de.csv", .excelDE),
        (GroupsCSVRenderer(), "groups.excel-de.csv", .excelDE),
        (JSONRenderer(), "analysis.json", .rfc4180),
    ]

    @Test("rendered output equals its golden file", arguments: cases.indices)
    func golden(_ index: Int) throws {
        let c = Self.cases[index]
        let input = ReportFixture.input(options: ReportOptions(csvDialect: c.dialect))
        let file = try c.renderer.render(input)
        Snapshot.assertMatches(file.contents, named: c.golden)
    }

    @Test("every output is byte-identical across runs", arguments: ReportWriter.renderers(for: ReportOptions()).map(\.fileName))
    func deterministic(_ name: String) throws {
        let renderers = ReportWriter.renderers(for: ReportOptions())
        let renderer = try #require(renderers.first { $0.fileName == name })
        let a = try renderer.render(ReportFixture.input())
        let b = try renderer.render(ReportFixture.input())
        #expect(a.contents == b.contents, "\(name) differs between two runs")
        #expect(!a.contents.isEmpty)
    }

    @Test("ReportWriter writes every file atomically into the output folder")
    func writer() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("leitbild-writer-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let options = ReportOptions()
        let written = try ReportWriter(renderers: ReportWriter.renderers(for: options)).write(ReportFixture.input(options: options), to: dir)
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: dir))
        #expect(names == Set(written.map { ($0 as NSString).lastPathComponent }))
        #expect(names.isSuperset(of: ["summary.md", "report.html", "themes.csv", "segments.csv", "groups.csv", "analysis.json",
                                      "analysis.sqlite", "project.qdpx", "pseudonym-key.csv"]))
        #expect(!names.contains { $0.contains(".tmp-") })
    }

    @Test("no key file without pseudonymisation")
    func noKeyFile() {
        #expect(!ReportWriter.renderers(for: ReportOptions(pseudonymize: false)).contains { $0.fileName == "pseudonym-key.csv" })
    }
}
