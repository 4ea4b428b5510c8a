import Foundation
@testable import Pipeline
import Testing
import TestSupport

/// Two runs on one output folder or one cache would prune each other's cache entries and mix
/// their reports: the second is refused while the first holds the folder.
@Suite("Run lock: one run per output folder and cache", .scratchFolder)
struct RunLockTests {
    /// Holds `.leitbild.lock` in `folder` the way another process would (its own open file).
    static func holdLock(_ folder: String, pid: String = "4242") throws -> Int32 {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let fd = open(folder + "/" + RunLock.fileName, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        #expect(fd >= 0)
        #expect(flock(fd, LOCK_EX | LOCK_NB) == 0)
        _ = ftruncate(fd, 0)
        _ = Array((pid + "\n").utf8).withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        return fd
    }

    /// A symbolic link (in a fresh temporary path) to `target`.
    static func link(to target: String, _ name: String) throws -> String {
        let link = TestProject.temporary(name)
        try FileManager.default.removeItem(atPath: link)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        return link
    }

    /// A regular file (in a fresh temporary path) where a test wants a folder's parent, so the
    /// folder below it cannot be created.
    static func regularFile(_ name: String) throws -> String {
        let path = TestProject.temporary(name)
        try FileManager.default.removeItem(atPath: path)
        try TestProject.write("not a folder", to: path)
        return path
    }

    enum Held: String, CaseIterable, Sendable { case output, cache }

    @Test("a run is refused with exit code 1 while another holds the folder, and runs once it is free", arguments: Held.allCases)
    func busyFolder(_ held: Held) async throws {
        let out = TestProject.temporary("lock-out")
        let cacheDir = TestProject.temporary("lock-cache")
        defer { for path in [out, cacheDir] { try? FileManager.default.removeItem(atPath: path) } }
        let request = AnalysisRequest(project: TestProject.fixture, outputDirectory: out)
        let batch = BatchOptions(cacheDirectory: cacheDir)
        let fd = try Self.holdLock(held == .output ? out : cacheDir)
        do {
            _ = try await AnalysisPipeline().run(request, batch: batch)
            Issue.record("the run was not refused")
        } catch {
            #expect(ExitStatus(error: error) == .usage)
            let message = error.localizedDescription
            #expect(message.contains(held == .output ? out : cacheDir))
            #expect(message.contains("process 4242"))
            #expect(message.contains("--out"))
        }
        #expect(!FileManager.default.fileExists(atPath: out + "/summary.md"))
        close(fd)
        let run = try await AnalysisPipeline().run(request, batch: batch)
        #expect(ExitStatus(run: run, strict: false) == .success)
        #expect(FileManager.default.fileExists(atPath: out + "/summary.md"))
    }

    @Test("the lock is released when the run ends, also between two runs of one process")
    func releasedAfterRun() async throws {
        let out = TestProject.temporary("lock-twice")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let request = AnalysisRequest(project: TestProject.fixture, outputDirectory: out)
        for _ in 0..<2 {
            let run = try await AnalysisPipeline().run(request, batch: BatchOptions())
            #expect(ExitStatus(run: run, strict: false) == .success)
        }
        // Free again: another holder can take it at once.
        let fd = try Self.holdLock(out)
        close(fd)
        // The lock file is not a report and not a temporary: it stays, holding the last run's process id.
        let text = try String(contentsOfFile: out + "/" + RunLock.fileName, encoding: .utf8)
        #expect(text == "4242\n")
    }

    @Test("a folder named twice, spelled differently or through a symbolic link, is locked once")
    func sameFolderTwice() throws {
        let out = TestProject.temporary("lock-same")
        let link = try Self.link(to: out, "lock-link")
        defer { for path in [out, link] { try? FileManager.default.removeItem(atPath: path) } }
        let parent = (out as NSString).deletingLastPathComponent, name = (out as NSString).lastPathComponent
        let lock = try RunLock.acquire(required: [out, out + "/", out + "/./", parent + "/./" + name + "/../" + name, link], optional: [link, out])
        withExtendedLifetime(lock) {}
        #expect(lock.notes.isEmpty)
    }

    @Test("the cache folder is the output folder through a symbolic link: the run is not refused by itself")
    func cacheSpelledAsOutput() async throws {
        let out = TestProject.temporary("lock-self")
        let link = try Self.link(to: out, "lock-self-link")
        defer { for path in [out, link] { try? FileManager.default.removeItem(atPath: path) } }
        let run = try await AnalysisPipeline().run(AnalysisRequest(project: TestProject.fixture, outputDirectory: out),
                                                   batch: BatchOptions(cacheDirectory: link))
        #expect(ExitStatus(run: run, strict: false) == .success)
    }

    @Test("a cache folder that cannot be created gives a note; the run goes on")
    func unwritableCache() async throws {
        let out = TestProject.temporary("lock-nocache")
        let blocker = try Self.regularFile("lock-blocker")
        defer { for path in [out, blocker] { try? FileManager.default.removeItem(atPath: path) } }
        let run = try await AnalysisPipeline().run(AnalysisRequest(project: TestProject.fixture, outputDirectory: out),
                                                   batch: BatchOptions(cacheDirectory: blocker + "/cache"))
        #expect(ExitStatus(run: run, strict: false) == .success)
        #expect(run.cacheNotes.contains { $0.message.contains("cannot create the folder") && $0.message.contains("without the cache lock") })
        #expect(FileManager.default.fileExists(atPath: out + "/summary.md"))
    }

    @Test("an output folder that cannot be created stops the run with exit code 1 and says what to do")
    func uncreatableOutput() async throws {
        let blocker = try Self.regularFile("lock-out-blocker")
        defer { try? FileManager.default.removeItem(atPath: blocker) }
        do {
            _ = try await AnalysisPipeline().run(AnalysisRequest(project: TestProject.fixture, outputDirectory: blocker + "/out"),
                                                 batch: BatchOptions(useCache: false))
            Issue.record("the run was not refused")
        } catch {
            #expect(ExitStatus(error: error) == .usage)
            #expect(error.localizedDescription.contains("--out"))
        }
    }

    @Test("a killed holder does not block: the kernel drops its lock")
    func killedHolder() throws {
        let out = TestProject.temporary("lock-killed")
        defer { try? FileManager.default.removeItem(atPath: out) }
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        // A child process takes the lock and is killed with SIGKILL.
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        // --no-fork: `flock` becomes `sleep` itself, so killing this one process frees the lock.
        child.arguments = ["--exclusive", "--no-fork", out + "/" + RunLock.fileName, "sleep", "30"]
        try child.run()
        defer { if child.isRunning { kill(child.processIdentifier, SIGKILL) } }
        // Wait until the child holds it.
        var held = false
        for _ in 0..<100 {
            do { let lock = try RunLock.acquire(required: [out]); withExtendedLifetime(lock) {} } catch { held = true; break }
            usleep(20_000)
        }
        #expect(held)
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        var free = false
        for _ in 0..<100 {
            if (try? RunLock.acquire(required: [out])) != nil { free = true; break }
            usleep(20_000)
        }
        #expect(free)
    }
}
