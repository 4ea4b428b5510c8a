import Foundation
import LeitbildCore
import Signals
import Themes

/// `analysis.json`: every figure of the run, machine-readable, described by
/// `docs/analysis.schema.json` (JSON Schema) and versioned by `version`.
///
/// `analysis` is the signals stage's output as is: per-code priority index with components,
/// intervals and rank stability, per-interview scores and segment signals, group and municipality
/// breakdowns, co-occurrence, consensus, goal conflicts and emergent terms. Around it: interviews
/// with their metadata and speakers, the codebook, and every coded segment with its matched terms.
/// Texts are pseudonymised like every shared output (`pseudonymized` says whether); positions are
/// Unicode-scalar offsets into the original normalised transcript.
public struct JSONRenderer: StreamingRenderer {
    public var fileName: String { "analysis.json" }
    /// Copies unchanged interviews' rows from the last run's file (`ReportBlocks`).
    public var readsLastOutput: Bool { true }
    public init() {}

    /// 3: texts pseudonymised, interviews with variables and speakers, the codebook, segments with
    /// matched text. (2: signals' figures under `analysis`; 1: breadth only.)
    public static let formatVersion = 3

    struct Interview: Encodable {
        var id: String
        var file: String
        var format: String
        var encoding: String
        var group: String?
        var municipality: String?
        var date: String?
        var turns: Int
        var respondentUnits: Int
        var respondentWords: Int
        var variables: [Variable]
        var speakers: [SpeakerRow]
    }
    struct SpeakerRow: Encodable {
        var id: String
        var label: String
        var role: String
    }
    struct CodebookCode: Encodable {
        var id: String
        var name: String
        var parent: String?
        var kind: String
        var description: String
        var color: String?
        var terms: [String]
        var exclusions: [String]
    }
    struct Span: Encodable {
        var start: Int
        var end: Int
    }
    struct MatchRow: Encodable {
        var term: String
        var rule: String
        var start: Int
        var end: Int
        var text: String
        /// For compound parts: the part's lemma(s) and where it is inside the word.
        var part: String?
        var partStart: Int?
        var partEnd: Int?
        /// The child code the match came from (`include_children`).
        var viaCode: String?
    }
    struct CodingRow: Encodable {
        var code: String
        var negated: Bool
        var negationCue: Span?
        var matches: [MatchRow]
    }
    struct SegmentRow: Encodable {
        var interview: String
        var index: Int
        var turn: Int
        var speaker: String
        var line: Int
        var time: Double?
        var start: Int
        var end: Int
        var text: String
        var codes: [CodingRow]
    }
    struct Failure: Encodable {
        var file: String
        var error: String
    }

