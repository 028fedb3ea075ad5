import Edifact
import Foundation
import KordonTesting
@testable import Services
import Store
import Testing
import TravelDocuments

/// Advance passenger information (issue 7 items 2–4): manifests stored and screened at once, the
/// flight board, amendments that keep reviews, the link to the border check, re-screening.
@Suite("Manifests")
struct ManifestServiceTests {
    /// 2026-03-15 08:00 UTC: before the shared samples' flights and the fixture's.
    static let start = Date(timeIntervalSince1970: 1_773_561_600)

    static func setup(_ kind: DatabaseKind, clock: TestClock = TestClock(start)) async throws
        -> (KordonServices, TestAgency, TestClock)
    {
        let services = try await TestDatabase.services(kind, clock: clock.clock)
        return (services, try await TestAgency.make(services), clock)
    }

    static let banRudenko = AlertInput(
        reference: "EB-APIS-1", category: "entry_ban", reason: "entry ban after removal", surname: "RUSU",
        givenNames: "ION", birthDate: "1985-04-12", nationality: "MDA", sex: "M"
    )

    // MARK: - Receiving

    @Test(
        "the shared samples landing at our airports are stored with every traveller; others name the unknown airport",
        arguments: TestDatabase.kinds
    )
    func sharedSamples(kind: DatabaseKind) async throws {
        let (services, agency, _) = try await Self.setup(kind)
        let samples = SharedPaxlst.samples(bad: false)
        try #require(!samples.isEmpty, "shared/testdata/paxlst not found")
        var stored = 0
        for name in samples {
            let bytes = try SharedPaxlst.bytes(name + ".edi")
            let expected = try SharedPaxlst.expectedTravellers(name)
            do {
                let receipt = try await services.manifests.receive(bytes, format: .sniff, context: agency.context(.analyst))
                #expect(receipt.flights.count == 1, "\(name)")
                #expect(receipt.flights.map(\.travellers).reduce(0, +) == expected, "\(name)")
                #expect(receipt.flights.allSatisfy { $0.pointCode.hasPrefix("UA-AIR-") }, "\(name)")
                stored += 1
            } catch let error as ServiceError {
                #expect(error.code == .validation && error.field?.hasSuffix("arrivalPort") == true, "\(name): \(error)")
                #expect(name.hasPrefix("gtas-"), "only the US samples land elsewhere: \(name)")
            }
        }
        let board = try await services.manifests.board(
            pointCode: nil, from: Self.start.addingTimeInterval(-86_400), to: Self.start.addingTimeInterval(20 * 86_400),
            context: agency.context(.firstLine)
        )
        #expect(Set(board.map(\.flight)) == ["PS 102", "PS 9012", "PS 721", "FR 2144"])
        #expect(board.first { $0.flight == "PS 721" }?.crew == 2)
        let events = try await services.database.repositories.outbox.events(after: 0, limit: 1000)
        // The flawed samples are PS 102 again, each an amendment (and an event) of its own.
        #expect(events.filter { $0.type == "manifest.received" }.count == stored)
        try await services.database.shutdown()
    }

