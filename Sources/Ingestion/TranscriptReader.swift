import Foundation
import LeitbildCore

/// What every reader gets: the raw bytes, where they came from, the metadata row for the file,
/// the whole sheet (for containers whose members are joined one by one) and the options.
public struct ReaderContext: Sendable {
    public var path: String
    public var data: Data
    public var metadata: InterviewMetadata
    public var sheet: MetadataSheet
    public var options: IngestionOptions

    public init(path: String, data: Data, metadata: InterviewMetadata? = nil, sheet: MetadataSheet = .empty,
                options: IngestionOptions = .init()) {
        self.path = path
        self.data = data
        self.metadata = metadata ?? InterviewMetadata(interviewID: Self.stem(of: path))
        self.sheet = sheet
        self.options = options
    }

    /// File name without folders and extension: the default interview id.
    static func stem(of path: String) -> String {
        PathName.stem(path)
    }
}

/// What a reader returns for one file.
public struct ReaderOutput: Sendable {
    public var encoding: String
    public var transcripts: [Transcript]
    public var diagnostics: [Diagnostic]
    /// Metadata rows joined by the reader itself (container members).
    public var metadataRows: [Int]

    public init(encoding: String, transcripts: [Transcript], diagnostics: [Diagnostic], metadataRows: [Int] = []) {
        self.encoding = encoding
        self.transcripts = transcripts
        self.diagnostics = diagnostics
        self.metadataRows = metadataRows
    }
}

/// A reader for one file format: a pure function of its context.
public protocol TranscriptReader: Sendable {
    func read(_ context: ReaderContext) throws(IngestionError) -> ReaderOutput
}

extension SourceFormat {
    /// The reader for this format.
    public var reader: any TranscriptReader {
        switch self {
        case .plainText: PlainTextReader()
        case .docx: DocxReader()
        case .rtf: RTFReader()
        case .webVTT: SubtitleReader(format: .webVTT)
        case .srt: SubtitleReader(format: .srt)
        case .tei: TEIReader()
        case .exmaralda: EXMARaLDAReader()
        case .elan: ELANReader()
        case .refiQDA: QDPXReader()
        case .csv: CSVReader()
        }
    }

    /// Formats whose files may hold several documents (one per survey row, one per QDA source).
    public var holdsManyDocuments: Bool { self == .csv || self == .refiQDA }

    /// The format of a file: by extension, confirmed or corrected by a look at the first bytes
    /// (XML root element, `WEBVTT` header, zip signature). Returns a note when the content
    /// overrides the extension.
    public static func detect(path: String, data: Data?) throws(IngestionError) -> (format: SourceFormat, note: String?) {
        let ext = PathName.extension(path).lowercased()
        guard let byExtension = Self.readableExtensions[ext] else { throw IngestionError.unknownExtension(file: path, ext: ext) }
        guard let data, !data.isEmpty else { return (byExtension, nil) }
        switch byExtension {
        case .tei, .exmaralda, .elan:
            guard let root = XMLSniffer.rootElementName(data) else { return (byExtension, nil) }
            let byRoot: SourceFormat?
            switch root {
            case "TEI", "TEI.2", "teiCorpus": byRoot = .tei
            case "basic-transcription": byRoot = .exmaralda
            case "ANNOTATION_DOCUMENT": byRoot = .elan
            case "Project": byRoot = .refiQDA
            default: byRoot = nil
            }
            guard let byRoot else {
                throw IngestionError.malformed(file: path, line: XMLSniffer.rootElementLine(data),
                                               message: "the root element <\(root)> is not TEI (<TEI>), EXMARaLDA (<basic-transcription>) or ELAN (<ANNOTATION_DOCUMENT>)",
                                               hint: "Export the transcript as TEI (ISO 24624), .exb or .eaf")
            }
            if byRoot != byExtension, ext != "xml" {
                return (byRoot, "the extension says \(byExtension.displayName) but the root element <\(root)> is \(byRoot.displayName); read as \(byRoot.displayName)")
            }
            return (byRoot, nil)
        case .plainText:
            if data.starts(with: Array("WEBVTT".utf8)) || data.starts(with: [0xEF, 0xBB, 0xBF] + Array("WEBVTT".utf8)) {
                return (.webVTT, "the text starts with 'WEBVTT'; read as WebVTT subtitles")
            }
            return (.plainText, nil)
        default:
            return (byExtension, nil)
        }
    }

    /// Every extension a reader takes (lower case), with its format before a look at the content.
    public static let readableExtensions: [String: SourceFormat] = [
        "txt": .plainText, "text": .plainText, "md": .plainText,
        "docx": .docx,
        "rtf": .rtf,
        "vtt": .webVTT, "webvtt": .webVTT,
        "srt": .srt,
        "xml": .tei, "tei": .tei,
        "exb": .exmaralda,
        "eaf": .elan,
        "qdpx": .refiQDA, "qde": .refiQDA,
        "csv": .csv, "tsv": .csv, "tab": .csv,
    ]

    /// Extensions of files that a project folder scan picks up: every readable one but the
    /// tables'. CSV/TSV files may be metadata sheets or survey exports of many answers, so they
    /// are only read when named (`leitbild ingest FILE`); a scan lists them as left out.
    public static let transcriptExtensions: Set<String> = Set(readableExtensions.filter { $0.value != .csv }.keys)

    /// Extensions a reader takes that a project scan leaves out (with a warning): the tables'.
    public static let tableExtensions: Set<String> = Set(readableExtensions.filter { $0.value == .csv }.keys)

    /// Extensions of documents no reader takes (lower case), with their format's name for
    /// messages: a project scan names such a file as left out, as it is likely a transcript saved
    /// in the wrong format (Word 97's `.doc`). Only document formats: audio, pictures, backups
    /// (`.bak`, `.docx~`) and other files are left out without a word (docs/batch.md).
    public static let unreadDocumentExtensions: [String: String] = [
        "rtfd": "Rich Text with attachments (RTFD)",
        "doc": "Word 97–2003 (.doc)", "docm": "Word with macros (.docm)",
        "odt": "OpenDocument text (.odt)", "fodt": "flat OpenDocument text (.fodt)",
        "pages": "Apple Pages", "pdf": "PDF", "wpd": "WordPerfect", "wps": "Microsoft Works",
    ]

    /// Name for messages.
    public var displayName: String {
        switch self {
        case .plainText: "plain text"
        case .docx: "Word .docx"
        case .rtf: "Rich Text (RTF)"
        case .webVTT: "WebVTT"
        case .srt: "SRT"
        case .tei: "TEI (ISO 24624)"
        case .exmaralda: "EXMARaLDA .exb"
        case .elan: "ELAN .eaf"
        case .refiQDA: "REFI-QDA project"
        case .csv: "CSV/TSV"
        }
    }
}
