import Foundation
import KordonTesting
@testable import Services
import Store
import Testing

/// The bulk path of `kordon import crossings`: a bad line among thousands named, nothing stored; ids checked
/// before the insert; who is in the country afterwards exactly what recording the crossings one at a time
/// would have made it.
@Suite("Crossing import, in bulk")
struct CrossingImportBulkTests {
    static let header = "id,person_id,point_code,direction,occurred_at,officer_id,agency_id,decision,refusal_reasons"

    static func csvLine(_ c: Crossing, officer: UUID, agency: UUID) -> String {
        let stamp = c.occurredAt.formatted(Date.ISO8601FormatStyle())
        return "\(c.id),\(c.personId),\(c.pointCode),\(c.direction.rawValue),\(stamp),\(officer),\(agency),"
            + "\(c.decision.rawValue),\(c.refusalReasons.joined(separator: ";"))"
    }

    /// A store with these persons (surname, nationality) and an officer to record their crossings.
    struct LoadWorld {
        let services: KordonServices
        let persons: [Person]
        let now: Date
        let officer: UUID
        let agency: UUID

        /// An admitted crossing of `person` at Shehyni, `daysAgo` days before `now`.
        func crossing(_ person: Person, _ direction: Crossing.Direction, daysAgo: Double) -> Crossing {
            Crossing(
                personId: person.id, documentId: nil, pointCode: "UA-ROAD-SHEHYNI", direction: direction,
                occurredAt: now.addingTimeInterval(-daysAgo * 86_400), officerId: officer, agencyId: agency,
                decision: .admitted, refusalReasons: [], recordedAt: now
            )
        }
    }

    static func world(_ kind: DatabaseKind, persons: [(surname: String, nationality: String)]) async throws -> LoadWorld {
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        let services = try await TestDatabase.services(kind, clock: { now })
        let agency = try await TestAgency.make(services)
        let officer = try #require(agency.officers[.firstLine]).id
        let made = persons.map { person in
            Person(
                surname: person.surname, givenNames: "TEST", birthDate: "1980-01-01", sex: "X",
                nationality: person.nationality, createdByAgency: agency.agency.id, createdAt: now
            )
        }
        try await services.database.repositories.persons.insert(made)
        return LoadWorld(services: services, persons: made, now: now, officer: officer, agency: agency.agency.id)
    }

    @Test("a bad line among thousands is named with its line and field, and nothing is stored",
        arguments: TestDatabase.kinds)
    func badLineAmongMany(kind: DatabaseKind) async throws {
        let (services, agency, person) = try await CrossingImportTests.setup(kind)
        let officer = try #require(agency.officers[.firstLine]).id
        let base = Date(timeIntervalSince1970: 1_700_000_000)
        var lines = [Self.header]
        for index in 0..<6_000 {
            let crossing = Crossing(
                personId: person, documentId: nil, pointCode: "UA-ROAD-KRAKIVETS",
                direction: index % 2 == 0 ? .entry : .exit, occurredAt: base.addingTimeInterval(Double(index) * 3_600),
                officerId: officer, agencyId: agency.agency.id, decision: .admitted, recordedAt: base
            )
            lines.append(Self.csvLine(crossing, officer: officer, agency: agency.agency.id))
        }
        // Line 4,002 (the header is line 1) goes sideways; line 5,502 names a person nobody recorded.
        lines[4_001] = lines[4_001].replacingOccurrences(of: ",entry,", with: ",sideways,")
            .replacingOccurrences(of: ",exit,", with: ",sideways,")
        lines[5_501] = lines[5_501].replacingOccurrences(of: person.uuidString, with: UUID().uuidString)
        do {
            _ = try await CrossingImport(services: services).run(
                Data(lines.joined(separator: "\n").utf8), format: .csv, source: "many.csv"
            )
            Issue.record("a file with bad lines was imported")
        } catch let failure as CrossingImport.Failure {
            #expect(failure.errors.map(\.line) == [4_002, 5_502])
            #expect(failure.errors.map(\.field) == ["direction", "personId"])
            #expect(!failure.truncated)
        }
        #expect(try await services.database.repositories.crossings.count() == 0)
        #expect(try await services.database.repositories.presence.count() == 0)
        try await services.database.shutdown()
    }

