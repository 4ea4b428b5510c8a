import Foundation
import Testing
@testable import Reporting

/// `AtomicFile.commit` puts staged reports in place by renames, holding each previous version
/// open across its rename and releasing it afterwards.
@Suite("Committing staged reports")
struct AtomicFileTests {
    /// A new folder, by its canonical path (as `/proc/self/fd` shows paths), with a check that
    /// `descriptors(into:)` sees a file held open in it.
    static func folder() throws -> String {
        let made = NSTemporaryDirectory() + "/leitbild-atomic-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: made, withIntermediateDirectories: true)
        guard let resolved = realpath(made, nil) else { throw CocoaError(.fileNoSuchFile) }
        defer { free(resolved) }
        let path = String(cString: resolved)
        let probe = path + "/probe"
        try Data("probe".utf8).write(to: URL(fileURLWithPath: probe))
        let fd = open(probe, O_RDONLY)
        #expect(descriptors(into: path) == [probe], "the descriptor check does not see an open file")
        close(fd)
        unlink(probe)
        return path
    }

    static func bytes(_ path: String) -> [UInt8]? { FileManager.default.contents(atPath: path).map { [UInt8]($0) } }

    /// Descriptors of this process that point into `folder` (replaced files show as "(deleted)").
    static func descriptors(into folder: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return entries.compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\($0)") }
            .filter { $0.hasPrefix(folder + "/") }
    }

    /// What stands at the report's path before the commit.
    enum Before: String, CaseIterable, Sendable {
        case nothing, file, largeFile, symbolicLink, fifo
    }

