import Foundation

/// The large reports a run replaced, kept by a second link in the run cache
/// (`CACHE/spare/NAME`), so that the next run writes its staged copy of the report over the
/// replaced file's pages and blocks instead of into new ones (docs/batch.md, "Spare files").
///
/// Writing a new file makes the kernel find a fresh page for every 4 KiB of it and the file
/// system allocate its blocks; on a virtual machine that hands freed memory back to its host, a
/// fresh page also costs a fault in the host. Writing over a file's cached pages does neither.
///
/// A spare is written over only when nothing else can see it: it is moved to the staged
/// file's name first, and then it must be a regular file of this user with no other link, open
/// in no other descriptor of any process (a write lease is granted only then). Anything else
/// removes it, and the report is written into a new file as without spares; whoever holds the
/// old report keeps reading what it was.
public final class SpareFiles: @unchecked Sendable {
    /// `CACHE/spare`.
    public let directory: String
    /// Smaller reports are not kept: a new file of that size costs next to nothing.
    public static let minimumSize: Int64 = 1 << 20

    private let lock = NSLock()
    private var reused: [(name: String, bytes: Int)] = []
    private var kept: [String] = []

    public init(directory: String) {
        self.directory = directory
    }

    func path(_ name: String) -> String { directory + "/" + name }

    /// Before the report at `path` is replaced: keeps it as the spare of `name`, when it is a
    /// regular file of at least `minimumSize` with no other link (a link the user made keeps a
    /// report from ever being written over). An older spare of that name that no run took is
    /// removed either way. Returns whether the report is kept.
    @discardableResult
    public func keep(_ path: String, name: String) -> Bool {
        let spare = self.path(name)
        unlink(spare)
        var s = stat()
        guard lstat(path, &s) == 0, (s.st_mode & S_IFMT) == S_IFREG, s.st_nlink == 1, Int64(s.st_size) >= Self.minimumSize
        else { return false }
        guard (try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)) != nil else { return false }
        guard link(path, spare) == 0 else { return false }
        lock.withLock { kept.append(name) }
        return true
    }

    /// Moves the spare of `name` to `staged` and opens it for writing over (the caller truncates
    /// it to what it wrote), or returns nil when there is none or it is not safe to write over;
    /// such a spare is removed. `use` names what is written, for the note (default: `name`).
    public func take(_ name: String, to staged: String, for use: String? = nil) -> Int32? {
        // Gone, or the cache on another file system than the reports: no spare to take.
        guard rename(path(name), staged) == 0 else { return nil }
        let fd = open(staged, O_WRONLY | O_CLOEXEC | O_NOFOLLOW)
        var s = stat()
        guard fd >= 0, fstat(fd, &s) == 0, (s.st_mode & S_IFMT) == S_IFREG, s.st_nlink == 1, s.st_uid == geteuid(),
              Self.openNowhereElse(fd)
        else {
            if fd >= 0 { close(fd) }
            unlink(staged)
            return nil
        }
        lock.withLock { reused.append((use ?? name, Int(s.st_size))) }
        return fd
    }

    /// Whether the file of `fd` is open in no other descriptor, in this process or another: a
    /// write lease is granted only then (fcntl(2), `F_SETLEASE`). It is released at once. While
    /// it is held, an open elsewhere would signal this process: `F_SETSIG` makes that signal
    /// SIGURG, which is ignored unless handled, instead of SIGIO, which ends the process. File
    /// systems without leases (and other systems) never reuse a spare.
    static func openNowhereElse(_ fd: Int32) -> Bool {
        #if os(Linux)
        let setSignal: Int32 = 10, setLease: Int32 = 1024  // F_SETSIG, F_SETLEASE (<linux/fcntl.h>; not in Swift's Glibc)
        guard fcntl(fd, setSignal, SIGURG) == 0, fcntl(fd, setLease, Int32(F_WRLCK)) == 0 else { return false }
        _ = fcntl(fd, setLease, Int32(F_UNLCK))
        return true
        #else
        return false
        #endif
    }

    /// The reports staged over spares in this run (name and the spare's size), by name.
    public var reusedFiles: [(name: String, bytes: Int)] { lock.withLock { reused }.sorted { $0.name < $1.name } }

    /// The replaced reports kept for the next run, by name.
    public var keptFiles: [String] { lock.withLock { kept }.sorted() }

    /// What `--verbose` says about the spares of this run, nil when there were none.
    public var note: String? {
        let reused = reusedFiles, kept = keptFiles
        guard !reused.isEmpty || !kept.isEmpty else { return nil }
        let megabytes = Double(reused.reduce(0) { $0 + $1.bytes }) / 1e6
        let over = reused.isEmpty ? "no report written over a spare"
            : "\(reused.map(\.name).joined(separator: ", ")) written over the pages of reports replaced before (\(String(format: "%.1f", megabytes)) MB)"
        let next = kept.isEmpty ? "none kept" : "\(kept.joined(separator: ", ")) kept in \(directory) for the next run"
        return "\(over); \(next)"
    }
}
