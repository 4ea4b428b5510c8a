import Foundation

/// Keeps two runs from working on one output folder or one cache at the same time.
///
/// Two `leitbild analyze` runs into the same folder would each prune the cache entries the
/// other one uses and rename their reports over each other's, so that the folder could end up
/// with a mix of both. A run therefore holds an exclusive `flock` on `.leitbild.lock` in its
/// output folder and in its cache folder from before the first file is read until the run ends
/// (the lock is released when the `RunLock` goes away, or by the kernel when the process ends in
/// any way, also `kill -9`, so a killed run never blocks the next one). The file itself stays
/// (it holds the last holder's process id, for the message) and is not a report.
final class RunLock: Sendable {
    static let fileName = ".leitbild.lock"
    private let descriptors: [Int32]
    /// Why a folder whose lock is optional (the cache) could not be locked; the run goes on.
    let notes: [String]

    private init(descriptors: [Int32], notes: [String]) {
        self.descriptors = descriptors
        self.notes = notes
    }

    deinit { for fd in descriptors { close(fd) } }

    /// Locks the `required` folders (created when missing; any failure stops the run) and the
    /// `optional` ones (a folder that cannot be created or locked for another reason than a
    /// running holder gives a note instead: the cache only makes runs faster). A folder held by
    /// another run throws `busy`, required or not. A folder named twice, under any spelling or
    /// through a symbolic link, is locked once (lock files are compared by device and inode).
    static func acquire(required: [String], optional: [String] = []) throws(PipelineError) -> RunLock {
        var descriptors: [Int32] = []
        var files = Set<[UInt64]>()
        var notes: [String] = []
        func fail(_ error: PipelineError) -> PipelineError {
            descriptors.forEach { close($0) }
            return error
        }
        for (folder, isRequired) in required.map({ ($0, true) }) + optional.map({ ($0, false) }) {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                let message = "\(folder): cannot create the folder: \(error.reasonClause)."
                if isRequired { throw fail(.folder(message + " Choose another --out.")) }
                notes.append(message + " The run goes on without the cache lock.")
                continue
            }
            let path = (folder as NSString).appendingPathComponent(fileName)
            // Read-only when the file is another user's: `flock` works on any open file.
            var fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            // The first failure's reason: the read-only try's would say "No such file" in a folder
            // this user cannot write.
            var code = fd < 0 ? errno : 0
            if fd < 0, code == EACCES { fd = open(path, O_RDONLY | O_CLOEXEC) }
            guard fd >= 0 else {
                var message = "\(path): cannot open the run lock: \(String(cString: strerror(code)))"
                var info = stat()
                if code == EACCES, lstat(path, &info) == 0, info.st_uid != geteuid() {
                    let owner = getpwuid(info.st_uid).map { String(cString: $0.pointee.pw_name) } ?? "user \(info.st_uid)"
                    message += " (the file is \(owner)'s). When no run is going, the file may be deleted"
                }
                message += "."
                if isRequired { throw fail(.folder(message + " Check that the folder is writable, or choose another --out.")) }
                notes.append(message + " The run goes on without the cache lock.")
                continue
            }
            var info = stat()
            if fstat(fd, &info) == 0, !files.insert([UInt64(info.st_dev), UInt64(info.st_ino)]).inserted {
                close(fd)  // the same folder again, spelled differently
                continue
            }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
                code = errno
                if code == EWOULDBLOCK {
                    let holder = owner(fd)
                    close(fd)
                    throw fail(.busy(folder: folder, pid: holder))
                }
                close(fd)
                // No locks on this file system (some network or FUSE mounts).
                let message = "\(path): cannot lock the folder: \(String(cString: strerror(code)))."
                if isRequired { throw fail(.folder(message + " Choose an --out on a local disk.")) }
                notes.append(message + " The run goes on without the cache lock.")
                continue
            }
            // Record who holds it, for the message another run prints. (A run that looks in the
            // moment between the lock and this write names the previous holder.) The mark that a
            // run wrote reports here stays (`markReportsWritten`).
            let text = Array("\(getpid())\n\(hasReportsMark(fd) ? reportsMark + "\n" : "")".utf8)
            if ftruncate(fd, 0) == 0 { _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) } }
            descriptors.append(fd)
        }
        return RunLock(descriptors: descriptors, notes: notes)
    }

    /// The process id written into a lock file by its holder, if readable (its first line).
    private static func owner(_ fd: Int32) -> pid_t? {
        guard let first = contents(fd).split(separator: "\n").first else { return nil }
        return pid_t(first.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// The second line of an output folder's lock file once a run has written reports there: a
    /// folder whose lock file lacks it has had no run's reports, so the editable reports found in
    /// it are the user's own (`ReportManifest.keepEdited`). Before 2026-11-29, fifth stop, the
    /// lock file's existence decided, and a first run that failed or was stopped made the next
    /// overwrite a summary.md of the user's own (found in two reviews).
    static let reportsMark = "reports written"

    private static func contents(_ fd: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 64)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        return n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self) : ""
    }

    private static func hasReportsMark(_ fd: Int32) -> Bool {
        contents(fd).split(separator: "\n").contains { $0 == reportsMark }
    }

    /// Whether a run has written reports into `directory` (its lock file has `reportsMark`).
    static func reportsWereWritten(in directory: String) -> Bool {
        let fd = open((directory as NSString).appendingPathComponent(fileName), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return hasReportsMark(fd)
    }

    /// Marks `directory`'s lock file: a run has written reports here. Called by the lock's holder.
    static func markReportsWritten(in directory: String) {
        let fd = open((directory as NSString).appendingPathComponent(fileName), O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { return }
        defer { close(fd) }
        guard !hasReportsMark(fd) else { return }
        let text = Array("\(getpid())\n\(reportsMark)\n".utf8)
        if ftruncate(fd, 0) == 0 { _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) } }
    }
}
