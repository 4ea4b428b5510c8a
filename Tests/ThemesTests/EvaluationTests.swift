import Foundation
import GermanText
import LeitbildCore
import Testing
@testable import Themes

@Suite("Evaluation against human coders")
struct EvaluationTests {
    struct KappaCase: Sendable, CustomTestStringConvertible {
        var tp, fp, fn, tn: Int
        var precision, recall, f1, kappa: Double?
        var testDescription: String { "tp \(tp) fp \(fp) fn \(fn) tn \(tn)" }
    }

    @Test("precision, recall, F1 and Cohen's kappa", arguments: [
        // Worked by hand: po = 0.7, pe = 0.5 * 0.6 + 0.5 * 0.4 = 0.5, kappa = 0.4.
        KappaCase(tp: 20, fp: 10, fn: 5, tn: 15, precision: 20.0 / 30, recall: 20.0 / 25, f1: 40.0 / 55, kappa: 0.4),
        KappaCase(tp: 10, fp: 0, fn: 0, tn: 40, precision: 1, recall: 1, f1: 1, kappa: 1),
        // Both raters always say no: kappa undefined, F1 undefined.
        KappaCase(tp: 0, fp: 0, fn: 0, tn: 30, precision: nil, recall: nil, f1: nil, kappa: nil),
        // Opposite raters: kappa -1.
        KappaCase(tp: 0, fp: 5, fn: 5, tn: 0, precision: 0, recall: 0, f1: 0, kappa: -1),
    ])
    func metrics(_ c: KappaCase) {
        var counts = BinaryCounts()
        counts.truePositives = c.tp
        counts.falsePositives = c.fp
        counts.falseNegatives = c.fn
        counts.trueNegatives = c.tn
        func close(_ a: Double?, _ b: Double?) -> Bool {
            switch (a, b) {
            case (nil, nil): true
            case let (x?, y?): abs(x - y) < 1e-9
            default: false
            }
        }
        #expect(close(counts.precision, c.precision))
        #expect(close(counts.recall, c.recall))
        #expect(close(counts.f1, c.f1))
        #expect(close(counts.kappa, c.kappa), "\(String(describing: counts.kappa))")
    }

    @Test("micro and macro averages use only codes with enough support")
    func averages() {
        func row(_ id: String, tp: Int, fp: Int, fn: Int, averaged: Bool) -> CodeEvaluation {
            var c = BinaryCounts()
            c.truePositives = tp
            c.falsePositives = fp
            c.falseNegatives = fn
            c.trueNegatives = 100
            return CodeEvaluation(codeID: id, gold: id, counts: c, averaged: averaged)
        }
        let s = EvaluationSummary([row("a", tp: 8, fp: 2, fn: 2, averaged: true), row("b", tp: 1, fp: 1, fn: 3, averaged: true),
                                   row("c", tp: 0, fp: 9, fn: 1, averaged: false)])
        #expect(s.codes == 2)
        #expect(abs((s.macroF1 ?? 0) - (0.8 + 2.0 / 6) / 2) < 1e-9)
        #expect(abs((s.microF1 ?? 0) - 18.0 / 26) < 1e-9)
    }

    static func writeCSV(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("leitbild-eval-\(UUID().uuidString).csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let book = Codebook(name: "t", codes: [
        Code(id: "cycling", name: "cycling", kind: .handlungsfeld, terms: ["Rad", "Fahrrad"]),
        Code(id: "parking", name: "stationary traffic (parking)", kind: .handlungsfeld, terms: ["Parkplatz", "parken"]),
    ])

