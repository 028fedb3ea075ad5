import Foundation
import KordonTesting
import Services
import StayRules
import Store
import Testing

/// Who is in the country is kept on each recorded crossing (issue 15), in one place, and the overstayer
/// list is read from it, page by page.
@Suite("Presence and the overstayer list")
struct PresenceTests {
    static func foreigner(
        _ services: KordonServices, _ agency: TestAgency, surname: String, nationality: String = "MDA"
    ) async throws -> UUID {
        try await services.persons.create(
            .init(surname: surname, givenNames: "ANA", birthDate: "1990-05-05", sex: "F", nationality: nationality),
            idempotencyKey: nil, context: agency.context(.firstLine)
        ).person.id
    }

    @discardableResult
    static func cross(
        _ services: KordonServices, _ agency: TestAgency, _ personId: UUID, _ direction: Crossing.Direction,
        daysAgo: Double, decision: Crossing.Decision = .admitted
    ) async throws -> Crossing {
        try await services.crossings.record(
            .init(
                personId: personId, documentId: nil, pointCode: "UA-ROAD-MAIAKY-UDOBNE", direction: direction,
                occurredAt: Date().addingTimeInterval(-daysAgo * 86_400), decision: decision,
                refusalReasons: decision == .refused ? ["E"] : nil,
                backdateReason: daysAgo >= 1 ? "recorded from the paper log" : nil
            ),
            idempotencyKey: nil, context: agency.context(.secondLine)
        )
    }

    @Test("an admitted entry puts a person in the country; a refused exit does not take him out; an admitted exit does",
        arguments: TestDatabase.kinds)
    func keptOnEachCrossing(kind: DatabaseKind) async throws {
        let services = try await TestDatabase.services(kind)
        let agency = try await TestAgency.make(services)
        let person = try await Self.foreigner(services, agency, surname: "LUNGU")
        let presence = services.database.repositories.presence
        #expect(try await presence.find(personId: person) == nil)
        let entry = try await Self.cross(services, agency, person, .entry, daysAgo: 10)
        let row = try #require(try await presence.find(personId: person))
        #expect(row.crossingId == entry.id)
        #expect(row.entryPoint == "UA-ROAD-MAIAKY-UDOBNE")
        #expect(row.outlook?.basis == "visa-free")
        try await Self.cross(services, agency, person, .exit, daysAgo: 5, decision: .refused)
        #expect(try await presence.find(personId: person)?.crossingId == entry.id)
        try await Self.cross(services, agency, person, .exit, daysAgo: 4)
        #expect(try await presence.find(personId: person) == nil)
        try await services.database.shutdown()
    }

    @Test("the overstayer list pages by cursor, most days over first, each row as Overstay.check counts it",
        arguments: TestDatabase.kinds)
    func pagedByCursor(kind: DatabaseKind) async throws {
        let services = try await TestDatabase.services(kind)
        let agency = try await TestAgency.make(services)
        var expected: [UUID: Int] = [:]
        for (index, daysAgo) in [100, 130, 95, 119, 160].enumerated() {
            let person = try await Self.foreigner(services, agency, surname: "OVER\(index)")
            try await Self.cross(services, agency, person, .entry, daysAgo: Double(daysAgo))
            expected[person] = daysAgo - 89
        }
        let citizen = try await Self.foreigner(services, agency, surname: "HOME", nationality: "UKR")
        try await Self.cross(services, agency, citizen, .entry, daysAgo: 400)
        let recent = try await Self.foreigner(services, agency, surname: "RECENT")
        try await Self.cross(services, agency, recent, .entry, daysAgo: 20)

        let analyst = agency.context(.analyst)
        var rows: [OverstayService.Overstayer] = []
        var cursor: String?
        var pages = 0
        repeat {
            let page = try await services.overstays.page(.init(), cursor: cursor, limit: 2, context: analyst)
            rows += page.items
            cursor = page.nextCursor
            pages += 1
        } while cursor != nil && pages < 10
        #expect(pages == 3)
        #expect(Set(rows.map(\.personId)) == Set(expected.keys))
        #expect(rows.map(\.daysOver) == expected.values.sorted(by: >))
        for row in rows { #expect(row.daysOver == expected[row.personId]) }
        #expect(rows.allSatisfy { $0.basis == "visa-free" && $0.authorisedUntil != nil })
        let counts = try await services.overstays.countByNationality(.init(minDays: 30), context: analyst)
        #expect(counts == ["MDA": 3])
        await #expect(throws: ServiceError.self) {
            try await services.overstays.page(.init(), cursor: "not-a-cursor", context: analyst)
        }
        try await services.database.shutdown()
    }

