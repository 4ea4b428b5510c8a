import Foundation
import GRDB
import LeitbildCore
import Reporting
import Testing

@Suite("analysis.sqlite")
struct SQLiteTests {
    /// `input`'s analysis.sqlite, written to a temporary file, given to `body` (outside a
    /// transaction, so that a test may try an insert), and removed afterwards.
    static func withDatabase(_ input: ReportInput = ReportFixture.input(), _ body: (Database) throws -> Void) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("leitbild-test-\(UUID().uuidString).sqlite").path
        let file = try SQLiteRenderer().render(input)
        #expect(FileManager.default.createFile(atPath: path, contents: Data(file.contents)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        try DatabaseQueue(path: path).inDatabase(body)
    }

    @Test("every reference resolves and the indexes exist (rows are inserted without foreign key checks)")
    func integrity() throws {
        try Self.withDatabase { db in
            #expect(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").isEmpty)
            #expect(try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok")
            let indexes = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
            #expect(indexes == ["coding_signals_key", "coding_terms_key", "codings_by_code", "interview_variables_key", "segments_by_interview",
                                "speakers_key", "turns_key"])
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM codings") ?? 0 > 0)
        }
    }

    /// Schema 3 keys these tables by unique indexes (made with the tables) instead of
    /// primary keys: the same columns must stay unique, and a second row with a key is refused.
    @Test("the per-row tables keep their keys as unique indexes", arguments: [
        ("turns", ["interview_id", "turn_index"]), ("speakers", ["interview_id", "speaker_id"]),
        ("interview_variables", ["interview_id", "position"]), ("coding_terms", ["coding_id", "position"]),
        ("coding_signals", ["segment_id", "code_id"]),
    ])
    func keys(_ c: (table: String, columns: [String])) throws {
        try Self.withDatabase { db in
            let index = try #require(try Row.fetchAll(db, sql: "PRAGMA index_list(\(c.table))").first { $0["unique"] as Int == 1 })
            let name: String = index["name"]
            #expect(try String.fetchAll(db, sql: "SELECT name FROM pragma_index_info(?) ORDER BY seqno", arguments: [name]) == c.columns)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM \(c.table)") ?? 0 > 0, "the fixture must fill \(c.table)")
            #expect(throws: DatabaseError.self) { try db.execute(sql: "INSERT INTO \(c.table) SELECT * FROM \(c.table) LIMIT 1") }
        }
    }

    @Test("tables hold what the coded transcripts hold")
    func counts() throws {
        let input = ReportFixture.input()
        try Self.withDatabase(input) { db in
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM interviews") == input.transcripts.count)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM turns") == input.transcripts.reduce(0) { $0 + $1.transcript.turns.count })
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM segments WHERE is_interviewer_mention = 0")
                == input.transcripts.reduce(0) { $0 + $1.segments.count })
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM codings") == input.transcripts.reduce(0) {
                $0 + ($1.segments + $1.interviewerMentions).reduce(0) { $0 + $1.codes.count } })
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM codes") == input.codebook.codes.count)
            // Aggregate counts equal the sum of segment counts.
            let rows = try Row.fetchAll(db, sql: """
                SELECT a.code_id, a.segments, (SELECT count(*) FROM coded_segments s WHERE s.code_id = a.code_id AND s.negated = 0) AS counted
                FROM aggregates a
                """)
            #expect(!rows.isEmpty)
            for row in rows { #expect(row["segments"] as Int == row["counted"] as Int, "\(row)") }
            // Matched terms point at their text.
            // (The fixture's terms are whole words; an exact form is the word with "=" in front.)
            let terms = try Row.fetchAll(db, sql: "SELECT term, rule, matched_text FROM coding_terms")
            #expect(!terms.isEmpty)
            for t in terms {
                let matched = t["matched_text"] as String
                #expect(t["term"] as String == (t["rule"] as String == "exactForm" ? "=" + matched : matched))
            }
            #expect(try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'schema_version'") == String(SQLiteRenderer.schemaVersion))
            // The index is the sum of its components' points.
            for row in try Row.fetchAll(db, sql: """
                SELECT a.code_id, a.priority_index, (SELECT sum(points) FROM index_components i WHERE i.code_id = a.code_id) AS total
                FROM aggregates a
                """) {
                #expect(abs((row["priority_index"] as Double) - (row["total"] as Double)) < 1e-6, "\(row)")
            }
            // Every coded respondent segment has the signals stage's view of each of its codes.
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM coding_signals")
                == input.transcripts.reduce(0) { $0 + $1.segments.reduce(0) { $0 + $1.codes.count } })
        }
    }

    @Test("text columns are pseudonymised, positions refer to the original text")
    func pseudonymised() throws {
        let input = ReportFixture.input()
        try Self.withDatabase(input) { db in
            let texts = try String.fetchAll(db, sql: "SELECT text FROM turns UNION ALL SELECT value FROM interview_variables")
            #expect(!texts.contains { $0.contains("Hertel") || $0.contains("Zapf") || $0.contains("Ströbel") })
            let row = try #require(try Row.fetchOne(db, sql: "SELECT interview_id, start_pos, end_pos FROM segments ORDER BY segment_id LIMIT 1"))
            let transcript = try #require(input.transcripts.first { $0.transcript.id == row["interview_id"] as String })
            let first = try #require(transcript.segments.first)
            #expect(row["start_pos"] as Int == first.segment.span.start)
            #expect(row["end_pos"] as Int == first.segment.span.end)
        }
    }

    /// Turn, segment, matched and cue texts are bound straight from the pseudonymised text's bytes
    /// (`SQLValue.utf8`): the turn, segment and matched texts must each be the shareable text of
    /// their range, as the other reports show it (cue texts take the same path, unchecked here).
    @Test("text columns hold the shareable text of their ranges, byte for byte")
    func rangeTexts() throws {
        let input = ReportFixture.input()
        try Self.withDatabase(input) { db in
            var checked = 0
            for (index, coded) in input.transcripts.enumerated() {
                let id = coded.transcript.id
                let turns = try String.fetchAll(db, sql: "SELECT text FROM turns WHERE interview_id = ? ORDER BY turn_index", arguments: [id])
                #expect(turns == coded.transcript.turns.map { input.text(transcript: index, range: $0.range) })
                let segments = try String.fetchAll(db, sql: "SELECT text FROM segments WHERE interview_id = ? AND is_interviewer_mention = 0 ORDER BY segment_id",
                                                   arguments: [id])
                #expect(segments == coded.segments.map { input.text(transcript: index, range: $0.segment.range) })
                let matched = try String.fetchAll(db, sql: """
                    SELECT t.matched_text FROM coding_terms t JOIN codings c USING (coding_id) JOIN segments s USING (segment_id)
                    WHERE s.interview_id = ? AND s.is_interviewer_mention = 0 ORDER BY c.coding_id, t.position
                    """, arguments: [id])
                #expect(matched == coded.segments.flatMap { $0.codes.flatMap { $0.matches.map { input.text(transcript: index, range: $0.range) } } })
                checked += turns.count + segments.count + matched.count
            }
            #expect(checked > 30, "the fixture must fill the text columns")
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM turns WHERE text LIKE '%Person %'") ?? 0 > 0, "a pseudonymised turn")
        }
    }

    @Test("the example queries of docs/sqlite.md run")
    func documentedQueries() throws {
        let doc = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/sqlite.md").standardized
        let text = try String(contentsOf: doc, encoding: .utf8)
        let queries = text.components(separatedBy: "```sql\n").dropFirst().compactMap { $0.components(separatedBy: "```").first }
        #expect(queries.count >= 4)
        try Self.withDatabase { db in
            for q in queries { _ = try Row.fetchAll(db, sql: q) }
        }
    }
}
