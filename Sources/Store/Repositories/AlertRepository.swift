import Foundation
import PostgresKit
import SQLKit

/// Alerts, their change log and remembered false positives: every watchlist SQL statement.
public struct AlertRepository: Sendable {
    let db: any SQLDatabase
    let kind: DatabaseKind

    public init(_ db: any SQLDatabase, kind: DatabaseKind) {
        self.db = db
        self.kind = kind
    }

    static let columns = [
        "id", "reference", "category", "agency_id", "valid_from", "valid_until", "reason", "action", "surname",
        "given_names", "patronymic", "aliases", "birth_date", "nationality", "sex", "document_number",
        "issuing_state", "plate", "status", "version", "created_at", "updated_at",
    ]

    /// Rows per multi-row insert: 22 binds each stays far below SQLite's and PostgreSQL's bind limits.
    static let batchSize = 200

    // MARK: - Writing

    /// Inserts alerts in multi-row statements, with one `alert_change` row each.
    public func insert(_ alerts: [AlertRecord]) async throws {
        for chunk in alerts.chunked(into: Self.batchSize) {
            let insert = db.insert(into: "alert").columns(Self.columns)
            for alert in chunk { insert.values(try Self.binds(alert)) }
            try await insert.run()
        }
        try await appendChanges(alerts.map { ($0.id, $0.version) }, at: alerts.first?.updatedAt ?? Date())
    }

    /// Writes every column of `alert` over the stored row (the caller has raised `version`), and logs the change.
    public func update(_ alert: AlertRecord) async throws {
        let values = try Self.binds(alert)
        let update = db.update("alert")
        for (column, value) in zip(Self.columns, values) where column != "id" && column != "created_at" {
            update.set(SQLIdentifier(column), to: value)
        }
        try await update.where("id", .equal, SQLBind(alert.id)).run()
        try await appendChanges([(alert.id, alert.version)], at: alert.updatedAt)
    }

    func appendChanges(_ changes: [(UUID, Int)], at now: Date) async throws {
        for chunk in changes.chunked(into: 1000) {
            let insert = db.insert(into: "alert_change").columns("alert_id", "version", "changed_at")
            for (id, version) in chunk { insert.values(SQLBind(id), SQLBind(version), SQLBind(now)) }
            try await insert.run()
        }
    }

