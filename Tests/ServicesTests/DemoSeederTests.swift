import Foundation
import KordonTesting
import Services
import Store
import Testing

@Suite("Demo data")
struct DemoSeederTests {
    @Test("the demo seeds every role, the persons and crossings asked for, and an intact audit trail")
    func seed() async throws {
        let services = try await TestDatabase.services(.sqlite)
        let credentials = try await DemoSeeder(services: services).seed(
            persons: 300, crossings: 2_000, seed: 1, url: "http://127.0.0.1:1", makeMRZ: { _ in nil },
            progress: { _, _, _ in }
        )
        #expect(Set(credentials.officers.map(\.role)) == Set(Role.allCases.map(\.rawValue)))
        #expect(Set(credentials.officers.map(\.agency)).count == DemoSeeder.agencies.count)
        let crossings = try await services.database.repositories.crossings.count()
        // The traffic asked for, plus one entry for each of the (at most 40) overstayers and three crossings for each of
        // the two register stories that cross the border (KARIMOV, AL HADID).
        #expect(crossings > 1_800 && crossings <= 2_046)
        // The registers' stories: records of four agencies, some linked by the resolver, some waiting for an officer.
        let links = try await services.database.sql.raw("SELECT link, COUNT(*) AS n FROM register_record GROUP BY link").all()
            .reduce(into: [String: Int]()) { $0[try $1.decode(column: "link", as: String.self)] = try $1.decode(column: "n", as: Int.self) }
        #expect((links["matched"] ?? 0) >= 2, "\(links)")
        #expect((links["queued"] ?? 0) >= 1, "\(links)")
        #expect((links["document"] ?? 0) >= 10, "\(links)")
        #expect(try await services.database.repositories.audit.verify().isIntact)
        for entry in credentials.officers {
            #expect(try await services.admin.authenticate(token: entry.token) != nil)
        }
        try await services.database.shutdown()
    }

    @Test("the demo's watchlists hold the walkthrough's alerts and alerts that match seeded travellers")
    func watchlists() async throws {
        let services = try await TestDatabase.services(.sqlite)
        _ = try await DemoSeeder(services: services).seed(
            persons: 300, crossings: 500, seed: 1, url: "http://127.0.0.1:1", makeMRZ: { _ in nil },
            progress: { _, _, _ in }
        )
        let reader = try await TestAgency.make(services, code: "XX-TEST").context(.firstLine)
        // The walkthrough's entry ban is written in Cyrillic; the passport's Latin form must hit it.
        let volkov = try await services.watchlists.screen(
            .init(surname: "VOLKOV", givenNames: "DMITRII", birthDate: "1979-04-12", nationality: "RUS", sex: "M"),
            context: reader
        )
        #expect(volkov.first?.category == .entryBan)
        // The first seeded traveller on a list (index 7) has an entry ban under the same name.
        let traveller = try #require(
            SyntheticPopulation.travellers(count: 300, seed: 1, agencyId: UUID(), now: services.clock()).dropFirst(7).first
        ).person
        let hits = try await services.watchlists.screen(
            .init(
                surname: traveller.surname, givenNames: traveller.givenNames, birthDate: traveller.birthDate,
                nationality: traveller.nationality, sex: traveller.sex
            ),
            context: reader
        )
        #expect(hits.contains { $0.category == .entryBan && $0.score >= 0.9 })
        #expect(try await services.database.repositories.audit.verify().isIntact)
        try await services.database.shutdown()
    }

    @Test("the same seed gives the same travellers")
    func deterministic() {
        let agency = UUID()
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        let a = SyntheticPopulation.travellers(count: 50, seed: 9, agencyId: agency, now: now)
        let b = SyntheticPopulation.travellers(count: 50, seed: 9, agencyId: agency, now: now)
        #expect(a.map(\.person) == b.map(\.person))
        #expect(Set(a.map(\.documentNumber)).count == 50)
    }
}
