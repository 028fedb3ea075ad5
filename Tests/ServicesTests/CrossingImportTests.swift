import Foundation
import KordonTesting
import Services
import Store
import Testing

/// `kordon import crossings`: every bad line named with its field and nothing stored; good files loaded
/// (COPY on PostgreSQL, multi-row inserts on SQLite) and who is in the country rebuilt from them.
@Suite("Crossing import")
struct CrossingImportTests {
    static func setup(_ kind: DatabaseKind) async throws -> (KordonServices, TestAgency, UUID) {
        let services = try await TestDatabase.services(kind)
        let agency = try await TestAgency.make(services)
        let person = try await services.persons.create(
            .init(surname: "LUNGU", givenNames: "ANA", birthDate: "1990-05-05", sex: "F", nationality: "MDA"),
            idempotencyKey: nil, context: agency.context(.firstLine)
        ).person.id
        return (services, agency, person)
    }

    @Test("each bad line is reported with its line number and field, and nothing is stored", arguments: TestDatabase.kinds)
    func badLines(kind: DatabaseKind) async throws {
        let (services, agency, person) = try await Self.setup(kind)
        let officer = try #require(agency.officers[.firstLine]).id.uuidString
        let agencyId = agency.agency.id.uuidString
        let p = person.uuidString
        let csv = """
            person_id,point_code,direction,occurred_at,officer_id,agency_id,decision,refusal_reasons
            \(p),UA-ROAD-KRAKIVETS,entry,2025-01-01T10:00:00Z,\(officer),\(agencyId),admitted,
            \(p),UA-ROAD-NOWHERE,entry,2025-01-01T10:00:00Z,\(officer),\(agencyId),admitted,
            \(p),UA-ROAD-KRAKIVETS,sideways,2025-01-01T10:00:00Z,\(officer),\(agencyId),admitted,
            \(p),UA-ROAD-KRAKIVETS,exit,01.02.2025,\(officer),\(agencyId),admitted,
            not-a-uuid,UA-ROAD-KRAKIVETS,exit,2025-02-01T10:00:00Z,\(officer),\(agencyId),admitted,
            \(UUID().uuidString),UA-ROAD-KRAKIVETS,exit,2025-02-01T10:00:00Z,\(officer),\(agencyId),admitted,
            \(p),UA-ROAD-KRAKIVETS,exit,2025-02-01T10:00:00Z,\(officer),\(agencyId),refused,
            \(p),UA-ROAD-KRAKIVETS,exit,2025-02-01T10:00:00Z,\(officer),\(agencyId)
            """
        do {
            _ = try await CrossingImport(services: services).run(Data(csv.utf8), format: .csv, source: "test.csv")
            Issue.record("a bad file was imported")
        } catch let failure as CrossingImport.Failure {
            #expect(failure.errors.map(\.line) == [3, 4, 5, 6, 7, 8, 9])
            #expect(failure.errors.map(\.field) == ["pointCode", "direction", "occurredAt", "personId", "personId", "refusalReasons", nil])
        }
        #expect(try await services.database.repositories.crossings.count() == 0)
        let jsonl = #"{"personId":"\#(p)","pointCode":"UA-ROAD-KRAKIVETS","direction":"entry","occurredAt":"2025-01-01T10:00:00Z","officerId":"\#(officer)","agencyId":"\#(agencyId)","decision":7}"#
        await #expect(throws: CrossingImport.Failure.self) {
            try await CrossingImport(services: services).run(Data(jsonl.utf8), format: .jsonl, source: "test.jsonl")
        }
        try await services.database.shutdown()
    }

    @Test("a good file is loaded, its times and fields kept, and the person is in the country after it",
        arguments: TestDatabase.kinds)
    func loaded(kind: DatabaseKind) async throws {
        let (services, agency, person) = try await Self.setup(kind)
        let officer = try #require(agency.officers[.firstLine]).id.uuidString
        let agencyId = agency.agency.id.uuidString
        let entered = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 86_400).rounded(.down) * 86_400 - 119 * 86_400 + 36_000)
        let stamp = entered.formatted(Date.ISO8601FormatStyle())
        let lines = [
            #"{"personId":"\#(person)","pointCode":"UA-ROAD-KRAKIVETS","direction":"exit","occurredAt":"2024-06-01T08:00:00.250Z","officerId":"\#(officer)","agencyId":"\#(agencyId)","decision":"admitted"}"#,
            #"{"personId":"\#(person)","pointCode":"UA-ROAD-MAIAKY-UDOBNE","direction":"entry","occurredAt":"\#(stamp)","officerId":"\#(officer)","agencyId":"\#(agencyId)","decision":"admitted"}"#,
            #"{"personId":"\#(person)","pointCode":"UA-ROAD-KRAKIVETS","direction":"exit","occurredAt":"\#(stamp)","officerId":"\#(officer)","agencyId":"\#(agencyId)","decision":"refused","refusalReasons":["E"]}"#,
        ]
        let summary = try await CrossingImport(services: services).run(
            Data(lines.joined(separator: "\n").utf8), format: .jsonl, source: "backlog.jsonl"
        )
        #expect(summary.stored == 3)
        let stored = try await services.database.repositories.crossings.timeline(personId: person)
        #expect(stored.count == 3)
        let first = try #require(stored.last)
        #expect(abs(first.occurredAt.timeIntervalSince1970 - 1_717_228_800.25) < 0.001)
        #expect(stored.first { $0.decision == .refused }?.refusalReasons == ["E"])
        #expect(stored.allSatisfy { $0.backdateReason == "bulk import from backlog.jsonl" })
        let presence = try await services.database.repositories.presence.find(personId: person)
        #expect(presence?.entryPoint == "UA-ROAD-MAIAKY-UDOBNE")
        let overstayers = try await services.overstays.page(.init(), cursor: nil, context: agency.context(.analyst))
        #expect(overstayers.items.map(\.daysOver) == [30])
        try await services.database.shutdown()
    }
}
