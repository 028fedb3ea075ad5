import Foundation
import Screening
import StayRules
import Store
import TravelDocuments

/// The registers of foreigners (issue 11): records created, amended and ended by the agency that owns them, each
/// change kept in the record's history and on the audit trail, each record pointing to one person.
///
/// Derived in the same transaction, so no copy can disagree with its record: the stay authorisation of a
/// permit, protection status or visa (read by the border check and the overstayer list), and the watchlist alert
/// of an entry ban (screened at the border: one record, not two).
public struct RegisterService: Sendable {
    let database: KordonDatabase
    let clock: Clock
    let watchlists: WatchlistService
    public let personIndex: PersonIndex
    public let resolution: ResolutionPolicy

    public init(
        database: KordonDatabase, clock: @escaping Clock, watchlists: WatchlistService, personIndex: PersonIndex,
        resolution: ResolutionPolicy = ResolutionPolicy()
    ) {
        self.database = database
        self.clock = clock
        self.watchlists = watchlists
        self.personIndex = personIndex
        self.resolution = resolution
    }

    // MARK: - Create

    public func create(_ input: NewRegisterRecord, idempotencyKey: String?, context: AccessContext) async throws
        -> RegisterRecordView
    {
        try context.authorize(.create, input.register.resource)
        guard input.details.register == input.register else {
            throw ServiceError.invalid("details", "are not the fields of a \(input.register.rawValue) record")
        }
        let key = try Idempotency.validate(idempotencyKey)
        let now = clock()
        let (validFrom, validUntil) = try input.details.validated()
        let subject = try input.subject.map { s throws(ServiceError) in try IdentityResolver.validated(s, today: now) }
        if input.personId == nil && subject == nil {
            throw ServiceError.invalid("subject", "is required when personId is not given: who is the record about?")
        }
        let detailsJSON = try input.details.json()
        let requestHash = try Idempotency.requestHash(input)
        try await personIndex.refresh()
        let resolver = IdentityResolver(index: personIndex, policy: resolution)
        let operation = "register.create"
        let (view, alert, touched) = try await database.transaction {
            (repositories: Repositories) -> (RegisterRecordView, AlertRecord?, [UUID]) in
            if let existing = try await Idempotency.existing(
                repositories, agencyId: context.principal.agencyId, operation: operation, key: key, requestHash: requestHash
            ), let record = try await repositories.registers.find(id: existing) {
                return (try RegisterRecordView(record), nil, [])
            }
            let made = try await Self.insert(
                input, subject: subject, span: (validFrom, validUntil), detailsJSON: detailsJSON, resolver: resolver,
                repositories, context, now
            )
            if let key {
                try await repositories.idempotency.insert(
                    agencyId: context.principal.agencyId, operation: operation, key: key, requestSHA256: requestHash,
                    resourceId: made.view.id, at: now
                )
            }
            try await repositories.audit.append(
                [context.audit("register.create", input.register.rawValue, ids: [made.view.id.uuidString], persons: [made.view.personId])],
                at: now
            )
            return made
        }
        if !touched.isEmpty { try await personIndex.reindex(touched) }
        if let alert { await watchlists.changed([alert], now: now) }
        return view
    }

