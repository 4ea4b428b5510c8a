import LeitbildCore

/// The exit codes of `leitbild analyze` (and of the tool as a whole), as documented in
/// docs/batch.md and `leitbild --help`.
public enum ExitStatus: Int32, Sendable, CaseIterable {
    /// Every file was analysed and the reports were written.
    case success = 0
    /// Usage or setup error: bad options, no such project folder, a broken codebook or weights
    /// file, an output folder that cannot be written, another run on the same folder. No report
    /// was written (the output folder and its lock file may have been created).
    case usage = 1
    /// Some files failed, or the metadata sheet could not be read (the transcripts were read
    /// without it), or, with `--strict`, there were warnings; the rest was analysed and reported.
    case partial = 2
    /// Nothing could be analysed: no transcript files, or every file failed. Previous reports are left as they were.
    case nothingAnalysed = 3

    /// The status of a finished run.
    public init(run: AnalysisRun, strict: Bool) {
        if run.transcripts == 0 {
            self = .nothingAnalysed
        } else if !run.failures.isEmpty || run.diagnostics.contains(where: { $0.severity >= .error })
                    || (strict && run.diagnostics.contains { $0.severity >= .warning }) {
            self = .partial
        } else {
            self = .success
        }
    }

    /// The status of a run that could not start or finish.
    public init(error: PipelineError) {
        switch error {
        case .noTranscripts: self = .nothingAnalysed
        case .projectNotFound, .codebook, .weights, .reporting, .busy, .folder: self = .usage
        }
    }
}