    @Test("a residence permit recorded during the stay takes the person off the list once his presence is refreshed",
        arguments: TestDatabase.kinds)
    func refreshedWhenAuthorisationChanges(kind: DatabaseKind) async throws {
        let services = try await TestDatabase.services(kind)
        let agency = try await TestAgency.make(services)
        let person = try await Self.foreigner(services, agency, surname: "PERMIT")
        try await Self.cross(services, agency, person, .entry, daysAgo: 120)
        let analyst = agency.context(.analyst)
        #expect(try await services.overstays.page(.init(), cursor: nil, context: analyst).items.map(\.personId) == [person])
        let today = CalendarDay(daysSinceEpoch: Int((Date().timeIntervalSince1970 / 86_400).rounded(.down)))!
        let permit = Authorisation.residencePermit(
            ResidencePermit(kind: .temporary, validFrom: today.adding(days: -40), validUntil: today.adding(days: 300))
        )
        let now = Date()
        try await services.database.transaction { tx in
            try await tx.checks.insert([AuthorisationRecord(
                personId: person, kind: "residence_permit", validFrom: today.adding(days: -40).description,
                validUntil: today.adding(days: 300).description,
                details: String(decoding: try JSONEncoder().encode(permit), as: UTF8.self),
                issuedByAgency: agency.agency.id, createdAt: now
            )])
            try await services.presence.refresh(personIds: [person], in: tx, now: now)
        }
        #expect(try await services.overstays.page(.init(), cursor: nil, context: analyst).items.isEmpty)
        // Authorised through the permit, and then visa-free for up to 90 more days (its days do not count).
        let row = try await services.database.repositories.presence.find(personId: person)
        #expect((row?.outlook?.authorisedThrough ?? 0) > today.adding(days: 300).daysSinceEpoch)
        try await services.database.shutdown()
    }

