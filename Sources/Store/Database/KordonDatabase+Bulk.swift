import Logging
import NIOConcurrencyHelpers
import PostgresKit
import SQLKit
import SQLiteKit

/// One connection in one transaction, for bulk loads (`kordon import crossings`): the engine's own
/// connection beside SQLKit's face of it, so a load can use what SQLKit does not speak (PostgreSQL
/// `COPY … FROM STDIN`) or skip what SQLKit costs per value (SQLite binds made through `Encodable`).
public struct BulkSession: Sendable {
    /// The same connection and transaction as SQLKit sees it: for the repositories.
    public let sql: any SQLDatabase
    public let kind: DatabaseKind
    let connection: Connection

    enum Connection: Sendable {
        case sqlite(SQLiteConnection)
        case postgres(PostgresConnection)
    }

    /// The repositories, inside this session's transaction.
    public var repositories: Repositories { Repositories(sql, kind: kind) }
}

extension KordonDatabase {
    /// Runs `body` in one transaction on one connection: all of it is stored, or none (`ROLLBACK` when it
    /// throws). On SQLite the transaction takes the write lock up front (`BEGIN IMMEDIATE`, as
    /// ``transaction(_:)``) and holds it until the end: other writers wait, readers do not (WAL). It starts when
    /// no interactive writer waits (``WritePriority/bulk``).
    public func bulkTransaction<T: Sendable>(_ body: @escaping @Sendable (BulkSession) async throws -> T) async throws
        -> T
    {
        let kind = self.kind
        let result = NIOLockedValueBox<T?>(nil)
        switch kind {
        case .sqlite:
            guard let withSQLiteConnection else {
                throw StoreError(.invalidConfiguration, detail: "no SQLite connection for a bulk load")
            }
            await writeGate.acquire(.bulk)
            do {
                try await withSQLiteConnection { connection in
                    let session = BulkSession(sql: connection.sql(queryLogLevel: nil), kind: kind, connection: .sqlite(connection))
                    try await session.sql.raw("PRAGMA cache_size = -\(unsafeRaw: String(KordonSQLiteSource.bulkCacheKiB))").run()
                    do {
                        let value = try await Self.inTransaction(begin: "BEGIN IMMEDIATE", session, body)
                        result.withLockedValue { $0 = value }
                    } catch {
                        try? await session.sql.raw("PRAGMA cache_size = -\(unsafeRaw: String(KordonSQLiteSource.cacheKiB))").run()
                        throw error
                    }
                    // The connection goes back to the pool: back to the ordinary cache (SQLite frees the rest).
                    try await session.sql.raw("PRAGMA cache_size = -\(unsafeRaw: String(KordonSQLiteSource.cacheKiB))").run()
                }
                await writeGate.release()
            } catch {
                await writeGate.release()
                throw error
            }
        case .postgres:
            guard let withPostgresConnection else {
                throw StoreError(.invalidConfiguration, detail: "no PostgreSQL connection for a bulk load")
            }
            try await withPostgresConnection { connection in
                let session = BulkSession(sql: connection.sql(queryLogLevel: nil), kind: kind, connection: .postgres(connection))
                let value = try await Self.inTransaction(begin: "BEGIN", session, body)
                result.withLockedValue { $0 = value }
            }
        }
        guard let value = result.withLockedValue({ $0 }) else {
            throw StoreError(.invalidConfiguration, detail: "a bulk transaction ended without its result")
        }
        return value
    }

    private static func inTransaction<T: Sendable>(
        begin: String, _ session: BulkSession, _ body: @Sendable (BulkSession) async throws -> T
    ) async throws -> T {
        try await session.sql.raw(SQLQueryString(begin)).run()
        do {
            let value = try await body(session)
            try await session.sql.raw("COMMIT").run()
            return value
        } catch {
            try? await session.sql.raw("ROLLBACK").run()
            throw error
        }
    }
}
