import LeitbildCore
import Signals
import Themes

/// How reports are written: CSV dialect, pseudonymisation, size limits.
public struct ReportOptions: Sendable {
    /// Dialect of `themes.csv`, `segments.csv`, `groups.csv` and the key file.
    public var csvDialect: CSVDialect
    /// Replace names in every shared output (on by default; `--no-pseudonymize` turns it off).
    public var pseudonymize: Bool
    /// The consultant's list of names (`pseudonyms.txt`), already read.
    public var pseudonymList: [PseudonymEntry]
    /// Metadata columns whose values are people's names.
    public var personColumns: Set<String>
    /// Most segments per code embedded in `report.html` (the rest stay in `segments.csv`), so the
    /// page stays small for large projects.
    public var htmlSegmentsPerCode: Int
    /// Quotes per Handlungsfeld in `summary.md`.
    public var quotesPerField: Int
    /// The `origin` attribute of `project.qdpx` and the generator named in reports.
    public var generator: String

    public init(csvDialect: CSVDialect = .rfc4180, pseudonymize: Bool = true, pseudonymList: [PseudonymEntry] = [],
                personColumns: Set<String> = Pseudonymizer.defaultPersonColumns, htmlSegmentsPerCode: Int = 200,
                quotesPerField: Int = 3, generator: String = "Leitbild") {
        self.csvDialect = csvDialect
        self.pseudonymize = pseudonymize
        self.pseudonymList = pseudonymList
        self.personColumns = personColumns
        self.htmlSegmentsPerCode = htmlSegmentsPerCode
        self.quotesPerField = quotesPerField
        self.generator = generator
    }
}

/// Everything a renderer may show: the coded transcripts, the aggregates, the codebook, and
/// what went wrong along the way; plus the pseudonymised view of every text.
public struct ReportInput: Sendable {
    public var projectName: String
    public var codebook: Codebook
    /// The coded transcripts. Set them through `init`: the pseudonymised texts are derived from them.
    public private(set) var transcripts: [CodedTranscript]
    public var analysis: PriorityAnalysis
    public var diagnostics: [Diagnostic]
    /// Files that could not be read: (path, reason).
    public var failures: [(file: String, error: String)]
    public var options: ReportOptions
    /// The names replaced in shared outputs (`Pseudonymizer.disabled` with `--no-pseudonymize`).
    public let pseudonyms: Pseudonymizer
    /// Pseudonymised text of each transcript, parallel to `transcripts`.
    public let redactedTexts: [RedactedText]
    /// Index into `transcripts` by interview id.
    private let indexByID: [String: Int]

    public init(projectName: String, codebook: Codebook, transcripts: [CodedTranscript], analysis: PriorityAnalysis,
                diagnostics: [Diagnostic], failures: [(file: String, error: String)], options: ReportOptions = .init()) {
        self.projectName = projectName
        self.codebook = codebook
        self.transcripts = transcripts
        self.analysis = analysis
        self.diagnostics = diagnostics
        self.failures = failures
        self.options = options
        let pseudonyms = options.pseudonymize
            ? Pseudonymizer(transcripts: transcripts.map(\.transcript), list: options.pseudonymList, personColumns: options.personColumns)
            : Pseudonymizer.disabled
        self.pseudonyms = pseudonyms
        redactedTexts = transcripts.map { pseudonyms.redact($0.transcript.text) }
        indexByID = Dictionary(transcripts.enumerated().map { ($1.transcript.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The position of an interview in `transcripts`.
    public func transcriptIndex(id: String) -> Int? { indexByID[id] }

    /// The shareable text of a range of the interview `id` (signals and evidence refer to interviews by id).
    public func text(interview id: String, range: TextRange) -> String? {
        guard let index = indexByID[id], range.utf8.upperBound <= transcripts[index].transcript.text.utf8.count else { return nil }
        return text(transcript: index, range: range)
    }

    /// Whether a word is a known name (an emergent term like "Hopperdietzel" must not reach a shared report).
    public func isName(_ word: String) -> Bool { pseudonyms.isEnabled && pseudonyms.replace(word) != word }

    /// The shareable text of a range of transcript `index` (names replaced when pseudonymising).
    public func text(transcript index: Int, range: TextRange) -> String {
        String(redactedTexts[index].slice(range))
    }

    /// The shareable label of a speaker.
    public func speakerLabel(transcript index: Int, speakerID: String) -> String {
        pseudonyms.replace(transcripts[index].transcript.speaker(id: speakerID)?.label ?? speakerID)
    }

    /// The shareable id of a speaker: ids of named speakers are names ("Lena"), so they are pseudonymised too.
    public func speakerID(_ id: String) -> String { pseudonyms.replace(id) }

    /// Metadata columns that are analysis dimensions or keys and stay as written (a small place in
    /// `pseudonyms.txt` must not break the municipality breakdown).
    public static let structuralColumns: Set<String> = ["interview_id", "id", "file", "group", "municipality", "date"]

    /// Metadata variables with names replaced: people's columns, and every other free-text column
    /// (a role such as "Vorsitzende Heimat- und Burgverein" names a club).
    public func variables(transcript index: Int) -> [Variable] {
        transcripts[index].transcript.metadata.variables.map { v in
            Variable(name: v.name, value: Self.structuralColumns.contains(v.name.lowercased()) ? v.value : pseudonyms.replace(v.value))
        }
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
