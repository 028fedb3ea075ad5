import Foundation
import SQLKit

/// The monthly partitions of the tables that grow with traffic, and retention by dropping them (issue 15
/// item 5; M0016). PostgreSQL only: SQLite, the single-site installation, keeps plain tables, so
/// `ensureMonths` does nothing there and `dropMonths` refuses.
public struct PartitionRepository: Sendable {
    let db: any SQLDatabase
    let kind: DatabaseKind

    public init(_ db: any SQLDatabase, kind: DatabaseKind) {
        self.db = db
        self.kind = kind
    }

    /// The partitioned tables and the column each is partitioned by.
    public static let tables: [(table: String, key: String)] = [
        ("crossing", "occurred_at"), ("border_check", "created_at"), ("audit_entry", "occurred_at_ms"),
    ]

    /// How far back retention may never reach: the 90/180-day rule counts every crossing of the last
    /// 180 days (Regulation (EU) 2016/399 Art. 6(1)), so a month is dropped only once it ended before them.
    public static let protectedDays = 180

    /// Makes the partitions of `now`'s month and of the `ahead` months after it, where missing; returns
    /// their names. Rows that waited in a default partition for such a month move into it.
    @discardableResult
    public func ensureMonths(around now: Date, ahead: Int = 3) async throws -> [String] {
        guard kind == .postgres else { return [] }
        var made: [String] = []
        let first = CalendarMonth(containing: now)
        for offset in 0...max(0, ahead) {
            let month = first.adding(months: offset)
            for (table, _) in Self.tables where try await Self.makePartition(of: table, for: month, on: db) {
                made.append(month.partitionName(of: table))
            }
        }
        return made
    }

    /// Makes the partitions of `table` for the `count` months before `now`'s, where missing: the months a store in
    /// service that long keeps (`kordon bench checks --audit-months`). Nothing on SQLite.
    public func ensureMonths(_ count: Int, before now: Date, of table: String) async throws {
        guard kind == .postgres, count > 0 else { return }
        let this = CalendarMonth(containing: now)
        for back in 1...count {
            try await Self.makePartition(of: table, for: this.adding(months: -back), on: db)
        }
    }

    /// Makes the partitions of `table` for the months of `dates` outside the window `PartitionKeeper` keeps
    /// made (this month and the next three), so that a backdated or historical row goes to its month, not to
    /// the default partition. Nothing on SQLite, and no statement for rows of the current months.
    static func ensureMonths(of dates: [Date], table: String, on db: any SQLDatabase) async throws {
        guard db.dialect.name == "postgresql" else { return }
        let now = CalendarMonth(containing: Date())
        let kept = now...now.adding(months: 3)
        for month in Set(dates.map(CalendarMonth.init(containing:))).filter({ !kept.contains($0) }).sorted() {
            try await makePartition(of: table, for: month, on: db)
        }
    }

    /// Makes `table`'s partition for `month` where missing (`kordon_month_partition`, migration 0016), moving in
    /// the rows that waited for it in the default partition; true when it was made now.
    @discardableResult
    static func makePartition(of table: String, for month: CalendarMonth, on db: any SQLDatabase) async throws -> Bool {
        let row = try await db.raw(
            "SELECT kordon_month_partition(\(bind: table), \(bind: month.firstDay)::date) AS made"
        ).first()
        return try row?.decode(column: "made", as: Bool.self) == true
    }

    /// One partition and what it holds.
    public struct Partition: Sendable, Equatable {
        public var table: String
        public var name: String
        /// Its month; nil for the default partition.
        public var month: CalendarMonth?
        public var rows: Int64
        /// For a default partition: its rows by month. Months older than every partition are rows kept past
        /// retention (the entries of persons still in the country); newer ones wait for their partition.
        public var rowsByMonth: [CalendarMonth: Int64]
    }

