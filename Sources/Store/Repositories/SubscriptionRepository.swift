import Foundation
import SQLKit

/// Subscriptions and their delivery cursors (issue 12). The cursor lives in the database, so a
/// restarted server resumes each subscriber where it stopped, and several servers agree on it.
public struct SubscriptionRepository: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) { self.db = db }

    public func insert(_ subscription: Subscription) async throws {
        try await db.insert(into: "subscription")
            .columns(
                "id", "agency_id", "role", "event_types", "point_codes", "alert_categories", "own_list", "url", "status",
                "created_by", "created_at", "cursor_seq"
            )
            .values(
                SQLBind(subscription.id), SQLBind(subscription.agencyId), SQLBind(subscription.role.rawValue),
                SQLBind(subscription.eventTypes.joined(separator: ",")),
                SQLBind(subscription.pointCodes.joined(separator: ",")),
                SQLBind(subscription.alertCategories.joined(separator: ",")), SQLBind(subscription.ownList),
                SQLBind(subscription.url),
                SQLBind(subscription.status.rawValue), SQLBind(subscription.createdBy),
                SQLBind(subscription.createdAt), SQLBind(subscription.delivery.cursorSeq)
            ).run()
    }

    public func find(id: UUID) async throws -> Subscription? {
        try await db.select().columns(Self.columns).from("subscription").where("id", .equal, SQLBind(id)).first()
            .map(Self.decode)
    }

    /// An agency's subscriptions (every agency's when nil), newest first.
    public func list(agencyId: UUID?) async throws -> [Subscription] {
        let select = db.select().columns(Self.columns).from("subscription")
        if let agencyId { select.where("agency_id", .equal, SQLBind(agencyId)) }
        return try await select.orderBy("created_at", .descending).all().map(Self.decode)
    }

    /// The subscriptions deliveries run for.
    public func active() async throws -> [Subscription] {
        try await db.select().columns(Self.columns).from("subscription")
            .where("status", .equal, SQLBind(Subscription.Status.active.rawValue)).all().map(Self.decode)
    }

    /// Marks it revoked; deliveries stop at the next step. Returns false when it was not active.
    public func revoke(id: UUID, at now: Date) async throws -> Bool {
        let rows = try await db.update("subscription")
            .set("status", to: SQLBind(Subscription.Status.revoked.rawValue)).set("revoked_at", to: SQLBind(now))
            .where("id", .equal, SQLBind(id)).where("status", .equal, SQLBind(Subscription.Status.active.rawValue))
            .returning("id").all()
        return !rows.isEmpty
    }

    /// After a delivery: the cursor moves to `through`, counts and times are updated, failures reset.
    /// The cursor only moves forward (`cursor_seq < through`), so a late writer cannot rewind it.
    public func recordDelivery(id: UUID, through: Int64, lastEventSeq: Int64?, events: Int, at now: Date) async throws {
        let update = db.update("subscription")
            .set("cursor_seq", to: SQLBind(through))
            .set("delivered_count", to: SQLRaw("delivered_count + \(events)"))
            .set("failure_count", to: SQLBind(0 as Int64)).set("last_error", to: SQLLiteral.null)
        if let lastEventSeq {
            update.set("last_delivered_seq", to: SQLBind(lastEventSeq)).set("last_delivered_at", to: SQLBind(now))
                .set("last_attempt_at", to: SQLBind(now))
        }
        try await update.where("id", .equal, SQLBind(id)).where("cursor_seq", .lessThan, SQLBind(through)).run()
    }

    /// After a failed attempt: the reason (no payload) and one more consecutive failure.
    public func recordFailure(id: UUID, error: String, at now: Date) async throws {
        try await db.update("subscription")
            .set("failure_count", to: SQLRaw("failure_count + 1"))
            .set("last_error", to: SQLBind(String(error.prefix(300)))).set("last_attempt_at", to: SQLBind(now))
            .where("id", .equal, SQLBind(id)).run()
    }

    /// Takes or renews the right to deliver this subscription until `until`, for `owner`: granted when
    /// nobody holds it, its holder's lease ran out, or `owner` holds it already. Several processes on one
    /// database then deliver each subscription from one of them at a time.
    public func lease(id: UUID, owner: String, at now: Date, until: Date) async throws -> Bool {
        let rows = try await db.update("subscription")
            .set("lease_owner", to: SQLBind(owner)).set("lease_until", to: SQLBind(until))
            .where("id", .equal, SQLBind(id))
            .where { group in
                group.where("lease_owner", .is, SQLLiteral.null).orWhere("lease_owner", .equal, SQLBind(owner))
                    .orWhere("lease_until", .lessThan, SQLBind(now))
            }
            .returning("id").all()
        return !rows.isEmpty
    }

    static let columns = [
        "id", "agency_id", "role", "event_types", "point_codes", "alert_categories", "own_list", "url", "status", "created_by",
        "created_at", "revoked_at", "cursor_seq", "delivered_count", "failure_count", "last_error", "last_attempt_at",
        "last_delivered_at", "last_delivered_seq",
    ]

    static func decode(_ row: any SQLRow) throws -> Subscription {
        func list(_ column: String) throws -> [String] {
            try row.decode(column: column, as: String.self).split(separator: ",").map(String.init)
        }
        guard let role = Role(rawValue: try row.decode(column: "role", as: String.self)) else {
            throw StoreError(.invalidValue, field: "subscription.role", detail: "unknown role in database")
        }
        return Subscription(
            id: try row.decode(column: "id", as: UUID.self),
            agencyId: try row.decode(column: "agency_id", as: UUID.self),
            role: role,
            eventTypes: try list("event_types"),
            pointCodes: try list("point_codes"),
            alertCategories: try list("alert_categories"),
            ownList: try row.decode(column: "own_list", as: Bool.self),
            url: try row.decode(column: "url", as: String.self),
            status: Subscription.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .revoked,
            createdBy: try row.decode(column: "created_by", as: UUID?.self),
            createdAt: try row.decode(column: "created_at", as: Date.self),
            revokedAt: try row.decode(column: "revoked_at", as: Date?.self),
            delivery: DeliveryState(
                cursorSeq: try row.decode(column: "cursor_seq", as: Int64.self),
                lastDeliveredSeq: try row.decode(column: "last_delivered_seq", as: Int64.self),
                deliveredCount: try row.decode(column: "delivered_count", as: Int64.self),
                failureCount: try row.decode(column: "failure_count", as: Int64.self),
                lastError: try row.decode(column: "last_error", as: String?.self),
                lastAttemptAt: try row.decode(column: "last_attempt_at", as: Date?.self),
                lastDeliveredAt: try row.decode(column: "last_delivered_at", as: Date?.self)
            )
        )
    }
}

extension Repositories {
    public var subscriptions: SubscriptionRepository { SubscriptionRepository(db) }
    public var exchangeLog: ExchangeMessageLog { ExchangeMessageLog(db, kind: kind) }
    public var partners: PartnerRepository { PartnerRepository(db) }
}