    @Test("a stored authorisation that cannot be read does not stop the border, and the list names it",
        arguments: TestDatabase.kinds)
    func unreadableAuthorisationIsNamed(kind: DatabaseKind) async throws {
        let services = try await TestDatabase.services(kind)
        let agency = try await TestAgency.make(services)
        let person = try await Self.foreigner(services, agency, surname: "BROKEN")
        let record = AuthorisationRecord(
            personId: person, kind: "visa", validFrom: "2026-01-01", validUntil: "2026-12-31",
            details: #"{"visa":{"kind":"short"}}"#, issuedByAgency: agency.agency.id, createdAt: Date()
        )
        try await services.database.transaction { tx in try await tx.checks.insert([record]) }
        // The crossing is recorded all the same; the person's outlook waits.
        try await Self.cross(services, agency, person, .entry, daysAgo: 100)
        #expect(try await services.database.repositories.presence.find(personId: person)?.outlook == nil)
        let error = await #expect(throws: ServiceError.self) {
            try await services.overstays.page(.init(), cursor: nil, context: agency.context(.analyst))
        }
        #expect(error?.field == "authorisation")
        #expect(error?.detail.contains(record.id.uuidString.lowercased()) == true)
        try await services.database.shutdown()
    }

    @Test("rows backfilled without an outlook (the migration, a bulk load) are computed before the list is read",
        arguments: TestDatabase.kinds)
    func backfilledRowsComputed(kind: DatabaseKind) async throws {
        let services = try await TestDatabase.services(kind)
        let agency = try await TestAgency.make(services)
        let person = try await Self.foreigner(services, agency, surname: "BULK")
        let entered = Date().addingTimeInterval(-119 * 86_400)
        let officer = try #require(agency.officers[.firstLine])
        // Two crossings at the same instant: the one with the larger id is the latest, in SQL and in Swift.
        let ids = [UUID(), UUID()].sorted { $0.uuidString.lowercased() < $1.uuidString.lowercased() }
        let exit = Crossing(
            id: ids[0], personId: person, documentId: nil, pointCode: "UA-ROAD-MAIAKY-UDOBNE", direction: .exit,
            occurredAt: entered, officerId: officer.id, agencyId: agency.agency.id, decision: .admitted, recordedAt: entered
        )
        let entry = Crossing(
            id: ids[1], personId: person, documentId: nil, pointCode: "UA-ROAD-KRAKIVETS", direction: .entry,
            occurredAt: entered, officerId: officer.id, agencyId: agency.agency.id, decision: .admitted, recordedAt: entered
        )
        try await services.database.repositories.crossings.insert([exit, entry])
        try await services.database.transaction { tx in try await tx.presence.rebuildFromCrossings() }
        #expect(try await services.database.repositories.presence.find(personId: person)?.outlook == nil)
        let rows = try await services.overstays.page(.init(), cursor: nil, context: agency.context(.analyst)).items
        #expect(rows.map(\.personId) == [person])
        #expect(rows.first?.entryPoint == "UA-ROAD-KRAKIVETS")
        #expect(rows.first?.daysOver == 30)
        // The keeper agrees with the SQL on the tie.
        try await services.database.transaction { tx in
            try await services.presence.refresh(personIds: [person], in: tx, now: Date())
        }
        #expect(try await services.database.repositories.presence.find(personId: person)?.crossingId == entry.id)
        try await services.database.shutdown()
    }

    @Test("the SQL that rebuilds presence after a bulk load agrees with the keeper's rule, person by person",
        arguments: TestDatabase.kinds)
    func sqlAgreesWithKeeper(kind: DatabaseKind) async throws {
        let services = try await TestDatabase.services(kind)
        let agency = try await TestAgency.make(services)
        let officer = try #require(agency.officers[.firstLine])
        var random = SeededGenerator(seed: 15)
        var persons: [UUID] = []
        var crossings: [Crossing] = []
        let start = Date().addingTimeInterval(-400 * 86_400)
        for index in 0..<40 {
            let person = try await Self.foreigner(services, agency, surname: "RULE\(index)")
            persons.append(person)
            for _ in 0..<Int.random(in: 0...6, using: &random) {
                // Whole days, so that some crossings of one person share an instant and the id decides.
                let at = start.addingTimeInterval(Double(Int.random(in: 0...30, using: &random)) * 86_400 * 10)
                crossings.append(Crossing(
                    id: UUID(), personId: person, documentId: nil, pointCode: "UA-ROAD-MAIAKY-UDOBNE",
                    direction: Bool.random(using: &random) ? .entry : .exit, occurredAt: at, officerId: officer.id,
                    agencyId: agency.agency.id, decision: Int.random(in: 0..<4, using: &random) == 0 ? .refused : .admitted,
                    refusalReasons: [], recordedAt: at
                ))
            }
        }
        try await services.database.repositories.crossings.insert(crossings)
        let everyone = persons
        let presence = services.database.repositories.presence
        func snapshot() async throws -> [UUID: UUID] {
            var result: [UUID: UUID] = [:]
            for person in everyone { result[person] = try await presence.find(personId: person)?.crossingId }
            return result
        }
        // Named with 600 persons who have no crossing: more than one statement binds, so the ids go through a
        // temporary table (what a backlog's tens of thousands of persons take); then again by name.
        let named = everyone + (0..<600).map { _ in UUID() }
        try await services.database.transaction { tx in try await tx.presence.rebuildFromCrossings(personIds: named) }
        let bySQL = try await snapshot()
        try await services.database.transaction { tx in try await tx.presence.rebuildFromCrossings(personIds: everyone) }
        #expect(try await snapshot() == bySQL)
        try await services.database.transaction { tx in
            try await services.presence.refresh(personIds: everyone, in: tx, now: Date())
        }
        let byKeeper = try await snapshot()
        #expect(bySQL == byKeeper)
        #expect(bySQL.count > 5 && bySQL.count < 35, "a mix of present and absent: \(bySQL.count) of 40")
        try await services.database.shutdown()
    }
}
