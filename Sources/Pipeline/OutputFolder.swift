import Foundation
import LeitbildCore

/// Housekeeping of the output folder.
enum OutputFolder {
    /// Removes temporary files (`TemporaryName`) that a killed run left behind: the previous
    /// reports next to them are whole (every report is renamed into place), so only the
    /// temporaries need tidying. Files of a run that is still going (its process exists) stay;
    /// so do this process's own unless `includingOwn`, which a run passes before it has staged
    /// anything: a file with its process id is then a killed run's whose id came round again
    /// (in a container every run is process 1).
    static func removeStaleTemporaries(in directory: String, includingOwn: Bool = false) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        let own = getpid()
        for name in names where name.hasPrefix(".") {
            guard let pid = TemporaryName.owner(name), pid == own ? includingOwn : !processExists(pid) else { continue }
            unlink((directory as NSString).appendingPathComponent(name))
        }
    }

    /// The folders of the run cache where files are staged beside their final names (the cache's
    /// manifest, the pseudonymised texts' memo, the reports' block records); its `parsed` and
    /// `coded` entries are tidied by `AnalysisCache.prune`.
    static func cacheFolders(_ cache: String) -> [String] {
        [cache, cache + "/memo", cache + "/blocks"]
    }

    /// Whether two existing paths are on one file system (freeing one frees space for the other).
    static func sameDevice(_ a: String, _ b: String) -> Bool {
        var sa = stat(), sb = stat()
        return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev
    }

    /// Whether a process runs: one that has ended but whose parent has not yet collected it (a
    /// zombie, as a run killed under `timeout -s KILL` stays for a while) does not, so its
    /// temporaries are removed (found in a review: they outlived the next run).
    static func processExists(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        return !isZombie(pid)
    }

    /// Whether `/proc/PID/stat` gives the process's state as Z (Linux; elsewhere false).
    static func isZombie(_ pid: pid_t) -> Bool {
        // Read, not sized by fstat: /proc's files give their size as 0.
        let fd = open("/proc/\(pid)/stat", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 1024)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else { return false }
        let stat = buffer[..<count]
        // "PID (name) S ...": the state follows the last ')' (a name may hold brackets).
        guard let closing = stat.lastIndex(of: UInt8(ascii: ")")), closing + 2 < stat.endIndex else { return false }
        return stat[closing + 2] == UInt8(ascii: "Z")
    }
}
