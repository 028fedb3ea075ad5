import Foundation
import KordonTesting
import Screening
@testable import Services
import Store
import Testing

/// Watchlist imports with bad records (issue 14): every bad record is reported in one pass, each
/// wrong field with its line and reason; all or nothing by default; `acceptValid` stores the good ones.
@Suite("Watchlist import reports")
struct WatchlistImportTests {
    static let agencyId = UUID()
    static let now = Date(timeIntervalSince1970: 1_780_000_000)  // 2026-05-28

    static func check(_ jsonl: String) -> AlertImportCheck {
        AlertImportCheck(AlertImportCheck.jsonLines(Data(jsonl.utf8)), agencyId: agencyId, now: now, source: "test")
    }

    @Test("a record with several wrong fields reports each of them, in field order")
    func everyField() {
        let check = Self.check(
            #"{"id":"B1","category":"entry_ban","surname":"Petrenko","birthDate":"1990-13-01","nationality":"ZZZ","sex":"Q","action":"shoot"}"#
        )
        #expect(check.records.isEmpty)
        #expect(check.errors.map(\.field) == ["action", "birthDate", "nationality", "sex"])
        #expect(check.errors.allSatisfy { $0.line == 1 })
        #expect(check.badRecords == 1)
    }

    @Test("fields of the wrong type are each reported once, and the rest of the record is still checked")
    func wrongTypes() {
        let check = Self.check(#"{"category":"entry_ban","surname":42,"givenNames":"Olena","birthDate":19900101,"nationality":"XYZ"}"#)
        #expect(check.errors == [
            .init(line: 1, field: "surname", detail: "has the wrong type"),
            .init(line: 1, field: "birthDate", detail: "has the wrong type"),
            .init(line: 1, field: "nationality", detail: "unknown ICAO 9303 country code; use a code such as UKR, POL, D or XXA"),
        ])
    }

    @Test("a missing category is one problem, not two; the other fields are still judged")
    func missingCategory() {
        let check = Self.check(#"{"surname":"Bondar","sex":"W"}"#)
        #expect(check.errors.map(\.field) == ["category", "sex"])
        #expect(check.errors.first?.detail == "is required")
    }

    @Test("every bad record of a large file is reported, not the first hundred")
    func manyBadRecords() {
        var lines: [String] = []
        for index in 1...1_000 {
            let birth = index % 3 == 0 ? "2999-01-01" : "1980-05-17"
            lines.append(#"{"id":"R\#(index)","category":"entry_ban","surname":"Melnyk","birthDate":"\#(birth)"}"#)
        }
        let check = Self.check(lines.joined(separator: "\n"))
        #expect(check.badRecords == 333)
        #expect(check.errors.map(\.line) == Array(stride(from: 3, through: 999, by: 3)))
        #expect(check.records.count == 667)
    }

    @Test("a repeated id is refused after its first line; the first is kept")
    func repeatedId() {
        let check = Self.check(
            """
            {"id":"A1","category":"entry_ban","surname":"Kravets"}
            {"id":"A1","category":"missing","surname":"Shevchuk"}
            """
        )
        #expect(check.records.map(\.line) == [1])
        #expect(check.errors == [.init(line: 2, field: "id", detail: "the same id as line 1")])
    }

    @Test("CSV: every wrong cell of a row is reported with the row's line")
    func csvEveryField() {
        let csv = """
            id,category,surname,birthDate,nationality,validFrom,aliases
            C1,entry_ban,Ivanenko,1990-01-01,UKR,,
            C2,,Hrytsenko,1990-02-30,UKR,yesterday,[oops]
            C3,entry_ban,Lysenko,1990,UKR,,
            """
        let check = AlertImportCheck(AlertImportCheck.csvLines(Data(csv.utf8)), agencyId: Self.agencyId, now: Self.now, source: "test")
        #expect(check.records.map(\.line) == [2, 4])
        #expect(check.errors.map(\.field) == ["category", "validFrom", "aliases", "birthDate"])
        #expect(check.errors.allSatisfy { $0.line == 3 })
    }

    @Test("CSV: every unknown column of the header is named")
    func csvHeader() {
        let lines = AlertImportCheck.csvLines(Data("id,categorie,surname,birth\nX,entry_ban,Koval,1990\n".utf8))
        #expect(lines.count == 1)
        #expect(lines.first?.problems.map(\.field) == ["categorie", "birth", "category"])
    }

    static let mixed = """
        {"id":"G1","category":"entry_ban","surname":"Tkachenko","givenNames":"Oksana","birthDate":"1985-03","nationality":"UKR","sex":"F"}
        {"id":"B1","category":"entry_ban","surname":"Moroz","birthDate":"2999","nationality":"QQQ"}
        {"id":"G2","category":"wanted","surname":"Hassan","givenNames":"Omar","birthDate":"1979","nationality":"SYR","sex":"M"}
        {"id":"B2","category":"entry_ban","surname":
        """

    @Test("by default one bad record and nothing is stored; every bad record is in the error", arguments: TestDatabase.kinds)
    func allOrNothing(kind: DatabaseKind) async throws {
        let services = try await TestDatabase.services(kind)
        let agency = try await TestAgency.make(services)
        let error = await #expect(throws: AlertImportError.self) {
            try await services.watchlists.importAlerts(Data(Self.mixed.utf8), format: .jsonl, context: agency.context(.analyst))
        }
        #expect(error?.errors.map(\.line) == [2, 2, 4])
        #expect(error?.errors.map(\.field) == ["birthDate", "nationality", nil])
        #expect(error?.badRecords == 2)
        #expect(try await services.database.repositories.alerts.list(.init(), after: nil, limit: 10).isEmpty)
        #expect(services.screening.statistics.alerts == 0)
        try await services.database.shutdown()
    }

    @Test("acceptValid stores, audits, events and screens the good records and reports the rest", arguments: TestDatabase.kinds)
    func acceptValid(kind: DatabaseKind) async throws {
        let services = try await TestDatabase.services(kind)
        let agency = try await TestAgency.make(services)
        let summary = try await services.watchlists.importAlerts(
            Data(Self.mixed.utf8), format: .jsonl, mode: .acceptValid, context: agency.context(.analyst)
        )
        #expect(summary.imported == 2 && summary.rejected == 2)
        #expect(summary.errors.map(\.line) == [2, 2, 4])
        let stored = try await services.database.repositories.alerts.list(.init(), after: nil, limit: 10)
        #expect(Set(stored.compactMap(\.reference)) == ["G1", "G2"])
        let events = try await services.database.repositories.outbox.events(after: 0).filter { $0.aggregateType == "alert" }
        #expect(events.count == 2)
        let hits = services.screening.screen(
            person: PersonQuery(surname: "TKACHENKO", givenNames: "OKSANA", birthDate: BirthDate(iso: "1985-03-11"), nationality: "UKR", sex: .female)
        )
        #expect(hits.first?.category == .entryBan)

        // A second run of the same file: the good ids are taken now, the bad ones still bad.
        let again = await #expect(throws: AlertImportError.self) {
            try await services.watchlists.importAlerts(
                Data(Self.mixed.utf8), format: .jsonl, mode: .acceptValid, context: agency.context(.analyst)
            )
        }
        #expect(again?.errors.map(\.line) == [1, 2, 2, 3, 4])
        #expect(again?.errors.filter { $0.field == "id" }.map(\.detail) == Array(repeating: "your agency already has an alert with this id", count: 2))

        // One new record beside the taken ones: stored, the others reported.
        let more = Self.mixed + "\n" + #"{"id":"G3","category":"missing","surname":"Savchenko","birthDate":"2001-XX-XX"}"#
        let third = try await services.watchlists.importAlerts(
            Data(more.utf8), format: .jsonl, mode: .acceptValid, context: agency.context(.analyst)
        )
        #expect(third.imported == 1 && third.rejected == 4)
        #expect(third.errors.map(\.line) == [1, 2, 2, 3, 4])
        #expect(try await services.database.repositories.alerts.list(.init(), after: nil, limit: 10).count == 3)
        try await services.database.shutdown()
    }

    /// `kordon watchlist import` runs beside a server that follows the change log: it re-screens the people in
    /// the country itself, but builds no index of its own that it would throw away when it exits.
    @Test("the command line's import re-screens the people in the country and leaves the index to the servers", arguments: TestDatabase.kinds)
    func commandLineImport(kind: DatabaseKind) async throws {
        let services = try await TestDatabase.services(kind)
        let agency = try await TestAgency.make(services)
        let inside = try await services.persons.create(
            .init(surname: "TKACHENKO", givenNames: "OKSANA", birthDate: "1985-03-11", sex: "F", nationality: "UKR"),
            idempotencyKey: nil, context: agency.context(.firstLine)
        ).person.id
        _ = try await services.crossings.record(
            .init(
                personId: inside, documentId: nil, pointCode: "UA-ROAD-KRAKIVETS", direction: .entry,
                occurredAt: Date().addingTimeInterval(-3600), decision: .admitted
            ),
            idempotencyKey: nil, context: agency.context(.firstLine)
        )
        let summary = try await services.watchlists.importAlerts(
            Data(Self.mixed.utf8), format: .jsonl, mode: .acceptValid, agencyCode: agency.agency.code, reloadIndex: false
        )
        #expect(summary.imported == 2)
        let hits = try await services.database.repositories.outbox.events(after: 0).filter { $0.type == "screening.hit" }
        #expect(hits.count == 1)
        #expect(hits.first?.payload.contains(inside.uuidString) == true)
        #expect(services.screening.statistics.alerts == 0)
        // A server started on the store screens against the imported alerts.
        try await services.screening.load()
        #expect(services.screening.statistics.alerts == 2)
        try await services.database.shutdown()
    }

    /// Another process's import is visible from its switch, and its change rows come after, while it publishes.
    /// A server's poller rebuilds once for alerts it does not hold, and not again for rows of alerts it holds.
    @Test("a server rebuilds its index once for another process's import, not again for each batch of its change rows", arguments: TestDatabase.kinds)
    func importFromAnotherProcess(kind: DatabaseKind) async throws {
        let location = try await TestDatabase.freshLocation(kind)
        func start() async throws -> KordonServices {
            try await KordonServices.start(location: location, referenceFolder: TestDatabase.referenceFolder, logger: TestDatabase.logger)
        }
        let importer = try await start()
        let behind = try await start()
        let holding = try await start()
        let agency = try await TestAgency.make(importer)
        // More change rows than one poll reads (5,000).
        func name(_ number: Int) -> String {
            var number = number
            var letters = "K"
            repeat {
                letters.append(Character(UnicodeScalar(UInt8(65 + number % 26))))
                number /= 26
            } while number > 0
            return letters
        }
        let file = (1...6_000).map { #"{"id":"R\#($0)","category":"wanted","surname":"\#(name($0))","birthDate":"1980-01-01"}"# }
            .joined(separator: "\n")
        let summary = try await importer.watchlists.importAlerts(
            Data(file.utf8), format: .jsonl, agencyCode: agency.agency.code, reloadIndex: false
        )
        #expect(summary.imported == 6_000)

        // A server whose index predates the import: one rebuild, then the rest of the rows change nothing.
        let before = behind.screening.rebuildCount
        try await behind.screening.refresh()
        try await behind.screening.refresh()
        #expect(behind.screening.rebuildCount == before + 1)
        #expect(behind.screening.statistics.alerts == 6_000)

        // A server that already holds the alerts (as after a rebuild between the switch and the publishing)
        // while it reads their change rows: no rebuild.
        var records: [AlertRecord] = []
        try await holding.database.repositories.alerts.allActive { records += $0 }
        holding.screening.apply(records)
        let built = holding.screening.rebuildCount
        try await holding.screening.refresh()
        try await holding.screening.refresh()
        #expect(holding.screening.rebuildCount == built)
        #expect(holding.screening.statistics.alerts == 6_000)

        // A few changes are read and applied, not rebuilt.
        _ = try await importer.watchlists.importAlerts(
            Data(#"{"id":"R-late","category":"wanted","surname":"Latecomer","birthDate":"1990-02-03"}"#.utf8), format: .jsonl,
            agencyCode: agency.agency.code, reloadIndex: false
        )
        try await holding.screening.refresh()
        #expect(holding.screening.rebuildCount == built)
        #expect(holding.screening.statistics.alerts == 6_001)
        for services in [importer, behind, holding] { try await services.database.shutdown() }
    }

    @Test("acceptValid with no good record stores nothing and is an error")
    func acceptValidNothingGood() async throws {
        let services = try await TestDatabase.services(.sqlite)
        let agency = try await TestAgency.make(services)
        let bad = #"{"id":"B1","category":"entry_ban"}"# + "\n" + #"{"id":"B2","category":"nonsense","surname":"Koval"}"#
        let error = await #expect(throws: AlertImportError.self) {
            try await services.watchlists.importAlerts(Data(bad.utf8), format: .jsonl, mode: .acceptValid, context: agency.context(.analyst))
        }
        #expect(error?.errors.map(\.field) == ["surname", "category"])
        #expect(try await services.database.repositories.alerts.list(.init(), after: nil, limit: 10).isEmpty)
        try await services.database.shutdown()
    }
}
