import Foundation
import Ingestion
import LeitbildCore
import Testing

/// Paths of test fixtures and of the shared reference data, read in place.
enum Paths {
    /// `Tests/IngestionTests/Fixtures/<relative>` in the source tree.
    static func fixture(_ relative: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").appendingPathComponent(relative).path
    }

    /// `../shared/data/<relative>`, beside the repository.
    static func shared(_ relative: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/data").appendingPathComponent(relative).path
    }

    static var sharedDataPresent: Bool { FileManager.default.fileExists(atPath: shared("README.md")) }
}

/// A fresh temporary folder for files a test writes, in the running test's `ScratchFolder`
/// (removed when the test ends).
struct TempFolder {
    let path: String

    init() throws {
        path = ScratchFolder.current.appendingPathComponent("leitbild-ingestion-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try write(name, Data(text.utf8))
    }

    @discardableResult
    func write(_ name: String, _ data: Data) throws -> String {
        let file = (path as NSString).appendingPathComponent(name)
        try data.write(to: URL(fileURLWithPath: file))
        return file
    }
}

/// A folder of its own for each test case's temporary files (`TempFolder`), removed when the test
/// case ends, passed or failed. Suites that write files carry the trait, `@Suite("…", .scratchFolder)`.
struct ScratchFolder: SuiteTrait, TestTrait, TestScoping {
    @TaskLocal private static var folder: URL?

    var isRecursive: Bool { true }

    /// The running test case's folder. Outside a test with the trait: the temporary directory,
    /// where nothing is removed, and an issue that says so.
    static var current: URL {
        if let folder { return folder }
        Issue.record("a temporary file outside a test with the .scratchFolder trait is left behind")
        return FileManager.default.temporaryDirectory
    }

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("leitbild-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try await Self.$folder.withValue(folder, operation: function)
    }
}

extension Trait where Self == ScratchFolder {
    /// Each test case's temporary files in a folder that is removed when it ends.
    static var scratchFolder: Self { Self() }
}

/// What a turn says, independent of how the format stores it.
struct TurnSummary: Hashable, CustomStringConvertible {
    var speaker: String
    var role: SpeakerRole
    var text: String
    var start: Double?
    var end: Double?

    init(_ turn: Turn, in transcript: Transcript) {
        speaker = turn.speakerID
        role = turn.role
        text = String(transcript.text(of: turn))
        start = turn.startTime
        end = turn.endTime
    }

    var description: String { "[\(speaker)|\(role.rawValue) \(start.map { "\($0)" } ?? "-")–\(end.map { "\($0)" } ?? "-")] \(text)" }
}

extension Transcript {
    var turnTexts: [String] { turns.map { String(text(of: $0)) } }
    var summaries: [TurnSummary] { turns.map { TurnSummary($0, in: self) } }
}

/// Reads one file that holds one document.
func readOne(_ path: String, sheet: MetadataSheet = .empty, options: IngestionOptions = .init()) throws -> (Transcript, [Diagnostic]) {
    try Ingestor().read(file: path, sheet: sheet, options: options)
}
