import Foundation
import Screening
import Store

/// Watchlists (issue 5): alerts created, changed, withdrawn, read and listed, each change audited and
/// written to the outbox in its transaction, applied to this process's screening index at once, and
/// followed by re-screening of the people in the country against the changed alert.
///
/// Roles. Alerts are entered by the desks that issue them: second-line officers (hits and refusals
/// on the spot), analysts (targeting), migration officers (entry bans) and agency administrators;
/// only for their own agency, and only the owning agency changes or withdraws an alert. Every
/// operational role reads them; partners and auditors do not. Only a second-line officer marks a
/// hit as a false positive (DESIGN.md: second line resolves hits).
public struct WatchlistService: Sendable {
    let database: KordonDatabase
    let clock: Clock
    public let screening: ScreeningIndexService

    public init(database: KordonDatabase, clock: @escaping Clock, screening: ScreeningIndexService) {
        self.database = database
        self.clock = clock
        self.screening = screening
    }


    // MARK: - Changes

    /// Creates an alert owned by the caller's agency. With an idempotency key, a repeat returns the first.
    public func create(_ input: AlertInput, idempotencyKey: String?, context: AccessContext) async throws
        -> AlertRecord
    {
        try context.authorize(.create, .alert)
        let key = try Idempotency.validate(idempotencyKey)
        let now = clock()
        let record = try input.record(
            id: .timeOrdered(), agencyId: context.principal.agencyId, version: 1, createdAt: now, now: now, defaultReason: nil
        )
        let requestHash = try Idempotency.requestHash(input)
        let (stored, isNew) = try await database.transaction { (repositories: Repositories) -> (AlertRecord, Bool) in
            if let existing = try await Idempotency.existing(
                repositories, agencyId: context.principal.agencyId, operation: "alert.create", key: key,
                requestHash: requestHash
            ), let alert = try await repositories.alerts.find(id: existing) {
                return (alert, false)
            }
            if let reference = record.reference,
                try await !repositories.alerts.existingReferences([reference], agencyId: record.agencyId).isEmpty
            {
                throw ServiceError(.conflict, field: "reference", "your agency already has an alert with this reference")
            }
            try await repositories.alerts.insert([record])
            if let key {
                try await repositories.idempotency.insert(
                    agencyId: context.principal.agencyId, operation: "alert.create", key: key,
                    requestSHA256: requestHash, resourceId: record.id, at: now
                )
            }
            try await repositories.audit.append(
                [context.audit("alert.create", "alert", ids: [record.id.uuidString], persons: [])], at: now
            )
            try await repositories.outbox.append([Self.event("alert.created", record)], at: now)
            return (record, true)
        }
        if isNew { await changed([stored], now: now) }
        return stored
    }

    /// Replaces an alert's data; the version goes up by one, which lapses every dismissal against it.
    public func update(_ id: UUID, _ input: AlertInput, context: AccessContext) async throws -> AlertRecord {
        try context.authorize(.update, .alert)
        let now = clock()
        // Validate before touching the store, so a bad body is a 422 whatever the alert.
        _ = try input.record(id: id, agencyId: context.principal.agencyId, version: 1, createdAt: now, now: now, defaultReason: nil)
        let updated = try await database.transaction { (repositories: Repositories) -> AlertRecord in
            let current = try await Self.owned(id, repositories, context)
            let record = try input.record(
                id: id, agencyId: current.agencyId, version: current.version + 1, createdAt: current.createdAt,
                now: now, defaultReason: nil
            )
            if let reference = record.reference, reference != current.reference,
                try await !repositories.alerts.existingReferences([reference], agencyId: record.agencyId).isEmpty
            {
                throw ServiceError(.conflict, field: "reference", "your agency already has an alert with this reference")
            }
            try await repositories.alerts.update(record)
            try await repositories.audit.append(
                [context.audit("alert.update", "alert", ids: [id.uuidString], persons: [])], at: now
            )
            try await repositories.outbox.append([Self.event("alert.updated", record)], at: now)
            return record
        }
        await changed([updated], now: now)
        return updated
    }

    /// Withdraws an alert: it is kept (the record of why people were stopped) but no longer screened.
    public func withdraw(_ id: UUID, context: AccessContext) async throws -> AlertRecord {
        try context.authorize(.update, .alert)
        let now = clock()
        let withdrawn = try await database.transaction { (repositories: Repositories) -> AlertRecord in
            var record = try await Self.owned(id, repositories, context)
            record.status = .withdrawn
            record.version += 1
            record.updatedAt = now
            try await repositories.alerts.update(record)
            try await repositories.audit.append(
                [context.audit("alert.withdraw", "alert", ids: [id.uuidString], persons: [])], at: now
            )
            try await repositories.outbox.append([Self.event("alert.withdrawn", record)], at: now)
            try await repositories.manifests.deleteOpenHits(alertId: id)
            return record
        }
        screening.apply(withdrawn)
        return withdrawn
    }

