import Foundation
import KordonTesting
import Services
import Store
import Testing
import TravelDocuments

/// A screening stand-in: hits for one surname, and a record of dismissals.
final class FakeScreening: TravellerScreening, @unchecked Sendable {
    let lock = NSLock()
    var dismissed: [(String, String)] = []
    let wantedSurname: String

    init(wantedSurname: String) { self.wantedSurname = wantedSurname }

    func screen(_ traveller: TravellerQuery) async throws -> [CheckHit] {
        let isDismissed = lock.withLock { dismissed.contains { $0.1 == traveller.subjectKey } }
        guard traveller.surname == wantedSurname, !isDismissed else { return [] }
        return [CheckHit(
            alertId: "A-1", category: "entry_ban", action: "refuse", score: 0.97, summary: "Entry ban by UA-SBGS",
            explanation: [.init(field: "surname", how: "exact", contribution: 0.5)]
        )]
    }

    func dismiss(alertId: String, subjectKey: String, note: String, context: AccessContext) async throws {
        lock.withLock { dismissed.append((alertId, subjectKey)) }
    }
}

@Suite("Border check")
struct CheckServiceTests {
    static func mrz(surname: String, nationality: String, number: String, expiry: String = "341231") throws -> [String] {
        try MRZGenerator.make(MRZFields(
            format: .td3, documentCode: "P", issuingState: nationality, surname: surname, givenNames: "ION",
            documentNumber: number, nationality: nationality, birthDate: "850412", sex: "M", expiryDate: expiry
        ))
    }

    static func setup(_ kind: DatabaseKind, screening: any TravellerScreening = NoScreening()) async throws
        -> (KordonServices, TestAgency)
    {
        let base = try await TestDatabase.services(kind)
        let services = KordonServices(database: base.database, reference: base.reference, screening: screening)
        return (services, try await TestAgency.make(services))
    }

