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

/// A respondent's name in an interview id and a file name (found in a hostile-input review: the
/// reports showed both as they were).
@Suite("Names in interview ids and file names", .scratchFolder)
struct NamedIdentifierTests {
    @Test("no shared report shows them, with or without the cache")
    func namedIdentifiers() async throws {
        let project = try TestProject.copy(TestProject.corpus)
        let out = TestProject.temporary("named-out")
        let old = "02-schauenstein-buergermeister.txt", new = "02-schauenstein-hopperdietzel.txt"
        try FileManager.default.moveItem(atPath: project + "/transcripts/" + old, toPath: project + "/transcripts/" + new)
        let sheet = try String(contentsOfFile: project + "/metadata.csv", encoding: .utf8)
        #expect(sheet.contains("\nI02," + old + ","))
        try TestProject.write(sheet.replacingOccurrences(of: "\nI02," + old + ",", with: "\nI02-Hopperdietzel," + new + ","),
                              to: project + "/metadata.csv")
        // The file added to a cached run of the others, as after an interview round.
        let side = TestProject.temporary("side") + "/" + new
        try FileManager.default.moveItem(atPath: project + "/transcripts/" + new, toPath: side)
        _ = try await AnalysisPipeline().run(AnalysisRequest(project: project, outputDirectory: out), batch: BatchOptions(jobs: 2))
        try FileManager.default.moveItem(atPath: side, toPath: project + "/transcripts/" + new)
        let run = try await AnalysisPipeline().run(AnalysisRequest(project: project, outputDirectory: out), batch: BatchOptions(jobs: 2))
        #expect(run.cacheNotes.contains { $0.message.contains("the id 'I02-Hopperdietzel' as 'I02-Person ") })

        let reports = try TestProject.reports(out)
        #expect(reports == (try await TestProject.reportsWithoutCache(project)))
        for (name, data) in reports where !["project.qdpx", "pseudonym-key.csv"].contains(name) {
            #expect(data.range(of: Data("opperdietzel".utf8)) == nil, "the name in \(name)")
            #expect(data.range(of: Data("OPPERDIETZEL".utf8)) == nil, "the name in \(name)")
        }
        let json = String(decoding: try #require(reports["analysis.json"]), as: UTF8.self)
        #expect(json.contains("\"file\":\"transcripts/02-schauenstein-Person "))
        // project.qdpx, the analyst's own and not shared, keeps them (checked in ReportingTests,
        // which can unzip it: "the ids and paths with a name are renamed everywhere ...").
    }

    @Test("a name hyphenated across the lines of a subtitle cue is replaced")
    func nameAcrossCueLines() async throws {
        let project = try TestProject.copy(TestProject.corpus)
        let out = TestProject.temporary("cue-lines-out")
        // The reader joins a cue's lines with a space: "Hopper- dietzel" (I02's respondent is Erwin Hopperdietzel).
        let vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Anna Roth>Was fehlt?</v>\n\n"
            + "00:00:05.000 --> 00:00:09.000\n<v Gerda Zeh>Der Bus. Das sagt auch der Hopper-\ndietzel, für Kinder- und\nJugendarbeit.</v>\n"
        try TestProject.write(vtt, to: project + "/transcripts/19-cue.vtt")
        let sheet = try String(contentsOfFile: project + "/metadata.csv", encoding: .utf8)
        try TestProject.write(sheet + "I19,19-cue.vtt,Vereine,Naila,2026-06-01,Anna Roth,Gerda Zeh,,\n", to: project + "/metadata.csv")
        _ = try await AnalysisPipeline().run(AnalysisRequest(project: project, outputDirectory: out), batch: BatchOptions(jobs: 2))
        let reports = try TestProject.reports(out)
        let summary = String(decoding: try #require(reports["analysis.json"]), as: UTF8.self)
        #expect(summary.contains("Kinder- und Jugendarbeit"))
        for (name, data) in reports where !["project.qdpx", "pseudonym-key.csv"].contains(name) {
            #expect(String(decoding: data, as: UTF8.self).range(of: "Hopper- dietzel") == nil, "the name in \(name)")
        }
    }

    @Test("a failed file named after its respondent: the sheet row's people are learnt, its name replaced")
    func failedNamedFile() async throws {
        let project = try TestProject.copy(TestProject.corpus)
        let out = TestProject.temporary("failed-named-out")
        try Data("PK\u{3}\u{4}kaputt".utf8).write(to: URL(fileURLWithPath: project + "/transcripts/19-zwergel.docx"))
        let sheet = try String(contentsOfFile: project + "/metadata.csv", encoding: .utf8)
        try TestProject.write(sheet + "I19,19-zwergel.docx,Politik,Naila,2026-06-01,Anna Roth,Xaver Zwergel,Kassier,\n", to: project + "/metadata.csv")
        let run = try await AnalysisPipeline().run(AnalysisRequest(project: project, outputDirectory: out), batch: BatchOptions(jobs: 2))
        #expect(run.failures.map { ($0.file as NSString).lastPathComponent } == ["19-zwergel.docx"])
        let reports = try TestProject.reports(out)
        for (name, data) in reports where !["project.qdpx", "pseudonym-key.csv"].contains(name) {
            #expect(String(decoding: data, as: UTF8.self).lowercased().range(of: "zwergel") == nil, "the name in \(name)")
        }
        let key = String(decoding: try #require(reports["pseudonym-key.csv"]), as: UTF8.self)
        #expect(key.contains("Xaver Zwergel"))
        #expect(reports == (try await TestProject.reportsWithoutCache(project)))
    }
}
