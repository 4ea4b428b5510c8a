import Foundation
import LeitbildCore

/// What ingestion reads: transcript files, an optional metadata sheet, and reader options.
public struct IngestionInput: Sendable {
    /// Transcript files, in the order given; folders are expanded by the caller.
    public var files: [String]
    /// `metadata.csv`/`.tsv` joined to the transcripts by file name or interview id.
    public var metadataFile: String?
    public var options: IngestionOptions

    public init(files: [String], metadataFile: String? = nil, options: IngestionOptions = .init()) {
        self.files = files
        self.metadataFile = metadataFile
        self.options = options
    }
}

/// Reader settings a user can change on the command line.
public struct IngestionOptions: Sendable {
    /// Largest file read, in bytes; larger files are refused with a message.
    public var maxFileBytes: Int
    public init(maxFileBytes: Int = 64 << 20) {
        self.maxFileBytes = maxFileBytes
    }
}

/// A file that could not be read, with the reason.
public struct IngestionFailure: Sendable, Codable, Hashable {
    public var file: String
    public var error: String
}

/// What ingestion returns: the transcripts that could be read (in input order), the files that
/// could not, and diagnostics.
public struct IngestionOutput: Sendable {
    public var transcripts: [Transcript]
    public var failures: [IngestionFailure]
    public var diagnostics: [Diagnostic]
}

/// Stage 1 entry point: turns transcript files of any supported format into normalised
/// `Transcript`s. One bad file never stops the batch.
public struct Ingestor: Sendable {
    public init() {}

    /// Reads the metadata sheet and every file; failures are collected, not thrown.
    public func ingest(_ input: IngestionInput) -> IngestionOutput {
        var diagnostics: [Diagnostic] = []
        var sheet = MetadataSheet.empty
        if let path = input.metadataFile {
            do {
                sheet = try MetadataSheet.read(path: path)
                diagnostics += sheet.diagnostics
            } catch {
                diagnostics.append(Diagnostic(.error, error.localizedDescription, file: path,
                                              hint: "fix the sheet or pass --metadata with another file; transcripts are read without metadata"))
            }
        }
        var transcripts: [Transcript] = []
        var failures: [IngestionFailure] = []
        var matchedRows = Set<Int>()
        for file in input.files {
            do {
                let (transcript, fileDiagnostics) = try read(file: file, sheet: sheet, options: input.options)
                transcripts.append(transcript)
                diagnostics += fileDiagnostics
                if let row = sheet.rowIndex(forFile: file) { matchedRows.insert(row) }
            } catch {
                failures.append(IngestionFailure(file: file, error: error.localizedDescription))
            }
        }
        if input.metadataFile != nil {
            diagnostics += sheet.unmatchedRowDiagnostics(matched: matchedRows)
        }
        return IngestionOutput(transcripts: transcripts, failures: failures, diagnostics: diagnostics)
    }

    /// Reads one file. Throws `IngestionError` naming the file and what to do.
    public func read(file: String, sheet: MetadataSheet = .empty, options: IngestionOptions = .init())
        throws(IngestionError) -> (Transcript, [Diagnostic])
    {
        let data: Data
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: file)
            if let size = attributes[.size] as? Int, size > options.maxFileBytes {
                throw IngestionError.tooLarge(file: file, bytes: size, limit: options.maxFileBytes)
            }
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch let error as IngestionError {
            throw error
        } catch {
            throw IngestionError.unreadable(file: file, reason: error.localizedDescription)
        }
        let format = try SourceFormat.detect(path: file)
        var diagnostics: [Diagnostic] = []
        let metadata = sheet.metadata(forFile: file, diagnostics: &diagnostics)
        let context = ReaderContext(path: file, data: data, metadata: metadata)
        var transcript: Transcript
        switch format {
        case .plainText:
            transcript = try PlainTextReader().read(context, diagnostics: &diagnostics)
        case .webVTT, .srt:
            transcript = try SubtitleReader(format: format).read(context, diagnostics: &diagnostics)
        default:
            throw IngestionError.unsupportedFormat(file: file, format: format)
        }
        if transcript.text.isEmpty || transcript.turns.isEmpty {
            diagnostics.append(Diagnostic(.warning, "no spoken text found", file: file,
                                          hint: "check that the file is a transcript"))
        }
        transcript.id = metadata.interviewID
        return (transcript, diagnostics)
    }
}

/// What every reader gets: the raw bytes, where they came from, and the metadata row.
struct ReaderContext {
    var path: String
    var data: Data
    var metadata: InterviewMetadata
}

extension SourceFormat {
    /// The format of a file from its extension.
    static func detect(path: String) throws(IngestionError) -> SourceFormat {
        let ext = (path as NSString).pathExtension.lowercased()
        switch ext {
        case "txt", "text", "md": return .plainText
        case "docx": return .docx
        case "vtt": return .webVTT
        case "srt": return .srt
        case "xml", "tei": return .tei
        case "exb": return .exmaralda
        case "eaf": return .elan
        case "qdpx": return .refiQDA
        case "csv", "tsv": return .csv
        default: throw IngestionError.unknownExtension(file: path, ext: ext)
        }
    }

    /// Extensions of files that a project folder scan picks up.
    public static let transcriptExtensions: Set<String> = ["txt", "docx", "vtt", "srt", "xml", "tei", "exb", "eaf", "qdpx"]
}
