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

    static func processExists(_ pid: pid_t) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }
}