    /// Records many at once, in one transaction and one audit entry: a legacy register's export, another
    /// agency's batch. All or nothing: the first bad record refuses the batch, naming its index (`records[17].details.validUntil`).
    public func importBatch(_ inputs: [NewRegisterRecord], context: AccessContext) async throws -> [RegisterRecordView] {
        guard (1...5_000).contains(inputs.count) else { throw ServiceError.invalid("records", "must be 1 to 5,000 records") }
        let now = clock()
        var prepared: [(NewRegisterRecord, RegisterSubject?, (String?, String?), String)] = []
        for (index, input) in inputs.enumerated() {
            func named(_ error: ServiceError) -> ServiceError {
                ServiceError(error.code, field: "records[\(index)]" + (error.field.map { ".\($0)" } ?? ""), error.detail)
            }
            do {
                try context.authorize(.create, input.register.resource)
                guard input.details.register == input.register else {
                    throw ServiceError.invalid("details", "are not the fields of a \(input.register.rawValue) record")
                }
                let span = try input.details.validated()
                let subject = try input.subject.map { s throws(ServiceError) in try IdentityResolver.validated(s, today: now) }
                if input.personId == nil && subject == nil {
                    throw ServiceError.invalid("subject", "is required when personId is not given")
                }
                prepared.append((input, subject, span, try input.details.json()))
            } catch let error as ServiceError {
                throw named(error)
            }
        }
        try await personIndex.refresh()
        let resolver = IdentityResolver(index: personIndex, policy: resolution)
        let batch = prepared
        let (views, alerts, touched) = try await database.transaction {
            (repositories: Repositories) -> ([RegisterRecordView], [AlertRecord], Set<UUID>) in
            var views: [RegisterRecordView] = []
            var alerts: [AlertRecord] = []
            var touched = Set<UUID>()
            let pending = PendingWrites()
            for (index, (input, subject, span, json)) in batch.enumerated() {
                do {
                    let made = try await Self.insert(
                        input, subject: subject, span: span, detailsJSON: json, resolver: resolver, repositories, context, now,
                        pending: pending
                    )
                    views.append(made.view)
                    if let alert = made.alert { alerts.append(alert) }
                    touched.formUnion(made.touched)
                } catch let error as ServiceError {
                    throw ServiceError(error.code, field: "records[\(index)]" + (error.field.map { ".\($0)" } ?? ""), error.detail)
                }
            }
            try await pending.write(repositories, at: now)
            try await repositories.audit.append(
                [context.audit("register.import", "register_record", ids: views.map(\.id.uuidString), persons: views.map(\.personId))],
                at: now
            )
            return (views, alerts, touched)
        }
        try await personIndex.reindex(Array(touched))
        if !alerts.isEmpty { await watchlists.changed(alerts, now: now) }
        return views
    }

    /// Writes a batch makes once, at its end, in multi-row statements: records, their first versions, reviews, events.
    final class PendingWrites {
        var records: [RegisterRecord] = []
        var history: [RegisterHistoryEntry] = []
        var reviews: [IdentityReview] = []
        var events: [NewEvent] = []

        func write(_ repositories: Repositories, at now: Date) async throws {
            try await repositories.registers.insert(records)
            try await repositories.registers.append(history)
            for review in reviews { try await repositories.registers.insert(review) }
            try await repositories.outbox.append(events, at: now)
        }
    }

    /// One record: resolved to its person, stored with its first history entry, a review when the resolver asks an
    /// officer, its derived authorisation or alert, and its events. With `pending`, the record's own rows wait for the
    /// batch's end (the person, his document and names are written at once: the next record may be his).
    static func insert(
        _ input: NewRegisterRecord, subject: RegisterSubject?, span: (String?, String?), detailsJSON: String,
        resolver: IdentityResolver, _ repositories: Repositories, _ context: AccessContext, _ now: Date,
        pending: PendingWrites? = nil
    ) async throws -> (view: RegisterRecordView, alert: AlertRecord?, touched: [UUID]) {
        let resolved = try await resolver.resolve(
            personId: input.personId, subject: subject, repositories: repositories, agencyId: context.principal.agencyId,
            now: now
        )
        let record = RegisterRecord(
            register: input.register, personId: resolved.personId, agencyId: context.principal.agencyId,
            validFrom: span.0, validUntil: span.1, details: detailsJSON,
            subject: String(decoding: try JSONEncoder().encode(subject ?? RegisterSubject(surname: "")), as: UTF8.self),
            link: resolved.link, createdAt: now, createdBy: context.principal.officerId, updatedAt: now,
            updatedBy: context.principal.officerId
        )
        let writes = PendingWrites()
        writes.records = [record]
        writes.history = [RegisterHistoryEntry(record, change: .created, reason: nil)]
        var reviewId: UUID?
        if let candidate = resolved.review {
            let review = IdentityReview(
                recordId: record.id, personId: resolved.personId, candidateId: candidate.personId,
                score: candidate.score, evidence: candidate.evidence, createdAt: now
            )
            writes.reviews = [review]
            reviewId = review.id
        }
        writes.events = events("created", record)
        if let pending {
            pending.records += writes.records
            pending.history += writes.history
            pending.reviews += writes.reviews
            pending.events += writes.events
        } else {
            try await writes.write(repositories, at: now)
        }
        let alert = try await derive(record, input.details, subject: subject, repositories: repositories, now: now)
        return (try RegisterRecordView(record, reviewId: reviewId), alert, resolved.touched)
    }

