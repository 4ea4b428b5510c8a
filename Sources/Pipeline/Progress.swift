import Foundation
import LeitbildCore

/// Shows batch progress on standard error: one line redrawn in place on a terminal (files done
/// of total, rate, time left), nothing when standard error is not a terminal; with `verbose`,
/// one line per file instead (terminal or not).
public final class ProgressPrinter: @unchecked Sendable {
    public let interactive: Bool
    public let verbose: Bool
    /// Least time between two redraws, so a fast cached run does not spend its time drawing.
    let interval: UInt64 = 100_000_000
    private var lastDraw: UInt64 = 0
    private var drawn = false
    private let write: @Sendable (String) -> Void

    /// - Parameters:
    ///   - interactive: draw the status line (default: whether standard error is a terminal).
    ///   - write: where text goes (default: standard error).
    public init(verbose: Bool = false, interactive: Bool = isatty(2) == 1,
                write: @escaping @Sendable (String) -> Void = ProgressPrinter.standardError) {
        self.verbose = verbose
        self.interactive = interactive
        self.write = write
    }

    public static let standardError: @Sendable (String) -> Void = { text in
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Foundation.write(2, buffer.baseAddress! + offset, buffer.count - offset)
                if n <= 0 { break }
                offset += n
            }
        }
    }

    /// Serialises drawing: file events come from the coordinating task, stage events from the
    /// report renderers, which finish concurrently.
    private let lock = NSLock()

    /// Takes one progress event (called by the batch runner after each file).
    public func update(_ progress: BatchProgress) {
        lock.withLock {
            if verbose {
                clearLine()
                write(Self.fileLine(progress) + "\n")
            }
            guard interactive else { return }
            let now = DispatchTime.now().uptimeNanoseconds
            guard progress.done == progress.total || now - lastDraw >= interval else { return }
            lastDraw = now
            write("\r" + Self.statusLine(progress) + "\u{1B}[K")
            drawn = true
        }
    }

    /// Takes a corpus-level step (aggregation, reports): redraws the status line on a terminal,
    /// so a long report phase does not look like a hang after "5000 of 5000 files".
    public func stage(_ stage: RunStage) {
        lock.withLock {
            guard interactive else { return }
            write("\r" + Self.stageLine(stage) + "\u{1B}[K")
            drawn = true
        }
    }

    /// Removes the status line (before the run summary is printed).
    public func clear() {
        lock.withLock { clearLine() }
    }

    private func clearLine() {
        guard drawn else { return }
        write("\r\u{1B}[K")
        drawn = false
    }

    /// `Aggregating 5000 interviews …`, `Writing reports: 3 of 9 done (latest: analysis.json) …`
    public static func stageLine(_ stage: RunStage) -> String {
        switch stage {
        case let .aggregating(interviews):
            return "Aggregating \(interviews) \(interviews == 1 ? "interview" : "interviews") …"
        case let .writingReports(done, total, finished):
            if done >= total { return "Writing reports: \(done) of \(total) done" }
            return "Writing reports: \(done) of \(total) done" + (finished.map { " (latest: \($0))" } ?? "") + " …"
        }
    }

    /// `Analysing 1234 of 5000 files (24 %), 310 files/s, 3.4 MB/s, about 0:12 left`
    public static func statusLine(_ p: BatchProgress) -> String {
        let percent = p.total > 0 ? p.done * 100 / p.total : 100
        var line = "Analysing \(p.done) of \(p.total) files (\(percent) %)"
        guard p.elapsed > 0 else { return line }
        let filesPerSecond = Double(p.done) / p.elapsed
        let megabytesPerSecond = Double(p.bytesDone) / p.elapsed / 1e6
        line += ", \(Int(filesPerSecond.rounded())) files/s, \(String(format: "%.1f", megabytesPerSecond)) MB/s"
        if p.done < p.total, p.bytesDone > 0 {
            let remaining = Double(p.totalBytes - p.bytesDone) / (Double(p.bytesDone) / p.elapsed)
            line += ", about \(duration(remaining)) left"
        }
        return line
    }

    /// `  cached     0.4 ms  transcripts/01-a.txt`
    public static func fileLine(_ p: BatchProgress) -> String {
        let status = p.status.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
        let ms = String(format: "%7.1f ms", p.fileSeconds * 1000)
        return "  \(status) \(ms)  \(TerminalText.safe(p.file))"
    }

    /// `0:07`, `12:30`, `1:02:03`.
    public static func duration(_ seconds: Double) -> String {
        let s = max(0, Int(seconds.rounded(.up)))
        if s >= 3600 { return String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) }
        return String(format: "%d:%02d", s / 60, s % 60)
    }
}
