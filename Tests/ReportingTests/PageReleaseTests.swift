import Foundation
@testable import Reporting
import Testing

/// The writer lets the kernel drop the cached pages of the last run's reports it replaces, so
/// that the new reports' pages reuse them instead of growing the page cache by the reports' size
/// (`AtomicFile.releaseCachedPages`); only the renderers that copy from their last file
/// (`ReportRenderer.readsLastOutput`) keep it cached for that.
@Suite("Reports: the replaced reports' cached pages let go of")
struct PageReleaseTests {
    @Test("only analysis.json and segments.csv read their last file")
    func readers() {
        let reading = ReportWriter.renderers(for: ReportOptions()).filter(\.readsLastOutput).map(\.fileName)
        #expect(reading == ["segments.csv", "analysis.json"])
    }

    /// A folder on the package's disk, not TMPDIR: on tmpfs the pages are the file and stay.
    static func folder() throws -> String {
        let path = FileManager.default.currentDirectoryPath + "/.build/page-release-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A 4 MiB file on disk (flushed, so its pages are clean), read once so that it is cached.
    static func cachedFile(_ path: String) throws {
        let bytes = [UInt8](repeating: 0x61, count: 4 << 20)
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        try #require(fd >= 0)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        #expect(fsync(fd) == 0)
        close(fd)
        _ = try Data(contentsOf: URL(fileURLWithPath: path))
    }

    /// How many of the file's pages are in the page cache (`mincore` of a mapping of it).
    static func residentPages(_ fd: Int32) -> Int {
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size > 0 else { return 0 }
        let length = Int(info.st_size), page = Int(sysconf(Int32(_SC_PAGESIZE)))
        guard let map = mmap(nil, length, PROT_READ, MAP_SHARED, fd, 0), map != MAP_FAILED else { return -1 }
        defer { munmap(map, length) }
        var vector = [UInt8](repeating: 0, count: (length + page - 1) / page)
        guard mincore(map, length, &vector) == 0 else { return -1 }
        return vector.reduce(0) { $0 + Int($1 & 1) }
    }

    @Test("a file's cached pages are let go of, its bytes stay")
    func release() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/old.bin"
        try Self.cachedFile(path)
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        #expect(Self.residentPages(fd) > 0)
        AtomicFile.releaseCachedPages(of: path)
        #expect(Self.residentPages(fd) == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(repeating: 0x61, count: 4 << 20))
        // Nothing there, a folder: nothing to do, nothing opened.
        AtomicFile.releaseCachedPages(of: folder + "/missing.bin")
        AtomicFile.releaseCachedPages(of: folder)
    }

    /// Writes "new" and says whether it reads its last file.
    struct Renderer: ReportRenderer {
        let fileName: String
        let readsLastOutput: Bool
        func render(_ input: ReportInput) throws -> RenderedFile { RenderedFile(name: fileName, text: "new") }
    }

    @Test("the writer lets go of a replaced report's pages unless its renderer reads it", arguments: [false, true])
    func writer(reads: Bool) throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.cachedFile(folder + "/r.bin")
        // The last report's inode, held across its replacement.
        let old = open(folder + "/r.bin", O_RDONLY)
        defer { close(old) }
        let before = Self.residentPages(old)
        #expect(before > 0)
        _ = try ReportWriter(renderers: [Renderer(fileName: "r.bin", readsLastOutput: reads)], concurrency: 1)
            .write(ReportFixture.input(), to: folder)
        #expect(try String(contentsOfFile: folder + "/r.bin", encoding: .utf8) == "new")
        if reads { #expect(Self.residentPages(old) == before) } else { #expect(Self.residentPages(old) == 0) }
    }
}