    // MARK: - Amend and end

    /// Replaces a record's fields. Only the owning agency amends; the amendment names the version it amends.
    public func amend(_ id: UUID, _ input: RegisterAmendment, context: AccessContext) async throws -> RegisterRecordView {
        try context.authorize(.update, input.register.resource)
        let now = clock()
        let (validFrom, validUntil) = try input.details.validated()
        let reason = try Validate.name(input.reason, field: "reason", max: 1000)
        let detailsJSON = try input.details.json()
        let (view, alert) = try await database.transaction { (repositories: Repositories) -> (RegisterRecordView, AlertRecord?) in
            var record = try await Self.owned(id, register: input.register, version: input.version, repositories, context)
            guard record.status == .active else {
                throw ServiceError(.conflict, field: "id", "the record was ended on \(record.endedOn ?? "?"); it can no longer be amended")
            }
            record.details = detailsJSON
            record.validFrom = validFrom
            record.validUntil = validUntil
            return try await Self.write(record, change: .amended, reason: reason, details: input.details, repositories, context, now)
        }
        if let alert { await watchlists.changed([alert], now: now) }
        return view
    }

    /// Ends a record from `endedOn` (a permit cancelled, protection ceased, a ban lifted): the stay it authorised
    /// ends the day before, the alert it made is withdrawn; the record and its history stay.
    public func end(_ id: UUID, _ input: RegisterEnding, register: Register, context: AccessContext) async throws
        -> RegisterRecordView
    {
        try context.authorize(.update, register.resource)
        let now = clock()
        _ = try RegisterRules.date(input.endedOn, "endedOn")
        let reason = try Validate.name(input.reason, field: "reason", max: 1000)
        let (view, alert) = try await database.transaction { (repositories: Repositories) -> (RegisterRecordView, AlertRecord?) in
            var record = try await Self.owned(id, register: register, version: input.version, repositories, context)
            guard record.status == .active else {
                throw ServiceError(.conflict, field: "id", "the record was already ended on \(record.endedOn ?? "?")")
            }
            if let from = record.validFrom, input.endedOn < from {
                throw ServiceError.invalid("endedOn", "must be on or after the record's start (\(from))")
            }
            record.status = .ended
            record.endedOn = input.endedOn
            record.endReason = reason
            let details = try RegisterDetails.decode(record.register, json: record.details)
            return try await Self.write(record, change: .ended, reason: reason, details: details, repositories, context, now)
        }
        if let alert { await watchlists.changed([alert], now: now) }
        return view
    }

    /// The record, if it exists, is of `register`, belongs to the caller's agency and is still at `version`.
    static func owned(
        _ id: UUID, register: Register, version: Int, _ repositories: Repositories, _ context: AccessContext
    ) async throws -> RegisterRecord {
        guard let record = try await repositories.registers.find(id: id, forUpdate: true), record.register == register else {
            throw ServiceError(.notFound, field: "id", "no \(register.rawValue) record with this id")
        }
        guard record.agencyId == context.principal.agencyId else {
            throw ServiceError(.forbidden, field: "id", "the record is owned by another agency; ask it to change the record")
        }
        guard record.version == version else {
            throw ServiceError(
                .conflict, field: "version",
                "the record was changed by someone else: it is now at version \(record.version) (you amended \(version)); reload it and amend again"
            )
        }
        return record
    }

    /// Writes a new version with its history entry, derived records, audit and events.
    static func write(
        _ current: RegisterRecord, change: RegisterHistoryEntry.Change, reason: String, details: RegisterDetails,
        _ repositories: Repositories, _ context: AccessContext, _ now: Date
    ) async throws -> (RegisterRecordView, AlertRecord?) {
        var record = current
        record.version += 1
        record.updatedAt = now
        record.updatedBy = context.principal.officerId
        guard try await repositories.registers.update(record, expectedVersion: current.version) else {
            throw ServiceError(.conflict, field: "version", "the record was changed by someone else; reload it and try again")
        }
        try await repositories.registers.append(RegisterHistoryEntry(record, change: change, reason: reason))
        let subject = try? JSONDecoder().decode(RegisterSubject.self, from: Data(record.subject.utf8))
        let alert = try await derive(record, details, subject: subject, repositories: repositories, now: now)
        try await repositories.audit.append(
            [context.audit("register.\(change == .ended ? "end" : "amend")", record.register.rawValue, ids: [record.id.uuidString], persons: [record.personId])],
            at: now
        )
        try await repositories.outbox.append(events(change.rawValue, record), at: now)
        return (try RegisterRecordView(record), alert)
    }

