import Foundation
import KordonTesting
import SQLKit
import Store
import Testing

/// Issue 10 item 4: an entry records the credential used and, for administrative acts, the subject,
/// without changing the hash of any entry written before these fields existed.
@Suite("Audit entry format")
struct AuditEntryFormatTests {
    /// An entry as the trail held it before `credentialId` and `subject`.
    static let oldEntry = AuditEntry(
        seq: 1, id: UUID(uuidString: "6f1c7b9e-2a4d-4c3b-9d8e-0a1b2c3d4e5f")!, occurredAtMs: 1_764_633_600_000,
        officerId: UUID(uuidString: "1d2e3f40-5a6b-4c7d-8e9f-a0b1c2d3e4f5")!, agencyId: nil, requestId: "r-1",
        purpose: "border_control", action: "person.read", resourceType: "person", resourceIds: ["p-1"],
        personIds: [UUID(uuidString: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d")!], prevHash: AuditEntry.genesisHash,
        entryHash: ""
    )

    /// Hashes computed independently (Python, hashlib) from the canonical form: length-prefixed fields,
    /// then `credential=…` and `subject=…` only when set.
    @Test(
        "the hash covers the new fields only when they are set",
        arguments: [
            (nil, nil, "14dfe849f13046153af299a39d213417c2be04f0f97775d3d2154ccc4cdf3a4c"),  // as before the fields
            ("token:42", nil, "7e675fd768abb30202fde781626281fd7b9b8a3b0612369898c35cc4e828e6b8"),
            (nil, "officer:7", "bca65821df2d7e59fc5be6fc826ce2b063ce6afbc8f3f9d472e3cc2663d5bc90"),
            ("token:42", "officer:7", "73623a12bede7463be43c8494ade599059566db19b53f6409e4273f7d2d9c591"),
        ] as [(String?, String?, String)]
    )
    func canonicalHash(credential: String?, subject: String?, expected: String) {
        var entry = Self.oldEntry
        entry.credentialId = credential
        entry.subject = subject
        #expect(entry.computeHash() == expected)
    }

    @Test("credential and subject are stored, read back and hashed", arguments: TestDatabase.kinds)
    func storedAndRead(kind: DatabaseKind) async throws {
        let database = try await KordonDatabase.open(try await TestDatabase.freshLocation(kind), logger: TestDatabase.logger)
        try await Migrator(database: database).migrate(logger: TestDatabase.logger)
        let officer = UUID()
        let written = try await database.transaction { (repositories: Repositories) in
            try await repositories.audit.append(
                [
                    AuditRecord(
                        officerId: UUID(), agencyId: UUID(), requestId: "r", purpose: "administration",
                        action: "token.create", resourceType: "api_token", resourceIds: [], personIds: [],
                        credentialId: "session:3f2a9c", subject: "officer:\(officer)"
                    ),
                    AuditLogTests.record("person.read", person: UUID()),
                ],
                at: Date()
            )
        }
        let read = try await database.repositories.audit.entries(.init()).sorted { $0.seq < $1.seq }
        #expect(read == written)
        #expect(read.first?.credentialId == "session:3f2a9c")
        #expect(read.first?.subject == "officer:\(officer)")
        #expect(read.last?.credentialId == nil)
        #expect(try await database.repositories.audit.verify().isIntact)

        // Changing the credential recorded breaks the entry's hash.
        try await AuditTampering.liftGuards(database)
        try await database.sql.update("audit_entry").set("credential_id", to: SQLBind("token:other"))
            .where("seq", .equal, SQLBind(1)).run()
        #expect(try await database.repositories.audit.verify().firstBrokenLink == .init(seq: 1, reason: .contentAltered))
        try await database.shutdown()
    }

    @Test("a trail written before migration 6 still verifies after it, and grows", arguments: TestDatabase.kinds)
    func upgradedTrail(kind: DatabaseKind) async throws {
        let database = try await KordonDatabase.open(try await TestDatabase.freshLocation(kind), logger: TestDatabase.logger)
        let before = Migrations.all.filter { $0.version < 6 }
        try await Migrator(database: database, migrations: before).migrate(logger: TestDatabase.logger)
        // Entries in the old columns, as the code before migration 6 wrote them.
        var prev = AuditEntry.genesisHash
        for seq in Int64(1)...3 {
            var entry = Self.oldEntry
            entry.seq = seq
            entry.id = UUID()
            entry.prevHash = prev
            entry.entryHash = entry.computeHash()
            prev = entry.entryHash
            try await database.sql.insert(into: "audit_entry")
                .columns(
                    "seq", "id", "occurred_at_ms", "officer_id", "agency_id", "request_id", "purpose", "action",
                    "resource_type", "resource_ids", "person_ids", "prev_hash", "entry_hash"
                )
                .values(
                    SQLBind(entry.seq), SQLBind(entry.id), SQLBind(entry.occurredAtMs), SQLBind(entry.officerId),
                    SQLBind(entry.agencyId), SQLBind(entry.requestId), SQLBind(entry.purpose), SQLBind(entry.action),
                    SQLBind(entry.resourceType), SQLBind("p-1"),
                    SQLBind(entry.personIds.map { $0.uuidString.lowercased() }.joined(separator: ",")),
                    SQLBind(entry.prevHash), SQLBind(entry.entryHash)
                )
                .run()
            try await database.sql.insert(into: "audit_subject").columns("person_id", "seq")
                .values(SQLBind(entry.personIds[0]), SQLBind(seq)).run()
        }
        try await Migrator(database: database).migrate(logger: TestDatabase.logger)
        #expect(try await database.repositories.audit.verify().isIntact)
        try await database.transaction { (repositories: Repositories) in
            var record = AuditLogTests.record("person.read", person: UUID())
            record.credentialId = "token:1"
            try await repositories.audit.append([record], at: Date())
        }
        let result = try await database.repositories.audit.verify()
        #expect(result.isIntact)
        #expect(result.entriesChecked == 4)
        try await database.shutdown()
    }
}