    static func binds(_ a: AlertRecord) throws -> [any SQLExpression] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let aliases = String(decoding: try encoder.encode(a.aliases), as: UTF8.self)
        return [
            SQLBind(a.id), SQLBind(a.reference), SQLBind(a.category.rawValue), SQLBind(a.agencyId),
            SQLBind(a.validFrom), SQLBind(a.validUntil), SQLBind(a.reason), SQLBind(a.action.rawValue),
            SQLBind(a.surname), SQLBind(a.givenNames), SQLBind(a.patronymic), SQLBind(aliases),
            SQLBind(a.birthDate), SQLBind(a.nationality), SQLBind(a.sex), SQLBind(a.documentNumber),
            SQLBind(a.issuingState), SQLBind(a.plate), SQLBind(a.status.rawValue), SQLBind(a.version),
            SQLBind(a.createdAt), SQLBind(a.updatedAt),
        ]
    }

    // MARK: - Reading

    /// The alert with this id; `forUpdate` locks the row until the transaction ends (PostgreSQL; SQLite's
    /// `BEGIN IMMEDIATE` already holds the database's write lock).
    public func find(id: UUID, forUpdate: Bool = false) async throws -> AlertRecord? {
        let select = db.select().columns(Self.columns).from("alert")
            .where("id", .equal, SQLBind(id)).where(Self.visible)
        if forUpdate && kind == .postgres { select.for(.update) }
        return try await select.first().map(Self.decode)
    }

    /// The visible alerts among `ids` (in no particular order; unknown and staged ids are left out), 500 per
    /// statement.
    public func find(ids: [UUID]) async throws -> [AlertRecord] {
        var found: [AlertRecord] = []
        for chunk in ids.chunked(into: 500) {
            let rows = try await db.select().columns(Self.columns).from("alert")
                .where("id", .in, Array(chunk)).where(Self.visible)
                .all()
            found += try rows.map(Self.decode)
        }
        return found
    }

    /// Which of `references` the agency already uses: 500 per statement (on PostgreSQL one prepared statement with
    /// the references bound as one array, ``ReferencesTakenStatement``).
    public func existingReferences(_ references: [String], agencyId: UUID) async throws -> Set<String> {
        var found: Set<String> = []
        for chunk in references.chunked(into: 500) {
            if let taken = try await PreparedRead.rows(ReferencesTakenStatement(agencyId: agencyId, references: Array(chunk)), on: db) {
                found.formUnion(taken)
                continue
            }
            let rows = try await db.select().column("reference").from("alert")
                .where("agency_id", .equal, SQLBind(agencyId)).where("reference", .in, Array(chunk))
                .all()
            for row in rows { if let reference = try row.decode(column: "reference", as: String?.self) { found.insert(reference) } }
        }
        return found
    }

    /// Filters of a listing.
    public struct Filter: Sendable {
        public var category: AlertRecord.Category?
        public var agencyId: UUID?
        public var status: AlertRecord.Status?

        public init(category: AlertRecord.Category? = nil, agencyId: UUID? = nil, status: AlertRecord.Status? = nil) {
            self.category = category
            self.agencyId = agencyId
            self.status = status
        }
    }

    /// Alerts in id order after `cursor` (keyset paging on the primary key).
    public func list(_ filter: Filter, after cursor: UUID?, limit: Int) async throws -> [AlertRecord] {
        let select = db.select().columns(Self.columns).from("alert").where(Self.visible)
        if let category = filter.category { select.where("category", .equal, SQLBind(category.rawValue)) }
        if let agency = filter.agencyId { select.where("agency_id", .equal, SQLBind(agency)) }
        if let status = filter.status { select.where("status", .equal, SQLBind(status.rawValue)) }
        if let cursor { select.where("id", .greaterThan, SQLBind(cursor)) }
        return try await select.orderBy("id", .ascending).limit(limit).all().map(Self.decode)
    }

    /// Every active alert, read in pages of `pageSize` so a large watchlist never sits in one result set.
    ///
    /// On PostgreSQL the pages come through ``ActiveAlertsPageStatement``, decoded column by position with
    /// postgres-nio's own decoders: this read is a whole reload of the screening index, and decoding 1.1 M alerts
    /// by column name through PostgresKit's `Codable` path was half of a reload's CPU.
    public func allActive(pageSize: Int = 10_000, _ body: ([AlertRecord]) throws -> Void) async throws {
        var cursor: UUID?
        while true {
            let statement = ActiveAlertsPageStatement(after: cursor ?? ActiveAlertsPageStatement.beforeAll, limit: pageSize)
            let page: [AlertRecord]
            if let rows = try await PreparedRead.rows(statement, on: db) {
                page = try rows.map(Self.decode(postgres:))
            } else {
                page = try await list(Filter(status: .active), after: cursor, limit: pageSize)
            }
            try body(page)
            guard page.count == pageSize, let last = page.last else { return }
            cursor = last.id
        }
    }

    /// The category, action and status columns as their enumerations (both decoders).
    static func kinds(category: String, action: String, status: String) throws
        -> (AlertRecord.Category, AlertRecord.Action, AlertRecord.Status)
    {
        guard let category = AlertRecord.Category(rawValue: category), let action = AlertRecord.Action(rawValue: action),
            let status = AlertRecord.Status(rawValue: status)
        else {
            throw StoreError(.invalidValue, field: "alert.category", detail: "unknown value in database")
        }
        return (category, action, status)
    }

    /// The `aliases` column: a JSON array, most often empty (no decoder is made for `[]`).
    static func aliases(_ text: String) throws -> [AlertAlias] {
        text == "[]" ? [] : try JSONDecoder().decode([AlertAlias].self, from: Data(text.utf8))
    }

    /// An alert from a PostgreSQL row of ``columns``, in their order (``ActiveAlertsPageStatement``).
    static func decode(postgres row: PostgresRow) throws -> AlertRecord {
        let (id, reference, categoryText, agencyId, validFrom, validUntil, reason, actionText, surname, givenNames,
             patronymic, aliasesText, birthDate, nationality, sex, documentNumber, issuingState, plate, statusText, version,
             createdAt, updatedAt) = try row.decode(
            (UUID, String?, String, UUID, Date, Date?, String, String, String?, String?, String?, String, String?, String?,
             String, String?, String?, String?, String, Int, Date, Date).self
        )
        let (category, action, status) = try kinds(category: categoryText, action: actionText, status: statusText)
        return AlertRecord(
            id: id, reference: reference, category: category, agencyId: agencyId, validFrom: validFrom,
            validUntil: validUntil, reason: reason, action: action, surname: surname, givenNames: givenNames,
            patronymic: patronymic, aliases: try aliases(aliasesText), birthDate: birthDate, nationality: nationality,
            sex: sex, documentNumber: documentNumber, issuingState: issuingState, plate: plate, status: status,
            version: version, createdAt: createdAt, updatedAt: updatedAt
        )
    }

    static func decode(_ row: any SQLRow) throws -> AlertRecord {
        func text(_ column: String) throws -> String { try row.decode(column: column, as: String.self) }
        func optional(_ column: String) throws -> String? { try row.decode(column: column, as: String?.self) }
        let (category, action, status) = try kinds(
            category: try text("category"), action: try text("action"), status: try text("status")
        )
        let aliases = try Self.aliases(try text("aliases"))
        return AlertRecord(
            id: try row.decode(column: "id", as: UUID.self), reference: try optional("reference"), category: category,
            agencyId: try row.decode(column: "agency_id", as: UUID.self),
            validFrom: try row.decode(column: "valid_from", as: Date.self),
            validUntil: try row.decode(column: "valid_until", as: Date?.self), reason: try text("reason"),
            action: action, surname: try optional("surname"), givenNames: try optional("given_names"),
            patronymic: try optional("patronymic"), aliases: aliases, birthDate: try optional("birth_date"),
            nationality: try optional("nationality"), sex: try text("sex"),
            documentNumber: try optional("document_number"), issuingState: try optional("issuing_state"),
            plate: try optional("plate"), status: status, version: try row.decode(column: "version", as: Int.self),
            createdAt: try row.decode(column: "created_at", as: Date.self),
            updatedAt: try row.decode(column: "updated_at", as: Date.self)
        )
    }

    // MARK: - Change log

    /// Changes after `seq`, oldest first.
    public func changes(after seq: Int64, limit: Int) async throws -> [AlertChange] {
        try await db.select().columns("seq", "alert_id", "version").from("alert_change")
            .where("seq", .greaterThan, SQLBind(seq)).orderBy("seq", .ascending).limit(limit).all().map { row in
                AlertChange(
                    seq: try row.decode(column: "seq", as: Int64.self),
                    alertId: try row.decode(column: "alert_id", as: UUID.self),
                    version: try row.decode(column: "version", as: Int.self)
                )
            }
    }

    /// The highest change sequence number, 0 when there is none.
    public func lastChangeSeq() async throws -> Int64 {
        try await db.raw("SELECT MAX(seq) AS n FROM alert_change").first()?.decode(column: "n", as: Int64?.self) ?? 0
    }

    // MARK: - Dismissals

    public func insert(_ dismissal: ScreeningDismissal) async throws {
        try await db.insert(into: "screening_dismissal")
            .columns(
                "id", "subject_key", "alert_id", "alert_version", "officer_id", "agency_id", "dismissed_at", "note"
            )
            .values(
                SQLBind(dismissal.id), SQLBind(dismissal.subjectKey), SQLBind(dismissal.alertId),
                SQLBind(dismissal.alertVersion), SQLBind(dismissal.officerId), SQLBind(dismissal.agencyId),
                SQLBind(dismissal.dismissedAt), SQLBind(dismissal.note)
            )
            .run()
    }

    /// Dismissals after `seq`, oldest first.
    public func dismissals(after seq: Int64, limit: Int) async throws -> [ScreeningDismissal] {
        try await db.select().column("*").from("screening_dismissal").where("seq", .greaterThan, SQLBind(seq))
            .orderBy("seq", .ascending).limit(limit).all().map { row in
                ScreeningDismissal(
                    seq: try row.decode(column: "seq", as: Int64.self), id: try row.decode(column: "id", as: UUID.self),
                    subjectKey: try row.decode(column: "subject_key", as: String.self),
                    alertId: try row.decode(column: "alert_id", as: UUID.self),
                    alertVersion: try row.decode(column: "alert_version", as: Int.self),
                    officerId: try row.decode(column: "officer_id", as: UUID.self),
                    agencyId: try row.decode(column: "agency_id", as: UUID.self),
                    dismissedAt: try row.decode(column: "dismissed_at", as: Date.self),
                    note: try row.decode(column: "note", as: String.self)
                )
            }
    }
}