    /// The stay authorisation (permits, protection, visas) or the watchlist alert (entry bans) a record makes, written
    /// over the previous one; returns the alert to apply to the screening index after the commit.
    static func derive(
        _ record: RegisterRecord, _ details: RegisterDetails, subject: RegisterSubject?, repositories: Repositories,
        now: Date
    ) async throws -> AlertRecord? {
        switch details {
        case .residencePermit, .asylum, .visa:
            let authorisation = details.authorisation(endedOn: record.endedOn)
            let stored = try authorisation.map { a -> AuthorisationRecord in
                let kind = switch a { case .visa: "visa"; case .residencePermit: "residence_permit"; case .protection: "protection" }
                let (from, until): (CalendarDay, CalendarDay?) = switch a {
                case .visa(let v): (v.validFrom, v.validUntil)
                case .residencePermit(let p): (p.validFrom, p.validUntil)
                case .protection(let p): (p.validFrom, p.validUntil)
                }
                return AuthorisationRecord(
                    id: record.id, personId: record.personId, kind: kind, validFrom: from.description,
                    validUntil: until?.description, details: String(decoding: try JSONEncoder().encode(a), as: UTF8.self),
                    issuedByAgency: record.agencyId, createdAt: now
                )
            }
            try await repositories.registers.replaceAuthorisation(recordId: record.id, with: stored)
            // Who is in the country and until when is kept as records change, not recomputed per request (issue 15).
            try await PresenceKeeper().refresh(personIds: [record.personId], in: repositories, now: now)
            return nil
        case .entryBan(let ban):
            return try await banAlert(record, ban, subject: subject, repositories: repositories, now: now)
        case .irregularMigrant, .citizenship, .offence:
            return nil
        }
    }

    /// The watchlist alert an entry ban is screened as: same id, owned by the same agency, refuse on a hit.
    static func banAlert(
        _ record: RegisterRecord, _ ban: EntryBanDetails, subject: RegisterSubject?, repositories: Repositories, now: Date
    ) async throws -> AlertRecord {
        let person = try await repositories.persons.find(id: record.personId)
        let from = Validate.parseDate(ban.bannedFrom) ?? now
        // The ban holds to the end of its last day.
        let until = Validate.parseDate(ban.bannedUntil).map { $0.addingTimeInterval(86_400) }
        let existing = try await repositories.alerts.find(id: record.id, forUpdate: true)
        let document = subject?.document
        var alert = AlertRecord(
            id: record.id, reference: "register:\(record.id.uuidString.lowercased())", category: .entryBan,
            agencyId: record.agencyId, validFrom: from, validUntil: until, reason: "\(ban.reason) (\(ban.authority))",
            action: .refuse, surname: subject.map(\.surname).flatMap { $0.isEmpty ? nil : $0 } ?? person?.surname,
            givenNames: subject?.givenNames ?? person?.givenNames, patronymic: nil,
            aliases: person.map { p in
                subject.map { $0.surname != p.surname } ?? false ? [AlertAlias(surname: p.surname, givenNames: p.givenNames)] : []
            } ?? [],
            birthDate: subject?.birthDate ?? person?.birthDate, nationality: subject?.nationality ?? person?.nationality,
            sex: subject?.sex ?? person?.sex ?? "X", documentNumber: document?.number, issuingState: document?.issuingState,
            plate: nil, status: record.status == .active ? .active : .withdrawn, version: (existing?.version ?? 0) + 1,
            createdAt: existing?.createdAt ?? now, updatedAt: now
        )
        if record.status == .ended, let ended = Validate.parseDate(record.endedOn ?? "") { alert.validUntil = ended }
        if existing == nil { try await repositories.alerts.insert([alert]) } else { try await repositories.alerts.update(alert) }
        return alert
    }

