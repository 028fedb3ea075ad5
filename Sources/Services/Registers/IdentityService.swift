import Foundation
import Screening
import Store

/// One person behind records from many agencies (issue 11 items 2, 3 and 5): search, the person's timeline,
/// merging two persons, splitting a wrong merge, and the resolver's review queue.
public struct IdentityService: Sendable {
    let database: KordonDatabase
    let clock: Clock
    let index: PersonIndex
    let resolution: ResolutionPolicy

    public init(database: KordonDatabase, clock: @escaping Clock, index: PersonIndex, resolution: ResolutionPolicy) {
        self.database = database
        self.clock = clock
        self.index = index
        self.resolution = resolution
    }

    // MARK: - Search

    public struct SearchResult: Codable, Sendable, Hashable {
        public var person: Person
        /// Names besides the document's (as the registers write them).
        public var otherNames: [String]
        public var documents: [String]
        /// 1 for a document match; the screening score for a name.
        public var score: Double
        public var why: [String]
    }

    /// Persons by name (any script or transliteration), birth date and nationality, or by document number.
    public func search(
        name: String?, birthDate: String?, nationality: String?, document: String?, context: AccessContext
    ) async throws -> [SearchResult] {
        try context.authorize(.read, .person)
        let now = clock()
        let documentNumber = document.map { $0.uppercased().filter { $0.isLetter || $0.isNumber } }.flatMap { $0.isEmpty ? nil : $0 }
        let nameText = try name.map { v throws(ServiceError) in try Validate.name(v, field: "name", allowEmpty: true) }
            .flatMap { $0.isEmpty ? nil : $0 }
        guard nameText != nil || documentNumber != nil else {
            throw ServiceError.invalid("name", "give a name or a document number to search for")
        }
        let born = try birthDate.flatMap { $0.isEmpty ? nil : $0 }.map { v throws(ServiceError) in
            try Validate.birthDate(v, field: "birthDate", today: now)
        }
        let state = try nationality.flatMap { $0.isEmpty ? nil : $0 }.map { v throws(ServiceError) in
            try Validate.countryCode(v, field: "nationality")
        }
        var scored: [UUID: (Double, [String])] = [:]
        let repositories = database.repositories
        if let documentNumber {
            for row in try await repositories.persons.documents(number: documentNumber) {
                scored[row.personId] = (1, ["document \(row.issuingState) \(row.number)"])
            }
        }
        if let nameText {
            try await index.refresh()
            // "Surname Given names": the first word is the surname unless the searcher wrote a comma.
            let parts: (String, String) = {
                if let comma = nameText.firstIndex(of: ",") {
                    return (String(nameText[..<comma]), String(nameText[nameText.index(after: comma)...]))
                }
                let words = nameText.split(separator: " ", maxSplits: 1).map(String.init)
                return (words[0], words.count > 1 ? words[1] : "")
            }()
            let given = parts.1.trimmingCharacters(in: .whitespaces)
            let queries = IdentityResolver.queries(
                surname: parts.0, givenNames: given, birthDate: born.flatMap { BirthDate(iso: $0) }, nationality: state
            )
            // A surname alone scores at most about half (the matcher counts given names it cannot compare as
            // half a match): look wider.
            let threshold = given.isEmpty ? 0.4 : 0.7
            for hit in queries.flatMap({ index.candidates($0, threshold: threshold, limit: 50) }) {
                guard let id = UUID(uuidString: hit.alertID), (scored[id]?.0 ?? 0) < hit.score else { continue }
                scored[id] = (hit.score, IdentityResolver.evidence(hit))
            }
        }
        var persons = try await repositories.persons.find(ids: Array(scored.keys))
        for (id, person) in persons where try await repositories.persons.mergedInto(id) != nil || (state != nil && person.nationality != state) {
            persons[id] = nil
        }
        let names = try await repositories.registers.names(personIds: Array(persons.keys))
        var results: [SearchResult] = []
        for (id, person) in persons {
            let documents = try await repositories.persons.documents(personId: id).map { "\($0.documentCode) \($0.issuingState) \($0.number)" }
            results.append(SearchResult(
                person: person, otherNames: (names[id] ?? []).map { "\($0.surname) \($0.givenNames)".trimmingCharacters(in: .whitespaces) },
                documents: documents, score: scored[id]?.0 ?? 0, why: scored[id]?.1 ?? []
            ))
        }
        results.sort { ($0.score, $0.person.surname) > ($1.score, $1.person.surname) }
        let listed = Array(results.prefix(50))
        try await database.transaction { (tx: Repositories) in
            try await tx.audit.append(
                [context.audit("person.search", "person", ids: [], persons: listed.map(\.person.id))], at: now
            )
        }
        return listed
    }

