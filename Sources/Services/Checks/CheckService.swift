import Foundation
import Store
import StayRules
import TravelDocuments

/// The border check: one call from document to recommendation, then the officer's decision
/// (DESIGN.md, "A border check, as data flows"; issue 6 items 2–5).
public struct CheckService: Sendable {
    let database: KordonDatabase
    let clock: Clock
    let screening: any TravellerScreening
    let refusalCodes: Set<String>
    /// Citizens of this state are not subject to stay limits (Ukraine's system: `UKR`).
    let homeState: String
    /// Reference data read on every check, kept for a while (``ReferenceCache``).
    let visaFree = ReferenceCache<Set<String>>()
    let pointCodes = ReferenceCache<Set<String>>()
    /// Concurrent checks' rows committed together (``GroupCommit``; issue 15 item 1).
    let recorder: GroupCommit<CheckWrite>

    public init(
        database: KordonDatabase, clock: @escaping Clock, screening: any TravellerScreening,
        refusalCodes: Set<String>, homeState: String = "UKR"
    ) {
        self.database = database
        self.clock = clock
        self.screening = screening
        self.refusalCodes = refusalCodes
        self.homeState = homeState
        self.recorder = GroupCommit(database: database) { writes, tx in try await Self.record(writes, tx: tx) }
    }

    /// What one check writes: the check, the manifest traveller it meets, its audit entry and, when
    /// referred, the event for subscribers.
    struct CheckWrite: Sendable {
        var check: BorderCheck
        var arrivedTraveller: UUID?
        var audit: AuditRecord
        var event: NewEvent?
        var at: Date
    }

    /// Writes several checks in the transaction given: one statement for the checks, one audit append
    /// (one read of the chain's head), one for the events.
    static func record(_ writes: [CheckWrite], tx: Repositories) async throws {
        try await tx.checks.insert(writes.map(\.check))
        for write in writes {
            if let traveller = write.arrivedTraveller {
                try await tx.manifests.markArrived(travellerId: traveller, checkId: write.check.id, at: write.at)
            }
        }
        try await tx.audit.append(writes.map { ($0.audit, $0.at) })
        try await tx.outbox.append(writes.compactMap { write in write.event.map { ($0, write.at) } })
    }


    /// What the officer's client sends.
    public struct CheckRequest: Codable, Sendable {
        /// The MRZ lines, as read by the scanner.
        public var mrz: [String]
        public var pointCode: String
        public var direction: Crossing.Direction
        public var plate: String?
        /// The document typed by hand, when its zone cannot be read (then `mrz` is empty).
        public var manual: ManualDocument?

        public init(
            mrz: [String], pointCode: String, direction: Crossing.Direction, plate: String? = nil, manual: ManualDocument? = nil
        ) {
            self.mrz = mrz
            self.pointCode = pointCode
            self.direction = direction
            self.plate = plate
            self.manual = manual
        }
    }

    // MARK: - Check

    public func check(_ request: CheckRequest, context: AccessContext) async throws -> CheckResult {
        try await checkRecorded(request, context: context).result
    }

    /// A check's result with the JSON it was stored as, which is the API's encoding (``WireJSON``): the
    /// response sends those bytes rather than encoding the result a second time.
    public struct RecordedResult: Sendable {
        public var result: CheckResult
        public var json: Data
    }

