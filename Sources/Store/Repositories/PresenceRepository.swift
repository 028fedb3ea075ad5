import Foundation
import SQLKit

/// Who is in the country: the one place that answers it (STYLE.md §11). Every reader — the overstayer
/// list, re-screening of persons and documents in the country — reads the `presence` table through here;
/// `PresenceKeeper` (Services) writes it on each recorded crossing.
public struct PresenceRepository: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) { self.db = db }

    static let columns = [
        "person_id", "crossing_id", "entered_at", "entry_point", "nationality", "basis", "authorised_through",
        "overstay_base", "resumes_on", "computed_at",
    ]

    // MARK: - Writing

    /// Inserts or replaces the rows of these persons.
    public func upsert(_ rows: [Presence], at now: Date) async throws {
        for chunk in rows.chunked(into: 200) {
            let insert = db.insert(into: "presence").columns(Self.columns)
            for row in chunk {
                insert.values(
                    SQLBind(row.personId), SQLBind(row.crossingId), SQLBind(row.enteredAt), SQLBind(row.entryPoint),
                    SQLBind(row.nationality), SQLBind(row.outlook?.basis), SQLBind(row.outlook?.authorisedThrough),
                    SQLBind(row.outlook?.overstayBase), SQLBind(row.outlook?.resumesOn),
                    SQLBind(row.outlook == nil ? nil : now)
                )
            }
            try await insert.onConflict(with: ["person_id"]) { update in
                for column in Self.columns where column != "person_id" { update.set(excludedValueOf: column) }
                return update
            }.run()
        }
    }

    /// Removes these persons (they left, or their entry was not admitted).
    public func remove(personIds: [UUID]) async throws {
        for chunk in personIds.chunked(into: 500) {
            try await db.delete(from: "presence").where("person_id", .in, SQLBind.group(Array(chunk))).run()
        }
    }

    /// Who is present, again from every crossing, with outlooks left pending (`basis` `NULL`): after a
    /// bulk load that stored crossings without the keeper. The statement of migration 0010.
    public func rebuildFromCrossings() async throws {
        try await db.raw("DELETE FROM presence").run()
        try await db.raw(Self.presentFromCrossings(personIds: nil)).run()
    }

    /// Who of these persons is present, again from all their crossings, with outlooks left pending: a bulk
    /// load's presence, in its transaction, for the persons it named only (the rest of the table stays).
    ///
    /// A few persons are named in the statement; many (a backlog names tens of thousands) go into a temporary
    /// table first, so that their crossings are ranked in one pass over the table rather than one pass per
    /// batch of names (measured at 1 M crossings and 50,000 persons on PostgreSQL: 1.3 s against 100 batches
    /// of 0.2 s).
    public func rebuildFromCrossings(personIds: [UUID]) async throws {
        guard personIds.count > Self.namedInStatement else {
            try await remove(personIds: personIds)
            if !personIds.isEmpty { try await db.raw(Self.presentFromCrossings(personIds: personIds)).run() }
            return
        }
        let uuid = db.dialect.name == "postgresql" ? "UUID" : "TEXT"
        try await db.raw("CREATE TEMP TABLE presence_rebuild (id \(unsafeRaw: uuid) PRIMARY KEY)").run()
        for chunk in personIds.chunked(into: Self.namedInStatement) {
            let insert = db.insert(into: "presence_rebuild").columns("id")
            for id in chunk { insert.values(SQLBind(id)) }
            try await insert.run()
        }
        try await db.raw("DELETE FROM presence WHERE person_id IN (SELECT id FROM presence_rebuild)").run()
        try await db.raw(Self.presentFromCrossings(only: "AND c.person_id IN (SELECT id FROM presence_rebuild)")).run()
        try await db.raw("DROP TABLE presence_rebuild").run()
    }

    /// Persons named in one statement (bound values).
    static let namedInStatement = 500

    /// The rule "a person is present when his latest admitted crossing (by time, then id) is an entry" in
    /// SQL (`PresenceKeeper` holds the same rule in Swift; a test holds the two together); for some persons,
    /// or for all.
    ///
    /// Each person's admitted crossings are ranked newest first and only the first is kept: one ordered read
    /// of his crossings. (Migration 0010 wrote it as "no later admitted crossing exists", which probes the
    /// index once per entry; on PostgreSQL's monthly partitions, M0016, once per entry and per month:
    /// 120 s for a 1 M-crossing load's 50,000 persons.) `ROW_NUMBER()` is in SQLite since 3.25.
    static func presentFromCrossings(personIds: [UUID]?) -> SQLQueryString {
        presentFromCrossings(only: personIds.map { "AND c.person_id IN (\(binds: $0))" } ?? "")
    }

    static func presentFromCrossings(only: SQLQueryString) -> SQLQueryString {
        """
            INSERT INTO presence (person_id, crossing_id, entered_at, entry_point, nationality)
            SELECT person_id, id, occurred_at, point_code, nationality FROM (
                SELECT c.person_id, c.id, c.occurred_at, c.point_code, c.direction, p.nationality,
                    ROW_NUMBER() OVER (PARTITION BY c.person_id ORDER BY c.occurred_at DESC, c.id DESC) AS newest
                FROM crossing c JOIN person p ON p.id = c.person_id
                WHERE c.decision = 'admitted' \(only)
            ) latest
            WHERE newest = 1 AND direction = 'entry'
            """
    }

    // MARK: - Keeping current

    /// Persons whose outlook is not computed yet (backfilled rows), at most `limit`.
    public func pending(limit: Int) async throws -> [UUID] {
        try await db.select().column("person_id").from("presence").where(SQLIdentifier("basis"), .is, SQLLiteral.null)
            .orderBy("person_id").limit(limit).all().map { try $0.decodeUUID(column: "person_id") }
    }

    /// Persons whose outlook went stale by `day` (a later authorisation has started), at most `limit`.
    public func stale(onDay day: Int, limit: Int) async throws -> [UUID] {
        try await db.select().column("person_id").from("presence").where("resumes_on", .lessThanOrEqual, SQLBind(day))
            .limit(limit).all().map { try $0.decodeUUID(column: "person_id") }
    }

    // MARK: - Reading

    public func find(personId: UUID) async throws -> Presence? {
        try await db.select().columns(Self.columns).from("presence").where("person_id", .equal, SQLBind(personId))
            .first().map(Self.decode)
    }

    /// Filters of the overstayer list.
    public struct OverstayFilter: Sendable {
        /// The day the list is made for (UTC days since 1970-01-01).
        public var day: Int
        public var minDays: Int
        public var entryPoint: String?
        public var nationality: String?
        /// Not listed (the home state's citizens never overstay).
        public var excludedNationality: String?

        public init(day: Int, minDays: Int, entryPoint: String?, nationality: String?, excludedNationality: String?) {
            self.day = day
            self.minDays = minDays
            self.entryPoint = entryPoint
            self.nationality = nationality
            self.excludedNationality = excludedNationality
        }
    }

    /// A position in the overstayer list: the last row's `overstay_base` and person.
    public struct OverstayCursor: Sendable, Hashable {
        public var overstayBase: Int
        public var personId: UUID

        public init(overstayBase: Int, personId: UUID) {
            self.overstayBase = overstayBase
            self.personId = personId
        }

        /// Opaque to clients: `base|uuid` (``OpaqueCursor``).
        public var token: String { OpaqueCursor.encode([String(overstayBase), personId.uuidString.lowercased()]) }

        public init?(token: String) {
            guard let parts = OpaqueCursor.decode(token, parts: 2), let base = Int(parts[0]),
                let id = UUID(uuidString: parts[1])
            else { return nil }
            self.init(overstayBase: base, personId: id)
        }
    }

    /// Overstayers on `filter.day`, most days over first (then by person id), `limit` at most after
    /// `cursor`: a range scan of `presence_overstay` (the earliest base is the most days over).
    public func overstayers(_ filter: OverstayFilter, after cursor: OverstayCursor?, limit: Int) async throws
        -> [PresentOverstayer]
    {
        let select = db.select()
            .columns(Self.columns.map { SQLColumn(SQLIdentifier($0), table: SQLIdentifier("pr")) })
            .column(SQLColumn("surname", table: "p")).column(SQLColumn("given_names", table: "p"))
            .from(SQLAlias(SQLIdentifier("presence"), as: SQLIdentifier("pr")))
            .join(SQLAlias(SQLIdentifier("person"), as: SQLIdentifier("p")), on: SQLQueryString("p.id = pr.person_id"))
        Self.whereOverstaying(select, filter)
        if let cursor {
            select.where(
                SQLQueryString("(pr.overstay_base, pr.person_id) > (\(bind: cursor.overstayBase), \(bind: cursor.personId))")
            )
        }
        return try await select.orderBy(SQLColumn("overstay_base", table: "pr")).orderBy(SQLColumn("person_id", table: "pr"))
            .limit(limit).all().map { row in
                PresentOverstayer(
                    presence: try Self.decode(row), surname: try row.decode(column: "surname", as: String.self),
                    givenNames: try row.decode(column: "given_names", as: String.self)
                )
            }
    }

    /// How many overstayers the filter matches, by nationality (the console's chart and count).
    public func overstayersByNationality(_ filter: OverstayFilter) async throws -> [String: Int] {
        let select = db.select().column(SQLColumn("nationality", table: "pr"))
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(SQLAlias(SQLIdentifier("presence"), as: SQLIdentifier("pr")))
        Self.whereOverstaying(select, filter)
        var result: [String: Int] = [:]
        for row in try await select.groupBy(SQLColumn("nationality", table: "pr")).all() {
            result[try row.decode(column: "nationality", as: String.self)] = try row.decode(column: "n", as: Int.self)
        }
        return result
    }

    /// The overstay condition, in one place: past the authorised stay, no later authorisation started.
    static func whereOverstaying(_ select: SQLSelectBuilder, _ filter: OverstayFilter) {
        select.where(SQLColumn("overstay_base", table: "pr"), .lessThanOrEqual, SQLBind(filter.day - max(1, filter.minDays)))
            .where(SQLColumn("authorised_through", table: "pr"), .lessThan, SQLBind(filter.day))
            .where(SQLQueryString("(pr.resumes_on IS NULL OR pr.resumes_on > \(bind: filter.day))"))
        if let point = filter.entryPoint { select.where(SQLColumn("entry_point", table: "pr"), .equal, SQLBind(point)) }
        if let nationality = filter.nationality {
            select.where(SQLColumn("nationality", table: "pr"), .equal, SQLBind(nationality))
        }
        if let excluded = filter.excludedNationality {
            select.where(SQLColumn("nationality", table: "pr"), .notEqual, SQLBind(excluded))
        }
    }

    /// Persons in the country, by person id after `cursor`, `limit` at most.
    public func persons(after cursor: UUID?, limit: Int) async throws -> [Person] {
        let cursorClause: SQLQueryString = cursor.map { (id: UUID) -> SQLQueryString in "WHERE pr.person_id > \(bind: id)" } ?? ""
        let query: SQLQueryString = """
            SELECT p.id, p.surname, p.given_names, p.birth_date, p.sex, p.nationality, p.created_by_agency,
                p.created_at
            FROM presence pr JOIN person p ON p.id = pr.person_id \(cursorClause)
            ORDER BY pr.person_id LIMIT \(literal: limit)
            """
        return try await db.raw(query).all().map(PersonRepository.decode)
    }

    /// A recorded travel document of a person in the country.
    public struct HeldDocument: Sendable, Hashable {
        public var personId: UUID
        public var number: String
        public var issuingState: String
    }

    /// The recorded documents with one of these numbers (exact) held by persons in the country. Uses the
    /// `travel_document (number)` index and the presence key.
    public func documents(numbers: [String]) async throws -> [HeldDocument] {
        var held: [HeldDocument] = []
        for chunk in numbers.chunked(into: 500) {
            let query: SQLQueryString = """
                SELECT d.person_id, d.number, d.issuing_state FROM travel_document d
                JOIN presence pr ON pr.person_id = d.person_id
                WHERE d.number IN (\(binds: Array(chunk)))
                """
            for row in try await db.raw(query).all() {
                held.append(
                    HeldDocument(
                        personId: try row.decodeUUID(column: "person_id"),
                        number: try row.decode(column: "number", as: String.self),
                        issuingState: try row.decode(column: "issuing_state", as: String.self)
                    )
                )
            }
        }
        return held
    }

    public func count() async throws -> Int {
        try await db.raw("SELECT COUNT(*) AS n FROM presence").first()?.decode(column: "n", as: Int.self) ?? 0
    }

    static func decode(_ row: any SQLRow) throws -> Presence {
        let basis = try row.decode(column: "basis", as: String?.self)
        return Presence(
            personId: try row.decodeUUID(column: "person_id"),
            crossingId: try row.decodeUUID(column: "crossing_id"),
            enteredAt: try row.decode(column: "entered_at", as: Date.self),
            entryPoint: try row.decode(column: "entry_point", as: String.self),
            nationality: try row.decode(column: "nationality", as: String.self),
            outlook: try basis.map { basis in
                Presence.Outlook(
                    basis: basis, authorisedThrough: try row.decode(column: "authorised_through", as: Int?.self),
                    overstayBase: try row.decode(column: "overstay_base", as: Int?.self),
                    resumesOn: try row.decode(column: "resumes_on", as: Int?.self)
                )
            }
        )
    }
}
