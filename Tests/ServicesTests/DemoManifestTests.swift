import Foundation
import KordonTesting
@testable import Services
import Store
import Testing

@Suite("Demo manifests")
struct DemoManifestTests {
    @Test("the demo's flights are on the board: hits on the walkthrough's travellers, one closed, one amended")
    func board() async throws {
        let services = try await TestDatabase.services(.sqlite)
        _ = try await DemoSeeder(services: services).seed(
            persons: 300, crossings: 500, seed: 1, url: "http://127.0.0.1:1", makeMRZ: { _ in nil },
            progress: { _, _, _ in }
        )
        let reader = try await TestAgency.make(services, code: "XX-TEST").context(.analyst)
        let board = try await services.manifests.board(pointCode: nil, context: reader)
        #expect(Set(board.map(\.flight)) == ["PS 102", "FR 2144", "LH 1490", "LO 751"])
        let byFlight = Dictionary(uniqueKeysWithValues: board.map { ($0.flight, $0) })
        #expect(byFlight["PS 102"]?.status == .expected && (byFlight["PS 102"]?.hits ?? 0) >= 1)
        #expect(byFlight["FR 2144"]?.status == .landed && (byFlight["FR 2144"]?.hits ?? 0) >= 1)
        #expect(byFlight["LH 1490"]?.status == .closed && byFlight["LH 1490"]?.notArrived == byFlight["LH 1490"]?.travellers)
        #expect(byFlight["LO 751"]?.amended == true)
        let ps102 = try await services.manifests.flight(try #require(byFlight["PS 102"]?.id), context: reader)
        #expect(ps102.travellers.contains { $0.traveller.surname == "VOLKOV" && $0.hits.first?.category == "entry_ban" })
        let fr2144 = try await services.manifests.flight(try #require(byFlight["FR 2144"]?.id), context: reader)
        #expect(fr2144.travellers.contains { $0.traveller.surname == "BONDARENKO" && $0.traveller.givenNames == "IRYNA" && $0.hits.contains { $0.category == "lost_stolen_document" } })
        #expect(fr2144.travellers.contains { $0.traveller.surname == "HORVAT" && !$0.hits.isEmpty })
        let lh1490 = try await services.manifests.flight(try #require(byFlight["LH 1490"]?.id), context: reader)
        #expect(lh1490.travellers.contains { $0.traveller.surname == "BRANDT" && $0.traveller.issues.contains("document-expired") })
        #expect(try await services.database.repositories.audit.verify().isIntact)
        try await services.database.shutdown()
    }
}
