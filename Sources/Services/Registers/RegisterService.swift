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
    /// Batches resolved one after another and written in the same order, each resolved while the one before it is
    /// written.
    let pipeline = ImportPipeline()

    /// Batches resolved a second time, in their transaction, because what they read had changed before they were
    /// written (`kordon bench registers` reports it: each costs a resolution inside the write lock).
    public var batchesResolvedAgain: Int {
        get async { await pipeline.resolvedAgain }
    }

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
        let now = clock()
        let checked = try Self.checked(input, context: context, now: now)
        let key = try Idempotency.validate(idempotencyKey)
        let requestHash = try Idempotency.requestHash(input)
        try await personIndex.refresh()
        let resolver = IdentityResolver(index: personIndex, policy: resolution)
        let operation = "register.create"
        let (view, made) = try await recordPipelined(
            [checked], screened: nil, resolver: resolver, context: context, now: now, named: { _, error in error },
            replay: { (repositories: Repositories) -> RegisterRecordView? in
                guard let existing = try await Idempotency.existing(
                    repositories, agencyId: context.principal.agencyId, operation: operation, key: key, requestHash: requestHash
                ), let record = try await repositories.registers.find(id: existing) else { return nil }
                return try RegisterRecordView(record)
            }
        ) { (repositories: Repositories, made: Recorded) -> RegisterRecordView in
            let view = made.views[0]
            if let key {
                try await repositories.idempotency.insert(
                    agencyId: context.principal.agencyId, operation: operation, key: key, requestSHA256: requestHash,
                    resourceId: view.id, at: now
                )
            }
            try await repositories.audit.append(
                [context.audit("register.create", input.register.rawValue, ids: [view.id.uuidString], persons: [view.personId])],
                at: now
            )
            return view
        }
        if let made {
            if !made.touched.isEmpty { try await personIndex.reindex(made.touched) }
            if !made.alerts.isEmpty { await watchlists.changed(made.alerts, now: now) }
        }
        return view
    }

    /// Records many at once, in one transaction and one audit entry: a legacy register's export, another
    /// agency's batch. All or nothing: the first bad record refuses the batch, naming its index
    /// (`records[17].details.validUntil`), and nothing of the batch is stored.
    public func importBatch(_ inputs: [NewRegisterRecord], context: AccessContext) async throws -> [RegisterRecordView] {
        guard (1...5_000).contains(inputs.count) else { throw ServiceError.invalid("records", "must be 1 to 5,000 records") }
        let now = clock()
        var batch: [Checked] = []
        batch.reserveCapacity(inputs.count)
        for (index, input) in inputs.enumerated() {
            do {
                batch.append(try Self.checked(input, context: context, now: now))
            } catch let error as ServiceError {
                throw Self.named(index, error)
            }
        }
        try await personIndex.refresh()
        let resolver = IdentityResolver(index: personIndex, policy: resolution)
        let checked = batch
        let screened = try await Self.screenedBefore(checked, resolver: resolver, repositories: database.repositories)
        let (views, recorded) = try await recordPipelined(
            checked, screened: screened, resolver: resolver, context: context, now: now, named: Self.named
        ) { repositories, made in
            try await repositories.audit.append(
                [context.audit(
                    "register.import", "register_record", ids: made.views.map(\.id.uuidString), persons: made.views.map(\.personId)
                )],
                at: now
            )
            return made.views
        }
        guard let made = recorded else { return views }
        if !made.touched.isEmpty { try await personIndex.reindex(made.touched) }
        if !made.alerts.isEmpty { await watchlists.changed(made.alerts, now: now) }
        return made.views
    }

    /// Records resolved outside any transaction, while the batch before them is written (``ImportPipeline``), then
    /// written in their own transaction: `replay` may answer there instead (an idempotent repeat; nothing is
    /// written); otherwise the records are written if what their resolution read still holds, or resolved again
    /// there on what is stored; then `finish` adds what goes with them (the audit entry). Every writer of records
    /// goes through here, so a single record and a batch see each other's new persons as a batch sees another's.
    ///
    /// Returns `finish`'s (or `replay`'s) answer, and what was recorded (nil for a replay).
    func recordPipelined<T: Sendable>(
        _ checked: [Checked], screened: IdentityResolver.Screened?, resolver: IdentityResolver, context: AccessContext,
        now: Date, named: @escaping @Sendable (Int, ServiceError) -> ServiceError,
        replay: @escaping @Sendable (Repositories) async throws -> T? = { _ in nil },
        finish: @escaping @Sendable (Repositories, Recorded) async throws -> T
    ) async throws -> (T, Recorded?) {
        let (ticket, pending) = await pipeline.enter()
        let early: Resolved
        do {
            early = try await Self.resolve(
                checked, resolver: resolver, database.repositories, context, now, screened: screened, named: named,
                pending: pending
            )
        } catch {
            await pipeline.leave(ticket, publishing: .init())
            await pipeline.finish(ticket)
            throw error
        }
        let created = early.identities.newPersons
        await pipeline.leave(ticket, publishing: ImportPipeline.Pending(
            persons: Dictionary(created.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }),
            documents: Dictionary(early.identities.newDocuments.map { (IdentityBatch.DocumentKey($0), $0.personId) },
                                  uniquingKeysWith: { first, _ in first })
        ))
        let index = personIndex
        let pipeline = self.pipeline
        let outcome: Result<(T, Recorded?), any Error>
        do {
            if let hook = await pipeline.beforeWriteHook { try await hook(ticket) }
            await pipeline.waitForPredecessor(ticket)
            outcome = .success(try await database.transaction { (repositories: Repositories) -> (T, Recorded?) in
                if let answer = try await replay(repositories) { return (answer, nil) }
                let made: Recorded
                if try await early.identities.stillHolds(in: repositories) {
                    made = try await Self.write(early, to: repositories, now: now)
                } else {
                    // A batch before this one rolled back, or another writer came in between: resolve again, here, on
                    // what the store now holds, once this attempt's new persons have left the person index.
                    await pipeline.countResolvedAgain()
                    if !created.isEmpty { try await index.reindex(created.map(\.id)) }
                    made = try await Self.record(checked, resolver: resolver, repositories, context, now, named: named)
                }
                return (try await finish(repositories, made), made)
            })
        } catch {
            outcome = .failure(error)
        }
        await pipeline.finish(ticket)
        switch outcome {
        case .success(let (answer, made)):
            // A replay wrote nothing: the persons this attempt put in the index leave it.
            if made == nil, !created.isEmpty { try await personIndex.reindex(created.map(\.id)) }
            return (answer, made)
        case .failure(let error):
            // Persons put in the index for records that were not stored leave it.
            if !created.isEmpty { try? await personIndex.reindex(created.map(\.id)) }
            throw error
        }
    }

    /// An error of the batch's record `index`, its field named within the batch (`records[17].details.validUntil`).
    static func named(_ index: Int, _ error: ServiceError) -> ServiceError {
        ServiceError(error.code, field: "records[\(index)]" + (error.field.map { ".\($0)" } ?? ""), error.detail)
    }

    /// A record's input once checked, before anything is read or written: who may create it, its fields, its subject.
    struct Checked: Sendable {
        var input: NewRegisterRecord
        var subject: RegisterSubject?
        var span: (validFrom: String?, validUntil: String?)
        var detailsJSON: String
        /// The subject as stored with the record, encoded here, before a batch's transaction, not in it.
        var subjectJSON: String
    }

    static func checked(_ input: NewRegisterRecord, context: AccessContext, now: Date) throws -> Checked {
        try context.authorize(.create, input.register.resource)
        guard input.details.register == input.register else {
            throw ServiceError.invalid("details", "are not the fields of a \(input.register.rawValue) record")
        }
        let span = try input.details.validated()
        let subject = try input.subject.map { s throws(ServiceError) in try IdentityResolver.validated(s, today: now) }
        if input.personId == nil && subject == nil {
            throw ServiceError.invalid("subject", "is required when personId is not given: who is the record about?")
        }
        let subjectJSON = String(decoding: try JSONEncoder().encode(subject ?? RegisterSubject(surname: "")), as: UTF8.self)
        return Checked(input: input, subject: subject, span: span, detailsJSON: try input.details.json(), subjectJSON: subjectJSON)
    }

    /// Screens, before the batch's transaction, the records that name neither a person nor a document Kordon
    /// knows (read outside the transaction; the transaction reads the documents again and screens any record this
    /// read took for known).
    static func screenedBefore(
        _ batch: [Checked], resolver: IdentityResolver, repositories: Repositories
    ) async throws -> IdentityResolver.Screened? {
        let documents = batch.compactMap(\.subject?.document)
        let known = Set(try await repositories.persons.documents(numbers: documents.map(\.number)).map(IdentityBatch.DocumentKey.init))
        var unknown: [Int: RegisterSubject] = [:]
        for (index, item) in batch.enumerated() where item.input.personId == nil {
            guard let subject = item.subject else { continue }
            if let document = subject.document, known.contains(IdentityBatch.DocumentKey(document)) { continue }
            unknown[index] = subject
        }
        return await resolver.screened(unknown)
    }

    /// What recording a batch made: the records as the caller sees them (in input order), the alerts to screen
    /// after the commit, the persons the index re-reads.
    struct Recorded: Sendable {
        var views: [RegisterRecordView] = []
        var alerts: [AlertRecord] = []
        var touched: [UUID] = []
    }

    /// Records a batch: each record resolved to its person in input order (a record sees the persons, documents
    /// and names earlier ones added), then everything written in multi-row statements: persons, documents, names,
    /// records, their first versions, reviews for an officer, derived authorisations and alerts, presence, events.
    static func record(
        _ batch: [Checked], resolver: IdentityResolver, _ repositories: Repositories, _ context: AccessContext,
        _ now: Date, screened before: IdentityResolver.Screened? = nil, named: (Int, ServiceError) -> ServiceError
    ) async throws -> Recorded {
        let resolved = try await resolve(batch, resolver: resolver, repositories, context, now, screened: before, named: named)
        return try await write(resolved, to: repositories, now: now)
    }

    /// A batch decided and not yet written: its rows, and what it read to decide them (``IdentityBatch``).
    struct Resolved {
        var identities: IdentityBatch
        var records: [RegisterRecord] = []
        var history: [RegisterHistoryEntry] = []
        var reviews: [IdentityReview] = []
        var events: [NewEvent] = []
        var derived: [Derivation] = []
        var made = Recorded()
    }

    /// Decides a batch's records in input order (a record sees the persons, documents and names earlier ones added),
    /// reading through `repositories` and, for batches resolved before it and not yet committed, `pending`.
    static func resolve(
        _ batch: [Checked], resolver: IdentityResolver, _ repositories: Repositories, _ context: AccessContext,
        _ now: Date, screened before: IdentityResolver.Screened?, named: (Int, ServiceError) -> ServiceError,
        pending: ImportPipeline.Pending = .init()
    ) async throws -> Resolved {
        let identities = try await IdentityBatch(
            personIds: batch.compactMap(\.input.personId), documents: batch.compactMap(\.subject?.document),
            repositories: repositories, now: now, pending: pending
        )
        // Records named by person or by a known document need no screening; the rest are screened side by side.
        var unknown: [Int: RegisterSubject] = [:]
        for (index, item) in batch.enumerated() where item.input.personId == nil {
            if let subject = item.subject, subject.document.flatMap(identities.holder(of:)) == nil { unknown[index] = subject }
        }
        var screened: [Int: [IdentityResolver.Candidate]]
        if let before, let since = resolver.index.entries(since: before.version) {
            screened = await resolver.updated(
                before.candidates.filter { unknown[$0.key] != nil }, subjects: unknown, since: since
            )
            let missed = unknown.filter { before.candidates[$0.key] == nil }
            for (key, found) in await resolver.candidates(for: missed) { screened[key] = found }
        } else {
            screened = await resolver.candidates(for: unknown)
        }
        // The best candidates are read in one statement, not one by one as each record is decided.
        try await identities.read(screened.values.compactMap { $0.first?.personId })
        var resolved = Resolved(identities: identities)
        var touched = Set<UUID>()
        for (index, item) in batch.enumerated() {
            do {
                let resolution = try await resolver.resolve(
                    personId: item.input.personId, subject: item.subject, batch: identities,
                    agencyId: context.principal.agencyId, now: now, candidates: screened[index]
                )
                let subject = item.subject ?? RegisterSubject(surname: "")
                let record = RegisterRecord(
                    register: item.input.register, personId: resolution.personId, agencyId: context.principal.agencyId,
                    validFrom: item.span.validFrom, validUntil: item.span.validUntil, details: item.detailsJSON,
                    subject: item.subjectJSON,
                    link: resolution.link, createdAt: now, createdBy: context.principal.officerId, updatedAt: now,
                    updatedBy: context.principal.officerId
                )
                resolved.records.append(record)
                resolved.history.append(RegisterHistoryEntry(record, change: .created, reason: nil))
                var reviewId: UUID?
                if let candidate = resolution.review {
                    let review = IdentityReview(
                        recordId: record.id, personId: resolution.personId, candidateId: candidate.personId,
                        score: candidate.score, evidence: candidate.evidence, createdAt: now
                    )
                    resolved.reviews.append(review)
                    reviewId = review.id
                }
                resolved.events += Self.events("created", record)
                // An entry ban names its person on the alert; a new record's id is new: no alert was made from it yet.
                let person = item.input.register == .entryBan ? try await identities.live(record.personId) : nil
                resolved.derived.append(
                    try derivation(record, item.input.details, subject: item.subject, person: person, existing: nil, now: now)
                )
                resolved.made.views.append(RegisterRecordView(record, details: item.input.details, subject: subject, reviewId: reviewId))
                for id in resolution.touched where touched.insert(id).inserted { resolved.made.touched.append(id) }
            } catch let error as ServiceError {
                throw named(index, error)
            }
        }
        return resolved
    }

    /// Writes a resolved batch in multi-row statements: persons, documents, names, records, their first versions,
    /// reviews for an officer, derived authorisations and alerts, presence, events.
    static func write(_ resolved: Resolved, to repositories: Repositories, now: Date) async throws -> Recorded {
        var made = resolved.made
        try await resolved.identities.write(to: repositories)
        try await repositories.registers.insert(resolved.records)
        try await repositories.registers.append(resolved.history)
        try await repositories.registers.insert(resolved.reviews)
        made.alerts = try await write(resolved.derived, repositories, now: now)
        try await repositories.outbox.append(resolved.events, at: now)
        return made
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
        var person: Person?
        var existing: AlertRecord?
        if case .entryBan = details {
            person = try await repositories.persons.find(id: record.personId)
            existing = try await repositories.alerts.find(id: record.id, forUpdate: true)
        }
        let alert = try await write(
            [try derivation(record, details, subject: subject, person: person, existing: existing, now: now)], repositories,
            now: now
        ).first
        try await repositories.audit.append(
            [context.audit("register.\(change == .ended ? "end" : "amend")", record.register.rawValue, ids: [record.id.uuidString], persons: [record.personId])],
            at: now
        )
        try await repositories.outbox.append(events(change.rawValue, record), at: now)
        return (try RegisterRecordView(record), alert)
    }

    /// What a record derives: the stay authorisation it grants (nil: none, or none any more), or the watchlist alert
    /// it is screened as.
    enum Derivation {
        case authorisation(recordId: UUID, personId: UUID, AuthorisationRecord?)
        case alert(AlertRecord, isNew: Bool)
        case nothing
    }

    /// The stay authorisation (permits, protection, visas) or the watchlist alert (entry bans) a record makes, to be
    /// written over the previous one. `person` and `existing` (the alert made from an earlier version) are read by
    /// the caller for an entry ban.
    static func derivation(
        _ record: RegisterRecord, _ details: RegisterDetails, subject: RegisterSubject?, person: Person?,
        existing: AlertRecord?, now: Date
    ) throws -> Derivation {
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
            return .authorisation(recordId: record.id, personId: record.personId, stored)
        case .entryBan(let ban):
            let alert = banAlert(record, ban, subject: subject, person: person, existing: existing, now: now)
            return .alert(alert, isNew: existing == nil)
        case .irregularMigrant, .citizenship, .offence:
            return .nothing
        }
    }

    /// Writes what records derive, in batched statements: authorisations replaced, the presence of their persons
    /// refreshed, alerts inserted or updated. Returns the alerts, to apply to the screening index after the commit.
    static func write(_ derived: [Derivation], _ repositories: Repositories, now: Date) async throws -> [AlertRecord] {
        var replaced: [UUID] = []
        var authorisations: [AuthorisationRecord] = []
        var persons: [UUID] = []
        var seen = Set<UUID>()
        var alerts: [AlertRecord] = []
        var newAlerts: [AlertRecord] = []
        for item in derived {
            switch item {
            case .authorisation(let recordId, let personId, let stored):
                replaced.append(recordId)
                if let stored { authorisations.append(stored) }
                if seen.insert(personId).inserted { persons.append(personId) }
            case .alert(let alert, let isNew):
                alerts.append(alert)
                if isNew { newAlerts.append(alert) } else { try await repositories.alerts.update(alert) }
            case .nothing:
                break
            }
        }
        if !replaced.isEmpty {
            try await repositories.registers.replaceAuthorisations(recordIds: replaced, with: authorisations)
            // Who is in the country and until when is kept as records change, not recomputed per request (issue 15).
            try await PresenceKeeper().refresh(personIds: persons, in: repositories, now: now)
        }
        if !newAlerts.isEmpty { try await repositories.alerts.insert(newAlerts) }
        return alerts
    }

    /// The watchlist alert an entry ban is screened as: same id, owned by the same agency, refuse on a hit.
    static func banAlert(
        _ record: RegisterRecord, _ ban: EntryBanDetails, subject: RegisterSubject?, person: Person?,
        existing: AlertRecord?, now: Date
    ) -> AlertRecord {
        let from = Validate.parseDate(ban.bannedFrom) ?? now
        // The ban holds to the end of its last day.
        let until = Validate.parseDate(ban.bannedUntil).map { $0.addingTimeInterval(86_400) }
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
