import Foundation
import Store
import StayRules
import TravelDocuments

extension CheckService {
    /// The officer's final decision on a check (issue 6 item 3).
    public struct DecisionRequest: Codable, Sendable, Hashable {
        public enum Decision: String, Codable, Sendable, Hashable {
            case admit
            case refuse
        }

        public var decision: Decision
        /// Refusal reason codes: Annex V Part B letters A–I, or Ukraine's U1–U5.
        public var reasons: [String]?
        public var note: String?
        /// Why a traveller with a confirmed refusal-level hit is admitted anyway (the `override` grant);
        /// recorded, audited and reported.
        public var justification: String?
        /// The customs declaration the vehicle crosses under, when customs gave one (`MD-2026-000123`): sent with
        /// the crossing to the partner at a joint point, so its officer sees which declaration the car crossed under.
        public var customsReference: String?

        public init(
            decision: Decision, reasons: [String]? = nil, note: String? = nil, justification: String? = nil,
            customsReference: String? = nil
        ) {
            self.decision = decision
            self.reasons = reasons
            self.note = note
            self.justification = justification
            self.customsReference = customsReference
        }
    }

    /// A check with what second line needs beside it.
    public struct CheckDetail: Codable, Sendable {
        public var check: CheckResult
        public var status: BorderCheck.Status
        public var decision: String?
        public var decisionNote: String?
        public var crossingId: UUID?
        public var person: Person?
        public var timeline: [TimelineEntry]
        /// Who decided, and when (UTC).
        public var decidedBy: String? = nil
        public var decidedAt: Date? = nil
        /// The rules the decision panel shows before the officer hits them.
        public var rules: DecisionRules? = nil
        /// The refusal reason codes of a refusal.
        public var decisionReasons: [String] = []
    }

    /// What the server will accept for this check now, so the console can show it up front.
    public struct DecisionRules: Codable, Sendable, Hashable {
        /// Only second line decides (the check was referred, or it recommends referral).
        public var secondLineOnly: Bool
        /// Hits still to resolve before any decision.
        public var openHits: Int
        /// A confirmed hit makes refusal the only outcome (admission only by override, with a justification).
        public var refusalOnly: Bool
        /// Reason codes pre-ticked from the confirmed hits (an entry ban → H).
        public var suggestedReasons: [String]
    }

    /// The rules for `check` given its hits' resolutions; one place, used by `decide` and the views.
    static func rules(_ check: BorderCheck, _ result: CheckResult, _ resolutions: [String: String]) -> DecisionRules {
        let confirmed = result.hits.filter { resolutions[$0.alertId] == "confirmed" }
        let refusing = confirmed.filter { refusalLevel($0, direction: check.direction) }
        let grounds = refusing.compactMap { hit -> String? in
            switch hit.category {
            case "entry_ban": return "H"
            case "lost_stolen_document": return "B"
            default: return nil
            }
        }
        return DecisionRules(
            secondLineOnly: check.status == .referred || check.recommendation == .refer,
            openHits: result.hits.filter { resolutions[$0.alertId] == nil }.count,
            refusalOnly: !refusing.isEmpty,
            suggestedReasons: Array(Set(grounds)).sorted()
        )
    }

    /// Whether a confirmed hit stops the traveller: on entry every hit but an "inform" one; on exit an
    /// entry ban does not (the traveller is leaving), the rest do.
    static func refusalLevel(_ hit: CheckHit, direction: Crossing.Direction) -> Bool {
        if hit.action == "inform" { return false }
        if direction == .exit && hit.category == "entry_ban" { return false }
        return true
    }

    /// One line of a person's timeline: a crossing, a refusal, a check, a permit or visa.
    public struct TimelineEntry: Codable, Sendable {
        public var at: String
        public var kind: String
        public var text: String
    }

