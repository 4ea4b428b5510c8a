import Foundation
import LeitbildCore

/// Per-interview blocks of a streamed report (the segment rows of analysis.json and
/// segments.csv) copied from the same report of the last run when nothing they are made of
/// changed (docs/batch.md, "Reports' interview blocks").
///
/// A block's key is a SHA-256 of everything its bytes are made of: the interview's identity (its
/// file's `coded` cache key and its place in the file, which stand for the transcript, its coding
/// and the codebook), its id, file name, group and municipality, its pseudonymised text (the
/// cuts), its speakers' shareable labels and ids, and what the renderer passes (whether the block
/// opens the array). The layout (renderer, format, tool digest, options) must match as a whole.
/// After a report is staged, its blocks' keys, offsets and lengths are recorded in the run cache
/// with the staged file's size, inode and modification time, which its rename into place keeps;
/// after the rename, the writer adds the stamp of the file in place with its status change time
/// (`confirm`, `NAME.placed`), which no edit can put back. The next run copies a block from the
/// report only when the file in place is that file by both: an edit to the report whose
/// modification time was restored (`touch -r`, `rsync -t --inplace`) is never copied into
/// the new one.
public final class ReportBlocks {
    /// What the pipeline gives the renderers (`ReportInput.reportBlocks`).
    public struct Setup: Sendable {
        /// Where the records live (`CACHE/blocks`).
        public var directory: String
        /// The tool's digest: another build may write other bytes.
        public var tool: Digest
        /// Per transcript (parallel to `ReportInput.transcripts`): what it is made of; nil: its
        /// blocks are always written anew.
        public var identities: [Digest?]

        public init(directory: String, tool: Digest, identities: [Digest?]) {
            self.directory = directory
            self.tool = tool
            self.identities = identities
        }
    }

    struct Record: Codable {
        var layout: String
        /// The staged report's, which its rename into place keeps.
        var stamp: FileStamp
        var keys: [String]
        var offsets: [Int]
        var lengths: [Int]
    }

    let recordPath: String
    /// The stamp of the report in place, status change time included (`confirm`).
    let placedPath: String
    let layout: Digest
    /// Per transcript: what its rows are made of (`ReportInput.interviewKeys`).
    private let interviewKeys: [Digest?]
    /// The last run's report, open for reading (-1: none to copy from).
    private var oldReport: Int32 = -1
    private var old: [Digest: (offset: Int, length: Int)] = [:]
    private var keys: [Digest] = []
    private var offsets: [Int] = []
    private var lengths: [Int] = []
    private var buffer: [UInt8] = []
    /// A run of the last run's report copied since its cached pages were last let go of
    /// (`releaseCopied`).
    private var copiedRun = (start: 0, end: 0)
    /// Blocks written, and of them copied from the last run's report.
    private(set) var blocks = 0
    private(set) var copied = 0

