import Foundation
import GermanText
import Ingestion
import LeitbildCore
import Reporting
import Signals
import Themes

/// How `analyze` runs over many files: parallelism, cache, progress.
public struct BatchOptions: Sendable {
    /// Files analysed at once; 0 means one per core.
    public var jobs: Int
    /// Read and write the run cache (`--no-cache` turns it off).
    public var useCache: Bool
    /// Cache folder; nil means `OUT/.leitbild-cache`.
    public var cacheDirectory: String?
    /// Leitbild's version, part of every cache key.
    public var toolVersion: String
    /// Called on the coordinating task after each file (never concurrently).
    public var progress: (@Sendable (BatchProgress) -> Void)?
    /// Called as the corpus-level steps after the files begin and advance. Report renderers
    /// finish on several threads; the pipeline makes these calls one at a time, in order.
    public var stage: (@Sendable (RunStage) -> Void)?

    public init(jobs: Int = 0, useCache: Bool = true, cacheDirectory: String? = nil, toolVersion: String = "dev",
                progress: (@Sendable (BatchProgress) -> Void)? = nil, stage: (@Sendable (RunStage) -> Void)? = nil) {
        self.jobs = jobs
        self.useCache = useCache
        self.cacheDirectory = cacheDirectory
        self.toolVersion = toolVersion
        self.progress = progress
        self.stage = stage
    }

    /// The number of files analysed at once.
    public var width: Int { jobs > 0 ? jobs : max(1, ProcessInfo.processInfo.activeProcessorCount) }
}

/// The corpus-level steps of a run after the per-file stages, for the status line: at 5,000
/// interviews they take longer than the files themselves.
public enum RunStage: Sendable, Equatable {
    /// Aggregating the signals of this many interviews.
    case aggregating(interviews: Int)
    /// Rendering the reports: `done` of `total` are staged; `finished` is the one just done (nil at the start).
    case writingReports(done: Int, total: Int, finished: String?)
}

/// Where a batch stands, after a file has been done.
public struct BatchProgress: Sendable {
    public var done: Int
    public var total: Int
    public var bytesDone: Int
    public var totalBytes: Int
    /// Seconds since the batch started.
    public var elapsed: Double
    /// The file just finished, and how.
    public var file: String
    public var status: FileStatus
    /// Seconds spent on that file.
    public var fileSeconds: Double
}

/// What happened to one file in a run.
public enum FileStatus: String, Sendable, Codable {
    /// Read, analysed and coded.
    case analysed
    /// Parsed transcript from the cache, coded anew (the codebook or unit changed).
    case recoded
    /// Everything from the cache.
    case cached
    /// Could not be read.
    case failed
}

/// What ingestion made of one file: the cached value of the `parsed` layer.
struct ParsedFile: Codable, Sendable {
    /// The file's and the metadata sheet's paths as the run that made the entry spelled them
    /// (keys name files relative to the project; `relocated` rewrites these to a later run's spelling).
    var path: String
    var sheetPath: String?
    var format: SourceFormat
    var encoding: String
    var transcripts: [Transcript]
    var diagnostics: [Diagnostic]
    var metadataRows: [Int]
}

/// Coding and signals of one transcript: the cached value of the `coded` layer (one per transcript of a file).
struct CodedEntry: Codable, Sendable {
    var segments: [CodedSegment]
    var interviewerMentions: [CodedSegment]
    var respondentUnitCount: Int
    var respondentWordCount: Int
    var sentences: Int
    var signals: SignalledTranscript
    /// The transcript's share of `project.qdpx`, compressed (when the run writes reports).
    var qdpx: QDPXPiece? = nil
}

/// The result of one file.
struct FileResult: Sendable {
    var index: Int
    var path: String
    /// The file's name in cache keys and in the cache's manifest (relative to the project folder).
    var cacheName: String = ""
    var byteCount: Int
    var status: FileStatus
    var parsed: ParsedFile?
    var coded: [CodedTranscript] = []
    var signals: [SignalledTranscript] = []
    /// Compressed `project.qdpx` pieces, parallel to `coded` (nil where none was built).
    var qdpx: [QDPXPiece?] = []
    /// Sentences of each transcript, parallel to `coded`.
    var sentences: [Int] = []
    var failure: IngestionFailure?
    /// The file's content digest and format, when its parsed key was made (for the content index).
    var content: ContentIndex.Content?
    /// The stat of the file as it was opened to be read (nil when it was not read): the content
    /// index records a read file only when this is the stat the run began with.
    var readStamp: ContentIndex.Stamp?
    /// Whether the content came from the content index instead of reading the file.
    var knownByStat: Bool { content != nil && readStamp == nil }
    /// Notes about cache entries that could not be used.
    var cacheNotes: [Diagnostic] = []
    var keys: [(AnalysisCache.Layer, Digest)] = []
    var seconds = 0.0
}

