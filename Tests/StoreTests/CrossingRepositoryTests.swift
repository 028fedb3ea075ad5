import Foundation
import KordonTesting
import Services
import Store
import Testing

@Suite("Crossings in the store")
struct CrossingRepositoryTests {
    @Test("keyset pages cover every crossing once, in time order", arguments: TestDatabase.kinds)
    func pagination(kind: DatabaseKind) async throws {
        let services = try await TestDatabase.services(kind)
        let agency = try await TestAgency.make(services)
        let person = Person(
            surname: "TESTER", givenNames: "ANNA", birthDate: "1990-01-01", sex: "F", nationality: "UTO",
            createdByAgency: agency.agency.id, createdAt: Date()
        )
        try await services.database.repositories.persons.insert([person])
        let base = Date(timeIntervalSince1970: 1_750_000_000)
        // Two crossings share a timestamp: the id breaks the tie, so none is lost between pages.
        let officer = agency.officers[.firstLine]!.id
        let crossings: [Crossing] = (0..<25).map { (index: Int) -> Crossing in
            let hours = Double(index == 10 ? 9 : index) * 3600
            return Crossing(
                personId: person.id, documentId: nil, pointCode: "UA-ROAD-SHEHYNI",
                direction: index % 2 == 0 ? .exit : .entry,
                occurredAt: base.addingTimeInterval(hours),
                officerId: officer, agencyId: agency.agency.id, decision: .admitted,
                recordedAt: base
            )
        }
        try await services.database.repositories.crossings.insert(crossings.shuffled(), batchSize: 7)
        var seen: [UUID] = []
        var cursor: CrossingRepository.Cursor?
        repeat {
            let page = try await services.database.repositories.crossings.list(
                .init(personId: person.id), after: cursor, limit: 10
            )
            seen += page.map { $0.id }
            cursor = page.count == 10 ? page.last.map { .init(occurredAt: $0.occurredAt, id: $0.id) } : nil
            if let token = cursor?.token { cursor = CrossingRepository.Cursor(token: token) }
        } while cursor != nil
        #expect(seen.count == 25)
        #expect(Set(seen) == Set(crossings.map { $0.id }))
        let timeline = try await services.database.repositories.crossings.timeline(personId: person.id, limit: 3)
        let newest = Array(crossings.map { $0.occurredAt }.sorted(by: >).prefix(3))
        #expect(timeline.map { $0.occurredAt } == newest)
        let byPoint = try await services.database.repositories.crossings.list(
            .init(pointCode: "UA-ROAD-SHEHYNI", from: base, to: base.addingTimeInterval(5 * 3600)), after: nil, limit: 100
        )
        #expect(byPoint.count == 5)
        try await services.database.shutdown()
    }

    @Test("a crossing reads back field for field, optional columns set and unset, alone and among others", arguments: TestDatabase.kinds)
    func everyField(kind: DatabaseKind) async throws {
        let services = try await TestDatabase.services(kind)
        let agency = try await TestAgency.make(services)
        let people = (0..<3).map { index in
            Person(
                surname: "FIELD\(index)", givenNames: "BY FIELD", birthDate: "1979-11-30", sex: "F", nationality: "UTO",
                createdByAgency: agency.agency.id, createdAt: Date()
            )
        }
        try await services.database.repositories.persons.insert(people)
        let base = Date(timeIntervalSince1970: 1_700_000_000)
        let refused = Crossing(
            personId: people[0].id, documentId: nil, pointCode: "UA-ROAD-SHEHYNI", direction: .entry,
            occurredAt: base, officerId: agency.officers[.firstLine]!.id, agencyId: agency.agency.id,
            decision: .refused, refusalReasons: ["C", "E"], recordedAt: base.addingTimeInterval(30)
        )
        let correction = Crossing(
            personId: people[0].id, documentId: nil, pointCode: "UA-AIR-KBP", direction: .exit,
            occurredAt: base.addingTimeInterval(86_400), officerId: agency.officers[.secondLine]!.id,
            agencyId: agency.agency.id, decision: .admitted, recordedAt: base.addingTimeInterval(90_000),
            correctsId: refused.id, backdateReason: "entered from the paper log, écrit à la main"
        )
        let plain = Crossing(
            personId: people[1].id, documentId: nil, pointCode: "UA-ROAD-SHEHYNI", direction: .exit,
            occurredAt: base.addingTimeInterval(3_600), officerId: agency.officers[.firstLine]!.id,
            agencyId: agency.agency.id, decision: .admitted, recordedAt: base.addingTimeInterval(3_600)
        )
        try await services.database.repositories.crossings.insert([plain, correction, refused])
        let many = try await services.database.repositories.crossings.crossings(personIds: people.map(\.id))
        #expect(many == [people[0].id: [refused, correction], people[1].id: [plain]])
        let one = try await services.database.repositories.crossings.crossings(personIds: [people[0].id])
        #expect(one == [people[0].id: [refused, correction]])
        #expect(try await services.database.repositories.crossings.timeline(personId: people[0].id) == [correction, refused])
        try await services.database.shutdown()
    }

    @Test("a cursor that was not made by the API is rejected", arguments: ["", "xyz", "bm90IGEgY3Vyc29y", String(repeating: "A", count: 500)])
    func badCursor(token: String) {
        #expect(CrossingRepository.Cursor(token: token) == nil)
    }

