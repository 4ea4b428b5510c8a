import Foundation
import LeitbildCore
import Pipeline
import Testing
import TestSupport

/// How a run joins the metadata sheet with the files it scans (found in a first-day review).
@Suite("Metadata join in a run", .scratchFolder)
struct MetadataJoinRunTests {
    /// The sheet's file cells without `.txt`: before, no row matched, and summary.md said the
    /// metadata named no group.
    @Test("file cells without extension join the scanned files by their stem, with and without the cache")
    func stems() async throws {
        let project = try TestProject.copy(TestProject.fixture)
        let sheet = try String(contentsOfFile: project + "/metadata.csv", encoding: .utf8)
        try TestProject.write(sheet.replacingOccurrences(of: ".txt,", with: ","), to: project + "/metadata.csv")
        let out = TestProject.temporary("stems")
        let request = AnalysisRequest(project: project, outputDirectory: out)
        for useCache in [false, true, true] {
            let result = try await AnalysisPipeline().analyze(request, batch: BatchOptions(useCache: useCache))
            #expect(result.coded.map(\.transcript.metadata.group) == ["Verwaltung", "Senioren", "Jugend"])
            #expect(result.diagnostics.filter { $0.severity >= .warning }.isEmpty, "\(result.diagnostics)")
        }
        let run = try await AnalysisPipeline().run(request, batch: BatchOptions())
        #expect(run.diagnostics.filter { $0.severity >= .warning }.isEmpty, "\(run.diagnostics)")
        #expect(!(try String(contentsOfFile: out + "/summary.md", encoding: .utf8)).contains("nennen keine Gruppe"))
    }
}

extension MetadataJoinRunTests {
    @Test("a group written in another letter case is the same group in a run, and the run names the line")
    func groupSpelling() async throws {
        let project = try TestProject.copy(TestProject.fixture)
        let sheet = try String(contentsOfFile: project + "/metadata.csv", encoding: .utf8)
        try TestProject.write(sheet.replacingOccurrences(of: ",Jugend,", with: ",verwaltung,"), to: project + "/metadata.csv")
        let out = TestProject.temporary("group-spelling")
        let result = try await AnalysisPipeline().analyze(AnalysisRequest(project: project, outputDirectory: out), batch: BatchOptions(useCache: false))
        #expect(result.coded.map(\.transcript.metadata.group) == ["Verwaltung", "Senioren", "Verwaltung"])
        let warning = try #require(result.diagnostics.first { $0.message.contains("are read as one group") })
        #expect(warning.line == 4)
        #expect(warning.file == project + "/metadata.csv")
    }
}