    /// Checks a traveller (``check(_:context:)``) and returns the stored JSON with the result.
    public func checkRecorded(_ request: CheckRequest, context: AccessContext) async throws -> RecordedResult {
        try context.authorize(.create, .check)
        var request = request
        if let manual = request.manual {
            guard request.mrz.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
                throw ServiceError.invalid("manual", "send the scanned zone or the typed fields, not both")
            }
            request.mrz = try manual.zone(today: clock())
        }
        guard (1...5).contains(request.mrz.count), request.mrz.allSatisfy({ $0.utf8.count <= 200 }) else {
            throw ServiceError.invalid("mrz", "send the 2 or 3 lines of the machine-readable zone")
        }
        if let plate = request.plate, plate.count > 20 {
            throw ServiceError.invalid("plate", "must be at most 20 characters")
        }
        let now = clock()
        let today = CalendarDay(date: now)
        let repositories = database.repositories
        let readPoints = { Set(try await repositories.crossingPoints.all().map(\.code)) }
        // A point added since the codes were read is found by reading them again.
        var known = try await pointCodes.value(readPoints).contains(request.pointCode)
        if !known { known = try await pointCodes.reload(readPoints).contains(request.pointCode) }
        guard known else {
            throw ServiceError.invalid("pointCode", "unknown crossing point")
        }

        // 1. The document. A zone with no readable number, name or issuing state is not a check of a
        // traveller: nothing is recorded, and the officer rescans or types the data (issue 16 finding 6).
        let parsed = MRZ.parse(request.mrz, mode: .strict, asOf: now)
        let report = MRZReport(parsed, mode: .strict)
        guard report.documentNumber != nil, report.issuingState != nil, !(report.surname ?? "").isEmpty else {
            let missing = [
                report.documentNumber == nil ? "document number" : nil, report.issuingState == nil ? "issuing state" : nil,
                (report.surname ?? "").isEmpty ? "name" : nil,
            ].compactMap { $0 }.joined(separator: ", ")
            throw ServiceError.invalid("mrz", "the machine-readable zone cannot be read (\(missing)): rescan it, or type the data by hand")
        }
        var reasons: [CheckResult.Reason] = []
        if request.manual != nil {
            reasons.append(.init(
                code: "typed-by-hand", severity: "info",
                text: "Typed by hand: the zone was not read; compare the data with the document.", refusalGround: nil
            ))
        }
        if !parsed.isValid {
            let fields = Set(parsed.problems.map(\.field.rawValue)).sorted().joined(separator: ", ")
            reasons.append(.init(
                code: "mrz-invalid", severity: "attention",
                text: "The machine-readable zone does not validate (\(fields)); check the document by hand.",
                refusalGround: nil, arguments: ["fields": fields]
            ))
        }
        if let expiry = report.expiryDateISO, let day = CalendarDay(iso8601: expiry), day < today {
            reasons.append(.init(
                code: "document-expired", severity: "refusal", text: "The document expired on \(expiry).",
                refusalGround: "A", arguments: ["date": expiry]
            ))
        }

        // 2. The person behind the document, and their record.
        var person: Person?
        var documentId: UUID?
        if let number = report.documentNumber, let state = report.issuingState, let code = report.documentCode,
            let holder = try await repositories.persons.holder(issuingState: state, number: number, documentCode: code)
        {
            documentId = holder.document.id
            person = holder.person
        }
        // What the check reads next depends only on the document and its person: the reads run side by
        // side (on PostgreSQL each is a round trip; issue 15 item 1), the screening meanwhile on this task.
        let nationality = report.nationality ?? person?.nationality
        let assessesStay = nationality.map { $0 != homeState } ?? false
        let personId = person?.id
        async let crossingsRead = Self.crossings(of: personId, repositories)
        async let authorisationsRead = Self.authorisations(of: assessesStay ? personId : nil, repositories)
        async let visaFreeRead = assessesStay
            ? try await self.visaFree.value { try await repositories.checks.visaFreeNationalities() } : []
        async let prescreenRead = Self.prescreen(
            documentNumber: report.documentNumber, issuingState: report.issuingState, pointCode: request.pointCode,
            direction: request.direction, now: now, repositories: repositories
        )
        async let partnerRead = Self.partnerCrossings(
            documentNumber: report.documentNumber, issuingState: report.issuingState, now: now, repositories: repositories
        )

