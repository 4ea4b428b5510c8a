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

    /// Writes the document as `JSONEncoder` with sorted keys and pretty printing would, but piece
    /// by piece: the two long arrays (`segments` and `analysis.interviews`) are encoded one
    /// element at a time and written as they are made, so memory stays flat however many
    /// interviews there are. The golden file test holds the output byte for byte.
    func write(_ input: ReportInput, into out: ByteWriter) throws {
        let p = input.pseudonyms
        let json = PrettyJSON(out)
        try out.append("{\n")

        // "analysis": the aggregate with its per-interview list streamed into the place of an empty one.
        var analysis = Self.shareable(input.analysis, input)
        let perInterview = analysis.interviews
        analysis.interviews = []
        let encoded = try json.encode(analysis)
        let marker = Array("\n  \"interviews\" : [\n\n  ]".utf8)
        guard let at = encoded.firstRange(of: marker) else {
            throw ReportingError.renderFailed(file: fileName, reason: "analysis.interviews not found in the encoded analysis")
        }
        try json.key("analysis", first: true)
        try json.reindented(encoded[..<at.lowerBound], by: 2)
        try json.reindented(Array("\n  \"interviews\" : ".utf8)[...], by: 2)
        let fast = FastJSON(out: out)
        try fast.array(perInterview, 4) { interview, indent in try interview.writeJSON(fast, indent: indent) }
        try json.reindented(encoded[at.upperBound...], by: 2)

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
                             speakers: t.speakers.map { SpeakerRow(id: input.speakerID($0.id), label: p.replace($0.label), role: $0.role.rawValue) })
        }
        try json.key("interviews")
        try json.array(interviews, indent: 2)
        try json.field("project", input.projectName)
        try json.field("pseudonymized", p.isEnabled)
        let segments = input.transcripts.indices.lazy.flatMap { index in
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
        try json.key("segments")
        try out.append(Array("[\n".utf8))
        var firstSegment = true
        for row in segments {
            try out.append(Array((firstSegment ? "    " : ",\n    ").utf8))
            firstSegment = false
            try row.writeJSON(into: out, indent: 4)
        }
        // "[\n" is written already: an empty array adds only its empty line's end and "]".
        try out.append(Array("\n  ]".utf8))
        try json.field("version", Self.formatVersion)
        try out.append("\n}\n")
    }

    /// The analysis with its only free texts, the example sentences of emergent terms,
    /// pseudonymised, and emergent terms that are names of people left out.
    static func shareable(_ analysis: PriorityAnalysis, _ input: ReportInput) -> PriorityAnalysis {
        guard input.pseudonyms.isEnabled else { return analysis }
        var a = analysis
        a.emergentTerms = a.emergentTerms.filter { !input.isName($0.term) }.map { term in
            var term = term
            term.examples = term.examples.map { example in
                var example = example
                example.text = input.text(interview: example.interviewID, range: example.range) ?? input.pseudonyms.replace(example.text)
                return example
            }
            return term
        }
        return a
    }
}

/// Pieces of a pretty-printed JSON object with sorted keys, in `JSONEncoder`'s layout
/// (two-space indent, `"key" : value`, an empty array as `[`, empty line, `]`).
struct PrettyJSON {
    let out: ByteWriter
    let encoder: JSONEncoder
    private var written = false

    init(_ out: ByteWriter) {
        self.out = out
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    }

    func encode(_ value: some Encodable) throws -> [UInt8] {
        [UInt8](try encoder.encode(value))
    }

    /// `"key" : ` of a top-level field (callers give the keys in sorted order).
    func key(_ name: String, first: Bool = false) throws {
        try out.append(first ? "  \"\(name)\" : " : ",\n  \"\(name)\" : ")
    }

    func field(_ name: String, _ value: some Encodable) throws {
        try key(name)
        try reindented(encode(value)[...], by: 2)
    }

    /// The bytes with `spaces` more indentation on every non-empty line after the first (JSON
    /// strings never hold a raw line feed, so every one is layout).
    func reindented(_ bytes: ArraySlice<UInt8>, by spaces: Int) throws {
        var start = bytes.startIndex
        let pad = [UInt8](repeating: 0x20, count: spaces)
        while let newline = bytes[start...].firstIndex(of: 0x0A) {
            try out.append(bytes[start...newline])
            // An empty line (inside an empty array) stays empty.
            if newline + 1 < bytes.endIndex, bytes[newline + 1] != 0x0A { try out.append(pad) }
            start = newline + 1
        }
        try out.append(bytes[start...])
    }

    /// An array whose key line is indented by `indent`, element by element.
    func array<S: Sequence>(_ elements: S, indent: Int) throws where S.Element: Encodable {
        try out.append(Array("[\n".utf8))
        let pad = [UInt8](repeating: 0x20, count: indent + 2)
        var first = true
        for element in elements {
            if !first { try out.append(Array(",\n".utf8)) }
            first = false
            try out.append(pad)
            try reindented(encode(element)[...], by: indent + 2)
        }
        try out.append(0x0A)
        try out.append([UInt8](repeating: 0x20, count: indent))
        try out.append(0x5D)
    }
}

