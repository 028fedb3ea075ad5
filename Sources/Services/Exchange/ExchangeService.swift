import Foundation
import Logging
import Store

/// Real-time exchange (issue 12): subscriptions, the event stream, the delivery state administrators
/// see, and what partner installations send. Deliveries themselves run in `ExchangeDispatcher`.
public struct ExchangeService: Sendable {
    let database: KordonDatabase
    let clock: Clock
    let policy: AccessPolicy
    let pointCodes: Set<String>
    let logger: Logger
    /// The need-to-know filter every delivery, stream and partner message goes through.
    public let filter: EventFilter
    /// Where deliverers may read the outbox up to.
    public let horizon: OutboxHorizon
    /// Delivery counters, lag and failures: what `/metrics` shows.
    public let stats: DeliveryStats

    public init(
        database: KordonDatabase, clock: @escaping Clock, policy: AccessPolicy, crossingPoints: [CrossingPoint],
        logger: Logger, horizonGrace: TimeInterval = 5
    ) {
        self.database = database
        self.clock = clock
        self.policy = policy
        self.pointCodes = Set(crossingPoints.map(\.code))
        self.logger = logger
        self.filter = EventFilter(policy: policy, crossingPoints: crossingPoints)
        self.horizon = OutboxHorizon(database: database, grace: horizonGrace)
        self.stats = DeliveryStats()
    }

    // MARK: - Subscriptions

    /// What an administrator asks for.
    public struct NewSubscription: Codable, Sendable {
        public var eventTypes: [String]
        /// The role whose need-to-know filters the deliveries; one the administrator could appoint.
        public var role: Role
        public var url: String
        public var pointCodes: [String]?
        public var alertCategories: [String]?
        /// Only events about persons on the agency's own list: its active alerts (by document) and register records.
        public var ownList: Bool?
        /// For the installation's operator: the agency subscribed (an administrator subscribes his own).
        public var agencyId: UUID?

        public init(
            eventTypes: [String], role: Role, url: String, pointCodes: [String]? = nil, alertCategories: [String]? = nil,
            ownList: Bool? = nil, agencyId: UUID? = nil
        ) {
            self.ownList = ownList
            self.eventTypes = eventTypes
            self.role = role
            self.url = url
            self.pointCodes = pointCodes
            self.alertCategories = alertCategories
            self.agencyId = agencyId
        }
    }

    /// Subscribes an agency. Every event type must be one its role may read; the role must be within the
    /// agency's ceiling; the URL absolute http(s); points and categories known. Refused requests store nothing.
    public func subscribe(_ input: NewSubscription, context: AccessContext) async throws -> Subscription {
        let grant = try context.authorize(.create, .subscription)
        let agencyId = input.agencyId ?? context.principal.agencyId
        if grant.scope != .all && agencyId != context.principal.agencyId {
            throw ServiceError(.forbidden, field: "agencyId", "an administrator subscribes his own agency only")
        }
        guard let agency = try await database.repositories.agencies.find(id: agencyId) else {
            throw ServiceError(.notFound, field: "agencyId", "unknown agency")
        }
        let subscription = try validated(input, agency: agency, createdBy: context.principal.officerId)
        let now = clock()
        return try await database.transaction { (tx: Repositories) -> Subscription in
            // Deliveries start with the events written from now on, not the outbox's history.
            var subscription = subscription
            subscription.delivery.cursorSeq = try await tx.outbox.lastPosition()
            try await tx.subscriptions.insert(subscription)
            try await tx.audit.append(
                [context.audit(
                    "subscription.create", "subscription", ids: [subscription.id.uuidString], persons: [],
                    subject: "agency:\(agency.id)"
                )],
                at: now
            )
            return subscription
        }
    }

    /// The subscription `input` describes, or an error naming the first field that is wrong.
    func validated(_ input: NewSubscription, agency: Agency, createdBy: UUID?) throws(ServiceError) -> Subscription {
        guard policy.administratorMayAppoint(input.role, in: agency.kind) else {
            throw .invalid(
                "role", "a \(agency.kind.rawValue) agency's deliveries can follow only the roles its administrator "
                    + "could appoint: \((policy.ceilings[agency.kind] ?? []).map(\.rawValue).sorted().joined(separator: ", "))"
            )
        }
        let types = Array(Set(input.eventTypes)).sorted()
        guard (1...20).contains(types.count) else { throw .invalid("eventTypes", "give 1 to 20 event types") }
        for type in types {
            guard let kind = EventCatalog.kinds[type] else {
                throw .invalid(
                    "eventTypes", "unknown event type '\(type.prefix(60))'; known: "
                        + EventCatalog.kinds.keys.sorted().joined(separator: ", ")
                )
            }
            guard policy.grant(.init(role: input.role, agencyKind: agency.kind), .read, kind.resource) != nil else {
                throw .invalid(
                    "eventTypes", "a \(input.role.rawValue) of a \(agency.kind.rawValue) agency may not read "
                        + "\(kind.resource.rawValue) records, so '\(type)' would never be delivered"
                )
            }
        }
        let points = Array(Set(input.pointCodes ?? [])).sorted()
        guard points.count <= 200 else { throw .invalid("pointCodes", "at most 200 crossing points") }
        for point in points where !pointCodes.contains(point) {
            throw .invalid("pointCodes", "unknown crossing point '\(point.prefix(60))'")
        }
        let categories = Array(Set(input.alertCategories ?? [])).sorted()
        for category in categories where AlertRecord.Category(rawValue: category) == nil {
            throw .invalid(
                "alertCategories", "unknown alert category '\(category.prefix(60))'; known: "
                    + AlertRecord.Category.allCases.map(\.rawValue).joined(separator: ", ")
            )
        }
        return Subscription(
            agencyId: agency.id, role: input.role, eventTypes: types, pointCodes: points, alertCategories: categories,
            ownList: input.ownList ?? false, url: try Self.webhookURL(input.url), createdBy: createdBy, createdAt: clock()
        )
    }

