import Foundation
import Testing
import TestSupport

/// `leitbild kwic` as a consultant runs it (found in a workflow review: it exited 0 when nothing
/// could be read, and guessed speaker roles that the project's sheet names).
@Suite("kwic: exit codes and the project's sheet", .scratchFolder)
struct KwicCommandTests {
    @Test("nothing readable exits 3; a failed file among readable ones exits 2; all read exits 0")
    func exitCodes() throws {
        let missing = try Leitbild.run(["kwic", "Rad", TestProject.temporary("no-such-project") + "/x.txt"])
        #expect(missing.status == 3, "\(missing.stderr)")
        let project = try TestProject.copy(TestProject.corpus)
        let fine = try Leitbild.run(["kwic", "Rad", project])
        #expect(fine.status == 0, "\(fine.stderr)")
        #expect(fine.stdout.contains(" hits in "))
        try Data("PK\u{3}\u{4}kaputt".utf8).write(to: URL(fileURLWithPath: project + "/transcripts/99-kaputt.docx"))
        #expect(try Leitbild.run(["kwic", "Rad", project]).status == 2)
    }

    @Test("speaker roles come from the project's metadata sheet, as in analyze")
    func rolesFromSheet() throws {
        let project = try TestProject.copy(TestProject.corpus)
        let run = try Leitbild.run(["kwic", "Rad", project])
        #expect(!run.stderr.contains("speaker roles guessed"), "\(run.stderr)")
    }
}