    /// The alert, locked for the rest of the transaction, if it exists, is active and belongs to the caller's agency.
    static func owned(_ id: UUID, _ repositories: Repositories, _ context: AccessContext) async throws -> AlertRecord {
        guard let record = try await repositories.alerts.find(id: id, forUpdate: true) else {
            throw ServiceError(.notFound, field: "id", "no alert with this id")
        }
        guard record.agencyId == context.principal.agencyId else {
            throw ServiceError(.forbidden, field: "id", "the alert is owned by another agency; ask it to change the alert")
        }
        guard record.status == .active else {
            throw ServiceError(.conflict, field: "id", "the alert is withdrawn; create a new one")
        }
        return record
    }

    static func event(_ type: String, _ record: AlertRecord) -> NewEvent {
        NewEvent(
            type: type, aggregateType: "alert", aggregateId: record.id.uuidString, agencyId: record.agencyId,
            payload: [
                "alertId": record.id.uuidString, "category": record.category.rawValue, "version": "\(record.version)",
                "action": record.action.rawValue, "status": record.status.rawValue,
            ]
        )
    }

    /// After a commit: the index first (the next border check must see the change), then re-screening.
    /// Re-screening failures do not undo the change; they are logged and the change stands. A process that
    /// screens no travellers (`kordon watchlist import`) passes `reloadIndex: false`.
    func changed(_ records: [AlertRecord], now: Date, reloadIndex: Bool = true) async {
        if reloadIndex, records.count > 1_000 {
            do { try await screening.load() } catch {
                screening.logger.error("Screening index reload failed", metadata: ["error": "\(error)"])
            }
        } else if reloadIndex {
            screening.apply(records)
        }
        do {
            _ = try await rescreen(records, now: now)
        } catch {
            screening.logger.error("Re-screening failed", metadata: ["error": "\(String(reflecting: error))"])
        }
    }

    // MARK: - Reading

    public func get(_ id: UUID, context: AccessContext) async throws -> AlertRecord {
        let grant = try context.authorize(.read, .alert)
        let now = clock()
        return try await database.transaction { (repositories: Repositories) -> AlertRecord in
            guard let record = try await repositories.alerts.find(id: id),
                grant.scope == .all || record.agencyId == context.principal.agencyId
            else {
                throw ServiceError(.notFound, field: "id", "no alert with this id")
            }
            try await repositories.audit.append(
                [context.audit("alert.read", "alert", ids: [id.uuidString], persons: [])], at: now
            )
            return record
        }
    }

    /// One page of alerts and the cursor of the next (nil at the end).
    public struct Page: Codable, Sendable {
        public var items: [AlertRecord]
        public var nextCursor: String?
    }

    /// Alerts by category, agency and status, in id order, `limit` (1…500) per page.
    public func list(_ filter: AlertRepository.Filter, cursor: String?, limit: Int, context: AccessContext)
        async throws -> Page
    {
        let grant = try context.authorize(.read, .alert)
        var filter = filter
        if grant.scope != .all {
            if let asked = filter.agencyId, asked != context.principal.agencyId {
                throw ServiceError(.forbidden, field: "agency", "you may list your own agency's alerts only")
            }
            filter.agencyId = context.principal.agencyId
        }
        guard (1...500).contains(limit) else { throw ServiceError.invalid("limit", "must be between 1 and 500") }
        var after: UUID?
        if let cursor {
            guard let id = UUID(uuidString: cursor) else {
                throw ServiceError.invalid("cursor", "is not a cursor returned by this API")
            }
            after = id
        }
        let now = clock()
        let afterId = after
        let scoped = filter
        return try await database.transaction { (repositories: Repositories) -> Page in
            let items = try await repositories.alerts.list(scoped, after: afterId, limit: limit)
            try await repositories.audit.append(
                [context.audit("alert.list", "alert", ids: items.map(\.id.uuidString), persons: [])], at: now
            )
            let next = items.count == limit ? items.last.map { AlertRecord.key($0.id) } : nil
            return Page(items: items, nextCursor: next)
        }
    }

    // MARK: - Screening on request, and false positives

    /// A traveller to screen over the API (analysts, tests); the border check calls the index directly.
    public struct PersonScreening: Codable, Sendable, Hashable {
        public var surname: String
        public var givenNames: String?
        public var birthDate: String?
        public var nationality: String?
        public var sex: String?
        /// The known person, so that remembered false positives apply.
        public var personId: UUID?
        public var threshold: Double?

        public init(
            surname: String, givenNames: String? = nil, birthDate: String? = nil, nationality: String? = nil,
            sex: String? = nil, personId: UUID? = nil, threshold: Double? = nil
        ) {
            self.surname = surname
            self.givenNames = givenNames
            self.birthDate = birthDate
            self.nationality = nationality
            self.sex = sex
            self.personId = personId
            self.threshold = threshold
        }
    }

