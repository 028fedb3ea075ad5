import Foundation
import SQLKit

/// What deliverers read from the outbox (issue 12): positions for the settled horizon, and events of
/// some types in a range.
extension EventOutbox {
    /// Positions after `seq`, ascending, at most `limit`: what `OutboxHorizon` walks for gaps.
    public func positions(after seq: Int64, limit: Int) async throws -> [Int64] {
        try await db.select().column("seq").from("event").where("seq", .greaterThan, SQLBind(seq))
            .orderBy("seq", .ascending).limit(limit).all().map { try $0.decode(column: "seq", as: Int64.self) }
    }

    /// Events with `after < seq ≤ through` of the given types (any type when empty), oldest first.
    public func events(after seq: Int64, through: Int64, types: [String], limit: Int) async throws -> [Event] {
        let select = db.select().columns(Self.columns).from("event")
            .where("seq", .greaterThan, SQLBind(seq)).where("seq", .lessThanOrEqual, SQLBind(through))
        if !types.isEmpty { select.where("type", .in, SQLBind.group(types)) }
        return try await select.orderBy("seq", .ascending).limit(limit).all().map(Self.decode)
    }

    /// The last position of an event written before `date` (0 on an empty outbox): where the settled
    /// horizon starts, since no transaction that old is still open.
    public func lastPosition(before date: Date) async throws -> Int64 {
        try await db.select().column("seq").from("event").where("occurred_at", .lessThan, SQLBind(date))
            .orderBy("seq", .descending).limit(1).first()
            .map { try $0.decode(column: "seq", as: Int64.self) } ?? 0
    }

    /// The last position written (0 on an empty outbox).
    public func lastPosition() async throws -> Int64 {
        try await db.select().column("seq").from("event").orderBy("seq", .descending).limit(1).first()
            .map { try $0.decode(column: "seq", as: Int64.self) } ?? 0
    }
}