/// Everything a worker needs, shared read-only by all of them.
struct BatchContext: Sendable {
    var sheet: MetadataSheet
    /// Digest of the metadata sheet's rows as parsed (for files that hold many documents).
    var sheetDigest: Digest
    var options: IngestionOptions {
        didSet { optionsKey = Self.key(of: options) }
    }
    /// `options` as the parsed layer's key holds them, made once per run: `String(describing:)`
    /// goes through reflection, 0.2 CPU-s over 5,000 files when each made its own.
    private(set) var optionsKey: String
    var coder: ThemeCoder
    var analyzer: GermanAnalyzer
    var detector: SignalDetector
    var cache: AnalysisCache?
    /// Names files in cache keys (relative to the project folder).
    var paths: ProjectPaths
    /// The metadata sheet's name in cache keys ("" without a sheet).
    var sheetName: String
    /// Digest of the codebook and unit of coding.
    var codingDigest: Digest
    var sessions: SessionPool
    /// Set when each file's `project.qdpx` piece is built and cached with its coding (runs that
    /// write reports): then a run compresses only the pieces of new or re-coded files.
    var qdpxCodes: QDPXRenderer.Codes? = nil
    /// Per file (by its index in the run), its content when it is known before its worker runs:
    /// such a file is not read unless its parsed entry is missing or unusable.
    var knownContents: [KnownContent?] = []

    init(sheet: MetadataSheet, sheetDigest: Digest, options: IngestionOptions, coder: ThemeCoder, analyzer: GermanAnalyzer,
         detector: SignalDetector, cache: AnalysisCache?, paths: ProjectPaths, sheetName: String, codingDigest: Digest,
         sessions: SessionPool, qdpxCodes: QDPXRenderer.Codes? = nil) {
        self.sheet = sheet
        self.sheetDigest = sheetDigest
        self.options = options
        self.optionsKey = Self.key(of: options)
        self.coder = coder
        self.analyzer = analyzer
        self.detector = detector
        self.cache = cache
        self.paths = paths
        self.sheetName = sheetName
        self.codingDigest = codingDigest
        self.sessions = sessions
        self.qdpxCodes = qdpxCodes
    }

    /// The size limit only decides whether a file is read at all: a file read under one limit
    /// is read the same under another, so it is left out.
    static func key(of options: IngestionOptions) -> String {
        var options = options
        options.maxFileBytes = 0
        return String(describing: options)
    }
}

/// A file's content known before its worker runs: from the content index, by the file's stat
/// (`ContentIndex`), or read by the run's content check (`AnalysisPipeline.readContents`), with the
/// stat it was read with.
struct KnownContent: Sendable {
    var content: ContentIndex.Content
    /// The stat the file was read with; nil when it was known by its stat and not read.
    var readStamp: ContentIndex.Stamp?
    /// The file's parsed key, when the content check computed it (`readContents`): a run the
    /// check sends the long way does not hash it again.
    var parsedKey: Digest? = nil
}

/// Coding sessions for reuse across files: each keeps its per-word cache, so a worker never
/// analyses a word twice. A session is used by one task at a time (taken, then given back).
final class SessionPool: @unchecked Sendable {
    private let lock = NSLock()
    private var free: [CodingSession] = []
    private let coder: ThemeCoder

    init(coder: ThemeCoder) { self.coder = coder }

    func withSession<R>(_ body: (CodingSession) -> R) -> R {
        lock.lock()
        let session = free.popLast() ?? coder.makeSession()
        lock.unlock()
        defer {
            lock.lock()
            free.append(session)
            lock.unlock()
        }
        return body(session)
    }
}

/// The per-file part of the pipeline: read, parse (or take from the cache), analyse, code and
/// detect signals (or take from the cache). A pure function of the file and the context, so
/// files can run in any order on any thread and the results are the same.
enum FileWorker {
    static func run(index: Int, path: String, context: BatchContext) -> FileResult {
        let started = DispatchTime.now().uptimeNanoseconds
        var result = process(index: index, path: path, context: context)
        result.seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        return result
    }

