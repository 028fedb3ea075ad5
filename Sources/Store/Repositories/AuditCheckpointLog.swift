import Foundation
import SQLKit

/// The signed heads of the audit trail (`AuditCheckpoint`), append-only like the trail itself
/// (M0006: numbered without gaps, never behind the last one, each naming an entry that exists).
public struct AuditCheckpointLog: Sendable {
    let db: any SQLDatabase
    let kind: DatabaseKind

    public init(_ db: any SQLDatabase, kind: DatabaseKind) {
        self.db = db
        self.kind = kind
    }

    /// Serialises checkpointing across processes on PostgreSQL (several servers on one database each
    /// run a checkpointer); SQLite's `BEGIN IMMEDIATE` already holds the write lock. Call first inside
    /// the transaction that reads the head and appends.
    public func lock() async throws {
        if kind == .postgres {
            try await db.raw("SELECT pg_advisory_xact_lock(7201003)").run()
        }
    }

    /// The newest checkpoint, or nil when none was taken yet.
    public func latest() async throws -> AuditCheckpoint? {
        try await db.select().columns(Self.columns).from("audit_checkpoint")
            .orderBy("number", .descending).limit(1).first().map(Self.decode)
    }

    /// Stores `checkpoint`; the database refuses one that does not follow the latest.
    public func append(_ checkpoint: AuditCheckpoint) async throws {
        try await db.insert(into: "audit_checkpoint").columns(Self.columns)
            .values(
                SQLBind(checkpoint.number), SQLBind(checkpoint.seq), SQLBind(checkpoint.entryHash),
                SQLBind(checkpoint.signedAtMs), SQLBind(checkpoint.keyId), SQLBind(checkpoint.signature)
            )
            .run()
    }

    /// Checkpoints numbered above `number`, oldest first, at most `limit`.
    public func checkpoints(after number: Int64, limit: Int = 5000) async throws -> [AuditCheckpoint] {
        try await db.select().columns(Self.columns).from("audit_checkpoint")
            .where("number", .greaterThan, SQLBind(number)).orderBy("number", .ascending).limit(limit).all()
            .map(Self.decode)
    }

    /// Every checkpoint, oldest first (read in pages).
    public func all() async throws -> [AuditCheckpoint] {
        var result: [AuditCheckpoint] = []
        while true {
            let page = try await checkpoints(after: result.last?.number ?? 0)
            if page.isEmpty { return result }
            result += page
        }
    }

    /// Named rather than `*`, as `AuditLog.columns` explains.
    static let columns = ["number", "seq", "entry_hash", "signed_at_ms", "key_id", "signature"]

    static func decode(_ row: any SQLRow) throws -> AuditCheckpoint {
        AuditCheckpoint(
            number: try row.decode(column: "number", as: Int64.self),
            seq: try row.decode(column: "seq", as: Int64.self),
            entryHash: try row.decode(column: "entry_hash", as: String.self),
            signedAtMs: try row.decode(column: "signed_at_ms", as: Int64.self),
            keyId: try row.decode(column: "key_id", as: String.self),
            signature: try row.decode(column: "signature", as: String.self)
        )
    }
}

extension Repositories {
    /// The signed heads of the audit trail.
    public var auditCheckpoints: AuditCheckpointLog { AuditCheckpointLog(db, kind: kind) }
}
