import Foundation
import LeitbildCore
import Reporting
import Signals

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
struct ReportManifest: Codable, Equatable {
    static let fileName = ".leitbild-reports.json"
    static let formatVersion = 1

    /// What identifies a report file as written: any write, `touch` (which also sets the
    /// modification time) or replacement changes the status change time or the inode, and no user
    /// can set the status change time back.
    struct Stamp: Codable, Equatable {
        var name: String
        var size: Int
        var changedSeconds: Int
        var changedNanoseconds: Int
        var inode: UInt64
    }

    var version: Int
    var digest: String
    var files: [Stamp]

    /// The digest of everything the reports are made from.
    static func inputDigest(_ result: GatheredFiles, request: AnalysisRequest, options: ReportOptions, tool: Digest,
                            renderers: [String]) -> Digest {
        let hasher = Hasher256()
        hasher.field("reports")
        hasher.field(formatVersion)
        hasher.field(tool)
        hasher.field(ReportWriter.libraryVersions)
        hasher.field(request.project)
        hasher.field(request.unit.rawValue)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding these Codable values cannot fail; should it ever, the description still tells them apart.
        func encoded(_ value: some Encodable) -> String {
            (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? String(describing: value)
        }
        hasher.field(encoded(result.codebook))
        hasher.field(encoded(result.settings))
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
        return hasher.finish()
    }

    static func stamp(_ path: String) -> Stamp? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Stamp(name: (path as NSString).lastPathComponent, size: Int(info.st_size), changedSeconds: Int(info.st_ctim.tv_sec),
                     changedNanoseconds: Int(info.st_ctim.tv_nsec), inode: UInt64(info.st_ino))
    }

    /// The paths of the reports in `directory` when they were made from inputs with `digest` and
    /// are untouched since; nil when anything differs or the manifest is missing or unreadable.
    static func currentReports(in directory: String, digest: Digest, renderers: [String]) -> [String]? {
        let path = (directory as NSString).appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: path),
              let manifest = try? JSONDecoder().decode(ReportManifest.self, from: data),
              manifest.version == formatVersion, manifest.digest == digest.description,
              manifest.files.map(\.name) == renderers else { return nil }
        var paths: [String] = []
        for expected in manifest.files {
            let file = (directory as NSString).appendingPathComponent(expected.name)
            guard stamp(file) == expected else { return nil }
            paths.append(file)
        }
        return paths
    }

    /// Records the reports just written (through a temporary file and a rename). A manifest that
    /// cannot be written costs only the next run's shortcut; the returned note says so.
    static func record(_ written: [String], digest: Digest, in directory: String) -> String? {
        let path = (directory as NSString).appendingPathComponent(fileName)
        let problem = "\(path): cannot record the reports just written, so the next run writes them again even if nothing changed"
        let stamps = written.compactMap(stamp)
        guard stamps.count == written.count else {
            remove(in: directory)
            return problem
        }
        let manifest = ReportManifest(version: formatVersion, digest: digest.description, files: stamps)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        // Written like a cache entry: a temporary beside it, then a rename.
        if let data = try? encoder.encode(manifest), AnalysisCache.writeAtomically([UInt8](data), to: path) == nil { return nil }
        remove(in: directory)
        return problem
    }

    /// Removed before reports are replaced, so that a run stopped halfway never leaves a
    /// manifest that vouches for reports it did not write.
    static func remove(in directory: String) {
        unlink((directory as NSString).appendingPathComponent(fileName))
    }
}
