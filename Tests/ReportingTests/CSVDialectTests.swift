import Foundation
import LeitbildCore
import Reporting
import Testing

@Suite("CSV dialects")
struct CSVDialectTests {
    static let csvRenderers: [any ReportRenderer] = [ThemesCSVRenderer(), SegmentsCSVRenderer(), GroupsCSVRenderer(), PseudonymKeyRenderer()]

    @Test("rfc4180: no BOM, comma, CRLF, parses back to the same row count", arguments: csvRenderers.map(\.fileName))
    func rfc(_ name: String) throws {
        let renderer = try #require(Self.csvRenderers.first { $0.fileName == name })
        let file = try renderer.render(ReportFixture.input(options: ReportOptions(csvDialect: .rfc4180)))
        #expect(Array(file.contents.prefix(3)) != [0xEF, 0xBB, 0xBF])
        let text = String(decoding: file.contents, as: UTF8.self)
        #expect(text.hasSuffix("\r\n"))
        let records = try CSV.parse(text, delimiter: ",")
        let width = try #require(records.first?.fields.count)
        #expect(records.allSatisfy { $0.fields.count == width }, "ragged rows in \(name)")
    }

    @Test("excel-de: BOM, semicolon, decimal comma, same cells", arguments: csvRenderers.map(\.fileName))
    func excel(_ name: String) throws {
        let renderer = try #require(Self.csvRenderers.first { $0.fileName == name })
        let rfc = try renderer.render(ReportFixture.input(options: ReportOptions(csvDialect: .rfc4180)))
        let de = try renderer.render(ReportFixture.input(options: ReportOptions(csvDialect: .excelDE)))
        #expect(Array(de.contents.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let a = try CSV.parse(String(decoding: rfc.contents, as: UTF8.self), delimiter: ",")
        let b = try CSV.parse(String(decoding: de.contents.dropFirst(3), as: UTF8.self), delimiter: ";")
        #expect(a.count == b.count)
        for (x, y) in zip(a, b) {
            #expect(x.fields.count == y.fields.count)
            for (f, g) in zip(x.fields, y.fields) {
                // Numbers switch their decimal point; every other cell is identical.
                if f.wholeMatch(of: /-?\d+\.\d+/) != nil { #expect(g == f.replacingOccurrences(of: ".", with: ",")) } else { #expect(f == g) }
            }
        }
    }

    @Test("fields with the delimiter, quotes and line breaks are quoted", arguments: [
        (CSVDialect.rfc4180, ["a,b", "x;y", "sagt \"nein\"", "zwei\nZeilen"], "\"a,b\",x;y,\"sagt \"\"nein\"\"\",\"zwei\nZeilen\"\r\n"),
        (CSVDialect.excelDE, ["a,b", "x;y", "sagt \"nein\"", "zwei\nZeilen"], "a,b;\"x;y\";\"sagt \"\"nein\"\"\";\"zwei\nZeilen\"\r\n"),
    ])
    func quoting(_ c: (CSVDialect, [String], String)) {
        #expect(c.0.line(c.1.map(CSV.Field.text)) == c.2)
    }

    @Test("numbers", arguments: [(CSVDialect.rfc4180, 0.25, "0.250000"), (.excelDE, 0.25, "0,250000"), (.excelDE, 12.5, "12,500000")])
    func numbers(_ c: (CSVDialect, Double, String)) {
        #expect(c.0.number(c.1) == c.2)
    }
}
