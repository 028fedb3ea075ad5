import Foundation
import PostgresKit
import SQLKit

/// Reads that PostgreSQL plans once per connection instead of on every call (issue 15 items 1 and 5).
///
/// SQLKit sends each statement unnamed, so PostgreSQL parses and plans it on every call. For a read of one
/// person's crossings the plan is the dear part: `crossing` is partitioned by month (migration 0016), and no
/// partition bound prunes a read by person, so planning opens every month's partition and its indexes. At
/// 10 M crossings in 29 months, `EXPLAIN (ANALYZE, SUMMARY)` of the 50 newest of a person measured 0.85 ms
/// planning against 0.4 ms executing, on a warm session (6.4 ms planning on a fresh one).
///
/// A named statement (postgres-nio's `PostgresPreparedStatement`) is parsed once per connection; after five
/// executions PostgreSQL keeps a generic plan and plans no more
/// (https://www.postgresql.org/docs/15/sql-prepare.html, "Notes"), and when a partition is created, detached
/// or dropped it plans again by itself. Each statement names its columns instead of `*`, so a column a later
/// migration adds cannot change a cached plan's result type. A pooler in transaction mode (PgBouncer before
/// 1.21) does not keep named statements: run the servers against PostgreSQL or a session-mode pooler.
///
/// On SQLite there is nothing to gain this way (no planner cost of that kind): `rows(_:)` returns nil and the
/// caller runs its SQLKit query, or, for a ``SharedRead``, `rows(of:on:)` runs the statement's own text.
enum PreparedRead {
    /// The rows of `statement` on this database's connection (the transaction's, inside one), or nil when the
    /// database is not PostgreSQL.
    static func rows<Statement: PostgresPreparedStatement>(_ statement: Statement, on db: any SQLDatabase)
        async throws -> [Statement.Row]? where Statement.Row: Sendable
    {
        if let session = db as? PostgresSession {
            return try await collect(statement, on: session.connection)
        }
        guard let postgres = db as? any PostgresDatabase else { return nil }
        return try await postgres.withConnection { connection in
            connection.eventLoop.makeFutureWithTask { try await collect(statement, on: connection) }
        }.get()
    }

    private static func collect<Statement: PostgresPreparedStatement>(_ statement: Statement, on connection: PostgresConnection)
        async throws -> [Statement.Row]
    {
        var rows: [Statement.Row] = []
        for try await row in try await connection.execute(statement, logger: connection.logger) { rows.append(row) }
        return rows
    }
}

/// A transaction's PostgreSQL session that keeps its connection at hand, so that ``PreparedRead`` can run a named
/// statement inside the transaction (PostgresKit's own session hides the connection). Everything else is the
/// connection's SQLKit database.
struct PostgresSession: SQLDatabase {
    let connection: PostgresConnection
    let base: any SQLDatabase

    init(_ connection: PostgresConnection) {
        self.connection = connection
        self.base = connection.sql(queryLogLevel: nil)
    }

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        base.execute(sql: query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try await base.execute(sql: query, onRow)
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await closure(self)
    }
}

/// A person's crossings newest first, at most `limit`: the timeline (``CrossingRepository/timeline(personId:limit:)``).
struct PersonTimelineStatement: PostgresPreparedStatement {
    static let sql = "SELECT \(CrossingRepository.columns.joined(separator: ", ")) FROM crossing WHERE person_id = $1 "
        + "ORDER BY occurred_at DESC, id DESC LIMIT $2"
    typealias Row = Crossing

    var personId: UUID
    var limit: Int

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 2)
        bindings.append(personId)
        bindings.append(Int64(limit))
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Crossing { try CrossingRepository.decode(postgres: row) }
}

/// Every crossing of one person, oldest first: what a border check reads for the stay and the history.
struct PersonCrossingsStatement: PostgresPreparedStatement {
    static let sql = "SELECT \(CrossingRepository.columns.joined(separator: ", ")) FROM crossing WHERE person_id = $1 "
        + "ORDER BY occurred_at ASC, id ASC"
    typealias Row = Crossing

    var personId: UUID

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(personId)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Crossing { try CrossingRepository.decode(postgres: row) }
}

/// Every crossing of many persons, oldest first (the presence keeper's batches of 500): one array bound, where an
/// `IN` list of 500 values was parsed and planned anew, over every month's partition, on each call.
struct PersonsCrossingsStatement: PostgresPreparedStatement {
    static let sql = "SELECT \(CrossingRepository.columns.joined(separator: ", ")) FROM crossing WHERE person_id = ANY($1) "
        + "ORDER BY occurred_at ASC, id ASC"
    typealias Row = Crossing

    var personIds: [UUID]

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(personIds)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Crossing { try CrossingRepository.decode(postgres: row) }
}

