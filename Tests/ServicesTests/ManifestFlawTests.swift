import Edifact
import Foundation
import KordonTesting
@testable import Services
import Store
import Testing

/// Manifests as carriers send them (issue 14): read what can be read, flag the flaws on the board, screen
/// every traveller and every document; the arrival airport found through the reference data.
@Suite("Manifests with flaws")
struct ManifestFlawTests {
    static let start = ManifestServiceTests.start

    @Test("each flawed shared sample is stored with its travellers, its flaws and whether it is complete",
          arguments: TestDatabase.kinds)
    func flawedSamples(kind: DatabaseKind) async throws {
        let (services, agency, _) = try await ManifestServiceTests.setup(kind)
        let samples = SharedPaxlst.flawed
        try #require(samples.count >= 7, "shared/testdata/paxlst not found")
        for name in samples {
            let receipt = try await services.manifests.receive(
                try SharedPaxlst.bytes(name + ".edi"), format: .edifact, context: agency.context(.analyst))
            let flight = try #require(receipt.flights.first, "\(name)")
            #expect(flight.travellers == (try SharedPaxlst.expectedTravellers(name)), "\(name)")
            #expect(!receipt.problems.isEmpty, "\(name): flaws are returned")
            #expect(receipt.complete == (try SharedPaxlst.expectedComplete(name)), "\(name)")
            let board = try await services.manifests.board(
                pointCode: "UA-AIR-KBP", from: Self.start.addingTimeInterval(-86_400),
                to: Self.start.addingTimeInterval(20 * 86_400), context: agency.context(.firstLine))
            let shown = try #require(board.first { $0.id == flight.id })
            #expect(!shown.flaws.isEmpty && shown.complete == receipt.complete, "\(name): the board shows them")
        }
        try await services.database.shutdown()
    }

    @Test("one traveller with an impossible birth date is flagged; every traveller, that one too, is screened",
          arguments: TestDatabase.kinds)
    func oneBadTraveller(kind: DatabaseKind) async throws {
        let (services, agency, clock) = try await ManifestServiceTests.setup(kind)
        _ = try await services.watchlists.create(
            ManifestServiceTests.banRudenko, idempotencyKey: nil, context: agency.context(.secondLine))
        // CEBAN (second passenger, born 1990-01-02) gets month 13; RUSU (first) is on the watchlist.
        let text = String(decoding: ManifestFixture.edifact(now: clock.now), as: UTF8.self)
            .replacingOccurrences(of: "DTM+329:900102", with: "DTM+329:901302")
        #expect(text.contains("901302"))
        let receipt = try await services.manifests.receive(
            Array(text.utf8), format: .edifact, context: agency.context(.analyst))
        let problem = try #require(receipt.problems.first { $0.code == .invalidDate })
        #expect(problem.traveller == 1 && problem.field == "birthDate" && problem.severity == .error)
        let flight = try #require(receipt.flights.first)
        #expect(flight.travellers == 5 && flight.hits == 1 && flight.complete)
        #expect(flight.flaws.contains { $0.kind == "invalidDate" && $0.field == "birthDate" && $0.traveller == 1 })
        let detail = try await services.manifests.flight(flight.id, context: agency.context(.secondLine))
        let ceban = try #require(detail.travellers.first { $0.traveller.surname == "CEBAN" })
        #expect(ceban.traveller.birthDate == nil && ceban.traveller.issues.contains("invalidDate:birthDate"))
        #expect(detail.travellers.first?.traveller.surname == "RUSU" && detail.travellers.first?.hits.count == 1)
        try await services.database.shutdown()
    }

    @Test("every document of a traveller is screened and kept: a stolen visa is a hit", arguments: TestDatabase.kinds)
    func everyDocument(kind: DatabaseKind) async throws {
        let (services, agency, clock) = try await ManifestServiceTests.setup(kind)
        let stolen = AlertInput(
            reference: "LSD-APIS-1", category: "lost_stolen_document", reason: "reported stolen",
            documentNumber: "VX7770001", issuingState: "UKR")
        _ = try await services.watchlists.create(stolen, idempotencyKey: nil, context: agency.context(.secondLine))
        var nowak = ManifestFixture.passenger("NOWAK", "PIOTR", born: "1979-07-30", nationality: "POL", document: "EA2000003")
        nowak.documents.append(.init(type: "V", number: "VX7770001", issuingState: "UKR", expiry: "2027-01-01"))
        let bytes = ManifestFixture.edifact(now: clock.now, travellers: [nowak], crew: [])
        let receipt = try await services.manifests.receive(bytes, format: .edifact, context: agency.context(.analyst))
        let flight = try #require(receipt.flights.first)
        #expect(flight.hits == 1)
        let detail = try await services.manifests.flight(flight.id, context: agency.context(.secondLine))
        let row = try #require(detail.travellers.first)
        #expect(row.hits.first?.matched == "document" && row.hits.first?.category == "lost_stolen_document")
        #expect(row.traveller.documentNumber == "EA2000003", "the passport is the document met at the border")
        #expect(row.traveller.documents.map(\.type) == ["P", "V"], "the visa is kept")
        try await services.database.shutdown()
    }

    @Test("a body with nothing to read is refused; nothing is stored", arguments: TestDatabase.kinds)
    func nothingToRead(kind: DatabaseKind) async throws {
        let (services, agency, _) = try await ManifestServiceTests.setup(kind)
        await #expect(throws: ManifestRejected.self) {
            try await services.manifests.receive(
                Array("UNB+UNOA:4+S+R+260315:0800+R1'UNZ+0+R1'".utf8), format: .edifact,
                context: agency.context(.analyst))
        }
        let rows = try await services.database.sql.raw("SELECT COUNT(*) AS n FROM flight").first()
        #expect(try rows?.decode(column: "n", as: Int.self) == 0)
        try await services.database.shutdown()
    }
}

/// The arrival airport through the reference data's `icao` indicators, not a table in code.
@Suite("Arrival airport")
struct ArrivalAirportTests {
    static let directory: ArrivalAirport.Directory? = {
        guard let folder = ReferenceData.locate(explicit: nil, environment: [:]) ?? SharedPaxlst.folder.map({
            $0.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("reference").path
        }),
            let data = try? ReferenceData.load(from: folder)
        else { return nil }
        return ArrivalAirport.Directory(data.crossingPoints)
    }()

    @Test(
        "IATA codes and ICAO indicators name the airport crossing point",
        arguments: [
            ("KBP", "UA-AIR-KBP"), ("UKBB", "UA-AIR-KBP"), ("ukbb", "UA-AIR-KBP"),
            ("UKDR", "UA-AIR-KWG"),  // Kryvyi Rih
            ("UKKG", nil),  // Kropyvnytskyi (KGO): no airport crossing point, not Kryvyi Rih
            ("JFK", nil), ("KJFK", nil), ("K1P", nil), ("", nil),
        ] as [(String, String?)]
    )
    func mapping(_ port: String, _ point: String?) throws {
        let directory = try #require(Self.directory, "shared/reference not found")
        #expect(directory.point(for: port) == point)
    }
}
