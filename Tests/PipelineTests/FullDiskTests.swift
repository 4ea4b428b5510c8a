import Foundation
import LeitbildCore
@testable import Pipeline
import Testing
import TestSupport

/// On a full disk the run cache gives way to the reports. The retry itself needs a full disk
/// (checked by hand on a tmpfs, docs/batch.md "Atomic outputs"); what it removes is tested here.
@Suite("The run cache gives way on a full disk", .scratchFolder)
struct FullDiskTests {
    @Test("emptying the cache removes its entries, memo, blocks, snapshot and manifest; its lock and other files stay")
    func emptyCache() async throws {
        let project = try TestProject.copy(TestProject.fixture)
        let out = TestProject.temporary("full-disk")
        defer { for folder in [project, out] { try? FileManager.default.removeItem(atPath: folder) } }
        _ = try await AnalysisPipeline().run(AnalysisRequest(project: project, outputDirectory: out), batch: BatchOptions(jobs: 2, useCache: true))
        let directory = out + "/.leitbild-cache"
        let before = Set(try FileManager.default.contentsOfDirectory(atPath: directory))
        try #require(before.isSuperset(of: ["parsed", "coded", "memo", "manifest.json"]))
        // A --cache-dir may hold the user's files, also in folders the cache uses.
        let mine = ["my-notes.txt", "blocks/notes.txt", "sqlite/mine.db", "coded/ab/keep.txt", "memo/plan.md"]
        for name in mine {
            try FileManager.default.createDirectory(atPath: PathName.folder(directory + "/" + name), withIntermediateDirectories: true)
            try Data("mine".utf8).write(to: URL(fileURLWithPath: directory + "/" + name))
        }
        let freed = AnalysisPipeline.emptyCache(AnalysisCache(directory: directory, tool: Digest.of(Array("t".utf8))))
        #expect(freed > 10_000)
        let after = Set(try FileManager.default.contentsOfDirectory(atPath: directory))
        #expect(after == before.intersection([".leitbild.lock"]).union(["my-notes.txt", "blocks", "sqlite", "coded", "memo"]))
        for name in mine { #expect(FileManager.default.fileExists(atPath: directory + "/" + name), "\(name)") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/coded") == ["ab"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/blocks") == ["notes.txt"])
        // The next run fills it again and writes the same reports.
        let summary = try Data(contentsOf: URL(fileURLWithPath: out + "/summary.md"))
        try FileManager.default.removeItem(atPath: out + "/summary.md")
        _ = try await AnalysisPipeline().run(AnalysisRequest(project: project, outputDirectory: out), batch: BatchOptions(jobs: 2, useCache: true))
        #expect(try Data(contentsOf: URL(fileURLWithPath: out + "/summary.md")) == summary)
        #expect(FileManager.default.fileExists(atPath: directory + "/manifest.json"))
    }

    @Test("one file system or two")
    func sameDevice() {
        #expect(OutputFolder.sameDevice("/tmp", NSTemporaryDirectory()) == OutputFolder.sameDevice(NSTemporaryDirectory(), "/tmp"))
        #expect(OutputFolder.sameDevice(NSTemporaryDirectory(), NSTemporaryDirectory()))
        #expect(!OutputFolder.sameDevice(NSTemporaryDirectory(), "/proc"))
        #expect(!OutputFolder.sameDevice("/nonexistent-\(getpid())", NSTemporaryDirectory()))
    }
}
