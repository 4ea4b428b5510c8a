import Foundation
import GRDB
import LeitbildCore
import Signals
import Themes

/// `analysis.sqlite`: the run as relational tables for SQL, R (RSQLite) and pandas; documented
/// with example queries in `docs/sqlite.md`.
///
/// Text columns are pseudonymised like the CSV files; `start_pos`/`end_pos` are Unicode-scalar
/// offsets into the original normalised transcript (REFI-QDA positions).
public struct SQLiteRenderer: ReportRenderer {
    public var fileName: String { "analysis.sqlite" }
    public init() {}

    /// Version of the table layout; `meta.schema_version`.
    /// 3: the keys of the per-row tables (turns, speakers, interview_variables, coding_terms,
    /// coding_signals) are unique indexes made after the rows are in, not primary keys.
    public static let schemaVersion = 3

    static let schema = """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE interviews (
            id TEXT PRIMARY KEY, file TEXT NOT NULL, format TEXT NOT NULL, encoding TEXT NOT NULL,
            group_name TEXT, municipality TEXT, date TEXT, turns INTEGER NOT NULL,
            respondent_units INTEGER NOT NULL, respondent_words INTEGER NOT NULL);
        CREATE TABLE interview_variables (
            interview_id TEXT NOT NULL REFERENCES interviews(id), position INTEGER NOT NULL,
            name TEXT NOT NULL, value TEXT NOT NULL);
        CREATE TABLE speakers (
            interview_id TEXT NOT NULL REFERENCES interviews(id), speaker_id TEXT NOT NULL, label TEXT NOT NULL,
            role TEXT NOT NULL, role_reason TEXT NOT NULL);
        CREATE TABLE turns (
            interview_id TEXT NOT NULL REFERENCES interviews(id), turn_index INTEGER NOT NULL, speaker_id TEXT NOT NULL,
            role TEXT NOT NULL, line INTEGER NOT NULL, start_time REAL, end_time REAL,
            start_pos INTEGER NOT NULL, end_pos INTEGER NOT NULL, text TEXT NOT NULL);
        CREATE TABLE codes (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, parent_id TEXT, kind TEXT NOT NULL, description TEXT NOT NULL,
            color TEXT, position INTEGER NOT NULL);
        CREATE TABLE code_terms (code_id TEXT NOT NULL REFERENCES codes(id), position INTEGER NOT NULL, term TEXT NOT NULL,
            PRIMARY KEY (code_id, position));
        CREATE TABLE segments (
            segment_id INTEGER PRIMARY KEY, interview_id TEXT NOT NULL REFERENCES interviews(id),
            segment_index INTEGER NOT NULL, turn_index INTEGER NOT NULL, speaker_id TEXT NOT NULL, role TEXT NOT NULL,
            line INTEGER NOT NULL, start_time REAL, start_pos INTEGER NOT NULL, end_pos INTEGER NOT NULL, text TEXT NOT NULL,
            is_interviewer_mention INTEGER NOT NULL);
        CREATE TABLE codings (
            coding_id INTEGER PRIMARY KEY, segment_id INTEGER NOT NULL REFERENCES segments(segment_id),
            code_id TEXT NOT NULL REFERENCES codes(id), negated INTEGER NOT NULL,
            negation_start_pos INTEGER, negation_end_pos INTEGER);
        CREATE TABLE coding_terms (
            coding_id INTEGER NOT NULL REFERENCES codings(coding_id), position INTEGER NOT NULL, term TEXT NOT NULL,
            rule TEXT NOT NULL, start_pos INTEGER NOT NULL, end_pos INTEGER NOT NULL, matched_text TEXT NOT NULL,
            part TEXT, part_start_pos INTEGER, part_end_pos INTEGER, via_code TEXT);
        CREATE TABLE signals (
            signal_id INTEGER PRIMARY KEY, segment_id INTEGER NOT NULL REFERENCES segments(segment_id), code_id TEXT,
            kind TEXT NOT NULL, lexicon_kind TEXT NOT NULL, cue TEXT NOT NULL, start_pos INTEGER NOT NULL, end_pos INTEGER NOT NULL,
            matched_text TEXT NOT NULL, weight REAL NOT NULL, negated INTEGER NOT NULL, hedged INTEGER NOT NULL,
            intensified INTEGER NOT NULL, carried INTEGER NOT NULL);
        CREATE TABLE coding_signals (
            segment_id INTEGER NOT NULL REFERENCES segments(segment_id), code_id TEXT NOT NULL REFERENCES codes(id),
            dismissed INTEGER NOT NULL, prompted_by_turn INTEGER, emphasis REAL NOT NULL, weakening REAL NOT NULL,
            problem REAL NOT NULL, need REAL NOT NULL, asset REAL NOT NULL, stance TEXT NOT NULL);
        CREATE TABLE explicit_rankings (
            interview_id TEXT NOT NULL REFERENCES interviews(id), turn_index INTEGER NOT NULL, line INTEGER NOT NULL,
            rank INTEGER NOT NULL, code_id TEXT NOT NULL, marker TEXT NOT NULL, start_pos INTEGER NOT NULL, end_pos INTEGER NOT NULL);
        CREATE TABLE aggregates (
            code_id TEXT PRIMARY KEY REFERENCES codes(id), kind TEXT NOT NULL, rank INTEGER NOT NULL, priority_index REAL NOT NULL,
            index_low REAL, index_high REAL, top3 REAL, top5 REAL, interviews INTEGER NOT NULL,
            interviews_total INTEGER NOT NULL, groups INTEGER NOT NULL, groups_total INTEGER NOT NULL,
            segments INTEGER NOT NULL, negated_segments INTEGER NOT NULL, prompted_segments INTEGER NOT NULL,
            mean_share REAL NOT NULL, spontaneous_interviews INTEGER NOT NULL, emphasis_interviews INTEGER NOT NULL,
            weakening_interviews INTEGER NOT NULL, problem_interviews INTEGER NOT NULL, ranked_interviews INTEGER NOT NULL,
            mean_explicit_rank REAL, need_segments INTEGER NOT NULL, asset_segments INTEGER NOT NULL);
        CREATE TABLE index_components (
            code_id TEXT NOT NULL REFERENCES codes(id), component TEXT NOT NULL, label TEXT NOT NULL, value REAL NOT NULL,
            weight REAL NOT NULL, points REAL NOT NULL, PRIMARY KEY (code_id, component));
        CREATE TABLE group_codes (
            group_name TEXT NOT NULL, code_id TEXT NOT NULL REFERENCES codes(id), interviews INTEGER NOT NULL,
            interviews_in_group INTEGER NOT NULL, breadth REAL NOT NULL, segments INTEGER NOT NULL, mean_share REAL NOT NULL,
            score REAL NOT NULL, PRIMARY KEY (group_name, code_id));
        CREATE TABLE municipality_codes (
            municipality TEXT NOT NULL, code_id TEXT NOT NULL REFERENCES codes(id), interviews INTEGER NOT NULL,
            interviews_in_municipality INTEGER NOT NULL, breadth REAL NOT NULL, segments INTEGER NOT NULL, mean_share REAL NOT NULL,
            score REAL NOT NULL, PRIMARY KEY (municipality, code_id));
        CREATE TABLE consensus (
            code_id TEXT PRIMARY KEY REFERENCES codes(id), level TEXT NOT NULL, mean_score REAL NOT NULL, dispersion REAL NOT NULL,
            apart_group TEXT, apart_difference REAL, apart_p_value REAL, stands_apart INTEGER NOT NULL);
        CREATE TABLE cooccurrence (
            level TEXT NOT NULL, code_a TEXT NOT NULL, code_b TEXT NOT NULL, joint INTEGER NOT NULL, count_a INTEGER NOT NULL,
            count_b INTEGER NOT NULL, units INTEGER NOT NULL, interviews INTEGER NOT NULL, expected REAL NOT NULL, lift REAL NOT NULL,
            g_squared REAL NOT NULL, p_value REAL NOT NULL, q_value REAL NOT NULL, PRIMARY KEY (level, code_a, code_b));
        CREATE TABLE emergent_terms (
            term TEXT PRIMARY KEY, count INTEGER NOT NULL, interviews INTEGER NOT NULL, groups INTEGER NOT NULL,
            per_million REAL NOT NULL, reference_zipf REAL, keyness REAL NOT NULL, example_interview TEXT, example_line INTEGER,
            example_text TEXT);
        CREATE VIEW coded_segments AS
            SELECT s.interview_id, i.group_name, i.municipality, s.line, s.start_pos, s.end_pos, c.code_id, k.name AS code_name,
                   k.kind, c.negated, s.text
            FROM codings c JOIN segments s USING (segment_id) JOIN interviews i ON i.id = s.interview_id
            JOIN codes k ON k.id = c.code_id WHERE s.is_interviewer_mention = 0;
        """