    /// Writes the document as `JSONEncoder` with sorted keys would (compact, slashes unescaped),
    /// but piece by piece and with line breaks: every top-level key, and every element of the
    /// three long arrays (`analysis.interviews`, `interviews`, `segments`), starts a line. The
    /// long arrays are encoded one element at a time and written as they are made, so memory
    /// stays flat however many interviews there are; the line breaks keep the file usable with
    /// line-oriented tools. The golden file test holds the output byte for byte.
    func write(_ input: ReportInput, into out: ByteWriter) throws {
        let p = input.pseudonyms
        let json = CompactJSON(out)

        // "analysis": the aggregate with its per-interview list streamed into the place of an empty one.
        var analysis = Self.shareable(input.analysis, input)
        let perInterview = analysis.interviews
        analysis.interviews = []
        let encoded = try json.encode(analysis)
        // Keys are sorted: the top-level "interviews" follows "interviewCount", a number.
        guard let count = encoded.firstRange(of: Array("\"interviewCount\":".utf8)),
              let at = encoded[count.upperBound...].firstRange(of: Array(",\"interviews\":[]".utf8)),
              encoded[count.upperBound..<at.lowerBound].allSatisfy({ (0x30...0x39).contains($0) }) else {
            throw ReportingError.renderFailed(file: fileName, reason: "analysis.interviews not found in the encoded analysis")
        }
        try json.key("analysis", first: true)
        try out.append(encoded[..<at.lowerBound])
        try out.append(",\"interviews\":")
        // The per-interview rows of the analysis and of `segments` are copied from the last run's
        // file where nothing they are made of changed (`ReportBlocks`); rows as `json.lines` writes them.
        let blocks = input.blocks(fileName, into: out, layout: [String(Self.formatVersion), p.isEnabled ? "pseudonymised" : "plain"])
        let settings = blocks == nil ? "" : Self.digest(of: analysis.settings)
        // One row at a time into `row`, then into the file: each interview's up to its weight
        // (which changes with every interview added), then the weight.
        var row = FastJSON()
        for (k, interview) in perInterview.enumerated() {
            func write() throws {
                try json.line(first: k == 0)
                row.bytes.removeAll(keepingCapacity: true)
                interview.writeJSONUpToWeight(&row)
                try out.append(row.bytes)
            }
            if let blocks {
                let key = input.transcriptIndex(id: interview.interviewID).flatMap { index in
                    blocks.key(index, ["priority", settings, k == 0 ? "opens the array" : "follows"])
                }
                try blocks.block(key, into: out, make: write)
            } else {
                try write()
            }
            row.bytes.removeAll(keepingCapacity: true)
            interview.writeJSONWeight(&row)
            try out.append(row.bytes)
        }
        try json.endLines(empty: perInterview.isEmpty)
        try out.append(encoded[at.upperBound...])

        let codebook = input.codebook.codes.map { c in
            CodebookCode(id: c.id, name: c.name, parent: c.parent, kind: c.kind.rawValue, description: c.description, color: c.color,
                         terms: c.terms, exclusions: c.exclusions)
        }
        try json.field("codebook", codebook)
        try json.field("diagnostics", input.diagnostics.map { d in
            var d = d
            d.message = p.replace(d.message)
            d.hint = d.hint.map(p.replace)
            return d
        })
        try json.field("failures", input.failures.map { Failure(file: $0.file, error: p.replace($0.error)) })
        try json.field("generator", input.options.generator)
        let interviews = input.transcripts.indices.lazy.map { index in
            let c = input.transcripts[index]
            let t = c.transcript
            return Interview(id: t.id, file: t.source.path, format: t.source.format.rawValue, encoding: t.source.encoding,
                             group: t.metadata.group, municipality: t.metadata.municipality, date: t.metadata.date,
                             turns: t.turns.count, respondentUnits: c.respondentUnitCount, respondentWords: c.respondentWordCount,
                             variables: input.variables(transcript: index),
                             speakers: t.speakers.map { SpeakerRow(id: input.speakerID($0.id), label: p.replaceLabel($0.label), role: $0.role.rawValue) })
        }
        try json.key("interviews")
        try json.lines(interviews) { interview in
            row.bytes.removeAll(keepingCapacity: true)
            interview.writeJSON(&row)
            try out.append(row.bytes)
        }
        try json.field("project", input.projectName)
        try json.field("pseudonymized", p.isEnabled)
        func segments(_ index: Int) -> some Sequence<SegmentRow> {
            let c = input.transcripts[index]
            return c.segments.lazy.map { s in
                let seg = s.segment
                return SegmentRow(
                    interview: c.transcript.id, index: seg.index, turn: seg.turnIndex, speaker: input.speakerID(seg.speakerID),
                    line: seg.sourceLine, time: seg.startTime, start: seg.span.start, end: seg.span.end,
                    text: input.text(transcript: index, range: seg.range),
                    codes: s.codes.map { a in
                        CodingRow(code: a.codeID, negated: a.negated,
                                  negationCue: a.negationCue.map { Span(start: $0.scalars.start, end: $0.scalars.end) },
                                  matches: a.matches.map { m in
                                      MatchRow(term: m.term, rule: m.rule.rawValue, start: m.range.scalars.start, end: m.range.scalars.end,
                                               text: input.text(transcript: index, range: m.range), part: m.part,
                                               partStart: m.partRange?.scalars.start, partEnd: m.partRange?.scalars.end, viaCode: m.viaCode)
                                  })
                    })
            }
        }
        // The rows interview by interview (as `json.lines` writes them), each interview's copied
        // from the last run's file when nothing they are made of changed (`ReportBlocks`).
        try json.key("segments")
        var first = true
        for index in input.transcripts.indices where !input.transcripts[index].segments.isEmpty {
            let opening = first
            func write() throws {
                for (k, segment) in segments(index).enumerated() {
                    try json.line(first: opening && k == 0)
                    row.bytes.removeAll(keepingCapacity: true)
                    segment.writeJSON(&row)
                    try out.append(row.bytes)
                }
            }
            if let blocks {
                try blocks.block(blocks.key(index, ["segments", opening ? "opens the array" : "follows"]), into: out, make: write)
            } else {
                try write()
            }
            first = false
        }
        try json.endLines(empty: first)
        try json.field("version", Self.formatVersion)
        try out.append("\n}\n")
    }