    /// `useIndex`: take the file's content from `context.knownContents` when it has it (then the
    /// file is read only when its parsed entry is missing or unusable, and its content taken from
    /// what is read).
    private static func process(index: Int, path: String, context: BatchContext, useIndex: Bool = true) -> FileResult {
        var result = FileResult(index: index, path: path, byteCount: 0, status: .failed)
        if context.cache != nil { result.cacheName = context.paths.cacheName(path) }
        var data: Data? = nil
        var knownKey: Digest? = nil
        if useIndex, context.cache != nil, index < context.knownContents.count, let known = context.knownContents[index] {
            result.content = known.content
            result.readStamp = known.readStamp
            result.byteCount = known.content.bytes
            knownKey = known.parsedKey
        } else {
            var opened = stat()
            do { data = try Ingestor.readFile(path, options: context.options, opened: &opened) } catch {
                result.failure = IngestionFailure(file: path, error: error.localizedDescription)
                return result
            }
            result.byteCount = data?.count ?? 0
            if context.cache != nil, let data {
                result.content = ContentIndex.Content(path: path, data: data)
                result.readStamp = ContentIndex.Stamp(opened)
            }
        }

        // Parsed layer.
        let parsedKey = knownKey ?? result.content.flatMap { Self.parsedKey(path: path, name: result.cacheName, content: $0, context: context) }
        var parsed: ParsedFile? = nil
        if let cache = context.cache, let key = parsedKey {
            switch cache.load(ParsedFile.self, .parsed, key) {
            case .hit(let value): parsed = value.relocated(path: path, sheetPath: context.sheet.path)
            case .miss where data == nil, .unusable where data == nil:
                // Known by its stat, but without a usable entry: read after all (the lookup,
                // and its note, is repeated with the key of what is read).
                return process(index: index, path: path, context: context, useIndex: false)
            case .miss: break
            case .unusable(let reason): result.cacheNotes.append(Diagnostic(.note, reason, file: path))
            }
        }
        let parsedFromCache = parsed != nil
        if parsed == nil, let data {
            do {
                let read = try Ingestor().documents(in: data, path: path, sheet: context.sheet, options: context.options)
                parsed = ParsedFile(path: path, sheetPath: context.sheet.path, format: read.format, encoding: read.encoding, transcripts: read.transcripts,
                                    diagnostics: read.diagnostics, metadataRows: read.metadataRows)
            } catch {
                result.failure = IngestionFailure(file: path, error: error.localizedDescription)
                return result
            }
        }
        guard let parsed else { return result }
        if let cache = context.cache, let key = parsedKey {
            if !parsedFromCache, let problem = cache.store(parsed, .parsed, key) {
                result.cacheNotes.append(Diagnostic(.note, problem, file: path))
            }
            result.keys.append((.parsed, key))
        }
        result.parsed = parsed

        // Coded layer.
        let codedKey = parsedKey.map { Self.codedKey(parsed: $0, context: context) }
        var entries: [CodedEntry]? = nil
        if let cache = context.cache, let key = codedKey {
            switch cache.load([CodedEntry].self, .coded, key) {
            case .hit(let value) where value.count == parsed.transcripts.count:
                // The entry may have been made under another spelling of the path (see `ParsedFile.relocated`).
                // The text is not cached twice: the examples of emergent terms are quoted from the parsed one.
                entries = zip(value, parsed.transcripts).map { entry, transcript in
                    var entry = entry
                    entry.signals.file = transcript.source.path
                    entry.signals.text = transcript.text
                    return entry
                }
            case .hit: result.cacheNotes.append(Diagnostic(.note, "\(cache.path(.coded, key)): cache entry does not fit the file; it is recomputed", file: path))
            case .miss: break
            case .unusable(let reason): result.cacheNotes.append(Diagnostic(.note, reason, file: path))
            }
        }
        let codedFromCache = entries != nil
        if entries == nil {
            entries = context.sessions.withSession { session in
                parsed.transcripts.map { transcript in
                    let analyzed = context.analyzer.analyze(transcript)
                    let coded = session.code(analyzed)
                    let signals = context.detector.detect(analyzed: analyzed, coded: coded)
                    return CodedEntry(segments: coded.segments, interviewerMentions: coded.interviewerMentions,
                                      respondentUnitCount: coded.respondentUnitCount, respondentWordCount: coded.respondentWordCount,
                                      sentences: analyzed.sentences.count, signals: signals)
                }
            }
        }
        guard var entries else { return result }
        let coded = zip(parsed.transcripts, entries).map { transcript, entry in
            CodedTranscript(transcript: transcript, segments: entry.segments, interviewerMentions: entry.interviewerMentions,
                            respondentUnitCount: entry.respondentUnitCount, respondentWordCount: entry.respondentWordCount)
        }
        // The project.qdpx pieces, also for an entry cached by a run that wrote no reports, and
        // anew for one made with another system zlib (the renderer would not take it).
        var piecesAdded = false
        if let codes = context.qdpxCodes {
            for i in entries.indices where !(entries[i].qdpx?.isFromThisZlib ?? false) {
                // A piece that cannot be built is built again by the renderer, which reports the problem.
                guard let piece = try? QDPXRenderer.piece(for: coded[i], codes: codes,
                                                          sharedFile: parsed.transcripts.count > 1) else { continue }
                entries[i].qdpx = piece
                piecesAdded = true
            }
        }
        if let cache = context.cache, let key = codedKey {
            if !codedFromCache || piecesAdded, let problem = cache.store(entries, .coded, key) {
                result.cacheNotes.append(Diagnostic(.note, problem, file: path))
            }
            result.keys.append((.coded, key))
        }
        result.coded = coded
        result.signals = entries.map(\.signals)
        result.qdpx = entries.map(\.qdpx)
        result.sentences = entries.map(\.sentences)
        // A file counts as cached only when both layers came from the cache: a re-read file (its
        // `parsed` entry missing or damaged) is `analysed` even when its `coded` entry was found.
        result.status = !parsedFromCache ? .analysed : codedFromCache ? .cached : .recoded
        return result
    }

