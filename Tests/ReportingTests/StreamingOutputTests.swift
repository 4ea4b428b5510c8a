import Foundation
import LeitbildCore
import Signals
import Themes
import Testing
@testable import Reporting

/// The large outputs are written piece by piece (`stage`) instead of rendered whole in memory;
/// these tests hold the streamed bytes to what `JSONEncoder` and `render` give.
@Suite("Streamed outputs equal their in-memory rendering")
struct StreamingOutputTests {
    typealias Row = JSONRenderer.SegmentRow

    static func row(text: String, time: Double?, matches: [JSONRenderer.MatchRow], negationCue: JSONRenderer.Span? = nil) -> Row {
        Row(interview: "I\"01/\\x", index: 3, turn: 2, speaker: "B", line: 41, time: time, start: 10, end: 99, text: text,
            codes: [JSONRenderer.CodingRow(code: "mobilitaet", negated: negationCue != nil, negationCue: negationCue, matches: matches)])
    }

    static let match = JSONRenderer.MatchRow(term: "Rad*", rule: "prefix", start: 12, end: 20, text: "Radweg", part: nil,
                                             partStart: nil, partEnd: nil, viaCode: nil)
    static let partMatch = JSONRenderer.MatchRow(term: "Arzt", rule: "compound", start: 1, end: 15, text: "Hausarztpraxis", part: "arzt",
                                                 partStart: 5, partEnd: 9, viaCode: "gesundheit")

    /// Strings and numbers where an encoder could differ: escapes, controls, slashes, non-ASCII,
    /// emoji, line and paragraph separators; integral, fractional, tiny and large times.
    static let cases: [Row] = [
        row(text: "Ganz normal.", time: nil, matches: [match]),
        row(text: "„Zitat“ mit \"Anführung\" und \\ Backslash / Slash", time: 33.4, matches: [match, partMatch]),
        row(text: "Tab\there, CR\rLF\nBS\u{8}FF\u{C}NUL\u{0}US\u{1F}DEL\u{7F}", time: 12, matches: []),
        row(text: "Umlaute äöüß, Emoji 🚲, LS\u{2028}PS\u{2029}, NBSP\u{A0}, SHY\u{AD}", time: 0.1 + 0.2, matches: [partMatch],
            negationCue: JSONRenderer.Span(start: 1, end: 5)),
        row(text: "", time: 1e-7, matches: [match]),
        row(text: "x", time: 123_456_789.5, matches: [match]),
        row(text: "y", time: 3_600_000_000_000_000, matches: [match]),
        row(text: "z", time: 1e16, matches: [match]),
        row(text: "z", time: 0, matches: [match]),
    ]

