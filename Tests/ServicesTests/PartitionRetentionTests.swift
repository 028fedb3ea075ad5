import Foundation
import KordonTesting
@testable import Services
import SQLKit
import Store
import Testing

/// Crossings, checks and the audit trail in monthly partitions on PostgreSQL, and retention by dropping the
/// oldest months (issue 15 item 5): what stays, what goes, what is refused, and that the audit trail still
/// verifies from where it resumes.
@Suite("Monthly partitions and retention")
struct PartitionRetentionTests {
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    static func day(_ year: Int, _ month: Int, _ day: Int) -> Date {
        utc.date(from: DateComponents(year: year, month: month, day: day, hour: 12))!
    }

    /// A border check row of `at`, with one hit resolution: what retention must remove together.
    static func check(_ services: KordonServices, _ agency: TestAgency, at: Date) async throws -> UUID {
        let id = UUID()
        let officer = agency.officers[.firstLine]!
        let db = services.database.sql
        try await db.raw(
            """
            INSERT INTO border_check (id, point_code, direction, officer_id, agency_id, mrz_valid, recommendation, status,
                hit_count, result, created_at)
            VALUES (\(bind: id), 'UA-ROAD-MAIAKY-UDOBNE', 'entry', \(bind: officer.id), \(bind: agency.agency.id), TRUE,
                'refer', 'referred', 1, '{}', \(bind: at))
            """
        ).run()
        try await db.raw(
            """
            INSERT INTO check_hit_resolution (check_id, alert_id, resolution, officer_id, note, resolved_at)
            VALUES (\(bind: id), 'A-1', 'false_positive', \(bind: officer.id), 'namesake', \(bind: at))
            """
        ).run()
        return id
    }

    /// A crossing at the test clock's time (`PresenceTests.cross` dates by the wall clock).
    @discardableResult
    static func cross(
        _ services: KordonServices, _ agency: TestAgency, _ personId: UUID, _ direction: Crossing.Direction, at: Date
    ) async throws -> Crossing {
        try await services.crossings.record(
            .init(
                personId: personId, documentId: nil, pointCode: "UA-ROAD-MAIAKY-UDOBNE", direction: direction,
                occurredAt: at, decision: .admitted, refusalReasons: nil, backdateReason: nil
            ),
            idempotencyKey: nil, context: agency.context(.secondLine)
        )
    }

    static func count(_ services: KordonServices, _ sql: String) async throws -> Int64 {
        try await services.database.sql.raw(SQLQueryString(sql)).first()!.decode(column: "n", as: Int64.self)
    }

    static func tableOf(_ services: KordonServices, _ table: String, id: UUID) async throws -> String? {
        try await tableOf(services.database, table, id: id)
    }

    static func tableOf(_ database: KordonDatabase, _ table: String, id: UUID) async throws -> String? {
        try await database.sql.raw(
            "SELECT tableoid::regclass::text AS t FROM \(ident: table) WHERE id = \(bind: id)"
        ).first()?.decode(column: "t", as: String.self)
    }

