import LeitbildCore
import Signals
import Themes

/// Everything a renderer may show: the coded transcripts, the aggregates, the codebook, and
/// what went wrong along the way.
public struct ReportInput: Sendable {
    public var projectName: String
    public var codebook: Codebook
    public var transcripts: [CodedTranscript]
    public var analysis: PriorityAnalysis
    public var diagnostics: [Diagnostic]
    /// Files that could not be read: (path, reason).
    public var failures: [(file: String, error: String)]

    public init(projectName: String, codebook: Codebook, transcripts: [CodedTranscript], analysis: PriorityAnalysis,
                diagnostics: [Diagnostic], failures: [(file: String, error: String)]) {
        self.projectName = projectName
        self.codebook = codebook
        self.transcripts = transcripts
        self.analysis = analysis
        self.diagnostics = diagnostics
        self.failures = failures
    }
}

/// One rendered output file.
public struct RenderedFile: Sendable {
    public var name: String
    public var contents: [UInt8]
    public init(name: String, contents: [UInt8]) {
        self.name = name
        self.contents = contents
    }
    public init(name: String, text: String) {
        self.init(name: name, contents: Array(text.utf8))
    }
}

/// A renderer turns the report input into one output file.
public protocol ReportRenderer: Sendable {
    /// The output file name (English, e.g. `summary.md`).
    var fileName: String { get }
    func render(_ input: ReportInput) throws -> RenderedFile
}
