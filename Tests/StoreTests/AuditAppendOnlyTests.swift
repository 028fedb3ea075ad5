import Foundation
import KordonTesting
import SQLKit
import Store
import Testing

/// Issue 10 finding 6 and item 4: the trail, its person index and its checkpoints take appends only.
/// Each case is one way of writing SQL, tried with the application's own rights on a trail of three
/// entries (entry 2 names a person) and one checkpoint; the database must refuse it and keep every
/// row as it was.
@Suite("Audit trail is append-only")
struct AuditAppendOnlyTests {
    /// One way of writing to one table, in the SQL of the engines that have it.
    struct Write: Sendable, CustomTestStringConvertible {
        var table: String
        var name: String
        var sqlite: String?
        var postgres: String?

        var testDescription: String { "\(table): \(name)" }

        /// The same statement on both engines.
        init(_ table: String, _ name: String, both: String) {
            self.init(table, name, sqlite: both, postgres: both)
        }

        init(_ table: String, _ name: String, sqlite: String? = nil, postgres: String? = nil) {
            self.table = table
            self.name = name
            self.sqlite = sqlite
            self.postgres = postgres
        }

        func sql(for kind: DatabaseKind) -> String? {
            (kind == .sqlite ? sqlite : postgres).map { $0.replacingOccurrences(of: "{newid}", with: Self.newId(kind)) }
        }

        static func newId(_ kind: DatabaseKind) -> String {
            kind == .postgres ? "'00000000-0000-4000-8000-0000000000aa'::uuid" : "'00000000-0000-4000-8000-0000000000aa'"
        }
    }

    static let columns =
        "seq, id, occurred_at_ms, officer_id, agency_id, request_id, purpose, action, resource_type, resource_ids, "
        + "person_ids, prev_hash, entry_hash"
    /// Entry 2 with its purpose changed: what a rewrite would put in its place.
    static let entry2Rewritten =
        "SELECT seq, id, occurred_at_ms, officer_id, agency_id, request_id, 'curiosity', action, resource_type, "
        + "resource_ids, person_ids, prev_hash, entry_hash FROM audit_entry WHERE seq = 2"
    static let head = "(SELECT entry_hash FROM audit_entry WHERE seq = 3)"
    static let checkpointColumns = "number, seq, entry_hash, signed_at_ms, key_id, signature"

