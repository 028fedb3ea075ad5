import Foundation
import Store

/// `kordon import crossings`: historical crossings or a partner's backlog, loaded in bulk (issue 15).
///
/// Every line is checked first (fields, crossing points, reason codes, ids not repeated nor already stored,
/// and that the persons, documents, officers and agencies it names exist); any bad line is reported with its
/// number and field and nothing is stored. Then all rows go in one transaction (PostgreSQL `COPY`, SQLite
/// multi-row inserts of bound values) together with who of the persons named is in the country and their stay
/// outlooks, computed from the rows in memory while the database stores them (`PresenceKeeper.BulkLoad`), so the
/// load is stored whole or not at all. Rows left pending (an authorisation that cannot be read, a person someone
/// recorded a crossing of meanwhile) are computed after it, in short transactions (`PresenceKeeper.completePending`).
///
/// On SQLite the transaction holds the database's write lock while it stores (readers go on, WAL): about
/// a minute for a million rows, so a large backlog belongs off-peak or on PostgreSQL.
public struct CrossingImport: Sendable {
    /// The most bad lines reported (a 10 GB file of bad lines is not echoed back whole); beyond it, `truncated`.
    public static let maximumErrors = 1_000

    let services: KordonServices

    public init(services: KordonServices) {
        self.services = services
    }

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
        /// Inserting the rows.
        public var storing: Double
        /// Who is in the country and the stay outlooks of those present: what is left after the rows are in
        /// (computed beside the storing, written in its transaction; rows left pending after it).
        public var presence: Double

        /// One line for people: the count, each stage, the storing rate and the whole import's.
        public var report: String {
            let total = reading + checking + storing + presence
            return String(
                format: "Imported %d crossings in %.1f s (%.0f /s): read %.1f s, checked %.1f s, stored %.1f s "
                    + "(%.0f /s), presence %.1f s.",
                stored, total, Double(stored) / max(total, 1e-9), reading, checking, storing,
                Double(stored) / max(storing, 1e-9), presence
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
            return Self.seconds(elapsed)
        }
        let now = services.clock()
        let points = Set(try await services.crossingPoints().map(\.code))
        let reasons = Set(services.reference.refusalReasons.map(\.code))
        var errors = LineErrors()
        var rows: [(line: Int, crossing: Crossing)] = []
        rows.reserveCapacity(data.count / 150)
        let backdateReason = "bulk import from \(source)"
        var firstLineOfId: [UUID: Int] = [:]
        var lineCount = 0
        Self.readLines(data, format: format, fail: { line, field, detail in errors.fail(line, field, detail) }) {
            entry in
            lineCount += 1
            switch Self.crossing(entry.fields, points: points, reasons: reasons, now: now, backdateReason: backdateReason) {
            case .success(let crossing):
                // An id given twice would fail the insert after the check; say which lines instead.
                if entry.fields.id != nil {
                    if let first = firstLineOfId[crossing.id] {
                        errors.fail(entry.line, "id", "repeats the id of line \(first)")
                        return
                    }
                    firstLineOfId[crossing.id] = entry.line
                }
                rows.append((entry.line, crossing))
            case .failure(let error): errors.fail(entry.line, error.field, error.detail)
            }
        } bytesRead: { bytes in
            progress(.init(stage: .reading, done: bytes, total: data.count))
        }
        progress(.init(stage: .reading, done: data.count, total: data.count))
        if lineCount == 0 && errors.isEmpty { errors.fail(1, nil, "the file holds no crossings") }
        let reading = lap()

        // What the rows name must exist and the ids they give must be new; a file with bad lines stores
        // nothing, and one pass reports all of them. (Checked beside the storing instead, on the pool's
        // connections, this and the persons' read below took 8–9 s instead of 1–2 and slowed the `COPY` by a
        // quarter: on two cores the `COPY`'s backend needs one of them to itself.)
        errors.append(try await Self.referenceErrors(rows, givenIds: firstLineOfId, in: services.database, progress: progress))
        if !errors.isEmpty { throw errors.failure }
        let checking = lap()

        let crossings = rows.map(\.crossing)
        let database = services.database
        let keeper = services.presence
        try await CrossingRepository.makeMonths(for: crossings, on: database)
        let stored = try await database.bulkTransaction { session in
            // What the persons had stored before the rows go in; their presence is computed from it and the rows
            // in memory on the imports' thread while the database takes the rows, then written after them.
            let load = try await keeper.bulkLoad(crossings, in: session.repositories, now: now)
            async let computing = ImportWork.run { load.compute() }
            try await CrossingRepository.bulkInsert(crossings, in: session) { count in
                progress(.init(stage: .storing, done: count, total: crossings.count))
            }
            let stored = ContinuousClock.now
            let outcome = await computing
            progress(.init(stage: .presence, done: 0, total: 1))
            try await keeper.store(outcome, of: load, in: session.repositories)
            progress(.init(stage: .presence, done: 1, total: 1))
            return stored
        }
        let storing = Self.seconds(stored - mark)
        mark = stored
        try await services.presence.completePending(database: services.database, now: now)
        return Summary(stored: crossings.count, reading: reading, checking: checking, storing: storing, presence: lap())
    }