    /// An absolute http(s) URL with a host, no credentials in it, at most 2,000 characters.
    static func webhookURL(_ raw: String) throws(ServiceError) -> String {
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        guard trimmed.count <= 2000, let components = URLComponents(string: trimmed),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = components.host, !host.isEmpty
        else {
            throw .invalid("url", "must be an absolute http:// or https:// URL such as https://receiver.example/kordon")
        }
        guard components.user == nil && components.password == nil else {
            throw .invalid("url", "must not carry credentials; deliveries are signed instead")
        }
        return trimmed
    }

    /// The subscriptions the caller administers (his agency's; every agency's for the operator).
    public func subscriptions(context: AccessContext) async throws -> [Subscription] {
        let grant = try context.authorize(.read, .subscription)
        return try await database.repositories.subscriptions.list(
            agencyId: grant.scope == .all ? nil : context.principal.agencyId
        )
    }

    /// One subscription with its delivery state; another agency's is "not found".
    public func subscription(id: UUID, context: AccessContext) async throws -> Subscription {
        let grant = try context.authorize(.read, .subscription)
        return try await visible(id: id, grant: grant, context: context)
    }

    /// Stops deliveries; the row stays, with its state, for the record.
    public func revoke(id: UUID, context: AccessContext) async throws -> Subscription {
        let grant = try context.authorize(.revoke, .subscription)
        let found = try await visible(id: id, grant: grant, context: context)
        let now = clock()
        return try await database.transaction { (tx: Repositories) -> Subscription in
            guard try await tx.subscriptions.revoke(id: id, at: now) else {
                throw ServiceError(.conflict, field: "id", "the subscription is revoked already")
            }
            try await tx.audit.append(
                [context.audit(
                    "subscription.revoke", "subscription", ids: [id.uuidString], persons: [],
                    subject: "agency:\(found.agencyId)"
                )],
                at: now
            )
            guard let revoked = try await tx.subscriptions.find(id: id) else {
                throw ServiceError(.notFound, field: "id", "unknown subscription")
            }
            return revoked
        }
    }

    private func visible(id: UUID, grant: AccessPolicy.Grant, context: AccessContext) async throws -> Subscription {
        guard let found = try await database.repositories.subscriptions.find(id: id),
            grant.scope == .all || found.agencyId == context.principal.agencyId
        else { throw ServiceError(.notFound, field: "id", "unknown subscription") }
        return found
    }

    // MARK: - Stream

    /// Events after position `after` as the caller may see them (at most `limit` positions read), and
    /// the position read up to: the next `after`. Audited when it shows anyone's data.
    public func stream(
        after: Int64, selection: EventSelection, limit: Int = 500, context: AccessContext
    ) async throws -> (events: [DeliveredEvent], through: Int64) {
        try context.authorize(.read, .event)
        let horizon = try await horizon.current()
        guard after < horizon else { return ([], max(after, 0)) }
        let raw = try await database.repositories.outbox.events(
            after: after, through: horizon, types: Array(selection.types), limit: limit
        )
        let through = raw.count < limit ? horizon : (raw.last?.seq ?? horizon)
        let receiver = ExchangeReceiver(context.principal)
        let list = filter.needsList(for: receiver, selection: selection)
            ? try await AgencyList.load(agencyId: receiver.agencyId, for: raw, at: clock(), repositories: database.repositories)
            : nil
        let events = raw.compactMap { filter.render($0, for: receiver, selection: selection, list: list) }
        let persons = Set(events.compactMap { $0.data["personId"].flatMap(UUID.init(uuidString:)) })
        if !persons.isEmpty {
            _ = try await database.transaction { (tx: Repositories) in
                try await tx.audit.append(
                    [context.audit("event.read", "event", ids: events.map { String($0.seq) }, persons: Array(persons))],
                    at: clock()
                )
            }
        }
        return (events, through)
    }

    // MARK: - Message log

    /// Retention: removes the messages logged more than `keepDays` days ago; the chain is verified from
    /// the last one removed. Returns how many were removed.
    public func pruneLog(keepDays: Int) async throws -> Int {
        guard (1...36_500).contains(keepDays) else { throw ServiceError.invalid("keepDays", "must be 1 to 36500 days") }
        let now = clock()
        return try await database.transaction { (tx: Repositories) -> Int in
            try await tx.exchangeLog.prune(before: now.addingTimeInterval(-Double(keepDays) * 86_400), at: now)
        }
    }

    /// Walks the message log's hash chain.
    public func verifyLog() async throws -> ExchangeMessageLog.Verification {
        try await database.repositories.exchangeLog.verify()
    }
}
