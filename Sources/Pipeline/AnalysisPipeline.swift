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
    /// Largest transcript file read (`--max-file-size`); a larger one fails with its size.
    public var maxFileBytes: Int

    public init(project: String, outputDirectory: String, codebookPath: String? = nil, metadataPath: String? = nil,
                unit: CodingUnit = .sentence, weightsPath: String? = nil, report: ReportOptions = .init(),
                pseudonymsPath: String? = nil, maxFileBytes: Int = IngestionOptions().maxFileBytes) {
        self.maxFileBytes = maxFileBytes
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
    /// Whether the reports were written, or left as they were and why (`ReportManifest`).
    public var reports = Reports.written
    /// The reports were left as they were, for any of the reasons of `Reports.Unchanged`;
    /// `writtenFiles` names them all the same.
    public var reportsUnchanged: Bool { reports != .written }
    /// The reports were left as they were without reading any input (`Reports.Unchanged.byStat`).
    public var unchangedByStat: Bool { reports == .unchanged(.byStat) }
    /// The reports were left as they were without decoding any cache entry (`Reports.Unchanged.byContent`).
    public var unchangedByContent: Bool { reports == .unchanged(.byContent) }

    /// What a run did with the reports.
    public enum Reports: Equatable, Sendable {
        case written
        case unchanged(Unchanged)

        /// How the run found the reports' inputs the same as the last run's into this folder
        /// (and the reports untouched since).
        public enum Unchanged: Equatable, Sendable {
            /// By every file's cache keys, after the per-file stages (cache entries decoded).
            case byKeys
            /// By every input file's stat and everything else the reports are made from: no
            /// input was read; the figures and messages are the last run's.
            case byStat
            /// By every input file's content, read and hashed (those not known by their stat),
            /// without decoding any cache entry (`ReportManifest.contentFingerprint`); the
            /// figures and messages are the last run's.
            case byContent
        }
    }
    /// Per input file, in input order: size, what happened, time.
    public var files: [FileReport] = []
    /// Notes about cache entries that could not be used (they were recomputed).
    public var cacheNotes: [Diagnostic] = []
    public var timings = StageTimings()

    /// Bytes of all input files that could be read.
    public var inputBytes: Int { files.reduce(0) { $0 + $1.bytes } }

    /// Files none of whose transcripts was analysed.
    public var failedFiles: Int { files.lazy.filter { $0.status == .failed }.count }

    /// Files analysed in part: listed among the failures, but some of their transcripts were
    /// analysed (a file with several transcripts, some of whose interview ids were taken).
    public var partlyAnalysedFiles: Int {
        let failed = Set(files.lazy.filter { $0.status == .failed }.map(\.path))
        return Set(failures.lazy.map(\.file).filter { !failed.contains($0) }).count
    }
}

/// The stages' results before reporting (what `leitbild rankings` looks at): the per-file
/// results gathered in input order, and their aggregation.
public struct AnalysisResult: Sendable {
    /// The per-file part (also what a run whose reports are unchanged stops at).
    var gathered: GatheredFiles
    public var analysis: PriorityAnalysis

    init(_ gathered: GatheredFiles, analysis: PriorityAnalysis) {
        self.gathered = gathered
        self.analysis = analysis
    }

    public var filesFound: Int { get { gathered.filesFound } set { gathered.filesFound = newValue } }
    public var codebook: Codebook { get { gathered.codebook } set { gathered.codebook = newValue } }
    public var coded: [CodedTranscript] { get { gathered.coded } set { gathered.coded = newValue } }
    public var signals: [SignalledTranscript] { get { gathered.signals } set { gathered.signals = newValue } }
    public var turns: Int { get { gathered.turns } set { gathered.turns = newValue } }
    public var sentences: Int { get { gathered.sentences } set { gathered.sentences = newValue } }
    public var diagnostics: [Diagnostic] { get { gathered.diagnostics } set { gathered.diagnostics = newValue } }
    public var failures: [IngestionFailure] { get { gathered.failures } set { gathered.failures = newValue } }
    public var files: [FileReport] { get { gathered.files } set { gathered.files = newValue } }
    public var cacheNotes: [Diagnostic] { get { gathered.cacheNotes } set { gathered.cacheNotes = newValue } }
    public var timings: StageTimings { get { gathered.timings } set { gathered.timings = newValue } }
}

/// The per-file results put together in input order, before aggregation: all that the report
/// manifest's digest and the run summary need, so a run whose reports are unchanged skips the
/// aggregation too.
struct GatheredFiles: Sendable {
    var filesFound: Int
    var codebook: Codebook
    var settings: PrioritySettings
    var coded: [CodedTranscript]
    var signals: [SignalledTranscript]
    var turns: Int
    var sentences: Int
    var diagnostics: [Diagnostic]
    var failures: [IngestionFailure]
    var files: [FileReport]
    var cacheNotes: [Diagnostic]
    var timings: StageTimings
    var cacheUses: [AnalysisCache.Use]
    var failedCacheNames: Set<String>
    /// Compressed `project.qdpx` pieces, parallel to `coded` (nil where none was built).
    var qdpxPieces: [QDPXPiece?]
    /// What each coded transcript is made of, parallel to `coded`: its file's `coded` cache key
    /// and its place in the file (nil without the cache), for reports that reuse per-interview
    /// parts of the last run's (`ReportBlocks`).
    var codedIdentities: [Digest?]
    /// Transcripts read but left out (their interview id was taken): their names are still
    /// pseudonymised in the reports.
    var leftOut: [Transcript]

    /// These files with the timings of a later point of the run.
    func with(_ timings: StageTimings) -> GatheredFiles {
        var copy = self
        copy.timings = timings
        return copy
    }
}

/// One input file in the run summary.
public struct FileReport: Sendable, Hashable, Codable {
    public var path: String
    public var bytes: Int
    public var status: FileStatus
    public var seconds: Double
}

/// Wall-clock seconds of the parts of a run (for `--verbose` and the benchmark).
public struct StageTimings: Sendable {
    /// Project set-up: file list, codebook, metadata sheet, weights.
    public var setup = 0.0
    /// Per-file stages over all files (ingestion, German text, themes, signals, or the cache).
    public var files = 0.0
    /// Sum of the per-file times over all workers (CPU-bound, so about files × jobs).
    public var fileWork = 0.0
    public var aggregation = 0.0
    public var reporting = 0.0
    /// Seconds each output took to render and stage, in the order of the renderers (renderers run
    /// concurrently, so these overlap).
    public var outputs: [(file: String, seconds: Double)] = []
    /// What renderers noted about how they made their file (`RenderNotes`), in renderer order.
    public var renderNotes: [(file: String, note: String)] = []
    public var total = 0.0
    public init() {}
}

/// Why a run could not start or finish.
public enum PipelineError: Error, LocalizedError, Sendable {
    case projectNotFound(String)
    /// No transcript file in the project; `leftOut`: the files the scan left out (`ProjectScan`).
    case noTranscripts(String, leftOut: [Diagnostic] = [])
    case codebook(String)
    case weights(String)
    case reporting(String)
    /// Another run holds the lock of this output or cache folder (`RunLock`).
    case busy(folder: String, pid: pid_t?)
    /// The output folder cannot be created or locked.
    case folder(String)

