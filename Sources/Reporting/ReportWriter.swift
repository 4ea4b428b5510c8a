import Foundation
import GRDBSQLite
import LeitbildCore
#if os(Linux)
import CLinux
#endif

/// Stage 5 entry point: renders every report and writes them into the output folder, each
/// through a temporary file and a rename, so a crash never leaves a half-written report.
public struct ReportWriter: Sendable {
    public var renderers: [any ReportRenderer]

    /// Every output of `leitbild analyze`, in the order they are written.
    public static let defaultRenderers: [any ReportRenderer] = [
        SummaryRenderer(), HTMLReportRenderer(), ThemesCSVRenderer(), SegmentsCSVRenderer(), GroupsCSVRenderer(),
        JSONRenderer(), SQLiteRenderer(), QDPXRenderer(),
    ]

    /// The system libraries whose output ends up in the reports byte for byte: zlib
    /// (project.qdpx) and SQLite (analysis.sqlite). An upgrade of either can change those bytes.
    public static var libraryVersions: String {
        "zlib \(Deflate.zlibVersion), SQLite \(String(cString: sqlite3_libversion()))"
    }

    /// Renderers running at once in the concurrent `write` (default: one per core).
    public var concurrency: Int?
    /// Called with each output's file name and the seconds it took to render and stage (for `--verbose`).
    public var onRendered: (@Sendable (String, Double) -> Void)?
    /// Seconds each output is expected to take, by file name (the last run's, from the report
    /// manifest). When every renderer has one, the concurrent `write` starts them longest first;
    /// otherwise it goes by `weight`. The order never changes what is written, only when.
    public var expectedSeconds: [String: Double] = [:]

    public init(renderers: [any ReportRenderer] = ReportWriter.defaultRenderers, concurrency: Int? = nil) {
        self.renderers = renderers
        self.concurrency = concurrency
    }

    /// The order in which the concurrent `write` starts the renderers named `names`: by their
    /// expected seconds when all have one, else by `weight`; longest first, ties in list order.
    static func order(_ names: [String], expected: [String: Double]) -> [Int] {
        let seconds = names.compactMap { expected[$0] }
        if seconds.count == names.count {
            return names.indices.sorted { (seconds[$0], $1) > (seconds[$1], $0) }
        }
        return names.indices.sorted { (weight(names[$0]), $1) > (weight(names[$1]), $0) }
    }

    /// Rough cost of a renderer in a full run at scale, to start the long ones first when there
    /// are no measured seconds yet.
    private static func weight(_ fileName: String) -> Int {
        switch fileName {
        case "project.qdpx": 6
        case "analysis.sqlite": 5
        case "analysis.json": 4
        case "segments.csv", "summary.md": 3
        case "report.html": 2
        default: 1
        }
    }

    /// The renderers for a run: the defaults plus the confidential key file when pseudonymising.
    public static func renderers(for options: ReportOptions) -> [any ReportRenderer] {
        defaultRenderers + (options.pseudonymize ? [PseudonymKeyRenderer()] : [])
    }

    /// Renders all outputs one after another, then puts them in place; returns the written paths.
    ///
    /// Each rendered file goes to a temporary file at once (so only one output is in memory at a
    /// time), and only when all are rendered are they renamed into place, one quick rename each:
    /// a failure or a kill before that leaves every previous report as it was.
    public func write(_ input: ReportInput, to directory: String) throws(ReportingError) -> [String] {
        try createFolder(directory)
        var staged: [(temporary: String, path: String)] = []
        for renderer in renderers {
            switch Self.renderAndStage(renderer, input, directory: directory, onRendered: onRendered).flatMap(AtomicFile.flush) {
            case .success(let file): staged.append(file)
            case .failure(let error):
                AtomicFile.discard(staged.map(\.temporary))
                throw error
            }
        }
        return try Self.commit(staged, input, in: directory)
    }