    /// A digest of the priority settings (hex), for the keys of the per-interview rows they shape.
    static func digest(of settings: PrioritySettings) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(settings)).map { Digest.of($0).hex } ?? "settings that cannot be encoded"
    }

    /// The analysis with its only free texts, the example sentences of emergent terms,
    /// pseudonymised (and shortened as without pseudonymisation, `ExampleSentence.shortened`),
    /// and emergent terms that are names left out (`ReportInput.isLeftOut`).
    static func shareable(_ analysis: PriorityAnalysis, _ input: ReportInput) -> PriorityAnalysis {
        var a = analysis
        a.emergentTerms = a.emergentTerms.filter { !input.isLeftOut($0) }
        guard input.pseudonyms.isEnabled else { return a }
        a.emergentTerms = a.emergentTerms.map { term in
            var term = term
            term.examples = term.examples.map { example in
                var example = example
                example.text = input.text(interview: example.interviewID, range: example.range).map(ExampleSentence.shortened)
                    ?? input.pseudonyms.replace(example.text)
                return example
            }
            return term
        }
        return a
    }
}

/// Top-level fields of `analysis.json`: `JSONEncoder` with sorted keys, compact, slashes
/// unescaped, each key on a line of its own.
struct CompactJSON {
    let out: ByteWriter
    let encoder: JSONEncoder

    init(_ out: ByteWriter) {
        self.out = out
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    }

    func encode(_ value: some Encodable) throws -> [UInt8] {
        [UInt8](try encoder.encode(value))
    }

    /// `"key":` of a top-level field on a new line (callers give the keys in sorted order).
    func key(_ name: String, first: Bool = false) throws {
        try out.append(first ? "{\n\"\(name)\":" : ",\n\"\(name)\":")
    }

    func field(_ name: String, _ value: some Encodable) throws {
        try key(name)
        try out.append(encode(value))
    }

    /// An array with every element on a line of its own (`[]` when empty): the long arrays of
    /// `analysis.json`, whose elements are written as they are made.
    func lines<S: Sequence>(_ elements: S, _ element: (S.Element) throws -> Void) throws {
        var first = true
        for e in elements {
            try line(first: first)
            first = false
            try element(e)
        }
        try endLines(empty: first)
    }

    /// What goes before an element of such an array: `[` and a line break before the first,
    /// `,` and a line break before the others (for arrays written in parts, `ReportBlocks`).
    func line(first: Bool) throws { try out.append(first ? Array("[\n".utf8) : Array(",\n".utf8)) }

    /// The end of such an array: `[]` when it had no element.
    func endLines(empty: Bool) throws { try out.append(empty ? Array("[]".utf8) : Array("\n]".utf8)) }
}

/// Hand-written JSON for the rows of `segments`, the longest part of `analysis.json`, in exactly
/// the bytes `JSONEncoder` gives them (sorted keys, compact, slashes unescaped; a test
/// compares the two on tricky strings and numbers), several times faster.
extension JSONRenderer.SegmentRow {
    func writeJSON(_ w: inout FastJSON) {
        w.open()
        w.key("codes")
        w.array(codes) { w, row in
            w.open()
            w.key("code"); w.string(row.code)
            w.key("matches")
            w.array(row.matches) { w, m in
                w.open()
                w.key("end"); w.int(m.end)
                if let part = m.part { w.key("part"); w.string(part) }
                if let partEnd = m.partEnd { w.key("partEnd"); w.int(partEnd) }
                if let partStart = m.partStart { w.key("partStart"); w.int(partStart) }
                w.key("rule"); w.string(m.rule)
                w.key("start"); w.int(m.start)
                w.key("term"); w.string(m.term)
                w.key("text"); w.string(m.text)
                if let via = m.viaCode { w.key("viaCode"); w.string(via) }
                w.close()
            }
            w.key("negated"); w.bool(row.negated)
            if let cue = row.negationCue {
                w.key("negationCue")
                w.open()
                w.key("end"); w.int(cue.end)
                w.key("start"); w.int(cue.start)
                w.close()
            }
            w.close()
        }
        w.key("end"); w.int(end)
        w.key("index"); w.int(index)
        w.key("interview"); w.string(interview)
        w.key("line"); w.int(line)
        w.key("speaker"); w.string(speaker)
        w.key("start"); w.int(start)
        w.key("text"); w.string(text)
        if let time { w.key("time"); w.double(time) }
        w.key("turn"); w.int(turn)
        w.close()
    }
}

/// Hand-written JSON for the rows of `interviews` (one per transcript), in the bytes
/// `JSONEncoder` gives them (a test compares the two): 0.1 CPU-s less at 5,000 interviews.
extension JSONRenderer.Interview {
    func writeJSON(_ w: inout FastJSON) {
        w.open()
        if let date { w.key("date"); w.string(date) }
        w.key("encoding"); w.string(encoding)
        w.key("file"); w.string(file)
        w.key("format"); w.string(format)
        if let group { w.key("group"); w.string(group) }
        w.key("id"); w.string(id)
        if let municipality { w.key("municipality"); w.string(municipality) }
        w.key("respondentUnits"); w.int(respondentUnits)
        w.key("respondentWords"); w.int(respondentWords)
        w.key("speakers")
        w.array(speakers) { w, s in
            w.open()
            w.key("id"); w.string(s.id)
            w.key("label"); w.string(s.label)
            w.key("role"); w.string(s.role)
            w.close()
        }
        w.key("turns"); w.int(turns)
        w.key("variables")
        w.array(variables) { w, v in
            w.open()
            w.key("name"); w.string(v.name)
            w.key("value"); w.string(v.value)
            w.close()
        }
        w.close()
    }
}

