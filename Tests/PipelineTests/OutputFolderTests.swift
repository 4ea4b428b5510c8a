import Foundation
import LeitbildCore
@testable import Pipeline
import Reporting
import Testing
import TestSupport

/// What a run tidies in the output folder and the run cache before it writes: the temporaries of killed runs.
@Suite("Leftover temporaries", .scratchFolder)
struct OutputFolderTests {
    /// A copy of the fixture project analysed once into a new output folder (with the cache);
    /// both folders are removed with it.
    final class Analysed {
        let project: String
        let out: String

        init(_ name: String) async throws {
            project = try TestProject.copy(TestProject.fixture)
            out = TestProject.temporary(name)
            _ = try await run()
        }

        deinit { for folder in [project, out] { try? FileManager.default.removeItem(atPath: folder) } }

        func run() async throws -> AnalysisRun {
            try await AnalysisPipeline().run(AnalysisRequest(project: project, outputDirectory: out), batch: BatchOptions(jobs: 2, useCache: true))
        }
    }

    /// Found in a review: a run killed under `timeout -s KILL` stays a zombie until its parent
    /// collects it, and its temporaries outlived the next run.
    @Test("a process that has ended but is not yet collected (a zombie) runs no more")
    func zombie() throws {
        let child = fork()
        if child == 0 { _exit(0) }
        try #require(child > 0)
        defer { var status: Int32 = 0; waitpid(child, &status, 0) }
        // Until the child has exited it may still run; then it is a zombie until waitpid.
        var tries = 0
        while !OutputFolder.isZombie(child), tries < 200 { usleep(10_000); tries += 1 }
        #expect(OutputFolder.isZombie(child))
        #expect(kill(child, 0) == 0, "a zombie still answers kill(pid, 0)")
        #expect(!OutputFolder.processExists(child))
        #expect(OutputFolder.processExists(getpid()))
        #expect(!OutputFolder.isZombie(getpid()))
    }

    @Test("a killed run's temporaries are removed; those of running processes, and other files, stay")
    func staleTemporaries() throws {
        let out = TestProject.temporary("leftovers")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        // A process that has ended: its id names no process now (ids are not reused this soon).
        let ended = Process()
        ended.executableURL = URL(fileURLWithPath: "/bin/true")
        try ended.run()
        ended.waitUntilExit()
        let dead = ended.processIdentifier
        try #require(kill(dead, 0) != 0 && errno == ESRCH)
        let removed = [".summary.md.tmp-\(dead)", ".analysis.sqlite.tmp-\(dead)-4", ".analysis.sqlite.tmp-\(dead)-4-journal"]
        let kept = [
            PathName.lastComponent(TemporaryName.path(for: out + "/report.html")),  // this process's
            ".segments.csv.tmp-1-2",  // init's: a running process
            "summary.md", ".leitbild-reports.json", ".notes.tmp",
        ]
        for name in removed + kept { try Data("x".utf8).write(to: URL(fileURLWithPath: out + "/" + name)) }
        OutputFolder.removeStaleTemporaries(in: out)
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: out))
        #expect(left == Set(kept))
    }

    @Test("a run removes the temporaries of killed runs from the output folder and the cache, its own process id's included")
    func runTidies() async throws {
        let analysed = try await Analysed("leftovers-run")
        let out = analysed.out
        let cache = out + "/.leitbild-cache"
        // This process's id: a killed run's whose id came round again, as every run's in a
        // container is 1. A running process's (init's) stays.
        let own = getpid()
        let stale = [out + "/.analysis.json.tmp-\(own)-7", cache + "/.manifest.json.tmp-\(own)-3",
                     cache + "/memo/.pseudonyms.bin.tmp-\(own)-4", cache + "/blocks/.analysis.json.json.tmp-\(own)-9"]
        let running = own == 1 ? [] : [out + "/.segments.csv.tmp-1-2", cache + "/memo/.pseudonyms.bin.tmp-1-5"]
        for path in stale + running { try Data("x".utf8).write(to: URL(fileURLWithPath: path)) }
        // Nothing changed: the run stops before the per-file work, and tidies all the same.
        let run = try await analysed.run()
        #expect(run.reportsUnchanged)
        for path in stale { #expect(!FileManager.default.fileExists(atPath: path), "\(path)") }
        for path in running { #expect(FileManager.default.fileExists(atPath: path), "\(path)") }
    }

    @Test("a run after one killed while renaming its reports says they may be mixed, and writes them all")
    func interruptedRenames() async throws {
        let analysed = try await Analysed("interrupted")
        let out = analysed.out
        // What a kill between the renames leaves: the marker, and no report manifest (removed
        // before the reports were staged).
        try Data().write(to: URL(fileURLWithPath: out + "/" + AtomicFile.renamingMarker))
        try FileManager.default.removeItem(atPath: out + "/.leitbild-reports.json")
        let run = try await analysed.run()
        #expect(run.reports == .written)
        #expect(run.cacheNotes.contains { $0.message.contains("the last run was stopped while it renamed its reports into place") },
                "\(run.cacheNotes.map(\.message))")
        #expect(!AtomicFile.wasInterrupted(in: out))
        let next = try await analysed.run()
        #expect(!next.cacheNotes.contains { $0.message.contains("stopped while it renamed") })
    }
}
