import Foundation
import KordonTesting
import Services
import Store
import Testing
import TravelDocuments

/// Issue 16: decisions the server keeps safe. Each finding of the walk-through is written as the
/// request that went through, and now must not.
@Suite("Decisions the server keeps safe")
struct DecisionSafetyTests {
    static func banned(_ services: KordonServices, _ agency: TestAgency, surname: String = "VOLKOV", direction: Crossing.Direction = .entry)
        async throws -> CheckResult
    {
        try await services.checks.check(
            .init(mrz: try CheckServiceTests.mrz(surname: surname, nationality: "RUS", number: "751234567"),
                  pointCode: "UA-ROAD-SHEHYNI", direction: direction),
            context: agency.context(.firstLine)
        )
    }

    @Test("finding 1: an entry-banned traveller is neither admitted nor refused while his hit is open", arguments: TestDatabase.kinds)
    func openHitBlocksDecision(kind: DatabaseKind) async throws {
        let (services, agency) = try await CheckServiceTests.setup(kind, screening: FakeScreening(wantedSurname: "VOLKOV"))
        let check = try await Self.banned(services, agency)
        #expect(check.recommendation == .refer)
        for role in [Role.firstLine, .secondLine] {
            await #expect(throws: ServiceError.self, "\(role) admitted with an open hit") {
                try await services.checks.decide(check.id, .init(decision: .admit), context: agency.context(role))
            }
        }
        await #expect(throws: ServiceError.self, "refused with an open hit") {
            try await services.checks.decide(check.id, .init(decision: .refuse, reasons: ["H"]), context: agency.context(.secondLine))
        }
        #expect(try await services.checks.detail(check.id, context: agency.context(.secondLine)).status != .decided)
        try await services.database.shutdown()
    }

    @Test("a confirmed entry ban ends only in refusal, or in an override with a written justification that is reported", arguments: TestDatabase.kinds)
    func confirmedBan(kind: DatabaseKind) async throws {
        let (services, agency) = try await CheckServiceTests.setup(kind, screening: FakeScreening(wantedSurname: "VOLKOV"))
        let check = try await Self.banned(services, agency)
        let second = agency.context(.secondLine)
        try await services.checks.resolveHit(checkId: check.id, alertId: "A-1", resolution: "confirmed", reason: "identity_confirmed", note: nil, context: second)
        let detail = try await services.checks.detail(check.id, context: second)
        #expect(detail.rules?.refusalOnly == true)
        #expect(detail.rules?.suggestedReasons == ["H"])
        await #expect(throws: ServiceError.invalid("justification", "admitting despite a confirmed hit needs a written justification (20 characters or more)")) {
            try await services.checks.decide(check.id, .init(decision: .admit), context: second)
        }
        await #expect(throws: ServiceError.invalid("reasons", "a refusal needs at least one reason code")) {
            try await services.checks.decide(check.id, .init(decision: .refuse), context: second)
        }
        let crossing = try await services.checks.decide(
            check.id, .init(decision: .admit, justification: "Ban lifted by court order 12/2026, copy seen"), context: second
        )
        #expect(crossing.decision == .admitted)
        let events = try await services.database.repositories.outbox.events(after: 0)
        #expect(events.contains { $0.type == "check.override" })
        let trail = try await services.database.repositories.audit.entries(.init(limit: 20))
        #expect(trail.contains { $0.action == "check.override" })
        try await services.database.shutdown()
    }

    @Test("finding 2: 'not the same person' without a reason is refused and changes nothing", arguments: TestDatabase.kinds)
    func falsePositiveNeedsReason(kind: DatabaseKind) async throws {
        let screening = FakeScreening(wantedSurname: "VOLKOV")
        let (services, agency) = try await CheckServiceTests.setup(kind, screening: screening)
        let check = try await Self.banned(services, agency)
        let second = agency.context(.secondLine)
        await #expect(throws: ServiceError.invalid("reason", "say why this is not the same person: choose a reason or write a note")) {
            try await services.checks.resolveHit(checkId: check.id, alertId: "A-1", resolution: "false_positive", note: "", context: second)
        }
        await #expect(throws: ServiceError.invalid("note", "say why, in a few words")) {
            try await services.checks.resolveHit(checkId: check.id, alertId: "A-1", resolution: "false_positive", reason: "other_not_same", note: nil, context: second)
        }
        await #expect(throws: ServiceError.self) {
            try await services.checks.resolveHit(checkId: check.id, alertId: "A-1", resolution: "false_positive", reason: "identity_confirmed", note: nil, context: second)
        }
        #expect(try await services.checks.detail(check.id, context: second).check.hits.first?.resolution == nil)
        #expect(screening.lock.withLock { screening.dismissed.isEmpty })
        try await services.checks.resolveHit(checkId: check.id, alertId: "A-1", resolution: "false_positive", reason: "different_birth_date", note: "born 1979 per passport", context: second)
        #expect(try await services.checks.detail(check.id, context: second).check.hits.first?.resolution == "false_positive")
        #expect(screening.lock.withLock { screening.dismissed.count } == 1)
        try await services.database.shutdown()
    }

    @Test("finding 3: a second referred check of the same traveller is decided after the first (no 500)", arguments: TestDatabase.kinds)
    func secondReferredCheck(kind: DatabaseKind) async throws {
        let (services, agency) = try await CheckServiceTests.setup(kind)
        let second = agency.context(.secondLine)
        let mrz = try CheckServiceTests.mrz(surname: "POPA", nationality: "ROU", number: "RO0000009", expiry: "200101")
        let first = try await services.checks.check(.init(mrz: mrz, pointCode: "UA-ROAD-PORUBNE", direction: .entry), context: agency.context(.firstLine))
        let again = try await services.checks.check(.init(mrz: mrz, pointCode: "UA-ROAD-PORUBNE", direction: .entry), context: agency.context(.firstLine))
        let a = try await services.checks.decide(first.id, .init(decision: .refuse, reasons: ["A"]), context: second)
        let b = try await services.checks.decide(again.id, .init(decision: .refuse, reasons: ["A"]), context: second)
        #expect(a.personId == b.personId)
        #expect(a.documentId == b.documentId)
        try await services.database.shutdown()
    }

    @Test("a decision on a check decided by someone else says who and when", arguments: TestDatabase.kinds)
    func decidedBySomeoneElse(kind: DatabaseKind) async throws {
        let (services, agency) = try await CheckServiceTests.setup(kind)
        let mrz = try CheckServiceTests.mrz(surname: "POPA", nationality: "ROU", number: "RO0000010", expiry: "200101")
        let check = try await services.checks.check(.init(mrz: mrz, pointCode: "UA-ROAD-PORUBNE", direction: .entry), context: agency.context(.firstLine))
        _ = try await services.checks.decide(check.id, .init(decision: .refuse, reasons: ["A"]), context: agency.context(.secondLine))
        do {
            _ = try await services.checks.decide(check.id, .init(decision: .refuse, reasons: ["A", "B"]), context: agency.context(.secondLine))
            Issue.record("a second, different decision went through")
        } catch let error as ServiceError {
            #expect(error.code == .conflict)
            #expect(error.detail.contains("Officer second_line") && error.detail.contains(" at 20"))
        }
        try await services.database.shutdown()
    }

    @Test("finding 6: random text or half an MRZ is a form error, and no check is recorded", arguments: TestDatabase.kinds)
    func unreadableZone(kind: DatabaseKind) async throws {
        let (services, agency) = try await CheckServiceTests.setup(kind)
        let full = try CheckServiceTests.mrz(surname: "RUSU", nationality: "MDA", number: "AB1234567")
        for lines in [["HELLO WORLD"], [String(full[0].prefix(20))], ["", ""], [full[1]]] {
            do {
                _ = try await services.checks.check(.init(mrz: lines, pointCode: "UA-ROAD-SHEHYNI", direction: .entry), context: agency.context(.firstLine))
                Issue.record("\(lines) became a check")
            } catch let error as ServiceError {
                #expect(error.field == "mrz")
                #expect(error.detail.contains("rescan"))
            }
        }
        #expect(try await services.checks.queue(pointCode: nil, context: agency.context(.secondLine)).isEmpty)
        try await services.database.shutdown()
    }

    @Test("finding 7: an unknown crossing point is an error, never a silent default", arguments: TestDatabase.kinds)
    func unknownPoint(kind: DatabaseKind) async throws {
        let (services, agency) = try await CheckServiceTests.setup(kind)
        await #expect(throws: ServiceError.invalid("pointCode", "unknown crossing point")) {
            try await services.checks.check(
                .init(mrz: try CheckServiceTests.mrz(surname: "RUSU", nationality: "MDA", number: "AB1234567"), pointCode: "UA-AIR-XXX", direction: .entry),
                context: agency.context(.firstLine)
            )
        }
        try await services.database.shutdown()
    }

    @Test("a check's row cannot name a person who is not there: that key stays on both engines (migration 0020)",
        arguments: TestDatabase.kinds)
    func checkNamesNoMissingPerson(kind: DatabaseKind) async throws {
        let (services, agency) = try await CheckServiceTests.setup(kind)
        let context = agency.context(.firstLine)
        let row = BorderCheck(
            pointCode: "UA-ROAD-MAIAKY-UDOBNE", direction: .entry, officerId: context.principal.officerId,
            agencyId: agency.agency.id, personId: UUID(), documentId: nil, surname: "RUSU", givenNames: "ION",
            nationality: "MDA", documentNumber: "AB1234567", mrzValid: true, recommendation: .clear, status: .open,
            hitCount: 0, result: "{}", createdAt: Date()
        )
        await #expect(throws: (any Error).self) {
            try await services.database.transaction { tx in try await tx.checks.insert([row]) }
        }
        let known = { var known = row; known.personId = nil; return known }()
        try await services.database.transaction { tx in try await tx.checks.insert([known]) }
        #expect(try await services.database.repositories.checks.find(id: row.id) != nil)
        try await services.database.shutdown()
    }

    @Test("finding 8: an entry ban raises nothing on exit; it is shown as information", arguments: TestDatabase.kinds)
    func entryBanOnExit(kind: DatabaseKind) async throws {
        let (services, agency) = try await CheckServiceTests.setup(kind, screening: FakeScreening(wantedSurname: "VOLKOV"))
        let check = try await Self.banned(services, agency, direction: .exit)
        #expect(check.hits.isEmpty)
        #expect(check.reasons.contains { $0.code == "hit-entry_ban" && $0.severity == "info" })
        #expect(!check.reasons.contains { $0.severity == "refusal" })
        try await services.database.shutdown()
    }
}
