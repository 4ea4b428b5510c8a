import Foundation
import LeitbildCore
@testable import Pipeline
import Ingestion
import Reporting
import Signals
import Testing
import TestSupport
import Themes
import GermanText

/// The run cache: what a re-run reads again, and that damaged or foreign entries are never trusted.
@Suite("Cache: incremental runs", .scratchFolder)
struct CacheTests {
    let pipeline = AnalysisPipeline()

    func run(_ project: String, _ out: String, cache: Bool = true) async throws -> AnalysisRun {
        try await pipeline.run(AnalysisRequest(project: project, outputDirectory: out), batch: BatchOptions(jobs: 2, useCache: cache))
    }

    func statuses(_ run: AnalysisRun) -> [String: FileStatus] {
        Dictionary(uniqueKeysWithValues: run.files.map { (($0.path as NSString).lastPathComponent, $0.status) })
    }

    /// project.qdpx in `out` is the archive a run without cache makes of the project.
    func expectQDPXAsWithoutCache(_ project: String, _ out: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let reference = TestProject.temporary("qdpx-reference")
        _ = try await run(project, reference, cache: false)
        let same = FileManager.default.contents(atPath: out + "/project.qdpx") == FileManager.default.contents(atPath: reference + "/project.qdpx")
        #expect(same, "project.qdpx differs from a run without cache", sourceLocation: sourceLocation)
    }

    /// Removes the report manifest, so that the next run cannot leave the reports as they are
    /// by a quick record (`ReportManifest`) and decodes every cache entry: a run with nothing
    /// changed decodes none, so damage done to entries in place shows only when a run needs them.
    func forgetReports(_ out: String) throws {
        try FileManager.default.removeItem(atPath: out + "/.leitbild-reports.json")
    }

    func cacheEntries(_ out: String, _ layer: String) throws -> [String] {
        let root = out + "/.leitbild-cache/" + layer
        return try FileManager.default.subpathsOfDirectory(atPath: root).filter { $0.hasSuffix(".bin") }.map { root + "/" + $0 }.sorted()
    }

    /// A run of the fixture, then one with a fourth transcript added: the project, the output
    /// folder and the second run.
    func runAddingOneFile(_ name: String) async throws -> (project: String, out: String, second: AnalysisRun) {
        let project = try TestProject.copy(TestProject.fixture)
        let out = TestProject.temporary(name)
        _ = try await run(project, out)
        try TestProject.write("I: Was fehlt?\n\nB: Der Bus fährt kaum noch, das ist das Wichtigste.\n", to: project + "/transcripts/04-neu.txt")
        return (project, out, try await run(project, out))
    }

    @Test("adding one transcript reads only that file")
    func addOneFile() async throws {
        let (_, _, second) = try await runAddingOneFile("add")
        #expect(statuses(second) == ["01-mobil.txt": .cached, "02-pflege.txt": .cached, "03-pflege.txt": .cached, "04-neu.txt": .analysed])
        #expect(second.transcripts == 4)
    }

    @Test("project.qdpx made from cached pieces is the archive a run without cache makes")
    func qdpxPiecesFromCache() async throws {
        // Three files' pieces come from the cache, the new file's is built with its coding.
        let (project, out, second) = try await runAddingOneFile("qdpx-cached")
        #expect(second.files.filter { $0.status == .cached }.count == 3)
        // The serial path builds no pieces beforehand: the renderer builds them all.
        let serial = TestProject.temporary("qdpx-serial")
        _ = try pipeline.run(AnalysisRequest(project: project, outputDirectory: serial))
        let cached = try #require(FileManager.default.contents(atPath: out + "/project.qdpx"))
        #expect(cached == FileManager.default.contents(atPath: serial + "/project.qdpx"))
    }

