import Foundation
import Testing

/// Golden files in `Tests/ReportingTests/Snapshots/`. `LEITBILD_RECORD_SNAPSHOTS=1 swift test
/// --filter ReportingTests` re-records them; review the diff with `git diff` before committing.
enum Snapshot {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Snapshots")

    static var recording: Bool { ProcessInfo.processInfo.environment["LEITBILD_RECORD_SNAPSHOTS"] == "1" }

    /// Compares `bytes` with the golden file `name`; records it when asked or when it is missing
    /// (a missing golden file is a failure, so CI never passes without one).
    static func assertMatches(_ bytes: [UInt8], named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = directory.appendingPathComponent(name)
        let existing = FileManager.default.contents(atPath: url.path)
        if recording || existing == nil {
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            #expect(FileManager.default.createFile(atPath: url.path, contents: Data(bytes)))
            if !recording {
                Issue.record("golden file \(name) was missing and has been recorded; check it and rerun", sourceLocation: sourceLocation)
            }
            return
        }
        guard let existing, [UInt8](existing) != bytes else { return }
        let actual = FileManager.default.temporaryDirectory.appendingPathComponent("actual-" + name)
        #expect(FileManager.default.createFile(atPath: actual.path, contents: Data(bytes)))
        let old = String(decoding: existing, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let new = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let line = (0..<min(old.count, new.count)).first(where: { old[$0] != new[$0] }) ?? min(old.count, new.count)
        let expectedLine = line < old.count ? String(old[line]) : "<end of file>"
        let actualLine = line < new.count ? String(new[line]) : "<end of file>"
        Issue.record("""
            \(name) differs from its golden file at line \(line + 1):
              expected: \(expectedLine.prefix(300))
              actual:   \(actualLine.prefix(300))
            Actual output: \(actual.path). Re-record with LEITBILD_RECORD_SNAPSHOTS=1 if the change is intended.
            """, sourceLocation: sourceLocation)
    }
}
