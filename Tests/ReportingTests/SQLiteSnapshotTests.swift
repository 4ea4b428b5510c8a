import Foundation
import GRDB
import LeitbildCore
@testable import Reporting
import Testing

/// analysis.sqlite may start from the snapshot of an earlier run (`SQLiteSnapshot`): the rows of
/// the interviews that are still the first ones are not inserted again. Whatever the earlier run
/// was, the file must have the bytes of one built from scratch, and the snapshot must be used
/// whenever every interview it holds is still among the first ones with the same rows.
@Suite("analysis.sqlite: the append snapshot")
struct SQLiteSnapshotTests {
    enum Change: String, CaseIterable, CustomTestStringConvertible {
        case nothing, addedAtTheEnd, twoAdded, addedInTheMiddle, removedFromTheMiddle, lastEdited, thirdEdited, allOthers
        /// A place added to the pseudonym list: one answer's shareable text changes, its transcript does not.
        case listEntry
        var testDescription: String { rawValue }

        /// Inputs of the run before and of this run.
        var inputs: (before: ReportInput, after: ReportInput) {
            let all = ReportFixture.interviews
            switch self {
            case .nothing: return (ReportFixture.input(), ReportFixture.input())
            case .addedAtTheEnd: return (ReportFixture.input(interviews: Array(all.dropLast())), ReportFixture.input())
            case .twoAdded: return (ReportFixture.input(interviews: Array(all.prefix(2))), ReportFixture.input())
            case .addedInTheMiddle: return (ReportFixture.input(interviews: [all[0], all[2], all[3]]), ReportFixture.input())
            case .removedFromTheMiddle: return (ReportFixture.input(), ReportFixture.input(interviews: [all[0], all[2], all[3]]))
            case .lastEdited, .thirdEdited:
                var edited = all
                let index = self == .lastEdited ? 3 : 2
                edited[index].turns[1].text += " Und der Bus fehlt auch."
                return (ReportFixture.input(), ReportFixture.input(interviews: edited))
            case .allOthers:
                let others = all.map { var i = $0; i.id = "X" + i.id; return i }
                return (ReportFixture.input(interviews: others), ReportFixture.input())
            case .listEntry:
                var options = ReportOptions()
                options.pseudonymList = [PseudonymEntry(kind: .place, name: "Naila", origin: "pseudonyms.txt:1")]
                return (ReportFixture.input(), ReportFixture.input(options: options))
            }
        }

        /// How many of this run's first interviews have the rows they had in the run before.
        /// In the middle, F02 comes first in F02 and moves the pseudonym letters of the people
        /// met after it (docs/reports.md): F03 and F04's rows change too.
        var unchanged: Int {
            switch self {
            case .nothing: 4
            case .addedAtTheEnd: 3
            case .twoAdded: 2
            case .addedInTheMiddle, .removedFromTheMiddle: 1
            case .lastEdited: 3
            case .thirdEdited, .listEntry: 2
            case .allOthers: 0
            }
        }
    }

