import Foundation
import Ingestion
import LeitbildCore
import Pipeline
import Reporting
import Testing
import TestSupport

/// The documented exit codes: 0 all fine, 1 usage error, 2 some inputs failed, 3 nothing analysed.
@Suite("Exit codes and the error summary", .scratchFolder)
struct ExitCodeTests {
    @Test("a broken file among good ones: exit 2, the rest is reported, the summary names the file and the reason")
    func someFailed() async throws {
        let project = try TestProject.copy(TestProject.fixture)
        try Data([0x00, 0xFF, 0xFE, 0x00, 0x13, 0x37] + Array(repeating: 0, count: 64)).write(to: URL(fileURLWithPath: project + "/transcripts/99-kaputt.txt"))
        try TestProject.write("<TEI><text><body><u who=", to: project + "/transcripts/98-abgebrochen.xml")
        let out = TestProject.temporary("partial")
        let run = try await AnalysisPipeline().run(AnalysisRequest(project: project, outputDirectory: out), batch: BatchOptions(useCache: false))
        #expect(ExitStatus(run: run, strict: false) == .partial)
        #expect(run.transcripts == 3)
        #expect(run.failures.map { ($0.file as NSString).lastPathComponent }.sorted() == ["98-abgebrochen.xml", "99-kaputt.txt"])
        let summary = RunSummary.failures(run)
        #expect(summary.contains("2 of 5 files failed"))
        #expect(summary.contains("99-kaputt.txt"))
        #expect(summary.contains("98-abgebrochen.xml"))
        #expect(FileManager.default.fileExists(atPath: out + "/summary.md"))
    }

    /// The sheet's row of a file that failed names the file rightly: it must not be reported as a
    /// row without a transcript ("check the file name"), which sends the user the wrong way.
    @Test("a failed file's metadata row is not called unmatched", arguments: [true, false])
    func failedFileRow(cache: Bool) async throws {
        let project = try TestProject.copy(TestProject.fixture)
        try Data([0x00, 0xFF, 0xFE, 0x00] + Array(repeating: 0, count: 64)).write(to: URL(fileURLWithPath: project + "/transcripts/03-pflege.txt"))
        let run = try await AnalysisPipeline().run(AnalysisRequest(project: project, outputDirectory: TestProject.temporary("failed-row")),
                                                   batch: BatchOptions(useCache: cache))
        #expect(run.failures.map { ($0.file as NSString).lastPathComponent } == ["03-pflege.txt"])
        #expect(!run.diagnostics.contains { $0.message.contains("matches no transcript") }, "\(run.diagnostics)")
        // A row whose file does not exist still is.
        try FileManager.default.removeItem(atPath: project + "/transcripts/03-pflege.txt")
        let again = try await AnalysisPipeline().run(AnalysisRequest(project: project, outputDirectory: TestProject.temporary("failed-row")),
                                                     batch: BatchOptions(useCache: cache))
        #expect(again.diagnostics.contains { $0.message.contains("row for '03-pflege.txt' matches no transcript") }, "\(again.diagnostics)")
    }

    /// Every report keys interviews by id (analysis.sqlite refused the second one and no report
    /// was written at all); a repeated id in a hand-edited sheet must not stop the batch.
    @Test("two transcripts with one interview id: the later is left out with its reason, the rest is reported, exit 2",
          arguments: [true, false])
    func repeatedInterviewID(cache: Bool) async throws {
        let project = try TestProject.copy(TestProject.fixture)
        let sheet = project + "/metadata.csv"
        try TestProject.write(try String(contentsOfFile: sheet, encoding: .utf8).replacingOccurrences(of: "F03,03-pflege.txt", with: "F01,03-pflege.txt"),
                              to: sheet)
        let out = TestProject.temporary("repeated-id")
        let run = try await AnalysisPipeline().run(AnalysisRequest(project: project, outputDirectory: out), batch: BatchOptions(useCache: cache))
        #expect(ExitStatus(run: run, strict: false) == .partial)
        #expect(run.transcripts == 2)
        let failure = try #require(run.failures.first)
        #expect(run.failures.count == 1)
        #expect(failure.file.hasSuffix("03-pflege.txt"))
        #expect(failure.error.contains("'F01'") && failure.error.contains("01-mobil.txt") && failure.error.contains("interview_id"), "\(failure.error)")
        // The sheet line that gave the id, so the user knows which row to change.
        #expect(failure.error.contains("'F01' (from \(project)/metadata.csv:4)"), "\(failure.error)")
        #expect(run.writtenFiles.count == ReportWriter.defaultRenderers.count + 1)
        // The serial path leaves out the same transcript.
        let serial = try AnalysisPipeline().run(AnalysisRequest(project: project, outputDirectory: TestProject.temporary("repeated-id-serial")))
        #expect(serial.failures == run.failures)
        #expect(serial.transcripts == 2)
    }

