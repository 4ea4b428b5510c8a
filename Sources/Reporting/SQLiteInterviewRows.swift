import GRDB
import LeitbildCore
import Signals

/// The tables of analysis.sqlite that hold rows of one interview each, in the order an
/// interview's rows go in. `columns` is the number of values per row.
enum InterviewTable: Int, CaseIterable {
    case interviews, interviewVariables, speakers, turns, segments, codings, codingTerms, codingSignals, signals, explicitRankings

    var name: String {
        switch self {
        case .interviews: "interviews"
        case .interviewVariables: "interview_variables"
        case .speakers: "speakers"
        case .turns: "turns"
        case .segments: "segments"
        case .codings: "codings"
        case .codingTerms: "coding_terms"
        case .codingSignals: "coding_signals"
        case .signals: "signals"
        case .explicitRankings: "explicit_rankings"
        }
    }

    var columns: Int {
        switch self {
        case .interviews, .turns: 10
        case .interviewVariables: 4
        case .speakers: 5
        case .segments: 12
        case .codings: 6
        case .codingTerms: 11
        case .codingSignals: 11
        case .signals: 14
        case .explicitRankings: 8
        }
    }
}

/// Where one interview's rows go: into the database (`InterviewRowInserts`) or into the digest
/// of their chunk (`RowHasher`). Each interview starts with its shareable text, which the rows'
/// text columns are ranges of.
protocol InterviewRowSink {
    mutating func interview(text: String)
    mutating func row(_ table: InterviewTable, _ values: [SQLValue]) throws
}

/// The row ids that are numbered across interviews: the last one used of each.
struct RowIDs: Equatable, Sendable, Codable {
    var segment = 0, coding = 0, signal = 0
}

/// The rows of each interview in analysis.sqlite: its transcript (interview, variables,
/// speakers, turns, segments, codings, matched terms) and its signals (coding signals, cues,
/// explicit rankings). An interview's rows depend on nothing but that interview, the codebook's
/// code ids and the row ids numbered before it, so the rows of the first interviews can be
/// kept from one run to the next (`SQLiteSnapshot`).
struct InterviewRows: Sendable {
    let input: ReportInput
    private let codeIDs: Set<String>
    /// Per transcript: its position in `input.analysis.interviews`, if it has one.
    private let analysisIndex: [Int?]

    init(_ input: ReportInput) {
        self.input = input
        codeIDs = Set(input.codebook.codes.map(\.id))
        var index = [Int?](repeating: nil, count: input.transcripts.count)
        for (i, interview) in input.analysis.interviews.enumerated() {
            if let t = input.transcriptIndex(id: interview.interviewID), index[t] == nil { index[t] = i }
        }
        analysisIndex = index
    }

    var count: Int { input.transcripts.count }

    /// What the rows of the interviews `range` are made of: each one's `ReportInput.interviewKeys` (its
    /// cached coding's identity, id, file, group, municipality, pseudonymised text and speakers)
    /// with what only these rows show (format, encoding, date, the shareable variables, each
    /// speaker's shareable label and role reason); nil when an interview has no identity (no
    /// run cache). Rows made of the same are the same rows, given the same row ids before them.
    func inputDigest(_ range: Range<Int>) -> String? {
        guard input.reportBlocks != nil else { return nil }
        let hasher = Hasher256()
        hasher.field("analysis.sqlite interview rows 1")
        for index in range {
            let t = input.transcripts[index].transcript
            guard let key = input.interviewKeys[index] else { return nil }
            var parts = [t.source.format.rawValue, t.source.encoding, t.metadata.date ?? "\u{0}", analysisIndex[index] == nil ? "no analysis" : "analysis"]
            for v in input.variables(transcript: index) { parts += [v.name, v.value] }
            for s in t.speakers { parts += [s.id, input.pseudonyms.replaceLabel(s.label), input.pseudonyms.replace(s.roleReason)] }
            // The turns' and interviewer mentions' speakers, should one not be among the transcript's.
            let listed = Set(t.speakers.map(\.id))
            let others = Set(t.turns.map(\.speakerID) + input.transcripts[index].interviewerMentions.map(\.segment.speakerID)).subtracting(listed)
            for id in others.sorted() { parts += [id, input.speakerID(id)] }
            hasher.field(key)
            hasher.field(parts.count)
            for part in parts { hasher.field(part) }
        }
        return hasher.finish().hex
    }