    @Test("an id given twice in the file, or already stored, is named before anything is stored",
        arguments: TestDatabase.kinds)
    func repeatedIds(kind: DatabaseKind) async throws {
        let (services, agency, person) = try await CrossingImportTests.setup(kind)
        let officer = try #require(agency.officers[.firstLine]).id
        let base = Date(timeIntervalSince1970: 1_700_000_000)
        let crossings = (0..<4).map { index in
            Crossing(
                personId: person, documentId: nil, pointCode: "UA-ROAD-KRAKIVETS", direction: .entry,
                occurredAt: base.addingTimeInterval(Double(index) * 86_400), officerId: officer,
                agencyId: agency.agency.id, decision: .admitted, recordedAt: base
            )
        }
        try await services.database.repositories.crossings.insert([crossings[3]])
        var repeated = crossings[1]
        repeated.id = crossings[0].id
        let lines = [Self.header] + [crossings[0], repeated, crossings[2], crossings[3]].map {
            Self.csvLine($0, officer: officer, agency: agency.agency.id)
        }
        do {
            _ = try await CrossingImport(services: services).run(
                Data(lines.joined(separator: "\n").utf8), format: .csv, source: "ids.csv"
            )
            Issue.record("a file with repeated ids was imported")
        } catch let failure as CrossingImport.Failure {
            #expect(failure.errors.map(\.line) == [3, 5])
            #expect(failure.errors.map(\.field) == ["id", "id"])
            #expect(failure.errors.first?.detail == "repeats the id of line 2")
        }
        #expect(try await services.database.repositories.crossings.count() == 1)
        try await services.database.shutdown()
    }

