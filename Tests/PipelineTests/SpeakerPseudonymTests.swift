import Foundation
import Pipeline
import Testing
import TestSupport

/// A family interview: two speakers whose names both pseudonymise to "[Person]" (found in a
/// hostile-input review, where analysis.sqlite's unique speaker key stopped the whole run).
@Suite("Speakers whose pseudonyms coincide", .scratchFolder)
struct SpeakerPseudonymTests {
    @Test("the run writes every report, the speakers apart")
    func familyInterview() async throws {
        let project = TestProject.temporary("family")
        let out = TestProject.temporary("family-out")
        defer { for folder in [project, out] { try? FileManager.default.removeItem(atPath: folder) } }
        try FileManager.default.createDirectory(atPath: project + "/transcripts", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: TestProject.fixture + "/codebook.yaml", toPath: project + "/codebook.yaml")
        try Data("Frau Schübel: Wie ist der Bus?\n\nHerr Schübel: Der Rufbus fährt selten.\n".utf8)
            .write(to: URL(fileURLWithPath: project + "/transcripts/b.txt"))
        try Data("interview_id,file,respondent\nB,b.txt,Ingrid Schübel; Lukas Schübel\n".utf8)
            .write(to: URL(fileURLWithPath: project + "/metadata.csv"))
        let run = try await AnalysisPipeline().run(AnalysisRequest(project: project, outputDirectory: out),
                                                   batch: BatchOptions(jobs: 1, useCache: false))
        #expect(run.transcripts == 1)
        #expect(FileManager.default.fileExists(atPath: out + "/analysis.sqlite"))
        let json = try String(contentsOfFile: out + "/analysis.json", encoding: .utf8)
        #expect(!json.contains("Schübel"))
        #expect(json.contains("[Person] (2)"))
    }
}

/// What a project scan picks up (`AnalysisPipeline.transcriptFiles`).
@Suite("Project scan", .scratchFolder)
struct ProjectScanTests {
    @Test("transcripts by extension; hidden files, Word's lock files and other files are left out")
    func scan() throws {
        let project = TestProject.temporary("scan")
        defer { try? FileManager.default.removeItem(atPath: project) }
        try FileManager.default.createDirectory(atPath: project + "/transcripts", withIntermediateDirectories: true)
        let names = ["b.docx", "a.txt", "~$b.docx", ".a.txt.swp", ".hidden.txt", "notes.pdf", "c.vtt~", "C.SRT"]
        for name in names { try Data("x".utf8).write(to: URL(fileURLWithPath: project + "/transcripts/" + name)) }
        let found = try AnalysisPipeline.transcriptFiles(in: project).map { ($0 as NSString).lastPathComponent }
        #expect(found == ["C.SRT", "a.txt", "b.docx"])
    }
}