    @Test("a hand-written segment row is JSONEncoder's bytes", arguments: cases.indices)
    func segmentRow(_ index: Int) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let expected = String(decoding: try encoder.encode(Self.cases[index]), as: UTF8.self)
        var w = FastJSON()
        Self.cases[index].writeJSON(&w)
        #expect(String(decoding: w.bytes, as: UTF8.self) == expected)
    }

    /// Where `FastJSON` puts commas between keys: none after `open`, one after any value, also
    /// after a nested object that is empty or full, an array, or an object inside an array.
    static let commaCases: [(label: String, write: @Sendable (inout FastJSON) -> Void, expected: String)] = [
        ("one key", { w in w.open(); w.key("a"); w.int(1); w.close() }, #"{"a":1}"#),
        ("two keys", { w in w.open(); w.key("a"); w.int(1); w.key("b"); w.int(2); w.close() }, #"{"a":1,"b":2}"#),
        ("an empty object, then a key", { w in
            w.open(); w.key("a"); w.open(); w.close(); w.key("b"); w.int(2); w.close()
        }, #"{"a":{},"b":2}"#),
        ("a full object, then a key", { w in
            w.open(); w.key("a"); w.open(); w.key("x"); w.int(1); w.close(); w.key("b"); w.int(2); w.close()
        }, #"{"a":{"x":1},"b":2}"#),
        ("objects in an array, then a key", { w in
            w.open(); w.key("a"); w.array([0, 1]) { w, n in w.open(); if n == 1 { w.key("x"); w.int(n) }; w.close() }
            w.key("b"); w.array([Int]()) { w, n in w.int(n) }; w.key("c"); w.int(3); w.close()
        }, #"{"a":[{},{"x":1}],"b":[],"c":3}"#),
        ("an empty object", { w in w.open(); w.close() }, "{}"),
    ]

    @Test("FastJSON's commas between keys", arguments: commaCases.indices)
    func commas(_ index: Int) {
        var w = FastJSON()
        Self.commaCases[index].write(&w)
        #expect(String(decoding: w.bytes, as: UTF8.self) == Self.commaCases[index].expected, "\(Self.commaCases[index].label)")
    }

    /// The rows of `interviews`: with and without the optional fields, empty and tricky strings.
    static let interviews: [JSONRenderer.Interview] = [
        JSONRenderer.Interview(id: "I01", file: "transcripts/01.txt", format: "text", encoding: "UTF-8", group: "Jugend",
                               municipality: "Naila", date: "2026-03-01", turns: 12, respondentUnits: 40, respondentWords: 512,
                               variables: [Variable(name: "group", value: "Jugend"), Variable(name: "alter", value: "17")],
                               speakers: [JSONRenderer.SpeakerRow(id: "B", label: "Person A", role: "respondent")]),
        JSONRenderer.Interview(id: "I\"02/\\", file: "a/b\tc.vtt", format: "vtt", encoding: "windows-1252", group: nil,
                               municipality: nil, date: nil, turns: 0, respondentUnits: 0, respondentWords: 0, variables: [], speakers: []),
        JSONRenderer.Interview(id: "", file: "„ü“ 🚲\u{2028}", format: "", encoding: "", group: "", municipality: "Hof", date: nil,
                               turns: -1, respondentUnits: Int.max, respondentWords: Int.min,
                               variables: [Variable(name: "", value: "\u{0}\u{1F}\r\n")],
                               speakers: [JSONRenderer.SpeakerRow(id: "I", label: "", role: "interviewer"),
                                          JSONRenderer.SpeakerRow(id: "B2", label: "Frau \"X\"", role: "unknown")]),
    ]

    @Test("a hand-written interview row is JSONEncoder's bytes", arguments: interviews.indices)
    func interviewRow(_ index: Int) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let expected = String(decoding: try encoder.encode(Self.interviews[index]), as: UTF8.self)
        var w = FastJSON()
        Self.interviews[index].writeJSON(&w)
        #expect(String(decoding: w.bytes, as: UTF8.self) == expected)
    }

    /// report.html's data: the fixture's, then with strings that need escaping in JSON or in a
    /// script element, empty lists and negative numbers.
    @Test("report.html's hand-written data is JSONEncoder's bytes", arguments: 0..<3)
    func reportData(_ variant: Int) throws {
        var data = ReportData(ReportFixture.input())
        #expect(!data.contexts.isEmpty && !data.segments.isEmpty && !data.terms.isEmpty)
        if variant == 1 {
            data.contexts[0].x = "</script><!-- \"x\" \\ / & > \u{2028}\u{2029} \t\n\u{0} 🚲 „ä“"
            data.contexts[0].q = -1
            data.codes[0].name = "A/B <c>"
            data.terms.append(["Rad*", "pre\"fix"])
            data.omitted = [ReportData.Omitted(code: 0, count: 3)]
            data.interviews[0].date = ""
            data.segments[0].m = []
        } else if variant == 2 {
            data.contexts = []
            data.segments = []
            data.terms = []
        }
        #expect(data.scriptSafeJSON() == (try HTML.scriptSafeJSON(data)))
    }

    @Test("staged file equals the rendered bytes", arguments: 0..<3)
    func staged(_ index: Int) throws {
        let renderer = ([JSONRenderer() as any ReportRenderer, SegmentsCSVRenderer(), SummaryRenderer()])[index]
        for dialect in CSVDialect.allCases {
            let input = ReportFixture.input(options: ReportOptions(csvDialect: dialect))
            let path = NSTemporaryDirectory() + "leitbild-staged-\(getpid())-\(index)-\(dialect.rawValue)"
            defer { unlink(path) }
            try renderer.stage(input, to: path)
            let staged = try #require(FileManager.default.contents(atPath: path))
            #expect([UInt8](staged) == (try renderer.render(input)).contents, "\(renderer.fileName), \(dialect)")
        }
    }
}

@Suite("Hand-written JSON of the signals equals JSONEncoder's")
struct InterviewPriorityJSONTests {
    @Test("every interview of the report fixture, byte for byte")
    func fixtureInterviews() throws {
        let input = ReportFixture.input()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        #expect(!input.analysis.interviews.isEmpty)
        var cues = 0, rankings = 0
        for interview in input.analysis.interviews {
            var w = FastJSON()
            interview.writeJSON(&w)
            #expect(String(decoding: w.bytes, as: UTF8.self) == String(decoding: try encoder.encode(interview), as: UTF8.self),
                    "\(interview.interviewID)")
            cues += interview.segments.reduce(0) { $0 + $1.cues.count }
            rankings += interview.rankings.count
        }
        #expect(cues > 0)
        _ = rankings
    }

    /// The fixture's first interview with every optional part filled or emptied (made through
    /// `Codable`, as the Signals types have no public memberwise initialisers).
    static func variant(_ edit: (inout [String: Any]) -> Void) throws -> InterviewPriority {
        let base = try #require(ReportFixture.input().analysis.interviews.first)
        var object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(base)) as? [String: Any])
        edit(&object)
        return try JSONDecoder().decode(InterviewPriority.self, from: JSONSerialization.data(withJSONObject: object))
    }

    static var range: [String: Any] { ["scalars": ["start": 3, "end": 9], "utf8": [3, 10]] }

    @Test("optional and nested parts: rankings, hedges, negations, intensifiers, prompts, no municipality", arguments: 0..<4)
    func variants(_ n: Int) throws {
        let interview = try Self.variant { o in
            switch n {
            case 0:
                o["rankings"] = [["turnIndex": 4, "sourceLine": 12, "entries": [
                    ["rank": 1, "codeID": "mobilitaet", "marker": "an erster Stelle", "markerRange": Self.range],
                    ["rank": 2, "codeID": "bildung \"x\"/ü", "marker": "zweitens", "markerRange": Self.range]]]]
            case 1:
                o.removeValue(forKey: "municipality")
                var segments = o["segments"] as? [[String: Any]] ?? []
                for k in segments.indices {
                    var cues = segments[k]["cues"] as? [[String: Any]] ?? []
                    for c in cues.indices { cues[c]["hedge"] = Self.range; cues[c]["negation"] = Self.range; cues[c]["intensifier"] = Self.range; cues[c]["codes"] = [] }
                    segments[k]["cues"] = cues
                    var codes = segments[k]["codes"] as? [[String: Any]] ?? []
                    for c in codes.indices { codes[c]["promptedBy"] = 2 }
                    segments[k]["codes"] = codes
                    // Every other segment a self-introduction (the key is written only when set).
                    if k % 2 == 0 { segments[k]["introduction"] = true }
                }
                o["segments"] = segments
            case 2:
                o["segments"] = []
                o["codes"] = []
                o["municipality"] = "Hof \u{1F}\t"
            default:
                var codes = o["codes"] as? [[String: Any]] ?? []
                for c in codes.indices { codes[c]["explicitRank"] = 3; codes[c]["index"] = 1e-7; codes[c]["share"] = 1e16 }
                o["codes"] = codes
                o["weight"] = 1.0 / 3.0
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var w = FastJSON()
        interview.writeJSON(&w)
        #expect(String(decoding: w.bytes, as: UTF8.self) == String(decoding: try encoder.encode(interview), as: UTF8.self))
    }
}

@Suite("FastJSON against JSONEncoder on generated values")
struct FastJSONPropertyTests {
    /// The project's deterministic generator (SplitMix64 in LeitbildCore), so a failure names a reproducible seed.
    typealias Generator = SplitMix64

    /// Scalars from the ranges where escaping or encoding could differ.
    static let pools: [ClosedRange<UInt32>] = [0x00...0x1F, 0x20...0x7F, 0x80...0x7FF, 0x2028...0x2029, 0xE000...0xFFFD, 0x1F300...0x1F6FF]

    static func string(_ g: inout Generator) -> String {
        var s = String.UnicodeScalarView()
        for _ in 0..<g.below(24) {
            let pool = pools[g.below(pools.count)]
            let value = pool.lowerBound + UInt32(g.below(Int(pool.upperBound - pool.lowerBound) + 1))
            if let scalar = Unicode.Scalar(value) { s.append(scalar) }
        }
        return String(s)
    }

    static func double(_ g: inout Generator) -> Double {
        switch g.below(4) {
        case 0: return Double(g.below(100_000)) / 10
        case 1: return Double(bitPattern: g.next() & 0x7FEF_FFFF_FFFF_FFFF)
        case 2: return Double(g.below(1_000_000)) * 1e10
        default: return Double(g.below(1000)) / 7
        }
    }

    @Test("whole numbers, signed zero and the edges of the integer form encode to the same bytes", arguments: [
        0.0, -0.0, 1, -1, 0.5, -3, 999_999_999_999_999, 1e15, -1e15, 9_007_199_254_740_992, 1e16, 1e21, 1e-7,
        Double.greatestFiniteMagnitude, -Double.greatestFiniteMagnitude, Double.leastNonzeroMagnitude,
    ])
    func wholeNumbers(_ d: Double) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var out = FastJSON()
        out.double(d)
        #expect(String(decoding: out.bytes, as: UTF8.self) == String(decoding: try encoder.encode(d), as: UTF8.self))
    }

    @Test("strings and doubles encode to the same bytes", arguments: 0..<8)
    func generated(_ seed: Int) throws {
        var g = Generator(seed: UInt64(seed) &* 0x1234_5678_9ABC_DEF1)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for _ in 0..<500 {
            let s = Self.string(&g)
            var strings = FastJSON()
            strings.string(s)
            #expect(String(decoding: strings.bytes, as: UTF8.self) == String(decoding: try encoder.encode(s), as: UTF8.self),
                    "seed \(seed): \(s.unicodeScalars.map { String($0.value, radix: 16) })")
            let d = Self.double(&g)
            var doubles = FastJSON()
            doubles.double(d)
            #expect(String(decoding: doubles.bytes, as: UTF8.self) == String(decoding: try encoder.encode(d), as: UTF8.self),
                    "seed \(seed): \(d)")
            let i = Int(truncatingIfNeeded: g.next()) >> g.below(64)
            var ints = FastJSON()
            ints.int(i)
            #expect(String(decoding: ints.bytes, as: UTF8.self) == String(decoding: try encoder.encode(i), as: UTF8.self), "seed \(seed): \(i)")
        }
    }
}

