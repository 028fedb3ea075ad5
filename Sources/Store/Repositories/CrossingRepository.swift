import Foundation
import PostgresNIO
import SQLKit

/// Crossings: the largest table (DESIGN.md plans for a billion rows), so every read goes through
/// one of three indexes: (person, time), (point, time), (time), with `id` as the tie-breaker that
/// makes keyset pagination exact.
public struct CrossingRepository: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) { self.db = db }

    static let columns = [
        "id", "person_id", "document_id", "point_code", "direction", "occurred_at", "officer_id", "agency_id",
        "decision", "refusal_reasons", "recorded_at", "corrects_id", "backdate_reason",
    ]

    /// Inserts in multi-row statements: one round trip per `batchSize` rows.
    public func insert(_ crossings: [Crossing], batchSize: Int = 500) async throws {
        try await PartitionRepository.ensureMonths(of: crossings.map(\.occurredAt), table: "crossing", on: db)
        for chunk in crossings.chunked(into: batchSize) {
            let insert = db.insert(into: "crossing").columns(Self.columns)
            for c in chunk {
                insert.values(
                    SQLBind(c.id), SQLBind(c.personId), SQLBind(c.documentId), SQLBind(c.pointCode),
                    SQLBind(c.direction.rawValue), SQLBind(c.occurredAt), SQLBind(c.officerId), SQLBind(c.agencyId),
                    SQLBind(c.decision.rawValue), SQLBind(c.refusalReasons.joined(separator: ",")),
                    SQLBind(c.recordedAt), SQLBind(c.correctsId), SQLBind(c.backdateReason)
                )
            }
            try await insert.run()
        }
    }

    public func find(id: UUID) async throws -> Crossing? {
        try await db.select().column("*").from("crossing").where("id", .equal, SQLBind(id)).first().map(Self.decode)
    }

    /// A position in a listing: the last row's time and id.
    public struct Cursor: Sendable, Equatable {
        public var occurredAt: Date
        public var id: UUID

        public init(occurredAt: Date, id: UUID) {
            self.occurredAt = occurredAt
            self.id = id
        }

        /// Opaque to clients: `seconds|uuid` (``OpaqueCursor``).
        public var token: String {
            OpaqueCursor.encode(["\(occurredAt.timeIntervalSince1970)", id.uuidString.lowercased()])
        }

        public init?(token: String) {
            guard let parts = OpaqueCursor.decode(token, parts: 2), let seconds = Double(parts[0]), seconds.isFinite,
                let id = UUID(uuidString: parts[1])
            else { return nil }
            self.occurredAt = Date(timeIntervalSince1970: seconds)
            self.id = id
        }
    }

    /// Filters for a listing; at least one of person, point or a time bound is expected by callers.
    public struct Filter: Sendable {
        public var personId: UUID?
        public var pointCode: String?
        public var from: Date?
        public var to: Date?
        /// Only crossings at points under joint control with this state (ICAO code): a partner's view.
        public var jointWith: String?

        public init(
            personId: UUID? = nil, pointCode: String? = nil, from: Date? = nil, to: Date? = nil, jointWith: String? = nil
        ) {
            self.personId = personId
            self.pointCode = pointCode
            self.from = from
            self.to = to
            self.jointWith = jointWith
        }
    }

    /// Crossings in time order (oldest first), `limit` at most, after `cursor`.
    public func list(_ filter: Filter, after cursor: Cursor?, limit: Int) async throws -> [Crossing] {
        let select = db.select().column("*").from("crossing")
        if let person = filter.personId { select.where("person_id", .equal, SQLBind(person)) }
        if let point = filter.pointCode { select.where("point_code", .equal, SQLBind(point)) }
        if let from = filter.from { select.where("occurred_at", .greaterThanOrEqual, SQLBind(from)) }
        if let to = filter.to { select.where("occurred_at", .lessThan, SQLBind(to)) }
        if let state = filter.jointWith {
            select.where(
                SQLQueryString(
                    "point_code IN (SELECT code FROM crossing_point WHERE joint_control = \(bind: true) AND neighbour = \(bind: state))"
                )
            )
        }
        if let cursor {
            select.where(
                SQLQueryString("(occurred_at, id) > (\(bind: cursor.occurredAt), \(bind: cursor.id))")
            )
        }
        select.orderBy("occurred_at", .ascending).orderBy("id", .ascending).limit(limit)
        return try await select.all().map(Self.decode)
    }

    /// A person's most recent crossings, newest first: the timeline the officer sees.
    public func timeline(personId: UUID, limit: Int = 50) async throws -> [Crossing] {
        if let rows = try await PreparedRead.rows(PersonTimelineStatement(personId: personId, limit: limit), on: db) {
            return rows
        }
        return try await db.select().column("*").from("crossing").where("person_id", .equal, SQLBind(personId))
            .orderBy("occurred_at", .descending).orderBy("id", .descending).limit(limit).all().map(Self.decode)
    }

    /// The crossings that happened at or after `since`, whoever recorded them: their ids and persons. A bulk
    /// load asks it after storing, to find crossings recorded meanwhile (`PresenceKeeper.store(_:of:in:)`). An
    /// index range at the right edge of `crossing_time`, on PostgreSQL in the newest month's partition.
    public func recorded(since: Date) async throws -> [(id: UUID, personId: UUID)] {
        try await db.select().column("id").column("person_id").from("crossing")
            .where("occurred_at", .greaterThanOrEqual, SQLBind(since)).all()
            .map { (try $0.decodeUUID(column: "id"), try $0.decodeUUID(column: "person_id")) }
    }

    /// Fresh planner statistics after a bulk load, for what follows in the same transaction: PostgreSQL plans on
    /// the statistics of the table before the load otherwise. Nothing on SQLite, whose planner needs none here.
    public func refreshStatistics() async throws {
        guard db.dialect.name == "postgresql" else { return }
        try await db.raw("ANALYZE crossing").run()
    }

    /// Every crossing of these persons, oldest first, 500 persons per statement. On PostgreSQL a statement
    /// prepared once per connection: ``PersonCrossingsStatement`` for one person (the border check's read),
    /// ``PersonsCrossingsStatement`` for many (the presence keeper's batches); elsewhere batched `IN` lists.
    public func crossings(personIds: [UUID]) async throws -> [UUID: [Crossing]] {
        if personIds.count == 1, let rows = try await PreparedRead.rows(PersonCrossingsStatement(personId: personIds[0]), on: db) {
            return rows.isEmpty ? [:] : [personIds[0]: rows]
        }
        var result: [UUID: [Crossing]] = [:]
        for chunk in personIds.chunked(into: 500) {
            let rows: [Crossing]
            if let prepared = try await PreparedRead.rows(PersonsCrossingsStatement(personIds: Array(chunk)), on: db) {
                rows = prepared
            } else {
                rows = try await db.select().column("*").from("crossing")
                    .where("person_id", .in, SQLBind.group(Array(chunk)))
                    .orderBy("occurred_at", .ascending).orderBy("id", .ascending).all().map(Self.decode)
            }
            for crossing in rows { result[crossing.personId, default: []].append(crossing) }
        }
        return result
    }

    public func count() async throws -> Int {
        let row = try await db.raw("SELECT COUNT(*) AS n FROM crossing").first()
        return try row?.decode(column: "n", as: Int.self) ?? 0
    }

    static func decode(_ row: any SQLRow) throws -> Crossing {
        try crossing(
            id: try row.decodeUUID(column: "id"),
            personId: try row.decodeUUID(column: "person_id"),
            documentId: try row.decodeUUIDIfPresent(column: "document_id"),
            pointCode: try row.decode(column: "point_code", as: String.self),
            direction: try row.decode(column: "direction", as: String.self),
            occurredAt: try row.decode(column: "occurred_at", as: Date.self),
            officerId: try row.decodeUUID(column: "officer_id"),
            agencyId: try row.decodeUUID(column: "agency_id"),
            decision: try row.decode(column: "decision", as: String.self),
            refusalReasons: try row.decode(column: "refusal_reasons", as: String.self),
            recordedAt: try row.decode(column: "recorded_at", as: Date.self),
            correctsId: try row.decodeUUIDIfPresent(column: "corrects_id"),
            backdateReason: try row.decode(column: "backdate_reason", as: String?.self)
        )
    }

    /// A crossing from a PostgreSQL row of ``columns``, in their order, with postgres-nio's own decoders.
    ///
    /// Decoding by column name through PostgresKit's `Codable` path was two thirds of the CPU of a bulk load's
    /// presence pass (`perf`, 1 M crossings of 50,000 persons: 10,000 rows per batch of 500 persons), and it is
    /// also how every border check read the person's crossings.
    static func decode(postgres row: PostgresRow) throws -> Crossing {
        let (id, personId, documentId, pointCode, direction, occurredAt, officerId, agencyId, decision, reasons,
             recordedAt, correctsId, backdateReason) = try row.decode(
            (UUID, UUID, UUID?, String, String, Date, UUID, UUID, String, String, Date, UUID?, String?).self
        )
        return try crossing(
            id: id, personId: personId, documentId: documentId, pointCode: pointCode, direction: direction,
            occurredAt: occurredAt, officerId: officerId, agencyId: agencyId, decision: decision,
            refusalReasons: reasons, recordedAt: recordedAt, correctsId: correctsId, backdateReason: backdateReason
        )
    }

    /// A crossing from its columns' values (both decoders): the direction and decision as their enumerations,
    /// the refusal reasons from their comma-separated codes.
    private static func crossing(
        id: UUID, personId: UUID, documentId: UUID?, pointCode: String, direction: String, occurredAt: Date,
        officerId: UUID, agencyId: UUID, decision: String, refusalReasons: String, recordedAt: Date, correctsId: UUID?,
        backdateReason: String?
    ) throws -> Crossing {
        guard let parsedDirection = Crossing.Direction(rawValue: direction) else {
            throw StoreError(.invalidValue, field: "crossing.direction", detail: "unknown value in database")
        }
        guard let parsedDecision = Crossing.Decision(rawValue: decision) else {
            throw StoreError(.invalidValue, field: "crossing.decision", detail: "unknown value in database")
        }
        return Crossing(
            id: id, personId: personId, documentId: documentId, pointCode: pointCode, direction: parsedDirection,
            occurredAt: occurredAt, officerId: officerId, agencyId: agencyId, decision: parsedDecision,
            refusalReasons: refusalReasons.isEmpty ? [] : refusalReasons.split(separator: ",").map(String.init),
            recordedAt: recordedAt, correctsId: correctsId, backdateReason: backdateReason
        )
    }
}