/// JSON values in `JSONEncoder`'s compact layout (sorted keys are the caller's order), built in
/// a value of its own: one row of `analysis.json` at a time, appended to the file's writer
/// whole. A struct passed `inout`, so that its many small appends need no runtime exclusivity
/// checks (a class's buffer would check every one: a quarter of the time of the file).
/// Also the run cache's `manifest.json` (`AnalysisCache.Manifest`), with `escapesSlashes`.
public struct FastJSON {
    public internal(set) var bytes: [UInt8] = []
    /// Whether "/" is written "\/", as `JSONEncoder` does without `.withoutEscapingSlashes`
    /// (the reports use that option; the run cache's manifest does not).
    private let escapesSlashes: Bool
    /// Whether the last thing written opened an object, so that the next key needs no comma:
    /// after any value, the next key of the object it stands in does (a nested object's `close`
    /// ends a value too).
    private var opened = false

    public init(capacity: Int = 1 << 12, escapesSlashes: Bool = false) {
        self.escapesSlashes = escapesSlashes
        bytes.reserveCapacity(capacity)
    }

    public mutating func open() {
        bytes.append(0x7B)
        opened = true
    }

    public mutating func close() {
        bytes.append(0x7D)
        opened = false
    }

    /// A key of the object being written, with the comma before it unless it is the first.
    public mutating func key(_ name: StaticString) {
        if !opened { bytes.append(0x2C) }
        opened = false
        bytes.append(0x22)
        bytes.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        bytes.append(0x22)
        bytes.append(0x3A)
    }

    public mutating func array<T>(_ elements: [T], _ element: (inout FastJSON, T) -> Void) {
        bytes.append(0x5B)
        for (n, e) in elements.enumerated() {
            if n > 0 { bytes.append(0x2C) }
            element(&self, e)
        }
        bytes.append(0x5D)
    }

    public mutating func int(_ value: Int) {
        if value < 0 { bytes.append(0x2D) }
        var magnitude = value.magnitude
        var divisor: UInt = 1
        while magnitude / divisor >= 10 { divisor *= 10 }
        repeat {
            bytes.append(UInt8(0x30 + magnitude / divisor))
            magnitude %= divisor
            divisor /= 10
        } while divisor > 0
    }

    mutating func bool(_ value: Bool) { bytes.append(contentsOf: (value ? "true" : "false").utf8) }

    /// As `JSONEncoder` writes a `Double`: Swift's shortest round-trip form without a ".0".
    mutating func double(_ value: Double) {
        // Whole numbers (most signal weights are 0 or 1) print as "N.0" below 2^53; written as
        // integers they need no string. -0.0 stays on the slow path ("-0").
        if value.magnitude < 1e15, value.rounded(.towardZero) == value, value != 0 || value.sign == .plus {
            return int(Int(value))
        }
        let text = value.description
        bytes.append(contentsOf: text.hasSuffix(".0") ? text.utf8.dropLast(2) : text.utf8[...])
    }

    public mutating func string(_ value: String) {
        bytes.append(0x22)
        var value = value
        let slash: UInt8 = escapesSlashes ? 0x2F : 0x22
        value.withUTF8 { utf8 in
            // Most strings need no escape: copy them as they are.
            var clean = true
            for byte in utf8 where byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == slash {
                clean = false
                break
            }
            if clean {
                bytes.append(contentsOf: utf8)
                return
            }
            for byte in utf8 {
                switch byte {
                case 0x22: bytes.append(0x5C); bytes.append(0x22)
                case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
                case 0x2F where escapesSlashes: bytes.append(0x5C); bytes.append(0x2F)
                case 0x0A: bytes.append(0x5C); bytes.append(0x6E)
                case 0x0D: bytes.append(0x5C); bytes.append(0x72)
                case 0x09: bytes.append(0x5C); bytes.append(0x74)
                case 0x08: bytes.append(0x5C); bytes.append(0x62)
                case 0x0C: bytes.append(0x5C); bytes.append(0x66)
                case 0..<0x20:
                    let hex: StaticString = "0123456789abcdef"
                    bytes.append(contentsOf: "\\u00".utf8)
                    bytes.append(hex.utf8Start[Int(byte >> 4)])
                    bytes.append(hex.utf8Start[Int(byte & 0xF)])
                default: bytes.append(byte)
                }
            }
        }
        bytes.append(0x22)
    }
}