    /// The extensions a project scan picks up, for messages: `.docx, .eaf, …` (from `SourceFormat.transcriptExtensions`).
    static var transcriptExtensionList: String {
        SourceFormat.transcriptExtensions.sorted().map { ".\($0)" }.joined(separator: ", ")
    }

    public var errorDescription: String? {
        switch self {
        case let .projectNotFound(p): "\(p): no such project folder. Pass the folder that holds transcripts/ and metadata.csv."
        case let .noTranscripts(p, leftOut):
            "\(p): no transcript files found (\(Self.transcriptExtensionList)). Put them into \(p)/transcripts/."
                + leftOut.map { "\n  " + $0.description }.joined()
        case let .codebook(message): message
        case let .weights(message): message
        case let .reporting(message): message
        case let .folder(message): message
        case let .busy(folder, pid):
            "\(folder): another Leitbild run\(pid.map { " (process \($0))" } ?? "") is writing into this folder. "
                + "Wait until it has finished, or give this run another --out (and --cache-dir)."
        }
    }
}

/// Runs the stages over a project: ingestion -> German text -> themes -> signals -> reporting.
///
/// The per-file stages run in parallel (`BatchRunner`, one task per file, at most `jobs` at once)
/// and can come from the run cache (`AnalysisCache`); results are put back in input order, so
/// the reports are byte-identical whatever the number of jobs and whether the cache was used.
/// The corpus-level stages (aggregation, reporting) run once over all files.
public struct AnalysisPipeline: Sendable {
    public init() {}

    /// Transcript files of a project folder, sorted by path for a deterministic order
    /// (`ProjectScan`, without the warnings on the files it leaves out).
    public static func transcriptFiles(in project: String) throws(PipelineError) -> [String] {
        try ProjectScan.project(project).files
    }

    /// Runs ingestion, German text, themes and signals on one thread, without cache or reports.
    public func analyze(_ request: AnalysisRequest) throws(PipelineError) -> AnalysisResult {
        try analyze(request, clock: Clock())
    }

    func analyze(_ request: AnalysisRequest, clock: Clock) throws(PipelineError) -> AnalysisResult {
        let plan = try prepare(request, batch: BatchOptions(jobs: 1, useCache: false), clock: clock)
        return analyzeSerially(plan, clock: clock)
    }

    /// The per-file stages one file after another, without cache, then aggregation.
    private func analyzeSerially(_ plan: Plan, clock: Clock) -> AnalysisResult {
        finish(plan, results: fileResults(plan), clock: clock)
    }

    /// The per-file stages one file after another.
    private func fileResults(_ plan: Plan) -> [FileResult] {
        plan.files.enumerated().map { index, path in FileWorker.run(index: index, path: path, context: plan.context) }
    }

    /// Runs ingestion, German text, themes and signals over all files in parallel, with the cache.
    public func analyze(_ request: AnalysisRequest, batch: BatchOptions) async throws(PipelineError) -> AnalysisResult {
        try await analyze(request, batch: batch, clock: Clock())
    }

    func analyze(_ request: AnalysisRequest, batch: BatchOptions, clock: Clock) async throws(PipelineError) -> AnalysisResult {
        let started = Int(time(nil))
        let plan = try prepare(request, batch: batch, clock: clock)
        let lock = try Self.lock(request, batch: batch, output: false)
        defer { withExtendedLifetime(lock) {} }
        return await analyze(plan, batch: batch, clock: clock, lock: lock, started: started)
    }

    private func analyze(_ plan: Plan, batch: BatchOptions, clock: Clock, lock: RunLock, started: Int) async -> AnalysisResult {
        var plan = plan
        let (previousIndex, indexNote) = Self.useContentIndex(&plan)
        let results = await BatchRunner.run(files: plan.files, sizes: plan.sizes, context: plan.context, options: batch)
        let indexing = Self.recordContents(plan, results: results, runStarted: started, previous: previousIndex)
        var result = finish(plan, results: results, clock: clock, stage: batch.stage)
        let notes = lock.notes + [indexNote, await indexing?.value].compactMap(\.self)
        result.cacheNotes = notes.map { Diagnostic(.note, $0) } + result.cacheNotes
        return result
    }

    /// Sets the contents the content index knows the plan's files by (`BatchContext.knownContents`,
    /// with the cache); returns the index found, and a note when the cache holds one that cannot be used.
    static func useContentIndex(_ plan: inout Plan) -> (index: ContentIndex?, note: String?) {
        guard let cache = plan.context.cache else { return (nil, nil) }
        let (found, note) = ContentIndex.load(from: cache)
        guard let found, found.count > 0 else { return (found, note) }
        let context = plan.context
        plan.context.knownContents = zip(plan.files, plan.stats).map { path, info in
            info.flatMap { found.content(of: context.paths.cacheName(path), path: path, stat: $0, maxBytes: context.options.maxFileBytes) }
                .map { KnownContent(content: $0, readStamp: nil) }
        }
        return (found, note)
    }

    /// The `--verbose` line on the files the content index spared reading (none: no line).
    static func knownByStatNote(_ results: [FileResult]) -> (file: String, note: String)? {
        let known = results.lazy.filter(\.knownByStat).count
        guard known > 0 else { return nil }
        return (file: "input files", note: "\(known) of \(results.count) known by their stat since a run read them, not read again")
    }

    /// The content index of this run's files: each file whose parsed entry this run made or used,
    /// with the stat the run began with, when that stat had settled (`ContentIndex`).
    static func contentIndex(_ plan: Plan, results: [FileResult], runStarted: Int) -> ContentIndex {
        var known = [KnownContent?](repeating: nil, count: plan.files.count)
        for result in results where result.failure == nil && result.parsed != nil && result.index < known.count {
            guard let content = result.content else { continue }
            known[result.index] = KnownContent(content: content, readStamp: result.readStamp)
        }
        return contentIndex(plan, known: known, runStarted: runStarted)
    }

    /// The content index of the plan's files by what is known of their contents (in plan order;
    /// nil: not known, not recorded).
    static func contentIndex(_ plan: Plan, known: [KnownContent?], runStarted: Int) -> ContentIndex {
        var index = ContentIndex()
        for (i, known) in known.enumerated() {
            guard let known, i < plan.stats.count, let info = plan.stats[i] else { continue }
            let name = plan.context.paths.cacheName(plan.files[i])
            let stamp = ContentIndex.Stamp(info)
            // A file read from another inode, or changed, since the plan's stat is not recorded:
            // its content need not be the one that stat names.
            guard !name.isEmpty, stamp.settled(before: runStarted), stamp.isRegularFile, stamp.size == Int64(known.content.bytes),
                  known.readStamp == nil || known.readStamp == stamp else { continue }
            index.record(name, stamp: stamp, content: known.content)
        }
        return index
    }

    /// Writes the content index of this run's files into the cache, in the background, unless it
    /// is `previous`, the one the run found; the task's value is a note when it could not be written.
    static func recordContents(_ plan: Plan, results: [FileResult], runStarted: Int, previous: ContentIndex?) -> Task<String?, Never>? {
        guard let cache = plan.context.cache else { return nil }
        return Task {
            let index = contentIndex(plan, results: results, runStarted: runStarted)
            return index == previous ? nil : index.store(in: cache)
        }
    }

