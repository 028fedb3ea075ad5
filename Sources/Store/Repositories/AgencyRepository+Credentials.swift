import Foundation
import SQLKit

/// Tokens, enrolment codes and console sessions. Only SHA-256 hashes of secrets are stored.
extension AgencyRepository {
    /// Stores the SHA-256 of a token; the token itself is never stored (shown once to its owner).
    public func insertToken(
        id: UUID = UUID(), officerId: UUID, sha256: String, label: String, at now: Date, expiresAt: Date?,
        issuedBy: UUID?
    ) async throws {
        try await db.insert(into: "api_token")
            .columns("id", "officer_id", "token_sha256", "label", "created_at", "revoked_at", "expires_at", "issued_by")
            .values(
                SQLBind(id), SQLBind(officerId), SQLBind(sha256), SQLBind(label), SQLBind(now),
                SQLBind(Date?.none), SQLBind(expiresAt), SQLBind(issuedBy)
            ).run()
    }

    /// The officer and agency behind a token that is unrevoked, unexpired, and whose officer is active:
    /// one round trip (token, officer and agency joined). `touch` is the token's id when its last-used time
    /// is older than `touchInterval` (so a busy booth does not write on every request): the caller writes it
    /// with ``touchToken(id:at:interval:)`` in a transaction. Not here: on SQLite a write outside a
    /// transaction skips the queue of writers, waited in SQLite's busy handler on one of the two database
    /// threads while an import held the lock, and failed with `SQLITE_BUSY` after 30 s (issue 15).
    public func bearer(tokenSHA256: String, at now: Date, touchInterval: TimeInterval = 300) async throws
        -> (bearer: Bearer, touch: UUID?)?
    {
        let row: (any SQLRow)?
        if let rows = try await PreparedRead.rows(BearerStatement(tokenSHA256: tokenSHA256), on: db) {
            row = rows.first?.sql()
        } else {
            row = try await db.raw(
                "\(unsafeRaw: BearerStatement.select) WHERE t.token_sha256 = \(bind: tokenSHA256) AND t.revoked_at IS NULL"
            ).first()
        }
        guard let row else { return nil }
        if let expiry = try row.decode(column: "t_expires_at", as: Date?.self), expiry <= now { return nil }
        guard try row.decode(column: "o_active", as: Bool.self) else { return nil }
        let role = try row.decode(column: "o_role", as: String.self)
        guard let parsedRole = Role(rawValue: role) else {
            throw StoreError(.invalidValue, field: "officer.role", detail: "unknown role in database")
        }
        let kind = try row.decode(column: "a_kind", as: String.self)
        let officer = Officer(
            id: try row.decode(column: "o_id", as: UUID.self), agencyId: try row.decode(column: "o_agency_id", as: UUID.self),
            name: try row.decode(column: "o_name", as: String.self), role: parsedRole, active: true,
            createdAt: try row.decode(column: "o_created_at", as: Date.self)
        )
        let agency = Agency(
            id: officer.agencyId, code: try row.decode(column: "a_code", as: String.self),
            name: try row.decode(column: "a_name", as: String.self), country: try row.decode(column: "a_country", as: String.self),
            kind: Agency.Kind(rawValue: kind) ?? .other, createdAt: try row.decode(column: "a_created_at", as: Date.self)
        )
        let tokenId = try row.decode(column: "t_id", as: UUID.self)
        let lastUsed = try row.decode(column: "t_last_used_at", as: Date?.self)
        let due = lastUsed.map({ now.timeIntervalSince($0) > touchInterval }) ?? true
        return (
            Bearer(officer: officer, agency: agency, credentialId: "token:" + tokenId.uuidString.lowercased(), csrf: nil),
            due ? tokenId : nil
        )
    }

    /// Records that a token was used, at most once per `interval`: a busy booth does not write per request.
    public func touchToken(id: UUID, at now: Date, interval: TimeInterval = 300) async throws {
        try await db.update("api_token").set("last_used_at", to: SQLBind(now))
            .where("id", .equal, SQLBind(id))
            .where(group: { $0.where("last_used_at", .is, SQLLiteral.null).orWhere("last_used_at", .lessThan, SQLBind(now.addingTimeInterval(-interval))) })
            .run()
    }

    public func credentials(officerId: UUID) async throws -> [Credential] {
        try await db.select().column("*").from("api_token").where("officer_id", .equal, SQLBind(officerId))
            .orderBy("created_at", .descending).all().map(Self.decodeCredential)
    }

    public func credential(id: UUID) async throws -> Credential? {
        try await db.select().column("*").from("api_token").where("id", .equal, SQLBind(id)).first()
            .map(Self.decodeCredential)
    }

    /// Revokes a token (idempotent: the first revocation time is kept).
    public func revokeToken(id: UUID, at now: Date) async throws {
        try await db.update("api_token").set("revoked_at", to: SQLBind(now))
            .where("id", .equal, SQLBind(id)).where("revoked_at", .is, SQLLiteral.null).run()
    }

