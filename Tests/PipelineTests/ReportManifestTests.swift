import Foundation
import LeitbildCore
import Pipeline
import Reporting
import Testing
import TestSupport

/// A re-run with nothing changed leaves the reports as they are (`ReportManifest`); any change to
/// what they are made from, or to the reports themselves, writes them again, byte-identical to a
/// run into an empty folder.
@Suite("Reports left as they are when nothing changed", .scratchFolder)
struct ReportManifestTests {
    /// One scratch project and output folder, removed at the end.
    final class Scratch {
        let project: String
        let out: String
        let fresh: String
        var request: AnalysisRequest

        init() throws {
            project = try TestProject.copy(TestProject.fixture)
            out = TestProject.temporary("manifest")
            fresh = TestProject.temporary("manifest-fresh")
            request = AnalysisRequest(project: project, outputDirectory: out)
        }

        deinit {
            for folder in [project, out, fresh] { try? FileManager.default.removeItem(atPath: folder) }
        }

        /// Sets every file of the project an hour back, as if it had been left alone since: a
        /// run then fingerprints the inputs by their stat (`ReportManifest.fingerprint`).
        func settle() throws { try ReportManifestTests.settle(project) }

        func run(cache: Bool = true) async throws -> AnalysisRun {
            try await AnalysisPipeline().run(request, batch: BatchOptions(jobs: 2, useCache: cache))
        }

        /// The same request into an empty folder without cache.
        func freshReports() async throws -> [String: Data] {
            try? FileManager.default.removeItem(atPath: fresh)
            var request = request
            request.outputDirectory = fresh
            _ = try await AnalysisPipeline().run(request, batch: BatchOptions(jobs: 1, useCache: false))
            return try TestProject.reports(fresh)
        }
    }

