import Foundation
import TestSupport
import Pipeline

/// Scratch projects and output folders for the batch tests.
enum TestProject {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    /// The demo corpus, source of synthetic projects.
    static let corpus = repository.appendingPathComponent("corpus").path
    static let fixture = Bundle.module.path(forResource: "project", ofType: nil, inDirectory: "Fixtures")!

    /// A fresh temporary folder, in the running test's `ScratchFolder` (removed when the test ends).
    static func temporary(_ name: String) -> String {
        let path = ScratchFolder.current.appendingPathComponent("leitbild-\(name)-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A synthetic project of `count` interviews (all eight formats from about 30 on).
    static func synthetic(_ count: Int, seed: UInt64 = 1) throws -> String {
        let folder = temporary("synth")
        _ = try SyntheticCorpus(source: corpus).write(count: count, seed: seed, to: folder)
        return folder
    }

    /// A copy of a project folder.
    static func copy(_ project: String) throws -> String {
        let folder = temporary("copy")
        try FileManager.default.removeItem(atPath: folder)
        try FileManager.default.copyItem(atPath: project, toPath: folder)
        return folder
    }

    /// The report files of an output folder (not the cache), name -> bytes.
    static func reports(_ out: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: out) where !name.hasPrefix(".") {
            files[name] = try Data(contentsOf: URL(fileURLWithPath: out + "/" + name))
        }
        return files
    }

    /// The reports of a run of `project` without the cache, into a fresh folder: what a run
    /// from the cache must equal.
    static func reportsWithoutCache(_ project: String) async throws -> [String: Data] {
        let reference = temporary("no-cache")
        _ = try await AnalysisPipeline().run(AnalysisRequest(project: project, outputDirectory: reference), batch: BatchOptions(jobs: 2, useCache: false))
        return try reports(reference)
    }

    static func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }
}
