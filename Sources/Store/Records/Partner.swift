import Foundation

/// Another Kordon installation, the neighbouring state's, exchanging records of the crossing points
/// under joint control (issue 12 item 4). Configured on the server (`kordon exchange partner add`).
public struct Partner: Codable, Hashable, Sendable {
    public var id: UUID
    /// Short name, e.g. `MD-BP`.
    public var code: String
    /// ICAO code of the partner's state: the joint points are those with this neighbour.
    public var country: String
    /// Base URL of the partner's Kordon, e.g. `https://kordon.border.md`.
    public var url: String
    /// Base64 of the partner's 32-byte Ed25519 public key: only messages it signed are accepted.
    public var publicKey: String
    public var keyId: String
    /// The local agency (kind `partner`) whose need-to-know filters what is sent to the partner.
    public var agencyId: UUID
    /// The subscription that carries our records to the partner.
    public var subscriptionId: UUID
    /// The last sender position accepted from the partner: anything at or below it is a replay.
    public var inboundSeq: Int64
    public var createdAt: Date

    public init(
        id: UUID = .timeOrdered(), code: String, country: String, url: String, publicKey: String, keyId: String,
        agencyId: UUID, subscriptionId: UUID, inboundSeq: Int64 = 0, createdAt: Date
    ) {
        self.id = id
        self.code = code
        self.country = country
        self.url = url
        self.publicKey = publicKey
        self.keyId = keyId
        self.agencyId = agencyId
        self.subscriptionId = subscriptionId
        self.inboundSeq = inboundSeq
        self.createdAt = createdAt
    }
}

/// A crossing at a joint point as the partner reported it.
public struct PartnerCrossing: Codable, Hashable, Sendable {
    public var id: UUID
    public var partnerId: UUID
    /// The position of the record in the partner's outbox.
    public var remoteSeq: Int64
    /// The partner's id of the crossing.
    public var remoteId: String
    public var pointCode: String
    public var direction: String
    public var decision: String?
    public var occurredAt: Date
    public var receivedAt: Date
    /// The traveller's document as the partner read it (number as `DocumentReference` folds it), his
    /// nationality, and the vehicle's plate: what this side links the record by. Nil in older records.
    public var documentNumber: String? = nil
    public var issuingState: String? = nil
    public var nationality: String? = nil
    public var plate: String? = nil
    /// The customs declaration the vehicle crossed under, when the partner's officer entered one.
    public var customsReference: String? = nil

    public init(
        id: UUID = .timeOrdered(), partnerId: UUID, remoteSeq: Int64, remoteId: String, pointCode: String,
        direction: String, decision: String?, occurredAt: Date, receivedAt: Date, documentNumber: String? = nil,
        issuingState: String? = nil, nationality: String? = nil, plate: String? = nil, customsReference: String? = nil
    ) {
        self.customsReference = customsReference
        self.documentNumber = documentNumber
        self.issuingState = issuingState
        self.nationality = nationality
        self.plate = plate
        self.id = id
        self.partnerId = partnerId
        self.remoteSeq = remoteSeq
        self.remoteId = remoteId
        self.pointCode = pointCode
        self.direction = direction
        self.decision = decision
        self.occurredAt = occurredAt
        self.receivedAt = receivedAt
    }
}
