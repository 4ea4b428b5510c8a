import Foundation

/// A file's size, inode, modification time and status change time (nanoseconds): what the run
/// cache's records (`SQLiteSnapshot`, `ReportBlocks`) keep of a file they may later read from,
/// so that a file edited, replaced or removed since is never trusted. The status change time
/// is what tells an edit whose modification time was put back (`touch -r`, `rsync -t
/// --inplace`): no call sets it to anything but the present. A rename sets it too, so a stamp
/// that is to stand for a file in its final place is taken after the rename.
struct FileStamp: Codable, Equatable, Sendable {
    var size: Int64
    var inode: UInt64
    var modified: Int64
    var changed: Int64

    init(size: Int64, inode: UInt64, modified: Int64, changed: Int64) {
        self.size = size
        self.inode = inode
        self.modified = modified
        self.changed = changed
    }

    init(_ s: stat) {
        self.init(size: Int64(s.st_size), inode: UInt64(s.st_ino),
                  modified: Int64(s.st_mtim.tv_sec) * 1_000_000_000 + Int64(s.st_mtim.tv_nsec),
                  changed: Int64(s.st_ctim.tv_sec) * 1_000_000_000 + Int64(s.st_ctim.tv_nsec))
    }

    /// Whether both are of the same file and content by size, inode and modification time,
    /// whatever the status change times (a stamp taken before a rename against one after).
    func sameContent(as other: FileStamp) -> Bool {
        size == other.size && inode == other.inode && modified == other.modified
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
