import Crypto
import Foundation

/// One access to personal data: who, for which agency, why, what, which records.
///
/// Entries form a hash chain: `entryHash = SHA-256(prevHash ‖ canonicalBytes)`, so altering,
/// inserting or deleting an entry anywhere but the very end breaks every later link
/// (`AuditLog.verify`). The canonical bytes are length-prefixed fields in a fixed order, so no
/// choice of field values can make two different entries hash alike.
public struct AuditEntry: Codable, Hashable, Sendable {
    /// 1, 2, 3… with no gaps: a gap is a deleted entry.
    public var seq: Int64
    public var id: UUID
    /// UTC, milliseconds since 1970: exactly representable on both engines, so it hashes the same.
    public var occurredAtMs: Int64
    public var officerId: UUID?
    public var agencyId: UUID?
    public var requestId: String?
    /// Why the data was accessed (`X-Kordon-Purpose`, or the route's default).
    public var purpose: String
    /// e.g. `person.read`, `crossing.create`.
    public var action: String
    public var resourceType: String
    public var resourceIds: [String]
    /// The persons whose data was touched: what a data subject's access request is answered from.
    public var personIds: [UUID]
    /// The credential the request was made with: `token:<id>`, `session:<id-hash-prefix>`. Nil on
    /// entries written before it was recorded, and on acts of the system itself.
    public var credentialId: String?
    /// For administrative acts, whom the act was about (`officer:<id>`, `agency:<id>`).
    public var subject: String?
    public var prevHash: String
    public var entryHash: String

    public init(
        seq: Int64, id: UUID, occurredAtMs: Int64, officerId: UUID?, agencyId: UUID?, requestId: String?,
        purpose: String, action: String, resourceType: String, resourceIds: [String], personIds: [UUID],
        credentialId: String? = nil, subject: String? = nil, prevHash: String, entryHash: String
    ) {
        self.seq = seq
        self.id = id
        self.occurredAtMs = occurredAtMs
        self.officerId = officerId
        self.agencyId = agencyId
        self.requestId = requestId
        self.purpose = purpose
        self.action = action
        self.resourceType = resourceType
        self.resourceIds = resourceIds
        self.personIds = personIds
        self.credentialId = credentialId
        self.subject = subject
        self.prevHash = prevHash
        self.entryHash = entryHash
    }

    public var occurredAt: Date { Date(timeIntervalSince1970: Double(occurredAtMs) / 1000) }

    /// The all-zero hash that the first entry points back to.
    public static let genesisHash = HashChain.genesis

    /// The bytes hashed into the chain.
    ///
    /// Eleven fields in a fixed order, then the optional fields added later, each tagged with its name
    /// and present only when set (`credential=…`, `subject=…`): an entry that has none hashes exactly
    /// as before they existed, so the entries already on a trail keep their hashes.
    public var canonicalBytes: [UInt8] {
        var fields: [String] = [
            String(seq), id.uuidString.lowercased(), String(occurredAtMs),
            officerId?.uuidString.lowercased() ?? "", agencyId?.uuidString.lowercased() ?? "", requestId ?? "",
            purpose, action, resourceType, resourceIds.joined(separator: ","),
            personIds.map { $0.uuidString.lowercased() }.joined(separator: ","),
        ]
        if let credentialId { fields.append("credential=" + credentialId) }
        if let subject { fields.append("subject=" + subject) }
        return HashChain.canonicalBytes(fields)
    }

    /// `SHA-256(prevHash ‖ canonicalBytes)`, lower-case hex.
    public func computeHash() -> String {
        HashChain.link(prevHash, canonicalBytes)
    }
}

/// What a caller asks to record; the log assigns sequence, time and hashes.
public struct AuditRecord: Sendable {
    public var officerId: UUID?
    public var agencyId: UUID?
    public var requestId: String?
    public var purpose: String
    public var action: String
    public var resourceType: String
    public var resourceIds: [String]
    public var personIds: [UUID]
    /// The credential the request was made with (`token:<id>`, `session:<id-hash-prefix>`).
    public var credentialId: String?
    /// For administrative acts, whom the act was about (`officer:<id>`).
    public var subject: String?

    public init(
        officerId: UUID?, agencyId: UUID?, requestId: String?, purpose: String, action: String,
        resourceType: String, resourceIds: [String], personIds: [UUID], credentialId: String? = nil,
        subject: String? = nil
    ) {
        self.officerId = officerId
        self.agencyId = agencyId
        self.requestId = requestId
        self.purpose = purpose
        self.action = action
        self.resourceType = resourceType
        self.resourceIds = resourceIds
        self.personIds = personIds
        self.credentialId = credentialId
        self.subject = subject
    }
}
