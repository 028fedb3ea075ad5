import Foundation
import Store

/// Who receives a delivery: an agency, acting in a role. The policy decides what it may read.
public struct ExchangeReceiver: Sendable, Hashable {
    public let agencyId: UUID
    public let agencyKind: AgencyKind
    /// ICAO code of the agency's state: a partner reads the points under joint control with it.
    public let country: String
    public let role: Role

    public init(agencyId: UUID, agencyKind: AgencyKind, country: String, role: Role) {
        self.agencyId = agencyId
        self.agencyKind = agencyKind
        self.country = country
        self.role = role
    }

    public init(_ principal: Principal) {
        self.init(
            agencyId: principal.agencyId, agencyKind: principal.agencyKind, country: principal.agencyCountry,
            role: principal.role
        )
    }
}

/// An event as one receiver sees it: its id (receivers drop duplicates by it), its outbox position
/// (deliveries to one receiver come in this order) and the payload fields the receiver may read.
public struct DeliveredEvent: Codable, Sendable, Hashable {
    public var id: UUID
    public var seq: Int64
    public var type: String
    public var occurredAt: Date
    public var data: [String: String]

    public init(id: UUID, seq: Int64, type: String, occurredAt: Date, data: [String: String]) {
        self.id = id
        self.seq = seq
        self.type = type
        self.occurredAt = occurredAt
        self.data = data
    }
}

/// What a subscriber narrowed its subscription to; an empty set lets everything through.
public struct EventSelection: Sendable, Hashable {
    public var types: Set<String>
    public var pointCodes: Set<String>
    public var alertCategories: Set<String>
    /// Only events about persons on the receiver's agency's own list.
    public var ownList: Bool

    public init(types: Set<String> = [], pointCodes: Set<String> = [], alertCategories: Set<String> = [], ownList: Bool = false) {
        self.types = types
        self.pointCodes = pointCodes
        self.alertCategories = alertCategories
        self.ownList = ownList
    }

    public init(_ subscription: Subscription) {
        self.init(
            types: Set(subscription.eventTypes), pointCodes: Set(subscription.pointCodes),
            alertCategories: Set(subscription.alertCategories), ownList: subscription.ownList
        )
    }
}

/// Puts every event through the need-to-know policy for one receiver, the way the API does for a
/// response (issue 12 item 1; DESIGN.md "Trust": one policy for the API, the console, exports and
/// event deliveries): an event about a resource the receiver may not read, or about records outside
/// its grant's scope, is not delivered; a field its grant does not show is absent.
public struct EventFilter: Sendable {
    let policy: AccessPolicy
    /// Points under joint control, by the ICAO code of the neighbour.
    let jointPoints: [String: Set<String>]

    public init(policy: AccessPolicy, crossingPoints: [CrossingPoint]) {
        self.policy = policy
        var joint: [String: Set<String>] = [:]
        for point in crossingPoints where point.jointControl == true {
            if let neighbour = point.neighbour { joint[neighbour, default: []].insert(point.code) }
        }
        self.jointPoints = joint
    }

    /// Whether `point` is under joint control with `country`.
    public func isJoint(_ point: String, with country: String) -> Bool {
        jointPoints[country]?.contains(point) ?? false
    }

    /// Whether rendering events of `selection` for `receiver` needs his agency's list: he asked for it, or the
    /// policy lets him read one of the types only for persons on it. Callers load ``AgencyList`` only then.
    public func needsList(for receiver: ExchangeReceiver, selection: EventSelection) -> Bool {
        if selection.ownList { return true }
        let types = selection.types.isEmpty ? Set(EventCatalog.kinds.keys) : selection.types
        return types.contains { type in
            guard let kind = EventCatalog.kinds[type] else { return false }
            let subject = AccessPolicy.Subject(role: receiver.role, agencyKind: receiver.agencyKind)
            return policy.grant(subject, .read, kind.resource)?.scope == .ownList
        }
    }

    /// `event` as `receiver` may see it, or nil when it is not for him. `list` is the part of his agency's list
    /// the event's batch names (``needsList(for:selection:)``); without it, an event that needs it is withheld.
    public func render(
        _ event: Event, for receiver: ExchangeReceiver, selection: EventSelection = .init(), list: AgencyList? = nil
    ) -> DeliveredEvent? {
        guard selection.types.isEmpty || selection.types.contains(event.type),
            let kind = EventCatalog.kinds[event.type],
            let grant = policy.grant(.init(role: receiver.role, agencyKind: receiver.agencyKind), .read, kind.resource),
            let payload = try? JSONDecoder().decode([String: String].self, from: Data(event.payload.utf8))
        else { return nil }
        switch grant.scope {
        case .all: break
        case .ownAgency: guard event.agencyId == receiver.agencyId else { return nil }
        case .jointPoints:
            guard let point = payload["pointCode"], isJoint(point, with: receiver.country) else { return nil }
        case .ownList: guard list?.contains(payload) == true else { return nil }
        case .self: return nil
        }
        if selection.ownList, list?.contains(payload) != true { return nil }
        if !selection.pointCodes.isEmpty, let point = payload["pointCode"], !selection.pointCodes.contains(point) {
            return nil
        }
        if !selection.alertCategories.isEmpty, let category = payload["category"],
            !selection.alertCategories.contains(category)
        {
            return nil
        }
        let data = payload.filter { key, _ in kind.fields[key].map(grant.shows) ?? false }
        return DeliveredEvent(id: event.id, seq: event.seq, type: event.type, occurredAt: event.occurredAt, data: data)
    }
}
