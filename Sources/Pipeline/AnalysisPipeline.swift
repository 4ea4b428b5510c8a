import Foundation
import GermanText
import Ingestion
import LeitbildCore
import Reporting
import Signals
import Themes

/// What `leitbild analyze` asks for.
public struct AnalysisRequest: Sendable {
    /// Project folder: transcripts in `transcripts/` (or the folder itself), `metadata.csv`, `codebook.yaml`.
    public var project: String
    public var outputDirectory: String
    /// Defaults to `PROJECT/codebook.yaml`.
    public var codebookPath: String?
    /// Defaults to `PROJECT/metadata.csv` (or `.tsv`) when present.
    public var metadataPath: String?
    public var unit: CodingUnit
    /// Priority weights (YAML). Defaults to `PROJECT/weights.yaml` when present, else the built-in weights.
    public var weightsPath: String?
    /// How reports are written (CSV dialect, pseudonymisation).
    public var report: ReportOptions
    /// The consultant's list of names to pseudonymise. Defaults to `PROJECT/pseudonyms.txt` when present.
    public var pseudonymsPath: String?

    public init(project: String, outputDirectory: String, codebookPath: String? = nil, metadataPath: String? = nil,
                unit: CodingUnit = .sentence, weightsPath: String? = nil, report: ReportOptions = .init(),
                pseudonymsPath: String? = nil) {
        self.project = project
        self.outputDirectory = outputDirectory
        self.codebookPath = codebookPath
        self.metadataPath = metadataPath
        self.unit = unit
        self.weightsPath = weightsPath
        self.report = report
        self.pseudonymsPath = pseudonymsPath
    }
}

/// What a run did, for the run summary and the exit code.
public struct AnalysisRun: Sendable {
    public var filesFound: Int
    public var transcripts: Int
    public var turns: Int
    public var sentences: Int
    public var codedSegments: Int
    public var diagnostics: [Diagnostic]
    public var failures: [IngestionFailure]
    public var writtenFiles: [String]
}

/// The stages' results before reporting (what `leitbild rankings` looks at).
public struct AnalysisResult: Sendable {
    public var filesFound: Int
    public var codebook: Codebook
    public var coded: [CodedTranscript]
    public var signals: [SignalledTranscript]
    public var analysis: PriorityAnalysis
    public var turns: Int
    public var sentences: Int
    public var diagnostics: [Diagnostic]
    public var failures: [IngestionFailure]
}

/// Why a run could not start or finish.
public enum PipelineError: Error, LocalizedError, Sendable {
    case projectNotFound(String)
    case noTranscripts(String)
    case codebook(String)
    case weights(String)
    case reporting(String)

    public var errorDescription: String? {
        switch self {
        case let .projectNotFound(p): "\(p): no such project folder. Pass the folder that holds transcripts/ and metadata.csv."
        case let .noTranscripts(p): "\(p): no transcript files found (.txt, .docx, .vtt, .srt, .xml, .exb, .eaf, .qdpx). Put them into \(p)/transcripts/."
        case let .codebook(message): message
        case let .weights(message): message
        case let .reporting(message): message
        }
    }
}

/// Runs the stages over a project: ingestion -> German text -> themes -> signals -> reporting.
public struct AnalysisPipeline: Sendable {
    public init() {}