    /// (size, modification time, inode) of every report.
    static func stamps(_ out: String) throws -> [String: [Int]] {
        var stamps: [String: [Int]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: out) where !name.hasPrefix(".") {
            var info = stat()
            #expect(stat(out + "/" + name, &info) == 0)
            stamps[name] = [Int(info.st_size), Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec), Int(info.st_ino)]
        }
        return stamps
    }

    @Test("a re-run with nothing changed keeps every report file as it is")
    func unchanged() async throws {
        let s = try Scratch()
        let first = try await s.run()
        #expect(!first.reportsUnchanged)
        let before = try Self.stamps(s.out)
        let second = try await s.run()
        #expect(second.reportsUnchanged)
        // The manifest is checked before aggregation: an unchanged run aggregates nothing.
        #expect(first.timings.aggregation > 0)
        #expect(second.timings.aggregation == 0)
        #expect(second.writtenFiles == first.writtenFiles)
        #expect(try Self.stamps(s.out) == before)
        // The inputs had not settled: no stat fingerprint, so they are compared by content.
        #expect(second.unchangedByContent && !second.unchangedByStat)
        #expect(RunSummary.line(second, version: "test").contains("Reports unchanged (no input file's content changed since the last run)"))
        #expect(try TestProject.reports(s.out) == (try await s.freshReports()))
    }

    /// The render seconds of each report, which the next run's writer starts the longest by.
    static func seconds(_ out: String) throws -> [String: Double]? {
        let data = try #require(FileManager.default.contents(atPath: out + "/.leitbild-reports.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return json["seconds"] as? [String: Double]
    }

    @Test("the manifest keeps each report's render seconds; a run that writes nothing keeps the last ones")
    func renderSeconds() async throws {
        let s = try Scratch()
        let first = try await s.run()
        let names = first.writtenFiles.map { ($0 as NSString).lastPathComponent }
        let recorded = try #require(try Self.seconds(s.out))
        #expect(recorded.keys.sorted() == names.sorted())
        #expect(recorded.values.allSatisfy { $0 >= 0 && $0 < 60 })
        // Milliseconds, rounded (up to the double nearest to k / 1000).
        #expect(recorded.values.allSatisfy { abs($0 * 1000 - ($0 * 1000).rounded()) < 1e-6 })
        let second = try await s.run()
        #expect(second.reportsUnchanged)
        #expect(try Self.seconds(s.out) == recorded)
        // Written again: this run's seconds, for the same reports.
        try TestProject.write("Interviewer: Was ist wichtig?\nBürgerin: Der Bus fährt zu selten.\n", to: s.project + "/transcripts/05-neu.txt")
        let third = try await s.run()
        #expect(!third.reportsUnchanged)
        #expect(try Self.seconds(s.out)?.keys.sorted() == names.sorted())
    }

    /// Inputs left alone since the last run are told unchanged by their stat: nothing is read,
    /// and the summary, messages and exit code are the last run's.
    @Test("settled inputs: a re-run reads nothing and reports what the last run found (after failures it reads again)", arguments: [false, true])
    func unchangedByStat(failing: Bool) async throws {
        let s = try Scratch()
        if failing { try TestProject.write("not a zip", to: s.project + "/transcripts/04-kaputt.docx") }
        try s.settle()
        let first = try await s.run()
        #expect(!first.reportsUnchanged && !first.unchangedByStat)
        let before = try Self.stamps(s.out)
        let second = try await s.run()
        // After a run with failures the files are read again (whether a file can be read is not in its stat).
        #expect(second.unchangedByStat == !failing && second.reportsUnchanged)
        #expect(second.timings.aggregation == 0)
        #expect(second.files.map(\.path) == first.files.map(\.path))
        #expect(second.files.map(\.bytes) == first.files.map(\.bytes))
        #expect(second.files.map { $0.status == .failed } == first.files.map { $0.status == .failed })
        let counts: (AnalysisRun) -> [Int] = { [$0.filesFound, $0.transcripts, $0.turns, $0.sentences, $0.codedSegments] }
        #expect(counts(second) == counts(first))
        #expect(second.diagnostics == first.diagnostics)
        #expect(second.failures == first.failures)
        #expect(second.failures.isEmpty == !failing)
        #expect(ExitStatus(run: second, strict: false) == ExitStatus(run: first, strict: false))
        #expect(second.writtenFiles == first.writtenFiles)
        #expect(try Self.stamps(s.out) == before)
        #expect(RunSummary.line(second, version: "test").contains(failing ? "Reports unchanged (same inputs as the last run)"
                                                                         : "Reports unchanged (no input file changed since the last run)"))
        #expect(try TestProject.reports(s.out) == (try await s.freshReports()))
    }

    /// Every file touched but none changed: each is read, hashed and found the same; the reports stay, no
    /// cache entry is decoded, and once the touch has settled the run after tells by the stat again.
    @Test("a touched input is compared by content without decoding the cache, then fingerprinted anew")
    func touchedInput() async throws {
        let s = try Scratch()
        try s.settle()
        _ = try await s.run()
        let before = try Self.stamps(s.out)
        // Every entry damaged in place: a run that decoded one would note it and recompute it.
        let damaged = try Self.damageEntries(s.out + "/.leitbild-cache")
        #expect(damaged > 0)
        for name in try FileManager.default.contentsOfDirectory(atPath: s.project + "/transcripts") {
            #expect(utimensat(AT_FDCWD, s.project + "/transcripts/" + name, nil, 0) == 0)  // now
        }
        let touched = try await s.run()
        #expect(touched.reportsUnchanged && touched.unchangedByContent && !touched.unchangedByStat)
        #expect(touched.cacheNotes.isEmpty, "\(touched.cacheNotes)")
        #expect(touched.timings.aggregation == 0)
        #expect(try Self.stamps(s.out) == before)
        #expect(RunSummary.line(touched, version: "test").contains("Reports unchanged (no input file's content changed since the last run)"))
        try s.settle()
        let content = try await s.run()
        #expect(content.unchangedByContent && !content.unchangedByStat)  // the settled stat is new: compared by content, recorded
        #expect(try await s.run().unchangedByStat)
    }

    /// The content check records the files it read in the content index: with a file added
    /// after it, the others are known by their new stat and not read.
    @Test("the content check records what it read in the content index")
    func contentCheckRecordsIndex() async throws {
        let s = try Scratch()
        try s.settle()
        _ = try await s.run()
        try s.settle()  // every file's status change time is new; the modification times have settled
        let content = try await s.run()
        #expect(content.unchangedByContent)
        try TestProject.write("Interviewer: Was ist wichtig?\nBürgerin: Der Bus fährt zu selten.\n", to: s.project + "/transcripts/05-neu.txt")
        let added = try await s.run()
        #expect(added.timings.renderNotes.contains { $0.note.hasPrefix("3 of 4 known by their stat") }, "\(added.timings.renderNotes)")
    }

    /// How the project folder a link names is replaced.
    enum Relinked: String, CaseIterable, Sendable {
        case moved = "moved under another name (every file keeps its stat)"
        case copied = "copied under another name (every file keeps its content)"
    }

    /// The reports carry the project folder's name, links resolved: a link retargeted to the
    /// project under another name writes them anew, though every path as typed, and every stat
    /// or content, is the last run's.
    @Test("the project given through a link, retargeted to the project under another name: the reports are written anew",
          arguments: Relinked.allCases)
    func projectRelinked(_ how: Relinked) async throws {
        let s = try Scratch()
        let parent = TestProject.temporary("relinked")
        let old = parent + "/rehau-2025", new = parent + "/rehau-2026", link = parent + "/aktuell"
        try FileManager.default.moveItem(atPath: s.project, toPath: old)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: old)
        s.request.project = link
        try Self.settle(old)
        _ = try await s.run()
        switch how {
        case .moved: try FileManager.default.moveItem(atPath: old, toPath: new)
        case .copied: try FileManager.default.copyItem(atPath: old, toPath: new)
        }
        try Self.settle(new)
        try FileManager.default.removeItem(atPath: link)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: new)
        let run = try await s.run()
        #expect(!run.reportsUnchanged)
        #expect(try String(contentsOfFile: s.out + "/summary.md", encoding: .utf8).contains("rehau-2026"))
        #expect(try TestProject.reports(s.out) == (try await s.freshReports()))
    }

    /// Sets every file in `folder` an hour back, as if it had been left alone since.
    static func settle(_ folder: String) throws {
        let enumerator = try #require(FileManager.default.enumerator(atPath: folder))
        var times = [timespec(tv_sec: time(nil) - 3600, tv_nsec: 0), timespec(tv_sec: time(nil) - 3600, tv_nsec: 0)]
        for case let name as String in enumerator {
            #expect(utimensat(AT_FDCWD, folder + "/" + name, &times, 0) == 0)
        }
    }

    /// Flips the last byte of every cache entry of the parsed and coded layers (their size,
    /// folders and the cache's manifest stay); returns how many.
    static func damageEntries(_ cache: String) throws -> Int {
        var count = 0
        for layer in ["parsed", "coded"] {
            let enumerator = try #require(FileManager.default.enumerator(atPath: cache + "/" + layer))
            for case let name as String in enumerator where name.hasSuffix(".bin") {
                let path = cache + "/" + layer + "/" + name
                var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
                bytes[bytes.count - 1] ^= 0xFF
                let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
                try handle.write(contentsOf: bytes)
                try handle.close()
                count += 1
            }
        }
        return count
    }

    /// What changes besides every input being touched.
    enum TouchedChange: String, CaseIterable, Sendable {
        case edited = "one file edited, its size kept"
        case added = "a file added"
        case sheet = "a metadata row changed"
        case earlierManifest = "the manifest of an earlier build, without content fingerprint"
    }

    /// Touched inputs with a real change, or no content fingerprint to compare with: the run goes
    /// the long way and writes what a run into an empty folder writes.
    @Test("touched inputs with a change, or no recorded content fingerprint: the long way", arguments: TouchedChange.allCases)
    func touchedAndChanged(_ change: TouchedChange) async throws {
        let s = try Scratch()
        try s.settle()
        _ = try await s.run()
        let transcripts = s.project + "/transcripts"
        switch change {
        case .edited:
            let path = transcripts + "/02-pflege.txt"
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let edited = text.replacingOccurrences(of: "Pflege", with: "Pfleg_")
            #expect(edited != text && edited.utf8.count == text.utf8.count)
            try TestProject.write(edited, to: path)
        case .added:
            try TestProject.write("Interviewer: Was ist wichtig?\nBürgerin: Der Bus fährt zu selten.\n", to: transcripts + "/05-neu.txt")
        case .sheet:
            let path = s.project + "/metadata.csv"
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let edited = text.replacingOccurrences(of: "Rehau", with: "Selb")
            #expect(edited != text)
            try TestProject.write(edited, to: path)
        case .earlierManifest:
            let path = s.out + "/.leitbild-reports.json"
            var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
            var quick = try #require(json["quick"] as? [String: Any])
            #expect(quick.removeValue(forKey: "contents") != nil)
            json["quick"] = quick
            try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]).write(to: URL(fileURLWithPath: path))
        }
        for name in try FileManager.default.contentsOfDirectory(atPath: transcripts) {
            #expect(utimensat(AT_FDCWD, transcripts + "/" + name, nil, 0) == 0)  // now
        }
        let run = try await s.run()
        #expect(!run.unchangedByContent && !run.unchangedByStat)
        #expect(run.reportsUnchanged == (change == .earlierManifest))
        #expect(try TestProject.reports(s.out) == (try await s.freshReports()))
    }

    /// What happens to the cache between two runs with settled inputs.
    enum CacheChange: String, CaseIterable, Sendable {
        case otherFolder = "another --cache-dir"
        case deleted = "the cache folder deleted"
        case layerDeleted = "one layer folder of the cache deleted"
        case prunedByAnotherOutput = "the cache shared with a run into another output folder that pruned it (--unit turn)"
    }

    /// A run that reads nothing fills no cache: with the cache changed since (`Quick.cache`), or
    /// another `--cache-dir`, the next run reads the inputs (and fills the cache), leaving the
    /// reports as they are; the run after it tells by the stat again.
    @Test("a cache changed since the last run, or another --cache-dir: the inputs are read again to fill it", arguments: CacheChange.allCases)
    func cacheChanged(_ change: CacheChange) async throws {
        let s = try Scratch()
        try s.settle()
        let other = TestProject.temporary("manifest-cache")
        defer { try? FileManager.default.removeItem(atPath: other) }
        var batch = BatchOptions(jobs: 2, useCache: true)
        if change == .prunedByAnotherOutput { batch.cacheDirectory = other }
        _ = try await AnalysisPipeline().run(s.request, batch: batch)
        #expect(try await AnalysisPipeline().run(s.request, batch: batch).unchangedByStat)
        let before = try Self.stamps(s.out)
        switch change {
        case .otherFolder: batch.cacheDirectory = other
        case .deleted: try FileManager.default.removeItem(atPath: s.out + "/.leitbild-cache")
        case .layerDeleted: try FileManager.default.removeItem(atPath: s.out + "/.leitbild-cache/coded")
        case .prunedByAnotherOutput:
            var request = s.request
            request.outputDirectory = s.fresh
            request.unit = .turn
            _ = try await AnalysisPipeline().run(request, batch: batch)
        }
        let filling = try await AnalysisPipeline().run(s.request, batch: batch)
        #expect(filling.reportsUnchanged && !filling.unchangedByStat)
        #expect(!filling.files.allSatisfy { $0.status == .cached }, "the cache was filled: \(filling.files.map(\.status))")
        #expect(try Self.stamps(s.out) == before)
        let cache = batch.cacheDirectory ?? s.out + "/.leitbild-cache"
        #expect(FileManager.default.fileExists(atPath: cache + "/manifest.json"))
        #expect(try await AnalysisPipeline().run(s.request, batch: batch).unchangedByStat)
    }

    /// A sheet that cannot be used leaves no rows, like no sheet at all: its error must tell the
    /// two apart, or the quick check would replay the error after the sheet is gone.
    @Test("an unusable metadata sheet, then none: the reports are written again without its error")
    func unusableSheetRemoved() async throws {
        let s = try Scratch()
        // No id or file column (an unclosed quote no longer makes a sheet unusable: it is read as a stray one).
        try TestProject.write("nummer,datei_name\nF01,01-mobil.txt\n", to: s.project + "/metadata.csv")
        try s.settle()
        let broken = try await s.run()
        #expect(broken.diagnostics.contains { $0.severity == .error })
        try FileManager.default.removeItem(atPath: s.project + "/metadata.csv")
        let none = try await s.run()
        #expect(!none.reportsUnchanged)
        #expect(!none.diagnostics.contains { $0.severity == .error })
        #expect(try TestProject.reports(s.out) == (try await s.freshReports()))
    }

    /// The same rows in another encoding: only the sheet's note about its encoding differs.
    @Test("a metadata sheet saved in another encoding, the same rows: the reports are written again with its note")
    func sheetEncoding() async throws {
        let s = try Scratch()
        let path = s.project + "/metadata.csv"
        let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "Rehau", with: "Münchberg")
        try TestProject.write(text, to: path)
        try s.settle()
        _ = try await s.run()
        #expect(try await s.run().unchangedByStat)
        // Latin-1 bytes, which the sheet reader takes for Windows-1252 (every scalar here is below 256).
        try Data(text.unicodeScalars.map { UInt8($0.value) }).write(to: URL(fileURLWithPath: path))
        let latin = try await s.run()
        #expect(!latin.reportsUnchanged)
        #expect(latin.diagnostics.contains { $0.message.contains("Windows-1252") }, "\(latin.diagnostics)")
        #expect(try TestProject.reports(s.out) == (try await s.freshReports()))
    }

    /// Changes between two runs, each of which must write the reports again.
    static let changes: [(label: String, change: @Sendable (Scratch) throws -> Void)] = [
        ("a report deleted", { s in try FileManager.default.removeItem(atPath: s.out + "/themes.csv") }),
        ("a report edited in place, same size", { s in
            let path = s.out + "/summary.md"
            var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            bytes[0] = bytes[0] == 0x23 ? 0x2A : 0x23
            let handle = try #require(FileHandle(forWritingAtPath: path))
            try handle.write(contentsOf: Data(bytes))
            try handle.close()
        }),
        ("a report touched", { s in
            var times = [timespec(tv_sec: 1_600_000_000, tv_nsec: 0), timespec(tv_sec: 1_600_000_000, tv_nsec: 0)]
            #expect(utimensat(AT_FDCWD, s.out + "/report.html", &times, 0) == 0)
        }),
        ("the manifest deleted", { s in try FileManager.default.removeItem(atPath: s.out + "/.leitbild-reports.json") }),
        ("the manifest damaged", { s in try TestProject.write("{", to: s.out + "/.leitbild-reports.json") }),
        ("a transcript changed", { s in
            let path = s.project + "/transcripts/01-mobil.txt"
            try TestProject.write(try String(contentsOfFile: path, encoding: .utf8) + "\nB: Und der Radweg fehlt.\n", to: path)
        }),
        ("a transcript added", { s in
            try TestProject.write("I: Was fehlt?\n\nB: Der Bus fährt kaum noch.\n", to: s.project + "/transcripts/04-neu.txt")
        }),
        ("a transcript removed", { s in try FileManager.default.removeItem(atPath: s.project + "/transcripts/03-pflege.txt") }),
        ("the codebook changed", { s in
            let path = s.project + "/codebook.yaml"
            let text = try String(contentsOfFile: path, encoding: .utf8)
            try TestProject.write(text.replacingOccurrences(of: "terms: [Bus, Rufbus, Radweg, ÖPNV]", with: "terms: [Bus, Rufbus, ÖPNV]"), to: path)
        }),
        ("a metadata row changed", { s in
            let path = s.project + "/metadata.csv"
            try TestProject.write(try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "Senioren,Rehau", with: "Senioren,Naila"), to: path)
        }),
        ("weights given", { s in
            try TestProject.write("weights:\n  interviews: 1\n", to: s.project + "/weights.yaml")
        }),
        ("a pseudonym list given", { s in try TestProject.write("Ort: Rehau\n", to: s.project + "/pseudonyms.txt") }),
        ("another CSV dialect", { s in s.request.report.csvDialect = .excelDE }),
        ("pseudonymisation off", { s in s.request.report.pseudonymize = false }),
        ("another coding unit", { s in s.request.unit = .turn }),
        ("fewer quotes per field", { s in s.request.report.quotesPerField = 1 }),
        ("fewer segments per code in report.html", { s in s.request.report.htmlSegmentsPerCode = 1 }),
        // (Another spelling of the same project path is no change: the reports name files
        // relative to the project, `CachePathTests`.) A renamed folder renames the project.
        ("the project folder renamed", { s in
            let renamed = (s.project as NSString).deletingLastPathComponent + "/umbenannt-" + UUID().uuidString
            try FileManager.default.moveItem(atPath: s.project, toPath: renamed)
            s.request.project = renamed
        }),
        ("a transcript changed, same size, its old modification time put back", { s in
            let path = s.project + "/transcripts/01-mobil.txt"
            var info = stat()
            #expect(stat(path, &info) == 0)
            var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            let at = try #require(bytes.firstIndex(of: UInt8(ascii: "B")))
            bytes[at] = UInt8(ascii: "I")
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            var times = [info.st_atim, info.st_mtim]
            #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
        }),
        ("a maximum file size below a transcript's", { s in s.request.maxFileBytes = 300 }),
    ]

    /// Settled: the first run fingerprints the inputs by their stat, so each change must also be
    /// seen by the quick check (or make it fall back to reading the inputs).
    @Test("any change writes the reports again, as a run into an empty folder would", arguments: changes.indices, [false, true])
    func changed(_ index: Int, settled: Bool) async throws {
        let s = try Scratch()
        if settled { try s.settle() }
        _ = try await s.run()
        try Self.changes[index].change(s)
        let second = try await s.run()
        #expect(!second.reportsUnchanged, "\(Self.changes[index].label)")
        // Compared by the files this run writes: with pseudonymisation off the earlier key file stays.
        let fresh = try await s.freshReports()
        #expect(try TestProject.reports(s.out).filter { fresh[$0.key] != nil } == fresh, "\(Self.changes[index].label)")
        // And the run after that has nothing to do.
        #expect(try await s.run().reportsUnchanged, "\(Self.changes[index].label)")
    }

    /// The key of an earlier pseudonymised run stays (reports shared before may need it), but a
    /// run without pseudonymisation says that it does not belong to its reports.
    @Test("reports without pseudonymisation beside an earlier key: the key stays, and a note says so", arguments: [true, false])
    func earlierKey(cache: Bool) async throws {
        let s = try Scratch()
        let first = try await s.run(cache: cache)
        #expect(first.cacheNotes.allSatisfy { $0.file?.hasSuffix("pseudonym-key.csv") != true })
        let key = try Data(contentsOf: URL(fileURLWithPath: s.out + "/pseudonym-key.csv"))
        s.request.report.pseudonymize = false
        for _ in 0..<2 {  // written, then (with the cache) left as it is: the note both times
            let run = try await s.run(cache: cache)
            #expect(run.cacheNotes.contains { $0.file == s.out + "/pseudonym-key.csv" && $0.message.contains("not pseudonymised") })
            #expect(try Data(contentsOf: URL(fileURLWithPath: s.out + "/pseudonym-key.csv")) == key)
        }
    }

    @Test("without the cache the reports are always written, and the manifest vouches for none of them")
    func noCache() async throws {
        let s = try Scratch()
        _ = try await s.run()
        #expect(FileManager.default.fileExists(atPath: s.out + "/.leitbild-reports.json"))
        #expect(!(try await s.run(cache: false)).reportsUnchanged)
        // Only the reports' stamps, for telling an edit (`keepEdited`): no digest, no quick record.
        let data = try Data(contentsOf: URL(fileURLWithPath: s.out + "/.leitbild-reports.json"))
        let manifest = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(manifest["digest"] as? String == "" && manifest["quick"] == nil)
        #expect((manifest["files"] as? [[String: Any]])?.contains { $0["name"] as? String == "summary.md" } == true)
        #expect(!(try await s.run(cache: false)).reportsUnchanged)
        #expect(!(try await s.run()).reportsUnchanged)
    }

    /// Found in a user review (fifth stop of 2026-11-29): a run with `--no-cache` did not read the
    /// manifest, and the last one had recorded none, so an edited summary.md was overwritten
    /// without a word; so was a summary.md of the user's own in the folder of a first run.
    @Test("an edited report is kept before a run without the cache, and a file of the user's own before a first run",
          arguments: [(false, false), (false, true), (true, false), (true, true)])
    func editedWithoutCache(_ firstCached: Bool, _ secondCached: Bool) async throws {
        let s = try Scratch()
        _ = try await s.run(cache: firstCached)
        try TestProject.write("# meine Notizen\n", to: s.out + "/summary.md")
        let run = try await s.run(cache: secondCached)
        let copies = try FileManager.default.contentsOfDirectory(atPath: s.out).filter { $0.hasPrefix("summary.edited-") }
        #expect(copies.count == 1)
        #expect(try String(contentsOfFile: s.out + "/" + (copies.first ?? ""), encoding: .utf8) == "# meine Notizen\n")
        #expect(run.cacheNotes.contains { $0.severity == .warning && $0.message.contains("changed since the last run wrote it") })
    }

    @Test("a file of the user's own named like a report is kept before the first run into the folder", arguments: [false, true])
    func ownFileBeforeFirstRun(_ cached: Bool) async throws {
        let s = try Scratch()
        try FileManager.default.createDirectory(atPath: s.out, withIntermediateDirectories: true)
        try TestProject.write("Themen;Notiz\n", to: s.out + "/themes.csv")
        let run = try await s.run(cache: cached)
        let copies = try FileManager.default.contentsOfDirectory(atPath: s.out).filter { $0.hasPrefix("themes.edited-") }
        #expect(copies.count == 1)
        #expect(try String(contentsOfFile: s.out + "/" + (copies.first ?? ""), encoding: .utf8) == "Themen;Notiz\n")
        #expect(run.cacheNotes.contains { $0.severity == .warning && $0.message.contains("before any run wrote there") })
        // The next run knows the folder: nothing more is copied.
        _ = try await s.run(cache: cached)
        #expect(try FileManager.default.contentsOfDirectory(atPath: s.out).filter { $0.contains(".edited-") }.count == 1)
    }

    /// Found in a review: a first run that analysed nothing left its lock file, so the next run
    /// was no first run and overwrote the user's summary.md without a copy.
    @Test("a first run that writes nothing keeps the folder new: the next run keeps the user's file", arguments: [false, true])
    func failedFirstRun(_ cached: Bool) async throws {
        let s = try Scratch()
        try FileManager.default.createDirectory(atPath: s.out, withIntermediateDirectories: true)
        try TestProject.write("# meine eigene Zusammenfassung\n", to: s.out + "/summary.md")
        let broken = TestProject.temporary("broken-project")
        try FileManager.default.createDirectory(atPath: broken + "/transcripts", withIntermediateDirectories: true)
        try TestProject.write("", to: broken + "/transcripts/leer.txt")
        try FileManager.default.copyItem(atPath: s.project + "/codebook.yaml", toPath: broken + "/codebook.yaml")
        var failing = s.request
        failing.project = broken
        let first = try await AnalysisPipeline().run(failing, batch: BatchOptions(jobs: 2, useCache: cached))
        #expect(first.writtenFiles.isEmpty)
        #expect(try String(contentsOfFile: s.out + "/summary.md", encoding: .utf8) == "# meine eigene Zusammenfassung\n")
        _ = try await s.run(cache: cached)
        let copies = try FileManager.default.contentsOfDirectory(atPath: s.out).filter { $0.hasPrefix("summary.edited-") }
        #expect(copies.count == 1)
        #expect(try String(contentsOfFile: s.out + "/" + (copies.first ?? ""), encoding: .utf8) == "# meine eigene Zusammenfassung\n")
    }

    /// Found in a re-review: a first run stopped by a signal leaves its lock file too, and the
    /// next run overwrote the user's summary.md; a stopped later run must not make the next one
    /// keep copies of the reports it wrote.
    @Test("a lock file without the reports mark (a stopped first run) keeps the user's file; with it (a stopped later run) nothing is copied",
          arguments: [false, true])
    func stoppedRuns(_ marked: Bool) async throws {
        let s = try Scratch()
        try FileManager.default.createDirectory(atPath: s.out, withIntermediateDirectories: true)
        try TestProject.write("# meine eigene Zusammenfassung\n", to: s.out + "/summary.md")
        // What a stopped run leaves: its lock file (with its pid), no manifest.
        try TestProject.write(marked ? "4242\nreports written\n" : "4242\n", to: s.out + "/.leitbild.lock")
        let run = try await s.run()
        let copies = try FileManager.default.contentsOfDirectory(atPath: s.out).filter { $0.hasPrefix("summary.edited-") }
        #expect(copies.count == (marked ? 0 : 1), "\(run.cacheNotes)")
        let lock = try String(contentsOfFile: s.out + "/.leitbild.lock", encoding: .utf8)
        #expect(lock.hasSuffix("\nreports written\n") && lock.split(separator: "\n").count == 2, "\(lock)")
    }

    @Test("the pseudonym list counts with pseudonymisation off too (its names are never gaps)")
    func listWithoutPseudonymisation() async throws {
        let s = try Scratch()
        s.request.report.pseudonymize = false
        try TestProject.write("Ort: Rehau\n", to: s.project + "/pseudonyms.txt")
        _ = try await s.run()
        #expect(try await s.run().reportsUnchanged)
        try TestProject.write("Ort: Naila\n", to: s.project + "/pseudonyms.txt")
        #expect(!(try await s.run()).reportsUnchanged)
    }

    @Test("a file that fails keeps failing: the reports stay, the failure is reported again")
    func failedFile() async throws {
        let s = try Scratch()
        try TestProject.write("not a zip", to: s.project + "/transcripts/04-kaputt.docx")
        let first = try await s.run()
        #expect(first.failures.count == 1)
        let second = try await s.run()
        #expect(second.reportsUnchanged)
        #expect(second.failures.map(\.error) == first.failures.map(\.error))
        #expect(ExitStatus(run: second, strict: false) == ExitStatus(run: first, strict: false))
    }

    /// `inputDigest` hashes every field of `ReportOptions` by hand: a new field must be added
    /// there, or a re-run would keep reports made with the old value.
    @Test("every ReportOptions field is in the digest")
    func reportOptionFields() {
        let fields = Mirror(reflecting: ReportOptions()).children.compactMap(\.label)
        #expect(fields == ["csvDialect", "pseudonymize", "pseudonymList", "personColumns", "htmlSegmentsPerCode", "quotesPerField", "generator"],
                "a field was added to ReportOptions: hash it in ReportManifest.inputDigest, then list it here")
    }
}

