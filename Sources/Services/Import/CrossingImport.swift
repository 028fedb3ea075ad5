import Foundation
import Store

/// `kordon import crossings`: historical crossings or a partner's backlog, loaded in bulk (issue 15).
///
/// Every line is checked first (fields, crossing points, reason codes, and that the persons, documents,
/// officers and agencies it names exist); any bad line is reported with its number and field and nothing
/// is stored. Then the rows go in chunks of ``chunkSize`` through PostgreSQL `COPY` or SQLite multi-row
/// inserts, and presence is rebuilt from the crossings once at the end.
public struct CrossingImport: Sendable {
    /// The most bad lines reported (a 10 GB file of bad lines is not echoed back whole); beyond it, `truncated`.
    public static let maximumErrors = 1_000

    let services: KordonServices

    public init(services: KordonServices) {
        self.services = services
    }

    /// Rows per `COPY` or SQLite transaction.
    public static let chunkSize = 50_000
    /// The longest line accepted.
    public static let maximumLineBytes = 16 * 1024

    public enum Format: String, Sendable, CaseIterable { case jsonl, csv }

    /// Where an import stands, for a progress bar.
    public struct Progress: Sendable {
        public enum Stage: String, Sendable { case reading, checking, storing, presence }
        public var stage: Stage
        public var done: Int
        public var total: Int
    }

    /// Bad lines of a crossing import; nothing was stored.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var errors: [AlertImportError.LineError]
        public var truncated: Bool