    /// Emits transcript `index`'s shareable text and rows into `sink`, numbering its segments,
    /// codings and signals after `ids`; returns the last ids used.
    func emit<Sink: InterviewRowSink>(_ index: Int, after ids: RowIDs, into sink: inout Sink) throws -> RowIDs {
        var ids = ids
        let redacted = input.redactedTexts[index]
        // The shareable (pseudonymised) text of a range of the transcript, as a column value.
        func text(_ range: TextRange) -> SQLValue { .utf8(redacted.text, redacted.map(range.utf8)) }
        sink.interview(text: redacted.text)
        let coded = input.transcripts[index]
        let t = coded.transcript
        let m = t.metadata
        try sink.row(.interviews, [.text(t.id), .text(t.source.path), .text(t.source.format.rawValue), .text(t.source.encoding), .of(m.group),
                                   .of(m.municipality), .of(m.date), .int(t.turns.count), .int(coded.respondentUnitCount),
                                   .int(coded.respondentWordCount)])
        for (position, v) in input.variables(transcript: index).enumerated() {
            try sink.row(.interviewVariables, [.text(t.id), .int(position), .text(v.name), .text(v.value)])
        }
        for s in t.speakers {
            try sink.row(.speakers, [.text(t.id), .text(input.speakerID(s.id)), .text(input.pseudonyms.replaceLabel(s.label)), .text(s.role.rawValue),
                                     .text(input.pseudonyms.replace(s.roleReason))])
        }
        for tr in t.turns {
            try sink.row(.turns, [.text(t.id), .int(tr.index), .text(input.speakerID(tr.speakerID)), .text(tr.role.rawValue), .int(tr.sourceLine),
                                  .of(tr.startTime), .of(tr.endTime), .int(tr.span.start), .int(tr.span.end), text(tr.range)])
        }
        // By segment index: the row id of each respondent segment (0: none).
        let indexCount = max(coded.segments.map { $0.segment.index + 1 }.max() ?? 0,
                             coded.interviewerMentions.map { $0.segment.index + 1 }.max() ?? 0)
        var segmentIDs = [Int](repeating: 0, count: indexCount)
        for (list, isInterviewer) in [(coded.segments, false), (coded.interviewerMentions, true)] {
            for s in list {
                ids.segment += 1
                let seg = s.segment
                if !isInterviewer { segmentIDs[seg.index] = ids.segment }
                try sink.row(.segments, [.int(ids.segment), .text(t.id), .int(seg.index), .int(seg.turnIndex), .text(input.speakerID(seg.speakerID)),
                                         .text(seg.role.rawValue), .int(seg.sourceLine), .of(seg.startTime), .int(seg.span.start), .int(seg.span.end),
                                         text(seg.range), .of(isInterviewer)])
                for a in s.codes {
                    ids.coding += 1
                    try sink.row(.codings, [.int(ids.coding), .int(ids.segment), .text(a.codeID), .of(a.negated),
                                            .of(a.negationCue?.scalars.start), .of(a.negationCue?.scalars.end)])
                    for (position, match) in a.matches.enumerated() {
                        try sink.row(.codingTerms, [.int(ids.coding), .int(position), .text(match.term), .text(match.rule.rawValue),
                                                    .int(match.range.scalars.start), .int(match.range.scalars.end), text(match.range),
                                                    .of(match.part), .of(match.partRange?.scalars.start), .of(match.partRange?.scalars.end),
                                                    .of(match.viaCode)])
                    }
                }
            }
        }
        guard let a = analysisIndex[index] else { return ids }
        let interview = input.analysis.interviews[a]
        for s in interview.segments {
            guard s.segmentIndex >= 0, s.segmentIndex < segmentIDs.count, segmentIDs[s.segmentIndex] > 0 else { continue }
            let segmentID = segmentIDs[s.segmentIndex]
            for c in s.codes where codeIDs.contains(c.codeID) {
                try sink.row(.codingSignals, [.int(segmentID), .text(c.codeID), .of(c.dismissed), .of(c.promptedBy), .double(c.emphasis),
                                              .double(c.weakening), .double(c.problem), .double(c.need), .double(c.asset), .text(c.stance.rawValue),
                                              .of(s.introduction)])
            }
            for cue in s.cues {
                let cueText = text(cue.range)
                for code in cue.codes.isEmpty ? [nil] : cue.codes.map(Optional.some) {
                    ids.signal += 1
                    try sink.row(.signals, [.int(ids.signal), .int(segmentID), .of(code), .text(cue.kind.rawValue), .text(cue.lexiconKind.rawValue),
                                            .text(cue.cue), .int(cue.range.scalars.start), .int(cue.range.scalars.end), cueText, .double(cue.weight),
                                            .of(cue.negation != nil), .of(cue.hedge != nil), .of(cue.intensifier != nil), .of(cue.carried)])
                }
            }
        }
        for r in interview.rankings {
            for e in r.entries {
                try sink.row(.explicitRankings, [.text(interview.interviewID), .int(r.turnIndex), .int(r.sourceLine), .int(e.rank), .text(e.codeID),
                                                 .text(e.marker), .int(e.markerRange.scalars.start), .int(e.markerRange.scalars.end)])
            }
        }
        return ids
    }
}

