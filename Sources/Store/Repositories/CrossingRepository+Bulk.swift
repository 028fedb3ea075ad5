import Foundation
import Logging
import PostgresKit
import SQLKit

/// Bulk loading of crossings (historical crossings, a partner's backlog): PostgreSQL `COPY … FROM STDIN`,
/// SQLite multi-row inserts. Neither goes through the services: the caller validates every row first and
/// rebuilds presence after (`KordonServices.rebuildPresence`).
extension KordonDatabase {
    /// Stores `crossings`: on PostgreSQL in one `COPY` (atomic), on SQLite in one transaction of multi-row
    /// inserts of `batchSize` rows.
    public func bulkInsert(_ crossings: [Crossing], batchSize: Int = 500) async throws {
        guard !crossings.isEmpty else { return }
        if let withPostgresConnection {
            let text = Self.copyText(crossings)
            try await withPostgresConnection { connection in
                try await connection.copyFrom(table: "crossing", columns: CrossingRepository.columns, logger: Logger(label: "kordon.copy")) {
                    writer in
                    var buffer = ByteBufferAllocator().buffer(capacity: text.utf8.count)
                    buffer.writeString(text)
                    try await writer.write(buffer)
                }
            }
        } else {
            try await transaction { (tx: Repositories) in try await tx.crossings.insert(crossings, batchSize: batchSize) }
        }
    }

    /// PostgreSQL's `COPY` text format: tab-separated, `\N` for NULL, backslash escapes (the values are ids,
    /// codes and times; a reason may hold any text).
    static func copyText(_ crossings: [Crossing]) -> String {
        func escaped(_ value: String) -> String {
            guard value.contains(where: { $0 == "\\" || $0 == "\t" || $0 == "\n" || $0 == "\r" }) else { return value }
            return value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\t", with: "\\t")
                .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
        }
        var out = ""
        out.reserveCapacity(crossings.count * 220)
        for c in crossings {
            // Columns in the order of `CrossingRepository.columns`.
            let fields: [String] = [
                c.id.uuidString, c.personId.uuidString, c.documentId?.uuidString ?? "\\N", escaped(c.pointCode),
                c.direction.rawValue, Self.timestamp(c.occurredAt), c.officerId.uuidString, c.agencyId.uuidString,
                c.decision.rawValue, escaped(c.refusalReasons.joined(separator: ",")), Self.timestamp(c.recordedAt),
                c.correctsId?.uuidString ?? "\\N", c.backdateReason.map(escaped) ?? "\\N",
            ]
            out += fields.joined(separator: "\t")
            out += "\n"
        }
        return out
    }

    /// A `timestamptz` literal: ISO 8601 in UTC with milliseconds (`2026-12-02T08:30:00.123Z`).
    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

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
