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
public struct IngestionOptions: Sendable, Hashable {
    /// Largest file read, in bytes; larger files are refused with a message.
    public var maxFileBytes: Int
    /// CSV/TSV: the column with the answer text (default: `text`, `antwort`, `answer`, `beitrag`, ... by name).
    public var textColumn: String?
    /// CSV/TSV: the column with the row's id (default: `id`, `document_id`, `respondent_id`, ... by name;
    /// else `<file stem>-r<row>`).
    public var idColumn: String?
    /// CSV/TSV: the column with a speaker label. When present (or a `speaker`/`sprecher` column
    /// exists) the file is read as one transcript with one turn per row instead of one document per row.
    public var speakerColumn: String?
    /// Limits for `.docx` and `.qdpx` archives.
    public var zipLimits: ZipLimits
    /// Whether metadata rows that match none of the files give a warning (on for project runs;
    /// off when only some files of a project are read).
    public var reportUnmatchedMetadataRows: Bool

    public init(maxFileBytes: Int = 64 << 20, textColumn: String? = nil, idColumn: String? = nil, speakerColumn: String? = nil,
                zipLimits: ZipLimits = .init(), reportUnmatchedMetadataRows: Bool = true) {
        self.maxFileBytes = maxFileBytes
        self.textColumn = textColumn
        self.idColumn = idColumn
        self.speakerColumn = speakerColumn
        self.zipLimits = zipLimits
        self.reportUnmatchedMetadataRows = reportUnmatchedMetadataRows
    }
}

/// A file that could not be read, with the reason.
public struct IngestionFailure: Sendable, Codable, Hashable {
    public var file: String
    public var error: String
    public init(file: String, error: String) {
        self.file = file
        self.error = error
    }
}

/// What became of one input file.
public struct IngestedFile: Sendable, Hashable {
    public var path: String
    /// Detected format; nil when the file could not even be typed.
    public var format: SourceFormat?
    /// Detected encoding of the text ("UTF-8", "Windows-1252", ...); nil when the file failed.
    public var encoding: String?
    /// Indices into `IngestionOutput.transcripts` (several for survey CSVs and multi-source .qdpx).
    public var transcriptIndices: Range<Int>
    /// Diagnostics about this file.
    public var diagnostics: [Diagnostic]
    /// Why the file could not be read, if it could not.
    public var failure: IngestionError?
}

/// What ingestion returns: the transcripts that could be read (in input order), the files that
/// could not, and diagnostics.
public struct IngestionOutput: Sendable {
    public var transcripts: [Transcript]
    public var failures: [IngestionFailure]
    /// All diagnostics: the metadata sheet's, then each file's in input order.
    public var diagnostics: [Diagnostic]
    /// One entry per input file, in input order.
    public var files: [IngestedFile]
    /// Diagnostics about the metadata sheet itself (also contained in `diagnostics`).
    public var metadataDiagnostics: [Diagnostic]

    public init(transcripts: [Transcript], failures: [IngestionFailure], diagnostics: [Diagnostic],
                files: [IngestedFile] = [], metadataDiagnostics: [Diagnostic] = []) {
        self.transcripts = transcripts
        self.failures = failures
        self.diagnostics = diagnostics
        self.files = files
        self.metadataDiagnostics = metadataDiagnostics
    }
}

/// The documents read from one file's bytes.
public struct ReadResult: Sendable {
    public var format: SourceFormat
    /// Encoding of the text ("UTF-8", "UTF-8 with BOM", "UTF-16LE", "Windows-1252", ...).
    public var encoding: String
    public var transcripts: [Transcript]
    public var diagnostics: [Diagnostic]
    /// Rows of the metadata sheet that these documents were joined with.
    public var metadataRows: [Int]
}

/// Stage 1 entry point: turns transcript files of any supported format into normalised
/// `Transcript`s. One bad file never stops the batch.
///
/// Readers are pure functions of (bytes, path, metadata sheet, options): `documents(in:path:…)`
/// touches no file system and no shared state, so callers may run it on many files in parallel.
public struct Ingestor: Sendable {
    public init() {}

    /// Reads the metadata sheet and every file; failures are collected, not thrown.
    public func ingest(_ input: IngestionInput) -> IngestionOutput {
        let read = MetadataSheet.forRun(path: input.metadataFile)
        var sheet = read.sheet
        var sheetDiagnostics = read.diagnostics
        sheetDiagnostics += sheet.joinStems(of: input.files)
        var transcripts: [Transcript] = []
        var failures: [IngestionFailure] = []
        var files: [IngestedFile] = []
        var matchedRows = Set<Int>()
        for file in input.files {
            do {
                let data = try load(file: file, options: input.options)
                let result = try documents(in: data, path: file, sheet: sheet, options: input.options)
                let start = transcripts.count
                transcripts += result.transcripts
                matchedRows.formUnion(result.metadataRows)
                files.append(IngestedFile(path: file, format: result.format, encoding: result.encoding,
                                          transcriptIndices: start..<transcripts.count, diagnostics: result.diagnostics, failure: nil))
            } catch {
                failures.append(IngestionFailure(file: file, error: error.localizedDescription))
                files.append(IngestedFile(path: file, format: try? SourceFormat.detect(path: file, data: nil).format, encoding: nil,
                                          transcriptIndices: transcripts.count..<transcripts.count, diagnostics: [], failure: error))
            }
        }
        if input.metadataFile != nil, input.options.reportUnmatchedMetadataRows {
            sheetDiagnostics += sheet.unmatchedRowDiagnostics(matched: matchedRows)
        }
        let diagnostics = sheetDiagnostics + files.flatMap(\.diagnostics)
        return IngestionOutput(transcripts: transcripts, failures: failures, diagnostics: diagnostics, files: files,
                               metadataDiagnostics: sheetDiagnostics)
    }