    @Test("rows land in their month's partition, made on the spot for a backdated crossing; a row written around the service waits in the default partition until its month is made")
    func rowsLandInTheirMonth() async throws {
        guard TestDatabase.postgresURL != nil else { return }
        let clock = TestClock(Self.day(2025, 1, 10))
        let services = try await TestDatabase.services(.postgres, clock: clock.clock)
        let agency = try await TestAgency.make(services)
        let person = try await PresenceTests.foreigner(services, agency, surname: "PARTITA")
        let january = try await Self.cross(services, agency, person, .entry, at: clock.now)
        #expect(try await Self.tableOf(services, "crossing", id: january.id) == "crossing_2025_01")

        // Nine months on, nobody made September's partitions: the crossing makes its month.
        clock.advance(250 * 86_400)
        let september = try await Self.cross(services, agency, person, .exit, at: clock.now)
        #expect(try await Self.tableOf(services, "crossing", id: september.id) == "crossing_2025_09")

        // A row written straight into the table (a restore, a replication tool) for a month without a
        // partition is stored in the default partition, reported, and moved in when the month is made.
        let october = UUID()
        let officer = agency.officers[.secondLine]!
        try await services.database.sql.raw(
            """
            INSERT INTO crossing (id, person_id, point_code, direction, occurred_at, officer_id, agency_id, decision,
                refusal_reasons, recorded_at)
            VALUES (\(bind: october), \(bind: person), 'UA-ROAD-MAIAKY-UDOBNE', 'entry', \(bind: Self.day(2025, 10, 2)),
                \(bind: officer.id), \(bind: agency.agency.id), 'admitted', '', \(bind: clock.now))
            """
        ).run()
        #expect(try await Self.tableOf(services, "crossing", id: october) == "crossing_default")
        let waiting = try await services.database.repositories.partitions.partitions().first { $0.name == "crossing_default" }
        #expect(waiting?.rowsByMonth == [CalendarMonth("2025-10")!: 1])
        clock.advance(30 * 86_400)
        let made = try await services.database.repositories.partitions.ensureMonths(around: clock.now, ahead: 0)
        #expect(made.contains("crossing_2025_10"))
        #expect(try await Self.tableOf(services, "crossing", id: october) == "crossing_2025_10")
        #expect(try await services.database.repositories.crossings.crossings(personIds: [person])[person]?.count == 3)
        try await services.database.shutdown()
    }

