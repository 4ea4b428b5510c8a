import Foundation
import Testing
@testable import Reporting
import TestSupport

/// `ReportWriter` flushes every staged report to disk before it renames any into place: the
/// sequential `write` right after each renderer, the concurrent one on a thread of its own beside
/// the next renderer. A staged file that cannot be flushed fails the reports like a renderer that
/// fails: nothing is renamed, the previous reports stay, no temporary is left.
@Suite("Reports: staged files flushed by the writer", .scratchFolder)
struct StagedFlushTests {
    /// Writes its name; with `losesStaged`, removes its own staged file afterwards, so that the
    /// writer's flush cannot open it.
    struct Renderer: ReportRenderer {
        let fileName: String
        var losesStaged = false
        func render(_ input: ReportInput) throws -> RenderedFile { RenderedFile(name: fileName, text: "new \(fileName)") }
        func stage(_ input: ReportInput, to temporary: String) throws {
            try AtomicFile.write(Array("new \(fileName)".utf8), to: temporary)
            if losesStaged { unlink(temporary) }
        }
    }

    enum Mode: String, CaseIterable, Sendable {
        case sequential, concurrentOneAtATime, concurrentTwoAtATime
    }

    /// The test case's scratch folder (removed when it ends).
    static func folder() -> String { ScratchFolder.current.path }

    static func write(_ renderers: [Renderer], mode: Mode, to folder: String) async throws -> [String] {
        let writer = ReportWriter(renderers: renderers, concurrency: mode == .concurrentTwoAtATime ? 2 : 1)
        switch mode {
        case .sequential: return try writeSequentially(writer, to: folder)
        case .concurrentOneAtATime, .concurrentTwoAtATime: return try await writer.write(ReportFixture.input(), to: folder)
        }
    }

    /// The sequential `write` (from a synchronous context, which picks it over the concurrent one).
    static func writeSequentially(_ writer: ReportWriter, to folder: String) throws -> [String] {
        try writer.write(ReportFixture.input(), to: folder)
    }

    @Test("every report is written and staged files are gone", arguments: Mode.allCases)
    func allWritten(_ mode: Mode) async throws {
        let folder = Self.folder()
        let names = ["a.txt", "b.txt", "c.txt"]
        let written = try await Self.write(names.map { Renderer(fileName: $0) }, mode: mode, to: folder)
        #expect(written.map { ($0 as NSString).lastPathComponent } == names)
        for name in names {
            #expect(FileManager.default.contents(atPath: folder + "/" + name) == Data("new \(name)".utf8))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == names)
    }

    @Test("a staged file that cannot be flushed fails the reports and leaves the previous ones", arguments: Mode.allCases)
    func flushFailure(_ mode: Mode) async throws {
        let folder = Self.folder()
        let names = ["a.txt", "b.txt", "c.txt"]
        for name in names { try Data("old \(name)".utf8).write(to: URL(fileURLWithPath: folder + "/" + name)) }
        let renderers = names.map { Renderer(fileName: $0, losesStaged: $0 == "b.txt") }
        do {
            _ = try await Self.write(renderers, mode: mode, to: folder)
            Issue.record("the reports were written although b.txt's staged file could not be flushed")
        } catch let error as ReportingError {
            // The report, not its staged file, which the user never sees.
            #expect(error.localizedDescription.hasPrefix(folder + "/b.txt: cannot write: "), "\(error.localizedDescription)")
            #expect(!error.localizedDescription.contains(".tmp-"), "\(error.localizedDescription)")
        }
        for name in names {
            #expect(FileManager.default.contents(atPath: folder + "/" + name) == Data("old \(name)".utf8), "\(name) was replaced")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == names, "a temporary was left behind")
    }
}