    @Test("crossing points load from the reference files with the Moldovan joint-control flags", arguments: TestDatabase.kinds)
    func crossingPoints(kind: DatabaseKind) async throws {
        let services = try await TestDatabase.services(kind)
        let points = try await services.crossingPoints()
        #expect(points.count >= 90)
        let palanca = try #require(points.first { $0.partnerPoint?.contains("Palanca") == true })
        #expect(palanca.neighbour == "MDA")
        #expect(palanca.jointControl == true)
        #expect(points.contains { $0.code == "UA-AIR-KBP" && $0.kind == "air" })
        try await services.database.shutdown()
    }
}

@Suite("A person's crossings on PostgreSQL: planned once per connection")
struct PreparedCrossingReadTests {
    /// The timeline and the check's read go through named statements on PostgreSQL (`PreparedRead`): after five
    /// calls PostgreSQL keeps a generic plan. A month partitioned after that plan was made must still be read.
    @Test("the timeline and a person's crossings agree with a plain listing, before and after a new month's partition", arguments: TestDatabase.kinds)
    func preparedReads(kind: DatabaseKind) async throws {
        let services = try await TestDatabase.services(kind)
        let agency = try await TestAgency.make(services)
        let officer = agency.officers[.firstLine]!.id
        let person = Person(
            surname: "PLANNED", givenNames: "ONCE", birthDate: "1985-03-04", sex: "M", nationality: "UTO",
            createdByAgency: agency.agency.id, createdAt: Date()
        )
        let other = Person(
            surname: "OTHER", givenNames: "ONE", birthDate: "1985-03-04", sex: "M", nationality: "UTO",
            createdByAgency: agency.agency.id, createdAt: Date()
        )
        try await services.database.repositories.persons.insert([person, other])
        let base = Date(timeIntervalSince1970: 1_760_000_000)
        func crossing(_ who: Person, days: Double, _ direction: Crossing.Direction) -> Crossing {
            Crossing(
                personId: who.id, documentId: nil, pointCode: "UA-ROAD-SHEHYNI", direction: direction,
                occurredAt: base.addingTimeInterval(days * 86_400), officerId: officer, agencyId: agency.agency.id,
                decision: .admitted, recordedAt: base
            )
        }
        let mine: [Crossing] = (0..<12).map { (index: Int) -> Crossing in
            crossing(person, days: Double(index) * 17, index % 2 == 0 ? .entry : .exit)
        }
        let others: [Crossing] = (0..<4).map { (index: Int) -> Crossing in crossing(other, days: Double(index) * 5, .entry) }
        try await services.database.repositories.crossings.insert(mine + others)
        let newestFive: [UUID] = mine.sorted { $0.occurredAt > $1.occurredAt }.prefix(5).map(\.id)
        // A month no partition holds yet: ten years on.
        let later = crossing(person, days: 3_650, .entry)
        let names = try await services.database.transaction { (tx: Repositories) -> [String] in
            for _ in 0..<7 {
                let timeline = try await tx.crossings.timeline(personId: person.id, limit: 5)
                #expect(timeline.map(\.id) == newestFive)
                let all = try await tx.crossings.crossings(personIds: [person.id])[person.id] ?? []
                #expect(all.map(\.id) == mine.map(\.id))
            }
            try await tx.crossings.insert([later])
            #expect(try await tx.crossings.timeline(personId: person.id, limit: 5).first?.id == later.id)
            #expect(try await tx.crossings.crossings(personIds: [person.id])[person.id]?.last?.id == later.id)
            #expect(try await tx.crossings.crossings(personIds: [UUID()]).isEmpty)
            // Several persons in one read (a presence batch): each one's crossings, oldest first; unknown ids absent.
            let both = try await tx.crossings.crossings(personIds: [other.id, UUID(), person.id])
            #expect(Set(both.keys) == [person.id, other.id])
            #expect(both[person.id]?.map(\.id) == (mine + [later]).map(\.id))
            #expect(both[other.id]?.map(\.id) == others.map(\.id))
            // The check's other reads of the person: found, and nothing for what is not stored.
            #expect(try await tx.persons.find(id: person.id)?.surname == "PLANNED")
            #expect(try await tx.persons.find(id: UUID()) == nil)
            #expect(try await tx.persons.document(issuingState: "UTO", number: "X0000001", documentCode: "P") == nil)
            #expect(try await tx.checks.authorisations(personId: person.id).isEmpty)
            guard kind == .postgres else { return [] }
            return try await tx.db.raw("SELECT name FROM pg_prepared_statements ORDER BY name").all()
                .map { try $0.decode(column: "name", as: String.self) }
        }
        if kind == .postgres {
            #expect(names.contains { $0.hasSuffix("PersonTimelineStatement") })
            #expect(names.contains { $0.hasSuffix("PersonsCrossingsStatement") })
            for statement in ["PersonCrossingsStatement", "PersonByIdStatement", "DocumentStatement", "AuthorisationsStatement"] {
                #expect(names.contains { $0.hasSuffix(statement) }, "\(statement) is not prepared on the connection")
            }
        }
        try await services.database.shutdown()
    }
}