    public func render(_ input: ReportInput) throws -> RenderedFile {
        let path = NSTemporaryDirectory() + "leitbild-\(getpid())-\(UUID().uuidString).sqlite"
        defer { unlink(path) }
        try build(input, at: path)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReportingError.renderFailed(file: fileName, reason: "cannot read back \(path)")
        }
        return RenderedFile(name: fileName, contents: [UInt8](data))
    }

    /// Builds the database in the staged file itself (beside the final one in the output
    /// folder), so nothing is copied through memory or left in the system's temporary folder.
    public func stage(_ input: ReportInput, to temporary: String) throws {
        try build(input, at: temporary)
        let fd = open(temporary, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ReportingError.cannotWrite(path: temporary, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        if fsync(fd) != 0 { throw ReportingError.cannotWrite(path: temporary, reason: String(cString: strerror(errno))) }
    }

    private func build(_ input: ReportInput, at path: String) throws {
        for suffix in ["", "-journal", "-wal", "-shm"] { unlink(path + suffix) }
        defer { for suffix in ["-journal", "-wal", "-shm"] { unlink(path + suffix) } }
        do {
            var configuration = Configuration()
            configuration.journalMode = .default
            // A fresh file that nobody reads before it is complete, fsync'ed and renamed: no
            // journal, no syncs, and no foreign key checks on insert (the rows are consistent by
            // construction; a test runs `PRAGMA foreign_key_check`). 16 KiB pages: at 5,000
            // interviews a fifth less time than 4 KiB ones, for a few hundred KB more on a small project.
            configuration.foreignKeysEnabled = false
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA page_size = 16384; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -16384")
            }
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.write { db in try fill(db, input) }
            try queue.close()
        } catch {
            unlink(path)
            throw ReportingError.renderFailed(file: fileName, reason: "SQLite: \(error)")
        }
    }

    /// Created after the rows are in: one sort instead of an update per insert. The unique ones
    /// are the keys of the per-row tables (a primary key would be updated on every insert).
    static let indexes = """
        CREATE INDEX codings_by_code ON codings(code_id);
        CREATE INDEX segments_by_interview ON segments(interview_id);
        CREATE UNIQUE INDEX interview_variables_key ON interview_variables(interview_id, position);
        CREATE UNIQUE INDEX speakers_key ON speakers(interview_id, speaker_id);
        CREATE UNIQUE INDEX turns_key ON turns(interview_id, turn_index);
        CREATE UNIQUE INDEX coding_terms_key ON coding_terms(coding_id, position);
        CREATE UNIQUE INDEX coding_signals_key ON coding_signals(segment_id, code_id);
        """

    /// The shareable (pseudonymised) text of a range of a transcript, as a column value.
    private static func text(_ input: ReportInput, _ index: Int, _ range: TextRange) -> SQLValue {
        let redacted = input.redactedTexts[index]
        return .utf8(redacted.text, redacted.map(range.utf8))
    }

    private func fill(_ db: Database, _ input: ReportInput) throws {
        try db.execute(sql: Self.schema)
        let codeIDs = Set(input.codebook.codes.map(\.id))
        let meta = try db.makeStatement(sql: "INSERT INTO meta VALUES (?, ?)")
        for (key, value) in [("schema_version", String(Self.schemaVersion)), ("project", input.projectName),
                             ("generator", input.options.generator), ("pseudonymized", input.pseudonyms.isEnabled ? "1" : "0"),
                             ("codebook", input.codebook.name)] {
            try meta.execute(arguments: [key, value])
        }
        let code = try db.makeStatement(sql: "INSERT INTO codes VALUES (?, ?, ?, ?, ?, ?, ?)")
        let term = try db.makeStatement(sql: "INSERT INTO code_terms VALUES (?, ?, ?)")
        for (i, c) in input.codebook.codes.enumerated() {
            try code.execute(arguments: [c.id, c.name, c.parent, c.kind.rawValue, c.description, c.color, i])
            for (j, t) in c.terms.enumerated() { try term.execute(arguments: [c.id, j, t]) }
        }
        let interview = try BatchedInsert(db, table: "interviews", columns: 10)
        let variable = try BatchedInsert(db, table: "interview_variables", columns: 4)
        let speaker = try BatchedInsert(db, table: "speakers", columns: 5)
        let turn = try BatchedInsert(db, table: "turns", columns: 10)
        let segment = try BatchedInsert(db, table: "segments", columns: 12)
        let coding = try BatchedInsert(db, table: "codings", columns: 6)
        let codingTerm = try BatchedInsert(db, table: "coding_terms", columns: 11)
        var segmentID = 0, codingID = 0
        // Per transcript, by segment index: the row id of each respondent segment (0: none).
        var segmentIDs: [[Int]] = []
        segmentIDs.reserveCapacity(input.transcripts.count)
        for (index, coded) in input.transcripts.enumerated() {
            let t = coded.transcript
            let m = t.metadata
            try interview.insert(.text(t.id), .text(t.source.path), .text(t.source.format.rawValue), .text(t.source.encoding), .of(m.group),
                                 .of(m.municipality), .of(m.date), .int(t.turns.count), .int(coded.respondentUnitCount),
                                 .int(coded.respondentWordCount))
            for (position, v) in input.variables(transcript: index).enumerated() {
                try variable.insert(.text(t.id), .int(position), .text(v.name), .text(v.value))
            }
            for s in t.speakers {
                try speaker.insert(.text(t.id), .text(input.speakerID(s.id)), .text(input.pseudonyms.replace(s.label)), .text(s.role.rawValue),
                                   .text(input.pseudonyms.replace(s.roleReason)))
            }
            let indexCount = max(coded.segments.map { $0.segment.index + 1 }.max() ?? 0,
                                 coded.interviewerMentions.map { $0.segment.index + 1 }.max() ?? 0)
            var ids = [Int](repeating: 0, count: indexCount)
            for tr in t.turns {
                try turn.insert(.text(t.id), .int(tr.index), .text(input.speakerID(tr.speakerID)), .text(tr.role.rawValue), .int(tr.sourceLine),
                                .of(tr.startTime), .of(tr.endTime), .int(tr.span.start), .int(tr.span.end),
                                Self.text(input, index, tr.range))
            }
            for (list, isInterviewer) in [(coded.segments, false), (coded.interviewerMentions, true)] {
                for s in list {
                    segmentID += 1
                    let seg = s.segment
                    if !isInterviewer { ids[seg.index] = segmentID }
                    try segment.insert(.int(segmentID), .text(t.id), .int(seg.index), .int(seg.turnIndex), .text(input.speakerID(seg.speakerID)),
                                       .text(seg.role.rawValue), .int(seg.sourceLine), .of(seg.startTime), .int(seg.span.start), .int(seg.span.end),
                                       Self.text(input, index, seg.range), .of(isInterviewer))
                    for a in s.codes {
                        codingID += 1
                        try coding.insert(.int(codingID), .int(segmentID), .text(a.codeID), .of(a.negated),
                                          .of(a.negationCue?.scalars.start), .of(a.negationCue?.scalars.end))
                        for (position, match) in a.matches.enumerated() {
                            try codingTerm.insert(.int(codingID), .int(position), .text(match.term), .text(match.rule.rawValue),
                                                  .int(match.range.scalars.start), .int(match.range.scalars.end),
                                                  Self.text(input, index, match.range), .of(match.part),
                                                  .of(match.partRange?.scalars.start), .of(match.partRange?.scalars.end), .of(match.viaCode))
                        }
                    }
                }
            }
            segmentIDs.append(ids)
        }
        let a = input.analysis
        let aggregate = try db.makeStatement(sql: "INSERT INTO aggregates VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        let component = try db.makeStatement(sql: "INSERT INTO index_components VALUES (?, ?, ?, ?, ?, ?)")
        for c in a.codes where codeIDs.contains(c.codeID) {
            let values: [(any DatabaseValueConvertible)?] = [
                c.codeID, c.kind.rawValue, c.rank, c.priorityIndex, c.intervals?.priorityIndex.low, c.intervals?.priorityIndex.high,
                c.rankStability?.top3, c.rankStability?.top5, c.interviews, a.interviewCount, c.groups, a.groupCount, c.segments,
                c.negatedSegments, c.promptedSegments, c.meanShare, c.spontaneousInterviews, c.emphasisInterviews, c.weakeningInterviews,
                c.problemInterviews, c.rankedInterviews, c.meanExplicitRank, c.needSegments, c.assetSegments]
            try aggregate.execute(arguments: StatementArguments(values))
            for p in c.components { try component.execute(arguments: [c.codeID, p.id, p.label, p.value, p.weight, p.points]) }
        }
        for (table, cells) in [("group_codes", a.groupBreakdown), ("municipality_codes", a.municipalityBreakdown)] {
            let insert = try db.makeStatement(sql: "INSERT INTO \(table) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
            for cell in cells where codeIDs.contains(cell.codeID) {
                try insert.execute(arguments: [cell.value, cell.codeID, cell.interviews, cell.interviewsTotal, cell.breadth, cell.segments,
                                               cell.meanShare, cell.score])
            }
        }
        let signal = try BatchedInsert(db, table: "signals", columns: 14)
        let codingSignal = try BatchedInsert(db, table: "coding_signals", columns: 10)
        let ranking = try BatchedInsert(db, table: "explicit_rankings", columns: 8)
        var signalID = 0
        for interview in a.interviews {
            let index = input.transcriptIndex(id: interview.interviewID)
            for s in interview.segments {
                guard let index, s.segmentIndex >= 0, s.segmentIndex < segmentIDs[index].count, segmentIDs[index][s.segmentIndex] > 0 else { continue }
                let segmentID = segmentIDs[index][s.segmentIndex]
                for c in s.codes where codeIDs.contains(c.codeID) {
                    try codingSignal.insert(.int(segmentID), .text(c.codeID), .of(c.dismissed), .of(c.promptedBy), .double(c.emphasis),
                                            .double(c.weakening), .double(c.problem), .double(c.need), .double(c.asset), .text(c.stance.rawValue))
                }
                for cue in s.cues {
                    let text = Self.text(input, index, cue.range)
                    for code in cue.codes.isEmpty ? [nil] : cue.codes.map(Optional.some) {
                        signalID += 1
                        try signal.insert(.int(signalID), .int(segmentID), .of(code), .text(cue.kind.rawValue), .text(cue.lexiconKind.rawValue),
                                          .text(cue.cue), .int(cue.range.scalars.start), .int(cue.range.scalars.end), text, .double(cue.weight),
                                          .of(cue.negation != nil), .of(cue.hedge != nil), .of(cue.intensifier != nil), .of(cue.carried))
                    }
                }
            }
            for r in interview.rankings {
                for e in r.entries {
                    try ranking.insert(.text(interview.interviewID), .int(r.turnIndex), .int(r.sourceLine), .int(e.rank), .text(e.codeID),
                                       .text(e.marker), .int(e.markerRange.scalars.start), .int(e.markerRange.scalars.end))
                }
            }
        }
        let consensus = try db.makeStatement(sql: "INSERT INTO consensus VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        for c in a.consensus {
            try consensus.execute(arguments: [c.codeID, c.level.rawValue, c.meanScore, c.dispersion, c.apartGroup, c.apartDifference,
                                              c.apartPValue, c.standsApart ? 1 : 0])
        }
        let pair = try db.makeStatement(sql: "INSERT INTO cooccurrence VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        for p in a.cooccurrence {
            try pair.execute(arguments: [p.level.rawValue, p.codeA, p.codeB, p.joint, p.countA, p.countB, p.units, p.interviews,
                                         p.expected, p.lift, p.gSquared, p.pValue, p.qValue])
        }
        let emergent = try db.makeStatement(sql: "INSERT INTO emergent_terms VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        for t in JSONRenderer.shareable(a, input).emergentTerms {
            let e = t.examples.first
            try emergent.execute(arguments: [t.term, t.count, t.interviews, t.groups, t.perMillion, t.referenceZipf, t.keyness,
                                         e?.interviewID, e?.line, e?.text])
        }
        for insert in [interview, variable, speaker, turn, segment, coding, codingTerm, signal, codingSignal, ranking] { try insert.flush() }
        try db.execute(sql: Self.indexes)
    }
}
