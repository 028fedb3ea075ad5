import Foundation
import KordonTesting
import Services
import Store
import Testing
import TravelDocuments

/// Two Kordon processes on one database behave as one system (issue 15 item 5): each has its own
/// connection pool and services, as two `kordon serve` instances behind a load balancer would. Requests
/// race through both; every create happens once.
/// Issue 15 item 5 asks this of PostgreSQL: several servers on one SQLite file are not a deployment Kordon offers
/// (SQLite has one writer; the second server waits on its lock), so these run on PostgreSQL only.
@Suite("Two instances on one database")
struct TwoInstancesTests {
    static func pair(_ kind: DatabaseKind) async throws -> (KordonServices, KordonServices, TestAgency) {
        let location = try await TestDatabase.freshLocation(kind)
        let first = try await KordonServices.start(
            location: location, referenceFolder: TestDatabase.referenceFolder, logger: TestDatabase.logger
        )
        let second = try await KordonServices.start(
            location: location, referenceFolder: TestDatabase.referenceFolder, logger: TestDatabase.logger
        )
        return (first, second, try await TestAgency.make(first))
    }

    @Test("one idempotency key sent to both instances at once makes one crossing, one event", arguments: TestDatabase.kinds.filter { $0 == .postgres })
    func idempotencyKeyOnce(kind: DatabaseKind) async throws {
        let (a, b, agency) = try await Self.pair(kind)
        let person = try await a.persons.create(
            .init(surname: "RACE", givenNames: "ANA", birthDate: "1990-05-05", sex: "F", nationality: "MDA"),
            idempotencyKey: nil, context: agency.context(.firstLine)
        ).person.id
        let input = CrossingService.NewCrossing(
            personId: person, documentId: nil, pointCode: "UA-ROAD-KRAKIVETS", direction: .entry, occurredAt: nil,
            decision: .admitted
        )
        let context = agency.context(.firstLine)
        let ids = try await withThrowingTaskGroup(of: UUID.self) { group in
            for index in 0..<8 {
                let instance = index % 2 == 0 ? a : b
                group.addTask { try await instance.crossings.record(input, idempotencyKey: "race-1", context: context).id }
            }
            var ids: Set<UUID> = []
            for try await id in group { ids.insert(id) }
            return ids
        }
        #expect(ids.count == 1)
        #expect(try await b.database.repositories.crossings.count() == 1)
        let events = try await a.database.repositories.outbox.events(after: 0, limit: 1_000)
        #expect(events.filter { $0.type == "crossing.recorded" }.count == 1)
        #expect(try await b.database.repositories.presence.find(personId: person)?.crossingId == ids.first)
        try await a.database.shutdown()
        try await b.database.shutdown()
    }

    @Test("one check decided through both instances at once records one crossing", arguments: TestDatabase.kinds.filter { $0 == .postgres })
    func decisionOnce(kind: DatabaseKind) async throws {
        let (a, b, agency) = try await Self.pair(kind)
        let mrz = try MRZGenerator.make(MRZFields(
            format: .td3, documentCode: "P", issuingState: "MDA", surname: "RACE", givenNames: "ION",
            documentNumber: "RC1234567", nationality: "MDA", birthDate: "850412", sex: "M", expiryDate: "341231"
        ))
        let check = try await a.checks.check(
            .init(mrz: mrz, pointCode: "UA-ROAD-MAIAKY-UDOBNE", direction: .entry), context: agency.context(.firstLine)
        )
        let context = agency.context(.firstLine)
        let crossings = try await withThrowingTaskGroup(of: UUID?.self) { group in
            for index in 0..<6 {
                let instance = index % 2 == 0 ? a : b
                group.addTask {
                    do {
                        return try await instance.checks.decide(check.id, .init(decision: .admit), context: context).id
                    } catch let error as ServiceError where error.code == .conflict {
                        return nil
                    }
                }
            }
            var ids: Set<UUID> = []
            for try await id in group { if let id { ids.insert(id) } }
            return ids
        }
        #expect(crossings.count == 1)
        #expect(try await a.database.repositories.crossings.count() == 1)
        let events = try await b.database.repositories.outbox.events(after: 0, limit: 1_000)
        #expect(events.filter { $0.type == "crossing.recorded" }.count == 1)
        try await a.database.shutdown()
        try await b.database.shutdown()
    }
}