    /// The key of the parsed layer of a file with `content` (nil without a cache). A file whose
    /// format cannot even be detected has no content (`ContentIndex.Content`) and so no key: then
    /// ingestion reports the problem, and nothing is cached.
    static func parsedKey(path: String, name: String, content: ContentIndex.Content, context: BatchContext) -> Digest? {
        guard let cache = context.cache else { return nil }
        let format = content.format
        let hasher = Hasher256()
        hasher.field("parsed")
        hasher.field(cache.tool)
        hasher.field(name)
        hasher.field(content.digest)
        hasher.field(context.optionsKey)
        // The metadata a file is joined with: its own row, or the whole sheet for files that
        // hold many documents (survey CSVs, REFI-QDA projects join each member by name).
        hasher.field(context.sheetName)
        if format.holdsManyDocuments {
            hasher.field("sheet")
            hasher.field(context.sheetDigest)
        } else if let row = context.sheet.rowIndex(forFile: path) {
            hasher.field("row")
            hasher.field(row)
            hasher.field(context.sheet.rows[row].line)
            for name in context.sheet.header { hasher.field(name) }
            for value in context.sheet.rows[row].fields { hasher.field(value) }
        } else {
            hasher.field("no row")
        }
        return hasher.finish()
    }

    static func codedKey(parsed: Digest, context: BatchContext) -> Digest {
        let hasher = Hasher256()
        hasher.field("coded")
        hasher.field(parsed)
        hasher.field(context.codingDigest)
        return hasher.finish()
    }

}

/// Runs `FileWorker` over all files with at most `width` at once, and returns the results in
/// input order, whatever order they finished in.
enum BatchRunner {
    static func run(files: [String], sizes: [Int], context: BatchContext, options: BatchOptions) async -> [FileResult] {
        let width = max(1, options.width)
        let totalBytes = sizes.reduce(0, +)
        let started = DispatchTime.now().uptimeNanoseconds
        var results = [FileResult?](repeating: nil, count: files.count)
        await withTaskGroup(of: FileResult.self) { group in
            var next = 0
            func launch() {
                let index = next
                let path = files[index]
                next += 1
                group.addTask { FileWorker.run(index: index, path: path, context: context) }
            }
            while next < min(width, files.count) { launch() }
            var done = 0, bytesDone = 0
            while let result = await group.next() {
                if next < files.count { launch() }
                results[result.index] = result
                done += 1
                bytesDone += result.index < sizes.count ? sizes[result.index] : result.byteCount
                options.progress?(BatchProgress(
                    done: done, total: files.count, bytesDone: bytesDone, totalBytes: totalBytes,
                    elapsed: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9,
                    file: result.path, status: result.status, fileSeconds: result.seconds))
            }
        }
        return results.enumerated().map { index, result in
            result ?? FileResult(index: index, path: files[index], byteCount: 0, status: .failed,
                                 failure: IngestionFailure(file: files[index], error: "\(files[index]): not analysed (internal error). Please report this as a bug."))
        }
    }
}