    /// Like `write`, with the renderers running concurrently (they are independent functions of the input).
    public func write(_ input: ReportInput, to directory: String) async throws(ReportingError) -> [String] {
        try createFolder(directory)
        // At most one renderer per core at a time (each holds its working set in memory), the
        // longest first so that the short ones fill the gaps. A staged file is flushed to disk
        // on a thread of its own, beside the next renderer: flushed inside its renderer's turn,
        // the 170-190 MB reports at 5,000 interviews kept both cores idle for 0.1 s and more
        // while the disk took them (docs/batch-rounds.md, "Round d7f140a → 3ceef50").
        let renderers = self.renderers
        let width = max(1, min(concurrency ?? ProcessInfo.processInfo.activeProcessorCount, renderers.count))
        let order = Self.order(renderers.map(\.fileName), expected: expectedSeconds)
        typealias Staged = Result<AtomicFile.Staged, ReportingError>
        enum Step: Sendable {
            case rendered(Int, Staged)
            case synced(Int, Staged)
        }
        let results = await withTaskGroup(of: Step.self) { group in
            var next = 0
            func launch() {
                let index = order[next]
                next += 1
                let renderer = renderers[index]
                group.addTask { .rendered(index, Self.renderAndStage(renderer, input, directory: directory, onRendered: onRendered)) }
            }
            while next < min(width, order.count) { launch() }
            var results = [Staged?](repeating: nil, count: renderers.count)
            for await step in group {
                switch step {
                case .rendered(let index, .success(let file)):
                    group.addTask { .synced(index, await AtomicFile.flushOnOwnThread(file)) }
                    if next < order.count { launch() }
                case .rendered(let index, let failure):
                    results[index] = failure
                    if next < order.count { launch() }
                case .synced(let index, let result):
                    results[index] = result
                }
            }
            return results
        }
        var staged: [(temporary: String, path: String)] = []
        var firstError: ReportingError?
        for result in results {
            switch result {
            case .success(let file)?: staged.append(file)
            case .failure(let error)?: if firstError == nil { firstError = error }
            case nil: if firstError == nil { firstError = .renderFailed(file: directory, reason: "a renderer did not finish") }
            }
        }
        if let firstError {
            AtomicFile.discard(staged.map(\.temporary))
            throw firstError
        }
        return try Self.commit(staged, input, in: directory)
    }

    /// Renames the staged reports into place; then the stamps of those whose blocks the next run
    /// may copy are kept (`ReportBlocks.confirm`).
    private static func commit(_ staged: [AtomicFile.Staged], _ input: ReportInput, in directory: String) throws(ReportingError) -> [String] {
        let written = try AtomicFile.commit(staged, in: directory)
        if let blocks = input.reportBlocks { ReportBlocks.confirm(blocks, committed: written) }
        return written
    }

    private func createFolder(_ directory: String) throws(ReportingError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ReportingError.cannotWrite(path: directory, reason: error.reasonClause)
        }
    }

    private static func renderAndStage(_ renderer: any ReportRenderer, _ input: ReportInput, directory: String,
                                       onRendered: (@Sendable (String, Double) -> Void)?)
        -> Result<AtomicFile.Staged, ReportingError>
    {
        let path = (directory as NSString).appendingPathComponent(renderer.fileName)
        let temporary = TemporaryName.path(for: path)
        if !renderer.readsLastOutput { AtomicFile.releaseCachedPages(of: path) }
        do {
            let start = DispatchTime.now().uptimeNanoseconds
            try renderer.stage(input, to: temporary)
            onRendered?(renderer.fileName, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            return .success((temporary, path))
        } catch let error as ReportingError {
            unlink(temporary)
            return .failure(error.naming(temporary, as: path))
        } catch {
            unlink(temporary)
            return .failure(.renderFailed(file: renderer.fileName, reason: "\(error)"))
        }
    }
}

/// Writes a file through a temporary name in the same folder and a rename.
public enum AtomicFile {
    /// A staged file and the path it is renamed to.
    public typealias Staged = (temporary: String, path: String)

    public static func write(_ bytes: [UInt8], to path: String) throws(ReportingError) {
        let temporary = try stage(bytes, for: path)
        if rename(temporary, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw ReportingError.cannotWrite(path: path, reason: reason)
        }
    }