    @Test("entries cached by a run without reports get their project.qdpx pieces on the next run that writes reports")
    func qdpxPiecesAddedLater() async throws {
        let project = try TestProject.copy(TestProject.fixture)
        let out = TestProject.temporary("qdpx-later")
        let request = AnalysisRequest(project: project, outputDirectory: out)
        _ = try await pipeline.analyze(request, batch: BatchOptions(jobs: 2, useCache: true))
        func sizes() throws -> [String: Int] {
            try Dictionary(uniqueKeysWithValues: cacheEntries(out, "coded").map { ($0, try FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int ?? 0) })
        }
        let without = try sizes()
        let first = try await run(project, out)
        #expect(first.files.allSatisfy { $0.status == .cached })
        let with = try sizes()
        #expect(Set(with.keys) == Set(without.keys))
        for (path, size) in with { #expect(size > (without[path] ?? .max), "\(path): no piece added") }
        try await expectQDPXAsWithoutCache(project, out)
    }

    /// The tool digest does not cover the system zlib: a piece another zlib made is not taken by
    /// the renderer, so the next run builds and stores it anew instead of leaving it to the
    /// renderer on every run.
    @Test("a cached project.qdpx piece from another zlib is built and stored anew")
    func qdpxPieceFromAnotherZlib() async throws {
        let project = try TestProject.copy(TestProject.fixture)
        let out = TestProject.temporary("qdpx-zlib")
        _ = try await run(project, out)
        let cache = AnalysisPipeline.cache(for: AnalysisRequest(project: project, outputDirectory: out), batch: BatchOptions(useCache: true))
        func entries() throws -> [(Digest, [CodedEntry])] {
            try cacheEntries(out, "coded").map { path -> (Digest, [CodedEntry]) in
                let parts = path.split(separator: "/").suffix(2)
                let key = try #require(Digest(hex: parts.joined().replacingOccurrences(of: ".bin", with: "")))
                guard case .hit(let value) = cache.load([CodedEntry].self, .coded, key) else { throw CocoaError(.fileReadCorruptFile) }
                return (key, value)
            }
        }
        let before = try entries()
        #expect(before.count == 3)
        for (key, value) in before {
            var aged = value
            for i in aged.indices { aged[i].qdpx?.zlibVersion = "0.9-other" }
            #expect(cache.store(aged, .coded, key) == nil)
        }
        try forgetReports(out)
        let second = try await run(project, out)
        #expect(second.files.allSatisfy { $0.status == .cached })
        for (_, value) in try entries() {
            #expect(value.allSatisfy { $0.qdpx?.isFromThisZlib == true }, "the piece was not built anew")
        }
        try await expectQDPXAsWithoutCache(project, out)
    }

    @Test("editing the codebook re-codes every file without re-reading it")
    func codebookEdit() async throws {
        let project = try TestProject.copy(TestProject.fixture)
        let out = TestProject.temporary("codebook")
        let first = try await run(project, out)
        let codebook = project + "/codebook.yaml"
        try TestProject.write(try String(contentsOfFile: codebook, encoding: .utf8) + "\n# edited\n", to: codebook)
        // A comment does not change the codebook: nothing is re-coded.
        #expect(try await run(project, out).files.allSatisfy { $0.status == .cached })
        let text = try String(contentsOfFile: codebook, encoding: .utf8)
        try TestProject.write(text.replacingOccurrences(of: "terms: [Bus, Rufbus, Radweg, ÖPNV]", with: "terms: [Bus, Rufbus, Radweg, ÖPNV, Bahnhof]"), to: codebook)
        let edited = try await run(project, out)
        #expect(edited.files.allSatisfy { $0.status == .recoded }, "\(edited.files.map(\.status))")
        #expect(edited.transcripts == first.transcripts)
    }

    @Test("a changed metadata row re-reads only its file")
    func metadataRow() async throws {
        let project = try TestProject.copy(TestProject.fixture)
        let out = TestProject.temporary("meta")
        _ = try await run(project, out)
        let sheet = project + "/metadata.csv"
        try TestProject.write(try String(contentsOfFile: sheet, encoding: .utf8).replacingOccurrences(of: "Senioren,Rehau", with: "Senioren,Naila"), to: sheet)
        let second = try await run(project, out)
        #expect(statuses(second) == ["01-mobil.txt": .cached, "02-pflege.txt": .analysed, "03-pflege.txt": .cached])
    }

    @Test("a changed file is read again; its old entries are pruned")
    func changedFile() async throws {
        let project = try TestProject.copy(TestProject.fixture)
        let out = TestProject.temporary("changed")
        _ = try await run(project, out)
        let before = try cacheEntries(out, "parsed").count
        let file = project + "/transcripts/01-mobil.txt"
        try TestProject.write(try String(contentsOfFile: file, encoding: .utf8) + "\nB: Und die Radwege fehlen.\n", to: file)
        let second = try await run(project, out)
        #expect(statuses(second)["01-mobil.txt"] == .analysed)
        #expect(try cacheEntries(out, "parsed").count == before)
    }

    /// The entry's checksum is zlib's CRC-32 of the payload (the standard check value), in the
    /// header's bytes 56–59, and any single changed byte of the header or payload is refused.
    @Test("an entry's checksum is the payload's CRC-32; no byte can change unnoticed")
    func checksum() throws {
        #expect(Data("123456789".utf8).withUnsafeBytes(AnalysisCache.checksum) == 0xCBF4_3926)
        #expect(Data().withUnsafeBytes(AnalysisCache.checksum) == 0)
        let folder = TestProject.temporary("checksum")
        let cache = AnalysisCache(directory: folder, tool: Digest.of(Data("tool".utf8)))
        let key = Digest.of(Data("key".utf8))
        #expect(cache.store(["Breitband", "Ärztehaus", "Radweg"], .coded, key) == nil)
        let entry = try Data(contentsOf: URL(fileURLWithPath: cache.path(.coded, key)))
        let payload = entry.dropFirst(AnalysisCache.headerSize)
        #expect(AnalysisCache.headerSize == 60)
        #expect(entry.subdata(in: 56..<60) == withUnsafeBytes(of: Data(payload).withUnsafeBytes(AnalysisCache.checksum).littleEndian) { Data($0) })
        guard case .hit(let words) = cache.load([String].self, .coded, key) else { Issue.record("not read back"); return }
        #expect(words == ["Breitband", "Ärztehaus", "Radweg"])
        for offset in entry.indices {
            var spoilt = entry
            spoilt[offset] ^= 0x01
            try spoilt.write(to: URL(fileURLWithPath: cache.path(.coded, key)))
            guard case .unusable = cache.load([String].self, .coded, key) else {
                Issue.record("a changed byte at \(offset) of \(entry.count) went unnoticed")
                continue
            }
        }
    }

    @Test("a folder where an entry goes is replaced by the entry, not a failure on every run", arguments: [false, true])
    func folderInTheWay(nonEmpty: Bool) throws {
        let folder = TestProject.temporary("entry-folder")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let cache = AnalysisCache(directory: folder, tool: Digest.of(Data("tool".utf8)))
        let key = Digest.of(Data("key".utf8))
        let path = cache.path(.coded, key)
        try FileManager.default.createDirectory(atPath: nonEmpty ? path + "/inside" : path, withIntermediateDirectories: true)
        #expect(cache.store(["Radweg"], .coded, key) == nil)
        guard case .hit(let words) = cache.load([String].self, .coded, key) else { Issue.record("not read back"); return }
        #expect(words == ["Radweg"])
    }

    /// Ways to spoil a cache entry: each is noticed, noted and recomputed.
    enum Damage: String, CaseIterable, Sendable {
        case flippedPayloadByte, truncated, empty, foreignFile, otherKeysEntry, wrongVersion
    }

    @Test("damaged or foreign entries are ignored with a note, never trusted", arguments: Damage.allCases)
    func damagedEntries(damage: Damage) async throws {
        let project = try TestProject.copy(TestProject.fixture)
        let out = TestProject.temporary("damage")
        _ = try await run(project, out)
        let reference = try TestProject.reports(out)
        let entries = try cacheEntries(out, "coded") + cacheEntries(out, "parsed")
        let originals = try Dictionary(uniqueKeysWithValues: entries.map { ($0, try Data(contentsOf: URL(fileURLWithPath: $0))) })
        for entry in entries {
            var bytes = originals[entry] ?? Data()
            switch damage {
            case .flippedPayloadByte: bytes[bytes.count - 3] ^= 0x5A
            case .truncated: bytes = bytes.prefix(bytes.count / 2)
            case .empty: bytes = Data()
            case .foreignFile: bytes = Data("{\"not\": \"a cache entry\"}".utf8)
            case .otherKeysEntry:
                // An intact entry moved under another name: its header names another key.
                let other = entries.first { $0 != entry && ($0.contains("/coded/") == entry.contains("/coded/")) } ?? entry
                bytes = originals[other] ?? Data()
                if other == entry { bytes[20] ^= 1 }
            case .wrongVersion: bytes[8] &+= 1
            }
            try bytes.write(to: URL(fileURLWithPath: entry))
        }
        try forgetReports(out)
        let second = try await run(project, out)
        #expect(second.cacheNotes.count >= 3, "\(second.cacheNotes)")
        #expect(second.cacheNotes.allSatisfy { $0.severity == .note })
        #expect(second.files.allSatisfy { $0.status == .analysed })
        #expect(try TestProject.reports(out) == reference)
        // The entries were rewritten: the next run uses them again.
        try forgetReports(out)
        let third = try await run(project, out)
        #expect(third.cacheNotes.isEmpty)
        #expect(third.files.allSatisfy { $0.status == .cached })
    }

    @Test("a file whose parsed entry is damaged is reported as re-read, even though its coded entry is used",
          arguments: [Damage.flippedPayloadByte, .truncated, .empty])
    func damagedParsedEntryIsReread(damage: Damage) async throws {
        let project = try TestProject.copy(TestProject.fixture)
        let out = TestProject.temporary("reread")
        _ = try await run(project, out)
        let reference = try TestProject.reports(out)
        let parsed = try cacheEntries(out, "parsed")
        try #require(parsed.count == 3)
        // Spoil only the first file's parsed entry (entries are named by key, so find it by its note).
        var bytes = try Data(contentsOf: URL(fileURLWithPath: parsed[0]))
        switch damage {
        case .truncated: bytes = bytes.prefix(bytes.count / 2)
        case .empty: bytes = Data()
        default: bytes[bytes.count - 3] ^= 0x5A
        }
        try bytes.write(to: URL(fileURLWithPath: parsed[0]))
        try forgetReports(out)
        let second = try await run(project, out)
        #expect(second.cacheNotes.count == 1, "\(second.cacheNotes)")
        let noted = try #require(second.cacheNotes.first?.file)
        let statuses = Dictionary(uniqueKeysWithValues: second.files.map { ($0.path, $0.status) })
        #expect(statuses[noted] == .analysed, "\(statuses)")
        #expect(statuses.filter { $0.key != noted }.values.allSatisfy { $0 == .cached }, "\(statuses)")
        #expect(RunSummary.line(second, version: "t").contains("(2 from the cache)"))
        #expect(try TestProject.reports(out) == reference)
    }

    @Test("--no-cache neither reads nor writes the cache")
    func noCache() async throws {
        let out = TestProject.temporary("nocache")
        let run = try await run(TestProject.fixture, out, cache: false)
        #expect(run.files.allSatisfy { $0.status == .analysed })
        #expect(!FileManager.default.fileExists(atPath: out + "/.leitbild-cache"))
    }

    @Test("a rebuilt tool (another executable) does not read the old entries")
    func toolDigest() throws {
        let a = AnalysisCache.toolDigest(version: "1.0.0", executable: "/bin/sh")
        #expect(a == AnalysisCache.toolDigest(version: "1.0.0", executable: "/bin/sh"))
        #expect(a != AnalysisCache.toolDigest(version: "1.0.1", executable: "/bin/sh"))
        #expect(a != AnalysisCache.toolDigest(version: "1.0.0", executable: "/bin/ls"))
    }

    /// A cache folder is made as `FileManager` makes folders (0o777 less the umask), so a cache
    /// that a group shares stays writable for it; a missing parent is made too.
    /// The umask is the process's: 002 for the moment of this test (group-writable folders, as on
    /// a shared machine) shows a folder made with fixed 0o755, which 022 would not. It only
    /// adds group write to what other tests make meanwhile, and none of them checks that.
    @Test("entry folders get FileManager's permissions, parents included")
    func folderPermissions() throws {
        let saved = umask(0o002)
        defer { umask(saved) }
        let root = TestProject.temporary("cache-folders")
        try FileManager.default.createDirectory(atPath: root + "/reference", withIntermediateDirectories: true)
        #expect(AnalysisCache.writeAtomically([1, 2, 3], to: root + "/coded/ab/cdef.bin") == nil)
        #expect(AnalysisCache.writeAtomically([4], to: root + "/coded/ac/cdef.bin") == nil)
        func mode(_ path: String) throws -> Int { try (FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1 }
        let reference = try mode(root + "/reference")
        #expect(reference == 0o775)
        for folder in ["/coded", "/coded/ab", "/coded/ac"] { #expect(try mode(root + folder) == reference, "\(folder)") }
        #expect(FileManager.default.contents(atPath: root + "/coded/ab/cdef.bin") == Data([1, 2, 3]))
    }

    /// The ingestion options enter the parsed layer's key once per run (`BatchContext.optionsKey`):
    /// every option that changes what a file is read as changes it; the size limit does not.
    enum OptionChange: String, CaseIterable, CustomTestStringConvertible {
        case sizeLimit, textColumn, idColumn, speakerColumn, zipLimit, unmatchedRows
        var testDescription: String { rawValue }
        var counts: Bool { self != .sizeLimit }
        func apply(_ o: inout IngestionOptions) {
            switch self {
            case .sizeLimit: o.maxFileBytes = 1
            case .textColumn: o.textColumn = "antwort"
            case .idColumn: o.idColumn = "nr"
            case .speakerColumn: o.speakerColumn = "sprecher"
            case .zipLimit: o.zipLimits.maxEntries = 7
            case .unmatchedRows: o.reportUnmatchedMetadataRows = false
            }
        }
    }

    @Test("the parsed key's options: each reading option counts, the size limit does not", arguments: OptionChange.allCases)
    func optionsKey(_ change: OptionChange) throws {
        var changed = IngestionOptions()
        change.apply(&changed)
        #expect((BatchContext.key(of: changed) != BatchContext.key(of: IngestionOptions())) == change.counts)
    }

    @Test("a context's options key follows its options")
    func optionsKeyFollows() throws {
        let codebook = try CodebookLoader.load(path: TestProject.fixture + "/codebook.yaml")
        let coder = ThemeCoder(codebook: codebook)
        var context = BatchContext(sheet: MetadataSheet(path: nil, header: [], rows: [], diagnostics: []), sheetDigest: Digest.of(Data()), options: IngestionOptions(), coder: coder,
                                   analyzer: GermanAnalyzer(), detector: SignalDetector(), cache: nil, paths: ProjectPaths(project: "/p"),
                                   sheetName: "", codingDigest: Digest.of(Data()), sessions: SessionPool(coder: coder))
        #expect(context.optionsKey == BatchContext.key(of: IngestionOptions()))
        context.options.textColumn = "antwort"
        #expect(context.optionsKey == BatchContext.key(of: context.options))
        #expect(context.optionsKey != BatchContext.key(of: IngestionOptions()))
    }
}
