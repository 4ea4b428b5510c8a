import Foundation
import LeitbildCore
import Pipeline
import Testing
import TestSupport

/// Parallel runs give the same reports as a single-threaded run, with and without the cache.
@Suite("Batch: parallel runs are byte-identical to --jobs 1", .scratchFolder)
struct BatchTests {
    static let jobs = [1, 2, 3, 8]

    @Test("reports do not depend on the number of jobs", arguments: jobs)
    func jobsDoNotChangeReports(jobs: Int) async throws {
        let project = try TestProject.synthetic(24, seed: 11)
        let single = TestProject.temporary("jobs1")
        let parallel = TestProject.temporary("jobsN")
        _ = try await AnalysisPipeline().run(AnalysisRequest(project: project, outputDirectory: single), batch: BatchOptions(jobs: 1, useCache: false))
        let run = try await AnalysisPipeline().run(AnalysisRequest(project: project, outputDirectory: parallel), batch: BatchOptions(jobs: jobs, useCache: false))
        #expect(run.transcripts == 24)
        let a = try TestProject.reports(single), b = try TestProject.reports(parallel)
        #expect(a.keys.sorted() == b.keys.sorted())
        for (name, bytes) in a { #expect(b[name] == bytes, "\(name) differs with --jobs \(jobs)") }
    }

    @Test("the synchronous API (one thread, no cache) and a cached parallel run write the same reports")
    func cachedParallelEqualsSequential() async throws {
        let project = try TestProject.synthetic(16, seed: 5)
        let reference = TestProject.temporary("seq")
        _ = try AnalysisPipeline().run(AnalysisRequest(project: project, outputDirectory: reference))
        let out = TestProject.temporary("cached")
        for pass in 0..<2 {  // cold cache, then warm cache
            // Without the report manifest the warm pass decodes every entry (else the reports
            // would be told unchanged by content, and no entry read).
            if pass == 1 { try FileManager.default.removeItem(atPath: out + "/.leitbild-reports.json") }
            let run = try await AnalysisPipeline().run(AnalysisRequest(project: project, outputDirectory: out), batch: BatchOptions(jobs: 3))
            #expect(run.files.allSatisfy { $0.status == (pass == 0 ? .analysed : .cached) })
            #expect(!run.reportsUnchanged)
            let a = try TestProject.reports(reference), b = try TestProject.reports(out)
            for (name, bytes) in a { #expect(b[name] == bytes, "\(name) differs (pass \(pass))") }
        }
    }

    @Test("results are placed by input index: the file list order is kept")
    func inputOrderKept() async throws {
        let project = try TestProject.synthetic(12, seed: 3)
        let run = try await AnalysisPipeline().run(AnalysisRequest(project: project, outputDirectory: TestProject.temporary("order")),
                                                   batch: BatchOptions(jobs: 4, useCache: false))
        #expect(run.files.map(\.path) == (try AnalysisPipeline.transcriptFiles(in: project)))
    }
}

/// analysis.sqlite starts from the snapshot in the run cache (`CACHE/sqlite`) when the first
/// interviews are unchanged (docs/batch.md, "analysis.sqlite's snapshot"): with one interview
/// added after 64 others, the file is the snapshot's file with the rest appended (the same inode,
/// moved into place), and its bytes are those of a run without the cache.
@Suite("Batch: analysis.sqlite from its snapshot", .scratchFolder)
struct SQLiteSnapshotPipelineTests {
    static func inode(_ path: String) -> UInt64? {
        var info = stat()
        return lstat(path, &info) == 0 ? UInt64(info.st_ino) : nil
    }

    @Test("one interview added after a whole chunk: the snapshot is used and the file is byte-identical")
    func interviewAdded() async throws {
        let project = try TestProject.synthetic(66, seed: 7)
        let transcripts = project + "/transcripts"
        let last = try #require(try FileManager.default.contentsOfDirectory(atPath: transcripts).sorted().last)
        let aside = TestProject.temporary("aside")
        try FileManager.default.moveItem(atPath: transcripts + "/" + last, toPath: aside + "/" + last)
        let out = TestProject.temporary("snapshot")
        _ = try await AnalysisPipeline().run(AnalysisRequest(project: project, outputDirectory: out), batch: BatchOptions(jobs: 2))
        let snapshot = out + "/.leitbild-cache/sqlite/analysis-rows.sqlite"
        let before = try #require(Self.inode(snapshot), "65 interviews hold one whole chunk of 64: a snapshot is kept")

        try FileManager.default.moveItem(atPath: aside + "/" + last, toPath: transcripts + "/" + last)
        let run = try await AnalysisPipeline().run(AnalysisRequest(project: project, outputDirectory: out), batch: BatchOptions(jobs: 2))
        #expect(run.files.filter { $0.status == .analysed }.count == 1)
        #expect(Self.inode(out + "/analysis.sqlite") == before, "the snapshot's file became the report")
        let notes = Dictionary(uniqueKeysWithValues: run.timings.renderNotes.map { ($0.file, $0.note) })
        #expect(run.timings.renderNotes.map(\.file) == ["segments.csv", "analysis.json", "analysis.sqlite", "pseudonymised texts"])
        #expect(notes["analysis.sqlite"]?.hasPrefix("the rows of 64 of 66 interviews from the snapshot") == true)
        // The other interviews' rows of analysis.json and segments.csv are copied from the last run's files (`ReportBlocks`).
        #expect(notes["analysis.json"] == "130 of 132 interview blocks copied from the last run's file")
        #expect(notes["segments.csv"] == "65 of 66 interview blocks copied from the last run's file")
        #expect(Self.inode(snapshot) != nil, "a new snapshot is kept for the next run")

        let a = try TestProject.reports(out), b = try await TestProject.reportsWithoutCache(project)
        #expect(a.keys.sorted() == b.keys.sorted())
        for (name, bytes) in b { #expect(a[name] == bytes, "\(name) differs from a run without the cache") }
    }
}

/// The pseudonymiser's memo in the run cache (`CACHE/memo/pseudonyms.bin`, docs/batch.md,
/// "Pseudonymised texts"): a run after one more interview takes the other texts' pseudonymising
/// from it; a damaged memo is noted and not used; the reports are those of a run without the cache.
@Suite("Batch: pseudonymised texts from the last run's memo", .scratchFolder)
struct PseudonymMemoPipelineTests {
    @Test("used after an interview is added, ignored with a note when damaged, the same reports either way")
    func memoUsedAndChecked() async throws {
        let project = try TestProject.synthetic(12, seed: 4)
        let transcripts = project + "/transcripts"
        let names = try FileManager.default.contentsOfDirectory(atPath: transcripts).sorted()
        let aside = TestProject.temporary("aside")
        for name in names.suffix(2) { try FileManager.default.moveItem(atPath: transcripts + "/" + name, toPath: aside + "/" + name) }
        let out = TestProject.temporary("memo")
        let request = AnalysisRequest(project: project, outputDirectory: out)
        let first = try await AnalysisPipeline().run(request, batch: BatchOptions(jobs: 2))
        #expect(!first.timings.renderNotes.contains { $0.file == "pseudonymised texts" }, "no memo yet")
        let memo = out + "/.leitbild-cache/memo/pseudonyms.bin"
        #expect(FileManager.default.fileExists(atPath: memo))

        func addBack(_ name: String) throws { try FileManager.default.moveItem(atPath: aside + "/" + name, toPath: transcripts + "/" + name) }
        func expectReportsAsWithoutCache(_ pass: String) async throws {
            let a = try await TestProject.reportsWithoutCache(project), b = try TestProject.reports(out)
            #expect(a.keys.sorted() == b.keys.sorted())
            for (name, bytes) in a { #expect(b[name] == bytes, "\(name) differs from a run without the cache (\(pass))") }
        }

        try addBack(names[names.count - 2])
        let second = try await AnalysisPipeline().run(request, batch: BatchOptions(jobs: 2))
        let note = try #require(second.timings.renderNotes.first { $0.file == "pseudonymised texts" }?.note)
        // 12 texts: the 11 transcripts and the sheet row of the file still aside, whose people the
        // pseudonymiser learns too (a transcript without text); all but the added one from the memo.
        #expect(note.hasPrefix("titled names of 11 of 12 texts and the names replaced in "), "\(note)")
        try await expectReportsAsWithoutCache("memo used")

        // Damaged: one byte of the payload changed.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: memo))
        bytes[bytes.count - 1] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: memo))
        try addBack(names[names.count - 1])
        let third = try await AnalysisPipeline().run(request, batch: BatchOptions(jobs: 2))
        #expect(!third.timings.renderNotes.contains { $0.file == "pseudonymised texts" }, "a damaged memo is not used")
        #expect(third.cacheNotes.contains { $0.message.contains("memo/pseudonyms.bin") && $0.message.contains("checksum") }, "\(third.cacheNotes.map(\.message))")
        try await expectReportsAsWithoutCache("memo damaged")
        #expect(try Data(contentsOf: URL(fileURLWithPath: memo)) != bytes, "the run wrote a good memo again")
    }
}
