import Foundation
import Logging
import PostgresKit
import SQLKit
import SQLiteKit
import StayRules

/// Bulk loading of crossings (historical crossings, a partner's backlog): PostgreSQL `COPY … FROM STDIN`,
/// SQLite multi-row inserts with bound values. Neither goes through the services: the caller validates
/// every row first and brings presence up to date in the same transaction (`PresenceKeeper.BulkLoad` in
/// Services).
extension CrossingRepository {
    /// The most values bound to one SQLite statement: the default `SQLITE_MAX_VARIABLE_NUMBER` since SQLite
    /// 3.32.0 (https://sqlite.org/limits.html, item 9). The bundled build allows more; a statement within the
    /// default runs on any build.
    static let sqliteMaximumVariables = 32_766

    /// Rows in one SQLite `INSERT`: as many as fit the variable limit (2,520 of 13 columns). One statement
    /// per 2,520 rows instead of one per 500 parses, plans and steps a fifth as often.
    static var sqliteRowsPerStatement: Int { sqliteMaximumVariables / columns.count }

    /// Rows per `COPY` data message and per progress step: about 2.4 MB of text.
    public static let copyChunkRows = 10_000

    /// Stores `crossings` inside `session`'s transaction (the caller commits or rolls back all of it), in time
    /// order, and calls `progress` with the rows stored so far.
    ///
    /// Why in time order: a file lists crossings as its source kept them (by person, by point). Two of the four
    /// indexes of `crossing` lead with the time or with the id, which is time-ordered (`UUID.timeOrdered(at:)`):
    /// rows in time order go to their right edge, where PostgreSQL's B-tree keeps the rightmost leaf and skips
    /// the descent from the root (the "fastpath" of `_bt_search_insert`, since PostgreSQL 11). The third, by
    /// crossing point and then time, gets each point's rows at the end of that point's range, a few hot pages;
    /// and one month's rows (one partition) arrive together. A profile of a 1 M-row `COPY` in file order spent
    /// 57 % of the backend's time in index inserts, most of it in `_bt_compare` on the way down.
    ///
    /// On PostgreSQL the months the rows fall in are the caller's to make first, outside this transaction
    /// (``makeMonths(for:on:)``); a row of a month without a partition goes to the default partition, stored, and
    /// moves in when its month is made (M0016).
    public static func bulkInsert(
        _ crossings: [Crossing], in session: BulkSession, progress: (Int) -> Void = { _ in }
    ) async throws {
        guard !crossings.isEmpty else { return }
        let ordered = crossings.sorted { $0.occurredAt < $1.occurredAt }
        switch session.connection {
        case .sqlite(let connection):
            try await sqliteInsert(ordered, on: connection, progress: progress)
        case .postgres(let connection):
            try await copy(ordered, on: connection, progress: progress)
        }
    }

    // MARK: - SQLite

    /// Multi-row `INSERT`s with the values bound as `SQLiteData` directly: the same storage classes SQLKit's
    /// `SQLiteDataEncoder` gives them (a UUID as its upper-case text, a time as REAL seconds since 1970, a
    /// string as TEXT, nil as NULL; a test holds the two paths together), without an `Encodable` round per value.
    static func sqliteInsert(
        _ crossings: [Crossing], on connection: SQLiteConnection, progress: (Int) -> Void = { _ in }
    ) async throws {
        let perStatement = sqliteRowsPerStatement
        let full = sqliteInsertSQL(rows: perStatement)
        var binds: [SQLiteData] = []
        binds.reserveCapacity(perStatement * columns.count)
        var start = 0
        while start < crossings.count {
            let end = min(start + perStatement, crossings.count)
            binds.removeAll(keepingCapacity: true)
            for c in crossings[start..<end] {
                binds.append(.text(c.id.uuidString))
                binds.append(.text(c.personId.uuidString))
                binds.append(c.documentId.map { .text($0.uuidString) } ?? .null)
                binds.append(.text(c.pointCode))
                binds.append(.text(c.direction.rawValue))
                binds.append(.float(c.occurredAt.timeIntervalSince1970))
                binds.append(.text(c.officerId.uuidString))
                binds.append(.text(c.agencyId.uuidString))
                binds.append(.text(c.decision.rawValue))
                binds.append(.text(c.refusalReasons.joined(separator: ",")))
                binds.append(.float(c.recordedAt.timeIntervalSince1970))
                binds.append(c.correctsId.map { .text($0.uuidString) } ?? .null)
                binds.append(c.backdateReason.map { .text($0) } ?? .null)
            }
            let sql = end - start == perStatement ? full : sqliteInsertSQL(rows: end - start)
            try await connection.query(sql, binds) { _ in }
            progress(end)
            start = end
        }
    }

    /// `INSERT INTO crossing (…) VALUES (?, …), …` for `rows` rows.
    static func sqliteInsertSQL(rows: Int) -> String {
        let row = "(" + Array(repeating: "?", count: columns.count).joined(separator: ",") + ")"
        return "INSERT INTO crossing (" + columns.joined(separator: ", ") + ") VALUES "
            + Array(repeating: row, count: rows).joined(separator: ",")
    }

    // MARK: - PostgreSQL

