import Foundation
import SQLKit

/// A large import's alerts are staged in short transactions and switched in with one row (migration
/// 0031): the border's writes never wait for more than one short batch, and readers see all of an
/// import or none of it.
extension AlertRepository {
    /// What readers may see: alerts made one by one, and those of a switched import.
    static let visible = SQLQueryString(visibleText)
    static let visibleText =
        "(import_id IS NULL OR import_id IN (SELECT id FROM alert_import WHERE state IN ('switched', 'published')))"

    /// The state of an import (`alert_import.state`).
    public enum ImportState: String, Sendable {
        case staging, switched, published, abandoned
    }

    /// Starts an import: its alerts stay invisible until ``switchImport(id:at:)``.
    public func beginImport(id: UUID, agencyId: UUID, total: Int, source: String, at now: Date) async throws {
        try await db.insert(into: "alert_import")
            .columns("id", "agency_id", "state", "total", "source", "created_at")
            .values(SQLBind(id), SQLBind(agencyId), SQLBind(ImportState.staging.rawValue), SQLBind(total), SQLBind(source), SQLBind(now))
            .run()
    }

    /// Stores alerts of a staging import (no change log: they are not visible yet).
    public func stage(_ alerts: [AlertRecord], importId: UUID) async throws {
        for chunk in alerts.chunked(into: Self.batchSize) {
            let insert = db.insert(into: "alert").columns(Self.columns + ["import_id"])
            for alert in chunk { insert.values(try Self.binds(alert) + [SQLBind(importId)]) }
            try await insert.run()
        }
    }

    /// Makes every alert of the import visible at once. Returns false when the import was not staging.
    public func switchImport(id: UUID, at now: Date) async throws -> Bool {
        guard try await importState(id: id) == .staging else { return false }
        try await db.update("alert_import").set("state", to: SQLBind(ImportState.switched.rawValue))
            .set("switched_at", to: SQLBind(now)).where("id", .equal, SQLBind(id)).run()
        return true
    }

    public func importState(id: UUID) async throws -> ImportState? {
        try await db.select().column("state").from("alert_import").where("id", .equal, SQLBind(id)).first()
            .flatMap { ImportState(rawValue: try $0.decode(column: "state", as: String.self)) }
    }

    /// Switched imports whose change log and events are not all written (a server stopped meanwhile).
    public func unpublishedImports() async throws -> [UUID] {
        try await db.select().column("id").from("alert_import")
            .where("state", .equal, SQLBind(ImportState.switched.rawValue)).all()
            .map { try $0.decode(column: "id", as: UUID.self) }
    }

    /// The next alerts of a switched import to publish, in id order after the last one published.
    public func nextToPublish(importId: UUID, limit: Int) async throws -> [AlertRecord] {
        let through = try await db.select().column("published_through").from("alert_import")
            .where("id", .equal, SQLBind(importId)).first()?.decode(column: "published_through", as: UUID?.self)
        let select = db.select().columns(Self.columns).from("alert").where("import_id", .equal, SQLBind(importId))
        if let through { select.where("id", .greaterThan, SQLBind(through)) }
        return try await select.orderBy("id").limit(limit).all().map(Self.decode)
    }

    /// Writes the change log of published alerts and moves the import's mark past them.
    public func published(_ alerts: [AlertRecord], importId: UUID, finished: Bool, at now: Date) async throws {
        if !alerts.isEmpty { try await appendChanges(alerts.map { ($0.id, $0.version) }, at: now) }
        let update = db.update("alert_import")
        if let last = alerts.last { update.set("published_through", to: SQLBind(last.id)) }
        if finished { update.set("state", to: SQLBind(ImportState.published.rawValue)) }
        try await update.where("id", .equal, SQLBind(importId)).run()
    }

    /// Removes up to `limit` staged alerts of a failed import; returns how many. The import is marked
    /// abandoned first, so nothing of it is ever switched in.
    public func abandon(importId: UUID, limit: Int) async throws -> Int {
        try await db.update("alert_import").set("state", to: SQLBind(ImportState.abandoned.rawValue))
            .where("id", .equal, SQLBind(importId)).where("state", .equal, SQLBind(ImportState.staging.rawValue)).run()
        let ids = try await db.select().column("id").from("alert").where("import_id", .equal, SQLBind(importId))
            .limit(limit).all().map { try $0.decode(column: "id", as: UUID.self) }
        if !ids.isEmpty {
            try await db.delete(from: "alert").where("id", .in, SQLBind.group(ids)).run()
        }
        return ids.count
    }

    /// Imports left staging by a process that stopped (older than `before`).
    public func staleStagingImports(before: Date) async throws -> [UUID] {
        try await db.select().column("id").from("alert_import")
            .where("state", .equal, SQLBind(ImportState.staging.rawValue)).where("created_at", .lessThan, SQLBind(before))
            .all().map { try $0.decode(column: "id", as: UUID.self) }
    }
}
