import Foundation
import LeitbildCore

/// What the runs before learnt of each input file's content, by the file's stat: a run that
/// finds a file with the same stat as when a run read it takes the file's content digest and
/// format from here instead of reading and hashing it, as `git status` does with its index. So
/// a run after one transcript was added reads only that transcript (docs/batch.md, "Files
/// known by their stat").
///
/// A file is recorded only when its modification time lay at least
/// `ReportManifest.settleSeconds` before the run that read it began (a write in the same clock
/// tick could otherwise leave the same stat behind), and only with the stat taken before it was
/// read: a file written while the run read it has another stat by the next run. The stat covers
/// device, inode, size, mode, and modification and status change times (a write whose old
/// modification time is put back still changes the status change time; a rename or `chmod`
/// changes it too). A file is trusted only under the name it was recorded under (its path
/// relative to the project, as cache keys name it), since the format depends on the name.
///
/// A file is recorded only when the stat it was read with (`FileResult.readStamp`) is the one
/// the run began with: a file replaced between the two is read again next time.
///
/// Kept in the cache folder as a memo (`CACHE/memo/contents.bin`, in the entries' format, so a
/// damaged or foreign one is never used), written by each run that reads files (not by one that
/// finds no input changed by the quick record's stat fingerprint; one that finds none changed by
/// its content fingerprint records the files it read) when it differs from the one the run found.
struct ContentIndex: Equatable, Sendable {
    /// The memo's name in the cache.
    static let memoName = "contents"
    /// Raised when the payload's layout changes.
    static let formatVersion: UInt8 = 1

    /// The stat fields a change of the file changes.
    struct Stamp: Hashable, Sendable {
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var mode: UInt32
        var modified: Int64
        var modifiedNanoseconds: Int64
        var changed: Int64
        var changedNanoseconds: Int64

        init(device: UInt64, inode: UInt64, size: Int64, mode: UInt32, modified: Int64, modifiedNanoseconds: Int64, changed: Int64,
             changedNanoseconds: Int64) {
            self.device = device
            self.inode = inode
            self.size = size
            self.mode = mode
            self.modified = modified
            self.modifiedNanoseconds = modifiedNanoseconds
            self.changed = changed
            self.changedNanoseconds = changedNanoseconds
        }

        init(_ info: stat) {
            self.init(device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size), mode: UInt32(info.st_mode),
                      modified: Int64(info.st_mtim.tv_sec), modifiedNanoseconds: Int64(info.st_mtim.tv_nsec),
                      changed: Int64(info.st_ctim.tv_sec), changedNanoseconds: Int64(info.st_ctim.tv_nsec))
        }

        /// Whether the file was last modified at least `ReportManifest.settleSeconds` before `runStarted`.
        func settled(before runStarted: Int) -> Bool { modified < Int64(runStarted - ReportManifest.settleSeconds) }

        /// Feeds the fields to `hasher`: the report manifest's quick record fingerprints every
        /// input file by them, with the same trust as this index.
        func feed(_ hasher: Hasher256) {
            for value in [Int(size), Int(truncatingIfNeeded: inode), Int(truncatingIfNeeded: device), Int(modified), Int(modifiedNanoseconds),
                          Int(changed), Int(changedNanoseconds), Int(mode)] {
                hasher.field(value)
            }
        }

        var isRegularFile: Bool { (mode & UInt32(S_IFMT)) == UInt32(S_IFREG) }

        /// The eight fields as 64-bit words, in the stored order.
        var words: [UInt64] {
            [device, inode, UInt64(bitPattern: size), UInt64(mode), UInt64(bitPattern: modified),
             UInt64(bitPattern: modifiedNanoseconds), UInt64(bitPattern: changed), UInt64(bitPattern: changedNanoseconds)]
        }