    /// Locks the folders a run writes into against other runs (`RunLock`): the output folder when
    /// it writes reports (required), the cache folder when the cache is on (optional: a cache that
    /// cannot be locked or written only gives notes).
    static func lock(_ request: AnalysisRequest, batch: BatchOptions?, output: Bool) throws(PipelineError) -> RunLock {
        let cacheFolders = batch.map { $0.useCache ? [cache(for: request, batch: $0).directory] : [] } ?? []
        return try RunLock.acquire(required: output ? [request.outputDirectory] : [], optional: cacheFolders)
    }

    /// `analyze` on one thread without cache, then the reports.
    public func run(_ request: AnalysisRequest) throws(PipelineError) -> AnalysisRun {
        let clock = Clock()
        var plan = try prepare(request, batch: BatchOptions(jobs: 1, useCache: false), clock: clock)
        // Read once: the pseudonym list decides the emergent terms and the reports.
        let options = try reportOptions(request)
        plan.excludedTerms = ReportInput.nameKeys(of: options.pseudonymList)
        clock.lap(\.setup)
        let firstRun = Self.isFirstRun(into: request.outputDirectory)
        let lock = try Self.lock(request, batch: nil, output: true)
        defer { withExtendedLifetime(lock) {} }
        let files = gather(plan, results: fileResults(plan), clock: clock)
        // The reports name files relative to the project folder; the run summary as the user typed them.
        let result = aggregate(files.named(by: ReportPaths(request, plan: plan)), plan: plan, clock: clock)
        return try report(result, summarizing: files, request: request, clock: clock, options: options, firstRun: firstRun)
    }

    /// Whether no run has written reports into `directory` before: its lock file, which every
    /// run leaves there, lacks the mark a run sets once its reports are in place
    /// (`RunLock.reportsMark`; a run that failed or was stopped sets none).
    static func isFirstRun(into directory: String) -> Bool {
        !RunLock.reportsWereWritten(in: directory)
    }

    /// Whether a run over `files` may have to code one: true unless the last run into the same
    /// folder `listed` every one of them (its quick record's files; without one it is not known).
    /// Files it listed may still be coded (edited, or a codebook change); they then compile the
    /// codebook when they first need it, as before.
    static func mayCode(_ files: [String], listed: [String]?) -> Bool {
        guard let listed else { return true }
        let known = Set(listed)
        return files.contains { !known.contains($0) }
    }

    /// A note when reports without pseudonymisation were written beside the pseudonym key of an
    /// earlier run: the key stays (it may be needed for reports already shared), but it does not
    /// belong to these.
    static func earlierKeyNote(_ request: AnalysisRequest, options: ReportOptions, written: [String]) -> [Diagnostic] {
        let key = (request.outputDirectory as NSString).appendingPathComponent(PseudonymKeyRenderer().fileName)
        guard !options.pseudonymize, !written.isEmpty, FileManager.default.fileExists(atPath: key) else { return [] }
        return [Diagnostic(.note, "this run's reports are not pseudonymised; the pseudonym key of an earlier run is left as it is and "
                           + "does not belong to them", file: key,
                           hint: "keep it for reports shared before, or delete it")]
    }

