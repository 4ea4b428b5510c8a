import Foundation
import LeitbildCore
import Pipeline
import Testing
import TestSupport

/// What a run removes from the cache: entries of removed or edited files, never those of a file
/// that merely failed this time, and nothing at all when nothing could be analysed.
@Suite("Cache: pruning", .scratchFolder)
struct CachePruningTests {
    func run(_ project: String, _ out: String) async throws -> AnalysisRun {
        try await AnalysisPipeline().run(AnalysisRequest(project: project, outputDirectory: out), batch: BatchOptions(jobs: 2))
    }

    func entries(_ out: String) throws -> Set<String> {
        let root = out + "/.leitbild-cache"
        // The entries of the files (the layers' folders), not the memos of the whole run (`memo/`).
        return Set(try FileManager.default.subpathsOfDirectory(atPath: root).filter { $0.hasSuffix(".bin") && !$0.hasPrefix("memo/") })
    }

    /// How files of the fixture (01-mobil, 02-pflege, 03-pflege) are spoilt for the second run.
    enum Spoil: String, CaseIterable, Sendable {
        /// Every file is binary: nothing can be analysed (exit code 3).
        case everyFileBinary
        /// Every file is a folder now (cannot be read at all): exit code 3.
        case everyFileUnreadable
        /// One file is binary: exit code 2.
        case oneFileBinary
        /// One file cannot be read: exit code 2.
        case oneFileUnreadable
    }

    func spoil(_ spoil: Spoil, _ project: String) throws -> [String: Data] {
        let names = spoil == .oneFileBinary || spoil == .oneFileUnreadable ? ["02-pflege.txt"] : ["01-mobil.txt", "02-pflege.txt", "03-pflege.txt"]
        var originals: [String: Data] = [:]
        for name in names {
            let path = project + "/transcripts/" + name
            originals[path] = try Data(contentsOf: URL(fileURLWithPath: path))
            switch spoil {
            case .everyFileBinary, .oneFileBinary: try Data([0, 1, 2, 3, 0, 0, 0, 0]).write(to: URL(fileURLWithPath: path))
            case .everyFileUnreadable, .oneFileUnreadable:
                try FileManager.default.removeItem(atPath: path)
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
            }
        }
        return originals
    }

    @Test("the entries of files that failed are kept; once they can be read again, nothing is re-read", arguments: Spoil.allCases)
    func failedFilesKeepTheirEntries(_ how: Spoil) async throws {
        let project = try TestProject.copy(TestProject.fixture)
        let out = TestProject.temporary("prune-failed")
        _ = try await run(project, out)
        let before = try entries(out)
        #expect(before.count == 6)
        let originals = try spoil(how, project)
        let spoilt = try await run(project, out)
        #expect(spoilt.failures.count == originals.count)
        #expect(ExitStatus(run: spoilt, strict: false) == (originals.count == 3 ? .nothingAnalysed : .partial))
        #expect(try entries(out) == before)
        // A run with the failure still present keeps them too (the manifest carries them on).
        _ = try await run(project, out)
        #expect(try entries(out) == before)
        for (path, data) in originals {
            try? FileManager.default.removeItem(atPath: path)
            try data.write(to: URL(fileURLWithPath: path))
        }
        // Without the report manifest the run must use the entries (else, when the spoilt runs
        // analysed nothing, the first run's reports would be told unchanged by content).
        try? FileManager.default.removeItem(atPath: out + "/.leitbild-reports.json")
        let repaired = try await run(project, out)
        #expect(!repaired.unchangedByContent && !repaired.unchangedByStat)
        #expect(repaired.files.allSatisfy { $0.status == .cached }, "\(repaired.files.map { ($0.path, $0.status) })")
        #expect(try entries(out) == before)
    }

    /// A copy of the fixture analysed once into a new output folder (two entries per file), then
    /// its 01-mobil.txt removed.
    func cachedThenRemoved(_ name: String) async throws -> (project: String, out: String) {
        let project = try TestProject.copy(TestProject.fixture)
        let out = TestProject.temporary(name)
        _ = try await run(project, out)
        #expect(try entries(out).count == 6)
        try FileManager.default.removeItem(atPath: project + "/transcripts/01-mobil.txt")
        return (project, out)
    }

    @Test("the entries of a removed file are pruned, also when another file fails")
    func removedFile() async throws {
        let (project, out) = try await cachedThenRemoved("prune-removed")
        try Data([0, 1, 2, 3, 0, 0, 0, 0]).write(to: URL(fileURLWithPath: project + "/transcripts/03-pflege.txt"))
        let second = try await run(project, out)
        #expect(second.failures.count == 1)
        // 02 used, 03 kept (failed), 01 gone.
        #expect(try entries(out).count == 4)
    }

    @Test("reports that cannot be put in place: the run fails with the report's error, and the cache is pruned all the same")
    func prunedWhenReportsFail() async throws {
        let (project, out) = try await cachedThenRemoved("prune-reports-fail")
        // A folder (with a file in it) where summary.md is renamed to: the rename fails.
        try FileManager.default.removeItem(atPath: out + "/summary.md")
        try FileManager.default.createDirectory(atPath: out + "/summary.md", withIntermediateDirectories: false)
        try TestProject.write("keep", to: out + "/summary.md/keep.txt")
        await #expect(throws: PipelineError.self) { try await run(project, out) }
        // The pruning beside the reports had finished: 01's two entries are gone, the others kept,
        // and the cache's manifest lists only what is kept.
        #expect(try entries(out).count == 4)
        let manifest = try String(contentsOfFile: out + "/.leitbild-cache/manifest.json", encoding: .utf8)
        #expect(!manifest.contains("01-mobil"))
        #expect(manifest.contains("02-pflege"))
        // Nothing the user had is touched: the folder in the way is still there.
        #expect(FileManager.default.fileExists(atPath: out + "/summary.md/keep.txt"))
    }
}
