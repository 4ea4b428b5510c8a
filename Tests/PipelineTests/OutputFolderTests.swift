import Foundation
import LeitbildCore
@testable import Pipeline
import Testing
import TestSupport

/// What a run tidies in the output folder before it writes: the temporaries of killed runs.
@Suite("Leftover temporaries", .scratchFolder)
struct OutputFolderTests {
    @Test("a killed run's temporaries are removed; those of running processes, and other files, stay")
    func staleTemporaries() throws {
        let out = TestProject.temporary("leftovers")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        // A process that has ended: its id names no process now (ids are not reused this soon).
        let ended = Process()
        ended.executableURL = URL(fileURLWithPath: "/bin/true")
        try ended.run()
        ended.waitUntilExit()
        let dead = ended.processIdentifier
        try #require(kill(dead, 0) != 0 && errno == ESRCH)
        let removed = [".summary.md.tmp-\(dead)", ".analysis.sqlite.tmp-\(dead)-4", ".analysis.sqlite.tmp-\(dead)-4-journal"]
        let kept = [
            PathName.lastComponent(TemporaryName.path(for: out + "/report.html")),  // this process's
            ".segments.csv.tmp-1-2",  // init's: a running process
            "summary.md", ".leitbild-reports.json", ".notes.tmp",
        ]
        for name in removed + kept { try Data("x".utf8).write(to: URL(fileURLWithPath: out + "/" + name)) }
        OutputFolder.removeStaleTemporaries(in: out)
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: out))
        #expect(left == Set(kept))
    }
}
