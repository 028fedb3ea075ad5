import Foundation

/// One passage of the border by a person, with the officer's decision (DESIGN.md: "A border check").
public struct Crossing: Codable, Hashable, Sendable {
    public var id: UUID
    public var personId: UUID
    public var documentId: UUID?
    public var pointCode: String
    public var direction: Direction
    /// When the person crossed (UTC).
    public var occurredAt: Date
    public var officerId: UUID
    public var agencyId: UUID
    public var decision: Decision
    /// Refusal reason codes (Regulation 2016/399 Annex V Part B letters, or Ukraine's grounds).
    public var refusalReasons: [String]
    /// When the system recorded it (UTC); differs from `occurredAt` for late or synchronised records.
    public var recordedAt: Date
    /// The crossing this record corrects: a correction is a new record, never an overwrite (issue 10 item 5).
    public var correctsId: UUID?
    /// Why the record is dated outside the recent window; required then, and kept.
    public var backdateReason: String?

    public enum Direction: String, Codable, Hashable, Sendable, CaseIterable {
        case entry
        case exit
    }

    public enum Decision: String, Codable, Hashable, Sendable, CaseIterable {
        case admitted
        case refused
    }

    public init(
        id: UUID = .timeOrdered(), personId: UUID, documentId: UUID?, pointCode: String, direction: Direction,
        occurredAt: Date, officerId: UUID, agencyId: UUID, decision: Decision, refusalReasons: [String] = [],
        recordedAt: Date, correctsId: UUID? = nil, backdateReason: String? = nil
    ) {
        self.id = id
        self.personId = personId
        self.documentId = documentId
        self.pointCode = pointCode
        self.direction = direction
        self.occurredAt = occurredAt
        self.officerId = officerId
        self.agencyId = agencyId
        self.decision = decision
        self.refusalReasons = refusalReasons
        self.recordedAt = recordedAt
        self.correctsId = correctsId
        self.backdateReason = backdateReason
    }
}
