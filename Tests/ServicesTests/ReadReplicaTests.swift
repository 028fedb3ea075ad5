import Foundation
import KordonTesting
@testable import Services
import SQLKit
import Store
import Testing

/// Statistics and exports read a replica when one is configured (issue 15 item 5: "an optional read replica
/// URL for statistics and exports"); everything else, and every audit entry, stays on the primary.
///
/// A real streaming replica would show the primary's rows a moment late; here the "replica" is a second
/// database holding other rows, so that where each read went can be told apart.
@Suite("Read replica for statistics")
struct ReadReplicaTests {
    @Test("the overstayer list, its export and its counts read the replica; the checks and the audit trail stay on the primary")
    func statisticsReadTheReplica() async throws {
        guard TestDatabase.postgresURL != nil else { return }
        let primaryLocation = try await TestDatabase.freshLocation(.postgres)
        let replicaLocation = try await TestDatabase.freshLocation(.postgres)
        let replicaCopy = try await KordonServices.start(
            location: replicaLocation, referenceFolder: TestDatabase.referenceFolder, logger: TestDatabase.logger
        )
        let services = try await KordonServices.start(
            location: primaryLocation, readReplica: replicaLocation, referenceFolder: TestDatabase.referenceFolder,
            logger: TestDatabase.logger
        )
        #expect(services.database.forStatistics.location == replicaLocation)

        // One overstayer on each side, with different names.
        var agencies: [TestAgency] = []
        for (side, surname) in [(services, "ONPRIMARY"), (replicaCopy, "ONREPLICA")] {
            let agency = try await TestAgency.make(side)
            let person = try await PresenceTests.foreigner(side, agency, surname: surname)
            try await PresenceTests.cross(side, agency, person, .entry, daysAgo: 120)
            agencies.append(agency)
        }
        let analyst = agencies[0].context(.analyst)
        let page = try await services.overstays.page(.init(), cursor: nil, limit: 10, context: analyst)
        #expect(page.items.map(\.surname) == ["ONREPLICA"])
        #expect(try await services.overstays.list(.init(), context: analyst).map(\.surname) == ["ONREPLICA"])
        #expect(try await services.overstays.countByNationality(.init(), context: analyst) == ["MDA": 1])

        // The reads were audited on the primary, not on the replica.
        let audited = { (side: KordonServices) in
            try await side.database.sql.raw("SELECT count(*) AS n FROM audit_entry WHERE action = 'overstayers.list'")
                .first()!.decode(column: "n", as: Int64.self)
        }
        #expect(try await audited(services) == 2)
        #expect(try await audited(replicaCopy) == 0)
        try await services.database.shutdown()
        try await replicaCopy.database.shutdown()
    }

    @Test("a replica is refused for SQLite, and must be a PostgreSQL URL")
    func replicaNeedsPostgres() throws {
        let environment: [String: String] = [:]
        #expect(throws: StoreError.self) {
            _ = try DatabaseLocation.resolveReplica(
                readURL: "postgres://r/db", primary: .sqlite(path: "/tmp/x.sqlite"), environment: environment
            )
        }
        #expect(throws: StoreError.self) {
            _ = try DatabaseLocation.resolveReplica(
                readURL: "mysql://r/db", primary: .postgres(url: "postgres://p/db"), environment: environment
            )
        }
        #expect(
            try DatabaseLocation.resolveReplica(
                readURL: nil, primary: .postgres(url: "postgres://p/db"),
                environment: ["KORDON_READ_DATABASE_URL": "postgres://r/db"]
            ) == .postgres(url: "postgres://r/db")
        )
        #expect(try DatabaseLocation.resolveReplica(readURL: nil, primary: .sqlite(path: "x"), environment: [:]) == nil)
    }
}
