import Foundation

/// The append snapshot of analysis.sqlite: a copy of the file as it stood after the rows of the
/// interviews in whole chunks (64 interviews each), their index entries included, before the rest
/// and the corpus tables; kept in the run cache (`CACHE/sqlite/`). A run whose first interviews have the rows
/// they had then starts from the copy and appends only the rest; anything else builds the file
/// from scratch. Either way the report has the same bytes: `SQLiteRenderer` inserts every
/// waiting row at each chunk's end, so the pages after a chunk do not depend on what follows,
/// and `SQLiteRenderer.stampHeader` writes the two header fields that count transactions.
///
/// - `analysis-rows.sqlite`: the copy.
/// - `analysis-rows.json`: what it holds (`Record`): a digest of each chunk's rows, the layout it
///   was made with, and the copy's size, inode, modification and status change times (taken
///   after the copy is renamed into place), so that a copy changed since is not trusted, even
///   one whose modification time was put back.
///
/// The record is removed before the copy is taken away or replaced, and written after the new
/// copy is in place, so a run killed in between leaves no record and the next run builds anew.
struct SQLiteSnapshot {
    let directory: String
    var file: String { directory + "/analysis-rows.sqlite" }
    var recordFile: String { directory + "/analysis-rows.json" }

    struct Record: Codable, Equatable {
        /// `SQLiteRenderer.snapshotLayout`: schema, SQLite version, page size, chunk, tool.
        var layout: String
        /// SHA-256 of each chunk's rows (`RowHasher`), in order.
        var chunks: [String]
        /// What each chunk's rows are made of (`InterviewRows.inputDigest`), when every interview
        /// had an identity; then also the row ids after the last chunk. A run whose chunks are made
        /// of the same takes the copy without making and hashing their rows.
        var inputs: [String]? = nil
        var ids: RowIDs? = nil
        var size: Int64
        var inode: UInt64
        var modified: Int64
        /// A record without it (from before it was kept) does not decode: the file is built anew.
        var changed: Int64
    }

    /// The record, if it was made with `layout`, holds at most `chunks` chunks, and the copy it
    /// names is there unchanged since (size, inode, modification and status change times).
    func record(layout: String, chunks: Int) -> Record? {
        guard let data = FileManager.default.contents(atPath: recordFile),
              let record = try? JSONDecoder().decode(Record.self, from: data),
              record.layout == layout, !record.chunks.isEmpty, record.chunks.count <= chunks,
              FileStamp(path: file) == FileStamp(size: record.size, inode: record.inode, modified: record.modified, changed: record.changed)
        else { return nil }
        return record
    }

    /// Moves the copy that `record` describes to `path`; false (and no file at `path`) when
    /// that fails or the file does not look like the complete database. The file gets the
    /// permissions a new file gets there now (`giveNewFileMode`).
    func take(_ record: Record, to path: String) -> Bool {
        // From here on the copy is this run's: without the record no other run would trust it.
        unlink(recordFile)
        unlink(path)
        if rename(file, path) != 0 {
            // Another file system (`--cache-dir` elsewhere): copy, and leave the copy for the next save.
            guard Self.copy(file, to: path) else { unlink(path); return false }
        }
        guard Self.looksComplete(path, size: record.size), Self.giveNewFileMode(path) else { unlink(path); return false }
        return true
    }

    /// Sets the permissions of `path` to those a file created beside it now gets (0o644 less
    /// this run's umask, as every other report): the copy keeps those of the run that made it,
    /// so a run under umask 077 after one under 022 would otherwise write a world-readable
    /// analysis.sqlite beside reports only its owner can read. The umask can only be read by
    /// setting it (for every thread), so a file is created and removed to see it.
    static func giveNewFileMode(_ path: String) -> Bool {
        let probe = path + "-mode"
        unlink(probe)
        let fd = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return false }
        var s = stat()
        let statted = fstat(fd, &s) == 0
        close(fd)
        unlink(probe)
        return statted && chmod(path, s.st_mode & 0o7777) == 0
    }

    /// Keeps a copy of the file at `path` (committed, holding the rows of `chunks`); with no
    /// chunks, removes the snapshot. A snapshot that cannot be written only makes the next run
    /// slower. Returns whether a snapshot is kept.
    @discardableResult
    func save(from path: String, layout: String, chunks: [String], inputs: [String]? = nil, ids: RowIDs? = nil) -> Bool {
        unlink(recordFile)
        guard !chunks.isEmpty else { remove(); return false }
        guard (try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)) != nil
        else { return false }
        let temporary = file + ".tmp"
        guard Self.copy(path, to: temporary), rename(temporary, file) == 0, let found = FileStamp(path: file) else {
            unlink(temporary)
            return false
        }
        let record = Record(layout: layout, chunks: chunks, inputs: inputs?.count == chunks.count ? inputs : nil,
                            ids: inputs?.count == chunks.count ? ids : nil, size: found.size, inode: found.inode, modified: found.modified, changed: found.changed)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(record) else { return false }
        let recordTemporary = recordFile + ".tmp"
        if FileManager.default.createFile(atPath: recordTemporary, contents: data), rename(recordTemporary, recordFile) == 0 { return true }
        unlink(recordTemporary)
        return false
    }

    /// Removes the copy and its record (a project without a whole chunk keeps no snapshot).
    func remove() {
        unlink(recordFile)
        unlink(file)
    }

    /// An SQLite file of `size` bytes whose header agrees: the magic string, 16 KiB pages, and as
    /// many pages as the file holds.
    static func looksComplete(_ path: String, size: Int64) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        guard let header = try? handle.read(upToCount: 100), header.count == 100 else { return false }
        let bytes = [UInt8](header)
        func word(_ offset: Int) -> Int64 { bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int64($1) } }
        let pageSize = Int64(bytes[16]) << 8 | Int64(bytes[17])
        return bytes.prefix(16).elementsEqual(Array("SQLite format 3\0".utf8)) && pageSize == Int64(SQLiteRenderer.pageSize)
            && word(28) * pageSize == size && FileStamp(path: path)?.size == size
    }

    /// Copies a file through a 1 MiB buffer: about 0.05 s for the 140 MB of 5,000 interviews when
    /// it was measured, where `FileManager.copyItem` took 0.16–0.19 s (it calls `sendfile` 4 KiB at
    /// a time, some 34,000 calls under `strace -c`); `copy_file_range` is not in Swift's Glibc
    /// module. Later, on this machine, the same kind of copy (`dd bs=1M`) of the 171 MB file took
    /// 0.18–0.5 s: writing into page-cache pages the machine has not used before is slow there,
    /// whatever makes the copy (docs/batch-rounds.md, "Round 8533d0d → d964e44", tried and not kept).
    static func copy(_ source: String, to destination: String) -> Bool {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { return false }
        defer { close(input) }
        let output = open(destination, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard output >= 0 else { return false }
        var ok = true
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let read = buffer.withUnsafeMutableBytes { Glibc.read(input, $0.baseAddress, $0.count) }
            if read == 0 { break }
            if read < 0 { ok = false; break }
            let written = buffer.withUnsafeBytes { Glibc.write(output, $0.baseAddress, read) }
            if written != read { ok = false; break }
        }
        if close(output) != 0 { ok = false }
        if !ok { unlink(destination) }
        return ok
    }
}