    @Test("who is in the country after a bulk import is what recording each crossing in turn makes it",
        arguments: TestDatabase.kinds)
    func presenceAsOneAtATime(kind: DatabaseKind) async throws {
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        let bulk = try await TestDatabase.services(kind, clock: { now })
        let single = try await TestDatabase.services(kind, clock: { now })
        let bulkAgency = try await TestAgency.make(bulk)
        let singleAgency = try await TestAgency.make(single)
        var random = SeededGenerator(seed: 15)
        let persons = (0..<16).map { index in
            Person(
                surname: "PRESENT\(index)", givenNames: "TEST", birthDate: "1980-01-01", sex: "X",
                nationality: index % 4 == 0 ? "UKR" : (index % 4 == 1 ? "USA" : "MDA"),
                createdByAgency: bulkAgency.agency.id, createdAt: now
            )
        }
        try await bulk.database.repositories.persons.insert(persons)
        try await single.database.repositories.persons.insert(
            persons.map { person in
                var copy = person
                copy.createdByAgency = singleAgency.agency.id
                return copy
            }
        )
        let points = ["UA-ROAD-KRAKIVETS", "UA-ROAD-MAIAKY-UDOBNE", "UA-ROAD-SHEHYNI"]
        var crossings: [Crossing] = []
        for person in persons {
            var at = now.addingTimeInterval(-Double(Int.random(in: 30...400, using: &random)) * 86_400)
            for _ in 0..<Int.random(in: 0...7, using: &random) {
                let refused = Int.random(in: 0..<6, using: &random) == 0
                crossings.append(
                    Crossing(
                        personId: person.id, documentId: nil, pointCode: points[Int.random(in: 0..<3, using: &random)],
                        direction: Bool.random(using: &random) ? .entry : .exit, occurredAt: at,
                        officerId: UUID(), agencyId: UUID(), decision: refused ? .refused : .admitted,
                        refusalReasons: refused ? ["E"] : [], recordedAt: now
                    )
                )
                // Now and then two crossings at one instant: the id breaks the tie.
                if Int.random(in: 0..<4, using: &random) > 0 {
                    at = min(
                        at.addingTimeInterval(Double(Int.random(in: 1...40, using: &random)) * 86_400),
                        now.addingTimeInterval(-3_600)
                    )
                }
            }
        }
        crossings.shuffle(using: &random)
        // The first few were recorded before the import, in both stores; the rest come in the file.
        let before = crossings.prefix(12)
        let file = crossings.dropFirst(12)
        func recordOneAtATime(_ crossings: some Sequence<Crossing>, in services: KordonServices, _ agency: TestAgency)
            async throws
        {
            let officer = try #require(agency.officers[.firstLine]).id
            for var crossing in crossings {
                crossing.officerId = officer
                crossing.agencyId = agency.agency.id
                try await services.database.transaction { [crossing] tx in
                    try await tx.crossings.insert([crossing])
                    try await services.presence.crossingRecorded(personId: crossing.personId, in: tx, now: now)
                }
            }
        }
        try await recordOneAtATime(before, in: bulk, bulkAgency)
        try await recordOneAtATime(before, in: single, singleAgency)
        try await recordOneAtATime(file, in: single, singleAgency)
        let officer = try #require(bulkAgency.officers[.firstLine]).id
        let lines = [Self.header] + file.map { Self.csvLine($0, officer: officer, agency: bulkAgency.agency.id) }
        let summary = try await CrossingImport(services: bulk).run(
            Data(lines.joined(separator: "\n").utf8), format: .csv, source: "presence.csv"
        )
        #expect(summary.stored == file.count)
        var present = 0
        for person in persons {
            let imported = try await bulk.database.repositories.presence.find(personId: person.id)
            let recorded = try await single.database.repositories.presence.find(personId: person.id)
            #expect(imported == recorded, "person \(person.surname)")
            if recorded != nil { present += 1 }
        }
        // The data holds both cases: persons in the country and persons not.
        #expect(present > 0 && present < persons.count)
        try await bulk.database.shutdown()
        try await single.database.shutdown()
    }

    @Test(
        "a crossing recorded by a booth while a load stores its rows decides that person's presence, not the load's memory",
        arguments: TestDatabase.kinds)
    func crossingRecordedDuringALoad(kind: DatabaseKind) async throws {
        let world = try await Self.world(kind, persons: ["LEFT", "RETURNED", "UNTOUCHED"].map { ($0, "MDA") })
        let (services, persons, now) = (world.services, world.persons, world.now)
        // The load: LEFT and UNTOUCHED entered 20 days ago, RETURNED left 10 days ago.
        let loaded = [
            world.crossing(persons[0], .entry, daysAgo: 20), world.crossing(persons[2], .entry, daysAgo: 20),
            world.crossing(persons[1], .entry, daysAgo: 30), world.crossing(persons[1], .exit, daysAgo: 10),
        ]
        // Meanwhile, at a booth: LEFT leaves and RETURNED comes back, now.
        let live = [world.crossing(persons[0], .exit, daysAgo: 0), world.crossing(persons[1], .entry, daysAgo: 0)]
        let keeper = services.presence
        try await services.database.bulkTransaction { session in
            let load = try await keeper.bulkLoad(loaded, in: session.repositories, now: now)
            try await CrossingRepository.bulkInsert(loaded, in: session)
            // What the booth's transaction writes (on SQLite the load holds the write lock, so here it is
            // written inside the load's transaction: the load sees the same rows it did not bring).
            try await session.repositories.crossings.insert(live)
            let outcome = load.compute()
            // From memory alone, LEFT would still be in the country and RETURNED not.
            #expect(Set(outcome.present.map(\.personId)) == [persons[0].id, persons[2].id])
            try await keeper.store(outcome, of: load, in: session.repositories)
        }
        try await keeper.completePending(database: services.database, now: now)
        let presence = services.database.repositories.presence
        #expect(try await presence.find(personId: persons[0].id) == nil)
        let returned = try #require(try await presence.find(personId: persons[1].id))
        #expect(returned.crossingId == live[1].id)
        #expect(returned.outlook != nil, "the outlook computed after the load")
        let untouched = try #require(try await presence.find(personId: persons[2].id))
        #expect(untouched.crossingId == loaded[1].id)
        #expect(untouched.outlook?.basis == "visa-free")
        try await services.database.shutdown()
    }