    /// Records the decision and the crossing, once. A repeat of the same decision returns the same
    /// crossing; another decision on a decided check is a conflict.
    public func decide(_ checkId: UUID, _ request: DecisionRequest, context: AccessContext) async throws -> Crossing {
        try context.authorize(.decide, .check)
        let note = try request.note.map { value throws(ServiceError) in try Validate.name(value, field: "note", allowEmpty: true, max: 2000) }
        let reasons = request.reasons ?? []
        switch request.decision {
        case .refuse:
            if context.principal.role != .secondLine {
                throw ServiceError(.forbidden, field: "decision", "a refusal is decided by a second-line officer; refer the traveller")
            }
            if reasons.isEmpty { throw ServiceError.invalid("reasons", "a refusal needs at least one reason code") }
            for (index, code) in reasons.enumerated() where !refusalCodes.contains(code) {
                throw ServiceError.invalid("reasons[\(index)]", "unknown reason code; use A–I of the standard form or U1–U5")
            }
        case .admit:
            if !reasons.isEmpty { throw ServiceError.invalid("reasons", "must be empty when admitting") }
        }
        let justification = try request.justification.map { value throws(ServiceError) in
            try Validate.name(value, field: "justification", allowEmpty: true, max: 2000)
        }.flatMap { $0.isEmpty ? nil : $0 }
        let customsReference = try request.customsReference.flatMap { value throws(ServiceError) in
            try Validate.customsReference(value)
        }
        let requestHash = try Idempotency.requestHash(request)
        let now = clock()
        return try await database.transaction { (tx: Repositories) -> Crossing in
            // Locked: another server deciding the same check waits, then sees it decided (exactly once).
            guard let check = try await tx.checks.find(id: checkId, forUpdate: true),
                check.agencyId == context.principal.agencyId
            else {
                throw ServiceError(.notFound, field: "id", "no check with this id in your agency")
            }
            if check.status == .decided {
                guard check.decisionSHA256 == requestHash, let crossingId = check.crossingId,
                    let crossing = try await tx.crossings.find(id: crossingId)
                else {
                    var by = "another officer"
                    if let officerId = check.decidedBy, let officer = try await tx.agencies.officer(id: officerId) {
                        by = officer.name
                    }
                    let when = check.decidedAt.map { " at \($0.formatted(.iso8601))" } ?? ""
                    throw ServiceError(
                        .conflict, field: "decision",
                        "this check was already decided (\(check.decision ?? "?")) by \(by)\(when)"
                    )
                }
                return crossing
            }
            try await Self.ensureNotHeldElsewhere(check, tx: tx, context: context)
            let result = try Self.decodeResult(check.result)
            let rules = Self.rules(check, result, try await tx.checks.resolutions(checkId: checkId))
            if rules.secondLineOnly && !context.may(.resolve, .check) {
                throw ServiceError(.forbidden, field: "decision", "this traveller was referred: a second-line officer decides")
            }
            if rules.openHits > 0 {
                throw ServiceError(
                    .conflict, field: "hits",
                    "resolve every hit before deciding: \(rules.openHits) still open (confirmed or not the same person)"
                )
            }
            var overridden = false
            if rules.refusalOnly && request.decision == .admit {
                guard context.may(.override, .check) else {
                    throw ServiceError(
                        .forbidden, field: "decision",
                        "a confirmed hit makes refusal the only decision; admission needs an officer allowed to override"
                    )
                }
                guard let justification, justification.count >= 20 else {
                    throw ServiceError.invalid(
                        "justification", "admitting despite a confirmed hit needs a written justification (20 characters or more)"
                    )
                }
                overridden = true
            }
            let (personId, documentId) = try await Self.personAndDocument(for: check, result: result, tx: tx, context: context, now: now)
            let crossing = Crossing(
                personId: personId, documentId: documentId, pointCode: check.pointCode, direction: check.direction,
                occurredAt: now, officerId: context.principal.officerId, agencyId: context.principal.agencyId,
                decision: request.decision == .admit ? .admitted : .refused, refusalReasons: reasons, recordedAt: now
            )
            try await tx.crossings.insert([crossing])
            try await PresenceKeeper(homeState: homeState).crossingRecorded(personId: personId, in: tx, now: now)
            let storedNote = overridden ? ["Override: " + (justification ?? ""), note].compactMap { $0 }.joined(separator: " — ") : note
            try await tx.checks.recordDecision(
                id: check.id, decision: request.decision.rawValue, note: storedNote, sha256: requestHash,
                by: context.principal.officerId, at: now, personId: personId, documentId: documentId, crossingId: crossing.id
            )
            try await tx.audit.append(
                [context.audit(
                    overridden ? "check.override" : "check.decide", "border_check",
                    ids: [check.id.uuidString, crossing.id.uuidString], persons: [personId]
                )],
                at: now
            )
            if overridden {
                // Reported: supervisors and oversight subscribe to overrides.
                try await tx.outbox.append(
                    [NewEvent(
                        type: "check.override", aggregateType: "border_check", aggregateId: check.id.uuidString,
                        agencyId: context.principal.agencyId,
                        payload: ["checkId": check.id.uuidString, "officerId": context.principal.officerId.uuidString]
                    )],
                    at: now
                )
            }
            try await tx.outbox.append(
                [NewEvent(
                    type: "crossing.recorded", aggregateType: "crossing", aggregateId: crossing.id.uuidString,
                    agencyId: crossing.agencyId,
                    payload: [
                        "crossingId": crossing.id.uuidString, "checkId": check.id.uuidString,
                        "personId": personId.uuidString, "pointCode": crossing.pointCode,
                        "direction": crossing.direction.rawValue, "decision": crossing.decision.rawValue,
                    ].merging(Self.travellerPayload(result)) { a, _ in a }
                        .merging(customsReference.map { ["customsReference": $0] } ?? [:]) { a, _ in a }
                )],
                at: now
            )
            return crossing
        }
    }

