import Foundation
import Ingestion
import LeitbildCore
import Testing
import TestSupport

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

extension String {
    /// The UTF-8 offset of the first occurrence of `phrase`, nil when it does not occur.
    func utf8Offset(of phrase: String) -> Int? {
        range(of: phrase).map { utf8.distance(from: utf8.startIndex, to: $0.lowerBound) }
    }
}
