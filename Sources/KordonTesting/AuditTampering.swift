import Foundation
import SQLKit
import Store

/// What an attacker holding the database (owner rights, no signing key) can do to the audit trail,
/// for tests that expect `kordon audit verify` to notice.
public enum AuditTampering {
    /// Lifts every append-only guard of the trail, its person index and its checkpoints, as such an
    /// attacker would have to first.
    public static func liftGuards(_ database: KordonDatabase) async throws {
        switch database.kind {
        case .postgres:
            for table in ["audit_entry", "audit_subject", "audit_checkpoint", "audit_head"] {
                try await database.sql.raw("ALTER TABLE \(unsafeRaw: table) DISABLE TRIGGER USER").run()
            }
        case .sqlite:
            let rows = try await database.sql.raw(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name LIKE 'audit%'"
            ).all()
            for row in rows {
                let name = try row.decode(column: "name", as: String.self)
                try await database.sql.raw("DROP TRIGGER \(ident: name)").run()
            }
        }
    }

    /// Rewrites entry `seq` with `change`, then recomputes its hash and every later one so that the
    /// chain alone verifies again: the rewrite only a signed checkpoint can expose.
    public static func rewrite(
        _ database: KordonDatabase, seq: Int64, _ change: (inout AuditEntry) -> Void
    ) async throws {
        try await liftGuards(database)
        let entries = try await database.repositories.audit.entries(.init(limit: 1000)).sorted { $0.seq < $1.seq }
        var prev = entries.first { $0.seq == seq - 1 }?.entryHash ?? AuditEntry.genesisHash
        for var entry in entries where entry.seq >= seq {
            if entry.seq == seq { change(&entry) }
            entry.prevHash = prev
            entry.entryHash = entry.computeHash()
            prev = entry.entryHash
            try await database.sql.update("audit_entry")
                .set("purpose", to: SQLBind(entry.purpose)).set("action", to: SQLBind(entry.action))
                .set("prev_hash", to: SQLBind(entry.prevHash)).set("entry_hash", to: SQLBind(entry.entryHash))
                .where("seq", .equal, SQLBind(entry.seq))
                .run()
        }
        try await moveHead(database)
    }

    /// On PostgreSQL, sets the head row (migration 0021) to the last entry left, as such an attacker would so that
    /// appends go on after his change.
    static func moveHead(_ database: KordonDatabase) async throws {
        guard database.kind == .postgres else { return }
        try await database.sql.raw("""
            UPDATE audit_head SET
                seq = COALESCE((SELECT seq FROM audit_entry ORDER BY seq DESC LIMIT 1), 0),
                entry_hash = COALESCE((SELECT entry_hash FROM audit_entry ORDER BY seq DESC LIMIT 1), repeat('0', 64))
            """).run()
    }

    /// Deletes the entries after `seq`, as a truncation of the tail would.
    public static func truncate(_ database: KordonDatabase, after seq: Int64) async throws {
        try await liftGuards(database)
        try await database.sql.delete(from: "audit_subject").where("seq", .greaterThan, SQLBind(seq)).run()
        try await database.sql.delete(from: "audit_entry").where("seq", .greaterThan, SQLBind(seq)).run()
        try await moveHead(database)
    }
}
