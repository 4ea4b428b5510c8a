import Foundation

/// A file's size, inode and modification time (nanoseconds): what the run cache's records
/// (`SQLiteSnapshot`, `ReportBlocks`) keep of a file they may later read from, so that a file
/// edited, replaced or removed since is never trusted.
struct FileStamp: Codable, Equatable, Sendable {
    var size: Int64
    var inode: UInt64
    var modified: Int64

    init(size: Int64, inode: UInt64, modified: Int64) {
        self.size = size
        self.inode = inode
        self.modified = modified
    }

    init(_ s: stat) {
        self.init(size: Int64(s.st_size), inode: UInt64(s.st_ino),
                  modified: Int64(s.st_mtim.tv_sec) * 1_000_000_000 + Int64(s.st_mtim.tv_nsec))
    }

    /// The stamp of the file at `path` (not following a symbolic link), nil when there is none.
    init?(path: String) {
        var s = stat()
        guard lstat(path, &s) == 0 else { return nil }
        self.init(s)
    }

    /// The stamp of an open file.
    init?(descriptor fd: Int32) {
        var s = stat()
        guard fstat(fd, &s) == 0 else { return nil }
        self.init(s)
    }
}