    /// Writes the bytes to a temporary name beside `path` (`TemporaryName`), flushed to disk (so
    /// that after the rename the file is whole even after a power cut); returns the temporary's path.
    public static func stage(_ bytes: [UInt8], for path: String) throws(ReportingError) -> String {
        let temporary = TemporaryName.path(for: path)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ReportingError.writing(temporary, errno: errno) }
        var written = 0
        var failure: Int32 = 0
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            while written < buffer.count {
                let n = Foundation.write(fd, base + written, buffer.count - written)
                if n < 0, errno == EINTR { continue }
                if n <= 0 { failure = errno; return }
                written += n
            }
        }
        if failure == 0, fsync(fd) != 0 { failure = errno }
        close(fd)
        if failure != 0 {
            unlink(temporary)
            throw ReportingError.writing(temporary, errno: failure)
        }
        return temporary
    }

    /// Flushes a staged file to disk, so that after the rename it is whole even after a power
    /// cut; a file that cannot be flushed is removed and fails the run's reports.
    static func flush(_ file: Staged) -> Result<Staged, ReportingError> {
        let fd = open(file.temporary, O_RDONLY | O_CLOEXEC)
        let failure: Int32 = fd < 0 ? errno : fsync(fd) == 0 ? 0 : errno
        if fd >= 0 { close(fd) }
        guard failure == 0 else {
            unlink(file.temporary)
            return .failure(ReportingError.writing(file.temporary, errno: failure).naming(file.temporary, as: file.path))
        }
        return .success(file)
    }

    /// `flush` on a thread of its own: a blocking `fsync` on one of the Swift task pool's threads
    /// (one per core) would hold back the next renderer as much as a flush within its renderer.
    static func flushOnOwnThread(_ file: Staged) async -> Result<Staged, ReportingError> {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: flush(file)) }
        }
    }

    /// Renames staged files into place, in order, and flushes the folder; returns the final paths.
    ///
    /// On a local file system, each previous version that is a regular file is held open across
    /// its rename, so the rename only swaps names. Otherwise, on ext4 and tmpfs, the rename drops
    /// the old file's last link and the kernel frees its pages and blocks inside the call: 0.07 s
    /// each for the 170–190 MB of analysis.json and analysis.sqlite at 5,000 interviews
    /// (`strace -T`), one after another, which kept the window in which the folder holds a mix of
    /// new and previous reports open for 0.2 s. The held files are closed after the folder is
    /// flushed, concurrently, which is where their space is freed then.
    public static func commit(_ staged: [(temporary: String, path: String)], in directory: String) throws(ReportingError) -> [String] {
        try commit(staged, in: directory, afterRenames: nil)
    }

    /// `commit`, with `afterRenames` (for tests) run between the flush and the release.
    static func commit(_ staged: [(temporary: String, path: String)], in directory: String,
                       afterRenames: (() -> Void)?) throws(ReportingError) -> [String] {
        let folder = directory.isEmpty ? "." : directory
        // What would stop a rename is looked for before the first, so that a folder in a report's
        // place fails the run with every previous report as it was, not a mix of new and old.
        for file in staged {
            var info = stat()
            if lstat(file.path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
                discard(staged.map(\.temporary))
                throw ReportingError.cannotWrite(path: file.path, reason: "a folder has the report's name; move it away and run again (no report was replaced)")
            }
        }
        let previous = holdsReplacedFiles(in: folder) ? staged.map { holdOpen($0.path) } : []
        defer { release(previous) }
        // While the renames go on the folder holds a mix of new and previous reports: a run
        // killed then leaves the marker, by which the next run says so (`wasInterrupted`).
        let marker = markerPath(in: folder)
        if staged.count > 1 {
            let fd = open(marker, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            if fd >= 0 { close(fd) }
        }
        var written: [String] = []
        for (index, file) in staged.enumerated() {
            if rename(file.temporary, file.path) != 0 {
                unlink(marker)
                var reason = String(cString: strerror(errno))
                discard(staged[index...].map(\.temporary))
                if !written.isEmpty {
                    let names = written.map(PathName.lastComponent).joined(separator: ", ")
                    reason += "; \(names) \(written.count == 1 ? "is" : "are") already this run's, the others the last run's: run again once this is fixed"
                }
                throw ReportingError.cannotWrite(path: file.path, reason: reason)
            }
            written.append(file.path)
        }
        // The renames themselves reach the disk with the folder.
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
        afterRenames?()
        unlink(marker)
        return written
    }

    /// The file that `commit` keeps in the folder while it renames several reports into place.
    public static let renamingMarker = ".leitbild-renaming"

    /// Whether a run was stopped in `folder` while it renamed its reports into place (its
    /// marker is there): the reports may be a mix of that run's and the one before.
    public static func wasInterrupted(in folder: String) -> Bool {
        var info = stat()
        return lstat(markerPath(in: folder), &info) == 0
    }

    static func markerPath(in folder: String) -> String { (folder as NSString).appendingPathComponent(renamingMarker) }

    /// File systems on which a replaced file is held open across its rename (`statfs`'s
    /// `f_type`): ext2/3/4, tmpfs, btrfs, XFS, overlayfs, ZFS, F2FS, bcachefs. On the others it is
    /// not: over NFS, renaming onto a file the client holds open first renames it aside
    /// (`.nfsXXXX`), an extra call to the server per report inside the window, and FUSE file
    /// systems (sshfs) do the like with `.fuse_hidden` files; that would make the window longer.
    static let localFileSystems: Set<Int64> = [
        0xEF53, 0x0102_1994, 0x9123_683E, 0x5846_5342, 0x794C_7630, 0x2FC1_2FC1, 0xF2F5_2010, 0xCA45_1A4E,
    ]

    /// Whether `commit` holds replaced files open in this folder: on a local file system (Linux).
    static func holdsReplacedFiles(in folder: String) -> Bool {
        #if os(Linux)
        var info = statfs()
        guard statfs(folder, &info) == 0 else { return false }
        return localFileSystems.contains(Int64(info.f_type))
        #else
        return false
        #endif
    }

    /// A read-only descriptor of the regular file at `path`, or -1 for anything else (nothing
    /// there, a link, a FIFO, a device, a folder, no permission). `lstat` comes first, so that a
    /// device's driver is never asked to open; the descriptor is checked again after the open.
    static func holdOpen(_ path: String) -> Int32 {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return -1 }
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY)
        guard fd >= 0 else { return -1 }
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            return -1
        }
        return fd
    }

    /// Lets the kernel drop the cached pages of the regular file at `path` (the last run's report,
    /// about to be replaced, which nothing reads before): the new report's pages can then reuse
    /// them instead of growing the page cache by the report's size. On this project's virtual
    /// machine, writing into memory it has not used lately is several times slower, and a +1 file
    /// run at 5,000 interviews replaces about 470 MB of reports; the page cache grew by 449 MB
    /// during one before, by 0–6 MB now (`scripts/plus1-page-cache.sh`; docs/batch-rounds.md,
    /// "Round b2b2dbb → 0160f0f"). The file itself is untouched: a later read goes to the disk.
    static func releaseCachedPages(of path: String) {
        let fd = holdOpen(path)
        guard fd >= 0 else { return }
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED)
        close(fd)
    }

    /// Closes the descriptors (negative ones are skipped) concurrently, one per core: closing the
    /// last reference to a replaced file is where its space is freed.
    static func release(_ descriptors: [Int32]) {
        let open = descriptors.filter { $0 >= 0 }
        guard !open.isEmpty else { return }
        DispatchQueue.concurrentPerform(iterations: open.count) { close(open[$0]) }
    }

    /// Removes staged files that will not be used.
    public static func discard(_ temporaries: [String]) {
        for temporary in temporaries { unlink(temporary) }
    }
}