    /// The bad lines that name what is not stored (persons, documents, officers, agencies: one `IN` list per 500
    /// distinct ids) or give a crossing id that is.
    static func referenceErrors(
        _ rows: [(line: Int, crossing: Crossing)], givenIds: [UUID: Int], in database: KordonDatabase,
        progress: @Sendable (Progress) -> Void
    ) async throws -> LineErrors {
        var errors = LineErrors()
        let checks: [(String, String, KeyPath<Crossing, UUID?>)] = [
            ("person", "personId", \.optionalPersonId), ("travel_document", "documentId", \.documentId),
            ("officer", "officerId", \.optionalOfficerId), ("agency", "agencyId", \.optionalAgencyId),
        ]
        for (position, (table, field, path)) in checks.enumerated() {
            let wanted = Set(rows.compactMap { $0.crossing[keyPath: path] })
            let found = try await database.existingIds(wanted, in: table)
            if found.count < wanted.count {
                for row in rows where row.crossing[keyPath: path].map({ !found.contains($0) }) ?? false {
                    errors.fail(row.line, field, "no \(table.replacingOccurrences(of: "_", with: " ")) with this id")
                }
            }
            progress(.init(stage: .checking, done: position + 1, total: checks.count + 1))
        }
        for id in try await database.existingIds(Set(givenIds.keys), in: "crossing") {
            if let line = givenIds[id] { errors.fail(line, "id", "a crossing with this id is already stored") }
        }
        progress(.init(stage: .checking, done: checks.count + 1, total: checks.count + 1))
        return errors
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// The bad lines found so far, the first ``maximumErrors`` of them.
    struct LineErrors {
        var errors: [AlertImportError.LineError] = []
        var truncated = false

        var isEmpty: Bool { errors.isEmpty }

        /// Adds `other`'s errors, within the bound.
        mutating func append(_ other: LineErrors) {
            for error in other.errors { fail(error.line, error.field, error.detail) }
            truncated = truncated || other.truncated
        }

        mutating func fail(_ line: Int, _ field: String?, _ detail: String) {
            if errors.count < CrossingImport.maximumErrors {
                errors.append(.init(line: line, field: field, detail: detail))
            } else {
                truncated = true
            }
        }

        /// Sorted by line, the order a person fixes a file in.
        var failure: Failure {
            Failure(errors: errors.sorted { $0.line < $1.line }, truncated: truncated)
        }
    }

    // MARK: - Checking a line

    static func crossing(
        _ line: Line, points: Set<String>, reasons: Set<String>, now: Date, backdateReason: String
    ) -> Result<Crossing, ServiceError> {
        func uuid(_ value: String?, _ field: String, required: Bool = true) -> Result<UUID?, ServiceError> {
            guard let value else { return required ? .failure(.invalid(field, "is required")) : .success(nil) }
            guard let id = UUIDText.parse(value) else {
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
                decision: decision, refusalReasons: codes, recordedAt: now, backdateReason: backdateReason
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