    /// Every partition of the partitioned tables, oldest month first, each table's default last; rows
    /// counted exactly (a scan of each: an administrator's command, not a request's).
    public func partitions() async throws -> [Partition] {
        guard kind == .postgres else { return [] }
        var result: [Partition] = []
        for (table, key) in Self.tables {
            var partitions: [Partition] = []
            var defaultPartition: Partition?
            for name in try await partitionNames(of: table) {
                let count = try await db.raw("SELECT count(*) AS n FROM \(ident: name)").first()?
                    .decode(column: "n", as: Int64.self) ?? 0
                if name == table + "_default" {
                    var byMonth: [CalendarMonth: Int64] = [:]
                    if count > 0 {
                        let instant = key == "occurred_at_ms" ? "to_timestamp(\(key) / 1000.0)" : key
                        for monthRow in try await db.raw(
                            """
                            SELECT to_char(date_trunc('month', \(unsafeRaw: instant) AT TIME ZONE 'UTC'), 'YYYY-MM') AS month,
                                count(*) AS n FROM \(ident: name) GROUP BY 1
                            """
                        ).all() {
                            if let month = CalendarMonth(try monthRow.decode(column: "month", as: String.self)) {
                                byMonth[month] = try monthRow.decode(column: "n", as: Int64.self)
                            }
                        }
                    }
                    defaultPartition = Partition(table: table, name: name, month: nil, rows: count, rowsByMonth: byMonth)
                } else if let month = Self.month(ofPartition: name, table: table) {
                    partitions.append(Partition(table: table, name: name, month: month, rows: count, rowsByMonth: [:]))
                }
            }
            // Month partitions all have a month (the default is kept apart above): `YYYY-MM` sorts as the months do.
            result += partitions.sorted { ($0.month?.description ?? "") < ($1.month?.description ?? "") }
            if let defaultPartition { result.append(defaultPartition) }
        }
        return result
    }

    /// The names of `table`'s partitions, its default among them.
    func partitionNames(of table: String) async throws -> [String] {
        try await db.raw(
            """
            SELECT child.relname AS name FROM pg_inherits
            JOIN pg_class parent ON parent.oid = pg_inherits.inhparent
            JOIN pg_class child ON child.oid = pg_inherits.inhrelid
            WHERE parent.relname = \(bind: table) ORDER BY child.relname
            """
        ).all().map { try $0.decode(column: "name", as: String.self) }
    }

    /// `crossing_2026_03` → 2026-03.
    static func month(ofPartition name: String, table: String) -> CalendarMonth? {
        guard name.hasPrefix(table + "_") else { return nil }
        let suffix = name.dropFirst(table.count + 1)
        guard suffix.count == 7 else { return nil }
        return CalendarMonth(suffix.replacingOccurrences(of: "_", with: "-"))
    }

    // MARK: - Retention

    /// What retention removed (or, in a dry run, would remove).
    public struct Retention: Sendable, Equatable {
        public struct Dropped: Sendable, Equatable {
            public var table: String
            /// The partition's month; nil for rows older than `before` removed from the default partition.
            public var month: CalendarMonth?
            public var rows: Int64
            /// Rows kept past retention (moved to the default partition): the entries of persons still in the
            /// country, from which their stay is counted.
            public var kept: Int64
        }

        public var before: CalendarMonth
        public var dropped: [Dropped]
        /// The last audit entry removed; the trail resumes at the next one.
        public var auditThroughSeq: Int64?
        /// The retention's own audit entry; nil in a dry run.
        public var auditSeq: Int64?
    }

