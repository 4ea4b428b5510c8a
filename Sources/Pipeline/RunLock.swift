import Foundation

/// Keeps two runs from working on one output folder or one cache at the same time.
///
/// Two `leitbild analyze` runs into the same folder would each prune the cache entries the
/// other one uses and rename their reports over each other's, so that the folder could end up
/// with a mix of both. A run therefore holds an exclusive `flock` on `.leitbild.lock` in its
/// output folder and in its cache folder from before the first file is read until it exits. The
/// kernel releases the lock when the process ends in any way (also `kill -9`), so a killed run
/// never blocks the next one; the file itself stays (it holds the last run's process id, for the
/// message) and is not a report.
final class RunLock: Sendable {
    static let fileName = ".leitbild.lock"
    private let descriptors: [Int32]

    private init(descriptors: [Int32]) { self.descriptors = descriptors }

    deinit { for fd in descriptors { close(fd) } }

    /// Locks each folder (created when missing), or throws `busy` naming the folder and the
    /// process that holds it. Folders named twice (or spelled differently) are locked once.
    static func acquire(_ folders: [String]) throws(PipelineError) -> RunLock {
        var descriptors: [Int32] = []
        var seen = Set<String>()
        for folder in folders {
            let standard = (folder as NSString).standardizingPath
            guard seen.insert(standard).inserted else { continue }
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                descriptors.forEach { close($0) }
                throw PipelineError.reporting("\(folder): cannot create the folder: \(error.localizedDescription). Choose another --out or --cache-dir.")
            }
            let path = (folder as NSString).appendingPathComponent(fileName)
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else {
                let reason = String(cString: strerror(errno))
                descriptors.forEach { close($0) }
                throw PipelineError.reporting("\(path): cannot open the run lock: \(reason). Check that the folder is writable.")
            }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
                let holder = owner(fd)
                close(fd)
                descriptors.forEach { close($0) }
                throw PipelineError.busy(folder: folder, pid: holder)
            }
            // Record who holds it, for the message another run prints.
            let text = Array("\(getpid())\n".utf8)
            if ftruncate(fd, 0) == 0 { _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) } }
            descriptors.append(fd)
        }
        return RunLock(descriptors: descriptors)
    }

    /// The process id written into a lock file by its holder, if readable.
    private static func owner(_ fd: Int32) -> pid_t? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return nil }
        return pid_t(String(decoding: buffer[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