    /// Reads one file that holds one document. Throws `IngestionError` naming the file and what
    /// to do; a survey CSV with several rows or a `.qdpx` with several sources throws
    /// `.multipleDocuments` (use `documents(in:path:sheet:options:)`).
    public func read(file: String, sheet: MetadataSheet = .empty, options: IngestionOptions = .init())
        throws(IngestionError) -> (Transcript, [Diagnostic])
    {
        let data = try load(file: file, options: options)
        let result = try documents(in: data, path: file, sheet: sheet, options: options)
        guard result.transcripts.count == 1, let transcript = result.transcripts.first else {
            throw IngestionError.multipleDocuments(file: file, count: result.transcripts.count)
        }
        return (transcript, result.diagnostics)
    }

    /// Reads all documents of one file.
    public func documents(file: String, sheet: MetadataSheet = .empty, options: IngestionOptions = .init())
        throws(IngestionError) -> ReadResult
    {
        try documents(in: try load(file: file, options: options), path: file, sheet: sheet, options: options)
    }

    /// Reads all documents from a file's bytes. A pure function: `path` only names the file in
    /// messages, picks the format by extension and joins the metadata row.
    public func documents(in data: Data, path: String, sheet: MetadataSheet = .empty, options: IngestionOptions = .init())
        throws(IngestionError) -> ReadResult
    {
        guard data.count <= options.maxFileBytes else {
            throw IngestionError.tooLarge(file: path, bytes: data.count, limit: options.maxFileBytes)
        }
        let (format, note) = try SourceFormat.detect(path: path, data: data)
        var diagnostics: [Diagnostic] = []
        if let note { diagnostics.append(Diagnostic(.note, note, file: path)) }
        var metadataRows: [Int] = []
        let metadata: InterviewMetadata
        if format.holdsManyDocuments {
            // Members are joined one by one by the reader; the file's own row is optional.
            metadata = sheet.metadata(forFile: path)
        } else {
            metadata = sheet.metadata(forFile: path, diagnostics: &diagnostics)
            if let row = sheet.rowIndex(forFile: path) { metadataRows.append(row) }
        }
        let context = ReaderContext(path: path, data: data, metadata: metadata, sheet: sheet, options: options)
        var output = try format.reader.read(context)
        // A transcript of only white space is no interview: a file of one fails, a file of many
        // (survey rows, QDA sources) leaves such members out, and fails when none is left.
        var blank: [Transcript] = [], kept: [Transcript] = []
        for transcript in output.transcripts {
            if transcript.isBlank { blank.append(transcript) } else { kept.append(transcript) }
        }
        if !blank.isEmpty {
            guard format.holdsManyDocuments, !kept.isEmpty else { throw IngestionError.noText(file: path) }
            output.transcripts = kept
            for transcript in blank {
                output.diagnostics.append(Diagnostic(.warning, "'\(transcript.id)' contains no spoken text; left out of the analysis",
                                                     file: path, hint: "export it again with its text"))
            }
        }
        diagnostics += output.diagnostics
        metadataRows += output.metadataRows
        for transcript in output.transcripts where transcript.turns.isEmpty {
            diagnostics.append(Diagnostic(.warning, "no spoken text found in '\(transcript.id)'", file: path,
                                          hint: "check that the file is a transcript"))
        }
        return ReadResult(format: format, encoding: output.encoding, transcripts: output.transcripts,
                          diagnostics: diagnostics, metadataRows: metadataRows)
    }

    /// The bytes of a file, refusing folders and files over the size limit before reading them.
    func load(file: String, options: IngestionOptions) throws(IngestionError) -> Data {
        try Self.readFile(file, options: options)
    }

    /// `FileBytes.read` with ingestion's messages (also used by the batch runner).
    public static func readFile(_ file: String, options: IngestionOptions) throws(IngestionError) -> Data {
        var info = stat()
        return try readFile(file, options: options, opened: &info)
    }

    /// `readFile`, with `opened` set to the stat of the file as opened (`FileBytes.read`).
    public static func readFile(_ file: String, options: IngestionOptions, opened: inout stat) throws(IngestionError) -> Data {
        do { return try FileBytes.read(file, maxBytes: options.maxFileBytes, opened: &opened) } catch {
            if case .tooLarge(let bytes) = error { throw IngestionError.tooLarge(file: file, bytes: bytes, limit: options.maxFileBytes) }
            // A link whose file is gone says so, not only "No such file or directory".
            var link = stat()
            if lstat(file, &link) == 0, (link.st_mode & S_IFMT) == S_IFLNK,
               let target = try? FileManager.default.destinationOfSymbolicLink(atPath: file) {
                throw IngestionError.unreadable(file: file, reason: "it is a symbolic link to '\(target)', which cannot be read (\(error.reason)); "
                                                + "copy the transcript into the project in its place, or remove the link")
            }
            throw IngestionError.unreadable(file: file, reason: error.reason)
        }
    }
}

extension Transcript {
    /// Whether nothing is said: the text is empty or only white space (stops at the first other
    /// character), or every turn's spoken text is (a file of speaker labels only, "I:\nB:").
    var isBlank: Bool {
        if text.unicodeScalars.allSatisfy(\.properties.isWhitespace) { return true }
        return turns.allSatisfy { turn in
            text.slice(utf8: turn.range.utf8).unicodeScalars.allSatisfy(\.properties.isWhitespace)
        }
    }
}
