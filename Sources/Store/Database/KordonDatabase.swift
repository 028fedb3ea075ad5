@preconcurrency import AsyncKit
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit
import SQLiteKit

/// The open database: a connection pool on SQLite or PostgreSQL behind one `SQLDatabase`.
///
/// Repositories take an `any SQLDatabase`, so the same code runs on the pool and inside a
/// transaction (`transaction(_:)` hands them a single-connection session).
public final class KordonDatabase: Sendable {
    public let kind: DatabaseKind
    public let location: DatabaseLocation
    /// The pooled database; each statement may run on a different connection.
    public let sql: any SQLDatabase
    private let shutdownPool: @Sendable () async throws -> Void
    private let closeInBackground: @Sendable () -> Void
    private let closed = NIOLockedValueBox(false)
    let writeGate: WriteGate
    /// On PostgreSQL, runs a body on one pooled connection (for `COPY … FROM STDIN`, which SQLKit does not speak).
    let withPostgresConnection: (@Sendable (@escaping @Sendable (PostgresConnection) async throws -> Void) async throws -> Void)?
    /// On SQLite, runs a body on one pooled connection (bulk loads bind `SQLiteData` without SQLKit's encoder).
    let withSQLiteConnection: (@Sendable (@escaping @Sendable (SQLiteConnection) async throws -> Void) async throws -> Void)?
    /// A read replica of this PostgreSQL database (`--read-database`), or nil.
    public let replica: KordonDatabase?

    /// Where statistics and exports read: the replica when there is one (issue 15 item 5), so that an analyst's
    /// long read never competes with the border's writes; else this database. A replica lags the primary by
    /// its replication delay, which a statistic can bear and a border check cannot: checks never read it.
    public var forStatistics: KordonDatabase { replica ?? self }

    private init(
        kind: DatabaseKind, location: DatabaseLocation, sql: any SQLDatabase,
        shutdown: @escaping @Sendable () async throws -> Void, closeInBackground: @escaping @Sendable () -> Void,
        withPostgresConnection: (@Sendable (@escaping @Sendable (PostgresConnection) async throws -> Void) async throws -> Void)? = nil,
        withSQLiteConnection: (@Sendable (@escaping @Sendable (SQLiteConnection) async throws -> Void) async throws -> Void)? = nil,
        replica: KordonDatabase? = nil, writeGate: WriteGate = WriteGate()
    ) {
        self.writeGate = writeGate
        self.replica = replica
        self.withPostgresConnection = withPostgresConnection
        self.withSQLiteConnection = withSQLiteConnection
        self.kind = kind
        self.location = location
        self.sql = sql
        self.shutdownPool = shutdown
        self.closeInBackground = closeInBackground
    }

    /// A pool must be shut down before it is released (async-kit asserts it). When an error path
    /// skipped `shutdown()`, close the connections in the background instead of crashing.
    deinit {
        if !closed.withLockedValue({ $0 }) { closeInBackground() }
    }

    /// Opens (and for SQLite creates) the database, and its read replica if one is named. Does not migrate:
    /// call `migrate()`.
    public static func open(
        _ location: DatabaseLocation, readReplica: DatabaseLocation? = nil, logger: Logger
    ) async throws -> KordonDatabase {
        var replica: KordonDatabase?
        if let readReplica {
            guard case .postgres = location, case .postgres = readReplica else {
                throw StoreError(.invalidConfiguration, field: "read-database", detail: "a read replica needs PostgreSQL on both sides")
            }
            replica = try await open(readReplica, logger: logger)
        }
        do {
            return try await open(location, replica: replica, logger: logger)
        } catch {
            try? await replica?.shutdown()
            throw error
        }
    }