    /// A REFI-QDA project holds several transcripts: when some of their ids are taken, the file is
    /// analysed in part, and the run summary says so instead of counting it as analysed and as
    /// failed at once.
    @Test("a file with several transcripts, some of whose ids are taken: counted as analysed in part, not as failed",
          arguments: [(keep: 2, failed: 0, inPart: 1, header: "1 of 3 files analysed only in part:"),
                      (keep: 3, failed: 1, inPart: 0, header: "1 of 4 files failed:")])
    func partlyLeftOut(keep: Int, failed: Int, inPart: Int, header: String) async throws {
        // The project's own export holds its three transcripts; beside the first `keep` of them.
        let project = try TestProject.copy(TestProject.fixture)
        let export = TestProject.temporary("in-part-export")
        _ = try await AnalysisPipeline().run(AnalysisRequest(project: project, outputDirectory: export), batch: BatchOptions(useCache: false))
        try FileManager.default.copyItem(atPath: export + "/project.qdpx", toPath: project + "/transcripts/zz-export.qdpx")
        if keep < 3 { try FileManager.default.removeItem(atPath: project + "/transcripts/03-pflege.txt") }

        let run = try await AnalysisPipeline().run(AnalysisRequest(project: project, outputDirectory: TestProject.temporary("in-part")),
                                                   batch: BatchOptions(useCache: false))
        #expect(ExitStatus(run: run, strict: false) == .partial)
        #expect(run.failures.map { ($0.file as NSString).lastPathComponent } == ["zz-export.qdpx"])
        #expect(run.failedFiles == failed)
        #expect(run.partlyAnalysedFiles == inPart)
        #expect(run.transcripts == 3)
        let line = RunSummary.line(run, version: "test")
        #expect(line.contains("\(keep + 1 - failed) of \(keep + 1) files analysed"), "\(line)")
        #expect(line.contains(failed == 1 ? " 1 failed file," : " \(failed) failed files,"), "\(line)")
        #expect(line.contains("in part") == (inPart > 0), "\(line)")
        #expect(RunSummary.failures(run).hasPrefix(header), "\(RunSummary.failures(run))")
    }

    /// The left-out transcript's people are still known to the pseudonymiser: its file's
    /// diagnostics ("'Lukas Schübel' is not named in the metadata") reach the shared reports.
    @Test("a transcript left out for its id keeps its names out of the shared reports")
    func leftOutNamesStayPseudonymised() async throws {
        let project = try TestProject.copy(TestProject.corpus)
        let sheet = project + "/metadata.csv"
        try TestProject.write(try String(contentsOfFile: sheet, encoding: .utf8).replacingOccurrences(of: "\nI15,", with: "\nI01,"), to: sheet)
        let out = TestProject.temporary("left-out-names")
        let run = try await AnalysisPipeline().run(AnalysisRequest(project: project, outputDirectory: out), batch: BatchOptions(useCache: false))
        #expect(run.transcripts == 17)
        #expect(run.failures.count == 1)
        // The file's only transcript is left out: it counts as failed, not as analysed.
        #expect(run.files.filter { $0.status == .failed }.map { ($0.path as NSString).lastPathComponent } == ["15-schwarzenbach-wald-seniorenbeauftragte.srt"])
        #expect(run.diagnostics.contains { $0.message.contains("Lukas Schübel") }, "the diagnostic that names him must still be there")
        for name in ["summary.md", "report.html", "analysis.json", "segments.csv", "themes.csv", "groups.csv"] {
            let text = try String(contentsOfFile: out + "/" + name, encoding: .utf8)
            #expect(!text.contains("Schübel"), "\(name) names the left-out interview's respondent")
        }
        let html = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        #expect(html.contains("Nicht oder nur teilweise ausgewertete Dateien"))
    }

