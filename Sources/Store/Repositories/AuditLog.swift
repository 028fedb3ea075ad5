import Foundation
import SQLKit

/// The append-only, hash-chained audit trail (DESIGN.md principles; issue 3 item 5).
///
/// The database holds it to appends (M0006: an insert must extend the head; no update, delete,
/// replace or upsert, here or on the person index), and `AuditCheckpoint`s signed with a key kept
/// apart from the database pin its head, so that even a rewrite with recomputed hashes is caught.
public struct AuditLog: Sendable {
    let db: any SQLDatabase
    let kind: DatabaseKind

    public init(_ db: any SQLDatabase, kind: DatabaseKind) {
        self.db = db
        self.kind = kind
    }

    /// Appends entries; call inside the transaction that makes the change, so both land or neither.
    ///
    /// Appends are serialised: on PostgreSQL by a transaction-scoped advisory lock, on SQLite by the
    /// write lock `BEGIN IMMEDIATE` already holds. Without it two transactions would both extend the
    /// same head and fork the chain.
    @discardableResult
    public func append(_ records: [AuditRecord], at now: Date) async throws -> [AuditEntry] {
        try await append(records.map { ($0, now) })
    }

    /// Appends entries, each at its own time: the writes of several requests committed together
    /// (``GroupCommit``) keep the time each request was made.
    @discardableResult
    public func append(_ timed: [(record: AuditRecord, at: Date)]) async throws -> [AuditEntry] {
        guard !timed.isEmpty else { return [] }
        // On PostgreSQL the chain's advisory lock (appenders in several servers take turns) and the head read
        // are one call, and the trigger of migration 0018 writes the person index: two round trips fewer in
        // the serial part of a group commit.
        let current = kind == .postgres ? try await lockedHead() : try await head()
        var seq = current?.seq ?? 0
        var prev = current?.hash ?? AuditEntry.genesisHash
        var entries: [AuditEntry] = []
        for (record, now) in timed {
            let ms = Int64((now.timeIntervalSince1970 * 1000).rounded(.down))
            seq += 1
            var entry = AuditEntry(
                // Time-ordered at the entry's own instant: on PostgreSQL the id is then unique through one partition's
                // index (migration 0021).
                seq: seq, id: .timeOrdered(at: Date(timeIntervalSince1970: Double(ms) / 1000)), occurredAtMs: ms, officerId: record.officerId, agencyId: record.agencyId,
                requestId: record.requestId, purpose: record.purpose, action: record.action,
                resourceType: record.resourceType, resourceIds: record.resourceIds,
                personIds: Array(Set(record.personIds)).sorted { $0.uuidString < $1.uuidString },
                credentialId: record.credentialId, subject: record.subject, prevHash: prev, entryHash: ""
            )
            entry.entryHash = entry.computeHash()
            prev = entry.entryHash
            entries.append(entry)
        }
        let insert = db.insert(into: "audit_entry").columns(
            "seq", "id", "occurred_at_ms", "officer_id", "agency_id", "request_id", "purpose", "action",
            "resource_type", "resource_ids", "person_ids", "credential_id", "subject", "prev_hash", "entry_hash"
        )
        for entry in entries {
            insert.values(
                SQLBind(entry.seq), SQLBind(entry.id), SQLBind(entry.occurredAtMs), SQLBind(entry.officerId),
                SQLBind(entry.agencyId), SQLBind(entry.requestId), SQLBind(entry.purpose), SQLBind(entry.action),
                SQLBind(entry.resourceType), SQLBind(entry.resourceIds.joined(separator: ",")),
                SQLBind(entry.personIds.map { $0.uuidString.lowercased() }.joined(separator: ",")),
                SQLBind(entry.credentialId), SQLBind(entry.subject), SQLBind(entry.prevHash), SQLBind(entry.entryHash)
            )
        }
        try await insert.run()
        let subjects = entries.flatMap { entry in entry.personIds.map { (entry.seq, $0) } }
        if !subjects.isEmpty, kind != .postgres {
            let subjectInsert = db.insert(into: "audit_subject").columns("person_id", "seq")
            for (seq, person) in subjects { subjectInsert.values(SQLBind(person), SQLBind(seq)) }
            try await subjectInsert.run()
        }
        return entries
    }