    static let writes: [Write] = [
        // MARK: audit_entry
        Write("audit_entry", "UPDATE", both: "UPDATE audit_entry SET purpose = 'curiosity' WHERE seq = 2"),
        Write("audit_entry", "DELETE one", both: "DELETE FROM audit_entry WHERE seq = 2"),
        Write("audit_entry", "DELETE all", both: "DELETE FROM audit_entry"),
        Write("audit_entry", "TRUNCATE", postgres: "TRUNCATE audit_entry CASCADE"),
        Write(
            "audit_entry", "INSERT OR REPLACE", sqlite: "INSERT OR REPLACE INTO audit_entry (\(columns)) \(entry2Rewritten)"
        ),
        Write("audit_entry", "REPLACE INTO", sqlite: "REPLACE INTO audit_entry (\(columns)) \(entry2Rewritten)"),
        Write(
            "audit_entry", "REPLACE of an entry's id as the new head",
            sqlite: "REPLACE INTO audit_entry (\(columns)) SELECT 4, id, occurred_at_ms, officer_id, agency_id, "
                + "request_id, 'curiosity', action, resource_type, resource_ids, person_ids, \(head), entry_hash "
                + "FROM audit_entry WHERE seq = 2"
        ),
        Write("audit_entry", "UPDATE OR REPLACE", sqlite: "UPDATE OR REPLACE audit_entry SET seq = 1 WHERE seq = 2"),
        // On PostgreSQL the trail is partitioned by month (M0016), so its unique key is (seq, occurred_at_ms) and
        // an upsert must name both; on SQLite `seq` and `id` are unique alone.
        Write(
            "audit_entry", "upsert on seq",
            sqlite: "INSERT INTO audit_entry (\(columns)) \(entry2Rewritten) "
                + "ON CONFLICT (seq) DO UPDATE SET purpose = excluded.purpose",
            postgres: "INSERT INTO audit_entry (\(columns)) \(entry2Rewritten) "
                + "ON CONFLICT (seq, occurred_at_ms) DO UPDATE SET purpose = excluded.purpose"
        ),
        Write(
            "audit_entry", "upsert on id",
            sqlite: "INSERT INTO audit_entry (\(columns)) \(entry2Rewritten) "
                + "ON CONFLICT (id) DO UPDATE SET purpose = excluded.purpose"
        ),
        Write(
            "audit_entry", "insert of a duplicate, ignoring conflicts",
            sqlite: "INSERT OR IGNORE INTO audit_entry (\(columns)) \(entry2Rewritten)",
            postgres: "INSERT INTO audit_entry (\(columns)) \(entry2Rewritten) ON CONFLICT DO NOTHING"
        ),
        Write(
            "audit_entry", "insert past the head (a gap)",
            both: "INSERT INTO audit_entry (\(columns)) SELECT 5, {newid}, occurred_at_ms, officer_id, agency_id, "
                + "request_id, purpose, action, resource_type, resource_ids, person_ids, \(head), entry_hash "
                + "FROM audit_entry WHERE seq = 2"
        ),
        Write(
            "audit_entry", "insert of the next seq not linked to the head",
            both: "INSERT INTO audit_entry (\(columns)) SELECT 4, {newid}, occurred_at_ms, officer_id, agency_id, "
                + "request_id, purpose, action, resource_type, resource_ids, person_ids, prev_hash, entry_hash "
                + "FROM audit_entry WHERE seq = 2"
        ),
        Write(
            "audit_entry", "insert of the next seq reusing an entry's id",
            both: "INSERT INTO audit_entry (\(columns)) SELECT 4, id, occurred_at_ms, officer_id, agency_id, "
                + "request_id, purpose, action, resource_type, resource_ids, person_ids, \(head), entry_hash "
                + "FROM audit_entry WHERE seq = 2"
        ),
        // Migration 0021: a time-ordered id must carry the entry's own instant, which is what makes it unique.
        Write(
            "audit_entry", "insert of the next seq with an entry's id at another instant",
            postgres: "INSERT INTO audit_entry (\(columns)) SELECT 4, id, occurred_at_ms + 1, officer_id, agency_id, "
                + "request_id, purpose, action, resource_type, resource_ids, person_ids, \(head), entry_hash "
                + "FROM audit_entry WHERE seq = 2"
        ),

        // MARK: audit_head (PostgreSQL, migration 0021)
        Write(
            "audit_head", "UPDATE back to an earlier entry",
            postgres: "UPDATE audit_head SET seq = 2, entry_hash = (SELECT entry_hash FROM audit_entry WHERE seq = 2)"
        ),
        Write("audit_head", "UPDATE forward by one", postgres: "UPDATE audit_head SET seq = seq + 1"),
        Write("audit_head", "DELETE", postgres: "DELETE FROM audit_head"),
        Write("audit_head", "TRUNCATE", postgres: "TRUNCATE audit_head"),
        Write("audit_head", "INSERT of a second head", postgres: "INSERT INTO audit_head VALUES (2, 9, 'forged')"),

        // MARK: audit_subject
        Write("audit_subject", "UPDATE", both: "UPDATE audit_subject SET seq = 1 WHERE seq = 2"),
        Write("audit_subject", "DELETE", both: "DELETE FROM audit_subject WHERE seq = 2"),
        Write("audit_subject", "TRUNCATE", postgres: "TRUNCATE audit_subject"),
        Write(
            "audit_subject", "INSERT OR REPLACE",
            sqlite: "INSERT OR REPLACE INTO audit_subject (person_id, seq) SELECT person_id, seq FROM audit_subject"
        ),
        Write(
            "audit_subject", "REPLACE INTO",
            sqlite: "REPLACE INTO audit_subject (person_id, seq) SELECT person_id, seq FROM audit_subject"
        ),
        Write("audit_subject", "UPDATE OR REPLACE", sqlite: "UPDATE OR REPLACE audit_subject SET seq = 1"),
        Write(
            "audit_subject", "upsert",
            both: "INSERT INTO audit_subject (person_id, seq) SELECT person_id, seq FROM audit_subject WHERE seq = 2 "
                + "ON CONFLICT (person_id, seq) DO UPDATE SET seq = 1"
        ),
        Write(
            "audit_subject", "insert of a duplicate, ignoring conflicts",
            sqlite: "INSERT OR IGNORE INTO audit_subject (person_id, seq) SELECT person_id, seq FROM audit_subject",
            postgres: "INSERT INTO audit_subject (person_id, seq) SELECT person_id, seq FROM audit_subject "
                + "ON CONFLICT DO NOTHING"
        ),
        Write(
            "audit_subject", "insert of a person the entry does not name",
            both: "INSERT INTO audit_subject (person_id, seq) VALUES ({newid}, 2)"
        ),
        Write(
            "audit_subject", "insert for an entry that does not exist",
            both: "INSERT INTO audit_subject (person_id, seq) SELECT person_id, 9 FROM audit_subject"
        ),

        // MARK: audit_checkpoint
        Write("audit_checkpoint", "UPDATE", both: "UPDATE audit_checkpoint SET entry_hash = 'forged'"),
        Write("audit_checkpoint", "DELETE", both: "DELETE FROM audit_checkpoint"),
        Write("audit_checkpoint", "TRUNCATE", postgres: "TRUNCATE audit_checkpoint"),
        Write(
            "audit_checkpoint", "INSERT OR REPLACE",
            sqlite: "INSERT OR REPLACE INTO audit_checkpoint (\(checkpointColumns)) "
                + "SELECT number, seq, entry_hash, signed_at_ms, key_id, 'forged' FROM audit_checkpoint"
        ),
        Write(
            "audit_checkpoint", "REPLACE INTO",
            sqlite: "REPLACE INTO audit_checkpoint (\(checkpointColumns)) "
                + "SELECT number, seq, entry_hash, signed_at_ms, key_id, 'forged' FROM audit_checkpoint"
        ),
        Write(
            "audit_checkpoint", "upsert",
            both: "INSERT INTO audit_checkpoint (\(checkpointColumns)) SELECT number, seq, entry_hash, signed_at_ms, "
                + "key_id, 'forged' FROM audit_checkpoint WHERE number = 1 "
                + "ON CONFLICT (number) DO UPDATE SET signature = excluded.signature"
        ),
        Write(
            "audit_checkpoint", "insert of a duplicate, ignoring conflicts",
            sqlite: "INSERT OR IGNORE INTO audit_checkpoint SELECT * FROM audit_checkpoint",
            postgres: "INSERT INTO audit_checkpoint SELECT * FROM audit_checkpoint ON CONFLICT DO NOTHING"
        ),
        Write(
            "audit_checkpoint", "insert past the last number (a gap)",
            both: "INSERT INTO audit_checkpoint (\(checkpointColumns)) "
                + "SELECT 3, seq, entry_hash, signed_at_ms, key_id, signature FROM audit_checkpoint"
        ),
        Write(
            "audit_checkpoint", "insert behind the last checkpoint's seq",
            both: "INSERT INTO audit_checkpoint (\(checkpointColumns)) "
                + "SELECT 2, 1, entry_hash, 0, 'k', 's' FROM audit_entry WHERE seq = 1"
        ),
        Write(
            "audit_checkpoint", "insert of a hash the trail does not have",
            both: "INSERT INTO audit_checkpoint (\(checkpointColumns)) VALUES (2, 3, 'forged', 0, 'k', 's')"
        ),
    ]