        let crossings: [Crossing] = try await crossingsRead
        let refusals = crossings.filter { $0.decision == .refused }
        if let last = refusals.last {
            reasons.append(.init(
                code: "previous-refusal", severity: "attention",
                text: "Refused entry before (\(refusals.count)×, last on \(CalendarDay(date: last.occurredAt)), reasons \(last.refusalReasons.joined(separator: ", "))).",
                refusalGround: nil,
                arguments: [
                    "count": String(refusals.count), "date": CalendarDay(date: last.occurredAt).description,
                    "reasons": last.refusalReasons.joined(separator: ", "),
                ]
            ))
        }

        // 3. Watchlists.
        let query = TravellerQuery(
            surname: report.surname ?? person?.surname ?? "", givenNames: report.givenNames ?? person?.givenNames ?? "",
            birthDate: report.birthDateISO ?? person?.birthDate, nationality: nationality, sex: report.sex,
            documentNumber: report.documentNumber, issuingState: report.issuingState, plate: request.plate,
            subjectKey: person.map { "person:\($0.id.uuidString.lowercased())" }
                ?? "document:\(report.issuingState ?? "")/\(report.documentNumber ?? "")"
        )
        let hits = try await screening.screen(query).sorted { $0.score > $1.score }
        for hit in hits {
            // On exit an entry ban stops no one: it is shown, not raised (issue 16 finding 8).
            if request.direction == .exit && hit.category == "entry_ban" {
                reasons.append(.init(
                    code: "hit-entry_ban", severity: "info", text: hit.summary + " (the traveller is leaving)", refusalGround: nil,
                    arguments: Self.hitArguments(hit).merging(["leaving": "1"]) { a, _ in a }
                ))
                continue
            }
            reasons.append(.init(
                code: "hit-\(hit.category)", severity: hit.action == "inform" ? "attention" : "refusal",
                // Annex V Part B point H: "a person for whom an alert has been issued for the
                // purposes of refusing entry (in the SIS or in the national register)".
                text: hit.summary, refusalGround: hit.category == "entry_ban" ? "H" : nil, arguments: Self.hitArguments(hit)
            ))
        }

        // 4. The stay.
        var staySummary: CheckResult.StaySummary?
        let authorisationRecords: [AuthorisationRecord] = try await authorisationsRead
        let visaFree: Set<String> = try await visaFreeRead
        if let nationality, assessesStay {
            let stays = Self.stays(from: crossings)
            // A stored authorisation that cannot be read is never left out silently: leaving it out could turn a
            // refer into a clear (issue 11). It refers, naming the record.
            var authorisations: [Authorisation] = []
            for record in authorisationRecords {
                do {
                    authorisations.append(try JSONDecoder().decode(Authorisation.self, from: Data(record.details.utf8)))
                } catch {
                    reasons.append(.init(
                        code: "authorisation-unreadable", severity: "attention",
                        text: "The stored \(record.kind.replacingOccurrences(of: "_", with: " ")) \(record.id.uuidString.lowercased()) cannot be read; check the stay by hand and report the record.",
                        refusalGround: nil, arguments: ["id": record.id.uuidString.lowercased()]
                    ))
                }
            }
            do {
                let assessment = try StayAssessment.assess(
                    nationality: nationality, visaFreeNationalities: visaFree, stays: stays,
                    authorisations: authorisations, on: today, direction: request.direction == .entry ? .entry : .exit,
                    validation: .lenient
                )
                staySummary = .init(
                    basis: assessment.basis.code, authorised: assessment.isAuthorised, daysUsed: assessment.daysUsed,
                    daysRemaining: assessment.daysRemaining, latestExit: assessment.latestExit?.description,
                    overstayDays: assessment.overstayDays
                )
                for reason in assessment.reasons {
                    reasons.append(.init(
                        code: reason.code.rawValue, severity: reason.severity.rawValue, text: reason.text,
                        refusalGround: reason.refusalGround, arguments: reason.arguments.isEmpty ? nil : reason.arguments
                    ))
                }
            } catch {
                reasons.append(.init(
                    code: "stay-history-inconsistent", severity: "attention",
                    text: "The recorded crossings are inconsistent (\(error)); check the stay by hand.", refusalGround: nil,
                    arguments: ["problem": String(describing: error)]
                ))
            }
        }
        if request.direction == .exit, person != nil || nationality != homeState,
            crossings.last(where: { $0.decision == .admitted })?.direction != .entry
        {
            reasons.append(.init(
                code: "exit-without-entry", severity: "attention",
                text: "No entry is recorded for this exit; establish how and when the person entered.", refusalGround: nil
            ))
        }

