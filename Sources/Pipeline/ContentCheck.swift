import Foundation
import Ingestion
import LeitbildCore
import Reporting

/// The run whose inputs were touched but not changed: a project copied without its modification
/// times, a checkout, a sync client that rewrote every file. No stat matches the last run's, so
/// the quick record's stat fingerprint cannot tell; before this check such a run decoded every
/// cache entry and gathered them only to find the report manifest's digest unchanged (1.65–1.79 s
/// at 5,001 interviews, 0.28–0.32 s with the check: `scripts/compare-builds.sh`, touched runs;
/// docs/batch-rounds.md, "Round 2cc6311 → 89de2f3"). Now it reads and hashes the files the content index
/// does not know and compares their parsed keys with the last run's (`ReportManifest.Quick.contents`).
extension AnalysisPipeline {
    /// The notes of a run whose every input file has the parsed key it had in the last run, with
    /// nothing else changed (`ReportManifest.contentFingerprint`), which leaves the reports as
    /// they are; nil otherwise, and then the contents read are left in
    /// `plan.context.knownContents` for the file workers (`readContents`). `previous` is the last
    /// run's manifest, whose quick record was found trustworthy (`ReportManifest.quickRecord`).
    ///
    /// On success the content index records the files read (once settled), and the manifest's
    /// quick record gets this run's stat `fingerprint` (when every input has settled), so the
    /// next run tells by the stat again.
    static func unchangedByContent(_ plan: inout Plan, previous: ReportManifest, fingerprint: Digest?,
                                   previousIndex: ContentIndex?, request: AnalysisRequest, options: ReportOptions, cache: AnalysisCache,
                                   renderers: [String], runStarted: Int, jobs: Int) -> [String]? {
        // Another set of files (one added, removed or renamed) cannot match: nothing is read.
        guard let record = previous.quick, let recorded = record.contents, record.summary.files.map(\.path) == plan.files,
              let keys = readContents(&plan, jobs: jobs),
              let contents = ReportManifest.contentFingerprint(plan, request: request, options: options, cache: cache,
                                                               renderers: renderers, parsedKeys: keys),
              recorded == contents.description else { return nil }
        var notes: [String] = []
        let index = contentIndex(plan, known: plan.context.knownContents, runStarted: runStarted)
        if index != previousIndex, let note = index.store(in: cache) { notes.append(note) }
        var next = record
        next.fingerprint = fingerprint?.description
        if let note = previous.rerecorded(quick: next, cache: cache, in: request.outputDirectory) { notes.append(note) }
        return notes
    }

    /// Each file's parsed key (`FileWorker.parsedKey`), in plan order, from the content the
    /// content index knows it by or from reading and hashing it; nil when a file
    /// cannot be read, its format not detected, or it changed since the plan's stat (the run
    /// then goes the long way, where such a file fails or is read again).
    ///
    /// The contents read are kept in `plan.context.knownContents` with the stat they were read
    /// with (when it is the plan's): a run that goes the long way reads such a file again only
    /// when its parsed entry is missing or unusable.
    static func readContents(_ plan: inout Plan, jobs: Int) -> [Digest]? {
        let context = plan.context, files = plan.files, stats = plan.stats
        let known = context.knownContents.count == files.count ? context.knownContents : [KnownContent?](repeating: nil, count: files.count)
        // On all cores, or one file at a time with `--jobs 1`.
        let map: (@Sendable (Int) -> (KnownContent, Digest)?) -> [(KnownContent, Digest)?] = { body in
            jobs <= 1 ? files.indices.map(body) : Parallel.map(Array(files.indices), body)
        }
        let found = map { i -> (KnownContent, Digest)? in
            let path = files[i]
            var content = known[i]
            if content == nil {
                var opened = stat()
                guard let plan = stats[i], let data = try? Ingestor.readFile(path, options: context.options, opened: &opened),
                      ContentIndex.Stamp(opened) == ContentIndex.Stamp(plan),
                      let read = ContentIndex.Content(path: path, data: data) else { return nil }
                content = KnownContent(content: read, readStamp: ContentIndex.Stamp(opened))
            }
            guard var content,
                  let key = FileWorker.parsedKey(path: path, name: context.paths.cacheName(path), content: content.content, context: context)
            else { return nil }
            content.parsedKey = key
            return (content, key)
        }
        plan.context.knownContents = found.map { $0?.0 }
        var keys: [Digest] = []
        keys.reserveCapacity(found.count)
        for item in found {
            guard let item else { return nil }
            keys.append(item.1)
        }
        return keys
    }
}
