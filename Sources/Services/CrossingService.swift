import Foundation
import Screening
import Store

/// Records crossings (idempotently, audited, with an outbox event) and lists them.
public struct CrossingService: Sendable {
    let database: KordonDatabase
    let clock: Clock
    /// Refusal reason codes allowed in a decision (reference data: Annex V Part B letters, Ukraine's grounds).
    let refusalCodes: Set<String>

    /// How far in the past a crossing may be dated without the `backdate` grant and a reason (issue 10
    /// item 5: an exit backdated by months would take a person off the overstayer list).
    let recentWindow: TimeInterval
    /// How far in the future a crossing may be dated: the clocks of booth and server may differ.
    let clockSkew: TimeInterval
    /// Keeps who is in the country current on each recorded crossing.
    let presence: PresenceKeeper

    public init(
        database: KordonDatabase, clock: @escaping Clock, refusalCodes: Set<String>, recentWindow: TimeInterval = 86_400,
        clockSkew: TimeInterval = 300, presence: PresenceKeeper = PresenceKeeper()
    ) {
        self.presence = presence
        self.database = database
        self.clock = clock
        self.refusalCodes = refusalCodes
        self.recentWindow = recentWindow
        self.clockSkew = clockSkew
    }

    public struct NewCrossing: Codable, Sendable, Hashable {
        public var personId: UUID
        public var documentId: UUID?
        public var pointCode: String
        public var direction: Crossing.Direction
        /// When the person crossed; defaults to now. At most 5 minutes in the future (clock skew).
        public var occurredAt: Date?
        public var decision: Crossing.Decision
        public var refusalReasons: [String]?
        /// Why the crossing is dated more than the recent window in the past (required then; kept).
        public var backdateReason: String?
        /// The crossing this record corrects; the corrected record stays as it was.
        public var corrects: UUID?

        public init(
            personId: UUID, documentId: UUID?, pointCode: String, direction: Crossing.Direction, occurredAt: Date?,
            decision: Crossing.Decision, refusalReasons: [String]? = nil, backdateReason: String? = nil,
            corrects: UUID? = nil
        ) {
            self.personId = personId
            self.documentId = documentId
            self.pointCode = pointCode
            self.direction = direction
            self.occurredAt = occurredAt
            self.decision = decision
            self.refusalReasons = refusalReasons
            self.backdateReason = backdateReason
            self.corrects = corrects
        }
    }

