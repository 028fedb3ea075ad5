import Foundation
import SQLKit

extension ManifestRepository {
    static let hitColumns = [
        "id", "flight_id", "traveller_key", "alert_id", "alert_version", "category", "action", "matched", "score",
        "summary", "explanation", "source", "found_at", "resolution", "resolved_by", "resolved_at", "resolution_note",
    ]

    /// Writes hits; a hit already stored for the same flight, traveller and alert is refreshed (score,
    /// explanation, version) and keeps its review, unless the alert has a newer version now: a changed
    /// alert may describe someone else, so the review lapses (as remembered dismissals do, issue 5).
    public func upsert(_ hits: [ManifestHit]) async throws {
        let reopened = "CASE WHEN excluded.alert_version > manifest_hit.alert_version THEN NULL ELSE manifest_hit.%@ END"
        for chunk in hits.chunked(into: 100) {
            let insert = db.insert(into: "manifest_hit").columns(Self.hitColumns)
            for h in chunk {
                insert.values(
                    SQLBind(h.id), SQLBind(h.flightId), SQLBind(h.travellerKey), SQLBind(h.alertId),
                    SQLBind(h.alertVersion), SQLBind(h.category), SQLBind(h.action), SQLBind(h.matched),
                    SQLBind(h.score), SQLBind(h.summary), SQLBind(h.explanation), SQLBind(h.source),
                    SQLBind(h.foundAt), SQLBind(h.resolution), SQLBind(h.resolvedBy), SQLBind(h.resolvedAt),
                    SQLBind(h.resolutionNote)
                )
            }
            insert.onConflict(with: ["flight_id", "traveller_key", "alert_id"]) { update in
                var update = update
                for column in ["resolution", "resolved_by", "resolved_at", "resolution_note"] {
                    update = update.set(column, to: SQLRaw(String(format: reopened, column)))
                }
                return update.set(excludedValueOf: "alert_version").set(excludedValueOf: "category")
                    .set(excludedValueOf: "action").set(excludedValueOf: "matched").set(excludedValueOf: "score")
                    .set(excludedValueOf: "summary").set(excludedValueOf: "explanation")
            }
            try await insert.run()
        }
    }

    /// Drops the hits not yet reviewed of these travellers: an amendment screens its list afresh, and
    /// only reviews are worth keeping across it.
    public func deleteOpenHits(flightId: UUID, travellerKeys: [String]) async throws {
        for chunk in Array(Set(travellerKeys)).sorted().chunked(into: 500) {
            try await db.delete(from: "manifest_hit").where("flight_id", .equal, SQLBind(flightId))
                .where("traveller_key", .in, SQLBind.group(Array(chunk))).where("resolution", .is, SQLLiteral.null)
                .run()
        }
    }

    /// Drops the hits on an alert not yet reviewed: a withdrawn alert is no longer a reason to stop
    /// anyone (reviewed hits stay, as the record of what second line decided).
    public func deleteOpenHits(alertId: UUID) async throws {
        try await db.delete(from: "manifest_hit").where("alert_id", .equal, SQLBind(alertId))
            .where("resolution", .is, SQLLiteral.null).run()
    }

    /// Every hit of a flight, whoever it is about (reviews of travellers dropped by an amendment included).
    public func hits(flightId: UUID) async throws -> [ManifestHit] {
        try await db.select().columns(Self.hitColumns).from("manifest_hit").where("flight_id", .equal, SQLBind(flightId))
            .orderBy("score", .descending).all().map(Self.decodeHit)
    }

    public func hit(id: UUID) async throws -> ManifestHit? {
        try await db.select().columns(Self.hitColumns).from("manifest_hit").where("id", .equal, SQLBind(id)).first()
            .map(Self.decodeHit)
    }

    /// (flight, traveller key, alert) → alert version of the stored hits on these alerts: what re-screening
    /// compares with, so only new hits become events.
    public func hitVersions(alertIds: [UUID]) async throws -> [String: Int] {
        var result: [String: Int] = [:]
        for chunk in alertIds.chunked(into: 500) {
            let rows = try await db.select().columns("flight_id", "traveller_key", "alert_id", "alert_version")
                .from("manifest_hit").where("alert_id", .in, SQLBind.group(Array(chunk))).all()
            for row in rows {
                let key = Self.hitKey(
                    flightId: try row.decode(column: "flight_id", as: UUID.self),
                    travellerKey: try row.decode(column: "traveller_key", as: String.self),
                    alertId: try row.decode(column: "alert_id", as: UUID.self)
                )
                result[key] = try row.decode(column: "alert_version", as: Int.self)
            }
        }
        return result
    }

    /// The key ``hitVersions(alertIds:)`` uses.
    public static func hitKey(flightId: UUID, travellerKey: String, alertId: UUID) -> String {
        "\(flightId.uuidString)|\(travellerKey)|\(alertId.uuidString)"
    }

    /// Records a second-line officer's review of a hit.
    public func resolve(hitId: UUID, resolution: String, officer: UUID, note: String, at now: Date) async throws {
        try await db.update("manifest_hit").set("resolution", to: SQLBind(resolution))
            .set("resolved_by", to: SQLBind(officer)).set("resolved_at", to: SQLBind(now))
            .set("resolution_note", to: SQLBind(note)).where("id", .equal, SQLBind(hitId)).run()
    }

    static func decodeHit(_ row: any SQLRow) throws -> ManifestHit {
        func text(_ column: String) throws -> String { try row.decode(column: column, as: String.self) }
        return ManifestHit(
            id: try row.decode(column: "id", as: UUID.self), flightId: try row.decode(column: "flight_id", as: UUID.self),
            travellerKey: try text("traveller_key"), alertId: try row.decode(column: "alert_id", as: UUID.self),
            alertVersion: try row.decode(column: "alert_version", as: Int.self), category: try text("category"),
            action: try text("action"), matched: try text("matched"),
            score: try row.decode(column: "score", as: Double.self), summary: try text("summary"),
            explanation: try text("explanation"), source: try text("source"),
            foundAt: try row.decode(column: "found_at", as: Date.self),
            resolution: try row.decode(column: "resolution", as: String?.self),
            resolvedBy: try row.decode(column: "resolved_by", as: UUID?.self),
            resolvedAt: try row.decode(column: "resolved_at", as: Date?.self),
            resolutionNote: try row.decode(column: "resolution_note", as: String?.self)
        )
    }
}
