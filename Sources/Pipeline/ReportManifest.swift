import Foundation
import Ingestion
import LeitbildCore
import Reporting
import Signals
import Themes

/// Lets a run leave the reports as they are when nothing they are made from has changed since
/// the last run into the same output folder.
///
/// Reports are a function of the report input: the coded transcripts (each a function of its
/// file's content, its metadata row, the path it was given by, the codebook and the coding
/// unit, which the run cache's keys already name), the aggregation settings, the diagnostics and
/// failures, the project's name and the report options. `inputDigest` hashes all of that together
/// with the tool digest (executable and resources) and the versions of zlib and SQLite, whose
/// output the reports carry byte for byte. After the reports are in place, the run
/// writes the digest and a stamp of every report (size, inode, status change time) to
/// `OUT/.leitbild-reports.json`. A later run with the same digest whose reports still carry
/// their stamps has nothing to rewrite: the files would come out byte-identical. Any difference
/// (a report deleted, touched or edited, another option, a new tool) rewrites them all.
///
/// Checking the digest needs every file read and its cache entries decoded. Before that, a run
/// looks at the manifest's `quick` record: a fingerprint of the same settings with every input
/// file's size, inode and modification and status change times instead of its content (as `git
/// status` does), and the run summary of the run that recorded it. When the fingerprint and the
/// reports' stamps match, the run prints that summary and reads nothing else (not after a run
/// with failures, whose files are tried again). Files are only fingerprinted once none was
/// modified within `settleSeconds` before the run, so that a change in the same clock tick as the
/// recorded state cannot go unseen; until then the quick record has no stat fingerprint (an older
/// one no longer matches), and runs compare by content. The quick record's content fingerprint
/// (each file's parsed cache key instead of its stat) lets such a run, and one whose inputs were
/// touched, compare by content without decoding any cache entry (`AnalysisPipeline.unchangedByContent`).
struct ReportManifest: Codable, Equatable, Sendable {
    static let fileName = ".leitbild-reports.json"
    /// 2: with the quick record.
    static let formatVersion = 2
    /// How long before a run an input must have last changed to be fingerprinted by its stat.
    static let settleSeconds = 2

    /// What identifies a report file as written: any write, `touch` (which also sets the
    /// modification time) or replacement changes the status change time or the inode, and no user
    /// can set the status change time back.
    struct Stamp: Codable, Equatable, Sendable {
        var name: String
        var size: Int
        var changedSeconds: Int
        var changedNanoseconds: Int
        var inode: UInt64
    }

    var version: Int
    var digest: String
    var files: [Stamp]
    var quick: Quick?
    /// Seconds each report took to render in the run that wrote them (milliseconds rounded), so
    /// that the next run starts the slowest first (`ReportWriter.expectedSeconds`). Absent in
    /// manifests of earlier builds.
    var seconds: [String: Double]? = nil

    /// What an unchanged run needs without decoding any cache entry: the stat fingerprint, the
    /// content fingerprint and the summary to print.
    struct Quick: Codable, Equatable, Sendable {
        /// `fingerprint(_:…)`: nil when an input had not settled.
        var fingerprint: String?
        /// `contentFingerprint(_:…)`: nil when a file had no parsed key (it failed). Absent in
        /// manifests of earlier builds.
        var contents: String? = nil
        var summary: Summary
        /// The cache manifest's stamp after the run (`cacheStamp`): a run that reads nothing
        /// fills no cache, so a cache changed since (deleted, pruned by a run into another
        /// output folder) sends the next run the long way.
        var cache: String? = nil
    }

    /// Inode, size and modification time of the cache's manifest, which a run that uses the cache
    /// writes anew when what it keeps changed, and of the cache folder and its layer folders,
    /// which change when an entry folder is removed (nil when there is no manifest). Removing
    /// single entry files by hand is not seen (that would take a stat per shard folder); the next
    /// change re-reads them.
    static func cacheStamp(_ cache: AnalysisCache) -> String? {
        var parts: [String] = []
        for path in [cache.manifestPath, cache.directory] + AnalysisCache.Layer.allCases.map({ "\(cache.directory)/\($0.rawValue)" }) {
            var info = stat()
            if stat(path, &info) != 0 {
                if path == cache.manifestPath { return nil }
                parts.append("-")
                continue
            }
            parts.append("\(info.st_ino) \(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)")
        }
        return parts.joined(separator: ", ")
    }

