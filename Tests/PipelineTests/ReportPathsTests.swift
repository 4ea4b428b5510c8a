@testable import Pipeline
import Foundation
import LeitbildCore
import Testing

/// How the reports name files (`ReportPaths`): relative to the project folder, in paths and in messages.
@Suite("Report paths: files named relative to the project folder")
struct ReportPathsTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var project: String
        var input: String
        var path: String
        var text: String
        var testDescription: String { "\(project): \(input)" }
    }

    static let cases: [Case] = [
        Case(project: "corpus", input: "corpus/transcripts/a.txt", path: "transcripts/a.txt", text: "transcripts/a.txt"),
        Case(project: "./corpus/", input: "./corpus/transcripts/a.txt", path: "transcripts/a.txt", text: "transcripts/a.txt"),
        Case(project: "/home/x/corpus", input: "/home/x/corpus/metadata.csv", path: "metadata.csv", text: "metadata.csv"),
        // Another folder whose name ends like the project's: neither the path nor the message changes.
        Case(project: "corpus", input: "/data/corpus/a.txt", path: "/data/corpus/a.txt", text: "/data/corpus/a.txt"),
        Case(project: "corpus", input: "old-corpus/a.txt", path: "old-corpus/a.txt", text: "old-corpus/a.txt"),
        // The project folder itself is no file in it.
        Case(project: "corpus", input: "corpus/", path: "corpus/", text: ""),
        // In messages: after a space, a quote or a bracket, and more than once.
        Case(project: "corpus", input: "already the id of a transcript in corpus/transcripts/b.txt (from 'corpus/metadata.csv' line 3)",
             path: "already the id of a transcript in corpus/transcripts/b.txt (from 'corpus/metadata.csv' line 3)",
             text: "already the id of a transcript in transcripts/b.txt (from 'metadata.csv' line 3)"),
        Case(project: "corpus", input: "no path here", path: "no path here", text: "no path here"),
    ]

    @Test("paths and messages", arguments: cases)
    func renaming(_ c: Case) {
        let paths = ReportPaths(project: c.project)
        #expect(paths(c.input) == c.path)
        #expect(paths.text(c.input) == c.text)
    }

    @Test("a diagnostic's file, message and hint")
    func diagnostic() {
        let paths = ReportPaths(project: "./corpus")
        let d = paths(Diagnostic(.warning, "row of ./corpus/transcripts/a.txt", file: "./corpus/metadata.csv", line: 4,
                                 hint: "rename ./corpus/transcripts/a.txt"))
        #expect(d.description == "metadata.csv:4: warning: row of transcripts/a.txt (rename transcripts/a.txt)")
    }

    @Test("a file of the project given by another spelling (--metadata with an absolute path) is named relative too")
    func givenFile() {
        let sheet = FileManager.default.currentDirectoryPath + "/corpus/./metadata.csv"
        let paths = ReportPaths(project: "corpus", files: [sheet, nil, "/elsewhere/weights.yaml"])
        #expect(paths(sheet) == "metadata.csv")
        #expect(paths.text("interview id from \(sheet) line 3") == "interview id from metadata.csv line 3")
        #expect(paths("/elsewhere/weights.yaml") == "/elsewhere/weights.yaml")
    }
}
