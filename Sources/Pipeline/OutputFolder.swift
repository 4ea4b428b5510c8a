import Foundation

/// Housekeeping of the output folder.
enum OutputFolder {
    /// Removes temporary files (`.NAME.tmp-PID...`) that a killed run left behind: the previous
    /// reports next to them are whole (every report is renamed into place), so only the
    /// temporaries need tidying. Files of a run that is still going (its process exists) stay.
    static func removeStaleTemporaries(in directory: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names where name.hasPrefix(".") {
            guard let pid = temporaryOwner(name), pid != getpid(), !processExists(pid) else { continue }
            unlink((directory as NSString).appendingPathComponent(name))
        }
    }

    /// The process id in a temporary file's name, or nil when the name is not a temporary's.
    static func temporaryOwner(_ name: String) -> pid_t? {
        guard let marker = name.range(of: ".tmp-", options: .backwards) else { return nil }
        let digits = name[marker.upperBound...].prefix { $0.isASCII && $0.isNumber }
        return pid_t(digits)
    }

    static func processExists(_ pid: pid_t) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }
}
