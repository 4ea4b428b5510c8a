import Foundation
import LeitbildCore
import Pipeline
import Testing
import TestSupport

/// Found in a user review (fifth stop of 2026-11-29): a transcript saved twice
/// (`02-pflege (1).txt`) counted as a second interview without a word.
@Suite("Copied transcripts", .scratchFolder)
struct CopiedTranscriptTests {
    func run(_ project: String, cache: Bool) async throws -> AnalysisRun {
        try await AnalysisPipeline().run(AnalysisRequest(project: project, outputDirectory: TestProject.temporary("copied-out")),
                                         batch: BatchOptions(jobs: 2, useCache: cache))
    }

    func copies(_ run: AnalysisRun) -> [Diagnostic] { run.diagnostics.filter { $0.message.contains("has the same text as") } }

    @Test("a copy of a transcript is named, with the file it copies, with and without the cache", arguments: [false, true])
    func copyNamed(_ cache: Bool) async throws {
        let project = try TestProject.copy(TestProject.fixture)
        let transcripts = project + "/transcripts"
        try FileManager.default.copyItem(atPath: transcripts + "/02-pflege.txt", toPath: transcripts + "/02-pflege (1).txt")
        let run = try await run(project, cache: cache)
        let notes = copies(run)
        #expect(notes.count == 1)
        #expect(notes.first?.severity == .warning)
        #expect(notes.first?.file?.hasSuffix("02-pflege.txt") == true, "\(notes)")
        #expect(notes.first?.message.contains("02-pflege (1).txt") == true, "\(notes)")
    }

    @Test("different transcripts, and short texts that repeat, are no copies")
    func noCopies() async throws {
        let project = try TestProject.copy(TestProject.fixture)
        #expect(copies(try await run(project, cache: false)).isEmpty)
        let transcripts = project + "/transcripts"
        try "B: Keine Angabe.\n".write(toFile: transcripts + "/04-kurz.txt", atomically: true, encoding: .utf8)
        try "B: Keine Angabe.\n".write(toFile: transcripts + "/05-kurz.txt", atomically: true, encoding: .utf8)
        #expect(copies(try await run(project, cache: false)).isEmpty)
    }
}