@Suite("Streamed analysis.json with empty lists")
struct EmptyListJSONTests {
    @Test("no coded segment: an empty list is [] on its key's line")
    func noSegments() throws {
        let full = ReportFixture.input()
        let uncoded = full.transcripts.map {
            CodedTranscript(transcript: $0.transcript, segments: [], interviewerMentions: [],
                            respondentUnitCount: $0.respondentUnitCount, respondentWordCount: $0.respondentWordCount)
        }
        let input = ReportInput(projectName: "empty", codebook: full.codebook, transcripts: uncoded, analysis: full.analysis,
                                diagnostics: [], failures: [])
        let text = String(decoding: try JSONRenderer().render(input).contents, as: UTF8.self)
        #expect(text.contains("\n\"segments\":[],\n"))
        #expect(text.contains("\n\"diagnostics\":[],\n"))
        #expect(try JSONSerialization.jsonObject(with: Data(text.utf8)) is [String: Any])
    }
}

extension SplitMix64 {
    /// A draw in 0..<n.
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

@Suite("Quote text")
struct QuoteTextTests {
    @Test("quote text on one line: line breaks become spaces, German quotes and dashes stay", arguments: [
        ("ohne Umbruch", "ohne Umbruch"),
        ("zwei\nZeilen", "zwei Zeilen"),
        ("\u{201E}Zitat\u{201C} \u{2013} bleibt", "\u{201E}Zitat\u{201C} \u{2013} bleibt"),
        ("\u{201E}vor\u{201C}\u{2028}nach", "\u{201E}vor\u{201C} nach"),
        ("Absatz\u{2029}neu\nund\n\nmehr", "Absatz neu und mehr"),
        ("\u{E2}\u{80}", "\u{E2}\u{80}"),
    ])
    func joinsLines(_ c: (String, String)) {
        #expect(Format.oneLine(c.0) == c.1)
    }
}

@Suite("Quote length")
struct QuoteLengthTests {
    /// Words are runs of non-spaces of the one-line text; a "(" marks a transcription note.
    @Test("words and notes, on the bytes or through the one-line text", arguments: [
        ("Der Bus fährt kaum noch.", 5, false),
        ("  zwei   Wörter ", 2, false),
        ("Das ist (lacht) gut", 4, true),
        ("Zeile eins\nZeile zwei", 4, false),
        ("eins\u{2028}zwei\u{2029}drei (...)", 4, true),
        ("", 0, false),
        ("Grüße – „so“ 👍🏽 ok", 5, false),
    ])
    func measure(_ c: (text: String, words: Int, note: Bool)) {
        // A slice in the middle of a longer text, as the quote pool measures segments.
        let whole = "Vorne. " + c.text + " Hinten."
        let start = whole.utf8.index(whole.utf8.startIndex, offsetBy: 7)
        let end = whole.utf8.index(whole.utf8.endIndex, offsetBy: -8)
        let measured = QuotePool.measure(whole[start..<end])
        #expect(measured.words == c.words && measured.note == c.note, "\(measured)")
        // The same as splitting the one-line text at spaces.
        #expect(Format.oneLine(c.text).split(separator: " ").count == c.words)
    }
}

/// `QuotePool.measureOneLine` reads 8 bytes at a time: the same words, notes and line breaks as
/// byte by byte, wherever a text's bytes fall against the 8-byte chunks.
@Suite("Quote length, 8 bytes at a time")
struct QuoteLengthChunkTests {
    /// The measure of the one-line text, byte by byte (as `measure` counted before chunks).
    static func expected(_ text: String) -> (words: Int, note: Bool) {
        (Array(Format.oneLine(text).utf8).split(separator: 0x20).count, text.utf8.contains(0x28))
    }