    @Test("each report is the staged one afterwards, the temporaries are gone, no previous file is left open",
          .timeLimit(.minutes(1)), arguments: Before.allCases)
    func replaces(_ before: Before) throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/summary.md"
        let other = folder + "/themes.csv"
        switch before {
        case .nothing: break
        case .file: try Data("old summary".utf8).write(to: URL(fileURLWithPath: path))
        case .largeFile: try Data(repeating: 0x61, count: 8 << 20).write(to: URL(fileURLWithPath: path))
        case .symbolicLink:
            try Data("link target".utf8).write(to: URL(fileURLWithPath: folder + "/target.md"))
            try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: folder + "/target.md")
        case .fifo:
            #expect(mkfifo(path, 0o644) == 0)
            // Should the commit wait for a writer, this one comes after 3 s, so the test fails by
            // the time taken instead of hanging.
            let fifo = path
            Thread.detachNewThread {
                Thread.sleep(forTimeInterval: 3)
                let fd = open(fifo, O_RDWR | O_NONBLOCK)
                if fd >= 0 { close(fd) }
            }
        }
        try Data("old themes".utf8).write(to: URL(fileURLWithPath: other))
        let staged = [
            (temporary: try AtomicFile.stage(Array("new summary".utf8), for: path), path: path),
            (temporary: try AtomicFile.stage(Array("new themes".utf8), for: other), path: other),
        ]
        let started = Date()
        // Between the renames and the release: a previous regular file is still held, now without a name.
        let holds = AtomicFile.holdsReplacedFiles(in: folder)
        let held = [Before.file, .largeFile].contains(before) && holds ? [path + " (deleted)", other + " (deleted)"]
            : holds ? [other + " (deleted)"] : []
        let written = try AtomicFile.commit(staged, in: folder) {
            #expect(Self.descriptors(into: folder).sorted() == held)
            // A run killed now would leave the marker: the next run says the reports may be mixed.
            #expect(AtomicFile.wasInterrupted(in: folder))
        }
        #expect(!AtomicFile.wasInterrupted(in: folder))
        #expect(Date().timeIntervalSince(started) < 2)
        #expect(written == [path, other])
        #expect(Self.bytes(path) == Array("new summary".utf8))
        #expect(Self.bytes(other) == Array("new themes".utf8))
        for file in staged { #expect(!FileManager.default.fileExists(atPath: file.temporary)) }
        // A link is replaced itself; what it pointed to is left alone.
        if before == .symbolicLink { #expect(Self.bytes(folder + "/target.md") == Array("link target".utf8)) }
        #expect(Self.descriptors(into: folder) == [])
    }

    @Test("a folder in a report's place fails the commit before any rename: every previous report stays",
          arguments: [false, true])
    func folderInTheWay(empty: Bool) throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let first = folder + "/summary.md"
        try Data("old summary".utf8).write(to: URL(fileURLWithPath: first))
        // A folder where the second report goes: rename(2) cannot replace a non-empty one, and an
        // empty one is the user's all the same.
        let blocked = folder + "/themes.csv"
        try FileManager.default.createDirectory(atPath: empty ? blocked : blocked + "/inside", withIntermediateDirectories: true)
        let staged = [
            (temporary: try AtomicFile.stage(Array("new summary".utf8), for: first), path: first),
            (temporary: try AtomicFile.stage(Array("new themes".utf8), for: blocked), path: blocked),
        ]
        let error = #expect(throws: ReportingError.self) { try AtomicFile.commit(staged, in: folder) }
        #expect(error?.localizedDescription.contains("\(blocked): cannot write: a folder has the report's name") == true)
        #expect(Self.bytes(first) == Array("old summary".utf8))
        var isFolder: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: blocked, isDirectory: &isFolder) && isFolder.boolValue)
        for file in staged { #expect(!FileManager.default.fileExists(atPath: file.temporary)) }
        #expect(Self.descriptors(into: folder) == [])
    }

    @Test("a rename failing after others discards the remaining temporaries, releases what it held, and names the reports already replaced")
    func failedRename() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let first = folder + "/summary.md", second = folder + "/themes.csv"
        try Data("old summary".utf8).write(to: URL(fileURLWithPath: first))
        try Data("old themes".utf8).write(to: URL(fileURLWithPath: second))
        let staged = [
            (temporary: try AtomicFile.stage(Array("new summary".utf8), for: first), path: first),
            (temporary: try AtomicFile.stage(Array("new themes".utf8), for: second), path: second),
        ]
        // The second staged file gone (as if removed by hand): its rename fails, after the first's.
        #expect(unlink(staged[1].temporary) == 0)
        let error = #expect(throws: ReportingError.self) { try AtomicFile.commit(staged, in: folder) }
        #expect(error?.localizedDescription.contains("summary.md is already this run's, the others the last run's") == true,
                "\(error?.localizedDescription ?? "")")
        #expect(Self.bytes(first) == Array("new summary".utf8))
        #expect(Self.bytes(second) == Array("old themes".utf8))
        #expect(!AtomicFile.wasInterrupted(in: folder), "the failure says which reports are new")
        for file in staged { #expect(!FileManager.default.fileExists(atPath: file.temporary)) }
        #expect(Self.descriptors(into: folder) == [])
    }

    @Test("a full disk is named as such, with what to do", arguments: [ENOSPC, EDQUOT])
    func diskFull(code: Int32) {
        let message = ReportingError.writing("/out/.analysis.json.tmp-7-1", errno: code).naming("/out/.analysis.json.tmp-7-1", as: "/out/analysis.json")
            .localizedDescription
        #expect(message.hasPrefix("/out/analysis.json: cannot write: the disk is full. The previous reports are kept."))
        #expect(message.contains("--no-cache") && message.contains("--cache-dir"))
        #expect(ReportingError.writing("/out/x", errno: EACCES).localizedDescription == "/out/x: cannot write: Permission denied. Check that the output folder is writable (--out).")
    }

    @Test("replaced files are held on tmpfs, not on procfs (not in the list of local file systems)")
    func localOnly() {
        #expect(!AtomicFile.holdsReplacedFiles(in: "/proc"))
        #expect(!AtomicFile.holdsReplacedFiles(in: "/no/such/folder"))
        if FileManager.default.fileExists(atPath: "/dev/shm") { #expect(AtomicFile.holdsReplacedFiles(in: "/dev/shm")) }
    }

    @Test("only a regular file is held open", arguments: ["file", "none", "link", "fifo", "folder"])
    func holdOpen(kind: String) throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/report"
        switch kind {
        case "file": try Data("x".utf8).write(to: URL(fileURLWithPath: path))
        case "link":
            try Data("x".utf8).write(to: URL(fileURLWithPath: folder + "/target"))
            try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: folder + "/target")
        case "fifo": #expect(mkfifo(path, 0o644) == 0)
        case "folder": try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        default: break
        }
        let fd = AtomicFile.holdOpen(path)
        #expect((fd >= 0) == (kind == "file"))
        if fd >= 0 { close(fd) }
    }
}
