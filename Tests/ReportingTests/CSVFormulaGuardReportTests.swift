import Foundation
import LeitbildCore
import Reporting
import Testing

/// The CSV reports guard their text cells against spreadsheet formulas and leave their number
/// columns alone (docs/reports.md, "CSV files").
@Suite("CSV reports: formula guard on text cells, numbers intact")
struct CSVFormulaGuardReportTests {
    static let renderers: [any ReportRenderer] = [ThemesCSVRenderer(), SegmentsCSVRenderer(), GroupsCSVRenderer(), PseudonymKeyRenderer()]
    static let cases = renderers.flatMap { r in CSVDialect.allCases.map { (r.fileName, $0) } }

    /// An interview whose id, file name, group, municipality, speaker label and quotes each begin
    /// with a trigger character.
    static let hostile = ReportFixture.Interview(
        id: "-F09", file: "=datei.txt", group: "+Gruppe", municipality: "@Ort", interviewer: "Anna Roth", respondent: "Jonas Gebhardt",
        turns: [("I", .interviewer, "Was fehlt?", nil),
                ("=B", .respondent, "=HYPERLINK(\"http://x.example\";\"Bus\") fährt nie. -3 Grad und kein Bus.", nil)])

    static func rows(_ name: String, _ dialect: CSVDialect, interviews: [ReportFixture.Interview] = ReportFixture.interviews) throws -> [[String]] {
        let renderer = try #require(renderers.first { $0.fileName == name })
        let file = try renderer.render(ReportFixture.input(options: ReportOptions(csvDialect: dialect), interviews: interviews))
        let bytes = dialect == .excelDE ? Array(file.contents.dropFirst(3)) : file.contents
        return try CSV.parse(String(decoding: bytes, as: UTF8.self), delimiter: dialect.delimiter).map(\.fields)
    }

    static let triggers: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    @Test("no text cell begins with a formula character", arguments: cases)
    func noFormula(_ name: String, _ dialect: CSVDialect) throws {
        let rows = try Self.rows(name, dialect, interviews: ReportFixture.interviews + [Self.hostile])
        let numeric = /-\d+([.,]\d+)?/
        for row in rows {
            for cell in row where cell.first.map(Self.triggers.contains) == true {
                #expect(cell.wholeMatch(of: numeric) != nil, "\(name): text cell \(cell.debugDescription) not guarded")
            }
        }
    }

    @Test("segments.csv: every text column of the hostile interview is guarded", arguments: CSVDialect.allCases)
    func segmentColumns(_ dialect: CSVDialect) throws {
        let rows = try Self.rows("segments.csv", dialect, interviews: ReportFixture.interviews + [Self.hostile])
        let header = try #require(rows.first)
        let hostileRows = rows.filter { $0.first == "'-F09" }
        #expect(hostileRows.count == 2)
        for row in hostileRows {
            let cell = Dictionary(uniqueKeysWithValues: zip(header, row))
            #expect(cell["file"] == "'=datei.txt")
            #expect(cell["group"] == "'+Gruppe")
            #expect(cell["municipality"] == "'@Ort")
            #expect(cell["speaker"] == "'=B")
            #expect(cell["terms"] == "Bus [word]")
            #expect(cell["negated"] == "0")
        }
        #expect(hostileRows.map { $0[header.firstIndex(of: "text")!] }
            == ["'=HYPERLINK(\"http://x.example\";\"Bus\") fährt nie.", "'-3 Grad und kein Bus."])
    }

    @Test("negative numbers stay numbers", arguments: [("themes.csv", CSVDialect.rfc4180), ("themes.csv", .excelDE),
                                                          ("groups.csv", .rfc4180), ("groups.csv", .excelDE)])
    func negativeNumbers(_ name: String, _ dialect: CSVDialect) throws {
        let cells = try Self.rows(name, dialect).dropFirst().flatMap { $0 }
        let negative = cells.filter { $0.wholeMatch(of: /-\d+[.,]\d+/) != nil }
        #expect(!negative.isEmpty, "the fixture's \(name) has negative numbers (index_low, points, score)")
        #expect(!cells.contains { $0.hasPrefix("'") }, "no cell of the fixture's \(name) needs the guard")
    }

    @Test("the demo's exact-form term: a terms cell that begins with \"=\" is guarded, one with \"=\" later is not",
          arguments: CSVDialect.allCases)
    func exactFormTerm(_ dialect: CSVDialect) throws {
        let rows = try Self.rows("segments.csv", dialect)
        let terms = try #require(rows.first?.firstIndex(of: "terms"))
        #expect(rows.map { $0[terms] }.filter { $0.contains("Bahn") } == ["'=Bahn [exactForm]; Bus [word]"])
        let later = [ReportFixture.Interview(id: "F10", file: "10.txt", group: "Jugend", municipality: nil, interviewer: "Anna Roth",
                                             respondent: "Jonas Gebhardt", turns: [("B", .respondent, "Der Bus und die Bahn fehlen.", nil)])]
        #expect(try Self.rows("segments.csv", dialect, interviews: later).dropFirst().map { $0[terms] } == ["Bus [word]; =Bahn [exactForm]"])
    }
}