    static func measured(_ text: String) -> (words: Int, note: Bool) {
        // A slice in the middle of a longer text, as the quote pool measures segments.
        let whole = "Vorne (x) " + text + " hinten."
        let start = whole.utf8.index(whole.utf8.startIndex, offsetBy: 10)
        let end = whole.utf8.index(whole.utf8.endIndex, offsetBy: -8)
        return QuotePool.measure(whole[start..<end])
    }

    /// A line break, or a near miss (a character that ends in byte 0xA8 or 0xA9 or starts with
    /// E2 80 but is none), after 0 to 24 bytes: its bytes start, end or straddle a chunk boundary.
    @Test("line breaks and near misses at every offset", arguments: [
        "\n", "\u{2028}", "\u{2029}", "\u{2027}", "\u{202A}", "\u{201E}", "\u{2013}", "è", "é", "©", "(", "  ",
    ])
    func breaksAtEveryOffset(_ mark: String) {
        for before in 0...24 {
            for after in [0, 1, 5, 8, 20] {
                let text = String(repeating: "ab ", count: 9).prefix(before) + mark + String(repeating: "x y", count: 8).prefix(after)
                let (m, e) = (Self.measured(String(text)), Self.expected(String(text)))
                #expect(m.words == e.words && m.note == e.note, "\(before) + mark + \(after): \(m) != \(e)")
            }
        }
    }

