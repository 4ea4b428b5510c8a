import Foundation
import LeitbildCore
import Pipeline
import Testing
import TestSupport

/// On Linux, `NSString`'s `lastPathComponent`, `pathExtension`, `deletingPathExtension` and
/// `deletingLastPathComponent` trap on a path whose last letter, beyond ASCII, follows a doubled
/// slash ("DIR//é", as a shell's completion and a typed slash make it), and the last also on a
/// path of one character; `pathExtension` also on a short name after six slashes
/// ("DIR//////é.txt"). Typed so, a sheet, a codebook, a file or a project folder stopped the
/// whole run; now `PathName` answers. Before, every case here crashed (a signal instead of the
/// exit status).
@Suite("Paths typed with a doubled slash before a last letter beyond ASCII", .scratchFolder)
struct DoubledSlashTests {
    /// The fixture's codebook without its `name`, so that the codebook is named after its file.
    static func unnamedCodebook(at path: String) throws {
        let text = try String(contentsOfFile: TestProject.fixture + "/codebook.yaml", encoding: .utf8)
        try TestProject.write(text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("name:") }
            .joined(separator: "\n"), to: path)
    }

    @Test("analyze with --metadata DIR//é and --codebook DIR//é reads both, and reports as with DIR/é")
    func analyzeTypedPaths() async throws {
        let folder = TestProject.temporary("typed")
        try FileManager.default.copyItem(atPath: TestProject.fixture + "/metadata.csv", toPath: folder + "/é")
        try FileManager.default.createDirectory(atPath: folder + "/cb", withIntermediateDirectories: true)
        try Self.unnamedCodebook(at: folder + "/cb/é")
        var reports: [[String: Data]] = []
        for slashes in ["//", "/"] {
            let out = TestProject.temporary("typed-out")
            let request = AnalysisRequest(project: TestProject.fixture, outputDirectory: out, codebookPath: folder + "/cb" + slashes + "é",
                                          metadataPath: folder + slashes + "é")
            let run = try await AnalysisPipeline().run(request, batch: BatchOptions(jobs: 1, useCache: false))
            #expect(ExitStatus(run: run, strict: false) == .success, "\(run.failures) \(run.diagnostics)")
            #expect(run.transcripts == 3)
            reports.append(try TestProject.reports(out))
        }
        #expect(reports[0].keys.sorted() == reports[1].keys.sorted())
        for (name, data) in reports[0] { #expect(data == reports[1][name], "\(name) differs") }
    }

    /// The tool's digest looks for resource bundles beside the executable; the path is
    /// /proc/self/exe's (no doubled slashes) or, without /proc, argv[0] as typed.
    @Test("the tool's digest finds the resources beside an executable typed DIR//é, and takes a one-letter name")
    func toolDigest() throws {
        let folder = TestProject.temporary("tool")
        try TestProject.write("#!/bin/sh\n", to: folder + "/é")
        try FileManager.default.createDirectory(atPath: folder + "/Leitbild_X.resources", withIntermediateDirectories: true)
        try TestProject.write("a\n", to: folder + "/Leitbild_X.resources/words.txt")
        let before = AnalysisCache.toolDigest(version: "1.0.0", executable: folder + "//é")
        #expect(AnalysisCache.toolDigest(version: "1.0.0", executable: folder + "//é") == before)
        try TestProject.write("a\nb\n", to: folder + "/Leitbild_X.resources/words.txt")
        #expect(AnalysisCache.toolDigest(version: "1.0.0", executable: folder + "//é") != before, "a changed resource changes the digest")
        #expect(AnalysisCache.toolDigest(version: "1.0.0", executable: "l") == AnalysisCache.toolDigest(version: "1.0.0", executable: "l"))
    }

    struct CommandCase: Sendable, CustomTestStringConvertible {
        var name: String
        /// Writes the files into the folder and returns the arguments.
        var setUp: @Sendable (String) throws -> [String]
        var status: Int32
        /// On standard output or standard error.
        var says: String
        var testDescription: String { name }
    }

    static let commandCases: [CommandCase] = [
        CommandCase(name: "ingest DIR//é (no extension)", setUp: { folder in
            try TestProject.write("I: Was fehlt?\n\nB: Ein Bus.\n", to: folder + "/é")
            return ["ingest", folder + "//é"]
        }, status: 3, says: "the file name has no extension"),
        CommandCase(name: "ingest DIR//////é.csv", setUp: { folder in
            try TestProject.write("id,text\n7,Wir brauchen mehr Busse\n", to: folder + "/é.csv")
            return ["ingest", folder + "//////é.csv"]
        }, status: 0, says: "[7] (csv"),
        CommandCase(name: "codebook validate DIR//é", setUp: { folder in
            try unnamedCodebook(at: folder + "/é")
            return ["codebook", "validate", folder + "//é"]
        }, status: 0, says: ": ok,"),
        CommandCase(name: "codebook show DIR//é", setUp: { folder in
            try unnamedCodebook(at: folder + "/é")
            return ["codebook", "show", folder + "//é"]
        }, status: 0, says: "é (version 1)"),
        CommandCase(name: "codebook import DIR//é", setUp: { folder in
            let export = try Leitbild.run(["codebook", "export", "--qdc", TestProject.fixture + "/codebook.yaml", "-o", folder + "/é"])
            #expect(export.status == 0, "\(export.stderr)")
            return ["codebook", "import", folder + "//é"]
        }, status: 0, says: "Imported from é by leitbild codebook import"),
        CommandCase(name: "evaluate DIR//é", setUp: { folder in
            try TestProject.write("text,mobilitaet\nWir brauchen mehr Busse,1\nDas Heim sucht Pflegekräfte,0\n", to: folder + "/é")
            return ["evaluate", folder + "//é", "--codebook", TestProject.fixture + "/codebook.yaml", "--min-support", "1"]
        }, status: 0, says: "2 documents"),
        CommandCase(name: "analyze DIR////// (transcripts in the project folder, one named é.txt)", setUp: { folder in
            try FileManager.default.copyItem(atPath: TestProject.fixture + "/codebook.yaml", toPath: folder + "/codebook.yaml")
            try TestProject.write("I: Was fehlt?\n\nB: Der Bus fährt kaum noch.\n", to: folder + "/é.txt")
            return ["analyze", folder + "//////", "--out", folder + "/out", "--no-cache"]
        }, status: 0, says: "1 of 1 files analysed"),
        CommandCase(name: "analyze --metadata DIR//é --codebook DIR//é", setUp: { folder in
            try FileManager.default.copyItem(atPath: TestProject.fixture + "/metadata.csv", toPath: folder + "/é")
            try FileManager.default.createDirectory(atPath: folder + "/cb", withIntermediateDirectories: true)
            try unnamedCodebook(at: folder + "/cb/é")
            return ["analyze", TestProject.fixture, "--out", folder + "/out", "--metadata", folder + "//é", "--codebook", folder + "/cb//é", "--no-cache"]
        }, status: 0, says: "3 of 3 files analysed"),
    ]

    @Test("the commands read such paths or refuse them with a message", arguments: commandCases)
    func commands(_ c: CommandCase) throws {
        try #require(Leitbild.executable != nil, "build the leitbild product first (swift build)")
        let arguments = try c.setUp(TestProject.temporary("typed"))
        let result = try Leitbild.run(arguments)
        #expect(result.status == c.status, "\(result.stderr)")
        #expect((result.stdout + result.stderr).contains(c.says), "\(result.stdout)\n\(result.stderr)")
    }
}
