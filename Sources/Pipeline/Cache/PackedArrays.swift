import Foundation
import LeitbildCore
import Reporting
import Signals
import Themes

/// The arrays that hold nearly all of a cached file (its turns, coded segments and segment
/// signals, its emergent-term evidence) are written field by field instead of through `Codable`'s
/// keyed containers.
///
/// Why: an incremental run decodes every cached interview of the project. Through `Codable`,
/// each of the ~100 values per turn or segment costs a container, a key lookup and, above all,
/// a generic-metadata lookup in the Swift runtime; decoding was 1.5 ms per cached interview, more
/// than half of an unchanged run's per-file time. Packed, an array is one tag, a byte length, a
/// count and the fields in a fixed order, without keys or tags.
///
/// Since cache format 5, the two arrays an entry is made of are packed whole: a `parsed`
/// entry's transcripts (`[Transcript]` in `ParsedFile`) and a `coded` entry (`[CodedEntry]`),
/// with the arrays above written inside them as plain lists. The fields around those arrays
/// (source, speakers, metadata, the signalled transcript, rankings, the project.qdpx piece) still
/// went through the containers, and with them the decoding of the cache in a +1 file run at 5,001
/// interviews took 1.17 CPU-s, 0.67 packed whole (`scripts/perf-breakdown.py`, stage "cache
/// load", one `perf record -F 1999 -g` profile of each build; docs/batch-rounds.md, "Round c654f8b →
/// 5e84bf6").
///
/// Layout: tag `packed`, u32 byte length of the rest, varint count, then each element's fields
/// in the order of the `fields` list of its type below. Integers are zigzag varints, strings
/// varint length + UTF-8, doubles 8 bytes, `TextRange` 4 zigzag varints, enums their raw
/// string, an optional a byte 0 (absent) or 1 followed by the value, an array of strings a count
/// followed by the strings, a `DeflatedPiece` its bytes as a string's, its CRC-32 as a varint and
/// its size.
///
/// Because keys are not stored, a packed entry written by an older type would be misread: the
/// field lists below (names and types, in order) are checked against the types' `Codable`
/// fields by `BinaryCodingTests`, and a change to them must raise `AnalysisCache.formatVersion`.
enum PackedArrays {
    /// The `Codable` fields of each packed type as `name: Type` (`Type?` for optionals), in the
    /// order they are written.
    static let fields: [String: [String]] = [
        "Turn": ["index: Int", "speakerID: String", "role: SpeakerRole", "range: TextRange", "sourceLine: Int",
                 "startTime: Double?", "endTime: Double?"],
        "Segment": ["transcriptID: String", "index: Int", "turnIndex: Int", "role: SpeakerRole", "speakerID: String",
                    "range: TextRange", "sourceLine: Int", "startTime: Double?"],
        "CodedSegment": ["segment: Segment", "codes: Array<CodeAssignment>"],
        "CodeAssignment": ["codeID: String", "matches: Array<TermMatch>", "negated: Bool", "negationCue: TextRange?",
                           "negationPattern: String?"],
        "TermMatch": ["term: String", "rule: MatchRule", "range: TextRange", "tokens: Range<Int>?", "part: String?",
                      "partRange: TextRange?", "viaCode: String?"],
        "SegmentSignals": ["segmentIndex: Int", "turnIndex: Int", "sourceLine: Int", "range: TextRange",
                           "codes: Array<CodeSignal>", "cues: Array<CueHit>", "introduction: Bool"],
        "CodeSignal": ["codeID: String", "dismissed: Bool", "promptedBy: Int?", "emphasis: Double", "weakening: Double",
                       "problem: Double", "need: Double", "asset: Double", "stance: Stance"],
        "CueHit": ["kind: CueKind", "lexiconKind: CueKind", "cue: String", "range: TextRange", "weight: Double",
                   "negation: TextRange?", "hedge: TextRange?", "intensifier: TextRange?", "codes: Array<String>", "carried: Bool"],
        "TermCandidate": ["word: String", "surface: String", "count: Int", "capitalized: Int", "lowercase: Int",
                          "zipf: Double?", "example: Int"],
        "ExampleSentence": ["range: TextRange", "sourceLine: Int"],
        // A file's parsed transcripts (`ParsedFile.transcripts`) and its coded entries, whole:
        // their own fields went through `Codable`'s containers after the arrays above were packed.
        "Transcript": ["id: String", "source: SourceDocument", "text: String", "speakers: Array<Speaker>", "turns: Array<Turn>",
                       "metadata: InterviewMetadata", "existingCodings: Array<ExistingCoding>", "anchors: Array<SourceAnchor>"],
        "SourceAnchor": ["utf8: Int", "line: Int", "time: Double?"],
        "SourceDocument": ["path: String", "format: SourceFormat", "encoding: String", "byteCount: Int", "textLinesAreSourceLines: Bool"],
        "Speaker": ["id: String", "label: String", "role: SpeakerRole", "roleReason: String"],
        "InterviewMetadata": ["interviewID: String", "group: String?", "municipality: String?", "date: String?", "interviewer: String?",
                              "variables: Array<Variable>", "origin: String?"],
        "Variable": ["name: String", "value: String"],
        "ExistingCoding": ["codeID: String", "codeName: String", "range: TextRange", "coder: String?"],
        "CodedEntry": ["segments: Array<CodedSegment>", "interviewerMentions: Array<CodedSegment>", "respondentUnitCount: Int",
                       "respondentWordCount: Int", "sentences: Int", "signals: SignalledTranscript", "qdpx: QDPXPiece?"],
        "SignalledTranscript": ["version: Int", "interviewID: String", "file: String", "group: String?", "municipality: String?",
                                "respondentUnitCount: Int", "respondentTurnCount: Int", "respondentWordCount: Int",
                                "segments: Array<SegmentSignals>", "rankings: Array<ExplicitRanking>", "emergent: EmergentEvidence"],
        "ExplicitRanking": ["turnIndex: Int", "sourceLine: Int", "entries: Array<RankEntry>"],
        "RankEntry": ["rank: Int", "codeID: String", "marker: String", "markerRange: TextRange"],
        "EmergentEvidence": ["candidates: Array<TermCandidate>", "examples: Array<ExampleSentence>", "coveredWords: Array<String>",
                             "nameWords: Array<String>", "unlistedZipf: Double?"],
        "QDPXPiece": ["sourceName: String", "zlibVersion: String", "element: DeflatedPiece", "text: DeflatedPiece"],
        "DeflatedPiece": ["bytes: Array<UInt8>", "crc: UInt32", "count: Int"],
    ]
}