/// Inserts an interview's rows, batched per table; with a hasher, also adds them to the digest
/// of their chunk. `flush()` at the end of each chunk puts every waiting row in, so the file's
/// pages after a chunk do not depend on what comes next.
struct InterviewRowInserts: InterviewRowSink {
    private let inserts: [BatchedInsert]
    var hasher: RowHasher?

    init(_ db: Database, hashing: Bool) throws {
        inserts = try InterviewTable.allCases.map { try BatchedInsert(db, table: $0.name, columns: $0.columns) }
        hasher = hashing ? RowHasher() : nil
    }

    mutating func interview(text: String) { hasher?.interview(text: text) }

    mutating func row(_ table: InterviewTable, _ values: [SQLValue]) throws {
        try inserts[table.rawValue].insert(values)
        hasher?.row(table, values)
    }

    func flush() throws { for insert in inserts { try insert.flush() } }
}

/// The SHA-256 of a chunk's rows: each interview's shareable text, then each row's table and
/// values, each value tagged with its kind, texts with their length, a range of the shareable
/// text as its bounds. Values are written into a buffer of 1 MiB that is handed to `Hasher256`
/// whenever it fills (a text that does not fit goes to it directly).
struct RowHasher: InterviewRowSink {
    private final class State {
        static let capacity = 1 << 20
        let hasher = Hasher256()
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
        var count = 0

        deinit { buffer.deallocate() }

        func update() {
            hasher.update(UnsafeRawBufferPointer(start: buffer, count: count))
            count = 0
        }

        /// Makes room for `bytes` more bytes; false when they would not fit even in an empty buffer.
        @inline(__always) func reserve(_ bytes: Int) -> Bool {
            if count + bytes > Self.capacity { update() }
            return bytes <= Self.capacity
        }

        @inline(__always) func byte(_ value: UInt8) {
            _ = reserve(1)
            buffer.storeBytes(of: value, toByteOffset: count, as: UInt8.self)
            count += 1
        }

        @inline(__always) func word(_ value: Int) {
            _ = reserve(8)
            buffer.storeBytes(of: Int64(value).littleEndian, toByteOffset: count, as: Int64.self)
            count += 8
        }

        func bytes(_ source: UnsafeBufferPointer<UInt8>) {
            guard let base = source.baseAddress, !source.isEmpty else { return }
            if reserve(source.count) {
                (buffer + count).copyMemory(from: base, byteCount: source.count)
                count += source.count
            } else {
                hasher.update(UnsafeRawBufferPointer(source))
            }
        }
    }

    private var state = State()

    mutating func text(_ value: String) {
        state.word(value.utf8.count)
        var value = value
        value.withUTF8 { state.bytes($0) }
    }

    mutating func interview(text: String) { self.text(text) }

    mutating func row(_ table: InterviewTable, _ values: [SQLValue]) {
        state.byte(UInt8(table.rawValue))
        for value in values {
            switch value {
            case .int(let v): state.byte(1); state.word(v)
            case .double(let v): state.byte(2); state.word(Int(truncatingIfNeeded: v.bitPattern))
            case .text(let v): state.byte(3); text(v)
            case .utf8(_, let range): state.byte(4); state.word(range.lowerBound); state.word(range.upperBound)
            case .null: state.byte(5)
            }
        }
    }

    /// The digest (lower-case hex) of everything added since the last `finish()`.
    mutating func finish() -> String {
        state.update()
        let digest = state.hasher.finish()
        state = State()
        return digest.hex
    }
}