    /// Makes the monthly partitions `crossings` need (M0016), each in a short transaction of its own, before a
    /// load's transaction begins. Made inside it, a new partition stays locked (`ACCESS EXCLUSIVE`, taken by
    /// `CREATE TABLE` and `ATTACH PARTITION`) until the load commits, and every read of `crossing` — the border
    /// check's — waits that long. A load that fails afterwards leaves empty partitions, which retention drops like
    /// any other. Nothing on SQLite.
    public static func makeMonths(for crossings: [Crossing], on database: KordonDatabase) async throws {
        guard database.kind == .postgres else { return }
        for month in Set(crossings.map { CalendarMonth(containing: $0.occurredAt) }).sorted() {
            try await PartitionRepository.makePartition(of: "crossing", for: month, on: database.sql)
        }
    }

    /// One `COPY … FROM STDIN` for all rows, streamed in ``copyChunkRows`` pieces. The text of the next piece
    /// is written while PostgreSQL stores the one before (a `COPY` per 50,000 rows, each built first, left the
    /// backend idle about a fifth of the time).
    static func copy(_ crossings: [Crossing], on connection: PostgresConnection, progress: (Int) -> Void) async throws {
        let logger = Logger(label: "kordon.copy")
        let pieces = stride(from: 0, to: crossings.count, by: copyChunkRows).map {
            crossings[$0..<min($0 + copyChunkRows, crossings.count)]
        }
        try await connection.copyFrom(table: "crossing", columns: columns, logger: logger) { writer in
            var next: Task<ByteBuffer, Never>? = Task { [piece = pieces[0]] in copyText(piece) }
            var sent = 0
            for index in pieces.indices {
                guard let text = await next?.value else { break }
                next = index + 1 < pieces.count ? Task { [piece = pieces[index + 1]] in copyText(piece) } : nil
                do {
                    try await writer.write(text)
                } catch {
                    next?.cancel()
                    throw error
                }
                sent += pieces[index].count
                progress(sent)
            }
        }
    }

    /// PostgreSQL's `COPY` text format (https://www.postgresql.org/docs/current/sql-copy.html, "Text
    /// Format"): tab-separated, `\N` for NULL, backslash escapes; columns in the order of ``columns``.
    static func copyText(_ crossings: some Collection<Crossing>) -> ByteBuffer {
        var out = ByteBufferAllocator().buffer(capacity: crossings.count * 240)
        // Points, reasons and times repeat from row to row: each text is escaped or formatted once.
        var escaped: [String: String] = [:]
        func text(_ value: String) -> String {
            if let known = escaped[value] { return known }
            let made = escape(value)
            if escaped.count < 10_000 { escaped[value] = made }
            return made
        }
        var recordedAt: (Date, String)?
        for c in crossings {
            if recordedAt?.0 != c.recordedAt { recordedAt = (c.recordedAt, CopyTimestamp.text(c.recordedAt)) }
            let fields = [
                c.id.uuidString, c.personId.uuidString, c.documentId?.uuidString ?? "\\N", text(c.pointCode),
                c.direction.rawValue, CopyTimestamp.text(c.occurredAt), c.officerId.uuidString, c.agencyId.uuidString,
                c.decision.rawValue, text(c.refusalReasons.joined(separator: ",")), recordedAt?.1 ?? "",
                c.correctsId?.uuidString ?? "\\N", c.backdateReason.map(text) ?? "\\N",
            ]
            out.writeString(fields.joined(separator: "\t"))
            out.writeInteger(UInt8(ascii: "\n"))
        }
        return out
    }

    /// A text value with the backslash, tab, line feed and carriage return escaped (the values are ids,
    /// codes and times; a reason may hold any text).
    static func escape(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { return value }
        return value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\t", with: "\\t")
            .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
    }
}

extension KordonDatabase {
    /// Which of `ids` exist in `table` (its `id` column), in batched `IN` lists.
    public func existingIds(_ ids: Set<UUID>, in table: String) async throws -> Set<UUID> {
        var found: Set<UUID> = []
        for chunk in Array(ids).chunked(into: 500) {
            for row in try await sql.select().column("id").from(table).where("id", .in, SQLBind.group(Array(chunk))).all() {
                found.insert(try row.decode(column: "id", as: UUID.self))
            }
        }
        return found
    }
}

/// A `timestamptz` literal for `COPY`, written by hand: `Date.formatted` cost more than the rest of a row.
/// `2026-12-02 08:30:00.123456+00`: UTC, microseconds (PostgreSQL's precision), the civil date from
/// `StayRules.CalendarDay` (years 1–9999; outside them, Foundation's ISO 8601 text, which PostgreSQL reads too).
enum CopyTimestamp {
    static func text(_ date: Date) -> String {
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        let (seconds, fraction) = floorDivide(micros, 1_000_000)
        let (days, secondOfDay) = floorDivide(seconds, 86_400)
        guard let day = CalendarDay(daysSinceEpoch: Int(days)) else {
            return date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        }
        let (year, month, dayOfMonth) = day.components
        var out = ""
        out.reserveCapacity(32)
        func pad(_ value: Int64, _ width: Int) {
            let digits = String(value)
            if digits.count < width { out += String(repeating: "0", count: width - digits.count) }
            out += digits
        }
        pad(Int64(year), 4)
        out += "-"; pad(Int64(month), 2); out += "-"; pad(Int64(dayOfMonth), 2); out += " "
        pad(secondOfDay / 3_600, 2); out += ":"; pad(secondOfDay / 60 % 60, 2); out += ":"; pad(secondOfDay % 60, 2)
        out += "."; pad(fraction, 6); out += "+00"
        return out
    }

    static func floorDivide(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let quotient = value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor)
        return (quotient, value - quotient * divisor)
    }
}