    // MARK: - Reading

    /// Filters for the auditor's view of the trail.
    public struct Query: Sendable {
        public var personId: UUID?
        public var officerId: UUID?
        /// Entries made by officers of this agency (an agency's auditor reads his own agency's trail).
        public var agencyId: UUID? = nil
        public var from: Date?
        public var to: Date?
        /// Return entries with `seq` below this (newest first paging).
        public var beforeSeq: Int64?
        public var limit: Int

        public init(
            personId: UUID? = nil, officerId: UUID? = nil, from: Date? = nil, to: Date? = nil,
            beforeSeq: Int64? = nil, limit: Int = 100
        ) {
            self.personId = personId
            self.officerId = officerId
            self.from = from
            self.to = to
            self.beforeSeq = beforeSeq
            self.limit = limit
        }
    }

    /// Entries matching `query`, newest first.
    public func entries(_ query: Query) async throws -> [AuditEntry] {
        let select = db.select().columns(Self.columns.map { SQLColumn($0, table: "a") })
            .from(SQLAlias(SQLIdentifier("audit_entry"), as: SQLIdentifier("a")))
        if let person = query.personId {
            select.join(
                SQLAlias(SQLIdentifier("audit_subject"), as: SQLIdentifier("s")), method: SQLJoinMethod.inner,
                on: SQLColumn("seq", table: "s"), .equal, SQLColumn("seq", table: "a")
            )
            select.where(SQLColumn("person_id", table: "s"), .equal, SQLBind(person))
        }
        if let officer = query.officerId { select.where(SQLColumn("officer_id", table: "a"), .equal, SQLBind(officer)) }
        if let agency = query.agencyId { select.where(SQLColumn("agency_id", table: "a"), .equal, SQLBind(agency)) }
        if let from = query.from {
            select.where(SQLColumn("occurred_at_ms", table: "a"), .greaterThanOrEqual, SQLBind(Self.ms(from)))
        }
        if let to = query.to { select.where(SQLColumn("occurred_at_ms", table: "a"), .lessThan, SQLBind(Self.ms(to))) }
        if let before = query.beforeSeq { select.where(SQLColumn("seq", table: "a"), .lessThan, SQLBind(before)) }
        select.orderBy(SQLOrderBy(expression: SQLColumn("seq", table: "a"), direction: SQLDirection.descending)).limit(max(1, min(query.limit, 1000)))
        return try await select.all().map(Self.decode)
    }

    /// Entry `seq`, if it exists.
    public func entry(seq: Int64) async throws -> AuditEntry? {
        try await db.select().columns(Self.columns).from("audit_entry").where("seq", .equal, SQLBind(seq)).first()
            .map(Self.decode)
    }

    /// The hash of entry `seq`, if it exists: to compare with a head published earlier.
    public func entryHash(seq: Int64) async throws -> String? {
        try await db.select().column("entry_hash").from("audit_entry").where("seq", .equal, SQLBind(seq)).first()
            .map { try $0.decode(column: "entry_hash", as: String.self) }
    }

    /// The head, read after taking the chain's advisory lock (PostgreSQL; held until the transaction ends).
    func lockedHead() async throws -> (seq: Int64, hash: String)? {
        guard let rows = try await PreparedRead.rows(AuditLockedHeadStatement(), on: db) else {
            try await db.raw("SELECT pg_advisory_xact_lock(7201002)").run()
            return try await head()
        }
        guard let row = rows.first?.sql() else { return nil }
        return (try row.decode(column: "head_seq", as: Int64.self), try row.decode(column: "head_hash", as: String.self))
    }