    /// The run summary's figures and messages of the run that wrote the reports.
    struct Summary: Codable, Equatable, Sendable {
        var filesFound: Int
        var transcripts: Int
        var turns: Int
        var sentences: Int
        var codedSegments: Int
        var diagnostics: [Diagnostic]
        var failures: [IngestionFailure]
        /// Paths and sizes of the input files, in input order, with their outcome (`failed` or not).
        var files: [FileReport]

        init(_ gathered: GatheredFiles) {
            filesFound = gathered.filesFound
            transcripts = gathered.coded.count
            turns = gathered.turns
            sentences = gathered.sentences
            codedSegments = gathered.coded.reduce(0) { $0 + $1.segments.count }
            diagnostics = gathered.diagnostics
            failures = gathered.failures
            files = gathered.files.map { FileReport(path: $0.path, bytes: $0.bytes, status: $0.status == .failed ? .failed : .cached, seconds: 0) }
        }
    }

    /// A fingerprint of the inputs by their file system stat, with the settings `inputDigest`
    /// hashes; nil when a file cannot be stat'ed or read, or any was modified within
    /// `settleSeconds` before `runStarted` (then only the content digest can tell).
    ///
    /// The codebook, weights, pseudonym list and metadata sheet are read by every run anyway
    /// (they are small): they enter by content, through the codebook, the settings, `options`, and
    /// the sheet's rows, path and diagnostics (a sheet that cannot be read or is read in another
    /// encoding differs by its diagnostics).
    static func fingerprint(_ plan: AnalysisPipeline.Plan, request: AnalysisRequest, options: ReportOptions, cache: AnalysisCache,
                            renderers: [String], runStarted: Int) -> Digest? {
        let hasher = quickHasher("quick", plan, request: request, options: options, cache: cache, renderers: renderers)
        for (path, info) in zip(plan.files, plan.stats) {
            // Only the modification time must have settled: a later write changes it. The status
            // change time is hashed too, so that a write whose old modification time was put back
            // (`touch -d`) is seen. A file this process cannot read (its stat unchanged, but the
            // user's groups changed, or a network share's answer) goes the long way, to fail there.
            // The same stat and rule as the content index's (`ContentIndex.Stamp`).
            guard let stamp = info.map(ContentIndex.Stamp.init), stamp.settled(before: runStarted), access(path, R_OK) == 0 else { return nil }
            hasher.field(path)
            stamp.feed(hasher)
        }
        return hasher.finish()
    }

    /// The fingerprint of the same settings with each input file's parsed key instead of its
    /// stat (`FileWorker.parsedKey`: its name, content digest and format, metadata row, the
    /// reading options and the tool), in `plan`'s order; for a run whose inputs were touched but
    /// not changed (a copied project, a checkout, a sync client), which reads and hashes every
    /// file but decodes no cache entry (`AnalysisPipeline.readContents`). Nil when a file has no
    /// parsed key (it failed).
    static func contentFingerprint(_ plan: AnalysisPipeline.Plan, request: AnalysisRequest, options: ReportOptions, cache: AnalysisCache,
                                   renderers: [String], parsedKeys: [Digest?]) -> Digest? {
        guard parsedKeys.count == plan.files.count else { return nil }
        let hasher = quickHasher("contents", plan, request: request, options: options, cache: cache, renderers: renderers)
        for (path, key) in zip(plan.files, parsedKeys) {
            guard let key else { return nil }
            hasher.field(path)
            hasher.field(key)
        }
        return hasher.finish()
    }

    /// What both quick fingerprints hash before the files: the settings, the cache folder, the
    /// size limit, the files the scan left out, the metadata sheet and the number of files.
    private static func quickHasher(_ tag: String, _ plan: AnalysisPipeline.Plan, request: AnalysisRequest, options: ReportOptions,
                                    cache: AnalysisCache, renderers: [String]) -> Hasher256 {
        let hasher = Hasher256()
        hasher.field(tag)
        let encoded = CanonicalJSON()
        hashSettings(hasher, encoded, project: request.project, request: request, options: options, tool: cache.tool, renderers: renderers,
                     codebook: plan.codebook, settings: plan.settings)
        // The reports do not depend on the cache, but a run that reads nothing also fills no
        // cache: another --cache-dir (here), or a cache changed since (`Quick.cache`), is filled
        // by one run the long way, which leaves the reports as they are.
        hasher.field(ProjectPaths.absolute(cache.directory, in: FileManager.default.currentDirectoryPath))
        // The reports carry the project's name (its folder's, links resolved: `inputDigest`),
        // which the path as typed does not fix: `.`, or a link retargeted to a copy of the
        // project under another name, keeps the typed paths and, for a copy, the contents.
        hasher.field(ReportPaths.projectName(request.project))
        hasher.field(request.maxFileBytes)
        hasher.field(plan.context.sheetDigest)
        hasher.field(plan.context.sheet.path ?? "")
        hasher.field(plan.reportUnmatchedRows ? 1 : 0)
        // The files the scan left out are named in the reports' notes: a new one is a change.
        hasher.field(plan.scanDiagnostics.count)
        for diagnostic in plan.scanDiagnostics { hasher.field(encoded(diagnostic)) }
        hasher.field(plan.sheetDiagnostics.count)
        for diagnostic in plan.sheetDiagnostics { hasher.field(encoded(diagnostic)) }
        hasher.field(plan.files.count)
        return hasher
    }