    @Test("generated texts")
    func generated() {
        let pieces = ["Bus", "fährt", " ", "  ", "(", "lacht)", "\n", "\u{2028}", "\u{2029}", "„", "“", "–", "è", "©", "ß", "\u{2027}",
                      "x", "\u{1F44D}\u{1F3FD}", "\t", "\r\n"]
        var random = SplitMix64(seed: 8)
        for _ in 0..<3_000 {
            let text = (0..<Int(random.next() % 40)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            let (m, e) = (Self.measured(text), Self.expected(text))
            #expect(m.words == e.words && m.note == e.note, "\(text.debugDescription): \(m) != \(e)")
        }
    }

    /// The pool measures a segment in the pseudonymised text's bytes; a range whose end is inside
    /// a character (no segment's is) is measured as the Substring that `RedactedText.slice` makes.
    @Test("a range of the pseudonymised text, its ends on or inside characters", arguments: [
        (0, 53), (0, 49), (3, 40), (2, 40), (4, 33), (9, 24), (11, 41), (24, 32), (9, 25), (12, 33), (0, 0), (53, 53),
    ])
    func redactedRange(_ bounds: (Int, Int)) {
        let text = "Grüße (lacht) aus Hof – und „Rehau“ auch,\nja."
        let range = TextRange(scalars: SourceSpan(start: 0, end: 0), utf8: bounds.0..<bounds.1)
        let redacted = RedactedText(identity: text)
        let (m, e) = (QuotePool.measure(redacted, range), QuotePool.measure(redacted.slice(range)))
        #expect(m.words == e.words && m.note == e.note, "\(m) != \(e)")
    }

    @Test("equal(to:) marks exactly the equal bytes", arguments: [UInt8(0x0A), 0x20, 0x28, 0xA8, 0xA9, 0x00, 0xFF])
    func equalBytes(_ target: UInt8) {
        var random = SplitMix64(seed: UInt64(target))
        for value in 0...255 {
            for lane in 0..<8 {
                var bytes = (0..<8).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                bytes[lane] = UInt8(value)
                let bits = bytes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * $1.offset) }
                let marks = QuotePool.Bytes8(bits).equal(to: target)
                let expected = bytes.enumerated().reduce(UInt64(0)) { $0 | ($1.element == target ? UInt64(0x80) << (8 * $1.offset) : 0) }
                #expect(marks == expected)
                #expect(QuotePool.Bytes8.count(marks) == bytes.filter { $0 == target }.count)
            }
        }
    }
}

