import Foundation
import SQLKit

/// Border checks, hit resolutions, stay authorisations and the visa-free list.
public struct BorderCheckRepository: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) { self.db = db }

    public func insert(_ check: BorderCheck) async throws {
        try await insert([check])
    }

    /// Inserts checks with one statement per 1,000 (17 binds a row stay below both engines' limits).
    public func insert(_ checks: [BorderCheck]) async throws {
        for chunk in checks.chunked(into: 1_000) {
            let insert = db.insert(into: "border_check").columns(
                "id", "point_code", "direction", "officer_id", "agency_id", "person_id", "document_id", "surname",
                "given_names", "nationality", "document_number", "mrz_valid", "recommendation", "status", "hit_count",
                "result", "created_at"
            )
            for check in chunk {
                insert.values(
                    SQLBind(check.id), SQLBind(check.pointCode), SQLBind(check.direction.rawValue),
                    SQLBind(check.officerId), SQLBind(check.agencyId), SQLBind(check.personId),
                    SQLBind(check.documentId), SQLBind(check.surname), SQLBind(check.givenNames),
                    SQLBind(check.nationality), SQLBind(check.documentNumber), SQLBind(check.mrzValid),
                    SQLBind(check.recommendation.rawValue), SQLBind(check.status.rawValue), SQLBind(check.hitCount),
                    SQLBind(check.result), SQLBind(check.createdAt)
                )
            }
            try await insert.run()
        }
    }

    /// The check with this id; `forUpdate` locks its row until the transaction ends (PostgreSQL: two
    /// servers deciding one check take turns; SQLite's dialect drops the clause, `BEGIN IMMEDIATE` already
    /// holds the write lock).
    public func find(id: UUID, forUpdate: Bool = false) async throws -> BorderCheck? {
        let select = db.select().column("*").from("border_check").where("id", .equal, SQLBind(id))
        if forUpdate { select.for(.update) }
        return try await select.first().map(Self.decode)
    }

    /// Referred checks waiting at a point, oldest first: the second-line queue.
    public func queue(pointCode: String?, agencyId: UUID, limit: Int = 200) async throws -> [BorderCheck] {
        let select = db.select().column("*").from("border_check").where("status", .equal, SQLBind("referred"))
            .where("agency_id", .equal, SQLBind(agencyId))
        if let pointCode { select.where("point_code", .equal, SQLBind(pointCode)) }
        return try await select.orderBy("created_at", .ascending).limit(limit).all().map(Self.decode)
    }

    /// A person's checks, newest first.
    public func checks(personId: UUID, limit: Int = 50) async throws -> [BorderCheck] {
        try await db.select().column("*").from("border_check").where("person_id", .equal, SQLBind(personId))
            .orderBy("created_at", .descending).limit(limit).all().map(Self.decode)
    }

    public func markReferred(id: UUID) async throws {
        try await db.update("border_check").set("status", to: SQLBind("referred")).where("id", .equal, SQLBind(id))
            .where("status", .equal, SQLBind("open")).run()
    }

    /// Sets (or, with `officer` nil, clears) who works on a check. The caller has locked the row and decided
    /// whether the change is allowed.
    public func setTaken(id: UUID, by officer: UUID?, at now: Date?) async throws {
        try await db.update("border_check").set("taken_by", to: SQLBind(officer)).set("taken_at", to: SQLBind(now))
            .where("id", .equal, SQLBind(id)).run()
    }

    public func recordDecision(
        id: UUID, decision: String, note: String?, sha256: String, by officer: UUID, at now: Date, personId: UUID,
        documentId: UUID?, crossingId: UUID
    ) async throws {
        try await db.update("border_check")
            .set("status", to: SQLBind("decided")).set("decision", to: SQLBind(decision))
            .set("decision_note", to: SQLBind(note)).set("decision_sha256", to: SQLBind(sha256))
            .set("decided_by", to: SQLBind(officer)).set("decided_at", to: SQLBind(now))
            .set("person_id", to: SQLBind(personId)).set("document_id", to: SQLBind(documentId))
            .set("crossing_id", to: SQLBind(crossingId))
            .where("id", .equal, SQLBind(id)).run()
    }

    static func decode(_ row: any SQLRow) throws -> BorderCheck {
        var check = BorderCheck(
            id: try row.decode(column: "id", as: UUID.self),
            pointCode: try row.decode(column: "point_code", as: String.self),
            direction: Crossing.Direction(rawValue: try row.decode(column: "direction", as: String.self)) ?? .entry,
            officerId: try row.decode(column: "officer_id", as: UUID.self),
            agencyId: try row.decode(column: "agency_id", as: UUID.self),
            personId: try row.decode(column: "person_id", as: UUID?.self),
            documentId: try row.decode(column: "document_id", as: UUID?.self),
            surname: try row.decode(column: "surname", as: String?.self),
            givenNames: try row.decode(column: "given_names", as: String?.self),
            nationality: try row.decode(column: "nationality", as: String?.self),
            documentNumber: try row.decode(column: "document_number", as: String?.self),
            mrzValid: try row.decode(column: "mrz_valid", as: Bool.self),
            recommendation: BorderCheck.Recommendation(rawValue: try row.decode(column: "recommendation", as: String.self)) ?? .refer,
            status: BorderCheck.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .open,
            hitCount: try row.decode(column: "hit_count", as: Int.self),
            result: try row.decode(column: "result", as: String.self),
            createdAt: try row.decode(column: "created_at", as: Date.self)
        )
        check.decidedAt = try row.decode(column: "decided_at", as: Date?.self)
        check.decidedBy = try row.decode(column: "decided_by", as: UUID?.self)
        check.decision = try row.decode(column: "decision", as: String?.self)
        check.decisionNote = try row.decode(column: "decision_note", as: String?.self)
        check.decisionSHA256 = try row.decode(column: "decision_sha256", as: String?.self)
        check.crossingId = try row.decode(column: "crossing_id", as: UUID?.self)
        check.takenBy = try row.decode(column: "taken_by", as: UUID?.self)
        check.takenAt = try row.decode(column: "taken_at", as: Date?.self)
        return check
    }

    // MARK: - Hit resolutions

    public func resolveHit(checkId: UUID, alertId: String, resolution: String, officer: UUID, note: String, at now: Date)
        async throws
    {
        try await db.insert(into: "check_hit_resolution")
            .columns("check_id", "alert_id", "resolution", "officer_id", "note", "resolved_at")
            .values(SQLBind(checkId), SQLBind(alertId), SQLBind(resolution), SQLBind(officer), SQLBind(note), SQLBind(now))
            .onConflict(with: ["check_id", "alert_id"]) { $0.set(excludedValueOf: "resolution").set(excludedValueOf: "officer_id").set(excludedValueOf: "note").set(excludedValueOf: "resolved_at") }
            .run()
    }

    /// alert id → resolution, for one check.
    public func resolutions(checkId: UUID) async throws -> [String: String] {
        var result: [String: String] = [:]
        for row in try await db.select().columns("alert_id", "resolution").from("check_hit_resolution")
            .where("check_id", .equal, SQLBind(checkId)).all()
        {
            result[try row.decode(column: "alert_id", as: String.self)] = try row.decode(column: "resolution", as: String.self)
        }
        return result
    }

    // MARK: - Authorisations

    public func insert(_ authorisations: [AuthorisationRecord]) async throws {
        for chunk in authorisations.chunked(into: 500) {
            let insert = db.insert(into: "authorisation").columns(
                "id", "person_id", "kind", "valid_from", "valid_until", "details", "issued_by_agency", "created_at"
            )
            for a in chunk {
                insert.values(
                    SQLBind(a.id), SQLBind(a.personId), SQLBind(a.kind), SQLBind(a.validFrom), SQLBind(a.validUntil),
                    SQLBind(a.details), SQLBind(a.issuedByAgency), SQLBind(a.createdAt)
                )
            }
            try await insert.run()
        }
    }

    public func authorisations(personId: UUID) async throws -> [AuthorisationRecord] {
        try await PreparedRead.rows(of: AuthorisationsStatement(personId: personId), on: db).map(Self.decodeAuthorisation)
    }

    /// Authorisations of many persons at once (batched `IN` lists).
    public func authorisations(personIds: [UUID]) async throws -> [UUID: [AuthorisationRecord]] {
        var result: [UUID: [AuthorisationRecord]] = [:]
        for chunk in personIds.chunked(into: 500) {
            let records = try await db.select().column("*").from("authorisation")
                .where("person_id", .in, SQLBind.group(Array(chunk)))
                .orderBy("valid_from").all().map(Self.decodeAuthorisation)
            for record in records { result[record.personId, default: []].append(record) }
        }
        return result
    }

    static func decodeAuthorisation(_ row: any SQLRow) throws -> AuthorisationRecord {
        AuthorisationRecord(
            id: try row.decode(column: "id", as: UUID.self),
            personId: try row.decode(column: "person_id", as: UUID.self),
            kind: try row.decode(column: "kind", as: String.self),
            validFrom: try row.decode(column: "valid_from", as: String.self),
            validUntil: try row.decode(column: "valid_until", as: String?.self),
            details: try row.decode(column: "details", as: String.self),
            issuedByAgency: try row.decode(column: "issued_by_agency", as: UUID.self),
            createdAt: try row.decode(column: "created_at", as: Date.self)
        )
    }

    // MARK: - Visa-free list

    /// Seeds the list when empty; afterwards it is the administrators' to edit.
    public func seedVisaFree(_ entries: [(code: String, maxDays: Int, note: String)], at now: Date) async throws {
        let existing = try await db.raw("SELECT COUNT(*) AS n FROM visa_free_nationality").first()
        guard try (existing?.decode(column: "n", as: Int.self) ?? 0) == 0, !entries.isEmpty else { return }
        let insert = db.insert(into: "visa_free_nationality").columns("nationality", "max_days", "note", "updated_at")
        for entry in entries {
            insert.values(SQLBind(entry.code), SQLBind(entry.maxDays), SQLBind(entry.note), SQLBind(now))
        }
        try await insert.ignoringConflicts(with: ["nationality"]).run()
    }

    public func visaFreeNationalities() async throws -> Set<String> {
        Set(try await db.select().column("nationality").from("visa_free_nationality").all()
            .map { try $0.decode(column: "nationality", as: String.self) })
    }
}
