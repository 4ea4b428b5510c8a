import Foundation
#if canImport(Glibc)
import Glibc
private let systemRead = Glibc.read
#elseif canImport(Darwin)
import Darwin
private let systemRead = Darwin.read
#endif

/// Reading a whole file with plain POSIX calls: Foundation's attribute dictionary costs more
/// than reading a small transcript. Folders, devices and files over a limit are refused
/// before anything is read; a file that shrinks while being read keeps what was there.
public enum FileBytes {
    public enum Failure: Error, Equatable, Sendable {
        /// `open` failed (`errno`; ENOENT for a missing file).
        case cannotOpen(errno: Int32)
        /// A folder, or another file that is not a regular file.
        case notRegular(isFolder: Bool)
        case tooLarge(bytes: Int)
        case cannotRead(errno: Int32)

        /// What went wrong, in words for an error message.
        public var reason: String {
            switch self {
            case .cannotOpen(let e), .cannotRead(let e): String(cString: strerror(e))
            case .notRegular(let isFolder): isFolder ? "it is a folder" : "it is not a regular file"
            case .tooLarge(let bytes): "it has \(bytes) bytes"
            }
        }
    }

    public static func read(_ path: String, maxBytes: Int = .max) throws(Failure) -> Data {
        var info = stat()
        return try read(path, maxBytes: maxBytes, opened: &info)
    }

    /// `read`, with `opened` set to the stat of the file as opened (the inode whose bytes are returned).
    public static func read(_ path: String, maxBytes: Int = .max, opened: inout stat) throws(Failure) -> Data {
        // Non-blocking, so that a named pipe is refused below instead of waiting for a writer.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw .cannotOpen(errno: errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .cannotRead(errno: errno) }
        opened = info
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw .notRegular(isFolder: (info.st_mode & S_IFMT) == S_IFDIR) }
        let size = Int(info.st_size)
        guard size <= maxBytes else { throw .tooLarge(bytes: size) }
        guard size > 0 else { return Data() }
        // Not `Data(count:)`, which zeroes the bytes first: the run cache reads thousands of entries.
        guard let base = malloc(size) else { throw .cannotRead(errno: ENOMEM) }
        var filled = 0
        var failure: Int32 = 0
        while filled < size {
            let n = systemRead(fd, base + filled, size - filled)
            if n < 0, errno == EINTR { continue }
            if n < 0 { failure = errno; break }
            if n == 0 { break }
            filled += n
        }
        if failure != 0 {
            free(base)
            throw .cannotRead(errno: failure)
        }
        var data = Data(bytesNoCopy: base, count: size, deallocator: .free)
        if filled < size { data.count = filled }
        return data
    }
}
