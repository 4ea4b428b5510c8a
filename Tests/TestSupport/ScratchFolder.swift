import Foundation
import Testing

/// A folder of its own for each test case's temporary files (scratch projects, output folders,
/// captured output of `leitbild`), removed when the test case ends, passed or failed. Suites that
/// write such files carry the trait, `@Suite("…", .scratchFolder)`, and make their files in
/// `ScratchFolder.current` (in PipelineTests `TestProject.temporary` and `Leitbild.start`, in
/// IngestionTests `TempFolder`). Shared by the test targets (the TestSupport target).
public struct ScratchFolder: SuiteTrait, TestTrait, TestScoping {
    @TaskLocal private static var folder: URL?

    public var isRecursive: Bool { true }

    public init() {}

    /// The running test case's folder. Outside a test with the trait: the temporary directory,
    /// where nothing is removed, and an issue that says so.
    public static var current: URL {
        if let folder { return folder }
        Issue.record("a temporary file outside a test with the .scratchFolder trait is left behind")
        return FileManager.default.temporaryDirectory
    }

    public func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("leitbild-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try await Self.$folder.withValue(folder, operation: function)
    }
}

extension Trait where Self == ScratchFolder {
    /// Each test case's temporary files in a folder that is removed when it ends.
    public static var scratchFolder: Self { Self() }
}
