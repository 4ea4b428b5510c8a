import Foundation
import Ingestion
import LeitbildCore
@testable import Pipeline
import Testing

/// The cache's binary encoding keeps every value a JSON round trip keeps, and fails cleanly on damage.
@Suite("Cache encoding")
struct BinaryCodingTests {
    static func json<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(value)
    }

    /// Every demo transcript (all formats) through ingestion, then through the cache encoding.
    @Test("parsed transcripts of every format round-trip exactly")
    func transcriptsRoundTrip() throws {
        let files = try AnalysisPipeline.transcriptFiles(in: TestProject.corpus)
        let output = Ingestor().ingest(IngestionInput(files: files, metadataFile: TestProject.corpus + "/metadata.csv"))
        #expect(output.transcripts.count == files.count)
        for transcript in output.transcripts {
            let bytes = try BinaryCoding.encode(transcript)
            let back = try bytes.withUnsafeBytes { try BinaryCoding.decode(Transcript.self, from: $0) }
            #expect(try Self.json(back) == Self.json(transcript), "\(transcript.id)")
        }
    }

    struct Sample: Codable, Equatable {
        var name: String
        var count: Int
        var ratio: Double
        var flag: Bool
        var missing: String?
        var present: Int?
        var span: SourceSpan
        var range: TextRange
        var bytes: Range<Int>
        var list: [Int8]
        var nested: [[String: UInt64]]
        var optionals: [String?]
        var role: SpeakerRole
        var empty: [String]
        var negative: Int64
        var small: Float
    }

    static let sample = Sample(
        name: "Hausarztpraxis „Zell“ – ümläute & <tags>", count: -42, ratio: 0.1 + 0.2, flag: true, missing: nil, present: 7,
        span: SourceSpan(start: 3, end: 9), range: TextRange(scalars: SourceSpan(start: 1, end: 2), utf8: 1..<3), bytes: -5..<12,
        list: [-128, 0, 127], nested: [["a": 1, "b": .max], [:]], optionals: ["x", nil, ""], role: .respondent, empty: [],
        negative: .min, small: -1.5)

    @Test("values of every kind round-trip")
    func sampleRoundTrip() throws {
        let bytes = try BinaryCoding.encode(Self.sample)
        let back = try bytes.withUnsafeBytes { try BinaryCoding.decode(Sample.self, from: $0) }
        #expect(back == Self.sample)
    }

    @Test("every truncation of an entry fails with an error, never a crash or a wrong value")
    func truncations() throws {
        let bytes = try BinaryCoding.encode(Self.sample)
        for length in 0..<bytes.count {
            let prefix = Array(bytes.prefix(length))
            #expect(throws: (any Error).self) { try prefix.withUnsafeBytes { try BinaryCoding.decode(Sample.self, from: $0) } }
        }
    }

    @Test("a value decoded as another type fails")
    func wrongType() throws {
        let bytes = try BinaryCoding.encode(Self.sample)
        #expect(throws: (any Error).self) { try bytes.withUnsafeBytes { try BinaryCoding.decode(Transcript.self, from: $0) } }
    }

    /// The encoding writes `SourceSpan`, `TextRange` and `Range<Int>` in a compact form of its own;
    /// should one of them gain a field, this test fails, so the compact form is extended with it.
    @Test("the compactly written types still have exactly the fields the encoding knows")
    func compactTypesUnchanged() throws {
        func keys<T: Encodable>(_ value: T) throws -> [String] {
            let object = try JSONSerialization.jsonObject(with: Self.json(value))
            return (object as? [String: Any]).map { $0.keys.sorted() } ?? []
        }
        #expect(try keys(SourceSpan(start: 1, end: 2)) == ["end", "start"])
        #expect(try keys(TextRange(scalars: SourceSpan(start: 1, end: 2), utf8: 1..<2)) == ["scalars", "utf8"])
        #expect(MemoryLayout<TextRange>.size == 4 * MemoryLayout<Int>.size)
        #expect(MemoryLayout<SourceSpan>.size == 2 * MemoryLayout<Int>.size)
    }

    @Test("digests: fields are length-prefixed")
    func digestFields() {
        func digest(_ parts: [String]) -> Digest {
            let hasher = Hasher256()
            for part in parts { hasher.field(part) }
            return hasher.finish()
        }
        #expect(digest(["ab", "c"]) != digest(["a", "bc"]))
        #expect(Digest.of("abc").hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