    /// The person and document of a check: recorded ones, or new records made from a valid MRZ.
    static func personAndDocument(
        for check: BorderCheck, result: CheckResult, tx: Repositories, context: AccessContext, now: Date
    ) async throws -> (UUID, UUID?) {
        if let personId = check.personId { return (personId, check.documentId) }
        let document = result.document
        // The same traveller may have been recorded since this check was made (a second referred check
        // decided after the first): use that record, never a second copy of the document.
        if let number = document.documentNumber, let state = document.issuingState, let code = document.documentCode,
            let existing = try await tx.persons.document(issuingState: state, number: number, documentCode: code)
        {
            return (existing.personId, existing.id)
        }
        guard document.mrzValid, let surname = document.surname, let nationality = document.nationality,
            let number = document.documentNumber, let state = document.issuingState, let code = document.documentCode
        else {
            throw ServiceError(
                .validation, field: "mrz",
                "the document did not validate and no person is recorded for it: record the person first (POST /v1/persons)"
            )
        }
        let person = Person(
            surname: surname, givenNames: document.givenNames ?? "",
            birthDate: document.birthDate.flatMap { $0.count == 10 ? $0 : nil }, sex: document.sex ?? "X",
            nationality: nationality, createdByAgency: context.principal.agencyId, createdAt: now
        )
        let record = TravelDocumentRecord(
            personId: person.id, documentCode: code, issuingState: state, number: number,
            expiryDate: document.expiryDate.flatMap { $0.count == 10 ? $0 : nil }, mrz: nil, createdAt: now
        )
        try await tx.persons.insert([person])
        try await tx.persons.insert([record])
        return (person.id, record.id)
    }

    /// First line sends a clear check to second line anyway.
    public func refer(_ checkId: UUID, context: AccessContext) async throws {
        try context.authorize(.refer, .check)
        let now = clock()
        try await database.transaction { (tx: Repositories) in
            guard let check = try await tx.checks.find(id: checkId), check.agencyId == context.principal.agencyId else {
                throw ServiceError(.notFound, field: "id", "no check with this id in your agency")
            }
            guard check.status != .decided else { throw ServiceError(.conflict, field: "id", "this check is decided") }
            try await tx.checks.markReferred(id: checkId)
            try await tx.audit.append(
                [context.audit("check.refer", "border_check", ids: [checkId.uuidString], persons: check.personId.map { [$0] } ?? [])],
                at: now
            )
        }
    }

    /// The second-line queue of a point (or all points of the agency), oldest first.
    public func queue(pointCode: String?, context: AccessContext) async throws -> [BorderCheck] {
        try context.authorize(.resolve, .check)
        let now = clock()
        return try await database.transaction { (tx: Repositories) -> [BorderCheck] in
            let checks = try await tx.checks.queue(pointCode: pointCode, agencyId: context.principal.agencyId)
            try await tx.audit.append(
                [context.audit("check.queue", "border_check", ids: checks.map(\.id.uuidString), persons: checks.compactMap(\.personId))],
                at: now
            )
            return checks
        }
    }