    @Test("a manifest with nothing to read is refused with the reason, and nothing is stored", arguments: TestDatabase.kinds)
    func malformed(kind: DatabaseKind) async throws {
        let (services, agency, _) = try await Self.setup(kind)
        for name in SharedPaxlst.samples(bad: true) {
            let bytes = try SharedPaxlst.bytes(name + ".edi")
            do {
                _ = try await services.manifests.receive(bytes, format: .edifact, context: agency.context(.analyst))
                Issue.record("\(name) was accepted")
            } catch let rejected as ManifestRejected {
                let first = try #require(rejected.errors.first)
                #expect([.noMessage, .unsupportedMessageType, .notEdifact].contains(first.code), "\(name): \(first)")
                // A message of another type is named by its UNH segment.
                if first.code == .unsupportedMessageType { #expect(first.tag == "UNH", "\(name): \(first)") }
            }
        }
        let flights = try await services.database.sql.raw("SELECT COUNT(*) AS n FROM flight").first()
        #expect(try flights?.decode(column: "n", as: Int.self) == 0)
        let travellers = try await services.database.sql.raw("SELECT COUNT(*) AS n FROM manifest_traveller").first()
        #expect(try travellers?.decode(column: "n", as: Int.self) == 0)
        try await services.database.shutdown()
    }

    @Test("a flight to an airport that is not ours is refused naming the field; nothing is stored", arguments: TestDatabase.kinds)
    func unknownAirport(kind: DatabaseKind) async throws {
        let (services, agency, clock) = try await Self.setup(kind)
        let bytes = ManifestFixture.edifact(to: "JFK", now: clock.now)
        await #expect(throws: ServiceError.self) {
            try await services.manifests.receive(bytes, format: .edifact, context: agency.context(.analyst))
        }
        do {
            _ = try await services.manifests.receive(bytes, format: .edifact, context: agency.context(.analyst))
        } catch let error as ServiceError {
            #expect(error.field == "messages[0].flights[0].arrivalPort")
        }
        let rows = try await services.database.sql.raw("SELECT COUNT(*) AS n FROM flight").first()
        #expect(try rows?.decode(column: "n", as: Int.self) == 0)
        await #expect(throws: ServiceError.self) {
            try await services.manifests.receive(bytes, format: .edifact, context: agency.context(.firstLine))
        }
        try await services.database.shutdown()
    }

    @Test("two first manifests of one flight at once store one flight, the later as its amendment", arguments: TestDatabase.kinds)
    func concurrentFirstManifests(kind: DatabaseKind) async throws {
        let (services, agency, clock) = try await Self.setup(kind)
        let first = ManifestFixture.edifact(now: clock.now, reference: "T1")
        let second = ManifestFixture.edifact(now: clock.now, reference: "T2")
        let context = agency.context(.analyst)
        async let a = services.manifests.receive(first, format: .edifact, context: context)
        async let b = services.manifests.receive(second, format: .edifact, context: context)
        let receipts = try await [a, b]
        #expect(Set(receipts.flatMap { $0.flights.map(\.id) }).count == 1)
        let rows = try await services.database.sql.raw("SELECT COUNT(*) AS n FROM flight").first()
        #expect(try rows?.decode(column: "n", as: Int.self) == 1)
        try await services.database.shutdown()
    }

    // MARK: - Hits, board, amendments

    @Test("a watchlisted traveller is a hit on the board, first in the flight's list", arguments: TestDatabase.kinds)
    func hitOnBoard(kind: DatabaseKind) async throws {
        let (services, agency, clock) = try await Self.setup(kind)
        _ = try await services.watchlists.create(Self.banRudenko, idempotencyKey: nil, context: agency.context(.secondLine))
        let receipt = try await services.manifests.receive(
            ManifestFixture.edifact(now: clock.now), format: .edifact, context: agency.context(.analyst)
        )
        let flight = try #require(receipt.flights.first)
        #expect(flight.travellers == 5 && flight.passengers == 4 && flight.crew == 1)
        #expect(flight.hits == 1 && flight.openHits == 1 && flight.status == .expected)
        #expect(flight.withIssues == 1, "the expired passport of LUNGU")
        let board = try await services.manifests.board(pointCode: "UA-AIR-KBP", context: agency.context(.firstLine))
        #expect(board.map(\.id) == [flight.id])
        #expect(board.first?.openHits == 1)
        let detail = try await services.manifests.flight(flight.id, context: agency.context(.secondLine))
        #expect(detail.travellers.first?.traveller.surname == "RUSU")
        #expect(detail.travellers.first?.hits.first?.category == "entry_ban")
        #expect(detail.travellers.first { $0.traveller.surname == "LUNGU" }?.traveller.issues == ["document-expired"])
        let audit = try await services.database.repositories.audit.entries(.init())
        #expect(audit.map(\.action).contains("flight.read"))
        #expect(audit.map(\.action).contains("manifest.receive"))
        try await services.database.shutdown()
    }

    @Test("an amended manifest replaces the list and keeps the hit second line reviewed", arguments: TestDatabase.kinds)
    func amendmentKeepsReview(kind: DatabaseKind) async throws {
        let (services, agency, clock) = try await Self.setup(kind)
        _ = try await services.watchlists.create(Self.banRudenko, idempotencyKey: nil, context: agency.context(.secondLine))
        let first = try await services.manifests.receive(
            ManifestFixture.edifact(now: clock.now), format: .edifact, context: agency.context(.analyst)
        )
        let flightId = try #require(first.flights.first?.id)
        let detail = try await services.manifests.flight(flightId, context: agency.context(.secondLine))
        let hit = try #require(detail.travellers.first?.hits.first)
        await #expect(throws: ServiceError.self) {
            try await services.manifests.resolveHit(
                flightId: flightId, hitId: hit.id, resolution: "confirmed", note: nil, context: agency.context(.analyst)
            )
        }
        let reviewed = try await services.manifests.resolveHit(
            flightId: flightId, hitId: hit.id, resolution: "confirmed", note: "same man, ban in force",
            context: agency.context(.secondLine)
        )
        #expect(reviewed.resolvedByName == "Officer second_line")

        clock.advance(600)
        let amended = ManifestFixture.edifact(
            now: Self.start, travellers: Array(ManifestFixture.travellers.dropLast()) + [
                ManifestFixture.passenger("POPA", "MIHAI", born: "1992-05-05", nationality: "ROU", document: "RO5550001"),
            ], reference: "T2"
        )
        let second = try await services.manifests.receive(amended, format: .edifact, context: agency.context(.analyst))
        let flight = try #require(second.flights.first)
        #expect(flight.id == flightId && flight.amended && flight.manifests == 2)
        #expect(flight.travellers == 5, "4 passengers replaced by 4, crew kept")
        #expect(flight.hits == 1 && flight.openHits == 0)
        let after = try await services.manifests.flight(flightId, context: agency.context(.secondLine))
        #expect(after.travellers.first?.hits.first?.resolution == "confirmed")
        #expect(!after.travellers.contains { $0.traveller.surname == "LUNGU" })
        // The same body again changes nothing.
        let again = try await services.manifests.receive(amended, format: .edifact, context: agency.context(.analyst))
        #expect(again.flights.first?.manifests == 2)
        try await services.database.shutdown()
    }

    // MARK: - The border check

    @Test("a check of a pre-screened traveller shows the flight and the review; the traveller is marked arrived", arguments: TestDatabase.kinds)
    func checkLink(kind: DatabaseKind) async throws {
        let (services, agency, clock) = try await Self.setup(kind)
        _ = try await services.watchlists.create(Self.banRudenko, idempotencyKey: nil, context: agency.context(.secondLine))
        let receipt = try await services.manifests.receive(
            ManifestFixture.edifact(now: clock.now), format: .edifact, context: agency.context(.analyst)
        )
        let flightId = try #require(receipt.flights.first?.id)
        let hit = try #require(try await services.manifests.flight(flightId, context: agency.context(.secondLine)).travellers.first?.hits.first)
        _ = try await services.manifests.resolveHit(
            flightId: flightId, hitId: hit.id, resolution: "confirmed", note: nil, context: agency.context(.secondLine)
        )
        clock.advance(2 * 3600 + 900)
        let mrz = try MRZGenerator.make(MRZFields(
            format: .td3, documentCode: "P", issuingState: "MDA", surname: "RUSU", givenNames: "ION",
            documentNumber: "AB1000001", nationality: "MDA", birthDate: "850412", sex: "M", expiryDate: "341231"
        ))
        let result = try await services.checks.check(
            .init(mrz: mrz, pointCode: "UA-AIR-KBP", direction: .entry), context: agency.context(.firstLine)
        )
        let prescreen = try #require(result.prescreen)
        #expect(prescreen.flight == "PS 102" && prescreen.hits == 1 && prescreen.openHits == 0)
        #expect(prescreen.reviewedBy == ["Officer second_line"])
        #expect(result.reasons.contains { $0.code == "prescreened" && $0.text.contains("reviewed by Officer second_line") })
        let detail = try await services.manifests.flight(flightId, context: agency.context(.firstLine))
        let rusu = try #require(detail.travellers.first { $0.traveller.surname == "RUSU" })
        #expect(rusu.status == .arrived && rusu.traveller.checkId == result.id)
        // A check at another point, or long after the flight, does not link.
        let elsewhere = try await services.checks.check(
            .init(mrz: mrz, pointCode: "UA-AIR-LWO", direction: .entry), context: agency.context(.firstLine)
        )
        #expect(elsewhere.prescreen == nil)

        clock.advance(7 * 3600)
        let board = try await services.manifests.board(pointCode: "UA-AIR-KBP", context: agency.context(.analyst))
        let closed = try #require(board.first)
        #expect(closed.status == .closed && closed.arrived == 1 && closed.notArrived == 4)
        let late = try await services.manifests.flight(flightId, context: agency.context(.analyst))
        #expect(late.travellers.filter { $0.status == .notArrived }.count == 4)
        try await services.database.shutdown()
    }

    // MARK: - Re-screening

    @Test("an alert created while a flight is on its way adds a hit and an event; withdrawn, its open hit goes", arguments: TestDatabase.kinds)
    func rescreening(kind: DatabaseKind) async throws {
        let (services, agency, clock) = try await Self.setup(kind)
        let receipt = try await services.manifests.receive(
            ManifestFixture.edifact(now: clock.now), format: .edifact, context: agency.context(.analyst)
        )
        #expect(receipt.flights.first?.hits == 0)
        let landed = try await services.manifests.receive(
            ManifestFixture.edifact(number: "PS104", now: clock.now, arrivesIn: -8 * 3600, reference: "T3"),
            format: .edifact, context: agency.context(.analyst)
        )
        _ = try await services.watchlists.create(Self.banRudenko, idempotencyKey: nil, context: agency.context(.secondLine))
        let board = try await services.manifests.board(
            pointCode: "UA-AIR-KBP", from: clock.now.addingTimeInterval(-86_400), context: agency.context(.analyst)
        )
        #expect(board.first { $0.flight == "PS 102" }?.openHits == 1)
        #expect(board.first { $0.id == landed.flights.first?.id }?.hits == 0, "a closed flight is not re-screened")
        let events = try await services.database.repositories.outbox.events(after: 0, limit: 1000)
        let hitEvents = events.filter { $0.type == "manifest.hit" }
        #expect(hitEvents.count == 1)
        #expect(hitEvents.first?.aggregateId == receipt.flights.first?.id.uuidString)
        #expect(hitEvents.first?.payload.contains("RUSU") == false, "events carry identifiers, not names")
        let detail = try await services.manifests.flight(try #require(receipt.flights.first?.id), context: agency.context(.analyst))
        #expect(detail.travellers.first?.hits.first?.source == "rescreen")

        // Withdrawn, the alert's open hit goes from the board.
        _ = try await services.watchlists.withdraw(try #require(detail.travellers.first?.hits.first?.alertId), context: agency.context(.secondLine))
        let after = try await services.manifests.board(pointCode: "UA-AIR-KBP", context: agency.context(.analyst))
        #expect(after.first { $0.flight == "PS 102" }?.hits == 0)
        try await services.database.shutdown()
    }
}

/// The shared PAXLST samples (`shared/testdata/paxlst`), read in place.
enum SharedPaxlst {
    static let folder: URL? = {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        for _ in 0..<12 {
            let candidate = dir.deletingLastPathComponent().appendingPathComponent("shared/testdata/paxlst")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            dir.deleteLastPathComponent()
        }
        return nil
    }()

    /// Samples that are read (`bad: false`: clean and flawed) or rejected (`bad-*`).
    static func samples(bad: Bool) -> [String] {
        guard let folder, let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        return names.filter { $0.hasSuffix(".edi") && $0.hasPrefix("bad-") == bad }.map { String($0.dropLast(4)) }.sorted()
    }

    /// The flawed samples (read, with flaws reported).
    static var flawed: [String] { samples(bad: false).filter { $0.hasPrefix("flawed-") } }

    /// The sample's expected `complete` (true when the file does not say).
    static func expectedComplete(_ name: String) throws -> Bool {
        struct Expected: Decodable { var complete: Bool? }
        return try JSONDecoder().decode(Expected.self, from: Data(try bytes(name + ".expected.json"))).complete ?? true
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        guard let folder else { throw CocoaError(.fileNoSuchFile) }
        return Array(try Data(contentsOf: folder.appendingPathComponent(name)))
    }

    /// Travellers in the sample's `.expected.json`, all messages.
    static func expectedTravellers(_ name: String) throws -> Int {
        struct Expected: Decodable {
            struct Message: Decodable { var travellers: [Traveller] }
            struct Traveller: Decodable {}
            var messages: [Message]
        }
        let data = Data(try bytes(name + ".expected.json"))
        return try JSONDecoder().decode(Expected.self, from: data).messages.map(\.travellers.count).reduce(0, +)
    }
}