    /// Deactivates or reactivates an officer; a deactivated officer's every credential stops working at once.
    public func setActive(officerId: UUID, _ active: Bool) async throws {
        try await db.update("officer").set("active", to: SQLBind(active)).where("id", .equal, SQLBind(officerId)).run()
    }

    static func decodeCredential(_ row: any SQLRow) throws -> Credential {
        Credential(
            id: try row.decode(column: "id", as: UUID.self),
            officerId: try row.decode(column: "officer_id", as: UUID.self),
            label: try row.decode(column: "label", as: String.self),
            createdAt: try row.decode(column: "created_at", as: Date.self),
            expiresAt: try row.decode(column: "expires_at", as: Date?.self),
            lastUsedAt: try row.decode(column: "last_used_at", as: Date?.self),
            revokedAt: try row.decode(column: "revoked_at", as: Date?.self),
            issuedBy: try row.decode(column: "issued_by", as: UUID?.self)
        )
    }

    func activeOfficer(_ id: UUID) async throws -> (Officer, Agency)? {
        guard let officer = try await officer(id: id), officer.active,
            let agency = try await find(id: officer.agencyId)
        else { return nil }
        return (officer, agency)
    }

    // MARK: - Enrolment codes

    public func insertEnrolment(sha256: String, officerId: UUID, issuedBy: UUID?, at now: Date, expiresAt: Date)
        async throws
    {
        try await db.insert(into: "enrolment_code")
            .columns("code_sha256", "officer_id", "issued_by", "created_at", "expires_at", "used_at")
            .values(
                SQLBind(sha256), SQLBind(officerId), SQLBind(issuedBy), SQLBind(now), SQLBind(expiresAt),
                SQLBind(Date?.none)
            ).run()
    }

    /// Marks an unused, unexpired code used and returns its officer and issuer; nil when the code is
    /// unknown, used or expired. One statement, so two redemptions of one code cannot both succeed.
    public func redeemEnrolment(sha256: String, at now: Date) async throws -> (officerId: UUID, issuedBy: UUID?)? {
        guard let row = try await db.update("enrolment_code").set("used_at", to: SQLBind(now))
            .where("code_sha256", .equal, SQLBind(sha256)).where("used_at", .is, SQLLiteral.null)
            .where("expires_at", .greaterThan, SQLBind(now))
            .returning("officer_id", "issued_by").first()
        else { return nil }
        return (try row.decode(column: "officer_id", as: UUID.self), try row.decode(column: "issued_by", as: UUID?.self))
    }

    /// Voids an officer's unused codes (a new code replaces the old).
    public func voidEnrolments(officerId: UUID, at now: Date) async throws {
        try await db.update("enrolment_code").set("used_at", to: SQLBind(now))
            .where("officer_id", .equal, SQLBind(officerId)).where("used_at", .is, SQLLiteral.null).run()
    }

    // MARK: - Console sessions

    public func insertSession(idSHA256: String, officerId: UUID, csrf: String, at now: Date, expiresAt: Date)
        async throws
    {
        try await db.insert(into: "console_session")
            .columns("id_sha256", "officer_id", "csrf", "created_at", "last_seen_at", "expires_at", "revoked_at")
            .values(
                SQLBind(idSHA256), SQLBind(officerId), SQLBind(csrf), SQLBind(now), SQLBind(now), SQLBind(expiresAt),
                SQLBind(Date?.none)
            ).run()
    }

    /// The session's officer when it is unrevoked, within its absolute expiry, and was seen within
    /// `idle`; `touch` when its last-seen time is over a minute old (the caller writes it with
    /// ``touchSession(sessionSHA256:at:)`` in a transaction, as for tokens).
    public func bearer(sessionSHA256: String, at now: Date, idle: TimeInterval) async throws
        -> (bearer: Bearer, touch: Bool)?
    {
        guard let row = try await db.select().column("*").from("console_session")
            .where("id_sha256", .equal, SQLBind(sessionSHA256)).where("revoked_at", .is, SQLLiteral.null).first()
        else { return nil }
        let expires = try row.decode(column: "expires_at", as: Date.self)
        let lastSeen = try row.decode(column: "last_seen_at", as: Date.self)
        guard expires > now, lastSeen.addingTimeInterval(idle) > now else { return nil }
        guard let (officer, agency) = try await activeOfficer(try row.decode(column: "officer_id", as: UUID.self)) else {
            return nil
        }
        let bearer = Bearer(
            officer: officer, agency: agency, credentialId: "session:" + sessionSHA256.prefix(16),
            csrf: try row.decode(column: "csrf", as: String.self)
        )
        return (bearer, now.timeIntervalSince(lastSeen) > 60)
    }

    /// Records that a console session was seen.
    public func touchSession(sessionSHA256: String, at now: Date) async throws {
        try await db.update("console_session").set("last_seen_at", to: SQLBind(now))
            .where("id_sha256", .equal, SQLBind(sessionSHA256)).run()
    }

    public func revokeSession(sessionSHA256: String, at now: Date) async throws {
        try await db.update("console_session").set("revoked_at", to: SQLBind(now))
            .where("id_sha256", .equal, SQLBind(sessionSHA256)).where("revoked_at", .is, SQLLiteral.null).run()
    }
}