    /// `analyze` in parallel with the cache, then the reports; prunes cache entries this run did not use
    /// (keeping those of files that failed; nothing is pruned when nothing could be analysed).
    public func run(_ request: AnalysisRequest, batch: BatchOptions) async throws(PipelineError) -> AnalysisRun {
        let clock = Clock()
        let started = Int(time(nil))
        // The last run's report manifest (at 5,000 interviews 0.04 s of JSON) is read beside the
        // set-up, before the output folder is locked: it is only ever trusted for reports that
        // still carry its stamps, so one replaced meanwhile by another run is not trusted.
        // Read without the cache too: it tells which reports a consultant edited since (`keepEdited`).
        let manifestLoad = Task.detached { [directory = request.outputDirectory] in ReportManifest.load(directory) }
        var plan = try prepare(request, batch: batch, clock: clock)
        plan.context.qdpxCodes = QDPXRenderer.Codes(plan.context.coder.codebook)
        let firstRun = Self.isFirstRun(into: request.outputDirectory)
        // Held until the reports are in place and the cache is pruned.
        let lock = try Self.lock(request, batch: batch, output: true)
        defer { withExtendedLifetime(lock) {} }
        let cache = batch.useCache ? Self.cache(for: request, batch: batch) : nil
        // Nothing of this run is staged yet, and the lock keeps other runs out: every temporary
        // file whose process is gone, or that has this process's id, is a killed run's.
        for folder in [request.outputDirectory] + (cache.map { OutputFolder.cacheFolders($0.directory) } ?? []) {
            OutputFolder.removeStaleTemporaries(in: folder, includingOwn: true)
        }
        let interruptedNote = AtomicFile.wasInterrupted(in: request.outputDirectory)
            ? "\(request.outputDirectory): the last run was stopped while it renamed its reports into place, so they may be a mix of "
                + "its reports and older ones; this run writes them all again" : nil
        let options = try reportOptions(request)
        let names = ReportWriter.renderers(for: options).map(\.fileName)
        // The last run's report manifest, read once (it is removed before reports are replaced).
        let loaded = await manifestLoad.value
        let previous = batch.useCache ? loaded : nil
        // No input file changed since the last run into this folder (by its stat) and the reports
        // are untouched: print that run's summary and read nothing else.
        let fingerprint = cache.flatMap { cache in
            ReportManifest.fingerprint(plan, request: request, options: options, cache: cache, renderers: names, runStarted: started)
        }
        let record = cache.flatMap { ReportManifest.quickRecord(previous, in: request.outputDirectory, renderers: names, cache: $0) }
        if let fingerprint, let record, record.quick.fingerprint == fingerprint.description {
            clock.lap(\.files)
            return quickRun(record.quick.summary, written: record.paths, request: request, options: options, notes: lock.notes, clock: clock)
        }
        let (previousIndex, indexNote) = Self.useContentIndex(&plan)
        // Inputs touched but not changed: every file is read and hashed (those the content index
        // does not know), and no cache entry decoded (docs/batch.md, "Reports left as they are").
        if let cache, let previous, let record,
           let notes = Self.unchangedByContent(&plan, previous: previous, fingerprint: fingerprint,
                                               previousIndex: previousIndex, request: request, options: options, cache: cache,
                                               renderers: names, runStarted: started, jobs: batch.width) {
            clock.lap(\.files)
            return quickRun(record.quick.summary, written: record.paths, request: request, options: options,
                            notes: lock.notes + [indexNote].compactMap(\.self) + notes, clock: clock, byContent: true)
        }
        // A file the last run did not have is coded, and new files tend to sort last (interview
        // numbers): the codebook is compiled for it now (0.1 s), beside reading the cached files,
        // instead of after them (at 5,000 interviews, after 1.2 s of them).
        if Self.mayCode(plan.files, listed: previous?.quick?.summary.files.map(\.path)) {
            DispatchQueue.global(qos: .utility).async { [coder = plan.context.coder] in coder.prepare() }
        }
        let results = await BatchRunner.run(files: plan.files, sizes: plan.sizes, context: plan.context, options: batch)
        let indexing = Self.recordContents(plan, results: results, runStarted: started, previous: previousIndex)
        var files = gather(plan, results: results, clock: clock)
        files.cacheNotes = (lock.notes + [interruptedNote, indexNote].compactMap(\.self)).map { Diagnostic(.note, $0) } + files.cacheNotes
        // With the cache, the keys name every file's content: when the reports of the last run
        // into this folder were made from the same inputs and are untouched, they stay as they
        // are, and nothing is aggregated.
        var digest: Digest?
        var unchanged: [String]?
        // The reports name files relative to the project folder; the run summary as the user typed them.
        let named = files.named(by: ReportPaths(request, plan: plan))
        if let cache, !files.coded.isEmpty {
            let inputs = ReportManifest.inputDigest(named, request: request, options: options, tool: cache.tool, renderers: names)
            unchanged = ReportManifest.currentReports(previous, in: request.outputDirectory, digest: inputs, renderers: names)
            digest = inputs
        }
        var quick: ReportManifest.Quick?
        let contents = cache.flatMap { cache in
            ReportManifest.contentFingerprint(plan, request: request, options: options, cache: cache, renderers: names,
                                              parsedKeys: results.map { $0.keys.first { $0.0 == .parsed }?.1 })
        }
        if fingerprint != nil || contents != nil {
            quick = ReportManifest.Quick(fingerprint: fingerprint?.description, contents: contents?.description, summary: ReportManifest.Summary(files))
        }
        // Reading the pseudonym list and checking the manifest count as reporting, not as aggregation.
        clock.lap(\.reporting)
        if let unchanged, let digest {
            var run = finishRun(files, written: unchanged, request: request, options: options, cache: cache, clock: clock)
            if let note = await indexing?.value { run.cacheNotes.append(Diagnostic(.note, note)) }
            if let note = Self.knownByStatNote(results) { run.timings.renderNotes.append(note) }
            run.reports = .unchanged(.byKeys)
            RunLock.markReportsWritten(in: request.outputDirectory)
            // Inputs touched but not changed (or settled only now): the next run can tell by their stat again.
            if let quick, let note = ReportManifest.record(unchanged, digest: digest, quick: quick, cache: cache, seconds: previous?.seconds,
                                                           in: request.outputDirectory) {
                run.cacheNotes.append(Diagnostic(.note, note))
            }
            // Freeing every cached interview took about 0.25 s at 5,000 interviews, after the
            // run was done (docs/batch-rounds.md, "Round d7f140a → 3ceef50").
            Self.releaseInBackground(RunData(values: [results, files, named, plan]))
            return run
        }
        plan.excludedTerms = ReportInput.nameKeys(of: options.pseudonymList)
        // The cache entries this run did not use are pruned while it aggregates and writes the
        // reports (nothing reads them any more); the report manifest is recorded after that.
        let pruning = cache.map { cache in
            Task { [files] in Self.prune(cache, after: files) }
        }
        // The pseudonymised texts need no analysis: they are prepared while the aggregation runs,
        // from the last run's pseudonymiser memo where it still holds.
        async let preparing = Self.texts(named, options: options, cache: cache)
        let result = aggregate(named, plan: plan, clock: clock, stage: batch.stage)
        let (texts, memoNote) = await preparing
        // The memo for the next run is written while the reports are.
        async let memoStored = cache.flatMap { cache in texts.memo.flatMap { cache.storeMemo($0, Self.pseudonymMemo) } }
        var run: AnalysisRun
        do {
            run = try await report(result, summarizing: files, request: request, cache: cache, clock: clock, stage: batch.stage,
                                   options: options, digest: digest, quick: quick, texts: texts, pruning: pruning,
                                   expectedSeconds: previous?.seconds ?? [:], previous: loaded, firstRun: firstRun)
        } catch {
            // Not left running into the exit.
            await pruning?.value
            _ = await indexing?.value
            throw error
        }
        for note in [memoNote, await memoStored, await indexing?.value].compactMap(\.self) { run.cacheNotes.append(Diagnostic(.note, note)) }
        if let use = texts.memoUse { run.timings.renderNotes.append((file: "pseudonymised texts", note: use.note)) }
        if let note = Self.knownByStatNote(results) { run.timings.renderNotes.append(note) }
        Self.releaseInBackground(RunData(values: [results, files, named, result, texts, plan]))
        return run
    }

    /// The name of the pseudonymiser's memo in the cache (`CACHE/memo/pseudonyms.bin`).
    static let pseudonymMemo = "pseudonyms"

    /// The reports' pseudonymised texts, with the last run's memo when there is a usable one; and
    /// a note when there was one that could not be used.
    static func texts(_ files: GatheredFiles, options: ReportOptions, cache: AnalysisCache?) -> (ReportInput.Texts, String?) {
        var memo: PseudonymMemo?
        var note: String?
        if let cache, options.pseudonymize {
            switch cache.loadMemo(PseudonymMemo.self, pseudonymMemo) {
            case .hit(let found) where found.isCurrent: memo = found
            case .hit: note = "\(cache.memoPath(pseudonymMemo)): a memo of another format; the texts are pseudonymised without it"
            case .miss: break
            case .unusable(let reason): note = reason
            }
        }
        return (ReportInput.Texts(transcripts: files.coded, options: options, leftOut: files.leftOut, failedFiles: files.failures.map(\.file),
                                  memo: memo, keepingMemo: cache != nil), note)
    }

    /// What a run holds until its end (every transcript, its coding, signals, pseudonymised text).
    private final class RunData: @unchecked Sendable {
        let values: [Any]
        init(values: [Any]) { self.values = values }
    }

    /// Lets go of a run's data on another thread: at 5,000 interviews freeing it takes about a
    /// quarter of a second, which the caller need not wait for (`leitbild analyze` prints its
    /// summary and exits meanwhile; docs/batch-rounds.md, "Round 3467e6b → 52f9b54").
    private static func releaseInBackground(_ data: RunData) {
        DispatchQueue.global(qos: .utility).async { withExtendedLifetime(data) {} }
    }

    /// The run that found no input changed by its stat, or (`byContent`) by its content without
    /// decoding the cache: the last run's summary (its files count as from the cache; no cache
    /// entry is read, so the cache is not pruned either).
    func quickRun(_ summary: ReportManifest.Summary, written: [String], request: AnalysisRequest, options: ReportOptions, notes: [String],
                  clock: Clock, byContent: Bool = false) -> AnalysisRun {
        clock.lap(\.reporting)
        var run = AnalysisRun(summary, written: written)
        run.reports = .unchanged(byContent ? .byContent : .byStat)
        run.cacheNotes = notes.map { Diagnostic(.note, $0) } + Self.earlierKeyNote(request, options: options, written: written)
        run.timings = clock.timings
        run.timings.total = clock.elapsed
        return run
    }

    /// The cache a run uses: `--cache-dir DIR` or `OUT/.leitbild-cache`.
    public static func cache(for request: AnalysisRequest, batch: BatchOptions) -> AnalysisCache {
        let directory = batch.cacheDirectory ?? (request.outputDirectory as NSString).appendingPathComponent(".leitbild-cache")
        return AnalysisCache(directory: directory, tool: AnalysisCache.toolDigest(version: batch.toolVersion))
    }

    // MARK: - Steps