        /// The stamp of `words`; nil when they are not eight or the mode does not fit.
        init?(words w: [UInt64]) {
            guard w.count == 8, let mode = UInt32(exactly: w[3]) else { return nil }
            self.init(device: w[0], inode: w[1], size: Int64(bitPattern: w[2]), mode: mode, modified: Int64(bitPattern: w[4]),
                      modifiedNanoseconds: Int64(bitPattern: w[5]), changed: Int64(bitPattern: w[6]),
                      changedNanoseconds: Int64(bitPattern: w[7]))
        }
    }

    /// What a run needs of a file's bytes to find its cache entries: their digest, the format
    /// they were detected as, and their count.
    struct Content: Hashable, Sendable {
        var digest: Digest
        var format: SourceFormat
        var bytes: Int

        /// The content of `data` read from `path`; nil when its format cannot be detected
        /// (ingestion then reports the problem, and nothing is cached).
        init?(path: String, data: Data) {
            guard let format = (try? SourceFormat.detect(path: path, data: data))?.format else { return nil }
            self.init(digest: Digest.of(data), format: format, bytes: data.count)
        }

        init(digest: Digest, format: SourceFormat, bytes: Int) {
            self.digest = digest
            self.format = format
            self.bytes = bytes
        }
    }

    struct Entry: Equatable, Sendable {
        var stamp: Stamp
        var content: Content
    }

    /// By the file's name in cache keys.
    private(set) var entries: [String: Entry] = [:]

    init() {}

    var count: Int { entries.count }

    mutating func record(_ name: String, stamp: Stamp, content: Content) {
        entries[name] = Entry(stamp: stamp, content: content)
    }

    /// The recorded content of the file named `name` in cache keys, if it has the stat it was
    /// recorded with, is a regular file of at most `maxBytes` bytes (a larger one is read, to be
    /// refused as before) and this process may read it.
    func content(of name: String, path: String, stat info: stat, maxBytes: Int) -> Content? {
        guard let entry = entries[name], entry.stamp == Stamp(info), entry.stamp.isRegularFile,
              entry.stamp.size <= Int64(maxBytes), entry.content.bytes == Int(entry.stamp.size),
              access(path, R_OK) == 0 else { return nil }
        return entry.content
    }

    // MARK: - Stored form

    /// Version byte, varint count, then per entry (by name, sorted): the name (varint length and
    /// UTF-8), the stamp's eight fields as little-endian 64-bit words, the digest's 32 bytes, the
    /// format's raw value (varint length and UTF-8) and the byte count (a 64-bit word). Written
    /// and read with the packed arrays' field coders (`Packer`, `Reader`).
    func encoded() -> [UInt8] {
        var out = Packer()
        out.bytes.append(Self.formatVersion)
        out.varint(UInt64(entries.count))
        for (name, entry) in entries.sorted(by: { $0.key < $1.key }) {
            out.text(name)
            for word in entry.stamp.words { out.word(word) }
            out.bytes.append(contentsOf: entry.content.digest.bytes)
            out.text(entry.content.format.rawValue)
            out.word(UInt64(entry.content.bytes))
        }
        return out.bytes
    }

    /// The index in `bytes`; nil when they are not an index of this layout.
    init?(decoding bytes: [UInt8]) {
        let decoded = bytes.withUnsafeBytes { raw -> [String: Entry]? in
            var reader = Reader(bytes: raw, offset: 0)
            var entries: [String: Entry] = [:]
            do {
                guard try reader.byte() == Self.formatVersion else { return nil }
                let count = try reader.varint()
                guard count <= UInt64(raw.count) else { return nil }
                for _ in 0..<count {
                    let name = try reader.string()
                    let stamp = Stamp(words: try (0..<8).map { _ in try reader.fixed64() })
                    let digest = try reader.fixedBytes(32) { Digest(bytes: $0) }
                    guard let stamp, let format = SourceFormat(rawValue: try reader.string()),
                          let byteCount = Int(exactly: try reader.fixed64()) else { return nil }
                    entries[name] = Entry(stamp: stamp, content: Content(digest: digest, format: format, bytes: byteCount))
                }
            } catch { return nil }
            return reader.offset == raw.count ? entries : nil
        }
        guard let decoded else { return nil }
        entries = decoded
    }

    /// The index the runs before left in `cache`, and a note when there was one that cannot be used.
    static func load(from cache: AnalysisCache) -> (index: ContentIndex?, note: String?) {
        switch cache.loadMemo([UInt8].self, memoName) {
        case .hit(let bytes):
            guard let index = ContentIndex(decoding: bytes) else {
                return (nil, "\(cache.memoPath(memoName)): not an index of this layout; every file is read")
            }
            return (index, nil)
        case .miss: return (nil, nil)
        case .unusable(let reason): return (nil, reason + "; every file is read")
        }
    }

    /// Writes the index into `cache` (a temporary file, then a rename); returns why it could not be written.
    func store(in cache: AnalysisCache) -> String? {
        cache.storeMemo(encoded(), Self.memoName).map { "\($0); the next run reads every file" }
    }
}
