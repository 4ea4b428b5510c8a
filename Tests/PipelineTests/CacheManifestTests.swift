import Foundation
import LeitbildCore
@testable import Pipeline
import Testing
import TestSupport

/// The cache's manifest (`CACHE/manifest.json`): written by hand exactly as `JSONEncoder` wrote
/// it, and left as it is by a run that keeps what it lists.
@Suite("Cache: the manifest", .scratchFolder)
struct CacheManifestTests {
    static func use(_ file: String, _ layer: AnalysisCache.Layer = .parsed) -> AnalysisCache.Use {
        AnalysisCache.Use(layer, Digest.of("\(layer.rawValue) \(file)"), file: file)
    }

    static func encoded(_ manifest: AnalysisCache.Manifest) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array(try encoder.encode(manifest))
    }

    @Test("the bytes JSONEncoder with sorted keys writes", arguments: [
        [],
        ["transcripts/01-rehau.txt"],
        ["a.txt", "transcripts/Interview Müller.docx", "transcripts/Zoe\u{308}.txt", "😀/\u{2028}\u{2029}\u{FEFF}\u{7F}.txt"],
        // Quotes, backslashes, slashes and every control character are escaped.
        ["say \"hi\".txt", "back\\slash", "//", "tab\there", "line\nbreak\r", (0..<0x20).map { String(UnicodeScalar(UInt8($0))) }.joined()],
    ])
    func sameAsJSONEncoder(_ files: [String]) throws {
        let manifest = AnalysisCache.Manifest(version: AnalysisCache.formatVersion,
                                              entries: files.flatMap { [Self.use($0, .parsed), Self.use($0, .coded)] })
        #expect(manifest.json == (try Self.encoded(manifest)))
    }

    @Test("every scalar of the Basic Multilingual Plane in a file name is written as JSONEncoder writes it")
    func everyScalar() throws {
        var name = String.UnicodeScalarView()
        for value in UInt32(0)...0xFFFF { if let scalar = Unicode.Scalar(value) { name.append(scalar) } }
        let manifest = AnalysisCache.Manifest(version: AnalysisCache.formatVersion, entries: [Self.use(String(name))])
        #expect(manifest.json == (try Self.encoded(manifest)))
    }

    /// The manifest file's inode and modification time: a rewrite renames a new file into place.
    func identity(_ path: String) throws -> [Int] {
        var info = stat()
        try #require(stat(path, &info) == 0)
        return [Int(info.st_ino), Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec)]
    }

    @Test("left as it is when a run keeps what it lists; written anew when that changes, or when it is damaged")
    func rewrittenOnlyWhenChanged() throws {
        let cache = AnalysisCache(directory: TestProject.temporary("cache-manifest"), tool: Digest.of("tool"))
        defer { try? FileManager.default.removeItem(atPath: cache.directory) }
        let a = Self.use("transcripts/a.txt"), b = Self.use("transcripts/b.txt", .coded), c = Self.use("transcripts/c.txt")
        let d = Self.use("transcripts/d.txt")
        cache.prune(used: [a, b], failedFiles: [])
        let first = try identity(cache.manifestPath)
        #expect(cache.readManifest() == [a, b])
        // The same entries, in another order and once twice.
        cache.prune(used: [b, a, b], failedFiles: [])
        #expect(try identity(cache.manifestPath) == first, "the manifest was rewritten though nothing changed")
        // An entry more, then one less.
        cache.prune(used: [a, b, c], failedFiles: [])
        let second = try identity(cache.manifestPath)
        #expect(second != first)
        #expect(cache.readManifest() == [a, b, c])
        cache.prune(used: [a, c], failedFiles: [])
        let third = try identity(cache.manifestPath)
        #expect(third != second)
        #expect(cache.readManifest() == [a, c])
        // A failed file keeps its entries from the manifest: the same manifest again.
        cache.prune(used: [a], failedFiles: ["transcripts/c.txt"])
        #expect(try identity(cache.manifestPath) == third)
        // Another entry of the same size.
        cache.prune(used: [a, d], failedFiles: [])
        let fourth = try identity(cache.manifestPath)
        #expect(fourth != third)
        #expect(cache.readManifest() == [a, d])
        // Damaged in place (the same inode): cut short, of another format, or one byte changed.
        let current = try String(contentsOfFile: cache.manifestPath, encoding: .utf8)
        let flipped = current.replacingOccurrences(of: #"transcripts\/d.txt"#, with: #"transcripts\/e.txt"#)
        #expect(flipped.utf8.count == current.utf8.count && flipped != current)
        for damage in [#"{"entries":[]"#, #"{"entries":[],"version":2}"#, flipped] {
            let handle = try #require(FileHandle(forWritingAtPath: cache.manifestPath))
            try handle.truncate(atOffset: 0)
            try handle.write(contentsOf: Data(damage.utf8))
            try handle.close()
            let damaged = try identity(cache.manifestPath)
            cache.prune(used: [a, d], failedFiles: [])
            #expect(try identity(cache.manifestPath) != damaged)
            #expect(cache.readManifest() == [a, d])
        }
    }
}
