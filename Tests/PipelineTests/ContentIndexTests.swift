import Foundation
import LeitbildCore
@testable import Pipeline
import Testing
import TestSupport

/// The content index (`CACHE/memo/contents.bin`, docs/batch.md, "Files known by their stat"): a
/// file with the stat a run read it with is not read again; its content digest and format come
/// from the index.
@Suite("Content index: files known by their stat", .scratchFolder)
struct ContentIndexTests {
    static let stamp = ContentIndex.Stamp(device: 2049, inode: 1_234_567, size: 4096, mode: UInt32(S_IFREG) | 0o644,
                                          modified: 1_700_000_000, modifiedNanoseconds: 123_456_789,
                                          changed: 1_700_000_100, changedNanoseconds: 987_654_321)
    static let content = ContentIndex.Content(digest: Digest.of(Data("Breitband".utf8)), format: .docx, bytes: 4096)

    static func sample() -> ContentIndex {
        var index = ContentIndex()
        index.record("transcripts/S00001-berg.docx", stamp: stamp, content: content)
        var other = stamp
        other.inode += 1
        other.size = 0
        index.record("transcripts/Zell „am“ See.txt", stamp: other, content: .init(digest: Digest.of(Data()), format: .plainText, bytes: 0))
        return index
    }

    @Test("the stored form round-trips; every truncation, a longer one and another version are refused")
    func storedForm() throws {
        let index = Self.sample()
        let bytes = index.encoded()
        #expect(ContentIndex(decoding: bytes) == index)
        for length in 0..<bytes.count { #expect(ContentIndex(decoding: Array(bytes.prefix(length))) == nil, "cut at \(length)") }
        #expect(ContentIndex(decoding: bytes + [0]) == nil)
        var other = bytes
        other[0] = ContentIndex.formatVersion + 1
        #expect(ContentIndex(decoding: other) == nil)
        #expect(ContentIndex(decoding: ContentIndex().encoded()) == ContentIndex())
    }

    /// Each field of the stat that differs from the recorded one makes the file unknown.
    @Test("a file is known only with every field of its recorded stat, under its name, and within the size limit", arguments: [
        ("same", true), ("device", false), ("inode", false), ("size", false), ("mode", false), ("modified", false),
        ("modified ns", false), ("changed", false), ("changed ns", false), ("other name", false), ("over the limit", false),
        ("a folder", false),
    ])
    func trust(change: String, known: Bool) throws {
        let folder = TestProject.temporary("index")
        let path = folder + "/a.docx"
        try TestProject.write("x", to: path)  // exists and is readable
        var index = ContentIndex()
        var recorded = Self.stamp
        if change == "a folder" { recorded.mode = UInt32(S_IFDIR) | 0o755 }
        index.record("transcripts/a.docx", stamp: recorded, content: Self.content)
        var now = recorded
        var name = "transcripts/a.docx"
        var limit = 1 << 20
        switch change {
        case "device": now.device += 1
        case "inode": now.inode += 1
        case "size": now.size += 1
        case "mode": now.mode ^= 0o200
        case "modified": now.modified += 1
        case "modified ns": now.modifiedNanoseconds += 1
        case "changed": now.changed += 1
        case "changed ns": now.changedNanoseconds += 1
        case "other name": name = "transcripts/b.docx"
        case "over the limit": limit = 4095
        default: break
        }
        let found = index.content(of: name, path: path, stat: Self.fakeStat(now), maxBytes: limit)
        #expect((found == Self.content) == known)
        #expect((found == nil) == !known)
    }

    @Test("a file that cannot be found is not known")
    func missingFile() {
        var index = ContentIndex()
        index.record("a.docx", stamp: Self.stamp, content: Self.content)
        let folder = TestProject.temporary("index")
        #expect(index.content(of: "a.docx", path: folder + "/a.docx", stat: Self.fakeStat(Self.stamp), maxBytes: .max) == nil)
        #expect(index.content(of: "a.docx", path: folder, stat: Self.fakeStat(Self.stamp), maxBytes: .max) != nil,
                "the check above is of the path, not of the stat")
    }

    /// After a new build every key changes: the index of the build before is no index of this
    /// one, and says nothing. A whole memo of this build that is not an index is noted.
    @Test("an index of another build is silently not used; a memo that is no index is noted")
    func otherBuildOrLayout() {
        let folder = TestProject.temporary("index")
        let before = AnalysisCache(directory: folder, tool: Digest.of(Data("build 1".utf8)))
        let now = AnalysisCache(directory: folder, tool: Digest.of(Data("build 2".utf8)))
        #expect(Self.sample().store(in: before) == nil)
        #expect(ContentIndex.load(from: before).index == Self.sample())
        let other = ContentIndex.load(from: now)
        #expect(other.index == nil && other.note == nil)
        #expect(now.storeMemo([UInt8]([ContentIndex.formatVersion, 5, 1, 2]), ContentIndex.memoName) == nil)
        let garbage = ContentIndex.load(from: now)
        #expect(garbage.index == nil && garbage.note?.hasSuffix("not an index of this layout; every file is read") == true)
    }