    // MARK: - Timeline

    /// One entry of a person's timeline.
    public struct TimelineEntry: Codable, Sendable, Hashable {
        /// `document`, `crossing`, `check`, or a register (`residence_permit`, `asylum`, …).
        public var kind: String
        public var at: Date
        /// ISO date the entry concerns (a permit's validity start, a crossing's day).
        public var day: String
        public var title: String
        public var detail: String?
        public var agencyId: UUID?
        public var recordId: UUID
        public var status: String?
        /// The codes, dates and names `title` and `detail` are made of, by name, so that a console can word the
        /// entry in the officer's language; nil where the viewer may not read them.
        public var arguments: [String: String]? = nil

        public init(
            kind: String, at: Date, day: String, title: String, detail: String?, agencyId: UUID?, recordId: UUID,
            status: String?, arguments: [String: String]? = nil
        ) {
            self.kind = kind
            self.at = at
            self.day = day
            self.title = title
            self.detail = detail
            self.agencyId = agencyId
            self.recordId = recordId
            self.status = status
            self.arguments = arguments
        }
    }

    public struct Timeline: Codable, Sendable, Hashable {
        public var person: Person
        public var otherNames: [String]
        public var entries: [TimelineEntry]
        /// The kinds of record the viewer's policy hides from him (he is told they are not shown, not that none exist).
        public var hidden: [String]
        public var merges: [PersonMerge]
        /// The person's documents (when the viewer may read documents).
        public var documents: [TravelDocumentRecord]
        /// What authorises the stay, from the registers and earlier records (when the viewer may read authorisations).
        public var authorisations: [Authorised]
    }

    /// An authorisation to stay as the person page lists it.
    public struct Authorised: Codable, Sendable, Hashable {
        public var kind: String
        public var validFrom: String
        public var validUntil: String?
    }