    /// Records a crossing. With an idempotency key, a repeated request returns the first crossing.
    public func record(_ input: NewCrossing, idempotencyKey: String?, context: AccessContext) async throws -> Crossing {
        try context.authorize(.create, .crossing)
        let key = try Idempotency.validate(idempotencyKey)
        let now = clock()
        let occurredAt = input.occurredAt ?? now
        if occurredAt > now.addingTimeInterval(clockSkew) {
            throw ServiceError.invalid("occurredAt", "is in the future (more than \(Int(clockSkew)) s ahead of the server's clock)")
        }
        var backdateReason: String?
        if occurredAt < now.addingTimeInterval(-recentWindow) || input.corrects != nil {
            try context.authorize(.backdate, .crossing)
            guard let reason = input.backdateReason, !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ServiceError.invalid(
                    "backdateReason",
                    "a crossing dated more than \(Int(recentWindow / 3600)) h ago, or a correction, needs a reason"
                )
            }
            backdateReason = try Validate.name(reason, field: "backdateReason", max: 500)
        } else if input.backdateReason != nil {
            throw ServiceError.invalid("backdateReason", "only for a crossing dated more than \(Int(recentWindow / 3600)) h ago or a correction")
        }
        let reasons = input.refusalReasons ?? []
        switch input.decision {
        case .admitted where !reasons.isEmpty:
            throw ServiceError.invalid("refusalReasons", "must be empty when the decision is admitted")
        case .refused:
            if context.principal.role != .secondLine {
                throw ServiceError(
                    .forbidden, field: "decision", "a refusal is decided by a second-line officer; refer the traveller"
                )
            }
            if reasons.isEmpty {
                throw ServiceError.invalid("refusalReasons", "a refusal needs at least one reason code")
            }
            for (index, code) in reasons.enumerated() where !refusalCodes.contains(code) {
                throw ServiceError.invalid(
                    "refusalReasons[\(index)]", "unknown reason code; use the letters A–I of the standard form or U1–U5"
                )
            }
        default:
            break
        }
        let crossing = Crossing(
            personId: input.personId, documentId: input.documentId, pointCode: input.pointCode,
            direction: input.direction, occurredAt: occurredAt, officerId: context.principal.officerId,
            agencyId: context.principal.agencyId, decision: input.decision, refusalReasons: reasons, recordedAt: now,
            correctsId: input.corrects, backdateReason: backdateReason
        )
        let requestHash = try Idempotency.requestHash(input)
        // The same key sent to two servers at once: the later insert of the key fails unique, and its retry
        // returns the crossing the first made.
        return try await Idempotency.retryingOnce(key: key) {
            try await record(crossing, key: key, requestHash: requestHash, now: now, context: context)
        }
    }

    private func record(
        _ crossing: Crossing, key: String?, requestHash: String, now: Date, context: AccessContext
    ) async throws -> Crossing {
        try await database.transaction { (repositories: Repositories) -> Crossing in
            if let existing = try await Idempotency.existing(
                repositories, agencyId: context.principal.agencyId, operation: "crossing.create", key: key,
                requestHash: requestHash
            ), let crossing = try await repositories.crossings.find(id: existing) {
                return crossing
            }
            guard try await repositories.crossingPoints.find(code: crossing.pointCode) != nil else {
                throw ServiceError(.validation, field: "pointCode", "unknown crossing point")
            }
            guard let person = try await repositories.persons.find(id: crossing.personId) else {
                throw ServiceError(.validation, field: "personId", "no person with this id")
            }
            // What the partner links the record by at a joint point (its grant decides whether it leaves).
            var traveller = ["nationality": person.nationality]
            if let corrected = crossing.correctsId {
                guard let original = try await repositories.crossings.find(id: corrected),
                    original.personId == crossing.personId
                else {
                    throw ServiceError(.validation, field: "corrects", "no crossing with this id for this person")
                }
            }
            if let documentId = crossing.documentId {
                guard let document = try await repositories.persons.document(id: documentId),
                    document.personId == crossing.personId
                else {
                    throw ServiceError(.validation, field: "documentId", "no document with this id for this person")
                }
                traveller["documentNumber"] = DocumentReference.normalizedNumber(document.number)
                traveller["issuingState"] = document.issuingState
            }
            try await repositories.crossings.insert([crossing])
            try await presence.crossingRecorded(personId: crossing.personId, in: repositories, now: now)
            if let key {
                try await repositories.idempotency.insert(
                    agencyId: context.principal.agencyId, operation: "crossing.create", key: key,
                    requestSHA256: requestHash, resourceId: crossing.id, at: now
                )
            }
            try await repositories.audit.append(
                [context.audit("crossing.create", "crossing", ids: [crossing.id.uuidString], persons: [crossing.personId])],
                at: now
            )
            try await repositories.outbox.append(
                [NewEvent(
                    type: "crossing.recorded", aggregateType: "crossing", aggregateId: crossing.id.uuidString,
                    agencyId: crossing.agencyId,
                    payload: [
                        "crossingId": crossing.id.uuidString, "personId": crossing.personId.uuidString,
                        "pointCode": crossing.pointCode, "direction": crossing.direction.rawValue,
                        "decision": crossing.decision.rawValue,
                        "occurredAt": ISO8601DateFormatter().string(from: crossing.occurredAt),
                    ].merging(traveller) { a, _ in a }
                )],
                at: now
            )
            return crossing
        }
    }

    /// One page of crossings and the cursor for the next (nil at the end).
    public struct Page: Codable, Sendable {
        public var items: [Crossing]
        public var nextCursor: String?
    }

    public func list(
        _ filter: CrossingRepository.Filter, cursor: String?, limit: Int, context: AccessContext
    ) async throws -> Page {
        let grant = try context.authorize(.read, .crossing)
        var scoped = filter
        switch grant.scope {
        case .all: break
        case .jointPoints: scoped.jointWith = context.principal.agencyCountry
        case .ownAgency, .self, .ownList:
            throw ServiceError(.forbidden, "the policy's scope for crossings here is not supported")
        }
        guard filter.personId != nil || filter.pointCode != nil || filter.from != nil else {
            throw ServiceError.invalid("person", "give a person, a point or a time range (from)")
        }
        guard (1...500).contains(limit) else { throw ServiceError.invalid("limit", "must be between 1 and 500") }
        var after: CrossingRepository.Cursor?
        if let cursor {
            guard let parsed = CrossingRepository.Cursor(token: cursor) else {
                throw ServiceError.invalid("cursor", "is not a cursor returned by this API")
            }
            after = parsed
        }
        let now = clock()
        let afterCursor = after
        let filter = scoped
        return try await database.transaction { (repositories: Repositories) -> Page in
            if let point = filter.pointCode, try await repositories.crossingPoints.find(code: point) == nil {
                throw ServiceError(.validation, field: "point", "unknown crossing point")
            }
            let items = try await repositories.crossings.list(filter, after: afterCursor, limit: limit)
            try await repositories.audit.append(
                [context.audit(
                    "crossing.list", "crossing", ids: items.map(\.id.uuidString), persons: items.map(\.personId)
                )],
                at: now
            )
            let next = items.count == limit ? items.last.map { CrossingRepository.Cursor(occurredAt: $0.occurredAt, id: $0.id).token } : nil
            return Page(items: items, nextCursor: next)
        }
    }
}