    /// The quick record of the last run into `directory` and its reports, when the reports are
    /// untouched since and the record may be trusted at all; the caller compares one of its
    /// fingerprints (`fingerprint` or `contents`).
    ///
    /// A run that had failures never counts as unchanged this way: whether a file can be read
    /// (permissions, groups, a flaky network share) is not in its stat, so it is tried again.
    /// Nor does a run whose cache changed since (deleted, or pruned by a run into another
    /// output folder): it fills the cache.
    static func quickRecord(_ manifest: ReportManifest?, in directory: String, renderers: [String],
                            cache: AnalysisCache) -> (quick: Quick, paths: [String])? {
        guard let manifest, let quick = manifest.quick, let stamp = quick.cache, stamp == cacheStamp(cache),
              quick.summary.failures.isEmpty, let paths = manifest.untouched(in: directory, renderers: renderers) else { return nil }
        return (quick, paths)
    }

    /// The digest of everything the reports are made from.
    /// `result` names files as the reports do (`GatheredFiles.named`), and the project enters by
    /// its name: another spelling of the project path leaves the reports as they are.
    static func inputDigest(_ result: GatheredFiles, request: AnalysisRequest, options: ReportOptions, tool: Digest,
                            renderers: [String]) -> Digest {
        let hasher = Hasher256()
        hasher.field("reports")
        let encoded = CanonicalJSON()
        hashSettings(hasher, encoded, project: ReportPaths.projectName(request.project), request: request, options: options, tool: tool,
                     renderers: renderers, codebook: result.codebook, settings: result.settings)
        hasher.field(result.files.count)
        for file in result.files {
            hasher.field(file.path)
            hasher.field(file.status == .failed ? "failed" : "read")
        }
        hasher.field(result.cacheUses.count)
        for use in result.cacheUses {
            hasher.field(use.file)
            hasher.field(use.layer.rawValue)
            hasher.field(use.key)
        }
        hasher.field(result.failures.count)
        for failure in result.failures {
            hasher.field(failure.file)
            hasher.field(failure.error)
        }
        hasher.field(result.diagnostics.count)
        for diagnostic in result.diagnostics { hasher.field(encoded(diagnostic)) }
        // Transcripts left out and sheet rows without a transcript: the pseudonymiser learns
        // their people (a failed file's respondent), which the reports' pseudonyms depend on.
        hasher.field(result.leftOut.count)
        for transcript in result.leftOut {
            hasher.field(transcript.id)
            hasher.field(transcript.source.path)
            hasher.field(transcript.metadata.variables.count)
            for variable in transcript.metadata.variables {
                hasher.field(variable.name)
                hasher.field(variable.value)
            }
        }
        return hasher.finish()
    }

    /// Canonical JSON of Codable values, for hashing: one encoder per digest. Encoding these
    /// values cannot fail; should it ever, the description still tells them apart.
    private struct CanonicalJSON {
        let encoder = JSONEncoder()
        init() { encoder.outputFormatting = [.sortedKeys] }

        func callAsFunction(_ value: some Encodable) -> String {
            (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? String(describing: value)
        }
    }