    struct Plan {
        var files: [String]
        /// Each file's stat as the run starts (nil: it could not be stat'ed), for the sizes the
        /// progress counts and for the report manifest's fingerprint.
        var stats: [stat?]
        var sizes: [Int] { stats.map { $0.map { Int($0.st_size) } ?? 0 } }
        var codebook: Codebook
        var settings: PrioritySettings
        /// The files the project scan left out, one warning each (`ProjectScan.leftOut`).
        var scanDiagnostics: [Diagnostic]
        var sheetDiagnostics: [Diagnostic]
        var reportUnmatchedRows: Bool
        var context: BatchContext
        /// Names never suggested as emergent terms (`AggregationInput.excludedTerms`): those of the
        /// pseudonym list, set by the runs that write reports.
        var excludedTerms: Set<String> = []
    }

    /// Reads what every file needs: file list, codebook, weights, metadata sheet.
    func prepare(_ request: AnalysisRequest, batch: BatchOptions, clock: Clock) throws(PipelineError) -> Plan {
        // The reports of the output folder too: with `--out` the project folder itself, a run would
        // read the last run's summary.md and project.qdpx as transcripts (found in a workflow review).
        // And the copies of reports edited by hand (`ReportManifest.keepEdited`: summary.edited-….md).
        let reports = ((try? FileManager.default.contentsOfDirectory(atPath: request.outputDirectory)) ?? [])
            .filter(ReportManifest.isReportFile)
            .map { (request.outputDirectory as NSString).appendingPathComponent($0) }
        let scan = try ProjectScan.project(request.project,
                                           given: [request.metadataPath, request.codebookPath, request.weightsPath, request.pseudonymsPath] + reports)
        let files = scan.files
        guard !files.isEmpty else { throw PipelineError.noTranscripts(request.project, leftOut: scan.leftOut) }
        let metadataPath = request.metadataPath ?? ["metadata.csv", "metadata.tsv"].lazy
            .map { (request.project as NSString).appendingPathComponent($0) }
            .first { FileManager.default.fileExists(atPath: $0) }
        // The metadata sheet (at 5,000 interviews 0.06 s) is read on one core while the other
        // loads the codebook, the weights and the signal detector's word lists (0.03 s). The
        // sheet is read once; each file is joined with it by its worker.
        let ((readSheet, readDiagnostics), loaded) = Parallel.both(
            { MetadataSheet.forRun(path: metadataPath) },
            { Result { () throws(PipelineError) in (try Self.loadSettings(request), SignalDetector(reference: .german)) } })
        // Rows that name a file without its extension are joined now that the files are known.
        var sheet = readSheet
        let sheetDiagnostics = readDiagnostics + sheet.joinStems(of: files)
        let ((codebook, settings), detector) = try loaded.get()
        let options = IngestionOptions(maxFileBytes: request.maxFileBytes)
        let coder = ThemeCoder(codebook: codebook, unit: request.unit)
        let cache = batch.useCache ? Self.cache(for: request, batch: batch) : nil
        let paths = ProjectPaths(project: request.project)
        let sheetName = sheet.path.map(paths.cacheName) ?? ""
        let context = BatchContext(
            sheet: sheet, sheetDigest: Self.digest(of: sheet, name: sheetName), options: options, coder: coder, analyzer: GermanAnalyzer(),
            detector: detector, cache: cache, paths: paths, sheetName: sheetName,
            codingDigest: Self.codingDigest(codebook: codebook, coder: coder, paths: paths), sessions: SessionPool(coder: coder))
        let stats = files.map { path -> stat? in
            var info = stat()
            return stat(path, &info) == 0 ? info : nil
        }
        clock.lap(\.setup)
        return Plan(files: files, stats: stats, codebook: codebook, settings: settings, scanDiagnostics: scan.leftOut,
                    sheetDiagnostics: sheetDiagnostics,
                    reportUnmatchedRows: metadataPath != nil && options.reportUnmatchedMetadataRows, context: context)
    }

