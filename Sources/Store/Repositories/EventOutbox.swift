import Foundation
import SQLKit

/// The transactional outbox: events written with the change, read in order by deliverers.
public struct EventOutbox: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) { self.db = db }

    /// Writes events; call inside the transaction that makes the change.
    public func append(_ events: [NewEvent], at now: Date) async throws {
        try await append(events.map { ($0, now) })
    }

    /// Writes events, each with its own time (the writes of several requests committed together).
    public func append(_ events: [(event: NewEvent, at: Date)]) async throws {
        guard !events.isEmpty else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // 7 binds a row: 1,000 rows stay below SQLite's 32,766 and PostgreSQL's 65,535 binds a statement (a register
        // import of 5,000 permits makes 10,000 events).
        for chunk in events.chunked(into: 1_000) {
            let insert = db.insert(into: "event")
                .columns("id", "type", "aggregate_type", "aggregate_id", "agency_id", "occurred_at", "payload")
            for (event, now) in chunk {
                let payload = String(decoding: try encoder.encode(event.payload), as: UTF8.self)
                insert.values(
                    SQLBind(UUID()), SQLBind(event.type), SQLBind(event.aggregateType), SQLBind(event.aggregateId),
                    SQLBind(event.agencyId), SQLBind(now), SQLBind(payload)
                )
            }
            try await insert.run()
        }
    }

    /// Events after `seq`, oldest first.
    public func events(after seq: Int64, limit: Int = 100) async throws -> [Event] {
        try await db.select().columns(Self.columns).from("event").where("seq", .greaterThan, SQLBind(seq))
            .orderBy("seq", .ascending).limit(limit).all().map(Self.decode)
    }

    static let columns = ["seq", "id", "type", "aggregate_type", "aggregate_id", "agency_id", "occurred_at", "payload"]

    static func decode(_ row: any SQLRow) throws -> Event {
        Event(
            seq: try row.decode(column: "seq", as: Int64.self),
            id: try row.decode(column: "id", as: UUID.self),
            type: try row.decode(column: "type", as: String.self),
            aggregateType: try row.decode(column: "aggregate_type", as: String.self),
            aggregateId: try row.decode(column: "aggregate_id", as: String.self),
            agencyId: try row.decode(column: "agency_id", as: UUID?.self),
            occurredAt: try row.decode(column: "occurred_at", as: Date.self),
            payload: try row.decode(column: "payload", as: String.self)
        )
    }
}