// MARK: - Writing

extension ByteWriter {
    /// Writes the packed array types; false for every other type.
    @inline(__always) func packedArray<T>(_ value: T) -> Bool {
        if T.self == [Turn].self { packed(unsafeBitCast(value, to: [Turn].self)) { $0.turn($1) }; return true }
        if T.self == [CodedSegment].self { packed(unsafeBitCast(value, to: [CodedSegment].self)) { $0.codedSegment($1) }; return true }
        if T.self == [SegmentSignals].self { packed(unsafeBitCast(value, to: [SegmentSignals].self)) { $0.segmentSignals($1) }; return true }
        if T.self == [TermCandidate].self { packed(unsafeBitCast(value, to: [TermCandidate].self)) { $0.termCandidate($1) }; return true }
        if T.self == [ExampleSentence].self { packed(unsafeBitCast(value, to: [ExampleSentence].self)) { $0.exampleSentence($1) }; return true }
        if T.self == [Transcript].self { packed(unsafeBitCast(value, to: [Transcript].self)) { $0.transcript($1) }; return true }
        if T.self == [CodedEntry].self { packed(unsafeBitCast(value, to: [CodedEntry].self)) { $0.codedEntry($1) }; return true }
        return false
    }

    /// Writes through a `Packer` that holds the buffer meanwhile: appending to a local struct's
    /// array skips the exclusivity checks every append to this class's `bytes` would cost.
    private func packed<E>(_ items: [E], _ write: (inout Packer, E) -> Void) {
        var packer = Packer()
        swap(&packer.bytes, &bytes)
        packer.bytes.append(BinaryCoding.Tag.packed.rawValue)
        let lengthAt = packer.bytes.count
        packer.bytes.append(contentsOf: [0, 0, 0, 0])
        packer.varint(UInt64(items.count))
        for item in items { write(&packer, item) }
        let length = UInt32(packer.bytes.count - lengthAt - 4).littleEndian
        withUnsafeBytes(of: length) { raw in for i in 0..<4 { packer.bytes[lengthAt + i] = raw[i] } }
        swap(&packer.bytes, &bytes)
    }
}

