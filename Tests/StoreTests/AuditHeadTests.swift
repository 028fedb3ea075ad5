import Foundation
import KordonTesting
import SQLKit
import Store
import Testing

/// Migration 0021: on PostgreSQL an audit append looks at the head row and at the month its entry goes to, not at
/// every month the trail keeps; the trail written before the migration goes on after it.
@Suite("Audit head row and per-month lookups (PostgreSQL)")
struct AuditHeadTests {
    static let skip = TestDatabase.postgresURL == nil

    /// Five years of past months, each a partition of its own, as a national trail keeps them.
    static func addPastMonths(_ database: KordonDatabase, years: Int = 5) async throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let thisMonth = calendar.date(from: calendar.dateComponents([.year, .month], from: Date()))!
        for back in 1...(12 * years) {
            let start = calendar.date(byAdding: .month, value: -back, to: thisMonth)!
            let end = calendar.date(byAdding: .month, value: 1, to: start)!
            let parts = calendar.dateComponents([.year, .month], from: start)
            let name = String(format: "audit_entry_past_%04d_%02d", parts.year!, parts.month!)
            let from = Int64(start.timeIntervalSince1970 * 1000), to = Int64(end.timeIntervalSince1970 * 1000)
            try await database.sql.raw(
                "CREATE TABLE \(unsafeRaw: name) PARTITION OF audit_entry FOR VALUES FROM (\(unsafeRaw: String(from))) TO (\(unsafeRaw: String(to)))"
            ).run()
        }
    }

    @Test("appends with 60 past months kept scan no past month's partition", .disabled(if: skip, "SKIPPED PostgreSQL"))
    func pastMonthsUntouched() async throws {
        let database = try await KordonDatabase.open(try await TestDatabase.freshLocation(.postgres), logger: TestDatabase.logger)
        try await Migrator(database: database).migrate(logger: TestDatabase.logger)
        try await Self.addPastMonths(database)
        try await database.transaction { tx in
            try await tx.audit.append([AuditLogTests.record("person.read.first", person: UUID())], at: Date())
        }
        let scanned = try await database.transaction { tx -> [String: Int] in
            func scans() async throws -> [String: Int] {
                let rows = try await tx.db.raw(
                    """
                    SELECT relname, seq_scan + COALESCE(idx_scan, 0) AS scans FROM pg_stat_xact_user_tables
                    WHERE relname LIKE 'audit_entry_past_%'
                    """
                ).all()
                return Dictionary(uniqueKeysWithValues: try rows.map {
                    (try $0.decode(column: "relname", as: String.self), try $0.decode(column: "scans", as: Int.self))
                })
            }
            let before = try await scans()
            // Past the five custom plans PostgreSQL makes before it keeps a generic one; one and many at a time.
            for index in 0..<8 {
                try await tx.audit.append([AuditLogTests.record("person.read.\(index)", person: UUID())], at: Date())
            }
            try await tx.audit.append(
                (0..<5).map { AuditLogTests.record("person.search.\($0)", person: UUID()) }, at: Date()
            )
            return try await scans().filter { $0.value > before[$0.key] ?? 0 }
        }
        #expect(scanned == [:])
        let verification = try await database.repositories.audit.verify()
        #expect(verification.isIntact)
        #expect(verification.head?.seq == 14)
        try await database.shutdown()
    }

    @Test("a trail written before migration 0021 goes on after it, its head row starting at the last entry",
        .disabled(if: skip, "SKIPPED PostgreSQL"))
    func trailBeforeMigration() async throws {
        let database = try await KordonDatabase.open(try await TestDatabase.freshLocation(.postgres), logger: TestDatabase.logger)
        try await Migrator(database: database, migrations: Migrations.all.filter { $0.version < 21 })
            .migrate(logger: TestDatabase.logger)
        try await database.transaction { tx in
            try await tx.audit.append((0..<3).map { AuditLogTests.record("person.read.\($0)", person: UUID()) }, at: Date())
        }
        #expect(try await Migrator(database: database).migrate(logger: TestDatabase.logger).first == 21)
        let row = try #require(try await database.sql.raw("SELECT seq, entry_hash FROM audit_head").first())
        let head = try #require(try await database.repositories.audit.head())
        #expect(try row.decode(column: "seq", as: Int64.self) == 3)
        #expect(try row.decode(column: "entry_hash", as: String.self) == head.hash)
        try await database.transaction { tx in
            try await tx.audit.append([AuditLogTests.record("person.read.after", person: UUID())], at: Date())
        }
        let verification = try await database.repositories.audit.verify()
        #expect(verification.isIntact)
        #expect(verification.head?.seq == 4)
        try await database.shutdown()
    }

    @Test("an empty trail's head row is the genesis, and the first append moves it",
        .disabled(if: skip, "SKIPPED PostgreSQL"))
    func emptyTrail() async throws {
        let database = try await KordonDatabase.open(try await TestDatabase.freshLocation(.postgres), logger: TestDatabase.logger)
        try await Migrator(database: database).migrate(logger: TestDatabase.logger)
        #expect(try await database.repositories.audit.head() == nil)
        try await database.transaction { tx in
            try await tx.audit.append([AuditLogTests.record("person.search", person: nil)], at: Date())
        }
        let row = try #require(try await database.sql.raw("SELECT seq FROM audit_head").first())
        #expect(try row.decode(column: "seq", as: Int64.self) == 1)
        try await database.shutdown()
    }
}