    /// Reads the record of `name` and opens the report in place when the record describes it.
    /// - Parameters:
    ///   - report: the report's path in the output folder (the file the staged one will replace).
    ///   - layout: what else the bytes depend on (format version, options).
    init(_ setup: Setup, interviewKeys: [Digest?], name: String, report: String, layout parts: [String]) {
        recordPath = "\(setup.directory)/\(name).json"
        placedPath = Self.placedPath(setup.directory, name)
        self.interviewKeys = interviewKeys
        let hasher = Hasher256()
        hasher.field("report blocks 1")
        hasher.field(name)
        hasher.field(setup.tool)
        for part in parts { hasher.field(part) }
        layout = hasher.finish()
        guard let data = FileManager.default.contents(atPath: recordPath),
              let record = try? JSONDecoder().decode(Record.self, from: data),
              record.layout == layout.hex, record.keys.count == record.offsets.count, record.keys.count == record.lengths.count
        else { return }
        let fd = open(report, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        guard let stamp = FileStamp(descriptor: fd), stamp.sameContent(as: record.stamp),
              let placed = FileManager.default.contents(atPath: placedPath),
              (try? JSONDecoder().decode(FileStamp.self, from: placed)) == stamp
        else { close(fd); return }
        for (i, hex) in record.keys.enumerated() {
            guard let key = Digest(hex: hex), record.offsets[i] >= 0, record.lengths[i] >= 0,
                  Int64(record.offsets[i] + record.lengths[i]) <= record.stamp.size else { close(fd); old = [:]; return }
            old[key] = (record.offsets[i], record.lengths[i])
        }
        oldReport = fd
    }

    deinit { if oldReport >= 0 { close(oldReport) } }

    /// The key of transcript `index`'s block: what its rows are made of, with `parts` (what the
    /// renderer adds); nil when the transcript has no identity.
    func key(_ index: Int, _ parts: [String] = []) -> Digest? {
        guard index < interviewKeys.count, let base = interviewKeys[index] else { return nil }
        guard !parts.isEmpty else { return base }
        let hasher = Hasher256()
        hasher.field(base)
        for part in parts { hasher.field(part) }
        return hasher.finish()
    }

    /// What transcript `index`'s rows in a report are made of (see the type's comment); nil
    /// without an identity. `ReportInput` makes these once per run for every renderer, and
    /// `SQLiteRenderer` keys its snapshot's chunks with them too.
    static func interviewKey(_ input: ReportInput, _ index: Int, identity: Digest?) -> Digest? {
        guard let identity else { return nil }
        let hasher = Hasher256()
        hasher.field(identity)
        let t = input.transcripts[index].transcript
        hasher.field(t.id)
        hasher.field(t.source.path)
        hasher.field(t.metadata.group ?? "\u{0}")
        hasher.field(t.metadata.municipality ?? "\u{0}")
        let cuts = input.redactedTexts[index].cuts
        hasher.field(cuts.count)
        for cut in cuts {
            hasher.field(cut.original.lowerBound)
            hasher.field(cut.original.upperBound)
            hasher.field(cut.replacement)
        }
        // The speakers of the transcript and of its segments (which should be the same).
        let speakers = Set(t.speakers.map(\.id)).union(input.transcripts[index].segments.map(\.segment.speakerID)).sorted()
        for speaker in speakers {
            hasher.field(speaker)
            hasher.field(input.speakerLabel(transcript: index, speakerID: speaker))
            hasher.field(input.speakerID(speaker))
        }
        return hasher.finish()
    }

    /// Writes one block: copied from the last run's report when its key is there, else by `make`.
    func block(_ key: Digest?, into out: ByteWriter, make: () throws -> Void) throws {
        let start = out.count
        if let key, let found = old[key], try copy(found, into: out) {
            copied += 1
        } else {
            try make()
        }
        blocks += 1
        if let key {
            keys.append(key)
            offsets.append(start)
            lengths.append(out.count - start)
        }
    }

    /// Appends a range of the last run's report; false when it cannot be read whole (then nothing was appended).
    private func copy(_ range: (offset: Int, length: Int), into out: ByteWriter) throws -> Bool {
        if buffer.count < range.length { buffer = [UInt8](repeating: 0, count: max(range.length, 1 << 16)) }
        let complete = buffer.withUnsafeMutableBytes { raw -> Bool in
            var done = 0
            while done < range.length {
                let n = pread(oldReport, raw.baseAddress! + done, range.length - done, off_t(range.offset + done))
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { return false }
                done += n
            }
            return true
        }
        guard complete else { return false }
        try out.append(buffer[..<range.length])
        // Rows are copied in the order of the file, with the bytes between them written anew: a
        // run of copied rows takes in gaps of up to `gapInRun`, which no later row is copied
        // from, so that the kernel sees whole pages (rows are often shorter than one).
        if range.offset < copiedRun.end || range.offset > copiedRun.end + Self.gapInRun { releaseCopied(force: true) }
        if copiedRun.start == copiedRun.end { copiedRun.start = range.offset }
        copiedRun.end = range.offset + range.length
        releaseCopied(force: false)
        return true
    }

    static let gapInRun = 64 << 10
    static let releaseStep = 8 << 20

    /// Lets the kernel drop the cached pages of the run of the last report that was copied (at
    /// least `releaseStep` of it unless `force`): that file is replaced by the one being written,
    /// whose pages can then reuse them (`AtomicFile.releaseCachedPages`). The page cache holds a
    /// file in folios of up to a few MB and drops only those wholly inside the range, so the runs
    /// are long, and `save` lets go of the whole file at the end. Only ranges already read (and
    /// the short gaps between them) are let go of, so a block copied later in the usual order is
    /// still read from the page cache; one copied out of order is read from the disk.
    private func releaseCopied(force: Bool) {
        let length = copiedRun.end - copiedRun.start
        guard length > 0, force || length >= Self.releaseStep else { return }
        _ = posix_fadvise(oldReport, off_t(copiedRun.start), off_t(length), POSIX_FADV_DONTNEED)
        copiedRun = (copiedRun.end, copiedRun.end)
    }

    /// Records the blocks of the staged report (complete; the writer flushes it after) for the
    /// next run; a record that cannot be written only makes the next run write every block.
    func save(staged: String) {
        // The last report is read no more: all of its cached pages can go.
        if oldReport >= 0 { _ = posix_fadvise(oldReport, 0, 0, POSIX_FADV_DONTNEED) }
        unlink(placedPath)
        unlink(recordPath)
        guard let stamp = FileStamp(path: staged) else { return }
        let record = Record(layout: layout.hex, stamp: stamp, keys: keys.map(\.hex), offsets: offsets, lengths: lengths)
        guard let data = try? JSONEncoder().encode(record) else { return }
        let folder = PathName.folder(recordPath)
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try? AtomicFile.write(Array(data), to: recordPath)
    }

    static func placedPath(_ directory: String, _ name: String) -> String { "\(directory)/\(name).placed" }

    /// Records the stamps of the reports just renamed into place (`committed`, paths in the
    /// output folder), status change times included, beside the records `save` made of them when
    /// they were staged. A run killed before this leaves no such stamp, and the next run writes
    /// those reports' blocks anew.
    public static func confirm(_ setup: Setup, committed: [String]) {
        for path in committed {
            let name = PathName.lastComponent(path)
            guard FileManager.default.fileExists(atPath: "\(setup.directory)/\(name).json"),
                  let stamp = FileStamp(path: path), let data = try? JSONEncoder().encode(stamp) else { continue }
            try? AtomicFile.write(Array(data), to: placedPath(setup.directory, name))
        }
    }

    /// "9998 of 10002 interview blocks copied from the last run's file" (for `--verbose`).
    var note: String { "\(copied) of \(blocks) interview blocks copied from the last run's file" }
}
