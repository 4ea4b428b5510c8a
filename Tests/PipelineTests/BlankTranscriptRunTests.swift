import Foundation
import Ingestion
import LeitbildCore
import Pipeline
import Testing
import TestSupport

/// A transcript file of only white space in a project run: a failed file, named, exit code 2;
/// it is no interview of the reports.
@Suite("Project run: a blank transcript is a failed file", .scratchFolder)
struct BlankTranscriptRunTests {
    @Test("failed with its name and what to do; the interviews are the others", arguments: [" \n\t\n", "WEBVTT\n\n"])
    func blank(_ text: String) async throws {
        let project = try TestProject.copy(TestProject.fixture)
        let name = text.hasPrefix("WEBVTT") ? "04-leer.vtt" : "04-leer.txt"
        try TestProject.write(text, to: project + "/transcripts/" + name)
        let out = TestProject.temporary("blank")
        let run = try await AnalysisPipeline().run(AnalysisRequest(project: project, outputDirectory: out), batch: BatchOptions(useCache: false))
        #expect(ExitStatus(run: run, strict: false) == .partial)
        #expect(run.transcripts == 3)
        let failure = try #require(run.failures.first)
        #expect(run.failures.count == 1)
        #expect(failure.file.hasSuffix("/transcripts/" + name))
        #expect(failure.error.hasSuffix("/transcripts/\(name): contains no text (the transcript is empty, only white space or only speaker labels). "
                                        + "Export the transcript again, or remove the file."))
        #expect(RunSummary.failures(run).contains("1 of 4 files failed"))
        let summary = try String(contentsOfFile: out + "/summary.md", encoding: .utf8)
        #expect(summary.contains("transcripts/\(name)"))
    }
}