    static func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("leitbild-snapshot-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Builds `input`'s analysis.sqlite in `folder` with `chunk` interviews per chunk, with or
    /// without the snapshot folder; returns the bytes and how many interviews came from the snapshot.
    static func build(_ input: ReportInput, in folder: String, chunk: Int, snapshot: Bool,
                      identities: Bool = false) throws -> (bytes: [UInt8], resumed: Int, note: String?) {
        var input = input
        input.sqliteSnapshotDirectory = snapshot ? folder + "/sqlite" : nil
        input.renderNotes = RenderNotes()
        if identities { input.reportBlocks = Self.identities(input, folder: folder) }
        let path = folder + "/analysis-\(UUID().uuidString).sqlite"
        defer { unlink(path) }
        let resumed = try SQLiteRenderer(chunk: chunk).build(input, at: path)
        return (Array(try Data(contentsOf: URL(fileURLWithPath: path))), resumed, input.renderNotes?.all(order: ["analysis.sqlite"]).first?.note)
    }

    /// Identities as the pipeline gives them (each file's coded cache key, which changes with its
    /// text, path and metadata): here a digest of the interview's id, file and text.
    static func identities(_ input: ReportInput, folder: String) -> ReportBlocks.Setup {
        ReportBlocks.Setup(directory: folder + "/blocks", tool: Digest.of("tool"), identities: input.transcripts.map { coded in
            Digest.of(coded.transcript.id + "\u{1F}" + coded.transcript.source.path + "\u{1F}" + coded.transcript.text)
        })
    }

    /// Where two files first differ (nil: the same bytes), so that a failure names an offset
    /// instead of printing both files.
    static func firstDifference(_ a: [UInt8], _ b: [UInt8]) -> Int? {
        if let i = (0..<min(a.count, b.count)).first(where: { a[$0] != b[$0] }) { return i }
        return a.count == b.count ? nil : min(a.count, b.count)
    }

    /// Without identities the snapshot's chunks are compared by their rows' digests; with them
    /// (the pipeline's run cache), by what the rows are made of (`InterviewRows.inputDigest`),
    /// and by their rows only where that differs.
    @Test("starting from the snapshot gives the bytes of a file built from scratch",
          arguments: Change.allCases, [(1, false), (2, false), (64, false), (1, true), (2, true)])
    func sameBytes(_ change: Change, _ how: (chunk: Int, identities: Bool)) throws {
        let chunk = how.chunk
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (before, after) = change.inputs
        let first = try Self.build(before, in: folder, chunk: chunk, snapshot: true, identities: how.identities)
        #expect(first.resumed == 0)
        #expect(Self.firstDifference(first.bytes, try Self.build(before, in: folder, chunk: chunk, snapshot: false).bytes) == nil,
                "keeping a snapshot changes no byte of the report")
        let second = try Self.build(after, in: folder, chunk: chunk, snapshot: true, identities: how.identities)
        #expect(Self.firstDifference(second.bytes, try Self.build(after, in: folder, chunk: chunk, snapshot: false).bytes) == nil)
        // The snapshot holds the whole chunks of the run before; it is used when none of them changed.
        let held = before.transcripts.count / chunk * chunk
        #expect(second.resumed == (change.unchanged >= held ? held : 0))
        if second.resumed > 0 {
            #expect(second.note?.contains(how.identities ? "(same inputs)" : "(same rows)") == true, "\(second.note ?? "no note")")
        }
    }

    /// Enough rows for tables of many pages and full batches, so that how rows of different
    /// tables interleave decides the file's pages: the fixture twelve times over, texts ten times.
    static let larger: [ReportFixture.Interview] = (1...12).flatMap { copy in
        ReportFixture.interviews.map { interview in
            var i = interview
            i.id = "K\(copy)-\(i.id)"
            i.file = "k\(copy)-\(i.file)"
            i.turns = i.turns.map { ($0.label, $0.role, [String](repeating: $0.text, count: 10).joined(separator: " "), $0.time) }
            return i
        }
    }

    @Test("a larger project with interviews added at the end: the same bytes, the snapshot used", arguments: [(41, 48, 8), (40, 41, 8), (47, 48, 16), (13, 14, 1), (22, 23, 1), (29, 31, 1), (37, 38, 1)])
    func larger(_ c: (before: Int, after: Int, chunk: Int)) throws {
        // By the rows' digests, and by what the rows are made of (the row ids after the snapshot
        // then come from its record).
        for identities in [false, true] {
            let folder = try Self.folder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let before = ReportFixture.input(interviews: Array(Self.larger.prefix(c.before)))
            let after = ReportFixture.input(interviews: Array(Self.larger.prefix(c.after)))
            _ = try Self.build(before, in: folder, chunk: c.chunk, snapshot: true, identities: identities)
            let second = try Self.build(after, in: folder, chunk: c.chunk, snapshot: true, identities: identities)
            #expect(second.resumed == c.before / c.chunk * c.chunk)
            #expect(second.note?.contains(identities ? "(same inputs)" : "(same rows)") == true)
            let scratch = try Self.build(after, in: folder, chunk: c.chunk, snapshot: false)
            #expect(scratch.bytes.count > 40 * SQLiteRenderer.pageSize, "the tables must span many pages")
            #expect(Self.firstDifference(second.bytes, scratch.bytes) == nil, "identities: \(identities)")
        }
    }