    /// Screens a person against the index, audited (the query is personal data, and so are the hits).
    public func screen(_ input: PersonScreening, context: AccessContext) async throws -> [AlertHit] {
        try context.authorize(.read, .screening)
        let now = clock()
        let surname = try Validate.name(input.surname, field: "surname", allowEmpty: true)
        let givenNames = try Validate.name(input.givenNames ?? "", field: "givenNames", allowEmpty: true)
        if surname.isEmpty && givenNames.isEmpty { throw ServiceError.invalid("surname", "give a surname or given names") }
        var birthDate: BirthDate?
        if let text = AlertInput.nonEmpty(input.birthDate) {
            birthDate = AlertRecord.screeningBirthDate(try Validate.birthDate(text, field: "birthDate", today: now))
        }
        let nationality = try AlertInput.nonEmpty(input.nationality).map { value throws(ServiceError) in
            try Validate.countryCode(value, field: "nationality")
        }
        let sex = try AlertInput.nonEmpty(input.sex).map { value throws(ServiceError) in try Validate.sex(value, field: "sex") }
        if let threshold = input.threshold, !(0...1).contains(threshold) {
            throw ServiceError.invalid("threshold", "must be between 0 and 1")
        }
        let query = PersonQuery(
            surname: surname, givenNames: givenNames, birthDate: birthDate, nationality: nationality,
            sex: sex.flatMap { Sex(parsing: $0) } ?? .unknown
        )
        let hits = screening.screen(
            person: query, subject: input.personId.map(ScreeningSubject.person), threshold: input.threshold
        )
        _ = try await database.transaction { (repositories: Repositories) in
            try await repositories.audit.append(
                [context.audit(
                    "screening.person", "alert", ids: hits.map(\.alertId.uuidString),
                    persons: input.personId.map { [$0] } ?? []
                )],
                at: now
            )
        }
        return hits
    }

    /// "Not the same person": remembers that a hit of `subject` against an alert is a false positive.
    public struct Dismissal: Codable, Sendable, Hashable {
        public var alertId: UUID
        /// Exactly one subject: a known person, a document (number and issuing state), or a plate.
        public var personId: UUID?
        public var documentNumber: String?
        public var issuingState: String?
        public var plate: String?
        public var note: String

        public init(
            alertId: UUID, personId: UUID? = nil, documentNumber: String? = nil, issuingState: String? = nil,
            plate: String? = nil, note: String
        ) {
            self.alertId = alertId
            self.personId = personId
            self.documentNumber = documentNumber
            self.issuingState = issuingState
            self.plate = plate
            self.note = note
        }

        func subject() throws(ServiceError) -> ScreeningSubject {
            let given = [personId != nil, AlertInput.nonEmpty(documentNumber) != nil, AlertInput.nonEmpty(plate) != nil]
            guard given.filter({ $0 }).count == 1 else {
                throw .invalid("personId", "give exactly one of personId, documentNumber (with issuingState) or plate")
            }
            if let personId { return .person(personId) }
            if let number = AlertInput.nonEmpty(documentNumber) {
                let state = try AlertInput.nonEmpty(issuingState).map { value throws(ServiceError) in
                    try Validate.countryCode(value, field: "issuingState")
                }
                return .document(number: number, issuingState: state)
            }
            return .plate(plate ?? "")
        }
    }

    /// Records a dismissal by a second-line officer against the alert's current version; the hit comes
    /// back when the alert changes (a new version may describe another person).
    public func dismiss(_ input: Dismissal, context: AccessContext) async throws -> ScreeningDismissal {
        try context.authorize(.resolve, .screening)
        return try await dismiss(subject: try input.subject(), alertId: input.alertId, note: input.note, context: context)
    }

    /// The same, for a subject key the caller already holds (the border check's `subjectKey`).
    public func dismiss(subject: ScreeningSubject, alertId: UUID, note text: String, context: AccessContext)
        async throws -> ScreeningDismissal
    {
        try context.authorize(.resolve, .screening)
        let note = try Validate.name(text, field: "note", max: 1000)
        let personId = subject.key.hasPrefix("person:") ? UUID(uuidString: String(subject.key.dropFirst(7))) : nil
        let now = clock()
        let dismissal = try await database.transaction { (repositories: Repositories) -> ScreeningDismissal in
            guard let alert = try await repositories.alerts.find(id: alertId) else {
                throw ServiceError(.validation, field: "alertId", "no alert with this id")
            }
            let dismissal = ScreeningDismissal(
                subjectKey: subject.key, alertId: alert.id, alertVersion: alert.version,
                officerId: context.principal.officerId, agencyId: context.principal.agencyId, dismissedAt: now,
                note: note
            )
            try await repositories.alerts.insert(dismissal)
            try await repositories.audit.append(
                [context.audit(
                    "screening.dismiss", "alert", ids: [alert.id.uuidString], persons: personId.map { [$0] } ?? []
                )],
                at: now
            )
            try await repositories.outbox.append(
                [NewEvent(
                    type: "screening.dismissed", aggregateType: "alert", aggregateId: alert.id.uuidString,
                    agencyId: context.principal.agencyId,
                    payload: [
                        "alertId": alert.id.uuidString, "alertVersion": "\(alert.version)",
                        "dismissalId": dismissal.id.uuidString,
                    ]
                )],
                at: now
            )
            return dismissal
        }
        screening.apply(dismissal)
        return dismissal
    }
}
