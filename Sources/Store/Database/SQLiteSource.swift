@preconcurrency import AsyncKit
import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLiteKit
import SQLiteNIO

/// Opens SQLite connections with the settings Kordon relies on. A pragma of this kind holds for one
/// connection only, so every connection the pool opens runs ``pragmas`` before it is handed out.
struct KordonSQLiteSource: ConnectionPoolSource, Sendable {
    let path: String

    /// Set on each new connection, in order.
    ///
    /// - `journal_mode=WAL`: readers never block the writer (https://sqlite.org/wal.html).
    /// - `synchronous=NORMAL`: durable at each checkpoint, safe against corruption in WAL mode.
    /// - `busy_timeout`: a second connection waits for the write lock instead of failing with SQLITE_BUSY.
    /// - `foreign_keys=ON`: SQLite leaves them off unless asked, per connection.
    /// - `temp_store=MEMORY`: sorts and temporary indexes too large for the cache stay in memory, not a
    ///   temporary file (https://sqlite.org/pragma.html#pragma_temp_store).
    /// - `cache_size=-65536`: up to 64 MiB of pages per connection instead of the default 2 MiB; a negative
    ///   value is KiB, not pages (https://sqlite.org/pragma.html#pragma_cache_size). The cache grows as
    ///   pages are read, so an idle connection costs nothing; a profile of a 1 M-alert import and of border
    ///   checks spent its time in page reads through read(2) with the default.
    /// - `mmap_size=2 GiB`: pages of the database file are read through a memory map instead of a read(2)
    ///   and a copy each, and the OS page cache is shared by all connections
    ///   (https://sqlite.org/mmap.html). 2 GiB is SQLite's default ceiling (`SQLITE_MAX_MMAP_SIZE`, larger
    ///   requests are cut to it); pages beyond it, and those still in the WAL, are read as before. An I/O
    ///   error on a mapped page is a SIGBUS instead of an error code: acceptable for a local disk, and the
    ///   reason this stays off for network file systems (set `KORDON_SQLITE_MMAP=0`).
    /// - `wal_autocheckpoint`: a backstop only; ``WALCheckpointer`` copies the log back from its own connection so
    ///   that no commit has to. `journal_size_limit`: the log file shrinks again after a long log.
    static func pragmas(mmapSize: Int) -> [String] {
        [
            "PRAGMA journal_mode = WAL",
            "PRAGMA synchronous = NORMAL",
            "PRAGMA busy_timeout = 30000",
            "PRAGMA foreign_keys = ON",
            "PRAGMA temp_store = MEMORY",
            "PRAGMA cache_size = -\(cacheKiB)",
            "PRAGMA mmap_size = \(mmapSize)",
            "PRAGMA wal_autocheckpoint = \(autocheckpointPages)",
            "PRAGMA journal_size_limit = \(journalSizeLimit)",
        ]
    }

    /// Log pages past which a commit checkpoints by itself (SQLite's default is 1,000): 256 MiB at 4 KiB a page.
    ///
    /// ``WALCheckpointer`` copies the log back long before, but copying does not make it shorter: the log starts
    /// over only when a writer begins while no reader reads from it (https://sqlite.org/wal.html), and under a
    /// steady stream of border checks some reader nearly always does. With the limit at 32 MiB, one commit in ten
    /// of an import's slices passed it and checkpointed inside the write gate, 70–100 ms that every check's write
    /// waited for (issue 15: checks p99 98 ms while 300,000 alerts were staged; 44 ms with this limit). A
    /// `RESTART` checkpoint from the background, under the gate, to make the log start over was measured too:
    /// it waited 60–115 ms for readers each time, worse. ``journalSizeLimit`` gives the disk back afterwards.
    static let autocheckpointPages = 65_536

    /// Bytes the log file is cut back to when it starts over (https://sqlite.org/pragma.html#pragma_journal_size_limit):
    /// without it, the file keeps the size of the longest log, up to 256 MiB after an import.
    static let journalSizeLimit = 67_108_864

    /// The page cache of a connection, KiB.
    static let cacheKiB = 65_536
    /// The page cache of the connection that holds a bulk load's transaction, KiB (1 GiB): the load's index
    /// pages (five b-trees on `crossing`, three in random order) stay in memory until the commit instead of
    /// being spilled and read back once the indexes outgrow 64 MiB.
    static let bulkCacheKiB = 1_048_576

    /// 2 GiB unless `KORDON_SQLITE_MMAP` (bytes; 0 turns the map off) says otherwise.
    static var mmapSize: Int {
        ProcessInfo.processInfo.environment["KORDON_SQLITE_MMAP"].flatMap { Int($0) }.map { max(0, $0) }
            ?? 2_147_418_112
    }

    func makeConnection(logger: Logger, on eventLoop: any EventLoop) -> EventLoopFuture<SQLiteConnection> {
        let pragmas = Self.pragmas(mmapSize: Self.mmapSize)
        return SQLiteConnection.open(storage: .file(path: path), threadPool: .singleton, logger: logger, on: eventLoop)
            .flatMap { connection in
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