    /// Drops every partition of a month before `before` (crossings, checks and the audit trail), in one
    /// transaction: run it in `KordonDatabase.transaction`. The rows removed are recorded in
    /// `retention_drop`, which is append-only, and the act itself in the audit trail.
    ///
    /// Refused (nothing changes) on SQLite; when `before` reaches into the last ``protectedDays`` days; and
    /// for the audit trail, when entries numbered below the cut lie in a month that stays, or when no signed
    /// checkpoint was taken after the last entry removed: the trail that remains is verified from the cut
    /// (`AuditLog.verify`), and only a signature over a later entry vouches for where it resumes.
    ///
    /// Takes the chain's lock, then the three tables exclusively, each wait bounded by a lock timeout so that
    /// retention, not a border check, gives way when they meet (the caller retries: SQLSTATE 55P03).
    public func dropMonths(
        before: CalendarMonth, now: Date, audit record: AuditRecord, dryRun: Bool = false
    ) async throws -> Retention {
        guard kind == .postgres else {
            throw StoreError(
                .invalidConfiguration, field: "database",
                detail: "retention drops monthly partitions, which only PostgreSQL has; SQLite keeps plain tables"
            )
        }
        let latestAllowed = CalendarMonth(containing: now.addingTimeInterval(-Double(Self.protectedDays) * 86_400))
        guard before <= latestAllowed else {
            throw StoreError(
                .invalidValue, field: "before",
                detail: "\(before) would drop rows of the last \(Self.protectedDays) days, which the 90/180-day rule "
                    + "still counts; the latest month allowed is \(latestAllowed)"
            )
        }
        // What goes, counted and cleared of what names it before the tables are locked: old months do not
        // change, and the border waits only for the detaching and dropping below.
        struct Doomed {
            var table: String
            var name: String
            var month: CalendarMonth
            var rows: Int64
        }
        var doomed: [Doomed] = []
        var staying: [String: [String]] = [:]
        for (table, _) in Self.tables {
            for name in try await partitionNames(of: table) {
                if let month = Self.month(ofPartition: name, table: table), month < before {
                    doomed.append(Doomed(table: table, name: name, month: month, rows: try await count("FROM \(name)")))
                } else {
                    staying[table, default: []].append(name)
                }
            }
        }
        if !dryRun {
            for partition in doomed where partition.table == "border_check" {
                try await removeDependents(ofChecksIn: "SELECT id FROM \(partition.name)")
            }
            try await db.raw("SET LOCAL lock_timeout = '500ms'").run()
            try await db.raw("SELECT pg_advisory_xact_lock(7201002)").run()
            try await db.raw("LOCK TABLE audit_entry, border_check, crossing IN ACCESS EXCLUSIVE MODE").run()
        }

        // The audit trail must resume cleanly after the cut, and be vouched for past it. Each question is
        // one partition's index (its key begins with `seq`), never a scan of the trail.
        var auditThrough: Int64?
        var resumeHash: String?
        for partition in doomed where partition.table == "audit_entry" {
            if let top = try await seq("max", of: partition.name) { auditThrough = max(auditThrough ?? top, top) }
        }
        if let through = auditThrough {
            for name in staying["audit_entry"] ?? [] {
                if let lowest = try await seq("min", of: name), lowest <= through {
                    throw StoreError(
                        .conflict, field: "before",
                        detail: "audit entry \(lowest) lies in \(name), which stays, below entry \(through) that would "
                            + "go: the trail would resume with a gap; choose an earlier month"
                    )
                }
            }
            let latest = try await AuditCheckpointLog(db, kind: kind).latest()
            guard let latest, latest.seq > through else {
                throw StoreError(
                    .conflict, field: "audit_checkpoint",
                    detail: "no signed checkpoint after audit entry \(through), the last one retention would remove: "
                        + "sign one first (kordon audit checkpoint) so that the trail that remains is vouched for"
                )
            }
            resumeHash = try await AuditLog(db, kind: kind).entryHash(seq: through)
        }

        var dropped: [Retention.Dropped] = []
        for partition in doomed {
            var kept: Int64 = 0
            if !dryRun {
                try await db.raw("ALTER TABLE \(ident: partition.table) DETACH PARTITION \(ident: partition.name)").run()
            }
            if partition.table == "crossing" {
                // The entries of persons still here, found through `presence` by the month they entered in.
                // The month is no longer covered, so what is inserted again lands in the default partition.
                let keep = """
                    FROM \(partition.name) WHERE id IN (SELECT crossing_id FROM presence
                    WHERE entered_at >= \(Self.literal(partition.month.start))
                    AND entered_at < \(Self.literal(partition.month.adding(months: 1).start)))
                    """
                kept = try await count(keep)
                if !dryRun, kept > 0 { try await db.raw("INSERT INTO crossing SELECT * \(unsafeRaw: keep)").run() }
            }
            if !dryRun { try await db.raw("DROP TABLE \(ident: partition.name)").run() }
            dropped.append(.init(table: partition.table, month: partition.month, rows: partition.rows, kept: kept))
        }
        // Rows older than the cut that waited in a default partition (crossings and checks; the audit
        // trail's default refuses deletes and is held by the check above).
        let cut = before.start
        let crossingsLeft = "FROM crossing_default WHERE occurred_at < \(Self.literal(cut)) AND id NOT IN (SELECT crossing_id FROM presence)"
        let checksLeft = "FROM border_check_default WHERE created_at < \(Self.literal(cut))"
        let oldCrossings = try await count(crossingsLeft)
        let oldChecks = try await count(checksLeft)
        if !dryRun {
            if oldCrossings > 0 { try await db.raw("DELETE \(unsafeRaw: crossingsLeft)").run() }
            if oldChecks > 0 {
                try await removeDependents(ofChecksIn: "SELECT id \(checksLeft)")
                try await db.raw("DELETE \(unsafeRaw: checksLeft)").run()
            }
        }
        if oldCrossings > 0 { dropped.append(.init(table: "crossing", month: nil, rows: oldCrossings, kept: 0)) }
        if oldChecks > 0 { dropped.append(.init(table: "border_check", month: nil, rows: oldChecks, kept: 0)) }

        var retention = Retention(before: before, dropped: dropped, auditThroughSeq: auditThrough, auditSeq: nil)
        guard !dryRun, !dropped.isEmpty else { return retention }
        var act = record
        act.resourceIds = dropped.map { item in item.month.map { $0.partitionName(of: item.table) } ?? "\(item.table)_default" }
        let entry = try await AuditLog(db, kind: kind).append([act], at: now).first
        retention.auditSeq = entry?.seq
        for item in dropped {
            let isAudit = item.table == "audit_entry"
            try await db.insert(into: "retention_drop")
                .columns(
                    "id", "table_name", "month", "row_count", "kept_count", "dropped_at", "audit_seq", "first_seq_kept",
                    "prev_hash_kept"
                )
                .values(
                    SQLBind(UUID()), SQLBind(item.table), SQLBind(item.month?.description ?? "before \(before)"),
                    SQLBind(item.rows), SQLBind(item.kept), SQLBind(now), SQLBind(entry?.seq),
                    SQLBind(isAudit ? auditThrough.map { $0 + 1 } : nil), SQLBind(isAudit ? resumeHash : nil)
                )
                .run()
        }
        return retention
    }