/// Hand-written JSON for the rows of `segments`, the longest part of `analysis.json`, in exactly
/// the bytes `JSONEncoder` gives them (sorted keys, pretty printed, slashes unescaped; a test
/// compares the two on tricky strings and numbers), several times faster.
extension JSONRenderer.SegmentRow {
    func writeJSON(into out: ByteWriter, indent: Int) throws {
        let w = FastJSON(out: out)
        try w.open(indent)
        try w.key("codes", indent + 2, first: true)
        try w.array(codes, indent + 2) { row, i in
            try w.open(i)
            try w.key("code", i + 2, first: true); try w.string(row.code)
            try w.key("matches", i + 2)
            try w.array(row.matches, i + 2) { m, j in
                try w.open(j)
                try w.key("end", j + 2, first: true); try w.int(m.end)
                if let part = m.part { try w.key("part", j + 2); try w.string(part) }
                if let partEnd = m.partEnd { try w.key("partEnd", j + 2); try w.int(partEnd) }
                if let partStart = m.partStart { try w.key("partStart", j + 2); try w.int(partStart) }
                try w.key("rule", j + 2); try w.string(m.rule)
                try w.key("start", j + 2); try w.int(m.start)
                try w.key("term", j + 2); try w.string(m.term)
                try w.key("text", j + 2); try w.string(m.text)
                if let via = m.viaCode { try w.key("viaCode", j + 2); try w.string(via) }
                try w.close(j)
            }
            try w.key("negated", i + 2); try w.bool(row.negated)
            if let cue = row.negationCue {
                try w.key("negationCue", i + 2)
                try w.open(i + 2)
                try w.key("end", i + 4, first: true); try w.int(cue.end)
                try w.key("start", i + 4); try w.int(cue.start)
                try w.close(i + 2)
            }
            try w.close(i)
        }
        try w.key("end", indent + 2); try w.int(end)
        try w.key("index", indent + 2); try w.int(index)
        try w.key("interview", indent + 2); try w.string(interview)
        try w.key("line", indent + 2); try w.int(line)
        try w.key("speaker", indent + 2); try w.string(speaker)
        try w.key("start", indent + 2); try w.int(start)
        try w.key("text", indent + 2); try w.string(text)
        if let time { try w.key("time", indent + 2); try w.double(time) }
        try w.key("turn", indent + 2); try w.int(turn)
        try w.close(indent)
    }
}

/// JSON values in `JSONEncoder`'s pretty layout. `open`/`close` take the indentation of the
/// line the object starts on; keys and elements are indented two more.
struct FastJSON {
    let out: ByteWriter

    @inline(__always)
    private static func pad(_ b: inout [UInt8], _ n: Int) {
        for _ in 0..<n { b.append(0x20) }
    }

    func open(_ indent: Int) throws { try out.append(0x7B) }
    func close(_ indent: Int) throws {
        try out.write { b in
            b.append(0x0A)
            Self.pad(&b, indent)
            b.append(0x7D)
        }
    }
    func spaces(_ n: Int) throws { try out.write { Self.pad(&$0, n) } }

    func key(_ name: StaticString, _ indent: Int, first: Bool = false) throws {
        try out.write { b in
            if !first { b.append(0x2C) }
            b.append(0x0A)
            Self.pad(&b, indent)
            b.append(0x22)
            b.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
            b.append(0x22)
            b.append(0x20)
            b.append(0x3A)
            b.append(0x20)
        }
    }

    func array<T>(_ elements: [T], _ indent: Int, _ element: (T, Int) throws -> Void) throws {
        try out.append(0x5B)
        try out.append(0x0A)
        if elements.isEmpty {
            // An empty array is "[", an empty line and "]".
            try out.append(0x0A)
            try spaces(indent)
            try out.append(0x5D)
            return
        }
        for (n, e) in elements.enumerated() {
            try out.write { b in
                if n > 0 { b.append(0x2C); b.append(0x0A) }
                Self.pad(&b, indent + 2)
            }
            try element(e, indent + 2)
        }
        try out.append(0x0A)
        try spaces(indent)
        try out.append(0x5D)
    }

    func int(_ value: Int) throws {
        try out.write { b in
            if value < 0 { b.append(0x2D) }
            var magnitude = value.magnitude
            var divisor: UInt = 1
            while magnitude / divisor >= 10 { divisor *= 10 }
            repeat {
                b.append(UInt8(0x30 + magnitude / divisor))
                magnitude %= divisor
                divisor /= 10
            } while divisor > 0
        }
    }
    func bool(_ value: Bool) throws { try out.append((value ? "true" : "false").utf8) }

    /// As `JSONEncoder` writes a `Double`: Swift's shortest round-trip form without a ".0".
    func double(_ value: Double) throws {
        let text = value.description
        try out.append(text.hasSuffix(".0") ? text.utf8.dropLast(2) : text.utf8[...])
    }

    func string(_ value: String) throws {
        try out.append(0x22)
        // Most strings need no escape: copy them as they are.
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            try out.write { b in
                b.append(contentsOf: value.utf8)
                b.append(0x22)
            }
            return
        }
        var run: [UInt8] = []
        run.reserveCapacity(value.utf8.count + 8)
        for byte in value.utf8 {
            switch byte {
            case 0x22: run.append(0x5C); run.append(0x22)
            case 0x5C: run.append(0x5C); run.append(0x5C)
            case 0x0A: run.append(0x5C); run.append(0x6E)
            case 0x0D: run.append(0x5C); run.append(0x72)
            case 0x09: run.append(0x5C); run.append(0x74)
            case 0x08: run.append(0x5C); run.append(0x62)
            case 0x0C: run.append(0x5C); run.append(0x66)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                run.append(contentsOf: Array("\\u00".utf8))
                run.append(hex[Int(byte >> 4)])
                run.append(hex[Int(byte & 0xF)])
            default: run.append(byte)
            }
        }
        try out.append(run)
        try out.append(0x22)
    }
}