/// Why a report could not be written.
public enum ReportingError: Error, LocalizedError, Sendable {
    case renderFailed(file: String, reason: String)
    case cannotWrite(path: String, reason: String)
    /// The disk (or the user's quota) is full: `ENOSPC`, `EDQUOT`, SQLite's `SQLITE_FULL`.
    case noSpace(path: String)
    case cannotRead(path: String, reason: String)
    case pseudonymList(path: String, line: Int, message: String, hint: String)

    /// The error of a failed write to `path` with `code` (an `errno`): `noSpace` when the disk or
    /// the quota is full, else `cannotWrite` with the system's reason.
    static func writing(_ path: String, errno code: Int32) -> ReportingError {
        code == ENOSPC || code == EDQUOT ? .noSpace(path: path) : .cannotWrite(path: path, reason: String(cString: strerror(code)))
    }

    /// The same error about `path` where it names `temporary` (a report's staged file, which the
    /// user never sees: the report is what could not be written).
    func naming(_ temporary: String, as path: String) -> ReportingError {
        switch self {
        case let .cannotWrite(p, reason) where p == temporary: .cannotWrite(path: path, reason: reason)
        case let .noSpace(p) where p == temporary: .noSpace(path: path)
        default: self
        }
    }

    public var errorDescription: String? {
        switch self {
        case let .renderFailed(file, reason): "\(file): rendering failed: \(reason). Please report this as a bug."
        case let .cannotWrite(path, reason): "\(path): cannot write: \(reason). Check that the output folder is writable (--out)."
        case let .noSpace(path):
            "\(path): cannot write: the disk is full. The previous reports are kept. Free some space, or write the reports to "
                + "another disk (--out); the run cache (.leitbild-cache in the output folder, or --cache-dir) may be deleted at "
                + "any time, kept on another disk (--cache-dir) or left out (--no-cache)."
        case let .cannotRead(path, reason): "\(path): cannot read: \(reason). Check the path (--pseudonyms)."
        case let .pseudonymList(path, line, message, hint): "\(path):\(line): \(message). Fix: \(hint)."
        }
    }
}
