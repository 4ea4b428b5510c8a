import Foundation
import LeitbildCore
@testable import Pipeline
import Testing

/// The run summary's wording for each way a run treats the reports (`AnalysisRun.Reports`).
@Suite("The run summary line")
struct RunSummaryTests {
    static let cases: [(AnalysisRun.Reports, reuse: String, reports: String)] = [
        (.written, "(1 from the cache)", "Reports: a.md, b.json"),
        (.unchanged(.byKeys), "(1 from the cache)", "Reports unchanged (same inputs as the last run): a.md, b.json"),
        (.unchanged(.byStat), "(by the last run; none changed since)", "Reports unchanged (no input file changed since the last run): a.md, b.json"),
        (.unchanged(.byContent), "(by the last run; none changed in content since)",
         "Reports unchanged (no input file's content changed since the last run): a.md, b.json"),
    ]

    @Test("each way of treating the reports has its words", arguments: cases)
    func line(reports: AnalysisRun.Reports, reuse: String, written: String) {
        var run = AnalysisRun(filesFound: 2, transcripts: 2, turns: 4, sentences: 6, codedSegments: 3, diagnostics: [], failures: [],
                              writtenFiles: ["a.md", "b.json"])
        run.files = [FileReport(path: "t/1.txt", bytes: 10, status: .cached, seconds: 0),
                     FileReport(path: "t/2.txt", bytes: 10, status: .analysed, seconds: 0)]
        run.reports = reports
        let line = RunSummary.line(run, version: "t")
        #expect(line.hasPrefix("Leitbild t: 2 of 2 files analysed \(reuse), 2 transcripts"), "\(line)")
        #expect(line.hasSuffix("\n" + written), "\(line)")
        #expect(run.reportsUnchanged == (reports != .written))
        #expect(run.unchangedByStat == (reports == .unchanged(.byStat)))
        #expect(run.unchangedByContent == (reports == .unchanged(.byContent)))
    }

    @Test("a run that wrote nothing says the previous reports stay, whatever it found")
    func nothingWritten() {
        var run = AnalysisRun(filesFound: 1, transcripts: 0, turns: 0, sentences: 0, codedSegments: 0, diagnostics: [], failures: [],
                              writtenFiles: [])
        run.reports = .unchanged(.byKeys)
        #expect(RunSummary.line(run, version: "t").hasSuffix("\nNo reports written; the previous ones are unchanged."))
    }

    @Test("notes that cache entries could not be written: the first three, then one line for the rest",
          arguments: [(0, 0), (3, 3), (4, 4), (5000, 4)])
    func cacheStoreFailures(_ c: (failures: Int, printedFailureLines: Int)) {
        let other = Diagnostic(.note, "out/.leitbild-cache/coded/ab/cd: cache entry does not fit the file; it is recomputed", file: "a.txt")
        let failures = (0..<c.failures).map {
            Diagnostic(.note, "out/.leitbild-cache/coded/\($0 % 256)/.x.tmp-9-\($0): cannot write the cache entry: No space left on device", file: "f\($0).txt")
        }
        let printed = RunSummary.cacheNotes([other] + failures + [other])
        #expect(printed.count == 2 + c.printedFailureLines)
        #expect(printed.first?.message == other.message)
        #expect(printed.dropFirst().prefix(min(c.failures, 3)).map(\.message) == failures.prefix(3).map(\.message))
        if c.failures > 3 {
            let last = printed.last?.message ?? ""
            #expect(last.hasPrefix("and \(c.failures - 3 == 1 ? "1 more cache entry" : "\(c.failures - 3) more cache entries") could not be written (\(c.failures) in all)"), "\(last)")
        } else {
            #expect(printed.last?.message == other.message)
        }
    }
}
