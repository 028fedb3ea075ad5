import Foundation
import SQLKit

/// The hash-chained log of exchange messages (issue 12 item 3), on the audit trail's mechanism
/// (`HashChain`); `kordon exchange verify` walks it.
public struct ExchangeMessageLog: Sendable {
    let db: any SQLDatabase
    let kind: DatabaseKind

    public init(_ db: any SQLDatabase, kind: DatabaseKind) {
        self.db = db
        self.kind = kind
    }

    /// Appends messages; call inside a transaction (`KordonDatabase.transaction`): on PostgreSQL a
    /// transaction-scoped advisory lock, on SQLite the write lock, keep two appends from forking the chain.
    @discardableResult
    public func append(_ messages: [NewExchangeMessage], at now: Date) async throws -> [ExchangeMessage] {
        guard !messages.isEmpty else { return [] }
        if kind == .postgres { try await db.raw("SELECT pg_advisory_xact_lock(7201012)").run() }
        let head = try await db.select().columns("seq", "entry_hash").from("exchange_message")
            .orderBy("seq", .descending).limit(1).first()
        let anchor = head == nil ? try await self.anchor() : nil
        var seq = try head?.decode(column: "seq", as: Int64.self) ?? anchor?.seq ?? 0
        var prev = try head?.decode(column: "entry_hash", as: String.self) ?? anchor?.hash ?? HashChain.genesis
        let ms = Int64((now.timeIntervalSince1970 * 1000).rounded(.down))
        var entries: [ExchangeMessage] = []
        for message in messages {
            seq += 1
            var entry = ExchangeMessage(
                seq: seq, id: UUID(), occurredAtMs: ms, direction: message.direction, peer: message.peer,
                keyId: message.keyId, signature: message.signature, body: message.body, outcome: message.outcome,
                prevHash: prev, entryHash: ""
            )
            entry.entryHash = entry.computeHash()
            prev = entry.entryHash
            entries.append(entry)
        }
        let insert = db.insert(into: "exchange_message").columns(Self.columns)
        for e in entries {
            insert.values(
                SQLBind(e.seq), SQLBind(e.id), SQLBind(e.occurredAtMs), SQLBind(e.direction.rawValue), SQLBind(e.peer),
                SQLBind(e.keyId), SQLBind(e.signature), SQLBind(e.body), SQLBind(e.outcome), SQLBind(e.prevHash),
                SQLBind(e.entryHash)
            )
        }
        try await insert.run()
        return entries
    }

    /// Messages with `seq` after `after`, oldest first (the exchange's own view for administrators).
    public func messages(after: Int64 = 0, peer: String? = nil, limit: Int = 100) async throws -> [ExchangeMessage] {
        let select = db.select().columns(Self.columns).from("exchange_message").where("seq", .greaterThan, SQLBind(after))
        if let peer { select.where("peer", .equal, SQLBind(peer)) }
        return try await select.orderBy("seq", .ascending).limit(max(1, min(limit, 1000))).all().map(Self.decode)
    }

    static let columns = [
        "seq", "id", "occurred_at_ms", "direction", "peer", "key_id", "signature", "body", "outcome", "prev_hash",
        "entry_hash",
    ]

    static func decode(_ row: any SQLRow) throws -> ExchangeMessage {
        ExchangeMessage(
            seq: try row.decode(column: "seq", as: Int64.self),
            id: try row.decode(column: "id", as: UUID.self),
            occurredAtMs: try row.decode(column: "occurred_at_ms", as: Int64.self),
            direction: ExchangeMessage.Direction(rawValue: try row.decode(column: "direction", as: String.self)) ?? .sent,
            peer: try row.decode(column: "peer", as: String.self),
            keyId: try row.decode(column: "key_id", as: String.self),
            signature: try row.decode(column: "signature", as: String.self),
            body: try row.decode(column: "body", as: String.self),
            outcome: try row.decode(column: "outcome", as: String.self),
            prevHash: try row.decode(column: "prev_hash", as: String.self),
            entryHash: try row.decode(column: "entry_hash", as: String.self)
        )
    }