    @Test("retention drops old months of crossings, checks and the audit trail, keeps the entry of a person still here, and the trail verifies from where it resumes")
    func retentionDropsOldMonths() async throws {
        guard TestDatabase.postgresURL != nil else { return }
        let clock = TestClock(Self.day(2025, 1, 10))
        let services = try await TestDatabase.services(.postgres, clock: clock.clock)
        let agency = try await TestAgency.make(services)
        let leaver = try await PresenceTests.foreigner(services, agency, surname: "LEAVER")
        let stayer = try await PresenceTests.foreigner(services, agency, surname: "STAYER")
        try await Self.cross(services, agency, leaver, .entry, at: clock.now)
        let stayerEntry = try await Self.cross(services, agency, stayer, .entry, at: clock.now)
        let oldCheck = try await Self.check(services, agency, at: clock.now)
        clock.advance(20 * 86_400)  // 30 January
        try await Self.cross(services, agency, leaver, .exit, at: clock.now)

        // Two years on: this month's partitions, a signed checkpoint, a check and a crossing of today.
        clock.advance(700 * 86_400)
        try await services.database.repositories.partitions.ensureMonths(around: clock.now)
        let key = AuditSigningKey()
        let checkpointer = AuditCheckpointer(
            database: services.database, key: key, publishPath: nil, clock: clock.clock, logger: TestDatabase.logger
        )
        let newCheck = try await Self.check(services, agency, at: clock.now)
        let returning = try await Self.cross(services, agency, leaver, .entry, at: clock.now)
        try #require(try await checkpointer.checkpoint() != nil)
        let auditBefore = try await Self.count(services, "SELECT count(*) AS n FROM audit_entry")

        let cut = CalendarMonth(containing: clock.now).adding(months: -6)
        let plan = try await services.dropMonths(before: cut, dryRun: true)
        #expect(plan.dropped.contains { $0.table == "crossing" && $0.month == CalendarMonth("2025-01") && $0.rows == 3 && $0.kept == 1 })
        #expect(try await Self.count(services, "SELECT count(*) AS n FROM crossing") == 4)  // a dry run changes nothing

        let retention = try await services.dropMonths(before: cut, dryRun: false)
        #expect(retention.auditSeq != nil)
        // The stayer's entry is kept (his stay counts from it); the leaver's January is gone.
        #expect(try await Self.tableOf(services, "crossing", id: stayerEntry.id) == "crossing_default")
        #expect(try await Self.tableOf(services, "crossing", id: returning.id) != nil)
        #expect(try await services.database.repositories.crossings.crossings(personIds: [leaver])[leaver]?.map(\.id) == [returning.id])
        #expect(try await services.database.repositories.presence.find(personId: stayer)?.crossingId == stayerEntry.id)
        // The old check and its hit resolution are gone; today's stays.
        #expect(try await Self.tableOf(services, "border_check", id: oldCheck) == nil)
        #expect(try await Self.count(services, "SELECT count(*) AS n FROM check_hit_resolution WHERE check_id = '\(oldCheck)'") == 0)
        #expect(try await Self.tableOf(services, "border_check", id: newCheck) != nil)
        let partitions = try await services.database.repositories.partitions.partitions().map(\.name)
        #expect(!partitions.contains("crossing_2025_01") && !partitions.contains("audit_entry_2025_01"))

        // The trail lost its January entries on record and verifies from where it resumes.
        let through = try #require(retention.auditThroughSeq)
        #expect(try await Self.count(services, "SELECT count(*) AS n FROM audit_entry") < auditBefore)
        let report = try await AuditTrailVerifier(database: services.database, trustedKeys: [key.trusted]).verify()
        #expect(report.chain.resumedAt == through + 1)
        #expect(report.chain.isIntact)
        #expect(report.findings.isEmpty, "\(report.findings)")
        let recorded = try await Self.count(services, "SELECT count(*) AS n FROM retention_drop WHERE table_name = 'audit_entry'")
        #expect(recorded >= 1)
        // The record of retention cannot be rewritten.
        await #expect(throws: (any Error).self) {
            try await services.database.sql.raw("DELETE FROM retention_drop").run()
        }
        try await services.database.shutdown()
    }

    @Test("retention refuses the last 180 days, an audit trail with no signed checkpoint past the cut, and SQLite; a refusal changes nothing")
    func retentionRefusals() async throws {
        let sqlite = try await TestDatabase.services(.sqlite)
        await #expect(throws: StoreError.self) {
            _ = try await sqlite.dropMonths(before: CalendarMonth("2020-01")!, dryRun: false)
        }
        try await sqlite.database.shutdown()
        guard TestDatabase.postgresURL != nil else { return }

        let clock = TestClock(Self.day(2025, 1, 10))
        let services = try await TestDatabase.services(.postgres, clock: clock.clock)
        let agency = try await TestAgency.make(services)
        let person = try await PresenceTests.foreigner(services, agency, surname: "REFUSAL")
        try await Self.cross(services, agency, person, .entry, at: clock.now)
        try await Self.cross(services, agency, person, .exit, at: clock.now)
        clock.advance(400 * 86_400)
        try await services.database.repositories.partitions.ensureMonths(around: clock.now)

        let tooRecent = CalendarMonth(containing: clock.now).adding(months: -3)
        do {
            _ = try await services.dropMonths(before: tooRecent, dryRun: false)
            Issue.record("a month of the last 180 days was dropped")
        } catch let error as StoreError {
            #expect(error.field == "before")
            #expect(error.detail.contains("180"))
        }
        // No checkpoint was ever signed: the trail after the cut would be vouched for by nothing.
        let crossingsBefore = try await Self.count(services, "SELECT count(*) AS n FROM crossing")
        do {
            _ = try await services.dropMonths(before: CalendarMonth(containing: clock.now).adding(months: -7), dryRun: false)
            Issue.record("retention ran without a signed checkpoint after the cut")
        } catch let error as StoreError {
            #expect(error.field == "audit_checkpoint")
        }
        #expect(try await Self.count(services, "SELECT count(*) AS n FROM crossing") == crossingsBefore)
        #expect(try await services.database.repositories.partitions.partitions().contains { $0.name == "crossing_2025_01" })
        try await services.database.shutdown()
    }

    @Test("retention refuses a cut the trail's numbering crosses: an entry of January numbered after one of February")
    func retentionRefusesAGapInTheTrail() async throws {
        guard TestDatabase.postgresURL != nil else { return }
        let clock = TestClock(Self.day(2025, 1, 10))
        let services = try await TestDatabase.services(.postgres, clock: clock.clock)
        let agency = try await TestAgency.make(services)
        // Two writes committed together keep their own times (group commit): February's, then January's.
        let record = AuditRecord(
            officerId: nil, agencyId: nil, requestId: nil, purpose: "border_control", action: "check.create",
            resourceType: "border_check", resourceIds: [], personIds: []
        )
        try await services.database.transaction { tx in
            try await Repositories(tx, kind: .postgres).audit.append([(record, Self.day(2025, 2, 1)), (record, Self.day(2025, 1, 31))])
        }
        clock.advance(400 * 86_400)
        try await services.database.repositories.partitions.ensureMonths(around: clock.now)
        let person = try await PresenceTests.foreigner(services, agency, surname: "GAP")
        try await Self.cross(services, agency, person, .entry, at: clock.now)
        try #require(
            try await AuditCheckpointer(
                database: services.database, key: AuditSigningKey(), publishPath: nil, clock: clock.clock,
                logger: TestDatabase.logger
            ).checkpoint() != nil
        )
        let entries = try await Self.count(services, "SELECT count(*) AS n FROM audit_entry")
        do {
            _ = try await services.dropMonths(before: CalendarMonth("2025-02")!, dryRun: false)
            Issue.record("retention cut the trail with a gap")
        } catch let error as StoreError {
            #expect(error.field == "before")
            #expect(error.detail.contains("gap"))
        }
        #expect(try await Self.count(services, "SELECT count(*) AS n FROM audit_entry") == entries)
        // Cutting after February as well is whole again.
        let retention = try await services.dropMonths(before: CalendarMonth("2025-03")!, dryRun: false)
        #expect(retention.auditThroughSeq != nil)
        #expect(try await services.database.repositories.audit.verify().isIntact)
        try await services.database.shutdown()
    }

    @Test("an insider who drops the oldest month by hand and records a retention himself is caught")
    func forgedRetentionIsCaught() async throws {
        guard TestDatabase.postgresURL != nil else { return }
        let clock = TestClock(Self.day(2025, 1, 10))
        let services = try await TestDatabase.services(.postgres, clock: clock.clock)
        let agency = try await TestAgency.make(services)
        let person = try await PresenceTests.foreigner(services, agency, surname: "INSIDER")
        try await Self.cross(services, agency, person, .entry, at: clock.now)
        clock.advance(40 * 86_400)
        try await Self.cross(services, agency, person, .exit, at: clock.now)
        let key = AuditSigningKey()
        try #require(
            try await AuditCheckpointer(
                database: services.database, key: key, publishPath: nil, clock: clock.clock, logger: TestDatabase.logger
            ).checkpoint() != nil
        )
        // He drops January's audit partition and writes the row retention would have written.
        let through = try await Self.count(
            services, "SELECT max(seq) AS n FROM audit_entry WHERE tableoid::regclass::text = 'audit_entry_2025_01'"
        )
        let hash = try #require(try await services.database.repositories.audit.entryHash(seq: through))
        try await services.database.sql.raw("ALTER TABLE audit_entry DETACH PARTITION audit_entry_2025_01").run()
        try await services.database.sql.raw("DROP TABLE audit_entry_2025_01").run()
        try await services.database.sql.raw(
            """
            INSERT INTO retention_drop (id, table_name, month, row_count, kept_count, dropped_at, first_seq_kept, prev_hash_kept)
            VALUES (\(bind: UUID()), 'audit_entry', '2025-01', \(bind: through), 0, now(), \(bind: through + 1), \(bind: hash))
            """
        ).run()
        let report = try await AuditTrailVerifier(database: services.database, trustedKeys: [key.trusted]).verify()
        #expect(report.chain.isIntact)  // the chain alone cannot tell, and the checkpoint is past the cut
        #expect(report.chain.resumedAt == through + 1)
        #expect(report.findings == [.retentionUnrecorded(firstKept: through + 1)])
        #expect(!report.isIntact)
        try await services.database.shutdown()
    }

    @Test("upgrading a store that has crossings, checks and an audit trail moves every row into its month and keeps the chain whole")
    func upgradeMovesExistingRows() async throws {
        guard TestDatabase.postgresURL != nil else { return }
        let database = try await KordonDatabase.open(try await TestDatabase.freshLocation(.postgres), logger: TestDatabase.logger)
        try await Migrator(database: database, migrations: Migrations.all.filter { $0.version < 16 })
            .migrate(logger: TestDatabase.logger)
        let db = database.sql
        let agency = UUID(), officer = UUID(), person = UUID()
        let march = Self.day(2024, 3, 5), june = Self.day(2024, 6, 30)
        try await db.raw(
            "INSERT INTO agency (id, code, name, country, kind, created_at) VALUES (\(bind: agency), 'UA-T', 'T', 'UKR', 'border_guard', \(bind: march))"
        ).run()
        try await db.raw(
            "INSERT INTO officer (id, agency_id, name, role, active, created_at) VALUES (\(bind: officer), \(bind: agency), 'O', 'first_line', TRUE, \(bind: march))"
        ).run()
        try await db.raw(
            """
            INSERT INTO crossing_point (code, name_uk, name_latin, kind, status, verified, sources)
            VALUES ('UA-T-1', 'Т', 'T', 'road', 'open', TRUE, '[]')
            """
        ).run()
        try await db.raw(
            "INSERT INTO person (id, surname, given_names, sex, nationality, created_by_agency, created_at) VALUES (\(bind: person), 'UPGRADE', 'ANA', 'F', 'MDA', \(bind: agency), \(bind: march))"
        ).run()
        var crossings: [UUID] = []
        for (at, direction) in [(march, "entry"), (june, "exit")] {
            let id = UUID()
            crossings.append(id)
            try await db.raw(
                """
                INSERT INTO crossing (id, person_id, point_code, direction, occurred_at, officer_id, agency_id, decision,
                    refusal_reasons, recorded_at)
                VALUES (\(bind: id), \(bind: person), 'UA-T-1', \(bind: direction), \(bind: at), \(bind: officer), \(bind: agency),
                    'admitted', '[]', \(bind: at))
                """
            ).run()
        }
        let check = UUID()
        try await db.raw(
            """
            INSERT INTO border_check (id, point_code, direction, officer_id, agency_id, mrz_valid, recommendation, status,
                hit_count, result, created_at, crossing_id)
            VALUES (\(bind: check), 'UA-T-1', 'exit', \(bind: officer), \(bind: agency), TRUE, 'clear', 'decided', 0, '{}',
                \(bind: june), \(bind: crossings[1]))
            """
        ).run()
        // Appended as the service did before migration 18 (lock and head read apart, the person index written
        // by the service, not by the trigger this store does not have yet): the path SQLite still takes.
        for at in [march, march, june] {
            try await database.transaction { tx in
                try await Repositories(tx, kind: .sqlite).audit.append(
                    [AuditRecord(officerId: officer, agencyId: agency, requestId: nil, purpose: "border_control",
                        action: "crossing.create", resourceType: "crossing", resourceIds: [], personIds: [person])],
                    at: at
                )
            }
        }

        try await Migrator(database: database).migrate(logger: TestDatabase.logger)
        #expect(try await Self.tableOf(database, "crossing", id: crossings[0]) == "crossing_2024_03")
        #expect(try await Self.tableOf(database, "crossing", id: crossings[1]) == "crossing_2024_06")
        #expect(try await Self.tableOf(database, "border_check", id: check) == "border_check_2024_06")
        #expect(try await db.raw("SELECT crossing_id FROM border_check WHERE id = \(bind: check)").first()?
            .decode(column: "crossing_id", as: UUID.self) == crossings[1])
        let audit = try await db.raw(
            "SELECT tableoid::regclass::text AS t, count(*) AS n FROM audit_entry GROUP BY 1 ORDER BY 1"
        ).all().map { (try $0.decode(column: "t", as: String.self), try $0.decode(column: "n", as: Int64.self)) }
        #expect(audit.map(\.0) == ["audit_entry_2024_03", "audit_entry_2024_06"])
        #expect(audit.map(\.1) == [2, 1])
        let verification = try await database.repositories.audit.verify()
        #expect(verification.isIntact && verification.entriesChecked == 3)
        // Still append-only after the move, and still extended only at the head.
        await #expect(throws: (any Error).self) { try await db.raw("DELETE FROM audit_entry").run() }
        await #expect(throws: (any Error).self) { try await db.raw("UPDATE audit_entry SET purpose = 'x'").run() }
        await #expect(throws: (any Error).self) {
            try await db.raw(
                """
                INSERT INTO audit_entry (seq, id, occurred_at_ms, purpose, action, resource_type, resource_ids, person_ids,
                    prev_hash, entry_hash)
                VALUES (2, \(bind: UUID()), 1709640000000, 'x', 'x', 'x', '[]', '[]', 'x', 'x')
                """
            ).run()
        }
        try await database.shutdown()
    }
}