    /// Every write on every engine that has it.
    static var cases: [Case] {
        TestDatabase.kinds.flatMap { kind in
            writes.filter { $0.sql(for: kind) != nil }.map { Case(kind: kind, write: $0) }
        }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var kind: DatabaseKind
        var write: Write
        var testDescription: String { "\(kind.rawValue): \(write.testDescription)" }
    }

    /// Three entries (entry 2 names a person) and checkpoint #1 over entry 2, written the legitimate way.
    static func trail(_ kind: DatabaseKind) async throws -> KordonDatabase {
        let database = try await KordonDatabase.open(try await TestDatabase.freshLocation(kind), logger: TestDatabase.logger)
        try await Migrator(database: database).migrate(logger: TestDatabase.logger)
        try await database.transaction { (repositories: Repositories) in
            try await repositories.audit.append(
                [
                    AuditLogTests.record("person.search", person: nil),
                    AuditLogTests.record("person.read", person: UUID()),
                    AuditLogTests.record("crossing.create", person: nil),
                ],
                at: Date()
            )
            let entry2 = try #require(try await repositories.audit.entryHash(seq: 2))
            try await repositories.auditCheckpoints.append(
                AuditCheckpoint(number: 1, seq: 2, entryHash: entry2, signedAtMs: 1, keyId: "k", signature: "s")
            )
        }
        return database
    }