    // MARK: - Retention

    /// Where the chain goes on after messages were removed: the last removed message's number and hash.
    public func anchor() async throws -> (seq: Int64, hash: String)? {
        guard let row = try await db.select().columns("seq", "entry_hash").from("exchange_log_anchor").first() else {
            return nil
        }
        return (try row.decode(column: "seq", as: Int64.self), try row.decode(column: "entry_hash", as: String.self))
    }

    /// Removes the messages logged before `cutoff` (retention), keeping the last one's number and hash as
    /// the anchor the rest of the chain is verified from. Call inside a transaction. Returns how many.
    @discardableResult
    public func prune(before cutoff: Date, at now: Date) async throws -> Int {
        if kind == .postgres { try await db.raw("SELECT pg_advisory_xact_lock(7201012)").run() }
        let cutoffMs = Int64((cutoff.timeIntervalSince1970 * 1000).rounded(.down))
        guard let last = try await db.select().columns("seq", "entry_hash").from("exchange_message")
            .where("occurred_at_ms", .lessThan, SQLBind(cutoffMs)).orderBy("seq", .descending).limit(1).first()
        else { return 0 }
        let seq = try last.decode(column: "seq", as: Int64.self)
        let hash = try last.decode(column: "entry_hash", as: String.self)
        let removed = try await db.raw("SELECT COUNT(*) AS n FROM exchange_message WHERE seq <= \(bind: seq)").first()?
            .decode(column: "n", as: Int.self) ?? 0
        try await db.delete(from: "exchange_message").where("seq", .lessThanOrEqual, SQLBind(seq)).run()
        try await db.delete(from: "exchange_log_anchor").run()
        try await db.insert(into: "exchange_log_anchor").columns("id", "seq", "entry_hash", "pruned_at")
            .values(SQLBind(1), SQLBind(seq), SQLBind(hash), SQLBind(now)).run()
        return removed
    }

    // MARK: - Verification

    /// The outcome of walking the chain: how many messages, and the first broken link if any.
    public struct Verification: Sendable, Equatable {
        public var messagesChecked: Int64
        public var headSeq: Int64
        public var firstBrokenLink: AuditLog.BrokenLink?

        public var isIntact: Bool { firstBrokenLink == nil }
    }

    /// Walks the whole chain in order (from the retention anchor, if messages were removed), in pages,
    /// stopping at the first broken link. Each message is
    /// also handed to `check` (signature verification), whose answer, when not nil, is reported as altered.
    public func verify(
        pageSize: Int = 2000, check: (@Sendable (ExchangeMessage) -> Bool)? = nil
    ) async throws -> Verification {
        let anchor = try await self.anchor()
        var expected: Int64 = (anchor?.seq ?? 0) + 1
        var prev = anchor?.hash ?? HashChain.genesis
        var checked: Int64 = 0
        while true {
            let page = try await db.select().columns(Self.columns).from("exchange_message")
                .where("seq", .greaterThanOrEqual, SQLBind(expected)).orderBy("seq", .ascending).limit(pageSize).all()
                .map(Self.decode)
            if page.isEmpty { break }
            for message in page {
                let broken: AuditLog.BrokenLink.Reason?
                if message.seq != expected {
                    broken = .missingEntries(expected: expected)
                } else if message.prevHash != prev {
                    broken = .previousHashMismatch
                } else if message.computeHash() != message.entryHash || !(check?(message) ?? true) {
                    broken = .contentAltered
                } else {
                    broken = nil
                }
                if let broken {
                    return Verification(
                        messagesChecked: checked, headSeq: expected - 1,
                        firstBrokenLink: AuditLog.BrokenLink(seq: message.seq, reason: broken)
                    )
                }
                prev = message.entryHash
                expected += 1
                checked += 1
            }
        }
        return Verification(messagesChecked: checked, headSeq: expected - 1, firstBrokenLink: nil)
    }
}