    @Test("a clean visa-free traveller is clear; admitting records the person and the crossing once", arguments: TestDatabase.kinds)
    func clearAndAdmit(kind: DatabaseKind) async throws {
        let (services, agency) = try await Self.setup(kind)
        let request = CheckService.CheckRequest(
            mrz: try Self.mrz(surname: "RUSU", nationality: "MDA", number: "AB1234567"), pointCode: "UA-ROAD-MAIAKY-UDOBNE",
            direction: .entry
        )
        let result = try await services.checks.check(request, context: agency.context(.firstLine))
        #expect(result.recommendation == .clear, "\(result.reasons)")
        #expect(result.stay?.basis == "visa-free")
        #expect(result.stay?.daysRemaining == 90)
        let crossing = try await services.checks.decide(result.id, .init(decision: .admit), context: agency.context(.firstLine))
        #expect(crossing.direction == .entry)
        let again = try await services.checks.decide(result.id, .init(decision: .admit), context: agency.context(.firstLine))
        #expect(again.id == crossing.id)
        await #expect(throws: ServiceError.self) {
            try await services.checks.decide(result.id, .init(decision: .admit, note: "other"), context: agency.context(.firstLine))
        }
        // The next check finds the person and their entry; on exit the stay is counted.
        let exit = try await services.checks.check(
            .init(mrz: request.mrz, pointCode: "UA-ROAD-MAIAKY-UDOBNE", direction: .exit), context: agency.context(.firstLine)
        )
        #expect(exit.personId == crossing.personId)
        #expect(exit.history.crossings == 1)
        #expect(exit.stay?.daysUsed == 1)
        try await services.database.shutdown()
    }

    @Test("an expired document is referred; first line cannot admit or refuse; second line refuses with reasons", arguments: TestDatabase.kinds)
    func expiredReferred(kind: DatabaseKind) async throws {
        let (services, agency) = try await Self.setup(kind)
        let result = try await services.checks.check(
            .init(mrz: try Self.mrz(surname: "POPA", nationality: "ROU", number: "RO0000001", expiry: "200101"),
                  pointCode: "UA-ROAD-PORUBNE", direction: .entry),
            context: agency.context(.firstLine)
        )
        #expect(result.recommendation == .refer)
        #expect(result.status == .referred)
        #expect(result.reasons.contains { $0.code == "document-expired" && $0.refusalGround == "A" })
        await #expect(throws: ServiceError.self) {
            try await services.checks.decide(result.id, .init(decision: .admit), context: agency.context(.firstLine))
        }
        await #expect(throws: ServiceError.self) {
            try await services.checks.decide(result.id, .init(decision: .refuse, reasons: ["A"]), context: agency.context(.firstLine))
        }
        let queue = try await services.checks.queue(pointCode: "UA-ROAD-PORUBNE", context: agency.context(.secondLine))
        #expect(queue.map(\.id) == [result.id])
        await #expect(throws: ServiceError.invalid("reasons[0]", "unknown reason code; use A–I of the standard form or U1–U5")) {
            try await services.checks.decide(result.id, .init(decision: .refuse, reasons: ["Z"]), context: agency.context(.secondLine))
        }
        let crossing = try await services.checks.decide(
            result.id, .init(decision: .refuse, reasons: ["A"], note: "passport expired in 2020"), context: agency.context(.secondLine)
        )
        #expect(crossing.decision == .refused)
        #expect(crossing.refusalReasons == ["A"])
        #expect(try await services.checks.queue(pointCode: "UA-ROAD-PORUBNE", context: agency.context(.secondLine)).isEmpty)
        try await services.database.shutdown()
    }

    @Test("a watchlist hit is referred and explained; a false positive is remembered", arguments: TestDatabase.kinds)
    func hitAndFalsePositive(kind: DatabaseKind) async throws {
        let fake = FakeScreening(wantedSurname: "CEBAN")
        let (services, agency) = try await Self.setup(kind, screening: fake)
        let mrz = try Self.mrz(surname: "CEBAN", nationality: "MDA", number: "MD7654321")
        let result = try await services.checks.check(.init(mrz: mrz, pointCode: "UA-ROAD-MAIAKY-UDOBNE", direction: .entry), context: agency.context(.firstLine))
        #expect(result.recommendation == .refer)
        #expect(result.hits.first?.explanation.first?.field == "surname")
        try await services.checks.resolveHit(
            checkId: result.id, alertId: "A-1", resolution: "false_positive", note: "different birth date", context: agency.context(.secondLine)
        )
        let detail = try await services.checks.detail(result.id, context: agency.context(.secondLine))
        #expect(detail.check.hits.first?.resolution == "false_positive")
        #expect(fake.dismissed.count == 1)
        let again = try await services.checks.check(.init(mrz: mrz, pointCode: "UA-ROAD-MAIAKY-UDOBNE", direction: .entry), context: agency.context(.firstLine))
        #expect(again.hits.isEmpty)
        try await services.database.shutdown()
    }

    @Test("a broken MRZ is still recorded, referred, with its problems; unknown points name the field")
    func badInput() async throws {
        let (services, agency) = try await Self.setup(.sqlite)
        var mrz = try Self.mrz(surname: "NAGY", nationality: "HUN", number: "HU1111111")
        mrz[1] = String(mrz[1].prefix(9)) + "0" + mrz[1].dropFirst(10)
        let result = try await services.checks.check(.init(mrz: mrz, pointCode: "UA-ROAD-CHOP-TYSA", direction: .entry), context: agency.context(.firstLine))
        #expect(result.recommendation == .refer)
        #expect(result.document.mrzValid == false)
        #expect(result.document.problems.contains { $0.field == "documentNumber" })
        await #expect(throws: ServiceError.invalid("pointCode", "unknown crossing point")) {
            try await services.checks.check(.init(mrz: mrz, pointCode: "NOWHERE", direction: .entry), context: agency.context(.firstLine))
        }
        let exit = try await services.checks.check(
            .init(mrz: try Self.mrz(surname: "KISS", nationality: "HUN", number: "HU2222222"), pointCode: "UA-ROAD-CHOP-TYSA", direction: .exit),
            context: agency.context(.firstLine)
        )
        #expect(exit.reasons.contains { $0.code == "exit-without-entry" })
        let other = try await TestAgency.make(services, code: "MD-BP", country: "MDA")
        await #expect(throws: ServiceError.self) {
            try await services.checks.decide(exit.id, .init(decision: .admit), context: other.context(.secondLine))
        }
        try await services.database.shutdown()
    }

    @Test("a visa-free traveller 120 days in the country is an overstayer by 30 days", arguments: TestDatabase.kinds)
    func overstayers(kind: DatabaseKind) async throws {
        let (services, agency) = try await Self.setup(kind)
        let view = try await services.persons.create(
            .init(surname: "LUNGU", givenNames: "ANA", birthDate: "1990-05-05", sex: "F", nationality: "MDA"),
            idempotencyKey: nil, context: agency.context(.firstLine)
        )
        let entered = Date().addingTimeInterval(-119 * 86_400)
        _ = try await services.crossings.record(
            .init(
                personId: view.person.id, documentId: nil, pointCode: "UA-ROAD-MAIAKY-UDOBNE", direction: .entry,
                occurredAt: entered, decision: .admitted, backdateReason: "entered before the point was connected"
            ),
            idempotencyKey: nil, context: agency.context(.secondLine)
        )
        let rows = try await services.overstays.list(.init(), context: agency.context(.analyst))
        let row = try #require(rows.first { $0.personId == view.person.id })
        #expect(row.daysOver == 30)
        #expect(row.entryPoint == "UA-ROAD-MAIAKY-UDOBNE")
        #expect(try await services.overstays.list(.init(nationality: "POL"), context: agency.context(.analyst)).isEmpty)
        #expect(try await services.overstays.list(.init(minDays: 31), context: agency.context(.analyst)).isEmpty)
        let csv = OverstayService.csv(rows)
        #expect(csv.hasPrefix("person_id,surname,given_names,nationality,entry_point,entered,authorised_until,basis,days_over\r\n"))
        try await services.database.shutdown()
    }
}