    /// Every document, register record, crossing and check of a person, newest first (by the day each happened), as far as the viewer's policy
    /// lets him read each kind (audited).
    public func timeline(_ personId: UUID, context: AccessContext) async throws -> Timeline {
        try context.authorize(.read, .person)
        let now = clock()
        return try await database.transaction { (repositories: Repositories) -> Timeline in
            guard let person = try await repositories.persons.find(id: personId) else {
                throw ServiceError(.notFound, field: "id", "no person with this id")
            }
            if let survivor = try await repositories.persons.mergedInto(personId) {
                throw ServiceError(
                    .conflict, field: "id", "this person was merged into \(survivor.uuidString.lowercased()); open that person"
                )
            }
            var entries: [TimelineEntry] = []
            var hidden: [String] = []
            var documents: [TravelDocumentRecord] = []
            if context.may(.read, .document) {
                documents = try await repositories.persons.documents(personId: personId)
                for d in documents {
                    entries.append(TimelineEntry(
                        kind: "document", at: d.createdAt, day: Self.day(d.createdAt),
                        title: "\(d.documentCode) \(d.issuingState) \(d.number)",
                        detail: d.expiryDate.map { "valid until \($0)" }, agencyId: nil, recordId: d.id, status: nil,
                        arguments: d.expiryDate.map { ["until": $0] }
                    ))
                }
            } else { hidden.append("document") }
            let readable = Register.allCases.filter { context.may(.read, $0.resource) }
            hidden += Register.allCases.filter { !readable.contains($0) }.map(\.rawValue)
            for record in try await repositories.registers.records(personIds: [personId], registers: readable) {
                let grant = try context.authorize(.read, record.register.resource)
                if grant.scope == .ownAgency && record.agencyId != context.principal.agencyId { continue }
                var title = Self.title(record, nil)
                var arguments = Self.spanArguments(record)
                if grant.shows("details") {
                    // A stored record that cannot be read is shown as such, never left out.
                    if let details = try? RegisterDetails.decode(record.register, json: record.details) {
                        title = Self.title(record, details)
                        arguments.merge(Self.titleArguments(details)) { a, _ in a }
                    } else {
                        title += ": the stored record cannot be read; report record \(record.id.uuidString.lowercased())"
                    }
                }
                entries.append(TimelineEntry(
                    kind: record.register.rawValue, at: record.createdAt, day: record.validFrom ?? Self.day(record.createdAt),
                    title: title, detail: Self.span(record), agencyId: record.agencyId,
                    recordId: record.id, status: record.status.rawValue, arguments: arguments
                ))
            }
            if let grant = try? context.authorize(.read, .crossing) {
                var crossings = try await repositories.crossings.crossings(personIds: [personId])[personId] ?? []
                if grant.scope == .jointPoints {
                    let joint = Set(try await repositories.crossingPoints.all().filter {
                        $0.jointControl == true && $0.neighbour == context.principal.agencyCountry
                    }.map(\.code))
                    crossings = crossings.filter { joint.contains($0.pointCode) }
                }
                for c in crossings {
                    entries.append(TimelineEntry(
                        kind: "crossing", at: c.occurredAt, day: Self.day(c.occurredAt),
                        title: "\(c.direction.rawValue) at \(c.pointCode)", detail: c.decision.rawValue
                            + (c.refusalReasons.isEmpty ? "" : " (\(c.refusalReasons.joined(separator: ", ")))"),
                        agencyId: c.agencyId, recordId: c.id, status: c.decision.rawValue,
                        arguments: [
                            "direction": c.direction.rawValue, "point": c.pointCode, "decision": c.decision.rawValue,
                            "reasons": c.refusalReasons.joined(separator: ", "),
                        ]
                    ))
                }
                // The neighbour's records of the same documents at the joint points (issue 12 item 4).
                // The documents were read above when the viewer may see them; read once either way.
                let byDocument = (documents.isEmpty ? try await repositories.persons.documents(personId: personId) : documents)
                    .map { (issuingState: $0.issuingState, number: DocumentReference.normalizedNumber($0.number)) }
                let reported = try await repositories.partners.crossings(documents: byDocument, since: .distantPast, limit: 200)
                if !reported.isEmpty {
                    let partners = Dictionary(try await repositories.partners.all().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
                    for c in reported {
                        let partner = partners[c.partnerId]
                        entries.append(TimelineEntry(
                            kind: "partner_crossing", at: c.occurredAt, day: Self.day(c.occurredAt),
                            title: "\(c.direction) at \(c.pointCode), reported by \(partner?.code ?? "a partner")",
                            detail: [c.decision, c.plate.map { "vehicle \($0)" }, c.customsReference.map { "customs declaration \($0)" }]
                                .compactMap { $0 }.joined(separator: ", "),
                            agencyId: nil, recordId: c.id, status: c.decision,
                            arguments: [
                                "direction": c.direction, "point": c.pointCode, "partner": partner?.code ?? "?",
                                "country": partner?.country ?? "?", "decision": c.decision ?? "", "plate": c.plate ?? "",
                                "customsReference": c.customsReference ?? "",
                            ]
                        ))
                    }
                }
            } else { hidden.append("crossing") }
            if context.may(.read, .check) {
                for check in try await repositories.checks.checks(personId: personId, limit: 200) {
                    entries.append(TimelineEntry(
                        kind: "check", at: check.createdAt, day: Self.day(check.createdAt),
                        title: "\(check.direction.rawValue) check at \(check.pointCode)",
                        detail: "\(check.recommendation.rawValue), \(check.hitCount) hit(s)" + (check.decision.map { ", \($0)" } ?? ""),
                        agencyId: check.agencyId, recordId: check.id, status: check.status.rawValue,
                        arguments: [
                            "direction": check.direction.rawValue, "point": check.pointCode,
                            "recommendation": check.recommendation.rawValue, "hits": String(check.hitCount),
                            "decision": check.decision ?? "",
                        ]
                    ))
                }
            } else { hidden.append("check") }
            // Newest first by the day it happened (a permit's first day, an offence's date, a crossing's): an
            // offence of March recorded in December belongs below a May crossing. Then by when it was recorded.
            entries.sort { ($0.day, $0.at, $0.recordId.uuidString) > ($1.day, $1.at, $1.recordId.uuidString) }
            let names = try await repositories.registers.names(personIds: [personId])[personId] ?? []
            let merges = context.may(.read, .identity) ? try await repositories.persons.merges(personIds: [personId]) : []
            try await repositories.audit.append(
                [context.audit("person.timeline", "person", ids: [personId.uuidString], persons: [personId])], at: now
            )
            let authorisations = context.may(.read, .authorisation)
                ? try await repositories.checks.authorisations(personId: personId).map {
                    Authorised(kind: $0.kind, validFrom: $0.validFrom, validUntil: $0.validUntil)
                } : []
            return Timeline(
                person: person, otherNames: names.map { "\($0.surname) \($0.givenNames)".trimmingCharacters(in: .whitespaces) },
                entries: entries, hidden: hidden, merges: merges, documents: documents, authorisations: authorisations
            )
        }
    }

    static func day(_ date: Date) -> String {
        String(ISO8601DateFormatter.string(from: date, timeZone: .gmt, formatOptions: [.withFullDate]))
    }

    static func span(_ record: RegisterRecord) -> String? {
        var parts: [String] = []
        if let from = record.validFrom { parts.append("from \(from)") }
        if let until = record.validUntil { parts.append("until \(until)") }
        if let ended = record.endedOn { parts.append("ended \(ended)" + (record.endReason.map { ": \($0)" } ?? "")) }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    /// `span`'s dates by name.
    static func spanArguments(_ record: RegisterRecord) -> [String: String] {
        var arguments: [String: String] = [:]
        if let from = record.validFrom { arguments["from"] = from }
        if let until = record.validUntil { arguments["until"] = until }
        if let ended = record.endedOn { arguments["ended"] = ended }
        if let reason = record.endReason { arguments["endReason"] = reason }
        return arguments
    }

    /// `title`'s codes and values by name (prefixed `t.` so they never collide with the span's dates).
    static func titleArguments(_ details: RegisterDetails) -> [String: String] {
        let pairs: [String: String?] = switch details {
        case .residencePermit(let d): ["permitType": d.permitType.rawValue, "purpose": d.purpose.rawValue, "card": d.cardNumber]
        case .asylum(let d):
            [
                "appliedOn": d.appliedOn,
                "state": d.protection.map { "granted_\($0.kind.rawValue)" } ?? d.steps.last?.outcome.rawValue ?? "pending",
            ]
        case .irregularMigrant(let d): ["place": d.place, "unit": d.unit, "outcome": d.outcomes.last?.kind.rawValue]
        case .citizenship(let d): ["change": d.change.rawValue, "basis": d.basis]
        case .offence(let d): ["article": d.article, "decision": d.decision?.rawValue, "paid": d.paid ? "paid" : nil]
        case .entryBan(let d): ["until": d.bannedUntil, "reason": d.reason]
        case .visa(let d): ["visaType": d.visaType.rawValue, "number": d.visaNumber, "entries": d.entries.rawValue]
        }
        return Dictionary(uniqueKeysWithValues: pairs.compactMap { key, value in value.map { ("t.\(key)", $0) } })
    }

    /// What the record is, in words; without details when the viewer's grant does not show them.
    static func title(_ record: RegisterRecord, _ details: RegisterDetails?) -> String {
        switch details {
        case .residencePermit(let d): "\(d.permitType.rawValue) residence permit (\(d.purpose.rawValue)), card \(d.cardNumber)"
        case .asylum(let d):
            "asylum application of \(d.appliedOn)" + (d.protection.map { ": \($0.kind.rawValue) protection" } ?? (d.steps.last.map { ": \($0.outcome.rawValue)" } ?? ": pending"))
        case .irregularMigrant(let d): "apprehended at \(d.place) by \(d.unit)" + (d.outcomes.last.map { ": \($0.kind.rawValue)" } ?? "")
        case .citizenship(let d): "citizenship \(d.change.rawValue) (\(d.basis))"
        case .offence(let d): "offence, art. \(d.article)" + (d.decision.map { ": \($0.rawValue)" } ?? "") + (d.paid ? ", paid" : "")
        case .entryBan(let d): "entry ban until \(d.bannedUntil): \(d.reason)"
        case .visa(let d): "\(d.visaType == .shortStay ? "short-stay (C)" : "long-stay (D)") visa \(d.visaNumber), \(d.entries.rawValue) entry"
        case nil: record.register.rawValue.replacingOccurrences(of: "_", with: " ")
        }
    }

    // MARK: - Merge and split

    /// Merges `mergedId` into `survivorId`: every document, crossing, check, authorisation, register record and
    /// name moves; the merge keeps what moved so a split restores it exactly.
    public func merge(survivorId: UUID, mergedId: UUID, reason: String, context: AccessContext) async throws -> PersonMerge {
        try context.authorize(.update, .identity)
        let reason = try Validate.name(reason, field: "reason", max: 1000)
        guard survivorId != mergedId else {
            throw ServiceError.invalid("mergedId", "is the same person as survivorId: a person cannot be merged with himself")
        }
        let now = clock()
        let merge = try await database.transaction { (repositories: Repositories) -> PersonMerge in
            try await Self.merge(survivorId: survivorId, mergedId: mergedId, reason: reason, repositories, context, now)
        }
        try await index.reindex([survivorId, mergedId])
        return merge
    }

    static func merge(
        survivorId: UUID, mergedId: UUID, reason: String, _ repositories: Repositories, _ context: AccessContext, _ now: Date
    ) async throws -> PersonMerge {
        for (id, field) in [(survivorId, "survivorId"), (mergedId, "mergedId")] {
            guard try await repositories.persons.find(id: id) != nil else {
                throw ServiceError(.notFound, field: field, "no person with this id")
            }
            if let into = try await repositories.persons.mergedInto(id) {
                throw ServiceError(.conflict, field: field, "this person was already merged into \(into.uuidString.lowercased())")
            }
        }
        let moved = try await repositories.persons.moveAll(from: mergedId, to: survivorId)
        let merge = PersonMerge(
            survivorId: survivorId, mergedId: mergedId, reason: reason, moved: moved, officerId: context.principal.officerId,
            agencyId: context.principal.agencyId, mergedAt: now
        )
        try await repositories.persons.insert(merge)
        try await PresenceKeeper().refresh(personIds: [survivorId, mergedId], in: repositories, now: now)
        try await repositories.audit.append(
            [context.audit("person.merge", "person", ids: [merge.id.uuidString], persons: [survivorId, mergedId])], at: now
        )
        try await repositories.outbox.append([NewEvent(
            type: "person.merged", aggregateType: "person", aggregateId: survivorId.uuidString, agencyId: context.principal.agencyId,
            payload: ["mergeId": merge.id.uuidString, "survivorId": survivorId.uuidString, "mergedId": mergedId.uuidString]
        )], at: now)
        return merge
    }

    /// Splits a wrong merge: the merged person is a person again with exactly the rows the merge moved.
    public func split(mergeId: UUID, reason: String, context: AccessContext) async throws -> PersonMerge {
        try context.authorize(.update, .identity)
        let reason = try Validate.name(reason, field: "reason", max: 1000)
        let now = clock()
        let merge = try await database.transaction { (repositories: Repositories) -> PersonMerge in
            guard var merge = try await repositories.persons.merge(id: mergeId) else {
                throw ServiceError(.notFound, field: "mergeId", "no merge with this id")
            }
            if let at = merge.splitAt {
                throw ServiceError(.conflict, field: "mergeId", "this merge was already split on \(ISO8601DateFormatter().string(from: at))")
            }
            // A survivor merged on into a third person holds the moved rows no longer: splitting now would leave the
            // restored person without them. Split the later merge first.
            if let onward = try await repositories.persons.mergedInto(merge.survivorId) {
                throw ServiceError(
                    .conflict, field: "mergeId",
                    "the surviving person was later merged into \(onward.uuidString.lowercased()); split that merge first, or the records would be orphaned"
                )
            }
            try await repositories.persons.moveBack(merge)
            try await PresenceKeeper().refresh(personIds: [merge.survivorId, merge.mergedId], in: repositories, now: now)
            guard try await repositories.persons.markSplit(mergeId, by: context.principal.officerId, reason: reason, at: now) else {
                throw ServiceError(.conflict, field: "mergeId", "someone split this merge at the same time")
            }
            merge.splitAt = now
            merge.splitBy = context.principal.officerId
            merge.splitReason = reason
            try await repositories.audit.append(
                [context.audit("person.split", "person", ids: [mergeId.uuidString], persons: [merge.survivorId, merge.mergedId])],
                at: now
            )
            try await repositories.outbox.append([NewEvent(
                type: "person.split", aggregateType: "person", aggregateId: merge.survivorId.uuidString,
                agencyId: context.principal.agencyId,
                payload: ["mergeId": mergeId.uuidString, "survivorId": merge.survivorId.uuidString, "mergedId": merge.mergedId.uuidString]
            )], at: now)
            return merge
        }
        try await index.reindex([merge.survivorId, merge.mergedId])
        return merge
    }

    // MARK: - Review queue

    /// A review with both persons side by side.
    public struct ReviewView: Codable, Sendable, Hashable {
        public var review: IdentityReview
        public var recordRegister: String?
        public var person: Person?
        public var personDocuments: [String]
        public var candidate: Person?
        public var candidateDocuments: [String]
        public var candidateNames: [String]
    }

    public func reviews(limit: Int = 100, context: AccessContext) async throws -> [ReviewView] {
        try context.authorize(.resolve, .identity)
        guard (1...500).contains(limit) else { throw ServiceError.invalid("limit", "must be 1 to 500") }
        let repositories = database.repositories
        let open = try await repositories.registers.openReviews(limit: limit)
        var views: [ReviewView] = []
        for review in open { views.append(try await view(review, repositories)) }
        let now = clock()
        try await database.transaction { (tx: Repositories) in
            try await tx.audit.append(
                [context.audit("identity.reviews", "identity_review", ids: open.map(\.id.uuidString),
                               persons: open.flatMap { [$0.personId, $0.candidateId] })], at: now
            )
        }
        return views
    }

    func view(_ review: IdentityReview, _ repositories: Repositories) async throws -> ReviewView {
        let persons = try await repositories.persons.find(ids: [review.personId, review.candidateId])
        func documents(_ id: UUID) async throws -> [String] {
            try await repositories.persons.documents(personId: id).map { "\($0.documentCode) \($0.issuingState) \($0.number)" }
        }
        let names = try await repositories.registers.names(personIds: [review.candidateId, review.personId])
        return ReviewView(
            review: review, recordRegister: try await repositories.registers.find(id: review.recordId)?.register.rawValue,
            person: persons[review.personId], personDocuments: try await documents(review.personId),
            candidate: persons[review.candidateId], candidateDocuments: try await documents(review.candidateId),
            candidateNames: (names[review.candidateId] ?? []).map { "\($0.surname) \($0.givenNames)" }
        )
    }

    /// Decides a review: `samePerson` merges the record's person into the candidate; otherwise they stay two.
    public func decide(reviewId: UUID, samePerson: Bool, note: String?, context: AccessContext) async throws -> IdentityReview {
        try context.authorize(.resolve, .identity)
        if samePerson { try context.authorize(.update, .identity) }
        let note = try note.map { v throws(ServiceError) in try Validate.name(v, field: "note", allowEmpty: true, max: 1000) }
        let now = clock()
        let decided = try await database.transaction { (repositories: Repositories) -> IdentityReview in
            guard var review = try await repositories.registers.review(id: reviewId) else {
                throw ServiceError(.notFound, field: "reviewId", "no review with this id")
            }
            guard review.status == .open else {
                throw ServiceError(
                    .conflict, field: "reviewId",
                    "this review was already decided (\(review.status.rawValue)) by \(review.decidedBy?.uuidString.lowercased() ?? "?")"
                )
            }
            let status: IdentityReview.Status = samePerson ? .linked : .keptApart
            guard try await repositories.registers.decide(reviewId: reviewId, status: status, by: context.principal.officerId, note: note, at: now) else {
                throw ServiceError(.conflict, field: "reviewId", "someone decided this review at the same time")
            }
            if samePerson {
                _ = try await Self.merge(
                    survivorId: review.candidateId, mergedId: review.personId,
                    reason: "identity review \(reviewId.uuidString.lowercased())" + (note.map { ": \($0)" } ?? ""), repositories, context, now
                )
            }
            try await repositories.audit.append(
                [context.audit("identity.decide", "identity_review", ids: [reviewId.uuidString], persons: [review.personId, review.candidateId])],
                at: now
            )
            review.status = status
            review.decidedAt = now
            review.decidedBy = context.principal.officerId
            review.note = note
            return review
        }
        if samePerson { try await index.reindex([decided.candidateId, decided.personId]) }
        return decided
    }
}
