import Foundation
import LeitbildCore

/// Housekeeping of the output folder.
enum OutputFolder {
    /// Removes temporary files (`TemporaryName`) that a killed run left behind: the previous
    /// reports next to them are whole (every report is renamed into place), so only the
    /// temporaries need tidying. Files of a run that is still going (its process exists) stay.
    static func removeStaleTemporaries(in directory: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names where name.hasPrefix(".") {
            guard let pid = TemporaryName.owner(name), pid != getpid(), !processExists(pid) else { continue }
            unlink((directory as NSString).appendingPathComponent(name))
        }
    }

    static func processExists(_ pid: pid_t) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }
}
