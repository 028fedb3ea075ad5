import Foundation

/// A change other agencies may care about, written to the outbox in the same transaction as the
/// change itself (DESIGN.md principles): nothing is lost when a receiver is down.
public struct Event: Codable, Hashable, Sendable {
    /// Position in the outbox; assigned by the database.
    public var seq: Int64
    public var id: UUID
    /// e.g. `crossing.recorded`.
    public var type: String
    public var aggregateType: String
    public var aggregateId: String
    public var agencyId: UUID?
    public var occurredAt: Date
    /// JSON document; identifiers and codes, the receiver fetches personal data under its own audit.
    public var payload: String
}

/// An event about to be written.
public struct NewEvent: Sendable {
    public var type: String
    public var aggregateType: String
    public var aggregateId: String
    public var agencyId: UUID?
    public var payload: [String: String]

    public init(type: String, aggregateType: String, aggregateId: String, agencyId: UUID?, payload: [String: String]) {
        self.type = type
        self.aggregateType = aggregateType
        self.aggregateId = aggregateId
        self.agencyId = agencyId
        self.payload = payload
    }
}
