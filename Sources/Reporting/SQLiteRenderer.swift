import Foundation
import GRDB
import GRDBSQLite
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
    /// Interviews per chunk: the waiting rows are inserted at the end of every chunk, and the
    /// snapshot holds whole chunks (see `build`).
    let chunk: Int

    public init() { self.init(chunk: 64) }

    init(chunk: Int) {
        precondition(chunk > 0)
        self.chunk = chunk
    }

    /// Version of the table layout; `meta.schema_version`.
    /// 3: the keys of the per-row tables (turns, speakers, interview_variables, coding_terms,
    /// coding_signals) are unique indexes, not primary keys. Since 2026-11-27 the indexes are made
    /// with the tables (`indexes`), so that the snapshot holds them too (same version: the same
    /// tables, columns, keys and indexes).
    /// 4: `coding_signals.introduction` (a segment that answers a request for a self-introduction).
    public static let schemaVersion = 4

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
            problem REAL NOT NULL, need REAL NOT NULL, asset REAL NOT NULL, stance TEXT NOT NULL, introduction INTEGER NOT NULL);
        CREATE TABLE explicit_rankings (
            interview_id TEXT NOT NULL REFERENCES interviews(id), turn_index INTEGER NOT NULL, line INTEGER NOT NULL,
            rank INTEGER NOT NULL, code_id TEXT NOT NULL, marker TEXT NOT NULL, start_pos INTEGER NOT NULL, end_pos INTEGER NOT NULL);
        CREATE TABLE aggregates (
            code_id TEXT PRIMARY KEY REFERENCES codes(id), kind TEXT NOT NULL, rank INTEGER NOT NULL, priority_index REAL NOT NULL,
            index_low REAL, index_high REAL, top3 REAL, top5 REAL, rank_low INTEGER, rank_high INTEGER, interviews INTEGER NOT NULL,
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
            apart_group TEXT, apart_difference REAL, apart_p_value REAL, apart_q_value REAL, stands_apart INTEGER NOT NULL);
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
    }

    /// Page size of the file: at 5,000 interviews 16 KiB pages took a fifth less time than 4 KiB
    /// ones, for a few hundred KB more on a small project.
    static let pageSize = 16384

    /// What the snapshot's pages depend on besides the rows: the tables, the SQLite library, the
    /// page size, the chunk and the tool (which decides the order rows go in).
    func snapshotLayout(_ input: ReportInput) -> String {
        let tables = Digest.of(Self.schema + Self.indexes).hex.prefix(16)
        return "schema \(Self.schemaVersion) \(tables), SQLite \(String(cString: sqlite3_libversion())), pages \(Self.pageSize), "
            + "chunks of \(chunk), \(input.options.generator)"
    }

    /// Builds the file in two transactions, the tables and their indexes made first:
    /// 1. the rows of the interviews in whole chunks (`InterviewRows`), the waiting rows inserted
    ///    at each chunk's end, so the pages after a chunk do not depend on what comes next;
    /// 2. the rows of the interviews after the last whole chunk, the corpus tables.
    ///
    /// The indexes grow with the rows rather than being made at the end: a run that starts from
    /// the snapshot then adds a few interviews' entries to them instead of building them from all
    /// rows (0.5 CPU-s at 5,000 interviews), and every run inserts in the same order, so the pages
    /// are the same however much came from the snapshot. Timed alternately, a full run took
    /// +1 % (within the machine's drift; docs/batch.md, "analysis.sqlite's snapshot", and
    /// docs/batch-rounds.md, "Round 8533d0d → d964e44").
    ///
    /// With a snapshot directory, the first transaction starts from the snapshot when its
    /// interviews are still the first ones, and its result is kept as the next snapshot. The
    /// header fields that count transactions are stamped, so the bytes are the same either way.
    /// Returns how many interviews' rows came from the snapshot.
    @discardableResult
    func build(_ input: ReportInput, at path: String) throws -> Int {
        for suffix in ["", "-journal", "-wal", "-shm"] { unlink(path + suffix) }
        defer { for suffix in ["-journal", "-wal", "-shm"] { unlink(path + suffix) } }
        let rows = InterviewRows(input)
        let wholeChunks = rows.count / chunk * chunk
        let snapshot = input.sqliteSnapshotDirectory.map(SQLiteSnapshot.init(directory:))
        let layout = snapshotLayout(input)
        do {
            var chunkDigests: [String] = []
            var resumed = 0
            var resumedByInputs = false
            var ids = RowIDs()
            // What each whole chunk's rows are made of (nil without identities: no run cache).
            let inputs: [String]? = snapshot == nil ? nil : {
                let digests = (0..<(wholeChunks / chunk)).map { rows.inputDigest($0 * chunk..<($0 + 1) * chunk) }
                return digests.contains(nil) ? nil : digests.compactMap(\.self)
            }()
            if let snapshot, let record = snapshot.record(layout: layout, chunks: wholeChunks / chunk) {
                if let recorded = record.inputs, let after = record.ids, let inputs, inputs.starts(with: recorded) {
                    // Every chunk of the snapshot is made of the same as then: its rows are the same.
                    if snapshot.take(record, to: path) {
                        resumed = recorded.count * chunk
                        resumedByInputs = true
                        ids = after
                        chunkDigests = record.chunks
                    }
                } else {
                    // The chunks' rows hashed as the run before inserted them, up to the first that differs.
                    var hasher = RowHasher()
                    var hashedIDs = RowIDs()
                    for expected in record.chunks {
                        let start = chunkDigests.count * chunk
                        for index in start..<start + chunk { hashedIDs = try rows.emit(index, after: hashedIDs, into: &hasher) }
                        guard hasher.finish() == expected else { break }
                        chunkDigests.append(expected)
                    }
                    if chunkDigests.count == record.chunks.count, snapshot.take(record, to: path) {
                        resumed = chunkDigests.count * chunk
                        ids = hashedIDs
                    } else {
                        chunkDigests = []
                    }
                }
            }
            var configuration = Configuration()
            configuration.journalMode = .default
            // A fresh file that nobody reads before it is complete, flushed (by `ReportWriter`)
            // and renamed: no journal, no syncs, and no foreign key checks on insert (the rows are
            // consistent by construction; a test runs `PRAGMA foreign_key_check`).
            configuration.foreignKeysEnabled = false
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA page_size = \(Self.pageSize); PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -16384")
            }
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.write { db in
                if resumed == 0 { try db.execute(sql: Self.schema + Self.indexes) }
                let inserted = try insertRows(db, rows, resumed..<wholeChunks, after: ids, hashing: snapshot != nil)
                ids = inserted.ids
                chunkDigests += inserted.chunkDigests
            }
            let kept = snapshot?.save(from: path, layout: layout, chunks: chunkDigests, inputs: inputs, ids: ids) ?? false
            try queue.write { db in
                _ = try insertRows(db, rows, wholeChunks..<rows.count, after: ids, hashing: false)
                try fillCorpus(db, input)
            }
            try queue.close()
            try Self.stampHeader(path)
            if let snapshot {
                let start = resumed > 0
                    ? "the rows of \(resumed) of \(rows.count) interviews from the snapshot in \(snapshot.directory) (\(resumedByInputs ? "same inputs" : "same rows"))"
                    : "built from scratch (no snapshot of the same first interviews)"
                let next = kept ? "a snapshot of the first \(wholeChunks) kept for the next run"
                    : wholeChunks == 0 ? "no snapshot kept (fewer than \(chunk) interviews)" : "no snapshot kept (it could not be written)"
                input.renderNotes?.add(file: fileName, start + "; " + next)
            }
            return resumed
        } catch let error as ReportingError {
            unlink(path)
            throw error
        } catch let error as DatabaseError where error.resultCode == .SQLITE_FULL {
            unlink(path)
            throw ReportingError.noSpace(path: path)
        } catch {
            unlink(path)
            throw ReportingError.renderFailed(file: fileName, reason: "SQLite: \(error)")
        }
    }

    /// Inserts the rows of the interviews `range`, their ids after `ids`; the waiting rows at each
    /// chunk's end and at the range's end. Returns the last ids used and, when `hashing`, the
    /// digest of each chunk (`RowHasher`).
    private func insertRows(_ db: Database, _ rows: InterviewRows, _ range: Range<Int>, after ids: RowIDs,
                            hashing: Bool) throws -> (ids: RowIDs, chunkDigests: [String]) {
        var sink = try InterviewRowInserts(db, hashing: hashing)
        var ids = ids
        var chunkDigests: [String] = []
        for index in range {
            ids = try rows.emit(index, after: ids, into: &sink)
            if (index + 1) % chunk == 0 {
                try sink.flush()
                if let digest = sink.hasher?.finish() { chunkDigests.append(digest) }
            }
        }
        try sink.flush()
        return (ids, chunkDigests)
    }

    /// Sets the change counter (offset 24) and version-valid-for (offset 92) to 1. They count
    /// the transactions that wrote the file, which differ between a file built at once and one
    /// resumed from a snapshot; nothing else in the file does. Both equal, so SQLite trusts the
    /// page count in the header.
    static func stampHeader(_ path: String) throws {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ReportingError.writing(path, errno: errno) }
        defer { close(fd) }
        let one: [UInt8] = [0, 0, 0, 1]
        for offset in [24, 92] {
            let written = one.withUnsafeBytes { pwrite(fd, $0.baseAddress, 4, off_t(offset)) }
            if written != 4 { throw ReportingError.writing(path, errno: errno) }
        }
    }

    /// Made with the tables, so that the snapshot holds them (see `build`). The unique ones are
    /// the keys of the per-row tables.
    static let indexes = """
        CREATE INDEX codings_by_code ON codings(code_id);
        CREATE INDEX segments_by_interview ON segments(interview_id);
        CREATE UNIQUE INDEX interview_variables_key ON interview_variables(interview_id, position);
        CREATE UNIQUE INDEX speakers_key ON speakers(interview_id, speaker_id);
        CREATE UNIQUE INDEX turns_key ON turns(interview_id, turn_index);
        CREATE UNIQUE INDEX coding_terms_key ON coding_terms(coding_id, position);
        CREATE UNIQUE INDEX coding_signals_key ON coding_signals(segment_id, code_id);
        """

    /// The tables about the whole corpus: meta, the codebook, the aggregates and breakdowns.
    private func fillCorpus(_ db: Database, _ input: ReportInput) throws {
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
        let a = input.analysis
        let aggregate = try db.makeStatement(sql: "INSERT INTO aggregates VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        let component = try db.makeStatement(sql: "INSERT INTO index_components VALUES (?, ?, ?, ?, ?, ?)")
        for c in a.codes where codeIDs.contains(c.codeID) {
            let values: [(any DatabaseValueConvertible)?] = [
                c.codeID, c.kind.rawValue, c.rank, c.priorityIndex, c.intervals?.priorityIndex.low, c.intervals?.priorityIndex.high,
                c.rankStability?.top3, c.rankStability?.top5, c.rankStability.map { Int($0.rankInterval.low) },
                c.rankStability.map { Int($0.rankInterval.high) }, c.interviews, a.interviewCount, c.groups, a.groupCount, c.segments,
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
        let consensus = try db.makeStatement(sql: "INSERT INTO consensus VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        for c in a.consensus {
            try consensus.execute(arguments: [c.codeID, c.level.rawValue, c.meanScore, c.dispersion, c.apartGroup, c.apartDifference,
                                              c.apartPValue, c.apartQValue, c.standsApart ? 1 : 0])
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
    }
}