    @Test("only a settled file is recorded", arguments: [(0, false), (1, false), (2, false), (3, true), (3600, true)])
    func settled(secondsBefore: Int, expected: Bool) {
        var stamp = Self.stamp
        stamp.modified = 1_800_000_000 - Int64(secondsBefore)
        #expect(stamp.settled(before: 1_800_000_000) == expected)
    }

    static func fakeStat(_ stamp: ContentIndex.Stamp) -> stat {
        var info = stat()
        info.st_dev = UInt(stamp.device)
        info.st_ino = UInt(stamp.inode)
        info.st_size = Int(stamp.size)
        info.st_mode = stamp.mode
        info.st_mtim = timespec(tv_sec: Int(stamp.modified), tv_nsec: Int(stamp.modifiedNanoseconds))
        info.st_ctim = timespec(tv_sec: Int(stamp.changed), tv_nsec: Int(stamp.changedNanoseconds))
        return info
    }

    // MARK: - Through the pipeline

    /// Sets every file's modification time an hour back, so that a run records it.
    static func settle(_ folder: String) throws {
        let hourAgo = Date(timeIntervalSinceNow: -3600)
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            try FileManager.default.setAttributes([.modificationDate: hourAgo], ofItemAtPath: folder + "/" + name)
        }
    }

    static let batch = BatchOptions(jobs: 2)

    /// A synthetic project of `count` interviews whose files are settled, and a request to analyse
    /// it into a fresh output folder.
    static func settledProject(_ count: Int, seed: UInt64) throws -> AnalysisRequest {
        let project = try TestProject.synthetic(count, seed: seed)
        try settle(project + "/transcripts")
        return AnalysisRequest(project: project, outputDirectory: TestProject.temporary("index"))
    }

    /// The bytes with one letter (the last of a to y) changed to the next: same size, other content.
    static func oneLetterChanged(_ bytes: Data) throws -> Data {
        var bytes = bytes
        let at = try #require(bytes.lastIndex { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "y") })
        bytes[at] += 1
        return bytes
    }

    static func index(_ request: AnalysisRequest) -> ContentIndex? {
        ContentIndex.load(from: AnalysisPipeline.cache(for: request, batch: batch)).index
    }

    static func expectReportsAsWithoutCache(_ project: String, _ out: String, _ pass: String) async throws {
        let a = try await TestProject.reportsWithoutCache(project), b = try TestProject.reports(out)
        #expect(a.keys.sorted() == b.keys.sorted())
        for (name, bytes) in a { #expect(b[name] == bytes, "\(name) differs from a run without the cache (\(pass))") }
    }

    @Test("recorded with each file's digest; after one file is added only it is read; the same reports as without the cache")
    func addedFile() async throws {
        let project = try TestProject.synthetic(12, seed: 9)
        let transcripts = project + "/transcripts"
        try Self.settle(transcripts)
        let names = try FileManager.default.contentsOfDirectory(atPath: transcripts).sorted()
        let aside = TestProject.temporary("aside")
        try FileManager.default.moveItem(atPath: transcripts + "/" + names[11], toPath: aside + "/" + names[11])
        let out = TestProject.temporary("index")
        let request = AnalysisRequest(project: project, outputDirectory: out)
        let first = try await AnalysisPipeline().run(request, batch: Self.batch)
        #expect(!first.timings.renderNotes.contains { $0.file == "input files" }, "nothing known yet")
        let index = try #require(Self.index(request))
        #expect(index.count == 11)
        for name in names.prefix(11) {
            let data = try Data(contentsOf: URL(fileURLWithPath: transcripts + "/" + name))
            let entry = try #require(index.entries["transcripts/" + name])
            #expect(entry.content == ContentIndex.Content(path: name, data: data), "\(name)")
        }

        try FileManager.default.moveItem(atPath: aside + "/" + names[11], toPath: transcripts + "/" + names[11])
        let second = try await AnalysisPipeline().run(request, batch: Self.batch)
        #expect(second.timings.renderNotes.first { $0.file == "input files" }?.note
                == "11 of 12 known by their stat since a run read them, not read again")
        #expect(second.files.filter { $0.status == .analysed }.map(\.path) == [transcripts + "/" + names[11]])
        #expect(second.files.map(\.bytes) == names.map { name in
            (try? FileManager.default.attributesOfItem(atPath: transcripts + "/" + name)[.size] as? Int) ?? -1
        }, "sizes from the index are the files' sizes")
        #expect(Self.index(request)?.count == 12)
        try await Self.expectReportsAsWithoutCache(project, out, "one added")
    }

    /// An edit that keeps the size and puts the modification time back is seen (the status
    /// change time moved). The index is trusted, not checked: a file whose stat the index has is
    /// not read, even when (as here, by rewriting the index) its content differs. So a run with
    /// the index telling the old content leaves the reports as they are.
    @Test("an edited file is read again, though size and modification time are put back; a known file is not read")
    func knownFilesAreNotRead() async throws {
        let request = try Self.settledProject(6, seed: 2)
        let project = request.project, out = request.outputDirectory, transcripts = project + "/transcripts"
        _ = try await AnalysisPipeline().run(request, batch: Self.batch)
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: transcripts).sorted().first { $0.hasSuffix(".txt") || $0.hasSuffix(".srt") || $0.hasSuffix(".vtt") })
        let path = transcripts + "/" + name

        /// One letter changed; size and modification time kept (the status change time is not).
        func edit() throws {
            let bytes = try Self.oneLetterChanged(Data(contentsOf: URL(fileURLWithPath: path)))
            let modified = try #require(try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date)
            try bytes.write(to: URL(fileURLWithPath: path))
            try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: path)
        }
        func stamp() throws -> ContentIndex.Stamp {
            var info = stat()
            try #require(stat(path, &info) == 0)
            return ContentIndex.Stamp(info)
        }

        let recorded = try #require(Self.index(request)?.entries["transcripts/" + name])
        try edit()
        #expect(try stamp() != recorded.stamp, "the status change time moved")
        let read = try await AnalysisPipeline().run(request, batch: Self.batch)
        #expect(!read.reportsUnchanged)
        #expect(read.files.filter { $0.status == .analysed }.map(\.path) == [path])
        try await Self.expectReportsAsWithoutCache(project, out, "edited")

        // Edited again, and the index rewritten to hold the file's new stat with its last content.
        var index = try #require(Self.index(request))
        let last = try #require(index.entries["transcripts/" + name])
        #expect(last.stamp == (try stamp()) && last.content != recorded.content, "recorded anew after it was read")
        let reports = try TestProject.reports(out)
        try edit()
        index.record("transcripts/" + name, stamp: try stamp(), content: last.content)
        let cache = AnalysisPipeline.cache(for: request, batch: Self.batch)
        #expect(index.store(in: cache) == nil)
        let trusted = try await AnalysisPipeline().run(request, batch: Self.batch)
        #expect(trusted.reportsUnchanged, "the file was not read: its last content stands")
        #expect(trusted.files.allSatisfy { $0.status == .cached })
        #expect(try TestProject.reports(out) == reports)
    }

    /// A modification time within 2 s before the run, or after its start, is not settled; the
    /// files get one in the future, so that a slow start of the run cannot settle them.
    @Test("files modified just before the run are not recorded")
    func unsettledNotRecorded() async throws {
        let project = try TestProject.synthetic(4, seed: 3)
        let transcripts = project + "/transcripts"
        let names = try FileManager.default.contentsOfDirectory(atPath: transcripts).sorted()
        for name in names {
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: name == names[0] ? -3600 : 3600)],
                                                  ofItemAtPath: transcripts + "/" + name)
        }
        let out = TestProject.temporary("index")
        let request = AnalysisRequest(project: project, outputDirectory: out)
        _ = try await AnalysisPipeline().run(request, batch: Self.batch)
        #expect(Self.index(request)?.entries.keys.sorted() == ["transcripts/" + names[0]])
    }

    @Test("known files whose parsed entries are gone, or a damaged index: files are read, with a note for the index")
    func fallbacks() async throws {
        let request = try Self.settledProject(8, seed: 5)
        let project = request.project, out = request.outputDirectory
        _ = try await AnalysisPipeline().run(request, batch: Self.batch)
        let cache = AnalysisPipeline.cache(for: request, batch: Self.batch)

        try FileManager.default.removeItem(atPath: cache.directory + "/parsed")
        try FileManager.default.removeItem(atPath: out + "/analysis.json")  // so that the reports are written again
        let missing = try await AnalysisPipeline().run(request, batch: Self.batch)
        #expect(missing.failedFiles == 0)
        #expect(missing.files.allSatisfy { $0.status == .analysed })
        #expect(!missing.timings.renderNotes.contains { $0.file == "input files" })
        try await Self.expectReportsAsWithoutCache(project, out, "parsed entries gone")

        // Damaged: one byte of the payload changed.
        let memo = cache.memoPath(ContentIndex.memoName)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: memo))
        bytes[bytes.count - 1] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: memo))
        try FileManager.default.removeItem(atPath: out + "/analysis.json")
        let damaged = try await AnalysisPipeline().run(request, batch: Self.batch)
        #expect(damaged.cacheNotes.contains { $0.message.contains("contents.bin") && $0.message.contains("every file is read") })
        #expect(!damaged.timings.renderNotes.contains { $0.file == "input files" })
        #expect(Self.index(request)?.count == 8, "written anew")
        try await Self.expectReportsAsWithoutCache(project, out, "damaged index")
    }

    /// The index holds the stat the run began with: a file swapped for another between that
    /// stat and the read must not be recorded under it (the recorded content would belong to
    /// another inode, and putting the first file back would make it match).
    @Test("a file swapped for another between the plan's stat and the read is not recorded")
    func swappedBeforeRead() throws {
        let request = try Self.settledProject(3, seed: 4)
        let project = request.project, transcripts = project + "/transcripts"
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: transcripts).sorted().first { $0.hasSuffix(".txt") })
        let path = transcripts + "/" + name
        let started = Int(time(nil))
        let plan = try AnalysisPipeline().prepare(request, batch: BatchOptions(jobs: 1), clock: Clock())
        // Swapped: the old inode moved aside, a same-sized file with other bytes in its place.
        let bytes = try Self.oneLetterChanged(Data(contentsOf: URL(fileURLWithPath: path)))
        try FileManager.default.moveItem(atPath: path, toPath: project + "/aside.bak")
        try bytes.write(to: URL(fileURLWithPath: path))
        let results = plan.files.enumerated().map { FileWorker.run(index: $0.offset, path: $0.element, context: plan.context) }
        let index = AnalysisPipeline.contentIndex(plan, results: results, runStarted: started)
        #expect(index.entries["transcripts/" + name] == nil, "the plan's stat (old inode) recorded with the new file's content")
        #expect(index.count == plan.files.count - 1)
    }

    /// The content check reads the files its index does not know (`readContents`, for a run
    /// whose every input was touched). A file swapped for another after the plan's stat gives no
    /// key, so the run goes the long way, where the file worker reads it again, and its content
    /// is not handed to the file workers as if it were the file the plan saw.
    @Test("the content check does not take a file swapped after the plan's stat")
    func swappedBeforeContentCheck() throws {
        let request = try Self.settledProject(3, seed: 5)
        let project = request.project, transcripts = project + "/transcripts"
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: transcripts).sorted().first { $0.hasSuffix(".txt") })
        let path = transcripts + "/" + name
        var plan = try AnalysisPipeline().prepare(request, batch: BatchOptions(jobs: 1), clock: Clock())
        let swapped = try #require(plan.files.firstIndex { $0.hasSuffix("/" + name) })
        var unswapped = plan
        #expect(AnalysisPipeline.readContents(&unswapped, jobs: 1)?.count == plan.files.count)
        #expect(unswapped.context.knownContents.allSatisfy { $0 != nil })
        // Swapped: the old inode moved aside, a same-sized file with other bytes in its place.
        let bytes = try Self.oneLetterChanged(Data(contentsOf: URL(fileURLWithPath: path)))
        try FileManager.default.moveItem(atPath: path, toPath: project + "/aside.bak")
        try bytes.write(to: URL(fileURLWithPath: path))
        #expect(AnalysisPipeline.readContents(&plan, jobs: 1) == nil)
        #expect(plan.context.knownContents[swapped] == nil, "the new file's content kept under the plan's stat (old inode)")
        #expect(plan.context.knownContents.indices.allSatisfy { $0 == swapped || plan.context.knownContents[$0] != nil })
    }

    @Test("an index that cannot be written gives a note, and the run still writes its reports")
    func unwritable() async throws {
        let request = try Self.settledProject(3, seed: 6)
        let cache = AnalysisPipeline.cache(for: request, batch: Self.batch)
        // A file where the memo folder goes: the index can be neither read nor written (a folder
        // where the index itself goes is replaced, `AnalysisCache.writeAtomically`).
        let memo = PathName.folder(cache.memoPath(ContentIndex.memoName))
        try FileManager.default.createDirectory(atPath: PathName.folder(memo), withIntermediateDirectories: true)
        try Data("not a folder".utf8).write(to: URL(fileURLWithPath: memo))
        let run = try await AnalysisPipeline().run(request, batch: Self.batch)
        #expect(run.failedFiles == 0)
        #expect(run.cacheNotes.contains { $0.message.contains("contents.bin") && $0.message.contains("the next run reads every file") },
                "\(run.cacheNotes.map(\.message))")
    }
}