    /// The last entry's sequence number and hash, or nil on an empty trail: what a checkpoint signs.
    public func head() async throws -> (seq: Int64, hash: String)? {
        let row: (any SQLRow)?
        if let rows = try await PreparedRead.rows(AuditHeadStatement(), on: db) {
            row = rows.first?.sql()
        } else {
            row = try await db.raw("\(unsafeRaw: AuditHeadStatement.sql)").first()
        }
        guard let row else { return nil }
        return (try row.decode(column: "seq", as: Int64.self), try row.decode(column: "entry_hash", as: String.self))
    }

    /// The hashes of the entries numbered `seqs` that exist, by sequence number (to hold against checkpoints).
    public func entryHashes(seqs: [Int64]) async throws -> [Int64: String] {
        var hashes: [Int64: String] = [:]
        for start in stride(from: 0, to: seqs.count, by: 500) {
            let batch = Array(seqs[start..<min(start + 500, seqs.count)])
            let rows = try await db.select().columns("seq", "entry_hash").from("audit_entry")
                .where("seq", .in, SQLBind.group(batch)).all()
            for row in rows {
                let seq = try row.decode(column: "seq", as: Int64.self)
                hashes[seq] = try row.decode(column: "entry_hash", as: String.self)
            }
        }
        return hashes
    }