/// `ByteWriter.overwrite` patches bytes written before (the zip writer's local headers), wherever
/// they are by then: still buffered, already in the file, or across the seam.
@Suite("ByteWriter: overwriting what was written")
struct ByteWriterOverwriteTests {
    /// (label, total bytes written, offset of the patch, patch length); the buffer is flushed every 1 MiB.
    static let cases: [(String, Int, Int, Int)] = [
        ("in the buffer", 1_000, 10, 30),
        ("in the file", 3 << 20, 100, 30),
        ("across the flush seam", 3 << 20, (1 << 20) - 7, 30),
        ("the last bytes", 3 << 20, (3 << 20) - 30, 30),
    ]

    @Test("the file holds the patched bytes, as the in-memory writer does", arguments: cases.indices)
    func overwrite(_ index: Int) throws {
        let (label, total, offset, length) = Self.cases[index]
        let data = (0..<total).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let patch = [UInt8](repeating: 0xAB, count: length)
        var expected = data
        expected.replaceSubrange(offset..<(offset + length), with: patch)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bytewriter-\(UUID().uuidString)").path
        defer { unlink(path) }
        let file = try ByteWriter(creating: path), memory = ByteWriter()
        for writer in [file, memory] {
            for start in stride(from: 0, to: total, by: 64 << 10) { try writer.append(data[start..<min(start + (64 << 10), total)]) }
            #expect(writer.count == total, "\(label)")
            try writer.overwrite(patch, at: offset)
            try writer.finish()
        }
        // Compared as Bools, so that a failure does not print megabytes.
        let inMemory = memory.bytes == expected
        #expect(inMemory, "\(label): in memory")
        let written = try #require(FileManager.default.contents(atPath: path))
        let inFile = [UInt8](written) == expected
        #expect(inFile, "\(label): in the file")
    }
}