        // 5. The manifest the traveller came on, if any (information: it never changes the recommendation).
        let prescreen = try await prescreenRead
        if let prescreen {
            let view = prescreen.0
            reasons.append(.init(
                code: "prescreened", severity: "info", text: view.text, refusalGround: nil,
                arguments: [
                    "flight": view.flight, "from": view.from ?? "?", "to": view.to, "hits": String(view.hits),
                    "open": String(view.openHits), "reviewers": view.reviewedBy.isEmpty ? "—" : view.reviewedBy.joined(separator: ", "),
                ]
            ))
        }

        // 6. What the neighbour's border service reported for this document at the joint points today (information).
        let partnerSeen = try await partnerRead
        if let latest = partnerSeen.first {
            let minutes = max(0, Int(now.timeIntervalSince(latest.occurredAt) / 60))
            reasons.append(.init(
                code: "partner-crossing", severity: "info",
                text: "\(latest.direction == "exit" ? "Exited" : "Entered") \(latest.country) at \(latest.pointCode) "
                    + "\(minutes) min ago (reported by \(latest.partner))" + (latest.plate.map { ", vehicle \($0)" } ?? "")
                    + (latest.customsReference.map { ", customs declaration \($0)" } ?? ""),
                refusalGround: nil,
                arguments: [
                    "direction": latest.direction, "country": latest.country, "point": latest.pointCode,
                    "minutes": String(minutes), "partner": latest.partner, "plate": latest.plate ?? "—",
                    "customsReference": latest.customsReference ?? "—",
                ]
            ))
        }

