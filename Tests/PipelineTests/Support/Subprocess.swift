import Foundation
import TestSupport

/// Runs the `leitbild` executable that `swift build`/`swift test` put beside the test bundle.
enum Leitbild {
    /// `.build/<config>/leitbild`, or nil when it was not built.
    static let executable: String? = {
        var folder = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("leitbild").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        let fallback = TestProject.repository.appendingPathComponent(".build/debug/leitbild").path
        return FileManager.default.isExecutableFile(atPath: fallback) ? fallback : nil
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Starts `leitbild ARGS` with its output going to files (so that a full pipe never blocks it),
    /// in the running test's `ScratchFolder`.
    static func start(_ arguments: [String]) throws -> (Process, URL, URL) {
        guard let executable else { throw CocoaError(.fileNoSuchFile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let folder = ScratchFolder.current
        let out = folder.appendingPathComponent("leitbild-stdout-\(UUID().uuidString)")
        let err = folder.appendingPathComponent("leitbild-stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        return (process, out, err)
    }

    static func run(_ arguments: [String]) throws -> Result {
        let (process, out, err) = try start(arguments)
        defer { for file in [out, err] { try? FileManager.default.removeItem(at: file) } }
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }
}
