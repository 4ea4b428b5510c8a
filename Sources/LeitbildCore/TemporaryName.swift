import Foundation
import Synchronization

/// The names of files that are written under a temporary name and renamed into place (reports,
/// cache entries, memos, the report manifest): `.NAME.tmp-PID-N` beside the file, or
/// `NAME.tmp-PID-N` when the name is hidden already. The process id lets a later run tell a
/// killed run's leftovers from a running one's (`owner`); N counts this process's names, so two
/// never meet within a process, also on many threads at once. Made on the path's bytes: through
/// `NSString` and with a random N (a `getrandom` call each), the 10,000 names of a full run at
/// 5,000 interviews took 0.19 CPU-s (docs/batch-rounds.md, "Round cb470bd → 44aab1a").
public enum TemporaryName {
    /// The temporary name for `path`, in the same folder.
    public static func path(for path: String) -> String {
        let (folder, name) = split(path)
        return "\(folder)\(name.hasPrefix(".") ? "" : ".")\(name)\(marker)\(processID)-\(count.add(1, ordering: .relaxed).newValue)"
    }

    /// The process id in a temporary file's name (also in the `.NAME.tmp-PID` names of earlier
    /// builds, and with a suffix such as SQLite's `-journal`), or nil when the name is not a
    /// temporary's.
    public static func owner(_ name: String) -> pid_t? {
        guard let found = name.range(of: marker, options: .backwards) else { return nil }
        return pid_t(name[found.upperBound...].prefix { $0.isASCII && $0.isNumber })
    }

    /// The folder part of a path with its trailing slash ("" for a bare name), and the name.
    static func split(_ path: String) -> (folder: Substring, name: Substring) {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return ("", path[...]) }
        let nameStart = path.utf8.index(after: slash)
        return (path[..<nameStart], path[nameStart...])
    }

    static let marker = ".tmp-"
    static let processID = getpid()
    /// This process's temporary names so far.
    static let count = Atomic<UInt64>(0)
}
