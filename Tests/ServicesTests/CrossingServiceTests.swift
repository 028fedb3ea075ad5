import Foundation
import KordonTesting
import Services
import Store
import Testing

/// The outbox and the audit trail are written in the same transaction as the change (DESIGN.md):
/// all three land, or none does.
@Suite("Crossing service")
struct CrossingServiceTests {
    static func person(_ services: KordonServices, _ agency: TestAgency) async throws -> UUID {
        let view = try await services.persons.create(
            .init(surname: "PETRENKO", givenNames: "OLENA", birthDate: "1988-03-09", sex: "F", nationality: "UKR"),
            idempotencyKey: nil, context: agency.context(.firstLine)
        )
        return view.person.id
    }

    @Test("a recorded crossing writes its event and its audit entry", arguments: TestDatabase.kinds)
    func eventAndAudit(kind: DatabaseKind) async throws {
        let services = try await TestDatabase.services(kind)
        let agency = try await TestAgency.make(services)
        let personId = try await Self.person(services, agency)
        let crossing = try await services.crossings.record(
            .init(personId: personId, documentId: nil, pointCode: "UA-ROAD-KRAKIVETS", direction: .exit, occurredAt: nil, decision: .admitted),
            idempotencyKey: "k1", context: agency.context(.firstLine)
        )
        let events = try await services.database.repositories.outbox.events(after: 0)
        let recorded = try #require(events.first { $0.type == "crossing.recorded" })
        #expect(recorded.aggregateId == crossing.id.uuidString)
        #expect(recorded.payload.contains(#""pointCode":"UA-ROAD-KRAKIVETS""#))
        let audit = try await services.database.repositories.audit.entries(.init(personId: personId))
        #expect(audit.map(\.action) == ["crossing.create", "person.create"])
        try await services.database.shutdown()
    }

    @Test("a refused write leaves no crossing, no event and no audit entry behind", arguments: TestDatabase.kinds)
    func atomic(kind: DatabaseKind) async throws {
        let services = try await TestDatabase.services(kind)
        let agency = try await TestAgency.make(services)
        let personId = try await Self.person(services, agency)
        let before = try await services.database.repositories.outbox.events(after: 0).count
        let auditBefore = try await services.database.repositories.audit.verify().entriesChecked
        await #expect(throws: ServiceError.self) {
            try await services.crossings.record(
                .init(personId: personId, documentId: UUID(), pointCode: "UA-ROAD-KRAKIVETS", direction: .exit, occurredAt: nil, decision: .admitted),
                idempotencyKey: "k2", context: agency.context(.firstLine)
            )
        }
        #expect(try await services.database.repositories.crossings.count() == 0)
        #expect(try await services.database.repositories.outbox.events(after: 0).count == before)
        #expect(try await services.database.repositories.audit.verify().entriesChecked == auditBefore)
        // The key was not consumed by the failed attempt.
        let crossing = try await services.crossings.record(
            .init(personId: personId, documentId: nil, pointCode: "UA-ROAD-KRAKIVETS", direction: .exit, occurredAt: nil, decision: .admitted),
            idempotencyKey: "k2", context: agency.context(.firstLine)
        )
        #expect(crossing.personId == personId)
        try await services.database.shutdown()
    }

    @Test("timestamps in the future and reasons on an admission are refused, naming the field")
    func validation() async throws {
        let services = try await TestDatabase.services(.sqlite)
        let agency = try await TestAgency.make(services)
        let personId = try await Self.person(services, agency)
        let future = CrossingService.NewCrossing(
            personId: personId, documentId: nil, pointCode: "UA-ROAD-KRAKIVETS", direction: .entry,
            occurredAt: Date().addingTimeInterval(86_400), decision: .admitted
        )
        await #expect(throws: ServiceError.invalid("occurredAt", "is in the future (more than 300 s ahead of the server's clock)")) {
            try await services.crossings.record(future, idempotencyKey: nil, context: agency.context(.firstLine))
        }
        var reasons = future
        reasons.occurredAt = nil
        reasons.refusalReasons = ["C"]
        await #expect(throws: ServiceError.invalid("refusalReasons", "must be empty when the decision is admitted")) {
            try await services.crossings.record(reasons, idempotencyKey: nil, context: agency.context(.firstLine))
        }
        try await services.database.shutdown()
    }
}
