import Crypto
import Foundation
import Store

/// Agencies, officers and API tokens; and authentication of a bearer token.
public struct AdminService: Sendable {
    let database: KordonDatabase
    let clock: Clock

    public init(database: KordonDatabase, clock: @escaping Clock) {
        self.database = database
        self.clock = clock
    }

    /// A newly issued token: the secret is in this value only, never stored.
    public struct IssuedToken: Sendable, Codable {
        public let officer: Officer
        /// `kdn_` followed by 43 base64url characters (256 random bits).
        public let token: String
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

    public func createAgency(_ input: NewAgency) async throws -> Agency {
        let code = try Validate.name(input.code, field: "code", max: 40)
        guard code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw ServiceError.invalid("code", "may contain only letters, digits, '-' and '_'")
        }
        let agency = Agency(
            code: code, name: try Validate.name(input.name, field: "name"),
            country: try Validate.countryCode(input.country, field: "country"), kind: input.kind, createdAt: clock()
        )
        return try await database.transaction { (repositories: Repositories) in
            if try await repositories.agencies.find(code: agency.code) != nil {
                throw ServiceError(.conflict, field: "code", "an agency with this code exists")
            }
            try await repositories.agencies.insert(agency)
            return agency
        }
    }

    public func agencies() async throws -> [Agency] {
        try await database.repositories.agencies.all()
    }

    /// Creates an officer in an agency and issues their first token.
    public func createOfficer(agencyId: UUID, name: String, role: Role, tokenLabel: String = "initial") async throws
        -> IssuedToken
    {
        let officer = Officer(
            agencyId: agencyId, name: try Validate.name(name, field: "name"), role: role, createdAt: clock()
        )
        let token = Self.newToken()
        let now = clock()
        try await database.transaction { (repositories: Repositories) in
            guard try await repositories.agencies.find(id: agencyId) != nil else {
                throw ServiceError(.notFound, field: "agencyId", "no agency with this id")
            }
            try await repositories.agencies.insert(officer)
            try await repositories.agencies.insertToken(
                officerId: officer.id, sha256: Self.hash(token), label: tokenLabel, at: now
            )
        }
        return IssuedToken(officer: officer, token: token)
    }

    /// Admin API: an officer in the caller's own agency (officers see their own agency's data only).
    public func createOfficer(_ name: String, role: Role, in agencyId: UUID, by principal: Principal) async throws
        -> IssuedToken
    {
        try Self.requireOwnAgency(agencyId, principal)
        return try await createOfficer(agencyId: agencyId, name: name, role: role)
    }

    public func officers(in agencyId: UUID, by principal: Principal) async throws -> [Officer] {
        try Self.requireOwnAgency(agencyId, principal)
        return try await database.repositories.agencies.officers(agencyId: agencyId)
    }

    /// Issues another token for an officer of the caller's agency.
    public func issueToken(officerId: UUID, label: String, by principal: Principal) async throws -> IssuedToken {
        let token = Self.newToken()
        let now = clock()
        let label = try Validate.name(label, field: "label", max: 100)
        let officer = try await database.transaction { (repositories: Repositories) -> Officer in
            guard let officer = try await repositories.agencies.officer(id: officerId),
                officer.agencyId == principal.agencyId
            else {
                throw ServiceError(.notFound, field: "officerId", "no officer with this id in your agency")
            }
            try await repositories.agencies.insertToken(
                officerId: officer.id, sha256: Self.hash(token), label: label, at: now
            )
            return officer
        }
        return IssuedToken(officer: officer, token: token)
    }

    /// The principal behind a bearer token, or nil. Compares hashes only (tokens are stored hashed).
    public func authenticate(token: String) async throws -> Principal? {
        guard token.hasPrefix("kdn_"), token.count < 200 else { return nil }
        guard let officer = try await database.repositories.agencies.officer(tokenSHA256: Self.hash(token)) else {
            return nil
        }
        return Principal(officerId: officer.id, agencyId: officer.agencyId, role: officer.role)
    }

    static func requireOwnAgency(_ agencyId: UUID, _ principal: Principal) throws(ServiceError) {
        guard principal.role == .admin else { throw ServiceError(.forbidden, "only an admin may manage officers") }
        guard agencyId == principal.agencyId else {
            throw ServiceError(.forbidden, field: "agencyId", "officers see their own agency's administrative data only")
        }
    }

    /// 32 bytes from the system's CSPRNG, base64url.
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let base64 = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return "kdn_" + base64
    }

    /// Lower-case hex SHA-256: what `api_token.token_sha256` holds.
    public static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
