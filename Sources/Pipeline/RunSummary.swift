import Foundation
import LeitbildCore

/// The text printed at the end of `leitbild analyze`.
public enum RunSummary {
    /// What was analysed, how much came from the cache, what was written.
    public static func line(_ run: AnalysisRun, version: String) -> String {
        let cached = run.files.filter { $0.status == .cached }.count
        let recoded = run.files.filter { $0.status == .recoded }.count
        var reuse: [String] = []
        if run.partlyAnalysedFiles > 0 { reuse.append("\(run.partlyAnalysedFiles) in part") }
        switch run.reports {
        case .unchanged(.byStat): reuse.append("by the last run; none changed since")
        case .unchanged(.byContent): reuse.append("by the last run; none changed in content since")
        case .written, .unchanged(.byKeys): if cached > 0 { reuse.append("\(cached) from the cache") }
        }
        if recoded > 0 { reuse.append("\(recoded) re-coded from the cache") }
        let files = run.files.filter { $0.status != .failed }.count
        var text = "Leitbild \(version): \(files) of \(run.filesFound) files analysed"
        if !reuse.isEmpty { text += " (\(reuse.joined(separator: ", ")))" }
        text += ", \(run.transcripts) transcripts, \(run.turns) turns, \(run.sentences) sentences, \(run.codedSegments) coded segments, "
        text += "\(counted(run.diagnostics.count, "diagnostic")), \(counted(run.failedFiles, "failed file")), \(String(format: "%.2f", run.timings.total)) s."
        let written = run.writtenFiles.joined(separator: ", ")
        if run.writtenFiles.isEmpty {
            text += "\nNo reports written; the previous ones are unchanged."
        } else {
            switch run.reports {
            case .unchanged(.byStat): text += "\nReports unchanged (no input file changed since the last run): \(written)"
            case .unchanged(.byContent): text += "\nReports unchanged (no input file's content changed since the last run): \(written)"
            case .unchanged(.byKeys): text += "\nReports unchanged (same inputs as the last run): \(written)"
            case .written: text += "\nReports: \(written)"
            }
        }
        return text
    }

    /// "1 failed file", "2 failed files".
    static func counted(_ n: Int, _ noun: String) -> String { n == 1 ? "1 \(noun)" : "\(n) \(noun)s" }

    /// The notes about the run cache as printed: of the notes that an entry could not be written
    /// (an unwritable or full cache gives one per file, thousands in a large project), the first
    /// `shownStoreFailures` and one line for the rest.
    public static func cacheNotes(_ notes: [Diagnostic]) -> [Diagnostic] {
        func isStoreFailure(_ note: Diagnostic) -> Bool {
            note.message.contains("cannot write the cache entry") || note.message.contains("cannot create the cache folder")
        }
        let failures = notes.filter(isStoreFailure)
        guard failures.count > shownStoreFailures else { return notes }
        var shown = 0, printed: [Diagnostic] = []
        for note in notes {
            if isStoreFailure(note) {
                shown += 1
                if shown > shownStoreFailures { continue }
            }
            printed.append(note)
        }
        let rest = failures.count - shownStoreFailures
        printed.append(Diagnostic(.note, "and \(rest == 1 ? "1 more cache entry" : "\(rest) more cache entries") could not be written"
            + " (\(failures.count) in all); the reports are complete, but the next run redoes those files",
            hint: "make the cache folder writable and give it space, or place it elsewhere (--cache-dir)"))
        return printed
    }

    static let shownStoreFailures = 3

    /// The error summary: each failed file with its reason.
    public static func failures(_ run: AnalysisRun) -> String {
        if run.failures.isEmpty { return "error: nothing could be analysed." }
        let failed = run.failedFiles, inPart = run.partlyAnalysedFiles
        var counts: [String] = []
        if failed > 0 { counts.append("\(failed) of \(run.filesFound) files failed") }
        if inPart > 0 { counts.append(failed > 0 ? "\(inPart) analysed only in part" : "\(inPart) of \(run.filesFound) files analysed only in part") }
        if counts.isEmpty { counts.append("\(run.failures.count) of \(run.filesFound) files failed") }
        var text = counts.joined(separator: ", ") + ":"
        for failure in run.failures { text += "\n  \(failure.error)" }
        if run.transcripts == 0 { text += "\nerror: nothing could be analysed; the previous reports are unchanged." }
        return text
    }

    /// Seconds per stage (for `--verbose`).
    public static func timings(_ run: AnalysisRun, jobs: Int) -> String {
        let t = run.timings
        func f(_ x: Double) -> String { String(format: "%.3f s", x) }
        let mb = Double(run.inputBytes) / 1e6
        return """
        Timings: setup \(f(t.setup)), files \(f(t.files)) (\(jobs) jobs, \(f(t.fileWork)) of work), \
        aggregation \(f(t.aggregation)), reports \(f(t.reporting)), total \(f(t.total)); \
        \(String(format: "%.1f", mb)) MB in, \(String(format: "%.1f", t.total > 0 ? mb / t.total : 0)) MB/s.
        """ + (t.outputs.isEmpty ? "" : "\nOutputs (rendered concurrently): " + t.outputs.map { "\($0.file) \(f($0.seconds))" }.joined(separator: ", ") + ".")
            + t.renderNotes.map { "\n\($0.file): \($0.note)." }.joined()
    }
}