        public var description: String {
            "\(errors.count)\(truncated ? "+" : "") bad line(s), nothing imported: "
                + errors.prefix(5).map(\.description).joined(separator: "; ")
        }
    }

    /// One line as written: the fields of a crossing.
    struct Line: Decodable {
        var id: String?
        var personId: String?
        var documentId: String?
        var pointCode: String?
        var direction: String?
        var occurredAt: String?
        var officerId: String?
        var agencyId: String?
        var decision: String?
        var refusalReasons: [String]?
    }

    /// What an import did, and how long each stage took (seconds).
    public struct Summary: Sendable {
        public var stored: Int
        public var reading: Double
        public var checking: Double
        public var storing: Double
        public var presence: Double

        /// One line for people: the count, each stage, and the storing rate.
        public var report: String {
            let total = reading + checking + storing + presence
            return String(
                format: "Imported %d crossings in %.1f s: read %.1f s, checked %.1f s, stored %.1f s (%.0f /s), presence %.1f s.",
                stored, total, reading, checking, storing, Double(stored) / max(storing, 1e-9), presence
            )
        }
    }

    /// Reads, checks and stores the crossings in `data`.
    public func run(
        _ data: Data, format: Format, source: String, progress: @escaping @Sendable (Progress) -> Void = { _ in }
    ) async throws -> Summary {
        let clock = ContinuousClock()
        var mark = clock.now
        func lap() -> Double {
            let elapsed = clock.now - mark
            mark = clock.now
            return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        }
        let now = services.clock()
        let points = Set(try await services.crossingPoints().map(\.code))
        let reasons = Set(services.reference.refusalReasons.map(\.code))
        var errors: [AlertImportError.LineError] = []
        var truncated = false
        func fail(_ line: Int, _ field: String?, _ detail: String) {
            if errors.count < CrossingImport.maximumErrors {
                errors.append(.init(line: line, field: field, detail: detail))
            } else {
                truncated = true
            }
        }
        var rows: [(line: Int, crossing: Crossing)] = []
        let lines = Self.lines(data, format: format) { line, field, detail in fail(line, field, detail) }
        for (index, entry) in lines.enumerated() {
            switch Self.crossing(entry.fields, points: points, reasons: reasons, now: now, source: source) {
            case .success(let crossing): rows.append((entry.line, crossing))
            case .failure(let error): fail(entry.line, error.field, error.detail)
            }
            if index % 50_000 == 49_999 { progress(.init(stage: .reading, done: index + 1, total: lines.count)) }
        }
        progress(.init(stage: .reading, done: lines.count, total: lines.count))
        if lines.isEmpty && errors.isEmpty { fail(1, nil, "the file holds no crossings") }
        let reading = lap()

        // What the rows name must exist: one IN list per 500 distinct ids.
        let checks: [(String, String, KeyPath<Crossing, UUID?>)] = [
            ("person", "personId", \.optionalPersonId), ("travel_document", "documentId", \.documentId),
            ("officer", "officerId", \.optionalOfficerId), ("agency", "agencyId", \.optionalAgencyId),
        ]
        for (position, (table, field, path)) in checks.enumerated() {
            let wanted = Set(rows.compactMap { $0.crossing[keyPath: path] })
            let found = try await services.database.existingIds(wanted, in: table)
            if found.count < wanted.count {
                for row in rows where row.crossing[keyPath: path].map({ !found.contains($0) }) ?? false {
                    fail(row.line, field, "no \(table.replacingOccurrences(of: "_", with: " ")) with this id")
                }
            }
            progress(.init(stage: .checking, done: position + 1, total: checks.count))
        }
        if !errors.isEmpty {
            errors.sort { $0.line < $1.line }
            throw Failure(errors: errors, truncated: truncated)
        }

        let checking = lap()
        var stored = 0
        for chunk in rows.chunked(into: Self.chunkSize) {
            try await services.database.bulkInsert(chunk.map(\.crossing))
            stored += chunk.count
            progress(.init(stage: .storing, done: stored, total: rows.count))
        }
        let storing = lap()
        progress(.init(stage: .presence, done: 0, total: 1))
        try await services.rebuildPresence()
        progress(.init(stage: .presence, done: 1, total: 1))
        return Summary(stored: stored, reading: reading, checking: checking, storing: storing, presence: lap())
    }

    // MARK: - Reading lines

    /// A line's fields by name, or the error that made it unreadable.
    struct Entry {
        var line: Int
        var fields: Line
    }

    static func lines(
        _ data: Data, format: Format, fail: (Int, String?, String) -> Void
    ) -> [Entry] {
        var result: [Entry] = []
        var columns: [String]?
        var lineNumber = 0
        let decoder = JSONDecoder()
        for raw in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            var bytes = raw
            if bytes.last == UInt8(ascii: "\r") { bytes = bytes.dropLast() }
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            guard bytes.count <= maximumLineBytes else {
                fail(lineNumber, nil, "the line is longer than 16 KiB")
                continue
            }
            switch format {
            case .jsonl:
                do {
                    result.append(Entry(line: lineNumber, fields: try decoder.decode(Line.self, from: Data(bytes))))
                } catch let error as DecodingError {
                    let reported = AlertImportCheck.lineError(error, line: lineNumber)
                    fail(lineNumber, reported.field, reported.detail)
                } catch {
                    fail(lineNumber, nil, "not a JSON object")
                }
            case .csv:
                let fields = String(decoding: bytes, as: UTF8.self).split(separator: ",", omittingEmptySubsequences: false)
                    .map { $0.trimmingCharacters(in: .whitespaces) }
                guard let names = columns else {
                    var named: [String] = []
                    for field in fields {
                        guard let name = csvColumns[field.lowercased().replacingOccurrences(of: "_", with: "")] else {
                            fail(lineNumber, field, "unknown column")
                            return result
                        }
                        named.append(name)
                    }
                    columns = named
                    continue
                }
                guard fields.count == names.count else {
                    fail(lineNumber, nil, "has \(fields.count) fields, the header \(names.count)")
                    continue
                }
                var line = Line()
                for (name, value) in zip(names, fields) where !value.isEmpty {
                    switch name {
                    case "id": line.id = value
                    case "personId": line.personId = value
                    case "documentId": line.documentId = value
                    case "pointCode": line.pointCode = value
                    case "direction": line.direction = value
                    case "occurredAt": line.occurredAt = value
                    case "officerId": line.officerId = value
                    case "agencyId": line.agencyId = value
                    case "decision": line.decision = value
                    default: line.refusalReasons = value.split(separator: ";").map(String.init)
                    }
                }
                result.append(Entry(line: lineNumber, fields: line))
            }
        }
        return result
    }

    /// CSV columns, in JSON or snake_case spelling; `refusal_reasons` separated by `;`.
    static let csvColumns: [String: String] = [
        "id": "id", "personid": "personId", "documentid": "documentId", "pointcode": "pointCode",
        "direction": "direction", "occurredat": "occurredAt", "officerid": "officerId", "agencyid": "agencyId",
        "decision": "decision", "refusalreasons": "refusalReasons",
    ]

    // MARK: - Checking a line

    static func crossing(
        _ line: Line, points: Set<String>, reasons: Set<String>, now: Date, source: String
    ) -> Result<Crossing, ServiceError> {
        func uuid(_ value: String?, _ field: String, required: Bool = true) -> Result<UUID?, ServiceError> {
            guard let value else { return required ? .failure(.invalid(field, "is required")) : .success(nil) }
            guard value.utf8.count == 36, let id = UUID(uuidString: value) else {
                return .failure(.invalid(field, "must be a UUID"))
            }
            return .success(id)
        }
        do {
            let id = try uuid(line.id, "id", required: false).get()
            guard let personId = try uuid(line.personId, "personId").get(),
                let officerId = try uuid(line.officerId, "officerId").get(),
                let agencyId = try uuid(line.agencyId, "agencyId").get()
            else { return .failure(.invalid("personId", "is required")) }
            let documentId = try uuid(line.documentId, "documentId", required: false).get()
            guard let point = line.pointCode else { return .failure(.invalid("pointCode", "is required")) }
            guard points.contains(point) else { return .failure(.invalid("pointCode", "unknown crossing point")) }
            guard let direction = line.direction.flatMap(Crossing.Direction.init(rawValue:)) else {
                return .failure(.invalid("direction", "must be entry or exit"))
            }
            guard let decision = line.decision.flatMap(Crossing.Decision.init(rawValue:)) else {
                return .failure(.invalid("decision", "must be admitted or refused"))
            }
            guard let text = line.occurredAt else { return .failure(.invalid("occurredAt", "is required")) }
            guard let occurredAt = AlertImportCheck.parseTimestamp(text) else {
                return .failure(.invalid("occurredAt", "must be an ISO 8601 UTC timestamp such as 2026-05-01T10:15:00Z"))
            }
            guard occurredAt <= now.addingTimeInterval(300) else {
                return .failure(.invalid("occurredAt", "is in the future"))
            }
            let codes = line.refusalReasons ?? []
            switch decision {
            case .admitted where !codes.isEmpty:
                return .failure(.invalid("refusalReasons", "must be empty when the decision is admitted"))
            case .refused where codes.isEmpty:
                return .failure(.invalid("refusalReasons", "a refusal needs at least one reason code"))
            default:
                if let index = codes.firstIndex(where: { !reasons.contains($0) }) {
                    return .failure(.invalid("refusalReasons[\(index)]", "unknown reason code; use A–I or U1–U5"))
                }
            }
            return .success(Crossing(
                id: id ?? .timeOrdered(at: occurredAt), personId: personId, documentId: documentId, pointCode: point,
                direction: direction, occurredAt: occurredAt, officerId: officerId, agencyId: agencyId,
                decision: decision, refusalReasons: codes, recordedAt: now,
                backdateReason: "bulk import from \(source)"
            ))
        } catch {
            return .failure(error)
        }
    }
}

extension Crossing {
    var optionalPersonId: UUID? { personId }
    var optionalOfficerId: UUID? { officerId }
    var optionalAgencyId: UUID? { agencyId }
}