    /// The codebook (`--codebook` or `PROJECT/codebook.yaml`) and the weights (`--weights`,
    /// `PROJECT/weights.yaml` or the built-in ones); a codebook error comes before a weights error.
    static func loadSettings(_ request: AnalysisRequest) throws(PipelineError) -> (Codebook, PrioritySettings) {
        let codebookPath = request.codebookPath ?? (request.project as NSString).appendingPathComponent("codebook.yaml")
        let codebook: Codebook
        do { codebook = try CodebookLoader.load(path: codebookPath) } catch {
            throw PipelineError.codebook(error.localizedDescription)
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
        return (codebook, settings)
    }

    /// Puts the per-file results together (in input order) and aggregates them.
    func finish(_ plan: Plan, results: [FileResult], clock: Clock, stage: (@Sendable (RunStage) -> Void)? = nil) -> AnalysisResult {
        aggregate(gather(plan, results: results, clock: clock), plan: plan, clock: clock, stage: stage)
    }

    /// Puts the per-file results together, in input order.
    func gather(_ plan: Plan, results: [FileResult], clock: Clock) -> GatheredFiles {
        clock.lap(\.files)
        var coded: [CodedTranscript] = []
        var signals: [SignalledTranscript] = []
        var failures: [IngestionFailure] = []
        var fileDiagnostics: [Diagnostic] = []
        var cacheNotes: [Diagnostic] = []
        var matchedRows = Set<Int>(), analysedRows = Set<Int>()
        var turns = 0, sentences = 0
        var reports: [FileReport] = []
        var cacheUses: [AnalysisCache.Use] = []
        var failedCacheNames: Set<String> = []
        var qdpxPieces: [QDPXPiece?] = []
        var codedIdentities: [Digest?] = []
        var leftOut: [Transcript] = []
        // Every report keys interviews by id: a transcript whose id an earlier one has is left out.
        var fileOfID: [String: String] = [:]
        for result in results {
            var repeated: [(id: String, owner: String, origin: String?)] = []
            let codedKey = result.keys.first { $0.0 == .coded }?.1
            for (i, transcript) in result.coded.enumerated() {
                let id = transcript.transcript.id
                if let owner = fileOfID[id] {
                    repeated.append((id, owner, transcript.transcript.metadata.origin))
                    leftOut.append(transcript.transcript)
                    continue
                }
                fileOfID[id] = result.path
                coded.append(transcript)
                signals.append(result.signals[i])
                qdpxPieces.append(result.qdpx[i])
                codedIdentities.append(codedKey.map { key in
                    let hasher = Hasher256()
                    hasher.field(key)
                    hasher.field(i)
                    return hasher.finish()
                })
                sentences += result.sentences[i]
                turns += transcript.transcript.turns.count
            }
            if !repeated.isEmpty { failures.append(Self.repeatedIDs(repeated, in: result.path)) }
            // A file none of whose transcripts is analysed counts as failed.
            let status = !repeated.isEmpty && repeated.count == result.coded.count ? FileStatus.failed : result.status
            if let failure = result.failure {
                failures.append(failure)
                failedCacheNames.insert(result.cacheName)
                // Its row names it rightly: the file is reported as failed, not the row as unmatched.
                if let row = plan.context.sheet.rowIndex(forFile: result.path) { matchedRows.insert(row) }
            }
            if let parsed = result.parsed {
                fileDiagnostics += parsed.diagnostics
                matchedRows.formUnion(parsed.metadataRows)
                analysedRows.formUnion(parsed.metadataRows)
            }
            cacheNotes += result.cacheNotes
            cacheUses += result.keys.map { AnalysisCache.Use($0.0, $0.1, file: result.cacheName) }
            reports.append(FileReport(path: result.path, bytes: result.byteCount, status: status, seconds: result.seconds))
            clock.timings.fileWork += result.seconds
        }
        // The people of sheet rows that no analysed transcript has (a failed file's row, a row
        // for a file that was not read): the reports name such files in failures and notes, so
        // the pseudonymiser learns their names too, from a transcript without text.
        let sheet = plan.context.sheet
        var failedFileOfRow: [Int: String] = [:]
        for result in results where result.failure != nil {
            if let row = sheet.rowIndex(forFile: result.path), failedFileOfRow[row] == nil { failedFileOfRow[row] = result.path }
        }
        for index in sheet.rows.indices where !analysedRows.contains(index) {
            let (file, metadata) = sheet.row(index)
            let path = failedFileOfRow[index] ?? file
            leftOut.append(Transcript(id: metadata.interviewID,
                                      source: SourceDocument(path: path, format: .plainText, encoding: "", byteCount: 0, textLinesAreSourceLines: true),
                                      text: "", speakers: [], turns: [], metadata: metadata))
        }
        fileDiagnostics += Self.copiedTexts(coded)
        var sheetDiagnostics = plan.sheetDiagnostics
        if plan.reportUnmatchedRows {
            sheetDiagnostics += plan.context.sheet.unmatchedRowDiagnostics(matched: matchedRows)
        }
        sheetDiagnostics += Self.unknownWeightedGroups(plan.settings, groups: Set(coded.compactMap(\.transcript.metadata.group)))
        return GatheredFiles(filesFound: plan.files.count, codebook: plan.codebook, settings: plan.settings, coded: coded, signals: signals,
                             turns: turns, sentences: sentences, diagnostics: plan.scanDiagnostics + sheetDiagnostics + fileDiagnostics,
                             failures: failures,
                             files: reports, cacheNotes: cacheNotes, timings: clock.timings, cacheUses: cacheUses,
                             failedCacheNames: failedCacheNames, qdpxPieces: qdpxPieces, codedIdentities: codedIdentities,
                             leftOut: leftOut)
    }

    /// The cache's own files removed: entries (`parsed/ab/….bin`, `coded/ab/….bin`), memos,
    /// report blocks, analysis.sqlite's snapshot, the manifest, and temporaries of these; then
    /// its folders that are left empty. Nothing else: a `--cache-dir` may hold the user's files,
    /// and its lock stays (this run holds it). Returns the bytes freed.
    static func emptyCache(_ cache: AnalysisCache) -> Int64 {
        let fm = FileManager.default
        var freed: Int64 = 0
        func remove(_ path: String) {
            var info = stat()
            guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, unlink(path) == 0 else { return }
            freed += Int64(info.st_size)
        }
        func isTemporary(_ name: String) -> Bool { name.hasPrefix(".") && name.contains(".tmp-") }
        /// The files in `folder` (not below) that `owned` accepts, then the folder if it is empty.
        func empty(_ folder: String, owned: (String) -> Bool) {
            for name in (try? fm.contentsOfDirectory(atPath: folder)) ?? [] where owned(name) || isTemporary(name) {
                remove(folder + "/" + name)
            }
            rmdir(folder)
        }
        let hex = Set("0123456789abcdef")
        for layer in AnalysisCache.Layer.allCases {
            let root = cache.directory + "/" + layer.rawValue
            for shard in (try? fm.contentsOfDirectory(atPath: root)) ?? [] where shard.count == 2 && shard.allSatisfy(hex.contains) {
                empty(root + "/" + shard) { $0.hasSuffix(".bin") }
            }
            empty(root) { _ in false }
        }
        empty(cache.directory + "/memo") { $0.hasSuffix(".bin") }
        empty(cache.directory + "/blocks") { $0.hasSuffix(".json") || $0.hasSuffix(".placed") }
        empty(cache.directory + "/sqlite") { $0.hasPrefix("analysis-rows.") }
        remove(cache.manifestPath)
        return freed
    }

    /// Warnings for the groups the weights file weighs that no analysed interview has: a group
    /// name with a typo ("Jugnd") weighs nothing, silently. None when no interview has a group.
    static func unknownWeightedGroups(_ settings: PrioritySettings, groups: Set<String>) -> [Diagnostic] {
        guard !groups.isEmpty else { return [] }
        let known = groups.sorted()
        let used = Set(groups.compactMap(settings.groupWeightKey(for:)))
        return settings.groupWeights.keys.sorted().filter { !used.contains($0) }.map { name in
            let line = PrioritySettingsLoader.line(ofGroupWeight: name, in: settings.source)
            // Another spelling of a group whose weight another key gives (found in a review:
            // "JUGEND: 0" beside "Jugend: 1" was called a group no interview has).
            if let group = groups.sorted().first(where: { GroupName.key($0) == GroupName.key(name) }), let key = settings.groupWeightKey(for: group) {
                return Diagnostic(.warning, "group_weights names the group '\(group)' twice, as '\(key)' and as '\(name)'; the weight of '\(key)' is used",
                                  file: settings.source, line: line, hint: "keep one of the two entries")
            }
            let suggestion = CodebookLoader.closest(name, among: known).map { "did you mean '\($0)'? " } ?? ""
            return Diagnostic(.warning, "group_weights names the group '\(name)', which no analysed interview has; its weight is not used",
                              file: settings.source, line: line, hint: suggestion + "the groups are: " + known.joined(separator: ", "))
        }
    }

    /// Texts of at least `copiedTextMinimum` bytes that come again: a copy of a transcript
    /// (`05-interview (1).txt`, an export saved twice) counts as a second interview and inflates
    /// every breadth, so each later one gets a warning naming the first (found in a user review,
    /// fifth stop of 2026-11-29: no word was said). Short texts are left alone: survey answers
    /// such as "keine Angabe" repeat by nature. Compared by length and first bytes, then whole.
    static func copiedTexts(_ coded: [CodedTranscript]) -> [Diagnostic] {
        struct Key: Hashable { var count: Int; var head: [UInt8] }
        var first: [Key: [Int]] = [:]
        var notes: [Diagnostic] = []
        for (i, transcript) in coded.enumerated() {
            let text = transcript.transcript.text
            let count = text.utf8.count
            guard count >= copiedTextMinimum else { continue }
            let key = Key(count: count, head: Array(text.utf8.prefix(256)))
            if let earlier = first[key]?.first(where: { coded[$0].transcript.text == text }) {
                let original = coded[earlier].transcript
                // Which of the two is the copy, names do not tell ("05-… (1).txt" sorts before
                // "05-….txt"): both are named, neither blamed (found in a review).
                notes.append(Diagnostic(.warning, "has the same text as \(original.source.path) (interview \(original.id)), so the one text counts "
                                        + "as two interviews", file: transcript.transcript.source.path,
                                        hint: "if one of the two files is a copy, remove it from the project"))
            } else {
                first[key, default: []].append(i)
            }
        }
        return notes
    }

    /// Bytes a text needs before a copy of it is named (`copiedTexts`).
    static let copiedTextMinimum = 200

    /// The failure of a file with transcripts whose interview ids earlier transcripts have.
    static func repeatedIDs(_ repeated: [(id: String, owner: String, origin: String?)], in path: String) -> IngestionFailure {
        let list = repeated.map { r in
            "'\(r.id)'\(r.origin.map { " (from \($0))" } ?? "") (already the id of a transcript in \(r.owner == path ? "this file" : r.owner))"
        }
        let what = repeated.count == 1 ? "its transcript with the interview id" : "\(repeated.count) of its transcripts with the interview ids"
        return IngestionFailure(file: path, error: "\(path): \(what) \(list.joined(separator: ", ")) "
                                + "left out of the analysis (the reports know an interview by its id). If the two are copies of one "
                                + "interview, remove one; otherwise give each its own id in the metadata sheet's interview_id column, "
                                + "and run again")
    }

    /// Aggregates the gathered results into the priority analysis.
    func aggregate(_ files: GatheredFiles, plan: Plan, clock: Clock, stage: (@Sendable (RunStage) -> Void)? = nil) -> AnalysisResult {
        stage?(.aggregating(interviews: files.signals.count))
        let analysis = PriorityAggregator().aggregate(AggregationInput(transcripts: files.signals, codebook: plan.codebook, settings: files.settings,
                                                                       excludedTerms: plan.excludedTerms))
        clock.lap(\.aggregation)
        var result = AnalysisResult(files, analysis: analysis)
        result.timings = clock.timings
        return result
    }

    /// Writes the reports (renderers one after another) of a run without the cache, then tidies
    /// the output folder. `summarizing`: the same files as `result`'s, with paths as the user gave
    /// them (`ReportPaths`).
    func report(_ result: AnalysisResult, summarizing files: GatheredFiles, request: AnalysisRequest, clock: Clock,
                options: ReportOptions, firstRun: Bool = false) throws(PipelineError) -> AnalysisRun {
        let (input, writer) = reportInput(result, request: request, options: options, cache: nil)
        var written: [String] = []
        // With nothing analysed, the reports of the last good run stay as they are (exit code 3).
        var kept: [Diagnostic] = []
        if !result.coded.isEmpty {
            // Without keys this path records only the reports' stamps; an earlier manifest must not
            // vouch for what it writes. Reports edited since the last run are kept first.
            kept = ReportManifest.keepEdited(ReportManifest.load(request.outputDirectory), in: request.outputDirectory, firstRun: firstRun)
            ReportManifest.remove(in: request.outputDirectory)
            do { written = try writer.write(input, to: request.outputDirectory) } catch {
                throw PipelineError.reporting(error.localizedDescription)
            }
        }
        var run = finishRun(files.with(result.timings), written: written, request: request, options: options, cache: nil, clock: clock)
        run.cacheNotes += kept
        if !written.isEmpty { RunLock.markReportsWritten(in: request.outputDirectory) }
        if !written.isEmpty, let note = ReportManifest.recordStamps(written, in: request.outputDirectory) {
            run.cacheNotes.append(Diagnostic(.note, note))
        }
        if !written.isEmpty { run.cacheNotes += input.namesInIdentifiersNotes() + (options.pseudonymize ? PseudonymList.sharedPseudonymNotes(options.pseudonymList) : []) }
        return run
    }

    /// Writes the reports (renderers concurrently), then tidies the output and cache folders;
    /// records the report manifest under `digest` (runs with the cache).
    func report(_ result: AnalysisResult, summarizing files: GatheredFiles, request: AnalysisRequest, cache: AnalysisCache?, clock: Clock,
                stage: (@Sendable (RunStage) -> Void)?, options: ReportOptions, digest: Digest?, quick: ReportManifest.Quick? = nil,
                texts: ReportInput.Texts, pruning: Task<Void, Never>? = nil, expectedSeconds: [String: Double] = [:],
                previous: ReportManifest? = nil, firstRun: Bool = false)
        async throws(PipelineError) -> AnalysisRun {
        let names = ReportWriter.renderers(for: options).map(\.fileName)
        var kept: [Diagnostic] = []
        if !result.coded.isEmpty {
            stage?(.writingReports(done: 0, total: names.count, finished: nil))
            // Reports edited by hand since the last run are kept before they are replaced.
            kept = ReportManifest.keepEdited(previous, in: request.outputDirectory, firstRun: firstRun)
            ReportManifest.remove(in: request.outputDirectory)
        }
        var (input, writer) = reportInput(result, request: request, options: options, cache: cache, texts: texts)
        writer.expectedSeconds = expectedSeconds
        let times = OutputTimes()
        writer.onRendered = { file, seconds in
            // Counted and announced under one lock, so the counts arrive in order.
            times.add(file, seconds) { done in stage?(.writingReports(done: done, total: names.count, finished: file)) }
        }
        var written: [String] = []
        var cache = cache
        var droppedCache: (bytes: Int64, directory: String)? = nil
        if !result.coded.isEmpty {
            do { written = try await writer.write(input, to: request.outputDirectory) } catch {
                // A full disk: the run cache gives way to the reports when it takes space on
                // their disk (it can be rebuilt; the reports are what the run is for). Once.
                guard case .noSpace = error, let full = cache, OutputFolder.sameDevice(full.directory, request.outputDirectory) else {
                    throw PipelineError.reporting(error.localizedDescription)
                }
                await pruning?.value
                droppedCache = (Self.emptyCache(full), full.directory)
                cache = nil
                input.reportBlocks = nil
                input.sqliteSnapshotDirectory = nil
                do { written = try await writer.write(input, to: request.outputDirectory) } catch {
                    throw PipelineError.reporting(error.localizedDescription)
                }
            }
        }
        await pruning?.value
        var run = finishRun(files.with(result.timings), written: written, request: request, options: options, cache: cache, clock: clock,
                            pruned: pruning != nil)
        run.cacheNotes += kept
        // Recorded after the cache is pruned: the quick record holds the cache manifest's stamp.
        let seconds = Dictionary(times.all.map { ($0.file, $0.seconds) }, uniquingKeysWith: { a, _ in a })
        // The folder has had a run's reports: its editable reports are no longer the user's own.
        if !written.isEmpty { RunLock.markReportsWritten(in: request.outputDirectory) }
        let manifestNote = written.isEmpty ? nil : digest.map {
            ReportManifest.record(written, digest: $0, quick: quick, cache: cache, seconds: seconds, in: request.outputDirectory)
        } ?? ReportManifest.recordStamps(written, in: request.outputDirectory)
        if let manifestNote { run.cacheNotes.append(Diagnostic(.note, manifestNote)) }
        if let droppedCache {
            run.cacheNotes.append(Diagnostic(.warning, "the disk was full: the run cache (\(String(format: "%.1f", Double(droppedCache.bytes) / 1e6)) MB) was emptied to make room "
                                             + "for the reports, which are written", file: droppedCache.directory,
                                             hint: "free some space; the next run reads every file again, or keep the cache on another disk (--cache-dir)"))
        }
        // Names in interview ids and file names: on the terminal, not in the reports (they name them).
        if !written.isEmpty { run.cacheNotes += input.namesInIdentifiersNotes() + (options.pseudonymize ? PseudonymList.sharedPseudonymNotes(options.pseudonymList) : []) }
        let order = writer.renderers.map(\.fileName)
        run.timings.outputs = times.all.sorted { (order.firstIndex(of: $0.file) ?? .max) < (order.firstIndex(of: $1.file) ?? .max) }
        run.timings.renderNotes = input.renderNotes?.all(order: order) ?? []
        return run
    }

    func reportInput(_ result: AnalysisResult, request: AnalysisRequest, options: ReportOptions, cache: AnalysisCache?,
                     texts: ReportInput.Texts? = nil) -> (ReportInput, ReportWriter) {
        let projectName = ReportPaths.projectName(request.project)
        var input = ReportInput(projectName: projectName, codebook: result.codebook, transcripts: result.coded, analysis: result.analysis,
                                diagnostics: result.diagnostics, failures: result.failures.map { ($0.file, $0.error) }, options: options,
                                texts: texts ?? ReportInput.Texts(transcripts: result.coded, options: options, leftOut: result.gathered.leftOut,
                                                                  failedFiles: result.failures.map(\.file)))
        input.qdpxPieces = result.gathered.qdpxPieces
        input.sqliteSnapshotDirectory = cache.map { $0.directory + "/sqlite" }
        input.reportBlocks = cache.map { ReportBlocks.Setup(directory: $0.directory + "/blocks", tool: $0.tool, identities: result.gathered.codedIdentities) }
        input.renderNotes = RenderNotes()
        // Names that only the pseudonymiser knows ("Frau Zapf" in a text) are no emergent terms;
        // they are left out before the cut to `maxTerms`, so that they take no place in it.
        if input.analysis.emergentTerms.contains(where: input.isLeftOut) {
            // The aggregation kept every term that passed, with the same excluded names: leaving
            // the names out of that list and cutting it again gives what a second search would.
            let candidates = result.analysis.emergentCandidates
            if !candidates.isEmpty, result.gathered.settings.emergent == result.analysis.settings.emergent {
                let maxTerms = result.analysis.settings.emergent.maxTerms
                input.setEmergentTerms(Array(candidates.lazy.filter { !input.isLeftOut(term: $0.term) }.prefix(maxTerms)))
                return (input, ReportWriter(renderers: ReportWriter.renderers(for: options)))
            }
            let aggregation = AggregationInput(transcripts: result.signals, codebook: result.codebook, settings: result.gathered.settings,
                                               excludedTerms: ReportInput.nameKeys(of: options.pseudonymList))
            input.setEmergentTerms(PriorityAggregator().emergentTerms(aggregation, leavingOut: input.isLeftOut(term:)))
        }
        return (input, ReportWriter(renderers: ReportWriter.renderers(for: options)))
    }

    /// The request's report options with the consultant's pseudonym list read.
    func reportOptions(_ request: AnalysisRequest) throws(PipelineError) -> ReportOptions {
        var reportOptions = request.report
        let defaultPseudonyms = (request.project as NSString).appendingPathComponent("pseudonyms.txt")
        // Read with pseudonymisation off too: its names are never suggested as emergent terms.
        if let path = request.pseudonymsPath ?? (FileManager.default.fileExists(atPath: defaultPseudonyms) ? defaultPseudonyms : nil) {
            // Origins (`corpus/pseudonyms.txt:4`) appear in pseudonym-key.csv: named as the reports name files.
            let paths = ReportPaths(request)
            do { reportOptions.pseudonymList += try PseudonymList.load(path: path).map { $0.named(by: paths) } } catch {
                throw PipelineError.reporting(error.localizedDescription)
            }
        }
        return reportOptions
    }

    /// Tidies the output and cache folders and sums up the run (also one whose reports were left as they are).
    /// `pruned`: the cache was pruned already (`prune(_:after:)`, beside the reports).
    func finishRun(_ result: GatheredFiles, written: [String], request: AnalysisRequest, options: ReportOptions, cache: AnalysisCache?,
                   clock: Clock, pruned: Bool = false) -> AnalysisRun {
        if !written.isEmpty { OutputFolder.removeStaleTemporaries(in: request.outputDirectory) }
        clock.lap(\.reporting)
        if let cache, !pruned { Self.prune(cache, after: result) }
        var timings = result.timings
        timings.reporting = clock.timings.reporting
        timings.total = clock.elapsed
        var run = AnalysisRun(ReportManifest.Summary(result), written: written)
        run.files = result.files
        run.cacheNotes = result.cacheNotes + Self.earlierKeyNote(request, options: options, written: written)
        run.timings = timings
        return run
    }

    /// Tidies the cache after the files of a run: entries of files that are gone or changed, or
    /// of an earlier codebook, are not needed again; those of files that failed in this run are
    /// kept (they may be readable again next time). With nothing analysed (exit code 3) the cache
    /// is left as it is.
    static func prune(_ cache: AnalysisCache, after result: GatheredFiles) {
        guard !result.coded.isEmpty else { return }
        cache.prune(used: result.cacheUses, failedFiles: result.failedCacheNames)
    }

    /// Digest of the sheet as parsed: its name in cache keys, header, and every row with its line.
    static func digest(of sheet: MetadataSheet, name: String) -> Digest {
        let hasher = Hasher256()
        hasher.field(name)
        for name in sheet.header { hasher.field(name) }
        for row in sheet.rows {
            hasher.field(row.line)
            hasher.field(row.fields.count)
            for value in row.fields { hasher.field(value) }
        }
        return hasher.finish()
    }

    /// Digest of what coding depends on besides the transcript: codebook (its path named as in
    /// cache keys, relative to the project), unit, phrase gap.
    static func codingDigest(codebook: Codebook, coder: ThemeCoder, paths: ProjectPaths) -> Digest {
        var codebook = codebook
        codebook.path = codebook.path.map(paths.cacheName)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let hasher = Hasher256()
        hasher.field("coding")
        // Encoding a decoded codebook cannot fail; should it ever, the description still tells codebooks apart.
        let data = (try? encoder.encode(codebook)) ?? Data(String(describing: codebook).utf8)
        data.withUnsafeBytes { hasher.field($0) }
        hasher.field(coder.unit.rawValue)
        hasher.field(coder.phraseGap)
        return hasher.finish()
    }
}

/// Wall-clock laps of a run.
/// Render times of the outputs, reported by concurrent renderers.
final class OutputTimes: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [(file: String, seconds: Double)] = []
    /// Adds one output's time, then calls `then` with how many outputs have been added (under the lock).
    func add(_ file: String, _ seconds: Double, then: (Int) -> Void = { _ in }) {
        lock.withLock {
            items.append((file, seconds))
            then(items.count)
        }
    }
    var all: [(file: String, seconds: Double)] { lock.withLock { items } }
}

final class Clock: @unchecked Sendable {
    private let start = DispatchTime.now().uptimeNanoseconds
    private var last = DispatchTime.now().uptimeNanoseconds
    var timings = StageTimings()

    var elapsed: Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }

    /// Adds the time since the last lap to a stage.
    func lap(_ stage: WritableKeyPath<StageTimings, Double>) {
        let now = DispatchTime.now().uptimeNanoseconds
        timings[keyPath: stage] += Double(now - last) / 1e9
        last = now
    }
}
