import Foundation
import SQLKit

/// What the flight board shows of a flight beside its record: how many travellers, how many met at
/// the border, how many hits and how many of those are still to be reviewed.
public struct FlightCounts: Codable, Hashable, Sendable {
    public var passengers = 0
    public var crew = 0
    /// Travellers a border check met at the arrival crossing point.
    public var arrived = 0
    /// Travellers whose data has a validity problem (expired document, impossible date, …).
    public var withIssues = 0
    /// Hits on the travellers of the current list.
    public var hits = 0
    /// Of those, not yet reviewed by second line.
    public var openHits = 0

    public init() {}

    public var travellers: Int { passengers + crew }
}

extension ManifestRepository {
    /// Counts for each of `flightIds` (two grouped queries, whatever the number of flights).
    public func counts(flightIds: [UUID]) async throws -> [UUID: FlightCounts] {
        var result: [UUID: FlightCounts] = [:]
        for chunk in flightIds.chunked(into: 500) {
            let ids = SQLBind.group(Array(chunk))
            let travellers = try await db.select()
                .column("flight_id").column("kind").column(SQLAlias(SQLRaw("COUNT(*)"), as: SQLIdentifier("n")))
                .column(SQLAlias(SQLRaw("COUNT(check_id)"), as: SQLIdentifier("arrived")))
                .column(SQLAlias(SQLRaw("SUM(CASE WHEN issues = '' THEN 0 ELSE 1 END)"), as: SQLIdentifier("issues")))
                .from("manifest_traveller").where("flight_id", .in, ids).groupBy("flight_id").groupBy("kind").all()
            for row in travellers {
                let id = try row.decode(column: "flight_id", as: UUID.self)
                let n = try row.decode(column: "n", as: Int.self)
                if try row.decode(column: "kind", as: String.self) == "crew" {
                    result[id, default: FlightCounts()].crew += n
                } else {
                    result[id, default: FlightCounts()].passengers += n
                }
                result[id, default: FlightCounts()].arrived += try row.decode(column: "arrived", as: Int.self)
                result[id, default: FlightCounts()].withIssues += try row.decode(column: "issues", as: Int?.self) ?? 0
            }
            // Hits of travellers still on the list: a review kept across an amendment that dropped the
            // traveller stays on record but is no longer counted.
            let hits = try await db.select()
                .column(SQLColumn("flight_id", table: "h")).column(SQLAlias(SQLRaw("COUNT(*)"), as: SQLIdentifier("n")))
                .column(SQLAlias(
                    SQLRaw("SUM(CASE WHEN h.resolution IS NULL THEN 1 ELSE 0 END)"), as: SQLIdentifier("open")
                ))
                .from(SQLAlias(SQLIdentifier("manifest_hit"), as: SQLIdentifier("h")))
                .where(SQLColumn("flight_id", table: "h"), .in, ids)
                .where(SQLRaw(
                    "EXISTS (SELECT 1 FROM manifest_traveller t WHERE t.flight_id = h.flight_id "
                        + "AND t.traveller_key = h.traveller_key)"
                ))
                .groupBy(SQLColumn("flight_id", table: "h")).all()
            for row in hits {
                let id = try row.decode(column: "flight_id", as: UUID.self)
                result[id, default: FlightCounts()].hits = try row.decode(column: "n", as: Int.self)
                result[id, default: FlightCounts()].openHits = try row.decode(column: "open", as: Int?.self) ?? 0
            }
        }
        return result
    }
}