    @Test("every file broken: exit 3 and the previous reports stay as they were")
    func nothingAnalysed() async throws {
        let project = try TestProject.copy(TestProject.fixture)
        let out = TestProject.temporary("nothing")
        _ = try await AnalysisPipeline().run(AnalysisRequest(project: project, outputDirectory: out), batch: BatchOptions(useCache: false))
        let before = try TestProject.reports(out)
        for name in try FileManager.default.contentsOfDirectory(atPath: project + "/transcripts") {
            try Data([0, 1, 2, 3, 0, 0, 0, 0]).write(to: URL(fileURLWithPath: project + "/transcripts/" + name))
        }
        let run = try await AnalysisPipeline().run(AnalysisRequest(project: project, outputDirectory: out), batch: BatchOptions(useCache: false))
        #expect(ExitStatus(run: run, strict: false) == .nothingAnalysed)
        #expect(run.writtenFiles.isEmpty)
        #expect(try TestProject.reports(out) == before)
    }

    @Test("setup errors map to 1, an empty project to 3")
    func setupErrors() {
        #expect(ExitStatus(error: .projectNotFound("x")) == .usage)
        #expect(ExitStatus(error: .codebook("x")) == .usage)
        #expect(ExitStatus(error: .noTranscripts("x")) == .nothingAnalysed)
    }

