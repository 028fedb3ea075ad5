import Foundation
import SQLKit

/// Agencies and their officers and API tokens.
public struct AgencyRepository: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) { self.db = db }

    public func insert(_ agency: Agency) async throws {
        try await db.insert(into: "agency")
            .columns("id", "code", "name", "country", "kind", "created_at")
            .values(
                SQLBind(agency.id), SQLBind(agency.code), SQLBind(agency.name), SQLBind(agency.country),
                SQLBind(agency.kind.rawValue), SQLBind(agency.createdAt)
            ).run()
    }

    public func all() async throws -> [Agency] {
        try await db.select().column("*").from("agency").orderBy("code").all().map(Self.decodeAgency)
    }

    public func find(id: UUID) async throws -> Agency? {
        try await db.select().column("*").from("agency").where("id", .equal, SQLBind(id)).first().map(Self.decodeAgency)
    }

    public func find(code: String) async throws -> Agency? {
        try await db.select().column("*").from("agency").where("code", .equal, SQLBind(code)).first()
            .map(Self.decodeAgency)
    }

    static func decodeAgency(_ row: any SQLRow) throws -> Agency {
        let kind = try row.decode(column: "kind", as: String.self)
        return Agency(
            id: try row.decode(column: "id", as: UUID.self),
            code: try row.decode(column: "code", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            country: try row.decode(column: "country", as: String.self),
            kind: Agency.Kind(rawValue: kind) ?? .other,
            createdAt: try row.decode(column: "created_at", as: Date.self)
        )
    }

    // MARK: - Officers

    public func insert(_ officer: Officer) async throws {
        try await db.insert(into: "officer")
            .columns("id", "agency_id", "name", "role", "active", "created_at")
            .values(
                SQLBind(officer.id), SQLBind(officer.agencyId), SQLBind(officer.name), SQLBind(officer.role.rawValue),
                SQLBind(officer.active), SQLBind(officer.createdAt)
            ).run()
    }

    public func officers(agencyId: UUID) async throws -> [Officer] {
        try await db.select().column("*").from("officer").where("agency_id", .equal, SQLBind(agencyId))
            .orderBy("name").all().map(Self.decodeOfficer)
    }

    public func officer(id: UUID) async throws -> Officer? {
        try await db.select().column("*").from("officer").where("id", .equal, SQLBind(id)).first()
            .map(Self.decodeOfficer)
    }

    static func decodeOfficer(_ row: any SQLRow) throws -> Officer {
        let role = try row.decode(column: "role", as: String.self)
        guard let parsedRole = Role(rawValue: role) else {
            throw StoreError(.invalidValue, field: "officer.role", detail: "unknown role in database")
        }
        return Officer(
            id: try row.decode(column: "id", as: UUID.self),
            agencyId: try row.decode(column: "agency_id", as: UUID.self),
            name: try row.decode(column: "name", as: String.self),
            role: parsedRole,
            active: try row.decode(column: "active", as: Bool.self),
            createdAt: try row.decode(column: "created_at", as: Date.self)
        )
    }
}
