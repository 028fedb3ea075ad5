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
        #expect(Set(credentials.officers.map(\.agency)).count == 6)
        let crossings = try await services.database.repositories.crossings.count()
        #expect(crossings > 1_800 && crossings <= 2_000)
        #expect(try await services.database.repositories.audit.verify().isIntact)
        for entry in credentials.officers {
            #expect(try await services.admin.authenticate(token: entry.token) != nil)
        }
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
