import Foundation
import KordonTesting
import Screening
@testable import Services
import Store
import Testing
import TravelDocuments

/// Watchlists (issue 5): changes audited and evented in their transaction, imports all-or-nothing
/// with line numbers, the screening index current in this process and, on PostgreSQL, in another.
@Suite("Watchlist service")
struct WatchlistServiceTests {
    static let banned = AlertInput(
        reference: "EB-1", category: "entry_ban", reason: "overstay 2024, 5-year ban", surname: "KOVALENKO",
        givenNames: "MYKOLA", birthDate: "1979-11-02", nationality: "UKR", sex: "M"
    )
    static let traveller = PersonQuery(
        surname: "KOVALENKO", givenNames: "MYKOLA", birthDate: BirthDate(iso: "1979-11-02"), nationality: "UKR",
        sex: .male
    )

    @Test("create, update and withdraw are audited, evented and versioned", arguments: TestDatabase.kinds)
    func lifecycle(kind: DatabaseKind) async throws {
        let services = try await TestDatabase.services(kind)
        let agency = try await TestAgency.make(services)
        let context = agency.context(.secondLine)
        let created = try await services.watchlists.create(Self.banned, idempotencyKey: "a1", context: context)
        #expect(created.version == 1 && created.action == .refuse && created.agencyId == agency.agency.id)
        let replay = try await services.watchlists.create(Self.banned, idempotencyKey: "a1", context: context)
        #expect(replay.id == created.id)
        var changed = Self.banned
        changed.birthDate = "1979"
        let updated = try await services.watchlists.update(created.id, changed, context: agency.context(.analyst))
        #expect(updated.version == 2 && updated.birthDate == "1979")
        let withdrawn = try await services.watchlists.withdraw(created.id, context: context)
        #expect(withdrawn.version == 3 && withdrawn.status == .withdrawn)
        let read = try await services.watchlists.get(created.id, context: agency.context(.firstLine))
        // SQLite keeps times as floating-point seconds: compare what identifies the state, not the instants.
        #expect(read.id == withdrawn.id && read.version == 3 && read.status == .withdrawn && read.birthDate == "1979")

        let events = try await services.database.repositories.outbox.events(after: 0)
            .filter { $0.aggregateType == "alert" }
        #expect(events.map(\.type) == ["alert.created", "alert.updated", "alert.withdrawn"])
        let audit = try await services.database.repositories.audit.entries(.init())
        #expect(Array(audit.map(\.action).prefix(4)) == ["alert.read", "alert.withdraw", "alert.update", "alert.create"])

        await #expect(throws: ServiceError.self) {
            try await services.watchlists.create(Self.banned, idempotencyKey: nil, context: agency.context(.firstLine))
        }
        let other = try await TestAgency.make(services, code: "PL-SG", country: "POL")
        var second = Self.banned
        second.reference = "EB-2"
        let foreign = try await services.watchlists.create(second, idempotencyKey: nil, context: other.context(.secondLine))
        await #expect(throws: ServiceError(.forbidden, field: "id", "the alert is owned by another agency; ask it to change the alert")) {
            try await services.watchlists.withdraw(foreign.id, context: context)
        }
        let page = try await services.watchlists.list(
            .init(category: .entryBan), cursor: nil, limit: 1, context: agency.context(.firstLine)
        )
        #expect(page.items.count == 1)
        let next = try await services.watchlists.list(
            .init(category: .entryBan), cursor: page.nextCursor, limit: 1, context: agency.context(.firstLine)
        )
        #expect(next.items.count == 1 && next.items[0].id != page.items[0].id)
        try await services.database.shutdown()
    }

    @Test(
        "bad alerts are refused, naming the field",
        arguments: [
            (AlertInput(category: "entry_ban", reason: "r", birthDate: "1980"), "surname"),
            (AlertInput(category: "entry_ban", reason: "r", surname: "X", birthDate: "2999-01-01"), "birthDate"),
            (AlertInput(category: "terrorist", reason: "r", surname: "X"), "category"),
            (AlertInput(category: "entry_ban", reason: "r", surname: "X", nationality: "ZZZ"), "nationality"),
            (AlertInput(category: "lost_stolen_document", reason: "r", issuingState: "UKR"), "surname"),
            (AlertInput(category: "lost_stolen_document", reason: "r", plate: "AA1234BB"), "documentNumber"),
            (AlertInput(category: "entry_ban", surname: "X"), "reason"),
            (AlertInput(category: "entry_ban", reason: "r", action: "shoot", surname: "X"), "action"),
        ]
    )
    func validation(input: AlertInput, field: String) async throws {
        let services = try await TestDatabase.services(.sqlite)
        let agency = try await TestAgency.make(services)
        do {
            _ = try await services.watchlists.create(input, idempotencyKey: nil, context: agency.context(.secondLine))
            Issue.record("accepted an invalid alert")
        } catch let error as ServiceError {
            #expect(error.code == .validation)
            #expect(error.field == field)
        }
        #expect(try await services.database.repositories.alerts.list(.init(), after: nil, limit: 10).isEmpty)
        try await services.database.shutdown()
    }

    @Test("an import with bad lines names each line and field and stores nothing", arguments: TestDatabase.kinds)
    func importErrors(kind: DatabaseKind) async throws {
        let services = try await TestDatabase.services(kind)
        let agency = try await TestAgency.make(services)
        let jsonl = """
            {"id":"A1","category":"wanted","surname":"Морозенко","givenNames":"Володимир","birthDate":"1969-06-23","nationality":"RUS","sex":"M","script":"cyrillic"}
            {"id":"A2","category":"entry_ban","surname":"Mahmood","birthDate":"2999","nationality":"MAR","sex":"M"}

            {"id":"A3","category":"entry_ban","surname":
            {"id":"A4","category":"smuggler","surname":"Nguyen"}
            {"id":"A1","category":"missing","surname":"Shevchenko"}
            """
        do {
            _ = try await services.watchlists.importAlerts(Data(jsonl.utf8), format: .jsonl, context: agency.context(.analyst))
            Issue.record("a bad file was imported")
        } catch let error as AlertImportError {
            #expect(error.errors.map(\.line) == [2, 4, 5, 6])
            #expect(error.errors.map(\.field) == ["birthDate", nil, "category", "id"])
        }
        let csv = "id,category,surname,givenNames,birthDate,nationality,sex\nC1,entry_ban,Ivanenko,Petro,1990-01-01,UKR,M\nC2,entry_ban,,,1990,UKR,M\n"
        do {
            _ = try await services.watchlists.importAlerts(Data(csv.utf8), format: .csv, context: agency.context(.analyst))
            Issue.record("a bad file was imported")
        } catch let error as AlertImportError {
            #expect(error.errors == [.init(line: 3, field: "surname", detail: "an alert needs a name, a document number or a plate")])
        }
        #expect(try await services.database.repositories.alerts.list(.init(), after: nil, limit: 10).isEmpty)
        #expect(try await services.database.repositories.outbox.events(after: 0).filter { $0.aggregateType == "alert" }.isEmpty)
        #expect(services.screening.statistics.alerts == 0)
        try await services.database.shutdown()
    }

    @Test("the benchmark's alert lines and a CSV import as they are, and are screened at once", arguments: TestDatabase.kinds)
    func importScreened(kind: DatabaseKind) async throws {
        let services = try await TestDatabase.services(kind)
        let agency = try await TestAgency.make(services)
        let jsonl = """
            {"id":"A0000003","category":"wanted","surname":"Морозенков","givenNames":"Володимир","patronymic":"Тимурович","birthDate":"1969-06-23","nationality":"RUS","sex":"M","script":"cyrillic"}
            {"id":"A0000002","category":"entry_ban","surname":"Mahmood","givenNames":"Hussein Yasser Jamal","birthDate":"1999","nationality":"MAR","sex":"M","script":"latin","aliases":[{"surname":"Mahmoud","givenNames":"Hussein"}]}
            """
        let progress = ProgressLog()
        let summary = try await services.watchlists.importAlerts(
            Data(jsonl.utf8), format: .jsonl, context: agency.context(.analyst), progress: { progress.add($0) }
        )
        #expect(summary.imported == 2)
        #expect(progress.stages.contains(.storing))
        let csv = """
            id,category,documentNumber,issuingState,plate,reason
            D1,lost_stolen_document,FA123456,UKR,,reported stolen
            V1,stolen_vehicle,,,"AA 1234 BB",stolen in Lviv
            """
        #expect(try await services.watchlists.importAlerts(Data(csv.utf8), format: .csv, context: agency.context(.analyst)).imported == 2)
        let hits = services.screening.screen(
            person: PersonQuery(surname: "MOROZENKOV", givenNames: "VOLODYMYR", birthDate: BirthDate(iso: "1969-06-23"), nationality: "RUS", sex: .male)
        )
        #expect(hits.first?.category == .wantedPerson)
        #expect(hits.first?.action == .arrest)
        #expect(services.screening.screen(document: DocumentReference(number: "FA123456", issuingState: "UKR")).first?.score == 1)
        #expect(services.screening.screen(document: DocumentReference(number: "FAI23456", issuingState: "UKR")).isEmpty == false)
        #expect(services.screening.screen(plate: "АА1234ВВ").first?.category == .stolenVehicle)
        try await services.database.shutdown()
    }

    @Test("the index follows every change made through this process", arguments: TestDatabase.kinds)
    func indexCurrent(kind: DatabaseKind) async throws {
        let services = try await TestDatabase.services(kind)
        let agency = try await TestAgency.make(services)
        let context = agency.context(.migrationOfficer)
        #expect(services.screening.screen(person: Self.traveller).isEmpty)
        let alert = try await services.watchlists.create(Self.banned, idempotencyKey: nil, context: context)
        let hit = try #require(services.screening.screen(person: Self.traveller).first)
        #expect(hit.alertId == alert.id && hit.alertVersion == 1)
        #expect(hit.hit.explanation.fields.contains { $0.field == .surname })
        var moved = Self.banned
        moved.birthDate = "1961-04-17"
        _ = try await services.watchlists.update(alert.id, moved, context: context)
        #expect(services.screening.screen(person: Self.traveller).isEmpty)
        _ = try await services.watchlists.update(alert.id, Self.banned, context: context)
        #expect(services.screening.screen(person: Self.traveller).first?.alertVersion == 3)
        _ = try await services.watchlists.withdraw(alert.id, context: context)
        #expect(services.screening.screen(person: Self.traveller).isEmpty)
        // A fresh build from the store agrees.
        try await services.screening.load()
        #expect(services.screening.screen(person: Self.traveller).isEmpty)
        try await services.database.shutdown()
    }

    @Test("a dismissal holds until the alert changes", arguments: TestDatabase.kinds)
    func dismissal(kind: DatabaseKind) async throws {
        let services = try await TestDatabase.services(kind)
        let agency = try await TestAgency.make(services)
        let alert = try await services.watchlists.create(Self.banned, idempotencyKey: nil, context: agency.context(.secondLine))
        let personId = UUID()
        let subject = ScreeningSubject.person(personId)
        #expect(services.screening.screen(person: Self.traveller, subject: subject).count == 1)
        await #expect(throws: ServiceError.self) {
            try await services.watchlists.dismiss(
                .init(alertId: alert.id, personId: personId, note: "other person"), context: agency.context(.firstLine)
            )
        }
        let dismissal = try await services.watchlists.dismiss(
            .init(alertId: alert.id, personId: personId, note: "different father's name, checked by phone"),
            context: agency.context(.secondLine)
        )
        #expect(dismissal.alertVersion == 1)
        #expect(services.screening.screen(person: Self.traveller, subject: subject).isEmpty)
        #expect(services.screening.screen(person: Self.traveller, subject: .person(UUID())).count == 1)
        // Remembered in the store: a fresh index still suppresses it.
        try await services.screening.load()
        #expect(services.screening.screen(person: Self.traveller, subject: subject).isEmpty)
        var changed = Self.banned
        changed.reason = "ban extended"
        _ = try await services.watchlists.update(alert.id, changed, context: agency.context(.secondLine))
        #expect(services.screening.screen(person: Self.traveller, subject: subject).first?.alertVersion == 2)
        try await services.database.shutdown()
    }

    @Test(
        "a command that never screens starts with the stored dismissals and no alert; loading reads the alerts",
        arguments: TestDatabase.kinds
    )
    func dismissalsOnlyStart(kind: DatabaseKind) async throws {
        let location = try await TestDatabase.freshLocation(kind)
        let server = try await KordonServices.start(
            location: location, referenceFolder: TestDatabase.referenceFolder, logger: TestDatabase.logger
        )
        let agency = try await TestAgency.make(server)
        let alert = try await server.watchlists.create(Self.banned, idempotencyKey: nil, context: agency.context(.secondLine))
        let checked = UUID()
        _ = try await server.watchlists.dismiss(
            .init(alertId: alert.id, personId: checked, note: "different father's name"), context: agency.context(.secondLine)
        )
        let importer = try await KordonServices.start(
            location: location, referenceFolder: TestDatabase.referenceFolder, logger: TestDatabase.logger,
            screeningStart: .dismissalsOnly
        )
        #expect(importer.screening.statistics.alerts == 0)
        #expect(importer.screening.isDismissed(.person(checked), alertId: alert.id, version: 1))
        #expect(!importer.screening.isDismissed(.person(UUID()), alertId: alert.id, version: 1))
        try await importer.screening.load()
        #expect(importer.screening.statistics.alerts == 1)
        #expect(importer.screening.screen(person: Self.traveller, subject: .person(checked)).isEmpty)
        #expect(importer.screening.screen(person: Self.traveller, subject: .person(UUID())).count == 1)
        try await importer.database.shutdown()
        try await server.database.shutdown()
    }

    @Test("a new alert is screened against the people in the country; hits become events", arguments: TestDatabase.kinds)
    func rescreening(kind: DatabaseKind) async throws {
        let services = try await TestDatabase.services(kind)
        let agency = try await TestAgency.make(services)
        func person(_ given: String, document: String) async throws -> UUID {
            try await services.persons.create(
                .init(
                    surname: "KOVALENKO", givenNames: given, birthDate: "1979-11-02", sex: "M", nationality: "UKR",
                    documents: [.init(documentCode: "P", issuingState: "UKR", number: document, expiryDate: nil)]
                ),
                idempotencyKey: nil, context: agency.context(.firstLine)
            ).person.id
        }
        let inside = try await person("MYKOLA", document: "FA123456")
        let left = try await person("MYKOLA", document: "FA654321")
        for (id, directions) in [(inside, [Crossing.Direction.entry]), (left, [.entry, .exit])] {
            for (offset, direction) in directions.enumerated() {
                _ = try await services.crossings.record(
                    .init(
                        personId: id, documentId: nil, pointCode: "UA-ROAD-KRAKIVETS", direction: direction,
                        occurredAt: Date().addingTimeInterval(Double(offset - 10) * 3600), decision: .admitted
                    ),
                    idempotencyKey: nil, context: agency.context(.firstLine)
                )
            }
        }
        let alert = try await services.watchlists.create(Self.banned, idempotencyKey: nil, context: agency.context(.secondLine))
        let hits = try await services.database.repositories.outbox.events(after: 0).filter { $0.type == "screening.hit" }
        #expect(hits.count == 1)
        #expect(hits.first?.aggregateId == alert.id.uuidString)
        #expect(hits.first?.payload.contains(inside.uuidString) == true)
        // A stolen passport held by someone in the country is found too; one that left is not.
        for number in ["FA123456", "FA654321"] {
            _ = try await services.watchlists.create(
                AlertInput(category: "lost_stolen_document", reason: "stolen", documentNumber: number, issuingState: "UKR"),
                idempotencyKey: nil, context: agency.context(.secondLine)
            )
        }
        let documentHits = try await services.database.repositories.outbox.events(after: 0)
            .filter { $0.type == "screening.hit" && $0.payload.contains(#""matched":"document""#) }
        #expect(documentHits.count == 1)
        #expect(documentHits.first?.payload.contains(inside.uuidString) == true)
        try await services.database.shutdown()
    }

    // The poller reads the change log every 250 ms, so a change arrives within a second on a quiet machine; the test
    // allows 5 s, since the whole suite runs beside it.
    @Test("on PostgreSQL a change made through one process is screened by another within a few polls")
    func crossProcess() async throws {
        guard TestDatabase.kinds.contains(.postgres) else { return }
        let location = try await TestDatabase.freshLocation(.postgres)
        let first = try await KordonServices.start(
            location: location, referenceFolder: TestDatabase.referenceFolder, logger: TestDatabase.logger
        )
        let second = try await KordonServices.start(
            location: location, referenceFolder: TestDatabase.referenceFolder, logger: TestDatabase.logger
        )
        let agency = try await TestAgency.make(first)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await second.screening.run() }
            let alert = try await first.watchlists.create(Self.banned, idempotencyKey: nil, context: agency.context(.secondLine))
            #expect(try await Self.within(seconds: 5) { !second.screening.screen(person: Self.traveller).isEmpty })
            let dismissed = UUID()
            _ = try await first.watchlists.dismiss(
                .init(alertId: alert.id, personId: dismissed, note: "not him"), context: agency.context(.secondLine)
            )
            #expect(try await Self.within(seconds: 5) {
                second.screening.screen(person: Self.traveller, subject: .person(dismissed)).isEmpty
            })
            _ = try await first.watchlists.withdraw(alert.id, context: agency.context(.secondLine))
            #expect(try await Self.within(seconds: 5) { second.screening.screen(person: Self.traveller).isEmpty })
            group.cancelAll()
        }
        try await first.database.shutdown()
        try await second.database.shutdown()
    }

    @Test("the border check screens with the watchlists; its false positive lasts until the alert changes", arguments: TestDatabase.kinds)
    func borderCheck(kind: DatabaseKind) async throws {
        let services = try await TestDatabase.services(kind)
        let agency = try await TestAgency.make(services)
        let ban = AlertInput(
            category: "entry_ban", reason: "smuggling 2025", surname: "Чебан", givenNames: "Іон", birthDate: "1985-04-12",
            nationality: "MDA", sex: "M"
        )
        let alert = try await services.watchlists.create(ban, idempotencyKey: nil, context: agency.context(.secondLine))
        let stolen = try await services.watchlists.create(
            AlertInput(category: "lost_stolen_document", reason: "reported stolen", documentNumber: "MD7654321", issuingState: "MDA"),
            idempotencyKey: nil, context: agency.context(.secondLine)
        )
        let mrz = try CheckServiceTests.mrz(surname: "CEBAN", nationality: "MDA", number: "MD7654321")
        let request = CheckService.CheckRequest(mrz: mrz, pointCode: "UA-ROAD-MAIAKY-UDOBNE", direction: .entry)
        let result = try await services.checks.check(request, context: agency.context(.firstLine))
        #expect(result.recommendation == .refer)
        #expect(Set(result.hits.map(\.alertId)) == [alert.id.uuidString.lowercased(), stolen.id.uuidString.lowercased()])
        try await services.checks.resolveHit(
            checkId: result.id, alertId: alert.id.uuidString.lowercased(), resolution: "false_positive",
            note: "another Ion Ceban, other parents", context: agency.context(.secondLine)
        )
        let again = try await services.checks.check(request, context: agency.context(.firstLine))
        #expect(again.hits.map(\.alertId) == [stolen.id.uuidString.lowercased()])
        var changed = ban
        changed.reason = "smuggling 2025, extended"
        _ = try await services.watchlists.update(alert.id, changed, context: agency.context(.secondLine))
        let afterChange = try await services.checks.check(request, context: agency.context(.firstLine))
        #expect(afterChange.hits.contains { $0.alertId == alert.id.uuidString.lowercased() })
        try await services.database.shutdown()
    }

    @Test("the change-log cursor waits for a hole in the sequence, then skips it")
    func sequenceCursor() {
        let start = Date(timeIntervalSince1970: 1_000)
        var cursor = SequenceCursor(lowWater: 3)
        cursor.advance(over: [4, 5, 7, 8], now: start, grace: 10)
        #expect(cursor.lowWater == 5)
        cursor.advance(over: [7, 8], now: start.addingTimeInterval(5), grace: 10)
        #expect(cursor.lowWater == 5)
        cursor.advance(over: [6, 7, 8], now: start.addingTimeInterval(6), grace: 10)
        #expect(cursor.lowWater == 8)
        cursor.advance(over: [10], now: start.addingTimeInterval(7), grace: 10)
        #expect(cursor.lowWater == 8)
        cursor.advance(over: [10, 11], now: start.addingTimeInterval(18), grace: 10)
        #expect(cursor.lowWater == 11)
    }

    /// Polls `condition` every 20 ms; true as soon as it holds, false after `seconds`.
    static func within(seconds: Double, _ condition: () -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return condition()
    }
}

/// Collects progress reports from the import's callback.
final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var reports: [AlertImportProgress] = []

    func add(_ report: AlertImportProgress) { lock.withLock { reports.append(report) } }

    var stages: [AlertImportProgress.Stage] { lock.withLock { reports.map(\.stage) } }
}