    /// What both digests hash besides the inputs: tool, libraries, project, unit, codebook,
    /// settings and every report option.
    private static func hashSettings(_ hasher: Hasher256, _ encoded: CanonicalJSON, project: String, request: AnalysisRequest,
                                     options: ReportOptions, tool: Digest, renderers: [String], codebook: Codebook, settings: PrioritySettings) {
        hasher.field(formatVersion)
        hasher.field(tool)
        hasher.field(ReportWriter.libraryVersions)
        hasher.field(project)
        hasher.field(request.unit.rawValue)
        hasher.field(encoded(codebook))
        hasher.field(encoded(settings))
        hasher.field(options.csvDialect.rawValue)
        hasher.field(options.pseudonymize ? 1 : 0)
        // Every field of `ReportOptions` (a test counts them, so that a new one is added here).
        hasher.field(options.pseudonymList.count)
        for entry in options.pseudonymList { hasher.field(encoded(entry)) }
        hasher.field("person columns")
        for column in options.personColumns.sorted() { hasher.field(column) }
        hasher.field(options.htmlSegmentsPerCode)
        hasher.field(options.quotesPerField)
        hasher.field(options.generator)
        hasher.field(renderers.count)
        for name in renderers { hasher.field(name) }
    }

    static func stamp(_ path: String) -> Stamp? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Stamp(name: PathName.lastComponent(path), size: Int(info.st_size), changedSeconds: Int(info.st_ctim.tv_sec),
                     changedNanoseconds: Int(info.st_ctim.tv_nsec), inode: UInt64(info.st_ino))
    }

    /// The paths of the reports in `directory` when `manifest` (read from there) says they were
    /// made from inputs with `digest` and they are untouched since; nil when anything differs or
    /// there is no manifest.
    static func currentReports(_ manifest: ReportManifest?, in directory: String, digest: Digest, renderers: [String]) -> [String]? {
        guard let manifest, manifest.digest == digest.description else { return nil }
        return manifest.untouched(in: directory, renderers: renderers)
    }

    /// The small reports a consultant may edit by hand: summary.md for the workshop, the CSV
    /// tables opened and saved in a spreadsheet.
    static let editableReports: Set<String> = ["summary.md", "themes.csv", "groups.csv"]

    /// The names of the reports a run may write (the pseudonym key included).
    static let reportNames: Set<String> = Set(ReportWriter.renderers(for: ReportOptions(pseudonymize: true)).map(\.fileName))

    /// Whether `name` is a report a run writes, or a copy of an edited one (`summary.edited-….md`,
    /// `keepEdited`): in an output folder such files are the run's, never transcripts.
    static func isReportFile(_ name: String) -> Bool {
        reportNames.contains(name) || editableReports.contains { name.hasPrefix(PathName.stem($0) + ".edited-") }
    }

    /// Keeps a copy of each editable report in `directory` that changed since the run that
    /// recorded `manifest` wrote it (its stamp differs), before this run replaces it:
    /// `summary.md` → `summary.edited-20261129-074012.md`, by the file's modification time
    /// (found in a workflow review: an edited summary.md was overwritten without a word). Returns
    /// a warning per copy, or per file that could not be copied.
    ///
    /// `firstRun`: no run has used the folder before (it has no `.leitbild.lock`), so an editable
    /// report found there is the user's own (a summary.md in the folder given with `--out`) and is
    /// kept too. Otherwise, without a manifest (the last run was stopped while it replaced the
    /// reports, or its manifest is of an older format) nothing is known and nothing is copied.
    /// Before 2026-11-29, fifth stop, a first run copied nothing, and a run with `--no-cache`
    /// neither read nor wrote a manifest, so such files were overwritten without a word (found in
    /// a user review).
    static func keepEdited(_ manifest: ReportManifest?, in directory: String, firstRun: Bool = false) -> [Diagnostic] {
        guard manifest != nil || firstRun else { return [] }
        var notes: [Diagnostic] = []
        let recorded = manifest.map { Dictionary($0.files.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a }) }
        for name in editableReports.sorted() {
            let file = (directory as NSString).appendingPathComponent(name)
            guard let now = stamp(file) else { continue }
            let reason: String
            if let recorded {
                // Recorded and unchanged, or not a report the last run wrote (left as it is by it).
                guard let expected = recorded[name], now != expected else { continue }
                reason = "changed since the last run wrote it"
            } else {
                reason = "in the output folder before any run wrote there"
            }
            var info = stat()
            let modified = stat(file, &info) == 0 ? Int(info.st_mtim.tv_sec) : Int(time(nil))
            var seconds = time_t(modified)
            var parts = tm()
            gmtime_r(&seconds, &parts)
            let when = String(format: "%04d%02d%02d-%02d%02d%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
                              Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
            let copy = (directory as NSString).appendingPathComponent("\(PathName.stem(name)).edited-\(when).\(PathName.extension(name))")
            if FileManager.default.fileExists(atPath: copy) { continue }
            do {
                try FileManager.default.copyItem(atPath: file, toPath: copy)
                notes.append(Diagnostic(.warning, "\(reason); kept as \(PathName.lastComponent(copy)) before it is written again",
                                        file: file, hint: "carry your edits over into the new report, or into a file of your own beside it"))
            } catch {
                notes.append(Diagnostic(.warning, "\(reason), and no copy could be kept (\(error.localizedDescription)); it is written again",
                                        file: file, hint: "keep your edits in a file of your own"))
            }
        }
        return notes
    }