        let recommendation: BorderCheck.Recommendation = reasons.contains { $0.severity != "info" } ? .refer : .clear
        // Hits that stop no one in this direction are shown among the reasons, not left for review.
        let reviewable = request.direction == .exit ? hits.filter { $0.category != "entry_ban" } : hits
        let document = CheckResult.DocumentSummary(
            format: report.format?.rawValue, documentCode: report.documentCode, issuingState: report.issuingState,
            documentNumber: report.documentNumber, surname: report.surname, givenNames: report.givenNames,
            nationality: report.nationality, sex: report.sex, birthDate: report.birthDateISO ?? report.birthDate,
            expiryDate: report.expiryDateISO ?? report.expiryDate, mrzValid: parsed.isValid,
            problems: report.problems.map { .init(field: $0.field.rawValue, line: $0.line, column: $0.column, message: $0.message) }
        )
        let result = CheckResult(
            id: UUID(), pointCode: request.pointCode, direction: request.direction, createdAt: now,
            recommendation: recommendation, status: recommendation == .refer ? .referred : .open, document: document,
            personId: person?.id, reasons: reasons, hits: reviewable, stay: staySummary,
            history: .init(crossings: crossings.count, refusals: refusals.count, recent: Array(crossings.suffix(5).reversed())),
            prescreen: prescreen?.0, plate: request.plate.flatMap { $0.isEmpty ? nil : $0.uppercased() },
            partnerCrossings: partnerSeen.isEmpty ? nil : partnerSeen
        )
        let json = try Self.encodedResult(result)
        let record = BorderCheck(
            id: result.id, pointCode: result.pointCode, direction: result.direction,
            officerId: context.principal.officerId, agencyId: context.principal.agencyId, personId: person?.id,
            documentId: documentId, surname: report.surname, givenNames: report.givenNames, nationality: nationality,
            documentNumber: report.documentNumber, mrzValid: parsed.isValid, recommendation: recommendation,
            status: result.status, hitCount: reviewable.count, result: String(decoding: json, as: UTF8.self), createdAt: now
        )
        let personIds = person.map { [$0.id] } ?? []
        let event = recommendation != .refer ? nil : NewEvent(
            type: "check.referred", aggregateType: "border_check", aggregateId: record.id.uuidString,
            agencyId: context.principal.agencyId,
            // The person and document let a subscriber's own-list filter find the traveller; the
            // catalog delivers only the fields the receiver's grant shows.
            payload: [
                "checkId": record.id.uuidString, "pointCode": record.pointCode, "hits": String(reviewable.count),
            ].merging(personIds.first.map { ["personId": $0.uuidString] } ?? [:]) { a, _ in a }
                .merging(Self.travellerPayload(result)) { a, _ in a }
        )
        try await recorder.commit(CheckWrite(
            check: record, arrivedTraveller: prescreen?.1,
            audit: context.audit("check.create", "border_check", ids: [record.id.uuidString], persons: personIds),
            event: event, at: now
        ))
        return RecordedResult(result: result, json: json)
    }

    /// The person's recorded crossings, oldest first; none for a traveller not yet known.
    static func crossings(of personId: UUID?, _ repositories: Repositories) async throws -> [Crossing] {
        guard let personId else { return [] }
        return try await repositories.crossings.crossings(personIds: [personId])[personId] ?? []
    }

    /// The person's stored authorisations to stay (permits, protection, visas); none when not asked.
    static func authorisations(of personId: UUID?, _ repositories: Repositories) async throws -> [AuthorisationRecord] {
        guard let personId else { return [] }
        return try await repositories.checks.authorisations(personId: personId)
    }

    /// Admitted crossings paired into stays: an entry opens one, the next exit closes it.
    static func stays(from crossings: [Crossing]) -> [Stay] {
        var stays: [Stay] = []
        var open: CalendarDay?
        for crossing in crossings where crossing.decision == .admitted {
            let day = CalendarDay(date: crossing.occurredAt)
            switch crossing.direction {
            case .entry:
                if let entry = open { stays.append(Stay(entry: entry, exit: day)) }
                open = day
            case .exit:
                if let entry = open {
                    stays.append(Stay(entry: entry, exit: max(entry, day)))
                    open = nil
                }
            }
        }
        if let entry = open { stays.append(Stay(entry: entry, exit: nil)) }
        return stays
    }

    /// A result as stored and as sent: the API's encoding (``WireJSON``).
    static func encodedResult(_ result: CheckResult) throws -> Data {
        try WireJSON.encoder().encode(result)
    }

    static func encode(_ result: CheckResult) throws -> String {
        String(decoding: try encodedResult(result), as: UTF8.self)
    }

    /// Reads a stored result: instants with milliseconds, and without (results stored before 2026-12-06).
    public static func decodeResult(_ json: String) throws -> CheckResult {
        try WireJSON.decoder().decode(CheckResult.self, from: Data(json.utf8))
    }
}

extension CalendarDay {
    /// The UTC calendar day of an instant (days since 1970-01-01, floor division).
    init(date: Date) {
        let days = Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
        self = CalendarDay(daysSinceEpoch: days) ?? CalendarDay(daysSinceEpoch: 0)!
    }
}

extension CheckService {
    /// A hit reason's codes and figures, for wording it in another language (the summary is English).
    static func hitArguments(_ hit: CheckHit) -> [String: String] {
        var arguments = ["category": hit.category, "score": String(format: "%.2f", hit.score)]
        if let action = hit.action { arguments["action"] = action }
        if let agency = hit.agency { arguments["agency"] = agency }
        return arguments
    }
}