    @Test("the snapshot holds the interviews of whole chunks", arguments: [(4, 1, 4), (4, 2, 4), (3, 2, 2), (4, 3, 3), (4, 5, 0)])
    func record(_ c: (interviews: Int, chunk: Int, held: Int)) throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let input = ReportFixture.input(interviews: Array(ReportFixture.interviews.prefix(c.interviews)))
        _ = try Self.build(input, in: folder, chunk: c.chunk, snapshot: true)
        let snapshot = SQLiteSnapshot(directory: folder + "/sqlite")
        if c.held == 0 {
            #expect(!FileManager.default.fileExists(atPath: snapshot.recordFile))
            return
        }
        let record = try JSONDecoder().decode(SQLiteSnapshot.Record.self, from: Data(contentsOf: URL(fileURLWithPath: snapshot.recordFile)))
        #expect(record.chunks.count * c.chunk == c.held)
        #expect(SQLiteSnapshot.looksComplete(snapshot.file, size: record.size))
        // It holds the indexes, whole: a run that starts from it adds its interviews' entries
        // instead of building the indexes from all rows.
        var readOnly = Configuration()
        readOnly.readonly = true
        try DatabaseQueue(path: snapshot.file, configuration: readOnly).read { db in
            let indexes = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
            #expect(indexes == ["coding_signals_key", "coding_terms_key", "codings_by_code", "interview_variables_key", "segments_by_interview",
                                "speakers_key", "turns_key"])
            #expect(try String.fetchAll(db, sql: "PRAGMA integrity_check") == ["ok"])
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM turns INDEXED BY turns_key") == Int.fetchOne(db, sql: "SELECT count(*) FROM turns"))
        }
        // A second run takes all of it, and keeps it for the next.
        #expect((try Self.build(input, in: folder, chunk: c.chunk, snapshot: true)).resumed == c.held)
        #expect(FileManager.default.fileExists(atPath: snapshot.recordFile))
    }

    /// The snapshot's copy keeps the permissions of the run that made it; the report made from
    /// it must have those of a file made now, as every other report (a run under umask 077 after
    /// one under 022 wrote a world-readable analysis.sqlite beside owner-only reports). The
    /// umask is process-wide, so the test changes the copy's permissions instead.
    @Test("a report made from the snapshot has the permissions of a new file, not the snapshot's", arguments: [0o666, 0o600, 0o640])
    func permissionsOfANewFile(snapshotMode: Int) throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try Self.build(ReportFixture.input(interviews: Array(ReportFixture.interviews.prefix(3))), in: folder, chunk: 1, snapshot: true)
        let snapshot = SQLiteSnapshot(directory: folder + "/sqlite")
        #expect(chmod(snapshot.file, mode_t(snapshotMode)) == 0)
        // As if the run that made the snapshot had had that mode (its umask): the record takes the
        // status change time the chmod set, else the snapshot would not be trusted.
        var record = try JSONDecoder().decode(SQLiteSnapshot.Record.self, from: Data(contentsOf: URL(fileURLWithPath: snapshot.recordFile)))
        record.changed = try #require(FileStamp(path: snapshot.file)).changed
        try JSONEncoder().encode(record).write(to: URL(fileURLWithPath: snapshot.recordFile))
        let probe = folder + "/probe"
        let fd = open(probe, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        var made = stat()
        #expect(fd >= 0 && fstat(fd, &made) == 0)
        close(fd)

        var input = ReportFixture.input()
        input.sqliteSnapshotDirectory = folder + "/sqlite"
        let path = folder + "/analysis.sqlite"
        #expect(try SQLiteRenderer(chunk: 1).build(input, at: path) == 3, "made from the snapshot")
        var report = stat()
        #expect(lstat(path, &report) == 0)
        #expect(report.st_mode & 0o7777 == made.st_mode & 0o7777, "mode \(String(report.st_mode & 0o7777, radix: 8))")
        #expect(!FileManager.default.fileExists(atPath: path + "-mode"), "the probe is removed")
    }

    @Test("the run's note says where the rows came from and what is kept", arguments: [
        (0, 4, 1, "built from scratch (no snapshot of the same first interviews); a snapshot of the first 4 kept for the next run"),
        (3, 4, 1, "the rows of 3 of 4 interviews from the snapshot in SNAPSHOT (same rows); a snapshot of the first 4 kept for the next run"),
        (3, 4, 2, "the rows of 2 of 4 interviews from the snapshot in SNAPSHOT (same rows); a snapshot of the first 4 kept for the next run"),
        (0, 4, 5, "built from scratch (no snapshot of the same first interviews); no snapshot kept (fewer than 5 interviews)"),
    ])
    func note(_ c: (before: Int, after: Int, chunk: Int, note: String)) throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        if c.before > 0 {
            _ = try Self.build(ReportFixture.input(interviews: Array(ReportFixture.interviews.prefix(c.before))), in: folder, chunk: c.chunk,
                               snapshot: true)
        }
        var input = ReportFixture.input(interviews: Array(ReportFixture.interviews.prefix(c.after)))
        input.sqliteSnapshotDirectory = folder + "/sqlite"
        input.renderNotes = RenderNotes()
        let path = folder + "/analysis.sqlite"
        try SQLiteRenderer(chunk: c.chunk).build(input, at: path)
        let notes = try #require(input.renderNotes).all(order: [])
        #expect(notes.map(\.file) == ["analysis.sqlite"])
        #expect(notes.first?.note == c.note.replacingOccurrences(of: "SNAPSHOT", with: folder + "/sqlite"))
    }

    /// `/dev/shm` is a tmpfs on Linux, another file system than the temporary folder.
    static let tmpfs: String? = {
        var a = stat(), b = stat()
        guard stat("/dev/shm", &a) == 0, access("/dev/shm", W_OK) == 0, stat(FileManager.default.temporaryDirectory.path, &b) == 0,
              a.st_dev != b.st_dev else { return nil }
        return "/dev/shm"
    }()

    @Test("a snapshot on another file system (`--cache-dir` elsewhere) is copied, used, and kept",
          .enabled(if: tmpfs != nil, "needs /dev/shm on another file system than the temporary folder"))
    func otherFileSystem() throws {
        let folder = try Self.folder()
        let cache = try #require(Self.tmpfs) + "/leitbild-snapshot-\(UUID().uuidString)"
        defer {
            try? FileManager.default.removeItem(atPath: folder)
            try? FileManager.default.removeItem(atPath: cache)
        }
        func build(_ input: ReportInput, snapshot: Bool) throws -> (bytes: [UInt8], resumed: Int) {
            var input = input
            input.sqliteSnapshotDirectory = snapshot ? cache : nil
            let path = folder + "/analysis-\(UUID().uuidString).sqlite"
            defer { unlink(path) }
            let resumed = try SQLiteRenderer(chunk: 1).build(input, at: path)
            return (Array(try Data(contentsOf: URL(fileURLWithPath: path))), resumed)
        }
        _ = try build(ReportFixture.input(interviews: Array(ReportFixture.interviews.prefix(3))), snapshot: true)
        let second = try build(ReportFixture.input(), snapshot: true)
        #expect(second.resumed == 3)
        #expect(Self.firstDifference(second.bytes, try build(ReportFixture.input(), snapshot: false).bytes) == nil)
        #expect(try build(ReportFixture.input(), snapshot: true).resumed == 4)
    }

    /// A snapshot that is not what its record says is never used: the file is built from scratch.
    enum Damage: String, CaseIterable, CustomTestStringConvertible {
        case truncated, notSQLite, fileMissing, recordGarbage, otherLayout, otherRows, fileReplaced
        /// A byte inside the file changed and its modification time put back (`touch -r`, `rsync
        /// -t --inplace`, a bit flipped on the disk): only the status change time tells.
        case editedTimeRestored
        /// A record from before the status change time was kept.
        case recordWithoutStatusChange
        var testDescription: String { rawValue }

        func apply(to snapshot: SQLiteSnapshot) throws {
            switch self {
            case .truncated: #expect(truncate(snapshot.file, 16384) == 0)
            case .notSQLite:
                // The same size and inode, another modification time.
                let size = try #require(try FileManager.default.attributesOfItem(atPath: snapshot.file)[.size] as? Int)
                let handle = try #require(FileHandle(forWritingAtPath: snapshot.file))
                try handle.write(contentsOf: Data(repeating: 0x41, count: min(size, 4096)))
                try handle.close()
            case .fileMissing: #expect(unlink(snapshot.file) == 0)
            case .recordGarbage: try Data("{\"layout\": 3".utf8).write(to: URL(fileURLWithPath: snapshot.recordFile))
            case .otherLayout, .otherRows:
                var record = try JSONDecoder().decode(SQLiteSnapshot.Record.self, from: Data(contentsOf: URL(fileURLWithPath: snapshot.recordFile)))
                if self == .otherLayout { record.layout += " (older)" } else { record.chunks[record.chunks.count - 1] = String(repeating: "0", count: 64) }
                try JSONEncoder().encode(record).write(to: URL(fileURLWithPath: snapshot.recordFile))
            case .editedTimeRestored:
                var before = stat()
                #expect(lstat(snapshot.file, &before) == 0)
                let fd = open(snapshot.file, O_RDWR)
                #expect(fd >= 0)
                var byte: UInt8 = 0
                let offset = off_t(before.st_size - 100)
                #expect(pread(fd, &byte, 1, offset) == 1)
                byte ^= 0x20
                #expect(pwrite(fd, &byte, 1, offset) == 1)
                close(fd)
                var times = [before.st_atim, before.st_mtim]
                #expect(utimensat(AT_FDCWD, snapshot.file, &times, 0) == 0)
            case .recordWithoutStatusChange:
                let data = try Data(contentsOf: URL(fileURLWithPath: snapshot.recordFile))
                var fields = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
                #expect(fields.removeValue(forKey: "changed") != nil)
                try JSONSerialization.data(withJSONObject: fields).write(to: URL(fileURLWithPath: snapshot.recordFile))
            case .fileReplaced:
                // A copy of itself: the same bytes, but not the file the record names.
                let copy = snapshot.file + ".copy"
                #expect(SQLiteSnapshot.copy(snapshot.file, to: copy))
                #expect(rename(copy, snapshot.file) == 0)
            }
        }
    }

    @Test("a damaged or foreign snapshot is not used", arguments: Damage.allCases)
    func damaged(_ damage: Damage) throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let input = ReportFixture.input()
        _ = try Self.build(input, in: folder, chunk: 1, snapshot: true)
        try damage.apply(to: SQLiteSnapshot(directory: folder + "/sqlite"))
        let second = try Self.build(input, in: folder, chunk: 1, snapshot: true)
        #expect(second.resumed == 0)
        #expect(Self.firstDifference(second.bytes, try Self.build(input, in: folder, chunk: 1, snapshot: false).bytes) == nil)
        // The run leaves a good snapshot behind.
        #expect((try Self.build(input, in: folder, chunk: 1, snapshot: true)).resumed == 4)
    }
}