    private static func open(
        _ location: DatabaseLocation, replica: KordonDatabase?, logger: Logger
    ) async throws -> KordonDatabase {
        let group = MultiThreadedEventLoopGroup.singleton
        switch location {
        case .sqlite(let path):
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
            let pool = EventLoopGroupConnectionPool(
                source: KordonSQLiteSource(path: path),
                maxConnectionsPerEventLoop: 2,
                requestTimeout: .seconds(60),
                pruneInterval: nil,
                logger: logger,
                on: group
            )
            let checkpointer = WALCheckpointer(path: path, logger: logger)
            let database = KordonDatabase(
                kind: .sqlite, location: location, sql: PooledSQLiteDatabase(pool: pool, logger: logger),
                shutdown: {
                    await checkpointer.stop()
                    try await pool.shutdownAsync()
                },
                closeInBackground: {
                    checkpointer.cancel()
                    pool.shutdownGracefully { _ in }
                },
                withSQLiteConnection: { body in
                    let connection = try await pool.requestConnection(logger: logger).get()
                    defer { pool.releaseConnection(connection, logger: logger) }
                    try await body(connection)
                },
                writeGate: WriteGate(signal: WriterSignal(databasePath: path))
            )
            // Fail early on an unwritable path rather than on the first request.
            do {
                _ = try await database.sql.raw("SELECT 1").all()
            } catch {
                try? await database.shutdown()
                throw StoreError(.invalidConfiguration, detail: "cannot open SQLite database at \(path): \(error)")
            }
            return database
        case .postgres(let url):
            let configuration: SQLPostgresConfiguration
            do {
                configuration = try SQLPostgresConfiguration(url: url)
            } catch {
                throw StoreError(.invalidConfiguration, detail: "malformed PostgreSQL URL")
            }
            let pool = EventLoopGroupConnectionPool(
                source: PostgresConnectionSource(sqlConfiguration: configuration),
                maxConnectionsPerEventLoop: 4,
                requestTimeout: .seconds(30),
                pruneInterval: nil,
                logger: logger,
                on: group
            )
            let sql = pool.database(logger: logger).sql(queryLogLevel: nil)
            let database = KordonDatabase(
                kind: .postgres, location: location, sql: sql,
                shutdown: {
                    try await pool.shutdownAsync()
                    try await replica?.shutdown()
                },
                closeInBackground: { pool.shutdownGracefully { _ in } },
                withPostgresConnection: { body in
                    try await pool.withConnection(logger: logger) { connection in
                        connection.eventLoop.makeFutureWithTask { try await body(connection) }
                    }.get()
                },
                replica: replica
            )
            do {
                _ = try await database.sql.raw("SELECT 1").all()
            } catch {
                try? await database.shutdown()
                throw StoreError(
                    .invalidConfiguration, detail: "cannot reach PostgreSQL at \(location): \(String(reflecting: error))"
                )
            }
            return database
        }
    }

    /// Runs `body` in one transaction on one connection; commits if it returns, rolls back if it throws.
    ///
    /// SQLite takes the write lock up front (`BEGIN IMMEDIATE`): a deferred transaction that reads and
    /// then writes can fail with SQLITE_BUSY when another connection wrote in between, and the busy
    /// timeout does not help in that case (https://sqlite.org/lang_transaction.html). A `.bulk` transaction
    /// waits on SQLite until no interactive one does (``WriteGate``); PostgreSQL locks rows, not the database,
    /// so there the priority changes nothing.
    public func transaction<T: Sendable>(
        priority: WritePriority = .interactive, _ body: @escaping @Sendable (any SQLDatabase) async throws -> T
    ) async throws -> T {
        let begin = kind == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN"
        if kind == .sqlite { await writeGate.acquire(priority) }
        do {
            let result = try await run(begin: begin, body)
            if kind == .sqlite { await writeGate.release() }
            return result
        } catch {
            if kind == .sqlite { await writeGate.release() }
            throw error
        }
    }

    private func run<T: Sendable>(begin: String, _ body: @escaping @Sendable (any SQLDatabase) async throws -> T)
        async throws -> T
    {
        try await withSession { session in
            try await session.raw(SQLQueryString(begin)).run()
            do {
                let result = try await body(session)
                try await session.raw("COMMIT").run()
                return result
            } catch {
                try? await session.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    /// Runs `body` on one connection. On PostgreSQL the session keeps its connection (``PostgresSession``), so
    /// that statements prepared on it (``PreparedRead``) run inside the transaction too.
    private func withSession<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        guard let withPostgresConnection else { return try await sql.withSession(body) }
        let result = NIOLockedValueBox<T?>(nil)
        try await withPostgresConnection { connection in
            let value = try await body(PostgresSession(connection))
            result.withLockedValue { $0 = value }
        }
        guard let value = result.withLockedValue({ $0 }) else {
            throw StoreError(.invalidConfiguration, detail: "a PostgreSQL session ended without its result")
        }
        return value
    }

    /// True when a trivial query succeeds: what `GET /health` reports.
    public func isReachable() async -> Bool {
        (try? await sql.raw("SELECT 1").all()) != nil
    }

    /// Closes every connection. Call once, at shutdown.
    public func shutdown() async throws {
        let wasClosed = closed.withLockedValue { value in
            defer { value = true }
            return value
        }
        if !wasClosed { try await shutdownPool() }
    }
}
