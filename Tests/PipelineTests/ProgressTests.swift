import Foundation
@testable import Pipeline
import Testing
import TestSupport

@Suite("Progress", .scratchFolder)
struct ProgressTests {
    static func progress(done: Int, total: Int, bytes: Int, of totalBytes: Int, elapsed: Double) -> BatchProgress {
        BatchProgress(done: done, total: total, bytesDone: bytes, totalBytes: totalBytes, elapsed: elapsed,
                      file: "t/a.txt", status: .cached, fileSeconds: 0.0004)
    }

    @Test("status line: files done of total, rate, time left")
    func statusLine() {
        let line = ProgressPrinter.statusLine(Self.progress(done: 250, total: 1000, bytes: 2_500_000, of: 10_000_000, elapsed: 2))
        #expect(line == "Analysing 250 of 1000 files (25 %), 125 files/s, 1.2 MB/s, about 0:06 left")
        let done = ProgressPrinter.statusLine(Self.progress(done: 10, total: 10, bytes: 100, of: 100, elapsed: 1))
        #expect(!done.contains("left"))
    }

    @Test("durations", arguments: [(0.2, "0:01"), (59.0, "0:59"), (61.0, "1:01"), (3725.0, "1:02:05")])
    func durations(seconds: Double, text: String) {
        #expect(ProgressPrinter.duration(seconds) == text)
    }

    final class Sink: @unchecked Sendable {
        var text = ""
    }

    @Test("silent when standard error is not a terminal; one line per file with --verbose")
    func silentWhenNotATerminal() {
        let sink = Sink()
        let quiet = ProgressPrinter(verbose: false, interactive: false) { sink.text += $0 }
        quiet.update(Self.progress(done: 1, total: 2, bytes: 1, of: 2, elapsed: 1))
        quiet.clear()
        #expect(sink.text.isEmpty)
        let verbose = ProgressPrinter(verbose: true, interactive: false) { sink.text += $0 }
        verbose.update(Self.progress(done: 1, total: 2, bytes: 1, of: 2, elapsed: 1))
        #expect(sink.text == "  cached       0.4 ms  t/a.txt\n")
        let terminal = ProgressPrinter(verbose: false, interactive: true) { sink.text += $0 }
        sink.text = ""
        terminal.update(Self.progress(done: 2, total: 2, bytes: 2, of: 2, elapsed: 1))
        terminal.clear()
        #expect(sink.text.hasPrefix("\rAnalysing 2 of 2 files (100 %)"))
        #expect(sink.text.hasSuffix("\r\u{1B}[K"))
    }

    @Test("stage lines after the files: aggregation, then reports done of total", arguments: [
        (RunStage.aggregating(interviews: 5000), "Aggregating 5000 interviews …"),
        (.aggregating(interviews: 1), "Aggregating 1 interview …"),
        (.writingReports(done: 0, total: 9, finished: nil), "Writing reports: 0 of 9 done …"),
        (.writingReports(done: 3, total: 9, finished: "analysis.json"), "Writing reports: 3 of 9 done (latest: analysis.json) …"),
        (.writingReports(done: 9, total: 9, finished: "summary.md"), "Writing reports: 9 of 9 done"),
    ])
    func stageLines(_ c: (RunStage, String)) {
        #expect(ProgressPrinter.stageLine(c.0) == c.1)
    }

    @Test("stages are drawn on a terminal only")
    func stagesOnTerminalOnly() {
        let sink = Sink()
        let pipe = ProgressPrinter(verbose: true, interactive: false) { sink.text += $0 }
        pipe.stage(.aggregating(interviews: 3))
        #expect(sink.text.isEmpty)
        let terminal = ProgressPrinter(verbose: false, interactive: true) { sink.text += $0 }
        terminal.stage(.aggregating(interviews: 3))
        #expect(sink.text == "\rAggregating 3 interviews …\u{1B}[K")
    }

    final class Stages: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [RunStage] = []
        func add(_ stage: RunStage) { lock.withLock { items.append(stage) } }
        var all: [RunStage] { lock.withLock { items } }
    }

    @Test("a run reports its stages: aggregation, then every report counted once, up to all of them")
    func runReportsStages() async throws {
        let out = TestProject.temporary("stages")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let stages = Stages()
        let run = try await AnalysisPipeline().run(AnalysisRequest(project: TestProject.corpus, outputDirectory: out),
                                                   batch: BatchOptions(useCache: false, stage: { stages.add($0) }))
        let all = stages.all
        #expect(all.first == .aggregating(interviews: 18))
        let reports = all.dropFirst().compactMap { stage -> (Int, Int, String?)? in
            if case let .writingReports(done, total, finished) = stage { return (done, total, finished) }
            return nil
        }
        #expect(reports.count == all.count - 1)
        #expect(reports.map(\.0) == Array(0...run.writtenFiles.count))
        #expect(reports.allSatisfy { $0.1 == run.writtenFiles.count })
        #expect(Set(reports.compactMap(\.2)) == Set(run.writtenFiles.map { ($0 as NSString).lastPathComponent }))
    }
}
