import Foundation
import KordonTesting
@testable import Services
import Store
import Testing

/// Issue 11: a register batch is resolved while the batch before it is written (``ImportPipeline``). A batch must
/// see what the batches resolved before it will write, and must be resolved again when what it read no longer holds.
@Suite("Register batches resolved while the one before is written")
struct RegisterPipelineTests {
    static let offence = RegisterImportTests.offence
    static let bondar = RegisterImportTests.bondar

    /// Holds the first batch between its resolution and its write until `release` is called.
    final class Gate: @unchecked Sendable {
        private let lock = NSLock()
        private var continuation: CheckedContinuation<Void, Never>?
        private var released = false
        private var arrivedAtGate = false

        /// Whether the batch has reached the gate: resolved, not yet written.
        var arrived: Bool { lock.withLock { arrivedAtGate } }

        func wait() async {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                let resume = lock.withLock { () -> Bool in
                    arrivedAtGate = true
                    if released { return true }
                    continuation = c
                    return false
                }
                if resume { c.resume() }
            }
        }

        func release() {
            let c = lock.withLock { () -> CheckedContinuation<Void, Never>? in
                released = true
                defer { continuation = nil }
                return continuation
            }
            c?.resume()
        }
    }

    static func holders(_ services: KordonServices, _ number: String) async throws -> Set<UUID> {
        Set(try await services.database.repositories.persons.documents(numbers: [number]).map(\.personId))
    }

    static func waitUntil(_ condition: @Sendable () async -> Bool) async throws {
        for _ in 0..<500 where !(await condition()) { try await Task.sleep(for: .milliseconds(10)) }
    }

    @Test("a batch resolved before the one ahead of it is written finds that batch's new person by his document", arguments: TestDatabase.kinds)
    func seesPendingPerson(kind: DatabaseKind) async throws {
        let services = try await TestDatabase.services(kind)
        let migration = try await TestAgency.make(services).context(.migrationOfficer)
        let registers = services.registers
        let gate = Gate()
        await registers.pipeline.setBeforeWriteHook { ticket in if ticket == 1 { await gate.wait() } }
        let first = Task { try await registers.importBatch([.init(register: .offence, subject: Self.bondar, details: Self.offence)], context: migration) }
        try await Self.waitUntil { gate.arrived }
        // Bondar's passport, under his name in Cyrillic: the second batch resolves while the first is held unwritten.
        var again = Self.bondar
        again.surname = "БОНДАР"
        again.givenNames = "ІВАН"
        let second = Task { try await registers.importBatch([.init(register: .offence, subject: again, details: Self.offence)], context: migration) }
        try await Self.waitUntil { await registers.pipeline.isWaitingForPredecessor(2) }
        #expect(await registers.pipeline.isWaitingForPredecessor(2), "the second batch resolved while the first was unwritten")
        gate.release()
        let made = try await first.value
        let linked = try await second.value
        #expect(linked[0].personId == made[0].personId)
        #expect(linked[0].link == .document)
        #expect(try await Self.holders(services, "MD0000777") == [made[0].personId])
        #expect(await registers.pipeline.resolvedAgain == 0, "what the second batch read still held when it was written")
    }

    @Test("when the batch ahead fails, a batch that counted on its new person is resolved again and stored on its own", arguments: TestDatabase.kinds)
    func predecessorFails(kind: DatabaseKind) async throws {
        struct Refused: Error {}
        let services = try await TestDatabase.services(kind)
        let migration = try await TestAgency.make(services).context(.migrationOfficer)
        let registers = services.registers
        let gate = Gate()
        await registers.pipeline.setBeforeWriteHook { ticket in
            if ticket == 1 {
                await gate.wait()
                throw Refused()
            }
        }
        let first = Task { try await registers.importBatch([.init(register: .offence, subject: Self.bondar, details: Self.offence)], context: migration) }
        try await Self.waitUntil { gate.arrived }
        let second = Task { try await registers.importBatch([.init(register: .offence, subject: Self.bondar, details: Self.offence)], context: migration) }
        try await Self.waitUntil { await registers.pipeline.isWaitingForPredecessor(2) }
        gate.release()
        await #expect(throws: Refused.self) { try await first.value }
        let stored = try await second.value
        #expect(await registers.pipeline.resolvedAgain == 1)
        #expect(stored[0].link == .created, "the first batch's Bondar was never stored: the second makes him")
        #expect(try await Self.holders(services, "MD0000777") == [stored[0].personId])
        #expect(try await RegisterImportTests.count(services, "person") == 1)
        // The first batch's Bondar left the person index: a later record finds the stored one only.
        let later = try await registers.importBatch(
            [.init(register: .offence, subject: RegisterSubject(surname: "BONDAR", givenNames: "IVAN", birthDate: "1985-01-02", nationality: "MDA", sex: "M"),
                   details: Self.offence)],
            context: migration
        )
        #expect(later[0].link == .matched)
        #expect(later[0].personId == stored[0].personId)
        #expect(registers.personIndex.count == 1)
    }

    @Test("a person and passport stored by another server between a batch's resolution and its write make the batch resolve again", arguments: TestDatabase.kinds)
    func writerInBetween(kind: DatabaseKind) async throws {
        let services = try await TestDatabase.services(kind)
        let agency = try await TestAgency.make(services)
        let migration = agency.context(.migrationOfficer)
        let registers = services.registers
        let gate = Gate()
        await registers.pipeline.setBeforeWriteHook { ticket in if ticket == 1 { await gate.wait() } }
        let batch = Task { try await registers.importBatch([.init(register: .offence, subject: Self.bondar, details: Self.offence)], context: migration) }
        try await Self.waitUntil { gate.arrived }
        // Another `kordon serve` on the same database (its own pipeline) stores Bondar with his passport while this
        // batch, which took the passport for new, waits to be written.
        let now = Date()
        let other = Person(surname: "BONDAR", givenNames: "IVAN", birthDate: "1985-01-02", sex: "M", nationality: "MDA",
                           createdByAgency: agency.agency.id, createdAt: now)
        try await services.database.transaction { tx in
            try await tx.persons.insert([other])
            try await tx.persons.insert([TravelDocumentRecord(personId: other.id, documentCode: "P", issuingState: "MDA",
                                                              number: "MD0000777", expiryDate: nil, mrz: nil, createdAt: now)])
        }
        gate.release()
        let stored = try await batch.value
        #expect(await registers.pipeline.resolvedAgain == 1)
        #expect(stored[0].personId == other.id)
        #expect(stored[0].link == .document)
        #expect(try await Self.holders(services, "MD0000777") == [other.id])
        #expect(try await RegisterImportTests.count(services, "person") == 1)
    }

    @Test("a single record sent while a batch is held unwritten finds the batch's new person, and is written after it", arguments: TestDatabase.kinds)
    func singleAfterPendingBatch(kind: DatabaseKind) async throws {
        let services = try await TestDatabase.services(kind)
        let migration = try await TestAgency.make(services).context(.migrationOfficer)
        let registers = services.registers
        let gate = Gate()
        await registers.pipeline.setBeforeWriteHook { ticket in if ticket == 1 { await gate.wait() } }
        let batch = Task { try await registers.importBatch([.init(register: .offence, subject: Self.bondar, details: Self.offence)], context: migration) }
        try await Self.waitUntil { gate.arrived }
        let single = Task {
            try await registers.create(.init(register: .offence, subject: Self.bondar, details: Self.offence), idempotencyKey: nil, context: migration)
        }
        try await Self.waitUntil { await registers.pipeline.isWaitingForPredecessor(2) }
        #expect(await registers.pipeline.isWaitingForPredecessor(2), "the single record waits to be written after the batch")
        gate.release()
        let made = try await batch.value
        let one = try await single.value
        #expect(one.personId == made[0].personId)
        #expect(one.link == .document)
        #expect(await registers.pipeline.resolvedAgain == 0)
        #expect(try await RegisterImportTests.count(services, "person") == 1)
    }
}