    @Test(
        "persons beyond what a load holds in memory get their presence from the database, as the keeper's rule gives it",
        arguments: TestDatabase.kinds)
    func presenceBeyondTheMemoryBound(kind: DatabaseKind) async throws {
        let world = try await Self.world(kind, persons: (0..<6).map { ("HELD\($0)", $0 % 3 == 0 ? "UKR" : "MDA") })
        let (services, persons, now) = (world.services, world.persons, world.now)
        // Stored before: everyone entered 100 days ago and left 90 days ago.
        try await services.database.repositories.crossings.insert(
            persons.flatMap { [world.crossing($0, .entry, daysAgo: 100), world.crossing($0, .exit, daysAgo: 90)] }
        )
        // The load: the even ones came back 30 days ago.
        let loaded = persons.enumerated().filter { $0.offset % 2 == 0 }.map { world.crossing($0.element, .entry, daysAgo: 30) }
        let keeper = services.presence
        try await services.database.bulkTransaction { session in
            // Nothing held: every person is left to the database.
            let load = try await keeper.bulkLoad(loaded, in: session.repositories, now: now, holding: -1)
            try await CrossingRepository.bulkInsert(loaded, in: session)
            try await keeper.store(load.compute(), of: load, in: session.repositories)
        }
        try await keeper.completePending(database: services.database, now: now)
        let presence = services.database.repositories.presence
        var bulk: [UUID: Presence] = [:]
        for person in persons { bulk[person.id] = try await presence.find(personId: person.id) }
        // The keeper's rule, person by person, over what is stored.
        try await services.database.transaction { tx in try await keeper.refresh(personIds: persons.map(\.id), in: tx, now: now) }
        for person in persons {
            #expect(try await presence.find(personId: person.id) == bulk[person.id], "person \(person.surname)")
        }
        #expect(bulk.count == 3)
        #expect(bulk.values.allSatisfy { $0.outlook != nil })
        try await services.database.shutdown()
    }

    @Test(
        "a whole-second UTC timestamp read by hand is the instant Foundation reads",
        arguments: [
            "2025-01-01T10:00:00Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "2000-02-29T12:00:00Z",
            "2024-02-29T23:59:59Z", "1900-03-01T00:00:00Z", "2099-12-31T23:59:59Z",
        ]
    )
    func wholeSecondTimestamp(text: String) throws {
        let foundation = try Date(text, strategy: Date.ISO8601FormatStyle())
        #expect(WholeSecondTimestamp.parse(text) == foundation)
        #expect(AlertImportCheck.parseTimestamp(text) == foundation)
    }

    @Test(
        "what the hand reader does not take goes to Foundation's parser, as before it",
        arguments: [
            "2025-01-01T10:00:00.250Z", "2025-01-01T12:00:00+02:00", "2023-02-29T10:00:00Z", "2025-13-01T10:00:00Z",
            "2025-01-01T24:00:00Z", "2025-01-01 10:00:00Z", "2025-01-01T10:00:0xZ", "2025-01-01t10:00:00z",
            "0001-01-01T00:00:00Z",  // before 1900: Foundation reads it (in the Julian calendar before 1582)
        ]
    )
    func otherTimestamps(text: String) {
        #expect(WholeSecondTimestamp.parse(text) == nil)
        let foundation = (try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
            ?? (try? Date(text, strategy: Date.ISO8601FormatStyle()))
        #expect(AlertImportCheck.parseTimestamp(text) == foundation)
    }
}