    /// Everything the three tables hold, to compare before and after.
    struct Snapshot: Equatable {
        var entries: [AuditEntry]
        var subjects: [String]
        var checkpoints: [AuditCheckpoint]
        /// PostgreSQL's head row (migration 0021), as `seq:hash`; nil on SQLite.
        var head: String?

        static func take(_ database: KordonDatabase) async throws -> Snapshot {
            let subjects = try await database.sql.select().columns("person_id", "seq").from("audit_subject")
                .orderBy("seq").all()
                .map { row in
                    "\(try row.decode(column: "seq", as: Int64.self)):\(try row.decode(column: "person_id", as: UUID.self))"
                }
            let head = database.kind == .postgres
                ? try await database.sql.raw("SELECT seq, entry_hash FROM audit_head").all().map { row in
                    "\(try row.decode(column: "seq", as: Int64.self)):\(try row.decode(column: "entry_hash", as: String.self))"
                }.joined(separator: ",")
                : nil
            return Snapshot(
                entries: try await database.repositories.audit.entries(.init(limit: 100)),
                subjects: subjects, checkpoints: try await database.repositories.auditCheckpoints.all(), head: head
            )
        }
    }

    @Test("the database refuses the write and keeps every row", arguments: cases)
    func refused(_ test: Case) async throws {
        let database = try await Self.trail(test.kind)
        let before = try await Snapshot.take(database)
        #expect(before.entries.count == 3 && before.subjects.count == 1 && before.checkpoints.count == 1)
        let sql = try #require(test.write.sql(for: test.kind))
        // Refused by the append-only guard itself, not by a constraint or a typo in the attack.
        let error = await #expect(throws: (any Error).self) {
            try await database.sql.raw(SQLQueryString(sql)).run()
        }
        #expect(String(reflecting: error).contains("is append-only"), "\(String(reflecting: error))")
        #expect(try await Snapshot.take(database) == before)
        #expect(try await database.repositories.audit.verify().isIntact)
        try await database.shutdown()
    }

    @Test("appends still extend the trail, one or many entries at a time", arguments: TestDatabase.kinds)
    func appendsStillWork(kind: DatabaseKind) async throws {
        let database = try await Self.trail(kind)
        try await database.transaction { (repositories: Repositories) in
            try await repositories.audit.append(
                (0..<5).map { AuditLogTests.record("person.read.\($0)", person: UUID()) }, at: Date()
            )
            let head = try #require(try await repositories.audit.head())
            try await repositories.auditCheckpoints.append(
                AuditCheckpoint(number: 2, seq: head.seq, entryHash: head.hash, signedAtMs: 2, keyId: "k", signature: "s")
            )
        }
        let result = try await database.repositories.audit.verify()
        #expect(result.isIntact)
        #expect(result.head?.seq == 8)
        #expect(try await database.repositories.auditCheckpoints.latest()?.number == 2)
        try await database.shutdown()
    }
}
