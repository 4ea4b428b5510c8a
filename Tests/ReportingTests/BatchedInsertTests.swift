import Foundation
import GRDB
@testable import Reporting
import Testing

/// analysis.sqlite's rows go in `BatchedInsert.batch` at a time: every row must arrive once, in
/// order, whether the count fills whole batches, leaves a rest, or stays below one batch.
@Suite("analysis.sqlite: batched inserts")
struct BatchedInsertTests {
    @Test("every row arrives once, in order", arguments: [0, 1, BatchedInsert.batch - 1, BatchedInsert.batch, BatchedInsert.batch + 1,
                                                          3 * BatchedInsert.batch + 5])
    func rows(_ count: Int) throws {
        let queue = try DatabaseQueue()
        let stored = try queue.write { db -> [Row] in
            try db.execute(sql: "CREATE TABLE t (n INTEGER NOT NULL, text TEXT, x REAL)")
            let insert = try BatchedInsert(db, table: "t", columns: 3)
            for n in 0..<count { try insert.insert(.int(n), n % 3 == 0 ? .null : .text("Zeile \(n) – Öl"), .double(Double(n) / 4)) }
            try insert.flush()
            try insert.flush()  // a second flush adds nothing
            return try Row.fetchAll(db, sql: "SELECT rowid, n, text, x FROM t ORDER BY rowid")
        }
        #expect(stored.count == count)
        for (i, row) in stored.enumerated() {
            #expect(row["rowid"] as Int == i + 1)
            #expect(row["n"] as Int == i)
            #expect(row["text"] as String? == (i % 3 == 0 ? nil : "Zeile \(i) – Öl"))
            #expect(row["x"] as Double == Double(i) / 4)
        }
    }
}