    static func ms(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) }

    /// The columns read, named rather than `*`: a SQLite connection that prepared a statement before
    /// a migration added a column reports the old column names for `*` (sqlite-nio reads them before
    /// the first step, which is where SQLite notices the schema change).
    static let columns = [
        "seq", "id", "occurred_at_ms", "officer_id", "agency_id", "request_id", "purpose", "action", "resource_type",
        "resource_ids", "person_ids", "credential_id", "subject", "prev_hash", "entry_hash",
    ]

    static func decode(_ row: any SQLRow) throws -> AuditEntry {
        let resourceIds = try row.decode(column: "resource_ids", as: String.self)
        let personIds = try row.decode(column: "person_ids", as: String.self)
        return AuditEntry(
            seq: try row.decode(column: "seq", as: Int64.self),
            id: try row.decode(column: "id", as: UUID.self),
            occurredAtMs: try row.decode(column: "occurred_at_ms", as: Int64.self),
            officerId: try row.decode(column: "officer_id", as: UUID?.self),
            agencyId: try row.decode(column: "agency_id", as: UUID?.self),
            requestId: try row.decode(column: "request_id", as: String?.self),
            purpose: try row.decode(column: "purpose", as: String.self),
            action: try row.decode(column: "action", as: String.self),
            resourceType: try row.decode(column: "resource_type", as: String.self),
            resourceIds: resourceIds.isEmpty ? [] : resourceIds.split(separator: ",").map(String.init),
            personIds: personIds.isEmpty ? [] : personIds.split(separator: ",").compactMap { UUID(uuidString: String($0)) },
            credentialId: try row.decode(column: "credential_id", as: String?.self),
            subject: try row.decode(column: "subject", as: String?.self),
            prevHash: try row.decode(column: "prev_hash", as: String.self),
            entryHash: try row.decode(column: "entry_hash", as: String.self)
        )
    }

    // MARK: - Verification

    /// The outcome of walking the chain.
    public struct Verification: Sendable, Equatable {
        public var entriesChecked: Int64
        /// The sequence number and hash of the last entry: publish it to detect truncation of the tail.
        public var head: (seq: Int64, hash: String)?
        /// The first broken link, or nil when the chain is intact.
        public var firstBrokenLink: BrokenLink?
        /// Where the walk began when retention removed older entries (`PartitionRepository.dropMonths`):
        /// the first entry kept; nil when the chain is walked from its genesis.
        public var resumedAt: Int64? = nil

        public var isIntact: Bool { firstBrokenLink == nil }

        public static func == (a: Verification, b: Verification) -> Bool {
            a.entriesChecked == b.entriesChecked && a.firstBrokenLink == b.firstBrokenLink
                && a.head?.seq == b.head?.seq && a.head?.hash == b.head?.hash && a.resumedAt == b.resumedAt
        }
    }

    /// Where and why the chain breaks.
    public struct BrokenLink: Sendable, Equatable, CustomStringConvertible {
        public var seq: Int64
        public var reason: Reason

        public init(seq: Int64, reason: Reason) {
            self.seq = seq
            self.reason = reason
        }

        public enum Reason: Sendable, Equatable {
            /// Entries before `seq` are missing (deleted).
            case missingEntries(expected: Int64)
            /// `prev_hash` does not match the previous entry's hash (an entry was removed or replaced).
            case previousHashMismatch
            /// The entry's content no longer produces its hash (it was altered).
            case contentAltered
            /// The person index disagrees with the entry (rows added to or removed from `audit_subject`).
            case subjectIndexMismatch
        }

        public var description: String {
            switch reason {
            case .missingEntries(let expected):
                return "entry \(seq): entries from \(expected) to \(seq - 1) are missing (deleted)"
            case .previousHashMismatch:
                return "entry \(seq): prev_hash does not match the hash of entry \(seq - 1)"
            case .contentAltered:
                return "entry \(seq): content does not match its hash (altered)"
            case .subjectIndexMismatch:
                return "entry \(seq): person index (audit_subject) does not match the entry"
            }
        }
    }

    /// Walks the whole chain in `seq` order, in pages, and stops at the first broken link.
    ///
    /// After retention removed the oldest months, the walk begins at the first entry kept, chained to the
    /// hash `retention_drop` recorded for it: entries missing before that point were removed on record,
    /// any missing after it are still a broken link. (A signed checkpoint past the cut is what vouches
    /// for the resumption: `AuditTrailVerifier`.)
    public func verify(pageSize: Int = 5000, progress: (@Sendable (Int64) -> Void)? = nil) async throws -> Verification {
        let resumption = try await PartitionRepository(db, kind: kind).auditResumption()
        var expectedSeq: Int64 = resumption?.seq ?? 1
        var prev = resumption?.prevHash ?? AuditEntry.genesisHash
        var checked: Int64 = 0
        var head: (Int64, String)?
        func broken(at seq: Int64, _ reason: BrokenLink.Reason) -> Verification {
            Verification(
                entriesChecked: checked, head: head, firstBrokenLink: BrokenLink(seq: seq, reason: reason),
                resumedAt: resumption?.seq
            )
        }
        while true {
            let rows = try await db.select().columns(Self.columns).from("audit_entry")
                .where("seq", .greaterThanOrEqual, SQLBind(expectedSeq))
                .orderBy("seq", .ascending).limit(pageSize).all()
            if rows.isEmpty { break }
            let entries = try rows.map(Self.decode)
            guard let first = entries.first, let last = entries.last else { break }
            let subjectRows = try await db.select().columns("seq", "person_id").from("audit_subject")
                .where("seq", .greaterThanOrEqual, SQLBind(first.seq)).where("seq", .lessThanOrEqual, SQLBind(last.seq))
                .all()
            var subjects: [Int64: Set<UUID>] = [:]
            for row in subjectRows {
                subjects[try row.decode(column: "seq", as: Int64.self), default: []]
                    .insert(try row.decode(column: "person_id", as: UUID.self))
            }
            for entry in entries {
                if entry.seq != expectedSeq {
                    return broken(at: entry.seq, .missingEntries(expected: expectedSeq))
                }
                if entry.prevHash != prev {
                    return broken(at: entry.seq, .previousHashMismatch)
                }
                if entry.computeHash() != entry.entryHash {
                    return broken(at: entry.seq, .contentAltered)
                }
                if subjects[entry.seq, default: []] != Set(entry.personIds) {
                    return broken(at: entry.seq, .subjectIndexMismatch)
                }
                prev = entry.entryHash
                expectedSeq += 1
                checked += 1
                head = (entry.seq, entry.entryHash)
            }
            progress?(checked)
        }
        return Verification(entriesChecked: checked, head: head, firstBrokenLink: nil, resumedAt: resumption?.seq)
    }
}
