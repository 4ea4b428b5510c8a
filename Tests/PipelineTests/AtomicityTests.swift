import Foundation
import LeitbildCore
import Pipeline
import Testing
import TestSupport

/// A run killed at any point (kill -9, Ctrl-C, SIGTERM) leaves the previous reports whole and
/// readable: every report is either the old one or the new one, byte for byte.
@Suite("Atomic outputs under kill -9", .serialized, .scratchFolder)
struct AtomicityTests {
    /// Kill points as fractions of a full run's duration, and the signal sent.
    static let kills: [(Double, Int32)] = [
        (0.05, SIGKILL), (0.3, SIGKILL), (0.6, SIGKILL), (0.8, SIGKILL), (0.9, SIGKILL), (0.95, SIGKILL), (0.98, SIGKILL),
        (0.99, SIGKILL), (0.7, SIGINT), (0.9, SIGTERM),
    ]

    @Test("previous outputs survive a killed run")
    func killedRuns() throws {
        try #require(Leitbild.executable != nil, "build the leitbild product first (swift build)")
        let project = try TestProject.synthetic(40, seed: 21)
        let out = TestProject.temporary("atomic")
        // The old reports: a run over half of the files.
        let transcripts = project + "/transcripts"
        let all = try FileManager.default.contentsOfDirectory(atPath: transcripts).sorted()
        let parked = TestProject.temporary("parked")
        for name in all.suffix(all.count / 2) { try FileManager.default.moveItem(atPath: transcripts + "/" + name, toPath: parked + "/" + name) }
        #expect(try Leitbild.run(["analyze", project, "--out", out, "--no-cache", "-q"]).status == 0)
        let old = try TestProject.reports(out)
        for name in all.suffix(all.count / 2) { try FileManager.default.moveItem(atPath: parked + "/" + name, toPath: transcripts + "/" + name) }
        // The new reports, and how long a run takes.
        let reference = TestProject.temporary("new")
        let started = Date()
        #expect(try Leitbild.run(["analyze", project, "--out", reference, "--no-cache", "-q"]).status == 0)
        let duration = Date().timeIntervalSince(started)
        let new = try TestProject.reports(reference)
        #expect(old.keys.sorted() == new.keys.sorted())
        for (name, bytes) in old { #expect(new[name] != bytes, "\(name) should differ between the two inputs") }

        // Besides fixed points in time, two kills timed by what the run does: as soon as a
        // temporary report file appears (mid-write), and as soon as the first report was renamed.
        let firstTemporary: @Sendable () -> Bool = {
            ((try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []).contains { $0.contains(".tmp-") }
        }
        let oldSummary = old["summary.md"]
        let firstRename: @Sendable () -> Bool = {
            (try? Data(contentsOf: URL(fileURLWithPath: out + "/summary.md"))) != oldSummary
        }
        let plan: [(String, Double, (@Sendable () -> Bool)?, Int32)] = Self.kills.map { ("\($0.0)", $0.0, nil, $0.1) }
            + [("first temporary", 0, firstTemporary, SIGKILL), ("first rename", 0, firstRename, SIGKILL)]

        var outcomes: [String] = []
        for (label, fraction, trigger, signal) in plan {
            let (process, _, _) = try Leitbild.start(["analyze", project, "--out", out, "--no-cache", "-q"])
            if let trigger {
                let deadline = Date().addingTimeInterval(duration * 3 + 5)
                while !trigger() && process.isRunning && Date() < deadline { usleep(100) }
            } else {
                usleep(useconds_t(duration * fraction * 1_000_000))
            }
            kill(process.processIdentifier, signal)
            process.waitUntilExit()
            let now = try TestProject.reports(out)
            #expect(now.keys.sorted() == old.keys.sorted(), "killed at \(label): \(now.keys.sorted())")
            var state: [String] = []
            for (name, bytes) in now {
                let isOld = bytes == old[name], isNew = bytes == new[name]
                #expect(isOld || isNew, "\(name) is neither the old nor the new report after a kill at \(label)")
                state.append(isNew ? "new" : "old")
                if name.hasSuffix(".json") { #expect((try? JSONSerialization.jsonObject(with: bytes)) != nil, "\(name) unreadable") }
            }
            outcomes.append("\(label): \(Set(state).sorted().joined(separator: "+"))")
            // Put the old reports back, so that every kill starts from them; without the manifest,
            // whose stamps they no longer carry (else the next run keeps them as edited by hand).
            for (name, bytes) in old { try bytes.write(to: URL(fileURLWithPath: out + "/" + name)) }
            try? FileManager.default.removeItem(atPath: out + "/.leitbild-reports.json")
        }
        // Temporary files of killed runs are tidied by the next run.
        #expect(try Leitbild.run(["analyze", project, "--out", out, "--no-cache", "-q"]).status == 0)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty, "\(leftovers)")
        #expect(try TestProject.reports(out) == new)
        print("kill outcomes: \(outcomes.joined(separator: ", "))")
    }
}
