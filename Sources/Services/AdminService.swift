import Crypto
import Foundation
import Store

/// Agencies, officers and their credentials, administered within a ceiling (issue 10 items 1–2).
///
/// - The installation's operator (created on the server, `kordon admin create-operator`) admits
///   agencies and appoints their administrators and auditors.
/// - An agency's administrator appoints and deactivates his own agency's officers, only in the roles
///   his agency kind's ceiling allows (`AccessPolicy.ceilings`); never administrators or auditors.
/// - Nobody obtains a credential that acts as another officer: an officer takes his token himself,
///   with a one-time enrolment code; the code's issuer is recorded on the token and shown to the officer.
/// - Tokens expire (`tokenLifetime`, default 90 days), are listed without their secret, and revoked.
public struct AdminService: Sendable {
    let database: KordonDatabase
    let clock: Clock
    let policy: AccessPolicy
    /// How long a new API token is valid.
    public let tokenLifetime: TimeInterval
    /// How long an enrolment code may wait to be used.
    public let enrolmentLifetime: TimeInterval
    /// A console session ends after this long without a request…
    public let sessionIdle: TimeInterval
    /// …and after this long in any case.
    public let sessionAbsolute: TimeInterval

    public init(
        database: KordonDatabase, clock: @escaping Clock, policy: AccessPolicy = .shipped,
        tokenLifetime: TimeInterval = 90 * 86_400, enrolmentLifetime: TimeInterval = 72 * 3_600,
        sessionIdle: TimeInterval = 30 * 60, sessionAbsolute: TimeInterval = 12 * 3_600
    ) {
        self.database = database
        self.clock = clock
        self.policy = policy
        self.tokenLifetime = tokenLifetime
        self.enrolmentLifetime = enrolmentLifetime
        self.sessionIdle = sessionIdle
        self.sessionAbsolute = sessionAbsolute
    }

    /// A newly issued token: the secret is in this value only, never stored.
    public struct IssuedToken: Sendable, Codable {
        public let officer: Officer
        /// `kdn_` followed by 43 base64url characters (256 random bits).
        public let token: String
        public var tokenId: UUID? = nil
        public var expiresAt: Date? = nil
    }

    /// A new officer's (or a re-enrolled officer's) one-time code: he exchanges it for his own token at
    /// `POST /v1/enrolment`. The code is shown once; only its hash is stored.
    public struct Enrolment: Sendable, Codable {
        public let officer: Officer
        public let enrolmentCode: String
        public let expiresAt: Date
    }

    /// Input for a new agency.
    public struct NewAgency: Codable, Sendable {
        public var code: String
        public var name: String
        public var country: String
        public var kind: Agency.Kind

        public init(code: String, name: String, country: String, kind: Agency.Kind) {
            self.code = code
            self.name = name
            self.country = country
            self.kind = kind
        }
    }

    // MARK: - Agencies

