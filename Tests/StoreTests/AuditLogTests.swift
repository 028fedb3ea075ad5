import Foundation
import KordonTesting
import SQLKit
import Store
import Testing

/// Issue 3 item 5: a tamper-evident trail. Each test writes a chain, tampers with it as an attacker
/// with database access would, and expects `verify` to name the first broken link.
@Suite("Audit trail")
struct AuditLogTests {
    static func record(_ action: String, person: UUID?) -> AuditRecord {
        AuditRecord(
            officerId: UUID(), agencyId: UUID(), requestId: "r-\(action)", purpose: "border_control", action: action,
            resourceType: "person", resourceIds: person.map { [$0.uuidString] } ?? [], personIds: person.map { [$0] } ?? []
        )
    }

    /// A database with `count` entries appended in separate transactions.
    static func chain(_ kind: DatabaseKind, count: Int) async throws -> (KordonDatabase, [UUID]) {
        let database = try await KordonDatabase.open(try await TestDatabase.freshLocation(kind), logger: TestDatabase.logger)
        try await Migrator(database: database).migrate(logger: TestDatabase.logger)
        var persons: [UUID] = []
        for index in 0..<count {
            let person = UUID()
            persons.append(person)
            try await database.transaction { (repositories: Repositories) in
                try await repositories.audit.append([record("person.read.\(index)", person: person)], at: Date())
            }
        }
        return (database, persons)
    }

    /// Lifts the append-only guards, as an attacker with owner rights would have to.
    static func disableGuard(_ database: KordonDatabase) async throws {
        try await AuditTampering.liftGuards(database)
    }

    @Test("an untouched chain verifies, with its head", arguments: TestDatabase.kinds)
    func intact(kind: DatabaseKind) async throws {
        let (database, _) = try await Self.chain(kind, count: 12)
        let result = try await database.repositories.audit.verify(pageSize: 5)
        #expect(result.isIntact)
        #expect(result.entriesChecked == 12)
        #expect(result.head?.seq == 12)
        try await database.shutdown()
    }

    @Test("an altered entry is named as the first broken link", arguments: TestDatabase.kinds)
    func altered(kind: DatabaseKind) async throws {
        let (database, _) = try await Self.chain(kind, count: 10)
        try await Self.disableGuard(database)
        try await database.sql.raw("UPDATE audit_entry SET purpose = 'curiosity' WHERE seq = 6").run()
        let result = try await database.repositories.audit.verify(pageSize: 4)
        #expect(result.firstBrokenLink == AuditLog.BrokenLink(seq: 6, reason: .contentAltered))
        #expect(result.entriesChecked == 5)
        try await database.shutdown()
    }

    @Test("a deleted entry is caught at the gap", arguments: TestDatabase.kinds)
    func deleted(kind: DatabaseKind) async throws {
        let (database, _) = try await Self.chain(kind, count: 10)
        try await Self.disableGuard(database)
        try await database.sql.raw("DELETE FROM audit_entry WHERE seq = 4").run()
        let result = try await database.repositories.audit.verify()
        #expect(result.firstBrokenLink == AuditLog.BrokenLink(seq: 5, reason: .missingEntries(expected: 4)))
        try await database.shutdown()
    }

    @Test("a deleted entry with the chain renumbered is caught by the hash links", arguments: TestDatabase.kinds)
    func deletedAndRenumbered(kind: DatabaseKind) async throws {
        let (database, _) = try await Self.chain(kind, count: 6)
        try await Self.disableGuard(database)
        try await database.sql.raw("DELETE FROM audit_entry WHERE seq = 3").run()
        try await database.sql.raw("UPDATE audit_entry SET seq = seq - 1 WHERE seq > 3").run()
        let result = try await database.repositories.audit.verify()
        #expect(result.firstBrokenLink?.seq == 3)
        #expect(result.isIntact == false)
        try await database.shutdown()
    }

    @Test("hiding an access from a person's history breaks the person index check", arguments: TestDatabase.kinds)
    func subjectIndexTampered(kind: DatabaseKind) async throws {
        let (database, persons) = try await Self.chain(kind, count: 5)
        try await Self.disableGuard(database)
        try await database.sql.raw("DELETE FROM audit_subject WHERE person_id = \(bind: persons[2])").run()
        let result = try await database.repositories.audit.verify()
        #expect(result.firstBrokenLink == AuditLog.BrokenLink(seq: 3, reason: .subjectIndexMismatch))
        try await database.shutdown()
    }

    @Test("entries are found by person, officer and time, newest first", arguments: TestDatabase.kinds)
    func query(kind: DatabaseKind) async throws {
        let (database, persons) = try await Self.chain(kind, count: 5)
        let byPerson = try await database.repositories.audit.entries(.init(personId: persons[1]))
        #expect(byPerson.map(\.seq) == [2])
        let all = try await database.repositories.audit.entries(.init(limit: 3))
        #expect(all.map(\.seq) == [5, 4, 3])
        let older = try await database.repositories.audit.entries(.init(beforeSeq: 3, limit: 10))
        #expect(older.map(\.seq) == [2, 1])
        let officer = try #require(all.first?.officerId)
        #expect(try await database.repositories.audit.entries(.init(officerId: officer)).map(\.seq) == [5])
        let future = try await database.repositories.audit.entries(.init(from: Date().addingTimeInterval(3600)))
        #expect(future.isEmpty)
        try await database.shutdown()
    }

    @Test("concurrent appends keep one unbroken chain", arguments: TestDatabase.kinds)
    func concurrentAppends(kind: DatabaseKind) async throws {
        let (database, _) = try await Self.chain(kind, count: 1)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<20 {
                group.addTask { @Sendable () async throws -> Void in
                    let record = Self.record("c\(index)", person: UUID())
                    _ = try await database.transaction { (repositories: Repositories) -> Int in
                        try await repositories.audit.append([record], at: Date()).count
                    }
                }
            }
            try await group.waitForAll()
        }
        let result = try await database.repositories.audit.verify()
        #expect(result.isIntact)
        #expect(result.entriesChecked == 21)
        try await database.shutdown()
    }
}
