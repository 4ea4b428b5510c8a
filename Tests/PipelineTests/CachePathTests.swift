import Foundation
import LeitbildCore
import Pipeline
import Testing
import TestSupport

/// Cache keys name files relative to the project folder: however the project path is spelled,
/// and wherever the folder is moved, a re-run reads nothing again and writes the same reports.
@Suite("Cache: spellings of the project path", .scratchFolder)
struct CachePathTests {
    /// A spelling of the project (and of the metadata sheet) for a run, from the project's absolute path.
    struct Spelling: Sendable, CustomTestStringConvertible {
        var name: String
        var project: @Sendable (String) -> String
        /// nil: the default `PROJECT/metadata.csv`.
        var metadata: (@Sendable (String) -> String)? = nil
        var testDescription: String { name }
    }

    /// `path` relative to the current directory (`../../tmp/...`), without changing the directory.
    static func relative(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath.split(separator: "/")
        return String(repeating: "../", count: cwd.count) + path.dropFirst()
    }

    static let spellings: [Spelling] = [
        Spelling(name: "absolute", project: { $0 }),
        Spelling(name: "absolute with a trailing slash", project: { $0 + "/" }),
        Spelling(name: "relative", project: { relative($0) }),
        Spelling(name: "./relative", project: { "./" + relative($0) }),
        Spelling(name: "with . and ..", project: { "\($0)/./transcripts/../." }),
        Spelling(name: "--metadata given absolute", project: { relative($0) }, metadata: { $0 + "/metadata.csv" }),
        Spelling(name: "--metadata given relative", project: { $0 }, metadata: { relative($0) + "/./metadata.csv" }),
    ]

    func run(_ project: String, metadata: String? = nil, out: String, cache: Bool = true) async throws -> AnalysisRun {
        try await AnalysisPipeline().run(AnalysisRequest(project: project, outputDirectory: out, metadataPath: metadata),
                                         batch: BatchOptions(jobs: 2, useCache: cache))
    }

    /// A project copy with a file that has no metadata row (a diagnostic naming the file and the sheet).
    func project() throws -> String {
        let project = try TestProject.copy(TestProject.fixture)
        try TestProject.write("I: Was fehlt?\n\nB: Der Bus fährt kaum noch, das ist das Wichtigste.\n", to: project + "/transcripts/04-ohne-zeile.txt")
        return project
    }

    @Test("a second run via another spelling of the project path reads no file again", arguments: spellings)
    func otherSpelling(_ spelling: Spelling) async throws {
        let project = try project()
        let out = TestProject.temporary("spelling")
        let first = try await run(project, out: out)
        #expect(first.files.allSatisfy { $0.status == .analysed })
        let spelled = spelling.project(project)
        let metadata = spelling.metadata?(project)
        let second = try await run(spelled, metadata: metadata, out: out)
        #expect(second.files.count == 4)
        #expect(second.files.allSatisfy { $0.status == .cached }, "\(second.files.map { ($0.path, $0.status) })")
        #expect(second.cacheNotes.isEmpty, "\(second.cacheNotes)")
        // The reports name files relative to the project: they are the last run's, left as they are.
        #expect(second.reportsUnchanged)
        // The cached results name the files as this run spells them: same reports and diagnostics as without the cache.
        let reports = try TestProject.reports(out)
        let reference = TestProject.temporary("spelling-ref")
        let uncached = try await run(spelled, metadata: metadata, out: reference, cache: false)
        #expect(try TestProject.reports(reference) == reports)
        #expect(second.diagnostics.map(\.description) == uncached.diagnostics.map(\.description))
        #expect(second.diagnostics.contains { $0.file?.hasPrefix(spelling.project(project)) == true })
        // And the first spelling still finds its entries (the second run did not prune them).
        let third = try await run(project, out: out)
        #expect(third.files.allSatisfy { $0.status == .cached })
    }

    @Test("a moved or renamed project folder keeps its cache")
    func movedProject() async throws {
        let project = try project()
        let out = TestProject.temporary("moved")
        _ = try await run(project, out: out)
        let moved = TestProject.temporary("moved-project") + "/umbenannt"
        try FileManager.default.moveItem(atPath: project, toPath: moved)
        let second = try await run(moved, out: out)
        #expect(second.files.allSatisfy { $0.status == .cached }, "\(second.files.map(\.status))")
        let reference = TestProject.temporary("moved-ref")
        _ = try await run(moved, out: reference, cache: false)
        #expect(try TestProject.reports(reference) == TestProject.reports(out))
    }

    /// Spellings that name the same project for the reports, though not for cache keys (which
    /// do not resolve symbolic links): `..` after a folder, and a symbolic link to the project.
    static let reportSpellings: [Spelling] = spellings + [
        Spelling(name: "relative, through transcripts/..", project: { relative($0) + "/transcripts/.." }),
        Spelling(name: "a symbolic link to the project", project: { link(to: $0) }),
        Spelling(name: "a symbolic link, --metadata by its real path", project: { link(to: $0) }, metadata: { $0 + "/metadata.csv" }),
    ]

    /// A new symbolic link to `path`, under another name (the reports name the project by its folder).
    static func link(to path: String) -> String {
        let folder = TestProject.temporary("link")
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let link = folder + "/andere-schreibweise"
        try? FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: path)
        return link
    }

    @Test("the reports are the same bytes whatever the spelling, and name files relative to the project; the terminal keeps the spelling",
          arguments: reportSpellings)
    func reportsIndependentOfSpelling(_ spelling: Spelling) async throws {
        let project = try project()
        let reference = TestProject.temporary("spelling-abs")
        _ = try await run(project, out: reference, cache: false)
        let out = TestProject.temporary("spelling-other")
        let spelled = spelling.project(project)
        let run = try await run(spelled, metadata: spelling.metadata?(project), out: out, cache: false)
        let reports = try TestProject.reports(out)
        for (name, data) in try TestProject.reports(reference) { #expect(reports[name] == data, "\(name) differs") }
        // The run summary names the file as the user gave the project.
        #expect(run.diagnostics.contains { $0.file?.hasPrefix(spelled) == true && $0.file?.hasSuffix("04-ohne-zeile.txt") == true })
        // The reports name it relative to the project, and never with the folder's absolute path.
        let json = String(decoding: try #require(reports["analysis.json"]), as: UTF8.self)
        #expect(json.contains("\"transcripts/04-ohne-zeile.txt\""))
        let folder = (project as NSString).deletingLastPathComponent
        for (name, data) in reports where !name.hasSuffix(".qdpx") && !name.hasSuffix(".sqlite") {
            #expect(!String(decoding: data, as: UTF8.self).contains(folder), "\(name) names \(folder)")
        }
    }
}