    /// Where the audit trail resumes after retention: the first entry kept, the hash it must chain to, and
    /// the audit entry that recorded the drop; nil when retention never removed audit entries.
    public func auditResumption() async throws -> (seq: Int64, prevHash: String, recordedBy: Int64?)? {
        guard let row = try await db.select().columns("first_seq_kept", "prev_hash_kept", "audit_seq")
            .from("retention_drop")
            .where("table_name", .equal, "audit_entry").where("first_seq_kept", .isNot, SQLLiteral.null)
            .orderBy("first_seq_kept", .descending).limit(1).first()
        else { return nil }
        return (
            try row.decode(column: "first_seq_kept", as: Int64.self),
            try row.decode(column: "prev_hash_kept", as: String.self),
            try row.decode(column: "audit_seq", as: Int64?.self)
        )
    }

    /// The lowest or highest entry number in one partition of the audit trail, nil when it is empty.
    private func seq(_ aggregate: String, of partition: String) async throws -> Int64? {
        try await db.raw("SELECT \(unsafeRaw: aggregate)(seq) AS s FROM \(ident: partition)").first()?
            .decode(column: "s", as: Int64?.self)
    }

    private func count(_ fromWhere: String) async throws -> Int64 {
        try await db.raw("SELECT count(*) AS n \(unsafeRaw: fromWhere)").first()?.decode(column: "n", as: Int64.self) ?? 0
    }

    /// Hit resolutions and face checks of the checks `ids` selects: nothing may name a check that is gone.
    private func removeDependents(ofChecksIn ids: String) async throws {
        try await db.raw("DELETE FROM check_hit_resolution WHERE check_id IN (\(unsafeRaw: ids))").run()
        try await db.raw("DELETE FROM face_check WHERE check_id IN (\(unsafeRaw: ids))").run()
    }

    /// A timestamp literal for SQL we write ourselves (from a `CalendarMonth`, never from input).
    static func literal(_ date: Date) -> String {
        "'\(date.formatted(.iso8601))'::timestamptz"
    }
}

extension Repositories {
    /// Monthly partitions and retention (PostgreSQL).
    public var partitions: PartitionRepository { PartitionRepository(db, kind: kind) }
}