    static func events(_ change: String, _ record: RegisterRecord) -> [NewEvent] {
        var events = [NewEvent(
            type: "register.\(change)", aggregateType: record.register.rawValue, aggregateId: record.id.uuidString,
            agencyId: record.agencyId,
            payload: [
                "recordId": record.id.uuidString, "register": record.register.rawValue,
                "personId": record.personId.uuidString, "version": "\(record.version)", "status": record.status.rawValue,
            ]
        )]
        // Issue 12 names the event a permit's subscribers follow.
        if record.register == .residencePermit {
            events.append(NewEvent(
                type: "permit.changed", aggregateType: record.register.rawValue, aggregateId: record.id.uuidString,
                agencyId: record.agencyId,
                payload: ["recordId": record.id.uuidString, "personId": record.personId.uuidString, "status": record.status.rawValue]
            ))
        }
        return events
    }

    // MARK: - Read

    /// One record, with its history, as the viewer's grant shows it (audited).
    public func get(_ id: UUID, register: Register, context: AccessContext) async throws -> RegisterRecordDetail {
        let grant = try context.authorize(.read, register.resource)
        let now = clock()
        return try await database.transaction { (repositories: Repositories) -> RegisterRecordDetail in
            guard let record = try await repositories.registers.find(id: id), record.register == register,
                grant.scope != .ownAgency || record.agencyId == context.principal.agencyId
            else { throw ServiceError(.notFound, field: "id", "no \(register.rawValue) record with this id") }
            try await repositories.audit.append(
                [context.audit("register.read", register.rawValue, ids: [id.uuidString], persons: [record.personId])], at: now
            )
            let history = try await repositories.registers.history(recordId: id).map {
                RegisterRecordDetail.Change(
                    version: $0.version, change: $0.change, reason: $0.reason, status: $0.status, validFrom: $0.validFrom,
                    validUntil: $0.validUntil, officerId: $0.officerId, changedAt: $0.changedAt
                )
            }
            return RegisterRecordDetail(record: try RegisterRecordView(record), history: history)
        }
    }

    /// Records of one register, by id, within the grant's scope (audited).
    public func list(
        _ register: Register, status: RegisterRecord.Status?, cursor: String?, limit: Int, context: AccessContext
    ) async throws -> RecordPage {
        let grant = try context.authorize(.read, register.resource)
        guard (1...500).contains(limit) else { throw ServiceError.invalid("limit", "must be 1 to 500") }
        let after = try cursor.map { text throws(ServiceError) -> UUID in
            guard let id = UUID(uuidString: text) else { throw ServiceError.invalid("cursor", "is not a cursor this API gave") }
            return id
        }
        let filter = RegisterRepository.Filter(
            agencyId: grant.scope == .ownAgency ? context.principal.agencyId : nil, status: status
        )
        let now = clock()
        return try await database.transaction { (repositories: Repositories) -> RecordPage in
            let records = try await repositories.registers.list(filter, registers: [register], after: after, limit: limit)
            try await repositories.audit.append(
                [context.audit("register.list", register.rawValue, ids: records.map(\.id.uuidString), persons: records.map(\.personId))],
                at: now
            )
            return RecordPage(
                items: try records.map { try RegisterRecordView($0) },
                nextCursor: records.count == limit ? records.last?.id.uuidString.lowercased() : nil
            )
        }
    }
}

/// A page of records; `nextCursor` is absent on the last page.
public struct RecordPage: Codable, Sendable, Hashable {
    public var items: [RegisterRecordView]
    public var nextCursor: String?
}

/// A record and every version of it, flat (the record's fields and `history`), so a grant that shows only some
/// of a record's fields hides the history too unless it names it.
public struct RegisterRecordDetail: Codable, Sendable, Hashable {
    public struct Change: Codable, Sendable, Hashable {
        public var version: Int
        public var change: RegisterHistoryEntry.Change
        public var reason: String?
        public var status: RegisterRecord.Status
        public var validFrom: String?
        public var validUntil: String?
        public var officerId: UUID
        public var changedAt: Date
    }
    public var record: RegisterRecordView
    public var history: [Change]

    public init(record: RegisterRecordView, history: [Change]) {
        self.record = record
        self.history = history
    }

    enum CodingKeys: String, CodingKey { case history }

    public init(from decoder: any Decoder) throws {
        record = try RegisterRecordView(from: decoder)
        history = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent([Change].self, forKey: .history) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        try record.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(history, forKey: .history)
    }
}