    @Test("a labelled CSV is coded per row and compared per column (matched by id or name)")
    func csv() throws {
        let path = try Self.writeCSV("""
            document_id,text,cycling,stationary traffic (parking),other
            d1,"Mehr Räder, weniger Autos.",1,0,0
            d2,"Keine Parkplätze mehr, bitte.",0,1,1
            d3,"Im Radio lief es, dann Parkplatz gesucht.",0,0,0
            d4,"Der Radweg endet.",1,0,0
            """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let dataset = try LabeledDataset.load(path: path, codebook: Self.book, textColumns: ["text"], idColumn: "document_id")
        #expect(dataset.columns == ["cycling": "cycling", "parking": "stationary traffic (parking)"])
        #expect(dataset.unmatchedColumns == ["other"])
        let (report, predictions) = DocumentEvaluator(codebook: Self.book, splitter: Fixture.splitter).evaluate(dataset, minSupport: 1)
        #expect(predictions == [["cycling"], ["parking"], ["parking"], ["cycling"]])
        let cycling = try #require(report.codes.first { $0.codeID == "cycling" })
        #expect(cycling.counts.truePositives == 2 && cycling.counts.falsePositives == 0)
        let parking = try #require(report.codes.first { $0.codeID == "parking" })
        #expect(parking.counts.falsePositives == 1)
        #expect(report.notes == ["0/1 columns without a code: other"])

        // Plain substring search finds "Rad" in "Radio" and "Radweg" alike.
        let naive = DocumentEvaluator(codebook: Self.book, matcher: .naive).evaluate(dataset, minSupport: 1)
        #expect(naive.predictions[2] == ["cycling", "parking"])
    }

    @Test("bad data files are reported with file, line and the fix", arguments: [
        ("id,body\n1,x\n", "no text column 'text'"),
        ("id,text,cycling\n1,Rad,yes\n", ":2: column 'cycling' holds 'yes'. Label columns must hold 0 or 1."),
        ("id,text,cycling\n1,\"Rad,1\n", ":2: a quoted field opened here is never closed"),
    ])
    func badData(_ input: (String, String)) throws {
        let path = try Self.writeCSV(input.0)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect {
            _ = try LabeledDataset.load(path: path, codebook: Self.book, textColumns: ["text"], idColumn: nil)
        } throws: { error in
            (error as? LabeledDataset.LoadError)?.message.contains(input.1) == true
        }
    }

    @Test("segment-level comparison with human codings reports all units and coded units only")
    func segments() throws {
        var t = Fixture.transcript([
            (.interviewer, "Wie kommen Sie zur Arbeit?"),
            (.respondent, "Mit dem Rad. Parkplätze gibt es keine. Das Wetter ist schön. Sonst nichts."),
        ])
        func range(_ s: String) -> TextRange {
            let r = t.text.range(of: s)!
            let start = t.text.unicodeScalars.distance(from: t.text.unicodeScalars.startIndex, to: r.lowerBound)
            let u = t.text.utf8.distance(from: t.text.utf8.startIndex, to: r.lowerBound)
            return TextRange(scalars: SourceSpan(start: start, end: start + s.unicodeScalars.count), utf8: u..<(u + s.utf8.count))
        }
        // The human coded "Rad" as cycling (agrees) and "Wetter" as cycling (Leitbild does not);
        // Leitbild codes "Parkplätze" as parking, which the human did not.
        t.existingCodings = [
            ExistingCoding(codeID: CodebookQDA.guid(forCodeID: "cycling"), codeName: "Radverkehr", range: range("Mit dem Rad."), coder: "anna"),
            ExistingCoding(codeID: "x", codeName: "cycling", range: range("Wetter"), coder: "anna"),
            ExistingCoding(codeID: "y", codeName: "Unbekannt", range: range("Sonst"), coder: "anna"),
        ]
        let report = SegmentEvaluator(codebook: Self.book, unit: .sentence, splitter: Fixture.splitter).evaluate([t], data: "t.qdpx")
        #expect(report.units == 4)
        let cycling = try #require(report.codes.first { $0.codeID == "cycling" })
        #expect(cycling.counts.truePositives == 1 && cycling.counts.falseNegatives == 1 && cycling.counts.trueNegatives == 2)
        let coded = try #require(report.codedUnitsOnly)
        #expect(coded.units == 3)
        let codedCycling = try #require(coded.codes.first { $0.codeID == "cycling" })
        #expect(codedCycling.counts.trueNegatives == 1)
        // Agreement over coded units only is lower than over all units.
        #expect((coded.summary.agreement ?? 1) < (report.summary.agreement ?? 0))
        #expect(report.notes.contains { $0.contains("Unbekannt") })
    }
}
