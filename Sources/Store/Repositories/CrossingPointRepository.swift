import Foundation
import SQLKit

/// Crossing points: reference data, replaced whole when reloaded.
public struct CrossingPointRepository: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) { self.db = db }

    /// Inserts new points and updates known ones by code; never deletes (crossings refer to them).
    public func upsert(_ points: [CrossingPoint]) async throws {
        for chunk in points.chunked(into: 50) {
            let insert = db.insert(into: "crossing_point").columns(
                "code", "name_uk", "name_latin", "kind", "neighbour", "partner_point", "oblast", "latitude",
                "longitude", "coord_precision", "status", "joint_control", "verified", "sources", "icao"
            )
            for p in chunk {
                insert.values(
                    SQLBind(p.code), SQLBind(p.nameUk), SQLBind(p.nameLatin), SQLBind(p.kind), SQLBind(p.neighbour),
                    SQLBind(p.partnerPoint), SQLBind(p.oblast), SQLBind(p.latitude), SQLBind(p.longitude),
                    SQLBind(p.coordPrecision), SQLBind(p.status), SQLBind(p.jointControl), SQLBind(p.verified),
                    SQLBind(p.sources.joined(separator: ",")), SQLBind(p.icao)
                )
            }
            insert.onConflict(with: ["code"]) { update in
                update.set(excludedValueOf: "name_uk").set(excludedValueOf: "name_latin").set(excludedValueOf: "kind")
                    .set(excludedValueOf: "neighbour").set(excludedValueOf: "partner_point")
                    .set(excludedValueOf: "oblast").set(excludedValueOf: "latitude").set(excludedValueOf: "longitude")
                    .set(excludedValueOf: "coord_precision").set(excludedValueOf: "status")
                    .set(excludedValueOf: "joint_control").set(excludedValueOf: "verified")
                    .set(excludedValueOf: "sources").set(excludedValueOf: "icao")
            }
            try await insert.run()
        }
    }

    public func all() async throws -> [CrossingPoint] {
        try await db.select().column("*").from("crossing_point").orderBy("code").all().map(Self.decode)
    }

    public func find(code: String) async throws -> CrossingPoint? {
        try await db.select().column("*").from("crossing_point").where("code", .equal, SQLBind(code)).first()
            .map(Self.decode)
    }

    static func decode(_ row: any SQLRow) throws -> CrossingPoint {
        let sources = try row.decode(column: "sources", as: String.self)
        return CrossingPoint(
            code: try row.decode(column: "code", as: String.self),
            nameUk: try row.decode(column: "name_uk", as: String.self),
            nameLatin: try row.decode(column: "name_latin", as: String.self),
            kind: try row.decode(column: "kind", as: String.self),
            neighbour: try row.decode(column: "neighbour", as: String?.self),
            partnerPoint: try row.decode(column: "partner_point", as: String?.self),
            oblast: try row.decode(column: "oblast", as: String?.self),
            latitude: try row.decode(column: "latitude", as: Double?.self),
            longitude: try row.decode(column: "longitude", as: Double?.self),
            coordPrecision: try row.decode(column: "coord_precision", as: String?.self),
            status: try row.decode(column: "status", as: String.self),
            jointControl: try row.decode(column: "joint_control", as: Bool?.self),
            verified: try row.decode(column: "verified", as: Bool.self),
            sources: sources.isEmpty ? [] : sources.split(separator: ",").map(String.init),
            icao: try row.decode(column: "icao", as: String?.self)
        )
    }
}

extension Array {
    func chunked(into size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
