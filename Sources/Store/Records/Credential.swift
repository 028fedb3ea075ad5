import Foundation

/// What an API token is, without its secret: what an officer and his administrator may list.
public struct Credential: Codable, Hashable, Sendable {
    public var id: UUID
    public var officerId: UUID
    public var label: String
    public var createdAt: Date
    /// Nil only for tokens issued before expiry existed.
    public var expiresAt: Date?
    /// Coarse (updated at most every few minutes).
    public var lastUsedAt: Date?
    public var revokedAt: Date?
    /// The officer who issued it; nil when its owner took it himself (enrolment, `/v1/me/tokens`) or the
    /// server's operator made it on the command line.
    public var issuedBy: UUID?

    public init(
        id: UUID, officerId: UUID, label: String, createdAt: Date, expiresAt: Date?, lastUsedAt: Date?,
        revokedAt: Date?, issuedBy: UUID?
    ) {
        self.id = id
        self.officerId = officerId
        self.label = label
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
        self.issuedBy = issuedBy
    }
}

/// Who a valid credential belongs to: the officer, his agency, and which credential it was.
public struct Bearer: Sendable, Hashable {
    public var officer: Officer
    public var agency: Agency
    /// `token:<uuid>` or `session:<first 16 hex of the id's hash>`: what the audit trail records.
    public var credentialId: String
    /// A console session's CSRF value.
    public var csrf: String?
}