/// The field writers of the packed types (raw fields: no tags).
struct Packer {
    var bytes: [UInt8] = []

    @inline(__always) mutating func varint(_ value: UInt64) { BinaryCoding.writeVarint(value, into: &bytes) }
    @inline(__always) mutating func int(_ v: Int) { let v = Int64(v); varint(UInt64(bitPattern: (v << 1) ^ (v >> 63))) }
    mutating func text(_ s: String) {
        var s = s
        s.withUTF8 { utf8 in
            varint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }
    mutating func word(_ w: UInt64) { withUnsafeBytes(of: w.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func real(_ d: Double) { word(d.bitPattern) }
    @inline(__always) mutating func flag(_ b: Bool) { bytes.append(b ? 1 : 0) }
    mutating func range(_ t: TextRange) { int(t.scalars.start); int(t.scalars.end); int(t.utf8.lowerBound); int(t.utf8.upperBound) }
    mutating func optional<V>(_ v: V?, _ write: (inout Packer, V) -> Void) {
        if let v { flag(true); write(&self, v) } else { flag(false) }
    }
    mutating func texts(_ list: [String]) {
        varint(UInt64(list.count))
        for s in list { text(s) }
    }
    mutating func list<E>(_ items: [E], _ write: (inout Packer, E) -> Void) {
        varint(UInt64(items.count))
        for item in items { write(&self, item) }
    }

    mutating func turn(_ t: Turn) {
        int(t.index); text(t.speakerID); text(t.role.rawValue); range(t.range); int(t.sourceLine)
        optional(t.startTime) { $0.real($1) }; optional(t.endTime) { $0.real($1) }
    }

    mutating func segment(_ s: Segment) {
        text(s.transcriptID); int(s.index); int(s.turnIndex); text(s.role.rawValue); text(s.speakerID); range(s.range)
        int(s.sourceLine); optional(s.startTime) { $0.real($1) }
    }

    mutating func codedSegment(_ c: CodedSegment) {
        segment(c.segment)
        list(c.codes) { p, a in
            p.text(a.codeID)
            p.list(a.matches) { p, m in
                p.text(m.term); p.text(m.rule.rawValue); p.range(m.range)
                p.optional(m.tokens) { p, r in p.int(r.lowerBound); p.int(r.upperBound) }
                p.optional(m.part) { $0.text($1) }; p.optional(m.partRange) { $0.range($1) }; p.optional(m.viaCode) { $0.text($1) }
            }
            p.flag(a.negated); p.optional(a.negationCue) { $0.range($1) }; p.optional(a.negationPattern) { $0.text($1) }
        }
    }

    mutating func segmentSignals(_ s: SegmentSignals) {
        int(s.segmentIndex); int(s.turnIndex); int(s.sourceLine); range(s.range)
        list(s.codes) { p, c in
            p.text(c.codeID); p.flag(c.dismissed); p.optional(c.promptedBy) { $0.int($1) }
            p.real(c.emphasis); p.real(c.weakening); p.real(c.problem); p.real(c.need); p.real(c.asset); p.text(c.stance.rawValue)
        }
        list(s.cues) { p, c in
            p.text(c.kind.rawValue); p.text(c.lexiconKind.rawValue); p.text(c.cue); p.range(c.range); p.real(c.weight)
            p.optional(c.negation) { $0.range($1) }; p.optional(c.hedge) { $0.range($1) }; p.optional(c.intensifier) { $0.range($1) }
            p.texts(c.codes); p.flag(c.carried)
        }
        flag(s.introduction)
    }

    mutating func termCandidate(_ t: TermCandidate) {
        text(t.word); text(t.surface); int(t.count); int(t.capitalized); int(t.lowercase); optional(t.zipf) { $0.real($1) }; int(t.example)
    }

    mutating func exampleSentence(_ e: ExampleSentence) { range(e.range); int(e.sourceLine) }

    mutating func transcript(_ t: Transcript) {
        text(t.id)
        let s = t.source
        text(s.path); text(s.format.rawValue); text(s.encoding); int(s.byteCount); flag(s.textLinesAreSourceLines)
        text(t.text)
        list(t.speakers) { p, s in p.text(s.id); p.text(s.label); p.text(s.role.rawValue); p.text(s.roleReason) }
        list(t.turns) { $0.turn($1) }
        let m = t.metadata
        text(m.interviewID); optional(m.group) { $0.text($1) }; optional(m.municipality) { $0.text($1) }
        optional(m.date) { $0.text($1) }; optional(m.interviewer) { $0.text($1) }
        list(m.variables) { p, v in p.text(v.name); p.text(v.value) }
        optional(m.origin) { $0.text($1) }
        list(t.existingCodings) { p, c in p.text(c.codeID); p.text(c.codeName); p.range(c.range); p.optional(c.coder) { $0.text($1) } }
        list(t.anchors) { p, a in p.int(a.utf8); p.int(a.line); p.optional(a.time) { $0.real($1) } }
    }

    mutating func codedEntry(_ e: CodedEntry) {
        list(e.segments) { $0.codedSegment($1) }
        list(e.interviewerMentions) { $0.codedSegment($1) }
        int(e.respondentUnitCount); int(e.respondentWordCount); int(e.sentences)
        let s = e.signals
        int(s.version); text(s.interviewID); text(s.file); optional(s.group) { $0.text($1) }; optional(s.municipality) { $0.text($1) }
        int(s.respondentUnitCount); int(s.respondentTurnCount); int(s.respondentWordCount)
        list(s.segments) { $0.segmentSignals($1) }
        list(s.rankings) { p, r in
            p.int(r.turnIndex); p.int(r.sourceLine)
            p.list(r.entries) { p, e in p.int(e.rank); p.text(e.codeID); p.text(e.marker); p.range(e.markerRange) }
        }
        let m = s.emergent
        list(m.candidates) { $0.termCandidate($1) }; list(m.examples) { $0.exampleSentence($1) }
        texts(m.coveredWords); texts(m.nameWords); optional(m.unlistedZipf) { $0.real($1) }
        optional(e.qdpx) { p, q in p.text(q.sourceName); p.text(q.zlibVersion); p.deflated(q.element); p.deflated(q.text) }
    }

    /// The compressed bytes as they are (varint length first), then the CRC-32 and the uncompressed size.
    mutating func deflated(_ d: DeflatedPiece) {
        varint(UInt64(d.bytes.count)); bytes.append(contentsOf: d.bytes); varint(UInt64(d.crc)); int(d.count)
    }
}

// MARK: - Reading

extension Reader {
    /// Reads the packed array types; nil (having read nothing) for every other type.
    @inline(__always) mutating func packedArray<T>(_ type: T.Type) throws -> T? {
        if T.self == [Turn].self { return unsafeBitCast(try packed { try $0.turn() }, to: T.self) }
        if T.self == [CodedSegment].self { return unsafeBitCast(try packed { try $0.codedSegment() }, to: T.self) }
        if T.self == [SegmentSignals].self { return unsafeBitCast(try packed { try $0.segmentSignals() }, to: T.self) }
        if T.self == [TermCandidate].self { return unsafeBitCast(try packed { try $0.termCandidate() }, to: T.self) }
        if T.self == [ExampleSentence].self { return unsafeBitCast(try packed { try $0.exampleSentence() }, to: T.self) }
        if T.self == [Transcript].self { return unsafeBitCast(try packed { try $0.transcript() }, to: T.self) }
        if T.self == [CodedEntry].self { return unsafeBitCast(try packed { try $0.codedEntry() }, to: T.self) }
        return nil
    }

    private mutating func packed<E>(_ read: (inout Reader) throws -> E) throws -> [E] {
        // Packed arrays do not nest, so the table is this array's alone.
        recent = RecentStrings()
        defer { recent = nil }
        try expect(.packed)
        let length = Int(try fixed32())
        let end = offset + length
        guard end <= bytes.count else { throw BinaryCoding.corrupt("packed length") }
        let count = try varint()
        // Every element takes at least one byte.
        guard count <= UInt64(length) else { throw BinaryCoding.corrupt("packed count") }
        var items: [E] = []
        items.reserveCapacity(Int(count))
        for _ in 0..<count { items.append(try read(&self)) }
        guard offset == end else { throw BinaryCoding.corrupt("packed length") }
        return items
    }

    private mutating func int() throws -> Int { try zigzag() }
    private mutating func text() throws -> String {
        let run = try lengthPrefixed("string")
        // Always within a packed array, which sets the table; without one, made directly.
        if recent != nil { return recent!.string(run) }
        return String(decoding: run, as: UTF8.self)
    }
    private mutating func real() throws -> Double { Double(bitPattern: try fixed64()) }
    private mutating func flag() throws -> Bool {
        switch try byte() {
        case 0: return false
        case 1: return true
        default: throw BinaryCoding.corrupt("flag")
        }
    }
    private mutating func range() throws -> TextRange {
        let a = try zigzag(), b = try zigzag(), c = try zigzag(), d = try zigzag()
        guard a <= b, c <= d else { throw BinaryCoding.corrupt("text range") }
        return TextRange(scalars: SourceSpan(start: a, end: b), utf8: c..<d)
    }
    private mutating func optional<V>(_ read: (inout Reader) throws -> V) throws -> V? {
        try flag() ? try read(&self) : nil
    }
    private mutating func enumeration<E: RawRepresentable>(_ type: E.Type) throws -> E where E.RawValue == String {
        guard let value = E(rawValue: try string()) else { throw BinaryCoding.corrupt("\(E.self) value") }
        return value
    }
    private mutating func list<E>(_ read: (inout Reader) throws -> E) throws -> [E] {
        let count = try varint()
        guard count <= UInt64(bytes.count - offset) else { throw BinaryCoding.corrupt("list count") }
        var items: [E] = []
        items.reserveCapacity(Int(count))
        for _ in 0..<count { items.append(try read(&self)) }
        return items
    }

    private mutating func turn() throws -> Turn {
        let index = try int(), speakerID = try text(), role = try enumeration(SpeakerRole.self), range = try range()
        let sourceLine = try int(), start = try optional { try $0.real() }, end = try optional { try $0.real() }
        return Turn(index: index, speakerID: speakerID, role: role, range: range, sourceLine: sourceLine, startTime: start, endTime: end)
    }

    private mutating func segment() throws -> Segment {
        let transcriptID = try text(), index = try int(), turnIndex = try int(), role = try enumeration(SpeakerRole.self)
        let speakerID = try text(), range = try range(), sourceLine = try int(), start = try optional { try $0.real() }
        return Segment(transcriptID: transcriptID, index: index, turnIndex: turnIndex, role: role, speakerID: speakerID,
                       range: range, sourceLine: sourceLine, startTime: start)
    }

    private mutating func codedSegment() throws -> CodedSegment {
        let segment = try segment()
        let codes = try list { r -> CodeAssignment in
            let codeID = try r.text()
            let matches = try r.list { r -> TermMatch in
                let term = try r.text(), rule = try r.enumeration(MatchRule.self), range = try r.range()
                let tokens = try r.optional { r -> Range<Int> in
                    let low = try r.int(), high = try r.int()
                    guard low <= high else { throw BinaryCoding.corrupt("token range") }
                    return low..<high
                }
                let part = try r.optional { try $0.text() }, partRange = try r.optional { try $0.range() }, via = try r.optional { try $0.text() }
                return TermMatch(term: term, rule: rule, range: range, tokens: tokens, part: part, partRange: partRange, viaCode: via)
            }
            let negated = try r.flag(), cue = try r.optional { try $0.range() }, pattern = try r.optional { try $0.text() }
            return CodeAssignment(codeID: codeID, matches: matches, negated: negated, negationCue: cue, negationPattern: pattern)
        }
        return CodedSegment(segment: segment, codes: codes)
    }

    private mutating func segmentSignals() throws -> SegmentSignals {
        let segmentIndex = try int(), turnIndex = try int(), sourceLine = try int(), range = try range()
        let codes = try list { r -> CodeSignal in
            let codeID = try r.text(), dismissed = try r.flag(), promptedBy = try r.optional { try $0.int() }
            let emphasis = try r.real(), weakening = try r.real(), problem = try r.real(), need = try r.real(), asset = try r.real()
            return CodeSignal(codeID: codeID, dismissed: dismissed, promptedBy: promptedBy, emphasis: emphasis, weakening: weakening,
                              problem: problem, need: need, asset: asset, stance: try r.enumeration(Stance.self))
        }
        let cues = try list { r -> CueHit in
            let kind = try r.enumeration(CueKind.self), lexiconKind = try r.enumeration(CueKind.self), cue = try r.text()
            let range = try r.range(), weight = try r.real()
            let negation = try r.optional { try $0.range() }, hedge = try r.optional { try $0.range() }, intensifier = try r.optional { try $0.range() }
            let codes = try r.texts()
            return CueHit(kind: kind, lexiconKind: lexiconKind, cue: cue, range: range, weight: weight, negation: negation, hedge: hedge,
                          intensifier: intensifier, codes: codes, carried: try r.flag())
        }
        return SegmentSignals(segmentIndex: segmentIndex, turnIndex: turnIndex, sourceLine: sourceLine, range: range, codes: codes, cues: cues,
                              introduction: try flag())
    }

    private mutating func termCandidate() throws -> TermCandidate {
        let word = try text(), surface = try text(), count = try int(), capitalized = try int(), lowercase = try int()
        let zipf = try optional { try $0.real() }
        return TermCandidate(word: word, surface: surface, count: count, capitalized: capitalized, lowercase: lowercase, zipf: zipf, example: try int())
    }

    private mutating func exampleSentence() throws -> ExampleSentence {
        let range = try range()
        return ExampleSentence(range: range, sourceLine: try int())
    }

    private mutating func transcript() throws -> Transcript {
        let id = try text()
        let path = try text(), format = try enumeration(SourceFormat.self), encoding = try text(), byteCount = try int()
        let source = SourceDocument(path: path, format: format, encoding: encoding, byteCount: byteCount, textLinesAreSourceLines: try flag())
        let body = try text()
        let speakers = try list { r -> Speaker in
            let id = try r.text(), label = try r.text(), role = try r.enumeration(SpeakerRole.self)
            return Speaker(id: id, label: label, role: role, roleReason: try r.text())
        }
        let turns = try list { try $0.turn() }
        let interviewID = try text(), group = try optional { try $0.text() }, municipality = try optional { try $0.text() }
        let date = try optional { try $0.text() }, interviewer = try optional { try $0.text() }
        let variables = try list { r -> Variable in
            let name = try r.text()
            return Variable(name: name, value: try r.text())
        }
        let metadata = InterviewMetadata(interviewID: interviewID, group: group, municipality: municipality, date: date, interviewer: interviewer,
                                         variables: variables, origin: try optional { try $0.text() })
        let codings = try list { r -> ExistingCoding in
            let codeID = try r.text(), codeName = try r.text(), range = try r.range()
            return ExistingCoding(codeID: codeID, codeName: codeName, range: range, coder: try r.optional { try $0.text() })
        }
        let anchors = try list { r -> SourceAnchor in
            let utf8 = try r.int(), line = try r.int()
            return SourceAnchor(utf8: utf8, line: line, time: try r.optional { try $0.real() })
        }
        return Transcript(id: id, source: source, text: body, speakers: speakers, turns: turns, metadata: metadata, existingCodings: codings,
                          anchors: anchors)
    }

    private mutating func codedEntry() throws -> CodedEntry {
        let segments = try list { try $0.codedSegment() }, mentions = try list { try $0.codedSegment() }
        let unitCount = try int(), wordCount = try int(), sentences = try int()
        let version = try int(), interviewID = try text(), file = try text()
        let group = try optional { try $0.text() }, municipality = try optional { try $0.text() }
        let respondentUnits = try int(), respondentTurns = try int(), respondentWords = try int()
        let signalSegments = try list { try $0.segmentSignals() }
        let rankings = try list { r -> ExplicitRanking in
            let turnIndex = try r.int(), sourceLine = try r.int()
            let entries = try r.list { r -> RankEntry in
                let rank = try r.int(), codeID = try r.text(), marker = try r.text()
                return RankEntry(rank: rank, codeID: codeID, marker: marker, markerRange: try r.range())
            }
            return ExplicitRanking(turnIndex: turnIndex, sourceLine: sourceLine, entries: entries)
        }
        let candidates = try list { try $0.termCandidate() }, examples = try list { try $0.exampleSentence() }
        let covered = try texts(), names = try texts(), unlistedZipf = try optional { try $0.real() }
        var signals = SignalledTranscript(interviewID: interviewID, file: file, group: group, municipality: municipality,
                                          respondentUnitCount: respondentUnits, respondentTurnCount: respondentTurns,
                                          respondentWordCount: respondentWords, segments: signalSegments, rankings: rankings,
                                          emergent: EmergentEvidence(candidates: candidates, examples: examples, coveredWords: covered,
                                                                     nameWords: names, unlistedZipf: unlistedZipf),
                                          text: "")
        signals.version = version
        let qdpx = try optional { r -> QDPXPiece in
            let sourceName = try r.text(), zlibVersion = try r.text(), element = try r.deflated()
            return QDPXPiece(sourceName: sourceName, zlibVersion: zlibVersion, element: element, text: try r.deflated())
        }
        return CodedEntry(segments: segments, interviewerMentions: mentions, respondentUnitCount: unitCount, respondentWordCount: wordCount,
                          sentences: sentences, signals: signals, qdpx: qdpx)
    }

    private mutating func texts() throws -> [String] { try list { try $0.text() } }

    private mutating func deflated() throws -> DeflatedPiece {
        let bytes = [UInt8](try lengthPrefixed("compressed piece"))
        guard let crc = UInt32(exactly: try varint()) else { throw BinaryCoding.corrupt("piece CRC") }
        let count = try int()
        guard count >= 0 else { throw BinaryCoding.corrupt("piece size") }
        return DeflatedPiece(bytes: bytes, crc: crc, count: count)
    }
}

/// The strings of one packed array that occur again in it, made once: a code id in every segment
/// and signal that has the code, the transcript id in every segment, a matched term, a cue.
///
/// A string of more than 15 UTF-8 bytes is a heap object, so each repeat made anew cost an
/// allocation, a UTF-8 check and later a release; at 5,000 interviews a run decodes some hundred
/// thousand of them. A direct-mapped table of 64 slots remembers where in the entry's bytes the last
/// string of each slot was and the `String` made from it; a string of the same bytes (compared
/// whole) is taken from there. A collision only means the string is made again. Strings of up to
/// 15 bytes are stored inline in the `String` value and made directly, as are those of more than
/// 64 bytes, which seldom repeat.
struct RecentStrings {
    private static let slotBits = 6
    private struct Slot {
        var bytes: UnsafeRawBufferPointer? = nil
        var string = ""
    }
    private var slots = [Slot](repeating: Slot(), count: 1 << slotBits)

    /// The string of these UTF-8 bytes (which must stay valid while this table is used).
    mutating func string(_ run: UnsafeRawBufferPointer) -> String {
        let count = run.count
        guard count > 15, count <= 64, let base = run.baseAddress else { return String(decoding: run, as: UTF8.self) }
        // Length, first and last eight bytes: enough to spread code ids, terms and transcript ids.
        let first = base.loadUnaligned(as: UInt64.self), last = base.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        let hash = (first ^ (last &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(count)) &* 0xBF58_476D_1CE4_E5B9
        let slot = Int(truncatingIfNeeded: hash >> UInt64(64 - Self.slotBits))
        if let old = slots[slot].bytes, old.count == count, memcmp(old.baseAddress!, base, count) == 0 { return slots[slot].string }
        let string = String(decoding: run, as: UTF8.self)
        slots[slot] = Slot(bytes: run, string: string)
        return string
    }
}
