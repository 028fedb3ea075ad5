import Foundation
import KordonTesting
import Services
import Store
import Testing

/// Issue 16 item 3: second line "takes" a referred check, so that two officers never decide one
/// traveller at once; a colleague takes it over explicitly, and that is recorded.
@Suite("Second line's queue: taking a check")
struct CheckOwnershipTests {
    /// A second second-line officer in the same agency, and his context.
    static func colleague(_ services: KordonServices, _ agency: TestAgency) async throws -> AccessContext {
        let issued = try await services.admin.createOfficer(agencyId: agency.agency.id, name: "HRYTSENKO Oksana", role: .secondLine)
        return AccessContext(
            principal: Principal(
                officerId: issued.officer.id, agencyId: agency.agency.id, role: .secondLine, agencyKind: agency.agency.kind,
                agencyCountry: agency.agency.country, credentialId: "test"
            ),
            purpose: "test", requestId: "test-request"
        )
    }

    @Test("a check one officer took is decided by no one else until it is taken over; the take-over is audited", arguments: TestDatabase.kinds)
    func takeAndTakeOver(kind: DatabaseKind) async throws {
        let (services, agency) = try await CheckServiceTests.setup(kind, screening: FakeScreening(wantedSurname: "VOLKOV"))
        let check = try await DecisionSafetyTests.banned(services, agency)
        let mine = agency.context(.secondLine)
        let colleague = try await Self.colleague(services, agency)
        let alertId = try #require(check.hits.first?.alertId)

        let taken = try await services.checks.take(check.id, context: mine)
        #expect(taken.takenBy == mine.principal.officerId)
        #expect(taken.takenByName == "Officer second_line")
        let queued = try await services.checks.queue(pointCode: nil, context: colleague)
        #expect(queued.first { $0.id == check.id }?.takenBy == mine.principal.officerId)

        // The colleague can neither take it silently, nor review its hit, nor decide it.
        let refused = await #expect(throws: ServiceError.self) { try await services.checks.take(check.id, context: colleague) }
        #expect(refused?.code == .conflict)
        #expect(refused?.detail.contains("Officer second_line is working on this check") == true)
        await #expect(throws: ServiceError.self) {
            try await services.checks.resolveHit(
                checkId: check.id, alertId: alertId, resolution: "confirmed", reason: "identity_confirmed", note: nil, context: colleague
            )
        }
        #expect(try await services.checks.detail(check.id, context: mine).check.hits.first?.resolution == nil, "a refused review changed the hit")
        await #expect(throws: ServiceError.self) { try await services.checks.release(check.id, context: colleague) }

        // Taken over: now only the colleague works on it, and the audit names the previous holder.
        let over = try await services.checks.take(check.id, takeOver: true, context: colleague)
        #expect(over.takenByName == "HRYTSENKO Oksana")
        let audit = try await services.database.repositories.audit.entries(.init(limit: 50))
        let entry = try #require(audit.first { $0.action == "check.take_over" })
        #expect(entry.resourceIds == [check.id.uuidString, mine.principal.officerId.uuidString])
        await #expect(throws: ServiceError.self) {
            try await services.checks.resolveHit(
                checkId: check.id, alertId: alertId, resolution: "confirmed", reason: "identity_confirmed", note: nil, context: mine
            )
        }
        try await services.checks.resolveHit(
            checkId: check.id, alertId: alertId, resolution: "confirmed", reason: "identity_confirmed", note: nil, context: colleague
        )
        let crossing = try await services.checks.decide(check.id, .init(decision: .refuse, reasons: ["H"]), context: colleague)
        #expect(crossing.decision == .refused)
        try await services.database.shutdown()
    }

    @Test("release puts the check back for anyone; a decided or unreferred check cannot be taken", arguments: TestDatabase.kinds)
    func releaseAndLimits(kind: DatabaseKind) async throws {
        let (services, agency) = try await CheckServiceTests.setup(kind, screening: FakeScreening(wantedSurname: "VOLKOV"))
        let check = try await DecisionSafetyTests.banned(services, agency)
        let mine = agency.context(.secondLine)
        let colleague = try await Self.colleague(services, agency)
        _ = try await services.checks.take(check.id, context: mine)
        _ = try await services.checks.take(check.id, context: mine)  // taking twice is fine
        let released = try await services.checks.release(check.id, context: mine)
        #expect(released.takenBy == nil)
        _ = try await services.checks.take(check.id, context: colleague)

        // First line takes nothing; a clear check was never referred.
        await #expect(throws: ServiceError.self) { try await services.checks.take(check.id, context: agency.context(.firstLine)) }
        let clear = try await services.checks.check(
            .init(mrz: try CheckServiceTests.mrz(surname: "RUSU", nationality: "MDA", number: "AB1234567"),
                  pointCode: "UA-ROAD-MAIAKY-UDOBNE", direction: .entry),
            context: agency.context(.firstLine)
        )
        let notReferred = await #expect(throws: ServiceError.self) { try await services.checks.take(clear.id, context: mine) }
        #expect(notReferred?.code == .conflict)
        try await services.database.shutdown()
    }
}
