import Foundation
@testable import Pipeline
import LeitbildCore
import Testing
import TestSupport

/// How the reports name files (`ReportPaths`): relative to the project folder, in paths and in
/// messages; in messages only the run's own files, where a whole path stands.
@Suite("Report paths: files named relative to the project folder", .scratchFolder)
struct ReportPathsTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var project: String
        /// The run's transcripts (the defaults metadata.csv, codebook.yaml, … are added).
        var files: [String]
        var input: String
        var path: String
        var text: String
        var testDescription: String { "\(project): \(input)" }
    }

    static let cases: [Case] = [
        Case(project: "corpus", files: ["corpus/transcripts/a.txt"], input: "corpus/transcripts/a.txt", path: "transcripts/a.txt",
             text: "transcripts/a.txt"),
        Case(project: "./corpus/", files: ["./corpus/transcripts/a.txt"], input: "./corpus/transcripts/a.txt", path: "transcripts/a.txt",
             text: "transcripts/a.txt"),
        Case(project: "/home/x/corpus", files: [], input: "/home/x/corpus/metadata.csv", path: "metadata.csv", text: "metadata.csv"),
        // Another folder whose name ends like the project's: neither the path nor the message changes.
        Case(project: "corpus", files: [], input: "/data/corpus/a.txt", path: "/data/corpus/a.txt", text: "/data/corpus/a.txt"),
        Case(project: "corpus", files: [], input: "old-corpus/a.txt", path: "old-corpus/a.txt", text: "old-corpus/a.txt"),
        // The project folder itself is no file in it.
        Case(project: "corpus", files: [], input: "corpus/", path: "corpus/", text: "corpus/"),
        // In messages: after a space, a quote or a bracket, before a colon, a quote or a full stop, more than once.
        Case(project: "corpus", files: ["corpus/transcripts/a.txt", "corpus/transcripts/b.txt"],
             input: "already the id of a transcript in corpus/transcripts/b.txt (from 'corpus/metadata.csv' line 3); see corpus/transcripts/a.txt:4.",
             path: "already the id of a transcript in corpus/transcripts/b.txt (from 'corpus/metadata.csv' line 3); see corpus/transcripts/a.txt:4.",
             text: "already the id of a transcript in transcripts/b.txt (from 'metadata.csv' line 3); see transcripts/a.txt:4."),
        // A file name with spaces.
        Case(project: "corpus", files: ["corpus/transcripts/01 Frau Z.txt"], input: "in corpus/transcripts/01 Frau Z.txt: empty",
             path: "in corpus/transcripts/01 Frau Z.txt: empty", text: "in transcripts/01 Frau Z.txt: empty"),
        // A cell value quoted in a message is the user's data: a date in a project named 2026, a
        // file cell naming a file that is not one of the run's.
        Case(project: "2026", files: ["2026/transcripts/a.txt"], input: "date '2026/03/10' is not a calendar date",
             path: "date '2026/03/10' is not a calendar date", text: "date '2026/03/10' is not a calendar date"),
        Case(project: "corpus", files: ["corpus/transcripts/a.txt"], input: "row for 'corpus/transcripts/nicht-da.txt' matches no file",
             path: "row for 'corpus/transcripts/nicht-da.txt' matches no file", text: "row for 'corpus/transcripts/nicht-da.txt' matches no file"),
        // A run's file inside a longer path is not that file.
        Case(project: "corpus", files: ["corpus/transcripts/a.txt"], input: "copy of corpus/transcripts/a.txt.bak",
             path: "copy of corpus/transcripts/a.txt.bak", text: "copy of corpus/transcripts/a.txt.bak"),
        Case(project: "corpus", files: [], input: "no path here", path: "no path here", text: "no path here"),
        // A member of an archive: the archive's path is the run's file (a hostile-input review
        // found the whole disk path of a .docx in the shared reports).
        Case(project: "/home/x/corpus", files: ["/home/x/corpus/transcripts/58.docx"],
             input: "/home/x/corpus/transcripts/58.docx/word/document.xml:1: refused for safety",
             path: "/home/x/corpus/transcripts/58.docx/word/document.xml:1: refused for safety",
             text: "transcripts/58.docx/word/document.xml:1: refused for safety"),
        // A project folder that is not ASCII (its head is searched for the long way).
        Case(project: "Gemeindeübersicht", files: ["Gemeindeübersicht/transcripts/ä.txt"],
             input: "in Gemeindeübersicht/transcripts/ä.txt: leer", path: "in Gemeindeübersicht/transcripts/ä.txt: leer",
             text: "in transcripts/ä.txt: leer"),
        Case(project: "Gemeindeübersicht", files: [], input: "ohne Pfad", path: "ohne Pfad", text: "ohne Pfad"),
        // Texts that hold the head only in part, or at the very end.
        Case(project: "corpus", files: ["corpus/a.txt"], input: "corpu", path: "corpu", text: "corpu"),
        Case(project: "corpus", files: ["corpus/a.txt"], input: "see corpus/a.txt", path: "see corpus/a.txt", text: "see a.txt"),
    ]

    @Test("paths and messages", arguments: cases)
    func renaming(_ c: Case) {
        let paths = ReportPaths(project: c.project, files: c.files)
        #expect(paths(c.input) == c.path || c.input.contains(" "))
        #expect(paths.text(c.input) == c.text)
    }

    @Test("a diagnostic's file, message and hint")
    func diagnostic() {
        let paths = ReportPaths(project: "./corpus", files: ["./corpus/transcripts/a.txt"])
        let d = paths(Diagnostic(.warning, "row of ./corpus/transcripts/a.txt", file: "./corpus/metadata.csv", line: 4,
                                 hint: "rename ./corpus/transcripts/a.txt"))
        #expect(d.description == "metadata.csv:4: warning: row of transcripts/a.txt (rename transcripts/a.txt)")
    }

    @Test("a transcript's path, origin and role reasons; its speakers are not copied when no reason names a file")
    func transcript() {
        let paths = ReportPaths(project: "corpus", files: ["corpus/transcripts/a.txt"])
        func transcript(reasons: [String], origin: String?) -> Transcript {
            Transcript(id: "a", source: SourceDocument(path: "corpus/transcripts/a.txt", format: .plainText, encoding: "UTF-8", byteCount: 0,
                                                       textLinesAreSourceLines: true),
                       text: "", speakers: reasons.indices.map { Speaker(id: "S\($0)", label: "S\($0)", role: .respondent, roleReason: reasons[$0]) },
                       turns: [], metadata: InterviewMetadata(interviewID: "a", origin: origin))
        }
        let named = paths(transcript(reasons: ["label 'Anna' names the interviewer 'Anna' in the metadata (corpus/metadata.csv:2)",
                                               "the only named speaker"], origin: "corpus/metadata.csv:2"))
        #expect(named.source.path == "transcripts/a.txt")
        #expect(named.metadata.origin == "metadata.csv:2")
        #expect(named.speakers.map(\.roleReason) == ["label 'Anna' names the interviewer 'Anna' in the metadata (metadata.csv:2)",
                                                      "the only named speaker"])
        let plain = transcript(reasons: ["the only named speaker", "not the interviewer ('I' is)"], origin: nil)
        let kept = paths(plain)
        #expect(kept.source.path == "transcripts/a.txt")
        #expect(kept.metadata.origin == nil)
        #expect(kept.speakers == plain.speakers)
        #expect(kept.speakers.withUnsafeBufferPointer { $0.baseAddress } == plain.speakers.withUnsafeBufferPointer { $0.baseAddress },
                "the speakers were copied, though no role reason names a file")
    }

    @Test("a file of the project given by another spelling (--metadata with an absolute path) is named relative too")
    func givenFile() {
        let sheet = FileManager.default.currentDirectoryPath + "/corpus/./metadata.csv"
        let paths = ReportPaths(project: "corpus", files: [sheet, nil, "/elsewhere/weights.yaml"])
        #expect(paths(sheet) == "metadata.csv")
        #expect(paths.text("interview id from \(sheet) line 3") == "interview id from metadata.csv line 3")
        #expect(paths("/elsewhere/weights.yaml") == "/elsewhere/weights.yaml")
    }

    @Test("a project or a file reached through a symbolic link")
    func symbolicLinks() throws {
        let folder = TestProject.temporary("report-paths")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/real/transcripts", withIntermediateDirectories: true)
        for name in ["metadata.csv", "transcripts/a.txt"] { try TestProject.write("x", to: folder + "/real/" + name) }
        try FileManager.default.createSymbolicLink(atPath: folder + "/link", withDestinationPath: folder + "/real")
        // The project through the link, the sheet by its real path (and the other way round).
        let viaLink = ReportPaths(project: folder + "/link", files: [folder + "/real/metadata.csv"])
        #expect(viaLink(folder + "/real/metadata.csv") == "metadata.csv")
        #expect(viaLink.text("from \(folder)/real/metadata.csv line 2") == "from metadata.csv line 2")
        let viaReal = ReportPaths(project: folder + "/real", files: [folder + "/link/metadata.csv"])
        #expect(viaReal(folder + "/link/metadata.csv") == "metadata.csv")
        #expect(viaReal(folder + "/link/transcripts/a.txt") == "transcripts/a.txt")
    }

    /// A message that names every file of a large project (the failure of a copied .qdpx whose
    /// interview ids all repeat). Each name must cost a scan no longer than the longest file
    /// name: a scan to the end of the message per name took hours at a few thousand names.
    @Test("a message naming thousands of files: every name renamed, each found by a short scan")
    func manyNames() throws {
        let files = (0..<3000).map { "corpus/transcripts/S\($0).txt" }
        let paths = ReportPaths(project: "corpus", files: files)
        let message = files.map { "'I' (already the id of a transcript in \($0))" }.joined(separator: ", ")
        let longest = files.map(\.count).max() ?? 0
        let start = try #require(message.range(of: "corpus/")).lowerBound
        let ends = paths.ends(in: message, at: start)
        #expect(!ends.isEmpty)
        try #require(ends.allSatisfy { message.distance(from: start, to: $0) <= longest }, "a scan reached past the longest file name")
        let renamed = paths.text(message)
        #expect(!renamed.contains("corpus/"))
        #expect(renamed.hasSuffix("in transcripts/S2999.txt)"))
        #expect(renamed.utf8.count == message.utf8.count - 3000 * "corpus/".utf8.count)
    }

    @Test("the project's name is its folder's own name", arguments: [("corpus", "corpus"), ("corpus/transcripts/..", "corpus"), ("corpus/.", "corpus")])
    func projectName(_ c: (project: String, name: String)) throws {
        let folder = TestProject.temporary("project-name")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/corpus/transcripts", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: folder + "/link", withDestinationPath: folder + "/corpus")
        #expect(ReportPaths.projectName(folder + "/" + c.project) == c.name)
        #expect(ReportPaths.projectName(folder + "/link") == "corpus")
    }
}
