@preconcurrency import AsyncKit
import Logging
import NIOCore
import NIOPosix
import SQLiteKit
import SQLiteNIO

/// Opens SQLite connections with the settings Kordon relies on.
///
/// - `journal_mode=WAL`: readers never block the writer (https://sqlite.org/wal.html).
/// - `synchronous=NORMAL`: durable at each checkpoint, safe against corruption in WAL mode.
/// - `busy_timeout`: a second connection waits for the write lock instead of failing with SQLITE_BUSY.
/// - `foreign_keys=ON`: SQLite leaves them off unless asked, per connection.
struct KordonSQLiteSource: ConnectionPoolSource, Sendable {
    let path: String

    func makeConnection(logger: Logger, on eventLoop: any EventLoop) -> EventLoopFuture<SQLiteConnection> {
        SQLiteConnection.open(storage: .file(path: path), threadPool: .singleton, logger: logger, on: eventLoop)
            .flatMap { connection in
                let pragmas = [
                    "PRAGMA journal_mode = WAL",
                    "PRAGMA synchronous = NORMAL",
                    "PRAGMA busy_timeout = 30000",
                    "PRAGMA foreign_keys = ON",
                    "PRAGMA temp_store = MEMORY",
                ]
                var future = eventLoop.makeSucceededVoidFuture()
                for pragma in pragmas {
                    future = future.flatMap { connection.query(pragma).map { _ in } }
                }
                return future.map { connection }.flatMapError { error in
                    connection.close().flatMapThrowing { throw error }
                }
            }
    }
}

/// An `SQLDatabase` over a pool of SQLite connections.
///
/// sqlite-kit vends a database per connection only; this gives the pool the same face postgres-kit's
/// pool has, so the repositories never know which engine they talk to. Bound values are never
/// logged (`queryLogLevel` is nil): they are personal data (STYLE.md §10).
struct PooledSQLiteDatabase: SQLDatabase {
    let pool: EventLoopGroupConnectionPool<KordonSQLiteSource>
    let logger: Logger

    var eventLoop: any EventLoop { pool.eventLoopGroup.any() }
    var dialect: any SQLDialect { SQLiteDialect() }
    var queryLogLevel: Logger.Level? { nil }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void)
        -> EventLoopFuture<Void>
    {
        pool.withConnection(logger: logger) { connection in
            connection.sql(queryLogLevel: nil).execute(sql: query, onRow)
        }
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        let connection = try await pool.requestConnection(logger: logger).get()
        defer { pool.releaseConnection(connection, logger: logger) }
        return try await closure(connection.sql(queryLogLevel: nil))
    }
}
