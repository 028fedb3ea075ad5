import Foundation
import KordonTesting
import Services
import Store
import Synchronization
import Testing

/// A token's last use and a console session's last sighting are recorded at most once per interval, as writes
/// in a transaction: on SQLite that queues them with every other writer instead of waiting in SQLite's busy
/// handler, which under a long import failed requests with `SQLITE_BUSY` (issue 15).
@Suite("Credential use")
struct CredentialUseTests {
    final class Now: Sendable {
        let date = Mutex(Date(timeIntervalSince1970: 1_795_000_000))
        func advance(_ seconds: TimeInterval) { date.withLock { $0 += seconds } }
        var clock: @Sendable () -> Date { { self.date.withLock { $0 } } }
    }

    @Test("a token's last use is written on first use and again only after five minutes", arguments: TestDatabase.kinds)
    func tokenUse(kind: DatabaseKind) async throws {
        let now = Now()
        let services = try await TestDatabase.services(kind, clock: now.clock)
        let agency = try await TestAgency.make(services)
        let officer = try #require(agency.officers[.firstLine])
        func lastUsed() async throws -> Date? {
            try await services.database.repositories.agencies.credentials(officerId: officer.id).first?.lastUsedAt
        }
        let first = now.clock()
        #expect(try await services.admin.authenticate(token: agency.tokens[.firstLine]!) != nil)
        #expect(try await lastUsed().map { abs($0.timeIntervalSince(first)) < 0.001 } == true)
        now.advance(120)
        #expect(try await services.admin.authenticate(token: agency.tokens[.firstLine]!) != nil)
        #expect(try await lastUsed().map { abs($0.timeIntervalSince(first)) < 0.001 } == true)
        now.advance(240)
        let later = now.clock()
        #expect(try await services.admin.authenticate(token: agency.tokens[.firstLine]!) != nil)
        #expect(try await lastUsed().map { abs($0.timeIntervalSince(later)) < 0.001 } == true)
        try await services.database.shutdown()
    }

    @Test("a console session stays open while used, closes after its idle time, and ends when revoked",
          arguments: TestDatabase.kinds)
    func sessionUse(kind: DatabaseKind) async throws {
        let now = Now()
        let services = try await TestDatabase.services(kind, clock: now.clock)
        let agency = try await TestAgency.make(services)
        let session = try #require(try await services.admin.startSession(token: agency.tokens[.secondLine]!))
        // Used every 10 minutes for an hour: each use records the sighting, so the idle time never runs out.
        for _ in 0..<6 {
            now.advance(600)
            #expect(try await services.admin.session(id: session.id) != nil)
        }
        now.advance(31 * 60)
        #expect(try await services.admin.session(id: session.id) == nil)
        let other = try #require(try await services.admin.startSession(token: agency.tokens[.secondLine]!))
        #expect(try await services.admin.session(id: other.id) != nil)
        try await services.admin.endSession(id: other.id)
        #expect(try await services.admin.session(id: other.id) == nil)
        try await services.database.shutdown()
    }
}