    /// Admits an agency. Through the API only the operator may (`context`); the server's command line
    /// passes nil and is recorded as `cli`.
    public func createAgency(_ input: NewAgency, context: AccessContext? = nil) async throws -> Agency {
        if let context { try context.authorize(.create, .agency) }
        let code = try Validate.name(input.code, field: "code", max: 40)
        guard code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw ServiceError.invalid("code", "may contain only letters, digits, '-' and '_'")
        }
        if context != nil && input.kind == .installation {
            throw ServiceError.invalid("kind", "the installation's own agency is made on the server only")
        }
        let now = clock()
        let agency = Agency(
            code: code, name: try Validate.name(input.name, field: "name"),
            country: try Validate.countryCode(input.country, field: "country"), kind: input.kind, createdAt: now
        )
        return try await database.transaction { (repositories: Repositories) in
            if try await repositories.agencies.find(code: agency.code) != nil {
                throw ServiceError(.conflict, field: "code", "an agency with this code exists")
            }
            try await repositories.agencies.insert(agency)
            try await repositories.audit.append(
                [Self.record(context, "agency.create", "agency", ids: [agency.id.uuidString], subject: "agency:\(agency.id)")],
                at: now
            )
            return agency
        }
    }

    public func agencies() async throws -> [Agency] {
        try await database.repositories.agencies.all()
    }

    // MARK: - Officers

    /// On the server only (command line, demo, tests): an officer and his first token, recorded as `cli`.
    public func createOfficer(agencyId: UUID, name: String, role: Role, tokenLabel: String = "initial") async throws
        -> IssuedToken
    {
        let officer = Officer(
            agencyId: agencyId, name: try Validate.name(name, field: "name"), role: role, createdAt: clock()
        )
        let token = Self.newToken()
        let now = clock()
        let tokenId = UUID()
        let expiresAt = now.addingTimeInterval(tokenLifetime)
        try await database.transaction { (repositories: Repositories) in
            guard try await repositories.agencies.find(id: agencyId) != nil else {
                throw ServiceError(.notFound, field: "agencyId", "no agency with this id")
            }
            try await repositories.agencies.insert(officer)
            try await repositories.agencies.insertToken(
                id: tokenId, officerId: officer.id, sha256: Self.hash(token), label: tokenLabel, at: now,
                expiresAt: expiresAt, issuedBy: nil
            )
            try await repositories.audit.append(
                [Self.record(nil, "officer.create", "officer", ids: [officer.id.uuidString], subject: "officer:\(officer.id)")],
                at: now
            )
        }
        return IssuedToken(officer: officer, token: token, tokenId: tokenId, expiresAt: expiresAt)
    }

    /// Appoints an officer: an agency administrator in his own agency within its ceiling, the operator
    /// administrators and auditors anywhere. The officer gets a one-time enrolment code, not a token:
    /// whoever appoints him never holds his credential.
    public func appointOfficer(_ name: String, role: Role, in agencyId: UUID, context: AccessContext) async throws
        -> Enrolment
    {
        let grant = try context.authorize(.create, .officer)
        let name = try Validate.name(name, field: "name")
        let now = clock()
        let code = Self.newToken(prefix: "kde_")
        let expiresAt = now.addingTimeInterval(enrolmentLifetime)
        let officer = Officer(agencyId: agencyId, name: name, role: role, createdAt: now)
        try await database.transaction { (repositories: Repositories) in
            let agency = try await self.agency(agencyId, in: repositories, grant: grant, context: context)
            try self.requireMayAppoint(role, in: agency, context: context)
            try await repositories.agencies.insert(officer)
            try await repositories.agencies.insertEnrolment(
                sha256: Self.hash(code), officerId: officer.id, issuedBy: context.principal.officerId, at: now,
                expiresAt: expiresAt
            )
            try await repositories.audit.append(
                [context.audit("officer.create", "officer", ids: [officer.id.uuidString], persons: [], subject: "officer:\(officer.id)")],
                at: now
            )
        }
        return Enrolment(officer: officer, enrolmentCode: code, expiresAt: expiresAt)
    }

    /// A fresh enrolment code for an officer the caller may appoint (a lost token, a new device). The
    /// token it yields names the caller as its issuer, and the officer sees that in his token list.
    public func reenrol(officerId: UUID, context: AccessContext) async throws -> Enrolment {
        let grant = try context.authorize(.enrol, .officer)
        let now = clock()
        let code = Self.newToken(prefix: "kde_")
        let expiresAt = now.addingTimeInterval(enrolmentLifetime)
        let officer = try await database.transaction { (repositories: Repositories) -> Officer in
            let officer = try await self.managedOfficer(officerId, in: repositories, grant: grant, context: context)
            try await repositories.agencies.voidEnrolments(officerId: officer.id, at: now)
            try await repositories.agencies.insertEnrolment(
                sha256: Self.hash(code), officerId: officer.id, issuedBy: context.principal.officerId, at: now,
                expiresAt: expiresAt
            )
            try await repositories.audit.append(
                [context.audit("officer.enrol", "officer", ids: [officer.id.uuidString], persons: [], subject: "officer:\(officer.id)")],
                at: now
            )
            return officer
        }
        return Enrolment(officer: officer, enrolmentCode: code, expiresAt: expiresAt)
    }

    /// Exchanges a one-time enrolment code for the officer's own token. No credential is needed: the
    /// code is the credential, used once.
    public func redeem(enrolmentCode: String, label: String) async throws -> IssuedToken {
        let label = try Validate.name(label, field: "label", max: 100)
        guard enrolmentCode.hasPrefix("kde_"), enrolmentCode.utf8.count < 200 else {
            throw ServiceError.invalid("enrolmentCode", "is not an enrolment code (kde_…)")
        }
        let now = clock()
        let token = Self.newToken()
        let tokenId = UUID()
        let expiresAt = now.addingTimeInterval(tokenLifetime)
        let officer = try await database.transaction { (repositories: Repositories) -> Officer in
            guard let (officerId, issuer) = try await repositories.agencies.redeemEnrolment(
                sha256: Self.hash(enrolmentCode), at: now
            ), let officer = try await repositories.agencies.officer(id: officerId), officer.active
            else {
                throw ServiceError(.unauthenticated, field: "enrolmentCode", "the code is unknown, used or expired; ask for a new one")
            }
            try await repositories.agencies.insertToken(
                id: tokenId, officerId: officer.id, sha256: Self.hash(token), label: label, at: now,
                expiresAt: expiresAt, issuedBy: issuer
            )
            var record = AuditRecord(
                officerId: officer.id, agencyId: officer.agencyId, requestId: nil, purpose: "administration",
                action: "credential.create", resourceType: "api_token", resourceIds: [tokenId.uuidString], personIds: []
            )
            record.credentialId = "enrolment"
            record.subject = "officer:\(officer.id)"
            try await repositories.audit.append([record], at: now)
            return officer
        }
        return IssuedToken(officer: officer, token: token, tokenId: tokenId, expiresAt: expiresAt)
    }

    public func officers(in agencyId: UUID, context: AccessContext) async throws -> [Officer] {
        let grant = try context.authorize(.read, .officer)
        let repositories = database.repositories
        _ = try await agency(agencyId, in: repositories, grant: grant, context: context)
        return try await repositories.agencies.officers(agencyId: agencyId)
    }

    /// Deactivates (or reactivates) an officer the caller may appoint: his next request gets 401.
    public func setActive(officerId: UUID, active: Bool, context: AccessContext) async throws -> Officer {
        let grant = try context.authorize(.update, .officer)
        guard officerId != context.principal.officerId else {
            throw ServiceError(.forbidden, field: "officerId", "you cannot change your own account; ask another administrator")
        }
        let now = clock()
        return try await database.transaction { (repositories: Repositories) -> Officer in
            var officer = try await self.managedOfficer(officerId, in: repositories, grant: grant, context: context)
            try await repositories.agencies.setActive(officerId: officer.id, active)
            officer.active = active
            try await repositories.audit.append(
                [context.audit(active ? "officer.activate" : "officer.deactivate", "officer", ids: [officer.id.uuidString],
                               persons: [], subject: "officer:\(officer.id)")],
                at: now
            )
            return officer
        }
    }

    // MARK: - Credentials

    /// An officer's tokens, without secrets: his own (any officer), or his officers' (administrator).
    public func credentials(of officerId: UUID, context: AccessContext) async throws -> [Credential] {
        let repositories = database.repositories
        if officerId != context.principal.officerId {
            let grant = try context.authorize(.read, .credential)
            _ = try await managedOfficer(officerId, in: repositories, grant: grant, context: context, forRead: true)
        } else {
            try context.authorize(.read, .credential)
        }
        return try await repositories.agencies.credentials(officerId: officerId)
    }

    /// Revokes a token: the officer's own, or one of his officers' (administrator). The next request with it gets 401.
    public func revoke(tokenId: UUID, context: AccessContext) async throws -> Credential {
        let grant = try context.authorize(.revoke, .credential)
        let now = clock()
        return try await database.transaction { (repositories: Repositories) -> Credential in
            guard let credential = try await repositories.agencies.credential(id: tokenId) else {
                throw ServiceError(.notFound, field: "tokenId", "no token with this id")
            }
            if credential.officerId != context.principal.officerId {
                guard grant.scope != .self else {
                    throw ServiceError(.notFound, field: "tokenId", "no token with this id")
                }
                _ = try await self.managedOfficer(credential.officerId, in: repositories, grant: grant, context: context, forRead: true)
            }
            try await repositories.agencies.revokeToken(id: tokenId, at: now)
            try await repositories.audit.append(
                [context.audit("credential.revoke", "api_token", ids: [tokenId.uuidString], persons: [],
                               subject: "officer:\(credential.officerId)")],
                at: now
            )
            return try await repositories.agencies.credential(id: tokenId) ?? credential
        }
    }

    /// Another token for the caller himself (a second device); nobody gets one for someone else.
    public func issueOwnToken(label: String, context: AccessContext) async throws -> IssuedToken {
        try context.authorize(.create, .credential)
        let label = try Validate.name(label, field: "label", max: 100)
        let now = clock()
        let token = Self.newToken()
        let tokenId = UUID()
        let expiresAt = now.addingTimeInterval(tokenLifetime)
        let officer = try await database.transaction { (repositories: Repositories) -> Officer in
            guard let officer = try await repositories.agencies.officer(id: context.principal.officerId) else {
                throw ServiceError(.unauthenticated, "your account no longer exists")
            }
            try await repositories.agencies.insertToken(
                id: tokenId, officerId: officer.id, sha256: Self.hash(token), label: label, at: now,
                expiresAt: expiresAt, issuedBy: nil
            )
            try await repositories.audit.append(
                [context.audit("credential.create", "api_token", ids: [tokenId.uuidString], persons: [], subject: "officer:\(officer.id)")],
                at: now
            )
            return officer
        }
        return IssuedToken(officer: officer, token: token, tokenId: tokenId, expiresAt: expiresAt)
    }

    // MARK: - Authentication

    /// The principal behind a bearer token, or nil when it is unknown, revoked, expired or its officer
    /// is deactivated. Compares hashes only (tokens are stored hashed).
    public func authenticate(token: String) async throws -> Principal? {
        guard token.hasPrefix("kdn_"), token.utf8.count < 200 else { return nil }
        let now = clock()
        guard let (bearer, touch) = try await database.repositories.agencies.bearer(tokenSHA256: Self.hash(token), at: now)
        else { return nil }
        // A write: in a transaction, so on SQLite it queues with the other writers (see `bearer`).
        if let touch { try await database.transaction { tx in try await tx.agencies.touchToken(id: touch, at: now) } }
        return Principal(bearer)
    }

    /// A console session opened with a valid token: a random id (its hash stored) and a CSRF value.
    public struct ConsoleSession: Sendable {
        public let id: String
        public let csrf: String
        public let principal: Principal
    }

    public func startSession(token: String) async throws -> ConsoleSession? {
        guard let principal = try await authenticate(token: token) else { return nil }
        let now = clock()
        let id = Self.newToken(prefix: "kds_")
        let csrf = Self.newToken(prefix: "")
        try await database.transaction { (repositories: Repositories) in
            try await repositories.agencies.insertSession(
                idSHA256: Self.hash(id), officerId: principal.officerId, csrf: csrf, at: now,
                expiresAt: now.addingTimeInterval(sessionAbsolute)
            )
            var record = AuditRecord(
                officerId: principal.officerId, agencyId: principal.agencyId, requestId: nil, purpose: "administration",
                action: "session.start", resourceType: "console_session", resourceIds: [String(Self.hash(id).prefix(16))],
                personIds: []
            )
            record.credentialId = principal.credentialId
            try await repositories.audit.append([record], at: now)
        }
        return ConsoleSession(id: id, csrf: csrf, principal: principal)
    }

    /// The session's officer and CSRF value, or nil when it is unknown, revoked, idle too long or too old.
    public func session(id: String) async throws -> (principal: Principal, bearer: Bearer)? {
        guard id.hasPrefix("kds_"), id.utf8.count < 200 else { return nil }
        let now = clock()
        let hash = Self.hash(id)
        guard let (bearer, touch) = try await database.repositories.agencies.bearer(
            sessionSHA256: hash, at: now, idle: sessionIdle
        ) else { return nil }
        if touch { try await database.transaction { tx in try await tx.agencies.touchSession(sessionSHA256: hash, at: now) } }
        return (Principal(bearer), bearer)
    }

    public func endSession(id: String) async throws {
        guard id.hasPrefix("kds_"), id.utf8.count < 200 else { return }
        let hash = Self.hash(id), now = clock()
        try await database.transaction { tx in try await tx.agencies.revokeSession(sessionSHA256: hash, at: now) }
    }

    // MARK: - Scope and ceiling

    /// The agency `id`, if the grant's scope reaches it.
    func agency(_ id: UUID, in repositories: Repositories, grant: AccessPolicy.Grant, context: AccessContext)
        async throws -> Agency
    {
        guard let agency = try await repositories.agencies.find(id: id) else {
            throw ServiceError(.notFound, field: "agencyId", "no agency with this id")
        }
        if grant.scope != .all && agency.id != context.principal.agencyId {
            throw ServiceError(.forbidden, field: "agencyId", "you administer your own agency's officers only")
        }
        return agency
    }

    /// An officer the caller manages: in his scope and, for changes, in a role he may appoint.
    func managedOfficer(
        _ id: UUID, in repositories: Repositories, grant: AccessPolicy.Grant, context: AccessContext,
        forRead: Bool = false
    ) async throws -> Officer {
        guard let officer = try await repositories.agencies.officer(id: id),
            grant.scope == .all || officer.agencyId == context.principal.agencyId
        else {
            throw ServiceError(.notFound, field: "officerId", "no officer with this id in your agency")
        }
        if !forRead, let agency = try await repositories.agencies.find(id: officer.agencyId) {
            try requireMayAppoint(officer.role, in: agency, context: context)
        }
        return officer
    }

    func requireMayAppoint(_ role: Role, in agency: Agency, context: AccessContext) throws(ServiceError) {
        let allowed: Bool
        switch context.principal.role {
        case .operator: allowed = policy.operatorMayAppoint(role, in: agency.kind)
        case .admin: allowed = policy.administratorMayAppoint(role, in: agency.kind)
        default: allowed = false
        }
        guard allowed else {
            let ceiling = (policy.ceilings[agency.kind] ?? []).map(\.rawValue).sorted().joined(separator: ", ")
            throw ServiceError(
                .forbidden, field: "role",
                "a \(context.principal.role.rawValue) may not appoint or manage a \(role.rawValue) in a \(agency.kind.rawValue) "
                    + "agency (its administrator's ceiling: \(ceiling.isEmpty ? "none" : ceiling); administrators and "
                    + "auditors are appointed by the installation's operator)"
            )
        }
    }

    static func record(_ context: AccessContext?, _ action: String, _ type: String, ids: [String], subject: String)
        -> AuditRecord
    {
        if let context { return context.audit(action, type, ids: ids, persons: [], subject: subject) }
        var record = AuditRecord(
            officerId: nil, agencyId: nil, requestId: nil, purpose: "administration", action: action,
            resourceType: type, resourceIds: ids, personIds: []
        )
        record.credentialId = "cli"
        record.subject = subject
        return record
    }

    /// 32 random bytes, base64url: a CSRF value, a nonce.
    public static func randomValue() -> String { newToken(prefix: "") }

    /// 32 bytes from the system's CSPRNG, base64url, after `prefix`.
    static func newToken(prefix: String = "kdn_") -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let base64 = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return prefix + base64
    }

    /// Lower-case hex SHA-256: what `api_token.token_sha256` holds.
    public static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