    @Test("the 'no transcript files' message names every extension a project scan picks up",
          arguments: SourceFormat.transcriptExtensions.sorted())
    func noTranscriptsMessage(ext: String) {
        let message = PipelineError.noTranscripts("p").localizedDescription
        #expect(message.contains(".\(ext),") || message.contains(".\(ext))"), "\(message)")
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        var status: Int32
        var stderr: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let cases: [Case] = [
        Case(arguments: ["analyze", TestProject.fixture, "--jobs", "0"], status: 1, stderr: "--jobs must be at least 1"),
        Case(arguments: ["analyze", TestProject.fixture, "--no-such-option"], status: 1, stderr: "Unknown option"),
        Case(arguments: ["analyze", TestProject.fixture, "--quiet", "--verbose"], status: 1, stderr: "exclude each other"),
        Case(arguments: ["analyze", "/nonexistent/project"], status: 1, stderr: "no such project folder"),
        Case(arguments: ["no-such-command"], status: 1, stderr: "Unexpected argument"),
        Case(arguments: ["--version"], status: 0, stderr: ""),
    ]

    @Test("the executable: usage errors exit with 1, not ArgumentParser's 64", arguments: cases)
    func executable(_ c: Case) throws {
        try #require(Leitbild.executable != nil, "build the leitbild product first (swift build)")
        let result = try Leitbild.run(c.arguments)
        #expect(result.status == c.status, "\(result.stderr)")
        if !c.stderr.isEmpty { #expect(result.stderr.contains(c.stderr), "\(result.stderr)") }
    }

    /// What `--quiet` must still print (errors) and what it drops (warnings, notes, the summary).
    struct QuietCase: Sendable, CustomTestStringConvertible {
        var name: String
        /// Spoils the copied project.
        var setUp: @Sendable (String) throws -> Void
        var status: Int32
        /// On standard error with and without --quiet.
        var errors: [String]
        /// On standard error without --quiet only.
        var notQuiet: [String]
        var testDescription: String { name }
    }

    static let quietCases: [QuietCase] = [
        QuietCase(name: "unreadable metadata sheet (an error diagnostic)", setUp: { project in
            try Data([0, 0, 0, 0, 1, 2, 3]).write(to: URL(fileURLWithPath: project + "/metadata.csv"))
        }, status: 2, errors: ["metadata.csv: error:", "transcripts are read without metadata"], notQuiet: []),
        QuietCase(name: "a metadata sheet without an id or file column (an error diagnostic)", setUp: { project in
            try TestProject.write("iid,datei_name,group\nF01,01-mobil.txt,Verwaltung\n", to: project + "/metadata.csv")
        }, status: 2, errors: ["metadata.csv: error:", "transcripts are read without metadata"], notQuiet: []),
        QuietCase(name: "a transcript without a metadata row (a warning)", setUp: { project in
            try TestProject.write("I: Was fehlt?\n\nB: Der Bus fährt kaum noch.\n", to: project + "/transcripts/04-ohne-zeile.txt")
        }, status: 0, errors: [], notQuiet: ["04-ohne-zeile.txt: warning: no row for '04-ohne-zeile.txt'"]),
        QuietCase(name: "a failed file", setUp: { project in
            try Data([0, 0, 0, 0, 1, 2, 3]).write(to: URL(fileURLWithPath: project + "/transcripts/99-kaputt.txt"))
        }, status: 2, errors: ["1 of 4 files failed", "99-kaputt.txt"], notQuiet: []),
        QuietCase(name: "every file failed", setUp: { project in
            for name in try FileManager.default.contentsOfDirectory(atPath: project + "/transcripts") {
                try Data([0, 1, 2, 3, 0, 0, 0, 0]).write(to: URL(fileURLWithPath: project + "/transcripts/" + name))
            }
        }, status: 3, errors: ["3 of 3 files failed", "error: nothing could be analysed"], notQuiet: []),
    ]

    @Test("the executable: --quiet still prints every error, and only errors", arguments: quietCases, [false, true])
    func quietPrintsErrors(_ c: QuietCase, quiet: Bool) throws {
        try #require(Leitbild.executable != nil, "build the leitbild product first (swift build)")
        let project = try TestProject.copy(TestProject.fixture)
        try c.setUp(project)
        let out = TestProject.temporary("quiet")
        let result = try Leitbild.run(["analyze", project, "--out", out] + (quiet ? ["--quiet"] : []))
        #expect(result.status == c.status, "\(result.stderr)")
        for text in c.errors { #expect(result.stderr.contains(text), "\(result.stderr)") }
        for text in c.notQuiet { #expect(result.stderr.contains(text) != quiet, "\(result.stderr)") }
        #expect(result.stdout.isEmpty == quiet, "\(result.stdout)")
        if quiet {
            #expect(!result.stderr.contains("warning:") && !result.stderr.contains("note:"), "\(result.stderr)")
        }
    }

    /// The size limit's message names an option `analyze` has, in the unit the option takes; raising
    /// the limit reads the large file and takes the others from the cache.
    @Test("the executable: --max-file-size, named by the too-large message, lets a larger file in")
    func maxFileSize() throws {
        try #require(Leitbild.executable != nil, "build the leitbild product first (swift build)")
        let project = try TestProject.copy(TestProject.fixture)
        let turn = "B: Der Bus fährt zu selten, und der Radweg nach Naila fehlt uns allen sehr.\n\n"
        try TestProject.write(String(repeating: turn, count: 1_600_000 / turn.utf8.count), to: project + "/transcripts/04-lang.txt")
        let out = TestProject.temporary("max-size")
        let small = try Leitbild.run(["analyze", project, "--out", out, "--max-file-size", "1"])
        #expect(small.status == 2, "\(small.stderr)")
        #expect(small.stderr.contains("04-lang.txt: the file has 1.5 MiB, more than the limit of 1 MiB"), "\(small.stderr)")
        #expect(small.stderr.contains("raise the limit with --max-file-size (in MiB)"), "\(small.stderr)")
        let large = try Leitbild.run(["analyze", project, "--out", out, "--max-file-size", "2"])
        #expect(large.status == 0, "\(large.stderr)")
        #expect(large.stdout.contains("4 of 4 files analysed (3 from the cache)"), "\(large.stdout)")
        let zero = try Leitbild.run(["analyze", project, "--out", out, "--max-file-size", "0"])
        #expect(zero.status == 1)
        #expect(zero.stderr.contains("--max-file-size is in MiB"), "\(zero.stderr)")
    }

    /// Settled inputs: the second run reads nothing, and says so with --verbose instead of per-file
    /// lines; with every input touched after, the third says it compared them by content.
    @Test("the executable: an unchanged re-run by stat says that no file was read, one by content that none changed")
    func unchangedByStat() throws {
        try #require(Leitbild.executable != nil, "build the leitbild product first (swift build)")
        let project = try TestProject.copy(TestProject.fixture)
        var times = [timespec(tv_sec: time(nil) - 3600, tv_nsec: 0), timespec(tv_sec: time(nil) - 3600, tv_nsec: 0)]
        for name in try FileManager.default.contentsOfDirectory(atPath: project + "/transcripts") {
            #expect(utimensat(AT_FDCWD, project + "/transcripts/" + name, &times, 0) == 0)
        }
        let out = TestProject.temporary("by-stat")
        #expect(try Leitbild.run(["analyze", project, "--out", out]).status == 0)
        let again = try Leitbild.run(["analyze", project, "--out", out, "--verbose"])
        #expect(again.status == 0)
        #expect(again.stderr.contains("No input file changed since the last run"), "\(again.stderr)")
        #expect(again.stdout.contains("3 of 3 files analysed (by the last run; none changed since)"), "\(again.stdout)")
        // Every transcript touched, none changed: read and hashed, no cache entry decoded.
        for name in try FileManager.default.contentsOfDirectory(atPath: project + "/transcripts") {
            #expect(utimensat(AT_FDCWD, project + "/transcripts/" + name, nil, 0) == 0)  // now
        }
        let touched = try Leitbild.run(["analyze", project, "--out", out, "--verbose"])
        #expect(touched.status == 0)
        #expect(touched.stderr.contains("No input file's content changed since the last run"), "\(touched.stderr)")
        #expect(touched.stdout.contains("3 of 3 files analysed (by the last run; none changed in content since)"), "\(touched.stdout)")
    }

    @Test("the executable: a partial run exits 2 and prints each failed file; quiet prints only that")
    func executablePartial() throws {
        try #require(Leitbild.executable != nil, "build the leitbild product first (swift build)")
        let project = try TestProject.copy(TestProject.fixture)
        try Data([0, 0, 0, 0, 1, 2, 3]).write(to: URL(fileURLWithPath: project + "/transcripts/99-kaputt.txt"))
        let out = TestProject.temporary("cli")
        let result = try Leitbild.run(["analyze", project, "--out", out, "--quiet"])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("1 of 4 files failed"))
        #expect(result.stderr.contains("99-kaputt.txt"))
        let empty = TestProject.temporary("empty")
        #expect(try Leitbild.run(["analyze", empty, "--out", out]).status == 3)
    }

    @Test("the executable: rankings names a file it could not read, with its path once")
    func rankingsPrintsFailures() throws {
        try #require(Leitbild.executable != nil, "build the leitbild product first (swift build)")
        let project = try TestProject.copy(TestProject.fixture)
        let broken = project + "/transcripts/99-kaputt.txt"
        try Data([0, 0, 0, 0, 1, 2, 3]).write(to: URL(fileURLWithPath: broken))
        let result = try Leitbild.run(["rankings", project])
        let lines = result.stderr.split(separator: "\n").filter { $0.contains("99-kaputt.txt") }
        #expect(lines.count == 1, "\(result.stderr)")
        #expect(lines.first?.hasPrefix(broken) == true, "\(result.stderr)")
        #expect(lines.first.map { $0.components(separatedBy: broken).count - 1 } == 1, "\(result.stderr)")
    }
}
