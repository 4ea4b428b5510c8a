import GRDB
import GRDBSQLite
import LeitbildCore

/// A value of one column, bound straight into SQLite.
enum SQLValue {
    case int(Int)
    case double(Double)
    case text(String)
    /// The UTF-8 bytes `range` of a text, bound without making a String of them (the turn,
    /// segment and matched texts: a slice of the pseudonymised transcript per row).
    case utf8(String, Range<Int>)
    case null

    static func of(_ value: Int?) -> SQLValue { value.map(SQLValue.int) ?? .null }
    static func of(_ value: Double?) -> SQLValue { value.map(SQLValue.double) ?? .null }
    static func of(_ value: String?) -> SQLValue { value.map(SQLValue.text) ?? .null }
    static func of(_ value: Bool) -> SQLValue { .int(value ? 1 : 0) }
}

/// An `INSERT` prepared by GRDB whose rows are bound with SQLite's own functions: for the bulk
/// tables (turns, segments, codings, matched terms, signals) GRDB's `StatementArguments` cost
/// several times what SQLite spends storing the row. Values are stored as GRDB stores them
/// (integers, doubles, UTF-8 text, NULL).
struct RowInsert {
    private let statement: Statement
    private let sql: String

    init(_ db: Database, _ sql: String) throws {
        statement = try db.makeStatement(sql: sql)
        self.sql = sql
    }

    /// SQLite copies the bytes before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private static func bind(_ bytes: UnsafeBufferPointer<UInt8>, _ handle: OpaquePointer?, _ index: Int32) -> Int32 {
        // An empty buffer may have no address; bind it as an empty string, not NULL.
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return sqlite3_bind_text(handle, index, "", 0, transient) }
        return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
            sqlite3_bind_text(handle, index, $0, Int32(bytes.count), transient)
        }
    }

    func insert(_ values: [SQLValue]) throws {
        let handle = statement.sqliteStatement
        precondition(values.count == Int(sqlite3_bind_parameter_count(handle)), "\(sql): \(values.count) values")
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .int(let v): code = sqlite3_bind_int64(handle, index, Int64(v))
            case .double(let v): code = sqlite3_bind_double(handle, index, v)
            case .null: code = sqlite3_bind_null(handle, index)
            case .text(var v):
                code = v.withUTF8 { Self.bind($0, handle, index) }
            case .utf8(let text, let range):
                // A range that is not whole scalars (never made by the pipeline) takes the String
                // path, which cuts at scalar boundaries, so no half character reaches the file.
                let bound = text.utf8.withContiguousStorageIfAvailable { all -> Int32? in
                    func isBoundary(_ i: Int) -> Bool { i == all.count || all[i] & 0xC0 != 0x80 }
                    guard range.lowerBound >= 0, range.upperBound <= all.count, isBoundary(range.lowerBound), isBoundary(range.upperBound)
                    else { return nil }
                    return Self.bind(UnsafeBufferPointer(rebasing: all[range]), handle, index)
                }
                if let bound = bound ?? nil {
                    code = bound
                } else {
                    var slice = String(text.slice(utf8: range.clamped(to: 0..<text.utf8.count)))
                    code = slice.withUTF8 { Self.bind($0, handle, index) }
                }
            }
            if code != SQLITE_OK { throw ReportingError.renderFailed(file: "analysis.sqlite", reason: "binding \(sql): SQLite error \(code)") }
        }
        let step = sqlite3_step(handle)
        sqlite3_reset(handle)
        if step == SQLITE_FULL { throw ReportingError.noSpace(path: "analysis.sqlite") }
        if step != SQLITE_DONE {
            throw ReportingError.renderFailed(file: "analysis.sqlite", reason: "\(sql): SQLite error \(step)")
        }
    }
}

/// The rows of one table inserted `batch` at a time, through one `INSERT` of many rows: SQLite
/// runs a statement per batch instead of one per row. At 5,000 interviews (1.5 million rows) that
/// took analysis.sqlite from 2.3–2.4 s to 2.0–2.1 s (docs/batch-rounds.md, "Round d93789d → a7892f5"). Rows go in in
/// the order given; `flush()` inserts those still waiting for a full batch, in one statement.
final class BatchedInsert {
    static let batch = 32
    private let db: Database
    private let table: String
    private let columns: Int
    /// The statements by number of rows (index 0: unused), prepared when first needed.
    private var statements: [RowInsert?] = Array(repeating: nil, count: BatchedInsert.batch + 1)
    private var pending: [SQLValue] = []

    init(_ db: Database, table: String, columns: Int) throws {
        self.db = db
        self.table = table
        self.columns = columns
        pending.reserveCapacity(columns * Self.batch)
    }

    private func statement(rows: Int) throws -> RowInsert {
        if let statement = statements[rows] { return statement }
        let row = "(" + Array(repeating: "?", count: columns).joined(separator: ", ") + ")"
        let statement = try RowInsert(db, "INSERT INTO \(table) VALUES " + Array(repeating: row, count: rows).joined(separator: ", "))
        statements[rows] = statement
        return statement
    }

    func insert(_ values: [SQLValue]) throws {
        precondition(values.count == columns, "\(values.count) values for \(columns) columns")
        pending.append(contentsOf: values)
        if pending.count == columns * Self.batch { try flush() }
    }

    func insert(_ values: SQLValue...) throws { try insert(values) }

    func flush() throws {
        guard !pending.isEmpty else { return }
        try statement(rows: pending.count / columns).insert(pending)
        pending.removeAll(keepingCapacity: true)
    }
}
