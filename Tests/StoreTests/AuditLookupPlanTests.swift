import Foundation
import KordonTesting
import SQLKit
import Store
import Testing

/// Migration 0019: on PostgreSQL the audit chain's triggers find what they check through indexes, whatever the
/// statistics said when a connection planned them. The case is the first day of a month: the new partition and the
/// person index hold a few rows when `ANALYZE` looks at them, and every append after that must not read them whole.
@Suite("Audit triggers use their indexes on a young partition (PostgreSQL)")
struct AuditLookupPlanTests {
    @Test(
        "appends after ANALYZE of a near-empty trail scan no table of the trail sequentially",
        .disabled(if: TestDatabase.postgresURL == nil, "SKIPPED PostgreSQL: KORDON_TEST_DATABASE_URL is not set")
    )
    func noSequentialScans() async throws {
        let database = try await KordonDatabase.open(try await TestDatabase.freshLocation(.postgres), logger: TestDatabase.logger)
        try await Migrator(database: database).migrate(logger: TestDatabase.logger)
        for index in 0..<3 {
            try await database.transaction { tx in
                try await tx.audit.append([AuditLogTests.record("person.read.\(index)", person: UUID())], at: Date())
            }
        }
        // What autovacuum does once a new month's partition has its first rows: plans made from here on see a
        // trail of three entries, for which reading a table whole is the cheapest plan.
        try await database.sql.raw("ANALYZE audit_entry").run()
        try await database.sql.raw("ANALYZE audit_subject").run()
        let (before, after) = try await database.transaction { tx -> ([String: Int], [String: Int]) in
            // The backend's counts not yet flushed to the shared statistics: this transaction's and perhaps its
            // connection's earlier ones, so the difference across the appends is what they did.
            func sequentialScans() async throws -> [String: Int] {
                let rows = try await tx.db.raw(
                    "SELECT relname, seq_scan FROM pg_stat_xact_user_tables WHERE relname LIKE 'audit_%'"
                ).all()
                return Dictionary(uniqueKeysWithValues: try rows.map {
                    (try $0.decode(column: "relname", as: String.self), try $0.decode(column: "seq_scan", as: Int.self))
                })
            }
            let before = try await sequentialScans()
            // Ten appends in one transaction: past the five custom plans PostgreSQL makes before a generic one.
            for index in 0..<10 {
                try await tx.audit.append([AuditLogTests.record("person.read.more.\(index)", person: UUID())], at: Date())
            }
            return (before, try await sequentialScans())
        }
        let scans = after.filter { $0.value > before[$0.key] ?? 0 }
        #expect(after.keys.contains("audit_subject"))
        #expect(scans == [:])
        #expect(try await database.repositories.audit.verify().isIntact)
        try await database.shutdown()
    }
}
