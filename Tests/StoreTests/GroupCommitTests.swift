import Foundation
import KordonTesting
import SQLKit
import Store
import Synchronization
import Testing

/// Issue 15 item 1: concurrent requests' writes share a transaction, and each request still lands or
/// fails on its own.
@Suite("Group commit")
struct GroupCommitTests {
    struct Write: Sendable {
        var index: Int
        var bad: Bool
    }

    struct Refused: Error, Equatable {
        var index: Int
    }

    /// The size of each transaction the group ran.
    final class Batches: Sendable {
        let sizes = Mutex<[Int]>([])
    }

    static func record(_ index: Int) -> AuditRecord {
        AuditRecord(
            officerId: UUID(), agencyId: UUID(), requestId: "r-\(index)", purpose: "border_control",
            action: "check.create", resourceType: "border_check", resourceIds: ["\(index)"], personIds: []
        )
    }

    /// A group whose body appends one audit entry per write, then refuses the batch if a write is bad
    /// (after writing, so a rollback is what keeps the good ones' rows out of the failed transaction).
    static func group(_ database: KordonDatabase, batches: Batches) -> GroupCommit<Write> {
        GroupCommit(database: database, maxBatch: 16) { writes, tx in
            batches.sizes.withLock { $0.append(writes.count) }
            try await tx.audit.append(writes.map { (record($0.index), Date()) })
            if let bad = writes.first(where: \.bad) { throw Refused(index: bad.index) }
        }
    }

    static func open(_ kind: DatabaseKind) async throws -> KordonDatabase {
        let database = try await KordonDatabase.open(try await TestDatabase.freshLocation(kind), logger: TestDatabase.logger)
        try await Migrator(database: database).migrate(logger: TestDatabase.logger)
        return database
    }

    @Test("writes that arrive together commit together, each one once, in an intact chain", arguments: TestDatabase.kinds)
    func batches(kind: DatabaseKind) async throws {
        let database = try await Self.open(kind)
        let batches = Batches()
        let group = Self.group(database, batches: batches)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            for index in 0..<60 { tasks.addTask { try await group.commit(Write(index: index, bad: false)) } }
            try await tasks.waitForAll()
        }
        let sizes = batches.sizes.withLock { $0 }
        #expect(sizes.reduce(0, +) == 60)
        #expect(sizes.count < 60, "60 concurrent writes took \(sizes.count) transactions")
        #expect(sizes.allSatisfy { $0 <= 16 })
        let verified = try await database.repositories.audit.verify(pageSize: 25)
        #expect(verified.isIntact)
        #expect(verified.entriesChecked == 60)
        let ids = try await database.sql.raw("SELECT resource_ids FROM audit_entry").all()
            .map { try $0.decode(column: "resource_ids", as: String.self) }
        #expect(Set(ids) == Set((0..<60).map(String.init)))
        try await database.shutdown()
    }

    @Test("one bad write fails its own request only; the others land", arguments: TestDatabase.kinds)
    func badWrite(kind: DatabaseKind) async throws {
        let database = try await Self.open(kind)
        let batches = Batches()
        let group = Self.group(database, batches: batches)
        let outcomes = await withTaskGroup(of: (Int, Refused?).self, returning: [Int: Refused?].self) { tasks in
            for index in 0..<40 {
                tasks.addTask {
                    do {
                        try await group.commit(Write(index: index, bad: index == 17))
                        return (index, nil)
                    } catch let refused as Refused {
                        return (index, refused)
                    } catch {
                        return (index, Refused(index: -1))
                    }
                }
            }
            var all: [Int: Refused?] = [:]
            for await (index, outcome) in tasks { all[index] = outcome }
            return all
        }
        #expect(outcomes[17] == .some(Refused(index: 17)))
        #expect(outcomes.filter { $0.value != nil }.count == 1)
        let verified = try await database.repositories.audit.verify(pageSize: 25)
        #expect(verified.isIntact)
        #expect(verified.entriesChecked == 39)
        let ids = try await database.sql.raw("SELECT resource_ids FROM audit_entry").all()
            .map { try $0.decode(column: "resource_ids", as: String.self) }
        #expect(!ids.contains("17"))
        #expect(ids.count == 39)
        try await database.shutdown()
    }
}