    /// A check with the person's timeline (audited).
    public func detail(_ checkId: UUID, context: AccessContext) async throws -> CheckDetail {
        try context.authorize(.read, .check)
        let now = clock()
        return try await database.transaction { (tx: Repositories) -> CheckDetail in
            guard let check = try await tx.checks.find(id: checkId), check.agencyId == context.principal.agencyId else {
                throw ServiceError(.notFound, field: "id", "no check with this id in your agency")
            }
            var result = try Self.decodeResult(check.result)
            let resolutions = try await tx.checks.resolutions(checkId: checkId)
            result.hits = result.hits.map { hit in
                var hit = hit
                hit.resolution = resolutions[hit.alertId]
                return hit
            }
            let rules = Self.rules(check, result, resolutions)
            var decidedBy: String?
            if let officerId = check.decidedBy { decidedBy = try await tx.agencies.officer(id: officerId)?.name }
            var decisionReasons: [String] = []
            if let crossingId = check.crossingId {
                decisionReasons = try await tx.crossings.find(id: crossingId)?.refusalReasons ?? []
            }
            var person: Person?
            var timeline: [TimelineEntry] = []
            if let personId = check.personId {
                person = try await tx.persons.find(id: personId)
                timeline = try await Self.timeline(personId: personId, tx: tx)
            }
            try await tx.audit.append(
                [context.audit("check.read", "border_check", ids: [checkId.uuidString], persons: check.personId.map { [$0] } ?? [])],
                at: now
            )
            return CheckDetail(
                check: result, status: check.status, decision: check.decision, decisionNote: check.decisionNote,
                crossingId: check.crossingId, person: person, timeline: timeline, decidedBy: decidedBy,
                decidedAt: check.decidedAt, rules: check.status == .decided ? nil : rules,
                decisionReasons: decisionReasons
            )
        }
    }

    static func timeline(personId: UUID, tx: Repositories) async throws -> [TimelineEntry] {
        var entries: [TimelineEntry] = []
        let iso = ISO8601DateFormatter()
        for crossing in try await tx.crossings.timeline(personId: personId, limit: 100) {
            let what = crossing.decision == .refused
                ? "Refused \(crossing.direction.rawValue) at \(crossing.pointCode) (\(crossing.refusalReasons.joined(separator: ", ")))"
                : "\(crossing.direction == .entry ? "Entry" : "Exit") at \(crossing.pointCode)"
            entries.append(.init(at: iso.string(from: crossing.occurredAt), kind: crossing.decision == .refused ? "refusal" : crossing.direction.rawValue, text: what))
        }
        for check in try await tx.checks.checks(personId: personId, limit: 20) where check.hitCount > 0 {
            entries.append(.init(at: iso.string(from: check.createdAt), kind: "hit", text: "\(check.hitCount) watchlist hit(s) at a check at \(check.pointCode)"))
        }
        for authorisation in try await tx.checks.authorisations(personId: personId) {
            entries.append(.init(
                at: authorisation.validFrom, kind: authorisation.kind,
                text: "\(authorisation.kind.replacingOccurrences(of: "_", with: " ").capitalized) valid \(authorisation.validFrom) – \(authorisation.validUntil ?? "open-ended")"
            ))
        }
        return entries.sorted { $0.at > $1.at }
    }

    /// Second line marks a hit confirmed, or not the same person (remembered until the alert changes).
    public func resolveHit(
        checkId: UUID, alertId: String, resolution: String, reason: String? = nil, note: String?, context: AccessContext
    ) async throws {
        try context.authorize(.resolve, .check)
        // Validated before anything is stored: a refused review changes nothing.
        let review = try HitReview(resolution: resolution, reason: reason, note: note)
        let resolution = review.resolution
        let note = review.note
        let now = clock()
        let check = try await database.transaction { (tx: Repositories) -> BorderCheck in
            guard let check = try await tx.checks.find(id: checkId), check.agencyId == context.principal.agencyId else {
                throw ServiceError(.notFound, field: "id", "no check with this id in your agency")
            }
            let result = try Self.decodeResult(check.result)
            guard result.hits.contains(where: { $0.alertId == alertId }) else {
                throw ServiceError(.notFound, field: "alertId", "this check has no hit on that alert")
            }
            guard check.status != .decided else {
                throw ServiceError(.conflict, field: "id", "this check is decided; its hits can no longer change")
            }
            try await Self.ensureNotHeldElsewhere(check, tx: tx, context: context)
            try await tx.checks.resolveHit(
                checkId: checkId, alertId: alertId, resolution: resolution, officer: context.principal.officerId, note: note, at: now
            )
            try await tx.audit.append(
                [context.audit("hit.resolve", "border_check", ids: [checkId.uuidString, alertId], persons: check.personId.map { [$0] } ?? [])],
                at: now
            )
            return check
        }
        if resolution == "false_positive" {
            let subject = check.personId.map { "person:\($0.uuidString.lowercased())" }
                ?? "document:\((try? Self.decodeResult(check.result).document.issuingState) ?? "")/\(check.documentNumber ?? "")"
            try await screening.dismiss(alertId: alertId, subjectKey: subject, note: note, context: context)
        }
    }
}