extension Repositories {
    public var alerts: AlertRepository { AlertRepository(db, kind: kind) }
}

extension AlertRepository {
    /// Which of `documents` (normalised number, issuing state) an active alert of `agencyId` names at `now`: the
    /// documents on that agency's own list, asked for a batch of events at once (issue 12 "persons on its own
    /// list"). An alert that names no issuing state names the number in any state.
    public func documentsOnList(agencyId: UUID, documents: [(number: String, issuingState: String?)], at now: Date)
        async throws -> Set<String>
    {
        let numbers = Array(Set(documents.map(\.number).filter { !$0.isEmpty }))
        guard !numbers.isEmpty else { return [] }
        let rows = try await db.select().columns("document_number", "issuing_state").from("alert")
            .where("agency_id", .equal, SQLBind(agencyId))
            .where("status", .equal, SQLBind(AlertRecord.Status.active.rawValue))
            .where("document_number", .in, SQLBind.group(numbers))
            .where("valid_from", .lessThanOrEqual, SQLBind(now))
            .where { $0.where("valid_until", .is, SQLLiteral.null).orWhere("valid_until", .greaterThan, SQLBind(now)) }
            .all()
        var listed: Set<String> = []
        for row in rows {
            let number = try row.decode(column: "document_number", as: String.self)
            let state = try row.decode(column: "issuing_state", as: String?.self)
            for document in documents where document.number == number && (state == nil || state == document.issuingState) {
                listed.insert(Self.listKey(number: number, issuingState: document.issuingState))
            }
        }
        return listed
    }

    /// How `documentsOnList` names a document in its answer.
    public static func listKey(number: String, issuingState: String?) -> String { number + "|" + (issuingState ?? "") }
}

