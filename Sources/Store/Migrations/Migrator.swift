import Foundation
import Logging
import SQLKit

/// Applies pending migrations, each in its own transaction, and refuses to start on an edited one.
public struct Migrator: Sendable {
    let database: KordonDatabase
    let migrations: [Migration]

    public init(database: KordonDatabase, migrations: [Migration] = Migrations.all) {
        self.database = database
        self.migrations = migrations
    }

    /// Returns the versions applied by this call (empty when the schema was current).
    @discardableResult
    public func migrate(logger: Logger) async throws -> [Int] {
        let kind = database.kind
        try await database.sql.raw(
            """
            CREATE TABLE IF NOT EXISTS schema_migration (
                version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL
            )
            """
        ).run()
        var applied: [Int] = []
        for migration in migrations.sorted(by: { $0.version < $1.version }) {
            let didApply = try await database.transaction { session in
                // Two servers starting at once on PostgreSQL: the first migrates, the second waits here.
                if kind == .postgres {
                    try await session.raw("SELECT pg_advisory_xact_lock(7201001)").run()
                }
                let rows = try await session.select().columns("checksum").from("schema_migration")
                    .where("version", .equal, migration.version).all()
                let checksum = migration.checksum(for: kind)
                if let row = rows.first {
                    let stored = try row.decode(column: "checksum", as: String.self)
                    guard stored == checksum else {
                        throw StoreError(
                            .migrationChanged,
                            detail: "migration \(migration.version) (\(migration.name)) differs from the one applied; "
                                + "add a new migration instead of editing it"
                        )
                    }
                    return false
                }
                for statement in migration.rendered(for: kind) {
                    try await session.raw(SQLQueryString(statement)).run()
                }
                try await session.insert(into: "schema_migration")
                    .columns("version", "name", "checksum", "applied_at")
                    .values(
                        SQLBind(migration.version), SQLBind(migration.name), SQLBind(checksum),
                        SQLBind(ISO8601DateFormatter().string(from: Date()))
                    )
                    .run()
                return true
            }
            if didApply {
                logger.info("Applied migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
                applied.append(migration.version)
            }
        }
        return applied
    }
}
