import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLiteNIO

/// Copies SQLite's write-ahead log back into the database file from its own connection, a few times a second,
/// so that no writer does it inside its `COMMIT`.
///
/// Left to itself, SQLite checkpoints in the commit that finds the log past `wal_autocheckpoint` pages
/// (https://sqlite.org/wal.html#automatic_checkpoint): that commit copies the pages and waits for two `fsync`s
/// while it still holds Kordon's write gate, so every other writer, a border check included, waits behind it.
/// In a register import on 2 cores the checkpoint was 4.8 % of the CPU and about a quarter of each batch's
/// transaction, all of it on the path every writer queues on (issue 11: ≥ 2,000 records/s; issue 15: a check
/// never waits for housekeeping).
///
/// A `PASSIVE` checkpoint takes neither the write lock nor any reader's: it copies what no reader still needs
/// and returns, and a writer that starts after a complete one rewinds the log
/// (https://sqlite.org/c3ref/wal_checkpoint_v2.html). One with nothing to copy returns at once, without a sync.
/// `wal_autocheckpoint` stays set, higher (``KordonSQLiteSource/autocheckpointPages``), as a backstop should this
/// loop fall behind or stop. With `synchronous=NORMAL` a commit is durable once a checkpoint has synced the log,
/// so the interval also bounds, in time rather than in pages, what a power cut can take back.
final class WALCheckpointer: Sendable {
    /// How often the log is copied back.
    static let interval = Duration.milliseconds(250)

    private let task: Task<Void, Never>

    init(path: String, logger: Logger) {
        task = Task.detached(priority: .utility) {
            let eventLoop = MultiThreadedEventLoopGroup.singleton.any()
            var connection: SQLiteConnection?
            while !Task.isCancelled {
                try? await Task.sleep(for: Self.interval)
                if Task.isCancelled { break }
                do {
                    if connection == nil {
                        connection = try await KordonSQLiteSource(path: path).makeConnection(logger: logger, on: eventLoop).get()
                    }
                    _ = try await connection?.query("PRAGMA wal_checkpoint(PASSIVE)").get()
                } catch {
                    // The next round tries again on a new connection; meanwhile the backstop checkpoints on commit.
                    logger.warning("background WAL checkpoint failed", metadata: ["error": "\(error)"])
                    try? await connection?.close().get()
                    connection = nil
                }
            }
            try? await connection?.close().get()
        }
    }

    /// Stops the loop and closes its connection; returns when both are done.
    func stop() async {
        task.cancel()
        await task.value
    }

    /// Stops the loop without waiting (a pool released without `shutdown()`).
    func cancel() {
        task.cancel()
    }
}
