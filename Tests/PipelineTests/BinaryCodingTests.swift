import Foundation
import Ingestion
import LeitbildCore
@testable import Pipeline
import Reporting
import Signals
import Themes
import Testing
import TestSupport

/// The cache's binary encoding keeps every value a JSON round trip keeps, and fails cleanly on damage.
@Suite("Cache encoding", .scratchFolder)
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
            // As the cache holds them: a file's transcripts in a packed array (`PackedArrays`).
            let packed = try BinaryCoding.encode([transcript])
            let unpacked = try packed.withUnsafeBytes { try BinaryCoding.decode([Transcript].self, from: $0) }
            #expect(try Self.json(unpacked) == Self.json([transcript]), "\(transcript.id), packed")
        }
        let all = try BinaryCoding.encode(output.transcripts)
        #expect(try Self.json(all.withUnsafeBytes { try BinaryCoding.decode([Transcript].self, from: $0) }) == Self.json(output.transcripts))
        // The demo corpus fills every field of the packed transcript, so the round trip means something.
        let metadata = output.transcripts.map(\.metadata)
        // What the demo corpus leaves empty: codings from a QDA project, a turn's end time, every
        // optional of the metadata.
        var filled = try #require(output.transcripts.first { !$0.turns.isEmpty })
        filled.existingCodings = [ExistingCoding(codeID: "C1", codeName: "Mobilität", range: filled.turns[0].range, coder: "Anna Roth"),
                                  ExistingCoding(codeID: "C2", codeName: "Bildung", range: filled.turns[0].range, coder: nil)]
        filled.turns[0].startTime = 1.25
        filled.turns[0].endTime = 7.5
        filled.metadata = InterviewMetadata(interviewID: "X", group: "Jugend", municipality: "Rehau", date: "2026-11-28", interviewer: "I",
                                            variables: [Variable(name: "Alter", value: "17")], origin: "metadata.csv:2")
        let filledBytes = try BinaryCoding.encode([filled])
        #expect(try Self.json(filledBytes.withUnsafeBytes { try BinaryCoding.decode([Transcript].self, from: $0) }) == Self.json([filled]))
        #expect(output.transcripts.contains { !$0.speakers.isEmpty } && output.transcripts.contains { $0.source.textLinesAreSourceLines })
        #expect(output.transcripts.contains { $0.turns.contains { $0.startTime != nil } })
        // Anchors with and without a time (merged cues, Word paragraphs).
        #expect(output.transcripts.contains { $0.anchors.contains { $0.time != nil } })
        filled.anchors = [SourceAnchor(utf8: 3, line: 9, time: nil), SourceAnchor(utf8: 40, line: 12, time: 61.5)]
        let anchoredBytes = try BinaryCoding.encode([filled])
        #expect(try Self.json(anchoredBytes.withUnsafeBytes { try BinaryCoding.decode([Transcript].self, from: $0) }) == Self.json([filled]))
        #expect(metadata.contains { $0.group != nil && $0.municipality != nil && $0.date != nil && $0.interviewer != nil && $0.origin != nil })
        #expect(metadata.contains { $0.variables.count > 3 })
    }

    /// Coded entries (segments with their matches, interviewer mentions, segment signals with cues,
    /// emergent-term evidence) of every demo file, through the cache encoding: the packed arrays
    /// (`PackedArrays`) and the `Codable` parts around them give back what JSON gives back.
    static func codedEntries() throws -> [(String, [CodedEntry])] {
        let request = AnalysisRequest(project: TestProject.corpus, outputDirectory: TestProject.temporary("coded-entries"))
        var plan = try AnalysisPipeline().prepare(request, batch: BatchOptions(useCache: false), clock: Clock())
        // With the compressed project.qdpx pieces (byte arrays) that runs writing reports cache.
        plan.context.qdpxCodes = QDPXRenderer.Codes(plan.context.coder.codebook)
        return plan.files.enumerated().map { index, path in
            let result = FileWorker.run(index: index, path: path, context: plan.context)
            return (path, zip(zip(result.coded, result.signals), result.qdpx).map { pair, piece in
                CodedEntry(segments: pair.0.segments, interviewerMentions: pair.0.interviewerMentions,
                           respondentUnitCount: pair.0.respondentUnitCount, respondentWordCount: pair.0.respondentWordCount,
                           sentences: 0, signals: pair.1, qdpx: piece)
            })
        }
    }

    @Test("coded entries of every demo file round-trip exactly")
    func codedEntriesRoundTrip() throws {
        let files = try Self.codedEntries()
        #expect(files.count == 18)
        var segments = 0, cues = 0, candidates = 0
        for (path, entries) in files {
            let bytes = try BinaryCoding.encode(entries)
            let back = try bytes.withUnsafeBytes { try BinaryCoding.decode([CodedEntry].self, from: $0) }
            #expect(try Self.json(back) == Self.json(entries), "\(path)")
            for entry in entries {
                segments += entry.segments.count
                cues += entry.signals.segments.reduce(0) { $0 + $1.cues.count }
                candidates += entry.signals.emergent.candidates.count
            }
        }
        // The demo corpus exercises every packed type, so the round trip above means something.
        #expect(segments > 500 && cues > 100 && candidates > 100)
        let signals = files.flatMap { $0.1.map(\.signals) }
        #expect(signals.contains { !$0.rankings.isEmpty } && signals.contains { $0.group != nil && $0.municipality != nil })
        #expect(signals.contains { !$0.emergent.coveredWords.isEmpty && !$0.emergent.nameWords.isEmpty && $0.emergent.unlistedZipf != nil })
        #expect(files.contains { $0.1.contains { !$0.interviewerMentions.isEmpty } })
        // A signalled transcript of another format version keeps its version (the aggregation checks it).
        var other = try #require(files.first?.1)
        other[0].signals.version = SignalledTranscript.formatVersion + 1
        let otherBytes = try BinaryCoding.encode(other)
        #expect(try otherBytes.withUnsafeBytes { try BinaryCoding.decode([CodedEntry].self, from: $0) }[0].signals.version
                == SignalledTranscript.formatVersion + 1)
        #expect(files.allSatisfy { $0.1.allSatisfy { $0.qdpx != nil } }, "every entry holds its project.qdpx piece")
    }

    /// A value whose whole encoding is one packed array, through a single-value container.
    struct Wrapped: Codable, Equatable {
        var turns: [Turn]
        init(turns: [Turn]) { self.turns = turns }
        init(from decoder: any Decoder) throws { turns = try decoder.singleValueContainer().decode([Turn].self) }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            try c.encode(turns)
        }
    }

    @Test("packed arrays round-trip at the top and inside a single-value container")
    func packedEverywhere() throws {
        let turns = [
            Turn(index: 0, speakerID: "I", role: .interviewer, range: .init(scalars: .init(start: 0, end: 4), utf8: 0..<4), sourceLine: 1),
            Turn(index: 1, speakerID: "B", role: .respondent, range: .init(scalars: .init(start: 5, end: 9), utf8: 5..<10), sourceLine: 2,
                 startTime: 1.5, endTime: nil),
        ]
        #expect(turns.count == 2)
        let top = try BinaryCoding.encode(turns)
        #expect(try top.withUnsafeBytes { try BinaryCoding.decode([Turn].self, from: $0) } == turns)
        let wrapped = try BinaryCoding.encode(Wrapped(turns: turns))
        #expect(try wrapped.withUnsafeBytes { try BinaryCoding.decode(Wrapped.self, from: $0) } == Wrapped(turns: turns))
    }

    @Test("every truncation of a packed entry fails with an error, never a crash or a wrong value")
    func packedTruncations() throws {
        let entries = try #require(Self.codedEntries().first { $0.1.contains { !$0.signals.segments.isEmpty } }).1
        let bytes = try BinaryCoding.encode(entries)
        // Every prefix would take minutes: every 7th, and the last 64 bytes one by one.
        for length in Array(stride(from: 0, to: bytes.count, by: 7)) + Array(max(0, bytes.count - 64)..<bytes.count) {
            let prefix = Array(bytes.prefix(length))
            #expect(throws: (any Error).self) { try prefix.withUnsafeBytes { try BinaryCoding.decode([CodedEntry].self, from: $0) } }
        }
    }

    static let emptySource = SourceDocument(path: "", format: .plainText, encoding: "", byteCount: 0, textLinesAreSourceLines: true)
    static let emptySignals = SignalledTranscript(interviewID: "", file: "", group: nil, municipality: nil, respondentUnitCount: 0,
                                                  respondentTurnCount: 0, respondentWordCount: 0, segments: [], rankings: [], emergent: .empty, text: "")

    /// Packed arrays store no keys; should one of their types gain, lose, rename, reorder or
    /// retype a field, this test fails, so `PackedArrays` is updated and `AnalysisCache.formatVersion` raised.
    @Test("the packed types still have exactly the fields the packing writes, in their order", arguments: [
        ("Turn", KeyRecorder.keys(Turn(index: 0, speakerID: "", role: .respondent, range: .init(scalars: .init(start: 0, end: 0), utf8: 0..<0), sourceLine: 1))),
        ("Segment", KeyRecorder.keys(Segment(transcriptID: "", index: 0, turnIndex: 0, role: .respondent, speakerID: "",
                                             range: .init(scalars: .init(start: 0, end: 0), utf8: 0..<0), sourceLine: 1, startTime: nil))),
        ("CodedSegment", KeyRecorder.keys(CodedSegment(segment: Segment(transcriptID: "", index: 0, turnIndex: 0, role: .respondent, speakerID: "",
                                             range: .init(scalars: .init(start: 0, end: 0), utf8: 0..<0), sourceLine: 1, startTime: nil), codes: []))),
        ("CodeAssignment", KeyRecorder.keys(CodeAssignment(codeID: "", matches: []))),
        ("TermMatch", KeyRecorder.keys(TermMatch(term: "", rule: .word, range: .init(scalars: .init(start: 0, end: 0), utf8: 0..<0)))),
        // `introduction` is encoded only when set.
        ("SegmentSignals", KeyRecorder.keys(SegmentSignals(segmentIndex: 0, turnIndex: 0, sourceLine: 0,
                                                           range: .init(scalars: .init(start: 0, end: 0), utf8: 0..<0), codes: [], cues: [],
                                                           introduction: true))),
        ("CodeSignal", KeyRecorder.keys(CodeSignal(codeID: "", dismissed: false, promptedBy: nil, emphasis: 0, weakening: 0, problem: 0, need: 0,
                                                   asset: 0, stance: .neutral))),
        ("CueHit", KeyRecorder.keys(CueHit(kind: .urgency, lexiconKind: .urgency, cue: "", range: .init(scalars: .init(start: 0, end: 0), utf8: 0..<0),
                                           weight: 0, negation: nil, hedge: nil, intensifier: nil, codes: [], carried: false))),
        ("TermCandidate", KeyRecorder.keys(TermCandidate(word: "", surface: "", count: 0, capitalized: 0, lowercase: 0, zipf: nil, example: 0))),
        ("ExampleSentence", KeyRecorder.keys(ExampleSentence(range: .init(scalars: .init(start: 0, end: 0), utf8: 0..<0), sourceLine: 0))),
        ("Transcript", KeyRecorder.keys(Transcript(id: "", source: Self.emptySource, text: "", speakers: [], turns: [],
                                                   metadata: InterviewMetadata(interviewID: "")))),
        ("SourceDocument", KeyRecorder.keys(Self.emptySource)),
        ("Speaker", KeyRecorder.keys(Speaker(id: "", label: "", role: .respondent, roleReason: ""))),
        ("InterviewMetadata", KeyRecorder.keys(InterviewMetadata(interviewID: ""))),
        ("Variable", KeyRecorder.keys(Variable(name: "", value: ""))),
        ("ExistingCoding", KeyRecorder.keys(ExistingCoding(codeID: "", codeName: "", range: .init(scalars: .init(start: 0, end: 0), utf8: 0..<0),
                                                           coder: nil))),
        ("CodedEntry", KeyRecorder.keys(CodedEntry(segments: [], interviewerMentions: [], respondentUnitCount: 0, respondentWordCount: 0,
                                                   sentences: 0, signals: Self.emptySignals))),
        ("SignalledTranscript", KeyRecorder.keys(Self.emptySignals)),
        ("ExplicitRanking", KeyRecorder.keys(ExplicitRanking(turnIndex: 0, sourceLine: 0, entries: []))),
        ("RankEntry", KeyRecorder.keys(RankEntry(rank: 1, codeID: "", marker: "", markerRange: .init(scalars: .init(start: 0, end: 0), utf8: 0..<0)))),
        ("EmergentEvidence", KeyRecorder.keys(EmergentEvidence.empty)),
        ("QDPXPiece", KeyRecorder.keys(QDPXPiece(sourceName: "", zlibVersion: "", element: DeflatedPiece(bytes: [], crc: 0, count: 0),
                                                 text: DeflatedPiece(bytes: [], crc: 0, count: 0)))),
        ("DeflatedPiece", KeyRecorder.keys(DeflatedPiece(bytes: [], crc: 0, count: 0))),
    ])
    func packedTypesUnchanged(_ c: (String, [String])) {
        #expect(PackedArrays.fields[c.0] == c.1, "\(c.0): its Codable fields changed; update PackedArrays and raise AnalysisCache.formatVersion")
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
        var blob: [UInt8]
        var emptyBlob: [UInt8]
        var blobs: [[UInt8]]
    }

    static let sample = Sample(
        name: "Hausarztpraxis „Zell“ – ümläute & <tags>", count: -42, ratio: 0.1 + 0.2, flag: true, missing: nil, present: 7,
        span: SourceSpan(start: 3, end: 9), range: TextRange(scalars: SourceSpan(start: 1, end: 2), utf8: 1..<3), bytes: -5..<12,
        list: [-128, 0, 127], nested: [["a": 1, "b": .max], [:]], optionals: ["x", nil, ""], role: .respondent, empty: [],
        negative: .min, small: -1.5, blob: Array(0...255) + [0, 0xFF], emptyBlob: [], blobs: [[1, 2], [], [0x80]])

    @Test("values of every kind round-trip")
    func sampleRoundTrip() throws {
        let bytes = try BinaryCoding.encode(Self.sample)
        let back = try bytes.withUnsafeBytes { try BinaryCoding.decode(Sample.self, from: $0) }
        #expect(back == Self.sample)
    }

    /// Compressed report pieces are stored as they are: one tag and a length, not a tag per byte.
    @Test("byte arrays are stored in one run", arguments: [0, 1, 127, 128, 100_000])
    func byteArrays(_ count: Int) throws {
        struct Holder: Codable, Equatable { var b: [UInt8] }
        let value = Holder(b: (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let bytes = try BinaryCoding.encode(value)
        let back = try bytes.withUnsafeBytes { try BinaryCoding.decode(Holder.self, from: $0) }
        #expect(back == value)
        // Key table (1 + 1 + 1 byte for "b"), container header (1 + 4 + 4), key index, tag, varint length, the bytes.
        let lengthBytes = count < 128 ? 1 : count < 16_384 ? 2 : 3
        #expect(bytes.count == 3 + 9 + 1 + 1 + lengthBytes + count)
        // At the top (the content index is stored so): the same run, without a container.
        let top = try BinaryCoding.encode(value.b)
        #expect(try top.withUnsafeBytes { try BinaryCoding.decode([UInt8].self, from: $0) } == value.b)
        #expect(top.count == 1 + 1 + lengthBytes + count)
    }

    @Test("primitives round-trip at the top")
    func primitivesAtTheTop() throws {
        func roundTrip<T: Codable & Equatable>(_ value: T) throws -> T {
            try BinaryCoding.encode(value).withUnsafeBytes { try BinaryCoding.decode(T.self, from: $0) }
        }
        #expect(try roundTrip("Breitband") == "Breitband")
        #expect(try roundTrip(-42) == -42)
        #expect(try roundTrip(2.5) == 2.5)
        #expect(try roundTrip(true) == true)
        #expect(try roundTrip(UInt64.max) == UInt64.max)
    }

    /// `[String]` is read directly (`Reader.readStrings`), not through a container per element.
    @Test("string lists round-trip at the top, in a field and nested; cut short or of other values they fail", arguments: [
        [], [""], ["a"], ["Hausarzt", "„Zell“", "🚲", String(repeating: "x", count: 300)],
    ] as [[String]])
    func stringLists(_ words: [String]) throws {
        struct Holder: Codable, Equatable { var words: [String]; var nested: [[String]]; var after: Int }
        let value = Holder(words: words, nested: [words, [], words.reversed()], after: 7)
        let bytes = try BinaryCoding.encode(value)
        #expect(try bytes.withUnsafeBytes { try BinaryCoding.decode(Holder.self, from: $0) } == value)
        let top = try BinaryCoding.encode(words)
        #expect(try top.withUnsafeBytes { try BinaryCoding.decode([String].self, from: $0) } == words)
        for length in 0..<bytes.count {
            let prefix = Array(bytes.prefix(length))
            #expect(throws: (any Error).self) { try prefix.withUnsafeBytes { try BinaryCoding.decode(Holder.self, from: $0) } }
        }
        // A list of numbers is not a list of strings.
        let numbers = try BinaryCoding.encode([1, 2])
        #expect(throws: (any Error).self) { try numbers.withUnsafeBytes { try BinaryCoding.decode([String].self, from: $0) } }
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