    /// Transcript files of a project folder, sorted by path for a deterministic order.
    public static func transcriptFiles(in project: String) throws(PipelineError) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: project, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw PipelineError.projectNotFound(project)
        }
        let transcripts = (project as NSString).appendingPathComponent("transcripts")
        let folder = FileManager.default.fileExists(atPath: transcripts) ? transcripts : project
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { !$0.hasPrefix(".") && SourceFormat.transcriptExtensions.contains(($0 as NSString).pathExtension.lowercased()) }
            .sorted()
            .map { (folder as NSString).appendingPathComponent($0) }
    }

    /// Runs ingestion, German text, themes and signals, without writing reports.
    public func analyze(_ request: AnalysisRequest) throws(PipelineError) -> AnalysisResult {
        let files = try Self.transcriptFiles(in: request.project)
        guard !files.isEmpty else { throw PipelineError.noTranscripts(request.project) }
        let codebookPath = request.codebookPath ?? (request.project as NSString).appendingPathComponent("codebook.yaml")
        let codebook: Codebook
        do { codebook = try CodebookLoader.load(path: codebookPath) } catch {
            throw PipelineError.codebook(error.localizedDescription)
        }
        var metadataPath = request.metadataPath
        if metadataPath == nil {
            for name in ["metadata.csv", "metadata.tsv"] {
                let candidate = (request.project as NSString).appendingPathComponent(name)
                if FileManager.default.fileExists(atPath: candidate) { metadataPath = candidate; break }
            }
        }

        var weightsPath = request.weightsPath
        if weightsPath == nil {
            let candidate = (request.project as NSString).appendingPathComponent("weights.yaml")
            if FileManager.default.fileExists(atPath: candidate) { weightsPath = candidate }
        }
        let settings: PrioritySettings
        do { settings = try weightsPath.map { path throws(SignalsError) in try PrioritySettings.load(path: path) } ?? .standard } catch {
            throw PipelineError.weights(error.localizedDescription)
        }

        let ingested = Ingestor().ingest(IngestionInput(files: files, metadataFile: metadataPath))
        let analyzer = GermanAnalyzer()
        let coder = ThemeCoder(codebook: codebook, unit: request.unit)
        let detector = SignalDetector(reference: .german)
        var coded: [CodedTranscript] = []
        var signals: [SignalledTranscript] = []
        var turns = 0, sentences = 0
        for transcript in ingested.transcripts {
            let analyzed = analyzer.analyze(transcript)
            turns += transcript.turns.count
            sentences += analyzed.sentences.count
            let codedTranscript = coder.code(analyzed)
            signals.append(detector.detect(analyzed: analyzed, coded: codedTranscript))
            coded.append(codedTranscript)
        }
        let analysis = PriorityAggregator().aggregate(AggregationInput(transcripts: signals, codebook: codebook, settings: settings))
        return AnalysisResult(filesFound: files.count, codebook: codebook, coded: coded, signals: signals, analysis: analysis,
                              turns: turns, sentences: sentences, diagnostics: ingested.diagnostics, failures: ingested.failures)
    }

    public func run(_ request: AnalysisRequest) throws(PipelineError) -> AnalysisRun {
        let result = try analyze(request)
        let (codebook, coded, analysis) = (result.codebook, result.coded, result.analysis)
        let projectName = ((request.project as NSString).standardizingPath as NSString).lastPathComponent
        var reportOptions = request.report
        let defaultPseudonyms = (request.project as NSString).appendingPathComponent("pseudonyms.txt")
        if reportOptions.pseudonymize,
           let path = request.pseudonymsPath ?? (FileManager.default.fileExists(atPath: defaultPseudonyms) ? defaultPseudonyms : nil) {
            do { reportOptions.pseudonymList += try PseudonymList.load(path: path) } catch {
                throw PipelineError.reporting(error.localizedDescription)
            }
        }
        let input = ReportInput(projectName: projectName, codebook: codebook, transcripts: coded, analysis: analysis,
                                diagnostics: result.diagnostics, failures: result.failures.map { ($0.file, $0.error) },
                                options: reportOptions)
        let written: [String]
        do { written = try ReportWriter(renderers: ReportWriter.renderers(for: reportOptions)).write(input, to: request.outputDirectory) } catch {
            throw PipelineError.reporting(error.localizedDescription)
        }
        return AnalysisRun(filesFound: result.filesFound, transcripts: coded.count, turns: result.turns, sentences: result.sentences,
                           codedSegments: coded.reduce(0) { $0 + $1.segments.count }, diagnostics: result.diagnostics,
                           failures: result.failures, writtenFiles: written)
    }
}
