import Foundation

/// A check of a traveller at a crossing point and, once decided, the officer's decision.
public struct BorderCheck: Codable, Hashable, Sendable {
    public var id: UUID
    public var pointCode: String
    public var direction: Crossing.Direction
    public var officerId: UUID
    public var agencyId: UUID
    /// The person and document recorded for this traveller, when known at the check.
    public var personId: UUID?
    public var documentId: UUID?
    public var surname: String?
    public var givenNames: String?
    public var nationality: String?
    public var documentNumber: String?
    public var mrzValid: Bool
    public var recommendation: Recommendation
    public var status: Status
    public var hitCount: Int
    /// The full result shown to the officer (JSON), kept as it was.
    public var result: String
    public var createdAt: Date
    public var decidedAt: Date?
    public var decidedBy: UUID?
    public var decision: String?
    public var decisionNote: String?
    /// SHA-256 of the decision request: a repeat is answered with the same crossing, a different one is a conflict.
    public var decisionSHA256: String?
    public var crossingId: UUID?
    /// The second-line officer working on the check, and since when (issue 16: "take" in the queue).
    public var takenBy: UUID? = nil
    public var takenAt: Date? = nil

    public enum Recommendation: String, Codable, Hashable, Sendable {
        /// Nothing found: the first-line officer may admit.
        case clear
        /// Something needs a second-line officer.
        case refer
    }

    public enum Status: String, Codable, Hashable, Sendable {
        case open
        case referred
        case decided
    }

    public init(
        id: UUID = .timeOrdered(), pointCode: String, direction: Crossing.Direction, officerId: UUID, agencyId: UUID,
        personId: UUID?, documentId: UUID?, surname: String?, givenNames: String?, nationality: String?,
        documentNumber: String?, mrzValid: Bool, recommendation: Recommendation, status: Status, hitCount: Int,
        result: String, createdAt: Date
    ) {
        self.id = id
        self.pointCode = pointCode
        self.direction = direction
        self.officerId = officerId
        self.agencyId = agencyId
        self.personId = personId
        self.documentId = documentId
        self.surname = surname
        self.givenNames = givenNames
        self.nationality = nationality
        self.documentNumber = documentNumber
        self.mrzValid = mrzValid
        self.recommendation = recommendation
        self.status = status
        self.hitCount = hitCount
        self.result = result
        self.createdAt = createdAt
    }
}

/// A visa, residence permit or protection status of a person (StayRules' `Authorisation` as JSON).
public struct AuthorisationRecord: Codable, Hashable, Sendable {
    public var id: UUID
    public var personId: UUID
    /// `visa`, `residence_permit` or `protection`.
    public var kind: String
    public var validFrom: String
    public var validUntil: String?
    /// The StayRules `Authorisation` JSON.
    public var details: String
    public var issuedByAgency: UUID
    public var createdAt: Date

    public init(
        id: UUID = .timeOrdered(), personId: UUID, kind: String, validFrom: String, validUntil: String?, details: String,
        issuedByAgency: UUID, createdAt: Date
    ) {
        self.id = id
        self.personId = personId
        self.kind = kind
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.details = details
        self.issuedByAgency = issuedByAgency
        self.createdAt = createdAt
    }
}
