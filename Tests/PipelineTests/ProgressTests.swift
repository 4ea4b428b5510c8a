import Foundation
@testable import Pipeline
import Testing

@Suite("Progress")
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
}