/// Found in a workflow review: a consultant's edits to summary.md were overwritten by the next run.
@Suite("Reports edited by hand", .scratchFolder)
struct EditedReportTests {
    @Test("an edited summary.md is kept as a copy before the next run writes it again; untouched ones are not copied")
    func editedSummaryKept() async throws {
        let project = try TestProject.copy(TestProject.fixture)
        let out = TestProject.temporary("edited-out")
        let request = AnalysisRequest(project: project, outputDirectory: out)
        _ = try await AnalysisPipeline().run(request, batch: BatchOptions(jobs: 2))
        let summary = out + "/summary.md"
        let edited = try String(contentsOfFile: summary, encoding: .utf8) + "\nNotiz aus dem Workshop: Bus zuerst.\n"
        try edited.write(toFile: summary, atomically: false, encoding: .utf8)
        // A new interview, so the reports are written again.
        try TestProject.write("I: Was fehlt?\n\nB: Ein Radweg.\n", to: project + "/transcripts/99-neu.txt")
        let run = try await AnalysisPipeline().run(request, batch: BatchOptions(jobs: 2))
        let copies = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasPrefix("summary.edited-") && $0.hasSuffix(".md") }
        #expect(copies.count == 1)
        #expect(try String(contentsOfFile: out + "/" + (copies.first ?? ""), encoding: .utf8) == edited)
        #expect(!(try String(contentsOfFile: summary, encoding: .utf8)).contains("Notiz aus dem Workshop"))
        #expect(run.cacheNotes.contains { $0.severity == .warning && $0.message.contains("kept as summary.edited-") })
        // Nothing edited: no copy.
        try TestProject.write("I: Was fehlt?\n\nB: Mehr Busse.\n", to: project + "/transcripts/98-neu.txt")
        _ = try await AnalysisPipeline().run(request, batch: BatchOptions(jobs: 2))
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.contains(".edited-") }.count == 1)
    }
}
