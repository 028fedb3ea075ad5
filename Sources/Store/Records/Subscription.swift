import Foundation

/// An agency's standing request to be told of events (issue 12 item 1), and where its delivery stands.
///
/// Deliveries obey the need-to-know of `role` in the subscribing agency: an event the role may not
/// read is never sent, and a field it may not read is absent from the payload.
public struct Subscription: Codable, Hashable, Sendable {
    public var id: UUID
    public var agencyId: UUID
    /// The role whose grants filter and redact the deliveries (within the agency's ceiling).
    public var role: Role
    /// Event types, e.g. `crossing.recorded`.
    public var eventTypes: [String]
    /// Only events at these crossing points (events that name a point); empty: any point.
    public var pointCodes: [String]
    /// Only alert events of these categories (events that name a category); empty: any.
    public var alertCategories: [String]
    /// Only events about persons on the agency's own list (its alerts, its register records). A grant whose
    /// scope is `own_list` narrows deliveries so whatever this says.
    public var ownList: Bool
    /// The webhook URL deliveries are POSTed to.
    public var url: String
    public var status: Status
    /// The administrator who made it (nil when made on the server's command line).
    public var createdBy: UUID?
    public var createdAt: Date
    public var revokedAt: Date?
    public var delivery: DeliveryState

    public enum Status: String, Codable, Hashable, Sendable, CaseIterable {
        case active
        case revoked
    }

    public init(
        id: UUID = .timeOrdered(), agencyId: UUID, role: Role, eventTypes: [String], pointCodes: [String] = [],
        alertCategories: [String] = [], ownList: Bool = false, url: String, status: Status = .active, createdBy: UUID?, createdAt: Date,
        revokedAt: Date? = nil, delivery: DeliveryState = .init()
    ) {
        self.id = id
        self.agencyId = agencyId
        self.role = role
        self.eventTypes = eventTypes
        self.pointCodes = pointCodes
        self.alertCategories = alertCategories
        self.ownList = ownList
        self.url = url
        self.status = status
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.revokedAt = revokedAt
        self.delivery = delivery
    }
}

/// Where a subscription's delivery stands: what administrators and `/metrics` see.
public struct DeliveryState: Codable, Hashable, Sendable {
    /// The outbox position delivered, or passed over because nothing there was for this subscriber.
    public var cursorSeq: Int64
    /// The last outbox position actually delivered.
    public var lastDeliveredSeq: Int64
    public var deliveredCount: Int64
    /// Failures since the last success: 0 when healthy.
    public var failureCount: Int64
    /// What the last failure was (status code, timeout, refused connection); never a payload.
    public var lastError: String?
    public var lastAttemptAt: Date?
    public var lastDeliveredAt: Date?

    public init(
        cursorSeq: Int64 = 0, lastDeliveredSeq: Int64 = 0, deliveredCount: Int64 = 0, failureCount: Int64 = 0,
        lastError: String? = nil, lastAttemptAt: Date? = nil, lastDeliveredAt: Date? = nil
    ) {
        self.cursorSeq = cursorSeq
        self.lastDeliveredSeq = lastDeliveredSeq
        self.deliveredCount = deliveredCount
        self.failureCount = failureCount
        self.lastError = lastError
        self.lastAttemptAt = lastAttemptAt
        self.lastDeliveredAt = lastDeliveredAt
    }
}