    /// Records only the stamps of the reports just written, with no digest: a run without the
    /// cache has no keys, so no later run takes its reports as unchanged, but the next one can
    /// tell a report edited since (`keepEdited`).
    static func recordStamps(_ written: [String], in directory: String) -> String? {
        let stamps = written.compactMap(stamp)
        guard stamps.count == written.count else { return unrecorded(in: directory) }
        return write(ReportManifest(version: formatVersion, digest: "", files: stamps, quick: nil), in: directory)
    }

    /// The manifest in `directory`, if there is one of this format. A run reads it once, before
    /// anything else (the quick check, the content check and the renderers' order use it).
    static func load(_ directory: String) -> ReportManifest? {
        let path = (directory as NSString).appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: path),
              let manifest = try? JSONDecoder().decode(ReportManifest.self, from: data), manifest.version == formatVersion else { return nil }
        return manifest
    }

    /// The paths of the recorded reports when they are `renderers`' files and all still carry their stamps.
    private func untouched(in directory: String, renderers: [String]) -> [String]? {
        guard files.map(\.name) == renderers else { return nil }
        var paths: [String] = []
        for expected in files {
            let file = (directory as NSString).appendingPathComponent(expected.name)
            guard Self.stamp(file) == expected else { return nil }
            paths.append(file)
        }
        return paths
    }

    /// This manifest with `quick` (its cache stamp taken now) as its quick record, written in
    /// place of the one read unless nothing changes; for a run that found the reports unchanged
    /// by content (`AnalysisPipeline.unchangedByContent`), which has just checked the reports'
    /// stamps it keeps. Returns a note when it cannot be written.
    func rerecorded(quick: Quick, cache: AnalysisCache, in directory: String) -> String? {
        var next = self
        next.quick = quick
        next.quick?.cache = Self.cacheStamp(cache)
        guard next != self else { return nil }
        return Self.write(next, in: directory)
    }

    /// Writes `manifest` like a cache entry: a temporary beside it, then a rename. Returns a note
    /// (after removing the manifest) when it cannot.
    private static func write(_ manifest: ReportManifest, in directory: String) -> String? {
        let path = (directory as NSString).appendingPathComponent(fileName)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        if let data = try? encoder.encode(manifest), AnalysisCache.writeAtomically([UInt8](data), to: path) == nil { return nil }
        return unrecorded(in: directory)
    }

    /// Removes the manifest (it must not vouch for reports it does not describe) and says so.
    private static func unrecorded(in directory: String) -> String {
        remove(in: directory)
        let path = (directory as NSString).appendingPathComponent(fileName)
        return "\(path): cannot record the reports just written, so the next run writes them again even if nothing changed"
    }

    /// Records the reports just written (through a temporary file and a rename). A manifest that
    /// cannot be written costs only the next run's shortcut; the returned note says so.
    static func record(_ written: [String], digest: Digest, quick: Quick?, cache: AnalysisCache?, seconds: [String: Double]?,
                       in directory: String) -> String? {
        var quick = quick
        quick?.cache = cache.flatMap(cacheStamp)
        let stamps = written.compactMap(stamp)
        guard stamps.count == written.count else { return unrecorded(in: directory) }
        let rounded = seconds?.mapValues { ($0 * 1000).rounded() / 1000 }
        return write(ReportManifest(version: formatVersion, digest: digest.description, files: stamps, quick: quick, seconds: rounded),
                     in: directory)
    }

    /// Removed before reports are replaced, so that a run stopped halfway never leaves a
    /// manifest that vouches for reports it did not write.
    static func remove(in directory: String) {
        unlink((directory as NSString).appendingPathComponent(fileName))
    }
}

extension AnalysisRun {
    /// The figures, messages and files of `summary`, with `written` as the reports.
    init(_ summary: ReportManifest.Summary, written: [String]) {
        self.init(filesFound: summary.filesFound, transcripts: summary.transcripts, turns: summary.turns, sentences: summary.sentences,
                  codedSegments: summary.codedSegments, diagnostics: summary.diagnostics, failures: summary.failures, writtenFiles: written)
        files = summary.files
    }
}