/// Which of these references an agency already uses (``AlertRepository/existingReferences(_:agencyId:)``): an import
/// of a million alerts asks it 2,000 times, each an `IN` list of 500 values PostgreSQL parsed and planned anew.
struct ReferencesTakenStatement: PostgresPreparedStatement {
    static let sql = "SELECT reference FROM alert WHERE agency_id = $1 AND reference = ANY($2)"
    typealias Row = String

    var agencyId: UUID
    var references: [String]

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 2)
        bindings.append(agencyId)
        bindings.append(references)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> String { try row.decode(String.self) }
}

/// A prepared read whose rows the repository decodes as SQLKit rows (`PostgresRow.sql()`), as its SQLKit query's.
protocol PreparedRowsRead: PostgresPreparedStatement where Row == PostgresRow {}

/// A read whose one SQL text serves both engines: prepared on PostgreSQL, and on SQLite run as it is with its
/// parameters bound by position. `$1`…`$n` are SQLite parameters too, numbered by their first appearance
/// (https://sqlite.org/lang_expr.html#varparam), so the text must use them in order the first time; a later
/// `$n` is the same parameter again. One text means the filter cannot differ between the engines.
protocol SharedRead: PreparedRowsRead {
    /// The parameters in `$n` order: bound on PostgreSQL (``makeBindings()``) and on SQLite alike.
    var parameters: [any PostgresDynamicTypeEncodable & Encodable & Sendable] { get }
}

extension SharedRead {
    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: parameters.count)
        for parameter in parameters { bindings.append(parameter) }
        return bindings
    }
}

extension PreparedRead {
    /// The rows of `statement` on either engine.
    static func rows<Statement: SharedRead>(of statement: Statement, on db: any SQLDatabase) async throws -> [any SQLRow] {
        if let rows = try await rows(statement, on: db) { return rows.map { $0.sql() } }
        return try await db.raw("\(Positional(text: Statement.sql, parameters: statement.parameters))").all()
    }

    /// SQL text with its parameters already in place: written as it is, its values bound in order.
    private struct Positional: SQLExpression {
        var text: String
        var parameters: [any PostgresDynamicTypeEncodable & Encodable & Sendable]

        func serialize(to serializer: inout SQLSerializer) {
            serializer.write(text)
            serializer.binds.append(contentsOf: parameters.map { $0 as any Encodable & Sendable })
        }
    }
}

extension PreparedRowsRead {
    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}

/// The officer and agency behind a bearer token (``AgencyRepository/bearer(tokenSHA256:at:touchInterval:)``): read
/// on every API request.
struct BearerStatement: PreparedRowsRead {
    static let select = """
        SELECT t.id AS t_id, t.expires_at AS t_expires_at, t.last_used_at AS t_last_used_at,
            o.id AS o_id, o.agency_id AS o_agency_id, o.name AS o_name, o.role AS o_role, o.active AS o_active,
            o.created_at AS o_created_at, a.code AS a_code, a.name AS a_name, a.country AS a_country, a.kind AS a_kind,
            a.created_at AS a_created_at
        FROM api_token t JOIN officer o ON o.id = t.officer_id JOIN agency a ON a.id = o.agency_id
        """
    static let sql = select + " WHERE t.token_sha256 = $1 AND t.revoked_at IS NULL"

    var tokenSHA256: String

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(tokenSHA256)
        return bindings
    }
}

/// The audit trail's last entry (``AuditLog/head()``): read by every transaction that appends, on a table partitioned
/// by month, so planning it opens every month kept.
struct AuditHeadStatement: PreparedRowsRead {
    static let sql = "SELECT seq, entry_hash FROM audit_entry ORDER BY seq DESC LIMIT 1"

    func makeBindings() throws -> PostgresBindings { PostgresBindings() }
}

/// The chain's advisory lock and then its head, in one round trip (PostgreSQL only: migration 0018).
struct AuditLockedHeadStatement: PreparedRowsRead {
    static let sql = "SELECT head_seq, head_hash FROM kordon_audit_locked_head(7201002)"

    func makeBindings() throws -> PostgresBindings { PostgresBindings() }
}

/// A person by id (``PersonRepository/find(id:)``): the holder of the document a border check read.
struct PersonByIdStatement: SharedRead {
    static let sql = "SELECT id, surname, given_names, birth_date, sex, nationality, created_by_agency, created_at "
        + "FROM person WHERE id = $1"

    var id: UUID

    var parameters: [any PostgresDynamicTypeEncodable & Encodable & Sendable] { [id] }
}

/// A travel document by issuing state, number and code (``PersonRepository/document(issuingState:number:documentCode:)``):
/// the first read of a border check.
struct DocumentStatement: SharedRead {
    static let sql = "SELECT id, person_id, document_code, issuing_state, number, expiry_date, mrz, created_at "
        + "FROM travel_document WHERE issuing_state = $1 AND number = $2 AND document_code = $3 LIMIT 1"

    var issuingState: String
    var number: String
    var documentCode: String

    var parameters: [any PostgresDynamicTypeEncodable & Encodable & Sendable] { [issuingState, number, documentCode] }
}

