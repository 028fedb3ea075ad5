import Foundation
import Logging
import ServiceLifecycle
import Store

/// Signs the audit trail's head at an interval and on graceful shutdown (issue 10 item 4).
///
/// Each checkpoint (`AuditCheckpoint`) is kept in `audit_checkpoint`, written to the event outbox as
/// `audit.checkpoint` in the same transaction, and appended as one JSON line to the published file,
/// if one is configured: a copy outside the database, so checkpoints deleted from the database are
/// still known to `kordon audit verify --checkpoints FILE`. A checkpoint is taken only when the head
/// moved since the last one, so an idle server does not grow the table.
///
/// Hummingbird shuts its own services down before the ones it was given, so the final checkpoint
/// covers the entries written by the last requests the server drained.
public struct AuditCheckpointer: Service {
    let database: KordonDatabase
    let key: AuditSigningKey
    let interval: Duration
    /// The JSON Lines file checkpoints are published to, or nil.
    let publishPath: String?
    let clock: Clock
    let logger: Logger

    public init(
        database: KordonDatabase, key: AuditSigningKey, interval: Duration = .seconds(60), publishPath: String?,
        clock: @escaping Clock = { Date() }, logger: Logger
    ) {
        self.database = database
        self.key = key
        self.interval = interval
        self.publishPath = publishPath
        self.clock = clock
        self.logger = logger
    }

    /// Checkpoints every `interval` until graceful shutdown, then once more.
    ///
    /// Only the wait is cancelled by the shutdown, never a checkpoint under way: a transaction cut off
    /// by cancellation cannot roll back (the store refuses new work in a cancelled task), and on
    /// SQLite it would keep holding the write lock.
    public func run() async throws {
        let interval = self.interval
        while true {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                break
            }
            await checkpointLoggingFailure()
        }
        // Graceful shutdown: sign the head the server leaves behind. Cancelled outright: leave it.
        if !Task.isCancelled { await checkpointLoggingFailure() }
    }

    /// Signs the head if it moved since the last checkpoint, then publishes; returns the new checkpoint,
    /// or nil when the trail is empty or the head is already signed.
    @discardableResult
    public func checkpoint() async throws -> AuditCheckpoint? {
        let now = clock()
        let key = self.key
        let made = try await database.transaction { (repositories: Repositories) -> AuditCheckpoint? in
            let checkpoints = repositories.auditCheckpoints
            try await checkpoints.lock()
            guard let head = try await repositories.audit.head() else { return nil }
            let latest = try await checkpoints.latest()
            if let latest, latest.seq == head.seq { return nil }
            let checkpoint = try AuditCheckpoint.sign(
                number: (latest?.number ?? 0) + 1, seq: head.seq, entryHash: head.hash,
                signedAtMs: Int64((now.timeIntervalSince1970 * 1000).rounded(.down)), with: key.privateKey
            )
            try await checkpoints.append(checkpoint)
            try await repositories.outbox.append([checkpoint.event], at: now)
            return checkpoint
        }
        if let made {
            logger.info(
                "Signed the audit trail's head",
                metadata: ["checkpoint": "\(made.number)", "seq": "\(made.seq)", "keyId": "\(made.keyId)"]
            )
        }
        if let publishPath { try await publish(to: publishPath) }
        return made
    }

    /// Appends to the published file every stored checkpoint it does not have yet (after its last line),
    /// so a line missed by a crash between commit and write is published with the next one.
    func publish(to path: String) async throws {
        let published = try AuditCheckpointFile.lastNumber(path: path) ?? 0
        let pending = try await database.repositories.auditCheckpoints.checkpoints(after: published)
        guard !pending.isEmpty else { return }
        try AuditCheckpointFile.append(pending, path: path)
    }

    private func checkpointLoggingFailure() async {
        do {
            try await checkpoint()
        } catch {
            logger.error("Could not sign the audit trail's head", metadata: ["error": "\(error)"])
        }
    }
}

extension AuditCheckpoint {
    /// The outbox event that publishes this checkpoint to subscribers.
    var event: NewEvent {
        NewEvent(
            type: "audit.checkpoint", aggregateType: "audit_checkpoint", aggregateId: String(number), agencyId: nil,
            payload: [
                "number": String(number), "seq": String(seq), "entryHash": entryHash,
                "signedAtMs": String(signedAtMs), "signedAt": signedAt.formatted(.iso8601), "keyId": keyId,
                "signature": signature,
            ]
        )
    }
}
