import Foundation
import Testing
@testable import Reporting

/// Spare files (`SpareFiles`, docs/batch.md "Spare files"): a replaced report kept by a second
/// link in the run cache, written over by the next run's staged report only when nothing else
/// can see it.
@Suite("Spare files: replaced reports written over")
struct SpareFilesTests {
    /// A folder with a report `analysis.json` of `size` bytes and a spare folder in its cache.
    struct Folder {
        let root: String
        var report: String { root + "/analysis.json" }
        var staged: String { root + "/.analysis.json.tmp-\(getpid())" }
        let spares: SpareFiles

        init(reportSize size: Int = Int(SpareFiles.minimumSize) + 4096, byte: UInt8 = 0x41) throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("leitbild-spare-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
            spares = SpareFiles(directory: root + "/.leitbild-cache/spare")
            try Data(repeating: byte, count: size).write(to: URL(fileURLWithPath: report))
        }

        func remove() { try? FileManager.default.removeItem(atPath: root) }
    }

    static func info(_ path: String) -> Glibc.stat? {
        var s = Glibc.stat()
        return lstat(path, &s) == 0 ? s : nil
    }

    static func bytes(_ path: String) -> [UInt8] { (try? [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))) ?? [] }

    @Test("a kept report is taken by the next staged file: the same inode, cut to what was written", arguments: [10, 3 << 20])
    func keptAndWrittenOver(newSize: Int) throws {
        let folder = try Folder()
        defer { folder.remove() }
        let inode = try #require(Self.info(folder.report)).st_ino
        #expect(folder.spares.keep(folder.report, name: "analysis.json"))
        #expect(Self.info(folder.report)?.st_nlink == 2)
        #expect(folder.spares.keptFiles == ["analysis.json"])

        // The report is replaced (as `AtomicFile.commit` does); the spare keeps the old file.
        try Data("new report".utf8).write(to: URL(fileURLWithPath: folder.report + ".new"))
        #expect(rename(folder.report + ".new", folder.report) == 0)
        let writer = try ByteWriter(creating: folder.staged, spare: (folder.spares, "analysis.json"))
        let written = (0..<newSize).map { UInt8(truncatingIfNeeded: $0 % 251) }
        try writer.append(written)
        try writer.finish()
        #expect(Self.info(folder.staged)?.st_ino == inode, "the spare's file was written over")
        let same = Self.bytes(folder.staged) == written
        #expect(same, "nothing of the old bytes is left")
        #expect(!FileManager.default.fileExists(atPath: folder.spares.path("analysis.json")), "a spare is taken once")
        #expect(folder.spares.reusedFiles.map(\.name) == ["analysis.json"])
        #expect(folder.spares.note?.hasPrefix("analysis.json written over the pages of reports replaced before") == true)
    }

    enum Refusal: String, CaseIterable {
        case tooSmall, userLink, symbolicLink, folder, missing
    }

    @Test("not kept: small reports, one the user linked elsewhere, anything but a regular file", arguments: Refusal.allCases)
    func notKept(_ refusal: Refusal) throws {
        let folder = try Folder(reportSize: refusal == .tooSmall ? Int(SpareFiles.minimumSize) - 1 : Int(SpareFiles.minimumSize))
        defer { folder.remove() }
        // An unused spare of an earlier run is removed either way.
        try FileManager.default.createDirectory(atPath: folder.spares.directory, withIntermediateDirectories: true)
        try Data("old".utf8).write(to: URL(fileURLWithPath: folder.spares.path("analysis.json")))
        switch refusal {
        case .tooSmall: break
        case .userLink: #expect(link(folder.report, folder.root + "/backup.json") == 0)
        case .symbolicLink:
            #expect(rename(folder.report, folder.root + "/target.json") == 0)
            #expect(symlink(folder.root + "/target.json", folder.report) == 0)
        case .folder:
            unlink(folder.report)
            #expect(mkdir(folder.report, 0o755) == 0)
        case .missing: unlink(folder.report)
        }
        #expect(!folder.spares.keep(folder.report, name: "analysis.json"))
        #expect(!FileManager.default.fileExists(atPath: folder.spares.path("analysis.json")))
        #expect(folder.spares.keptFiles.isEmpty && folder.spares.note == nil)
    }

    enum Holder: String, CaseIterable {
        case openForReading, openForWriting, linkedAfterKept
    }

    @Test("not written over while anything else holds it: a new file, the holder keeps the old bytes", arguments: Holder.allCases)
    func notTakenWhenHeld(_ holder: Holder) throws {
        let folder = try Folder(byte: 0x42)
        defer { folder.remove() }
        let old = Self.bytes(folder.report)
        let inode = try #require(Self.info(folder.report)).st_ino
        #expect(folder.spares.keep(folder.report, name: "analysis.json"))
        unlink(folder.report)
        var held: Int32 = -1
        switch holder {
        case .openForReading: held = open(folder.spares.path("analysis.json"), O_RDONLY)
        case .openForWriting: held = open(folder.spares.path("analysis.json"), O_WRONLY)
        case .linkedAfterKept: #expect(link(folder.spares.path("analysis.json"), folder.root + "/backup.json") == 0)
        }
        defer { if held >= 0 { close(held) } }

        let writer = try ByteWriter(creating: folder.staged, spare: (folder.spares, "analysis.json"))
        try writer.append(Array("new".utf8))
        try writer.finish()
        #expect(Self.info(folder.staged)?.st_ino != inode, "a new file")
        #expect(Self.bytes(folder.staged) == Array("new".utf8))
        #expect(!FileManager.default.fileExists(atPath: folder.spares.path("analysis.json")), "the refused spare is removed")
        #expect(folder.spares.reusedFiles.isEmpty)
        switch holder {
        case .openForReading, .openForWriting:
            // The holder still has the old file, size and bytes (read through /proc, whatever its mode).
            var s = Glibc.stat()
            #expect(fstat(held, &s) == 0 && s.st_ino == inode)
            let seen = Self.bytes("/proc/self/fd/\(held)")
            #expect(seen == old ? true : false, "the holder sees \(seen.count) bytes, not the \(old.count) it opened")
        case .linkedAfterKept:
            let same = Self.bytes(folder.root + "/backup.json") == old
            #expect(same, "the user's link keeps the old report")
        }
    }

    @Test("the snapshot's copy is written over a spare and cut to the copy's length")
    func snapshotCopyOverSpare() throws {
        let folder = try Folder(reportSize: 3 << 20)
        defer { folder.remove() }
        let source = folder.root + "/source.sqlite"
        let copied = (0..<(1 << 20) + 17).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        try Data(copied).write(to: URL(fileURLWithPath: source))
        #expect(folder.spares.keep(folder.report, name: "analysis.sqlite"))
        let inode = try #require(Self.info(folder.report)).st_ino
        unlink(folder.report)  // replaced: the spare is its only link
        let destination = folder.root + "/copy.tmp"
        let fd = folder.spares.take("analysis.sqlite", to: destination, for: "analysis.sqlite's snapshot")
        #expect(fd != nil)
        #expect(SQLiteSnapshot.copy(source, to: destination, over: fd))
        #expect(Self.info(destination)?.st_ino == inode)
        let same = Self.bytes(destination) == copied
        #expect(same)
        #expect(folder.spares.reusedFiles.map(\.name) == ["analysis.sqlite's snapshot"])
    }

    @Test("a spare on another file system than the staged file is not taken (and stays for nothing)")
    func otherFileSystem() throws {
        guard Self.info("/dev/shm") != nil, access("/dev/shm", W_OK) == 0,
              Self.info("/dev/shm")?.st_dev != Self.info(FileManager.default.temporaryDirectory.path)?.st_dev
        else { return }
        let folder = try Folder()
        defer { folder.remove() }
        let spares = SpareFiles(directory: "/dev/shm/leitbild-spare-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(atPath: spares.directory) }
        // A link across file systems fails: nothing is kept.
        #expect(!spares.keep(folder.report, name: "analysis.json"))
        try FileManager.default.createDirectory(atPath: spares.directory, withIntermediateDirectories: true)
        try Data(count: 2 << 20).write(to: URL(fileURLWithPath: spares.path("analysis.json")))
        #expect(spares.take("analysis.json", to: folder.staged) == nil, "a rename across file systems fails")
        #expect(!FileManager.default.fileExists(atPath: folder.staged))
    }
}