/// The holder of a travel document and the document, by issuing state, number and code, in one read: the first read
/// of a border check (``PersonRepository/holder(issuingState:number:documentCode:)``). A scanner's code (`PO`,
/// `IR`) may be stored as its first letter only, so both are asked, the exact code first.
struct HolderStatement: SharedRead {
    static let sql = """
        SELECT d.id, d.person_id, d.document_code, d.issuing_state, d.number, d.expiry_date, d.mrz, d.created_at,
            p.id AS p_id, p.surname AS p_surname, p.given_names AS p_given_names, p.birth_date AS p_birth_date,
            p.sex AS p_sex, p.nationality AS p_nationality, p.created_by_agency AS p_created_by_agency,
            p.created_at AS p_created_at
        FROM travel_document d JOIN person p ON p.id = d.person_id
        WHERE d.issuing_state = $1 AND d.number = $2 AND d.document_code IN ($3, $4)
        ORDER BY CASE WHEN d.document_code = $3 THEN 0 ELSE 1 END LIMIT 1
        """

    var issuingState: String
    var number: String
    var documentCode: String

    var shortCode: String { String(documentCode.prefix(1)) }

    var parameters: [any PostgresDynamicTypeEncodable & Encodable & Sendable] { [issuingState, number, documentCode, shortCode] }
}

/// The manifest traveller a border check meets: this document, on a flight due at this point within the arrival
/// window, one not yet met first, then the latest (``ManifestRepository/traveller(documentNumber:issuingState:pointCode:arrivingFrom:to:)``).
/// Sent unprepared, PostgreSQL planned it on every entry check: 0.17 ms of planning for 0.014 ms of execution
/// (`pg_stat_statements` with `track_planning`, 2,254 calls during 8,000 checks).
struct ArrivingTravellerStatement: SharedRead {
    static let sql = "SELECT " + ManifestRepository.travellerColumns.map { "t.\"\($0)\"" }.joined(separator: ", ") + """
         FROM manifest_traveller t JOIN flight f ON f.id = t.flight_id
        WHERE t.document_number = $1 AND t.issuing_state = $2 AND f.point_code = $3
            AND f.scheduled_arrival >= $4 AND f.scheduled_arrival <= $5
        ORDER BY CASE WHEN t.check_id IS NULL THEN 0 ELSE 1 END, f.scheduled_arrival DESC LIMIT 1
        """

    var documentNumber: String
    var issuingState: String
    var pointCode: String
    var from: Date
    var to: Date

    var parameters: [any PostgresDynamicTypeEncodable & Encodable & Sendable] { [documentNumber, issuingState, pointCode, from, to] }
}

/// A partner's crossings of one document since an instant, newest first (``PartnerRepository/crossings(documents:since:limit:)``
/// for one document, as every border check asks): 0.075 ms of planning for 0.005 ms of execution when unprepared.
struct PartnerDocumentCrossingsStatement: SharedRead {
    static let sql = "SELECT " + PartnerRepository.crossingColumns.joined(separator: ", ") + """
         FROM partner_crossing
        WHERE occurred_at >= $1 AND document_number = $2 AND issuing_state = $3 ORDER BY occurred_at DESC LIMIT $4
        """

    var since: Date
    var documentNumber: String
    var issuingState: String
    var limit: Int

    var parameters: [any PostgresDynamicTypeEncodable & Encodable & Sendable] { [since, documentNumber, issuingState, limit] }
}

/// One person's authorisations to stay, by start (``BorderCheckRepository/authorisations(personId:)``): what a check
/// weighs the stay against.
struct AuthorisationsStatement: SharedRead {
    static let sql = "SELECT id, person_id, kind, valid_from, valid_until, details, issued_by_agency, created_at "
        + "FROM authorisation WHERE person_id = $1 ORDER BY valid_from"

    var personId: UUID

    var parameters: [any PostgresDynamicTypeEncodable & Encodable & Sendable] { [personId] }
}

/// A page of the active, visible alerts in id order after a cursor (``AlertRepository/allActive(pageSize:_:)``):
/// the read of a whole screening-index reload. The rows come back undecoded and the caller decodes them by
/// position (``AlertRepository/decode(postgres:)``) in its own task: `rows(_:on:)` collects on a task of its own
/// when it takes a pooled connection, and that task would not keep the caller's executor (a reload runs below
/// the border's priority, `IndexBuilds`).
struct ActiveAlertsPageStatement: PreparedRowsRead {
    static let sql = "SELECT \(AlertRepository.columns.joined(separator: ", ")) FROM alert WHERE \(AlertRepository.visibleText) "
        + "AND status = 'active' AND id > $1 ORDER BY id ASC LIMIT $2"
    /// The cursor of the first page: no UUID sorts before it (and none of ours is the nil UUID).
    static let beforeAll = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))

    var after: UUID
    var limit: Int

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 2)
        bindings.append(after)
        bindings.append(Int64(limit))
        return bindings
    }
}
