import Foundation
@testable import Ingestion
import LeitbildCore
import Testing
import TestSupport

/// Group cells that differ only in letter case or in white space around them are one group, in
/// the first spelling the sheet has. Found in a first-day review: "Wirtschaft" and "wirtschaft"
/// were two stakeholder groups, with no warning, and skewed every "N von M Gruppen".
@Suite("Metadata sheet: one group in any letter case", .scratchFolder)
struct MetadataGroupSpellingTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        /// The group cells, from line 2 on.
        var cells: [String]
        /// The group of each row after reading.
        var groups: [String]
        /// The warnings: line and message, up to its ':'.
        var warnings: [(line: Int, says: String)] = []
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "letter case: the first spelling is kept, one warning per other spelling",
             cells: ["Wirtschaft", "wirtschaft", "WIRTSCHAFT", "wirtschaft", "Jugend"],
             groups: ["Wirtschaft", "Wirtschaft", "Wirtschaft", "Wirtschaft", "Jugend"],
             warnings: [(3, "column 'group': 'wirtschaft' (also on line 5) and 'Wirtschaft' on line 2 are read as one group, 'Wirtschaft'"),
                        (4, "column 'group': 'WIRTSCHAFT' and 'Wirtschaft' on line 2 are read as one group, 'Wirtschaft'")]),
        Case(name: "the first spelling met wins, whatever its case", cells: ["jugend", "Jugend"], groups: ["jugend", "jugend"],
             warnings: [(3, "column 'group': 'Jugend' and 'jugend' on line 2 are read as one group, 'jugend'")]),
        Case(name: "a no-break space around a group", cells: ["Wirtschaft\u{A0}", "Wirtschaft"], groups: ["Wirtschaft", "Wirtschaft"],
             warnings: [(3, "column 'group': 'Wirtschaft' and 'Wirtschaft<U+00A0>' on line 2 are read as one group, 'Wirtschaft'")]),
        Case(name: "ASCII spaces around a group were always trimmed: no warning", cells: [" Wirtschaft ", "Wirtschaft"],
             groups: ["Wirtschaft", "Wirtschaft"]),
        Case(name: "groups written alike, or different groups: no warning", cells: ["Verwaltung", "Politik", "Verwaltung", "Verwaltungsspitze"],
             groups: ["Verwaltung", "Politik", "Verwaltung", "Verwaltungsspitze"]),
    ]

    @Test("group cells that differ only in letter case or surrounding spaces are one group, with a warning per spelling", arguments: cases)
    func spelling(_ c: Case) throws {
        let text = "file,group,ort\n" + c.cells.enumerated().map { "\($0.offset).txt,\($0.element),Naila\n" }.joined()
        let sheet = try MetadataSheet.parse(Data(text.utf8), path: "metadata.csv")
        #expect(c.cells.indices.map { sheet.metadata(forFile: "\($0).txt").group } == c.groups)
        #expect(c.cells.indices.map { sheet.metadata(forFile: "\($0).txt")[variable: "group"] } == c.groups)
        let warnings = sheet.diagnostics.filter { $0.message.contains("one group") }
        #expect(warnings.map(\.line) == c.warnings.map(\.line))
        for (warning, expected) in zip(warnings, c.warnings) {
            #expect(warning.severity == .warning)
            #expect(warning.file == "metadata.csv")
            #expect(warning.message.hasPrefix(expected.says + ": groups that differ only in letter case"), "\(warning.message)")
            #expect(warning.hint?.contains("write each group the same way") == true)
        }
    }
}
