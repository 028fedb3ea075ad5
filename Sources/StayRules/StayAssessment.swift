/// The stay part of a border check: on what basis the person may stay, how many days are used and left, the
/// latest exit day, and on exit by how many days the stay was exceeded, with reasons for the decision card.
///
/// Pure: the day of the check is passed in (`on date`), never read from a clock.
public struct StayAssessment: Hashable, Sendable {
    /// Direction of the crossing being checked.
    public enum Direction: String, Hashable, Sendable, Codable { case entry, exit }

    /// Day of the check.
    public let date: CalendarDay
    /// Entry or exit.
    public let direction: Direction
    /// What authorises the stay: on entry, the stay starting on `date`; on exit, the last authorised day of
    /// the stay ending on `date` (`.none` if no day of it was authorised).
    public let basis: StayBasis
    /// Entry: the person may enter and stay at least `date`. Exit: the stay was not exceeded.
    public let isAuthorised: Bool
    /// Short-stay days recorded in the 180-day period ending on `date` (days under a permit, protection or
    /// long-stay visa excluded). On entry the day of entry itself is not yet recorded.
    public let daysUsed: Int
    /// `max(0, 90 - daysUsed)`; the length of stay still possible is given by `authorisedStay`.
    public let daysRemaining: Int
    /// For a short-stay visa basis: days of the visa's duration of stay left (`nil` otherwise).
    public let visaDaysRemaining: Int?
    /// Entry: how long a stay starting on `date` is authorised. Exit: how long the stay ending on `date` was.
    public let authorisedStay: AuthorisedStay
    /// Exit: days of the stay on which it was not authorised (0 on entry). Days over the limit in a row, as
    /// a person present every day cannot bring the 90/180 count back down.
    public let overstayDays: Int
    /// Entry day of the stay being closed (exit only), when recorded.
    public let stayEntry: CalendarDay?
    /// Reasons for the decision card, most serious first.
    public let reasons: [StayReason]

    /// The latest exit day (`authorisedStay.latestExit`).
    public var latestExit: CalendarDay? { authorisedStay.latestExit }

    /// The most serious reason's severity (`.info` when there are none).
    public var severity: StayReason.Severity { reasons.map(\.severity).max() ?? .info }
}

extension StayAssessment {
    /// Assesses the stay of a person at a border check.
    ///
    /// - Parameters:
    ///   - nationality: ICAO 9303 three-letter nationality code, e.g. `"MDA"`.
    ///   - visaFreeNationalities: codes whose holders need no visa for a short stay (reference data).
    ///   - stays: recorded stays; on exit the stay being closed is the open one (no exit yet).
    ///   - authorisations: visas, residence permits and protection statuses of the person.
    ///   - date: the day of the check (UTC date of the crossing).
    ///   - direction: entry or exit.
    ///   - rule: the short-stay limit, 90/180 by default.
    ///   - validation: `.strict` (default) throws on inconsistent stays; `.lenient` merges them and says so.
    /// - Throws: `StayError` naming the field and index (`stays[2].exit`, `authorisations[0].validUntil`).
    public static func assess(
        nationality: String,
        visaFreeNationalities: Set<String>,
        stays: [Stay],
        authorisations: [Authorisation],
        on date: CalendarDay,
        direction: Direction,
        rule: ShortStayRule = .ninetyInOneEighty,
        validation: StayHistory.Validation = .strict
    ) throws(StayError) -> StayAssessment {
        for (index, authorisation) in authorisations.enumerated() { try authorisation.validate(index: index) }
        let history = try StayHistory(stays: stays, asOf: date, validation: validation)
        let isVisaFree = visaFreeNationalities.contains(nationality)
        switch direction {
        case .entry:
            return assessEntry(
                history: history, isVisaFree: isVisaFree, authorisations: authorisations, rule: rule)
        case .exit:
            return assessExit(
                history: history, stays: stays, isVisaFree: isVisaFree, authorisations: authorisations,
                rule: rule)
        }
    }

    private static func assessEntry(
        history: StayHistory, isVisaFree: Bool, authorisations: [Authorisation], rule: ShortStayRule
    ) -> StayAssessment {
        let date = history.asOf
        let day = date.daysSinceEpoch
        // A visa whose entries are all used cannot be used for a new entry (Visa Code Art. 24(1)).
        let usable = authorisations.filter {
            if case .visa(let visa) = $0 { visa.hasEntriesLeft } else { true }
        }
        let engine = StayEngine(rule: rule, history: history, isVisaFree: isVisaFree, authorisations: usable)
        let used = engine.counted.count(from: day - (rule.periodDays - 1), through: day)
        let basis = engine.basis(on: day, presentFrom: day) ?? .none
        let authorisedStay: AuthorisedStay =
            switch engine.horizon(presentFrom: day) {
            case .none: .notAuthorised
            case .through(let last): CalendarDay(daysSinceEpoch: last).map { .until($0) } ?? .indefinite
            case .indefinite: .indefinite
            }

        var reasons: [StayReason] = []
        if history.openStayEntry != nil {
            reasons.append(
                StayReason(
                    .previousExitNotRecorded,
                    "Previous stay has no exit recorded; counted up to \(date)", severity: .attention,
                    arguments: ["date": date.description]))
        }
        reasons += correctionReasons(history)
        if basis == .none {
            reasons += refusalReasons(
                on: date, engine: engine, authorisations: authorisations, isVisaFree: isVisaFree, rule: rule)
        } else {
            reasons.append(basisReason(basis, on: date, used: used, rule: rule))
            if case .until(let last) = authorisedStay {
                let length = date.days(to: last) + 1
                reasons.append(
                    StayReason(
                        .latestExit, "May stay until \(last) (\(length) day\(length == 1 ? "" : "s"))",
                        severity: .info, arguments: ["until": last.description, "days": String(length)]))
            }
        }
        let visaDaysRemaining = visaDaysLeft(basis, engine: engine, through: day - 1, presentFrom: day)
        return StayAssessment(
            date: date, direction: .entry, basis: basis, isAuthorised: basis != .none, daysUsed: used,
            daysRemaining: max(0, rule.maximumDays - used), visaDaysRemaining: visaDaysRemaining,
            authorisedStay: authorisedStay, overstayDays: 0, stayEntry: nil, reasons: sorted(reasons))
    }

    private static func assessExit(
        history: StayHistory, stays: [Stay], isVisaFree: Bool, authorisations: [Authorisation],
        rule: ShortStayRule
    ) -> StayAssessment {
        let date = history.asOf
        let day = date.daysSinceEpoch
        let engine = StayEngine(
            rule: rule, history: history, isVisaFree: isVisaFree, authorisations: authorisations)
        let used = engine.counted.count(from: day - (rule.periodDays - 1), through: day)
        var reasons: [StayReason] = correctionReasons(history)
        // The stay being closed: the open one, else one whose exit is already recorded for today.
        let entry =
            history.openStayEntry
            ?? stays.filter { $0.exit == date }.map(\.entry).min()
        if entry == nil {
            reasons.append(
                StayReason(
                    .exitWithoutEntry, "No entry recorded for this exit; only today is assessed",
                    severity: .attention))
        }
        let start = (entry ?? date).daysSinceEpoch
        let outcome = engine.unauthorisedDays(presentFrom: start, through: day)
        let basis = outcome.lastAuthorised.flatMap { engine.basis(on: $0, presentFrom: start) } ?? .none
        let authorisedStay: AuthorisedStay =
            switch engine.horizon(presentFrom: start) {
            case .none: .notAuthorised
            case .through(let last): CalendarDay(daysSinceEpoch: last).map { .until($0) } ?? .indefinite
            case .indefinite: .indefinite
            }
        if outcome.count > 0 {
            let until = authorisedStay.latestExit.map { "authorised until \($0)" } ?? "no day of it was authorised"
            reasons.append(
                StayReason(
                    .overstay,
                    "Stay exceeded by \(outcome.count) day\(outcome.count == 1 ? "" : "s"): \(until)",
                    severity: .attention,
                    arguments: ["days": String(outcome.count), "until": authorisedStay.latestExit?.description ?? "—"]))
            // Why the first day over was not authorised.
            let firstOver = (authorisedStay.latestExit?.daysSinceEpoch).map { $0 + 1 } ?? start
            if let firstOverDay = CalendarDay(daysSinceEpoch: min(firstOver, day)) {
                reasons += refusalReasons(
                    on: firstOverDay, engine: engine, authorisations: authorisations, isVisaFree: isVisaFree,
                    rule: rule, presentFrom: start
                ).map { StayReason($0.code, $0.text, severity: .attention, arguments: $0.arguments) }
            }
        } else if basis != .none {
            reasons.append(basisReason(basis, on: date, used: used, rule: rule))
        }
        let visaDaysRemaining = visaDaysLeft(basis, engine: engine, through: day, presentFrom: start)
        return StayAssessment(
            date: date, direction: .exit, basis: basis, isAuthorised: outcome.count == 0, daysUsed: used,
            daysRemaining: max(0, rule.maximumDays - used), visaDaysRemaining: visaDaysRemaining,
            authorisedStay: authorisedStay, overstayDays: outcome.count, stayEntry: entry,
            reasons: sorted(reasons))
    }

    // MARK: - Reasons

    private static func sorted(_ reasons: [StayReason]) -> [StayReason] {
        reasons.enumerated().sorted { ($1.element.severity, $0.offset) < ($0.element.severity, $1.offset) }
            .map(\.element)
    }

    private static func visaDaysLeft(
        _ basis: StayBasis, engine: StayEngine, through day: Int, presentFrom start: Int
    ) -> Int? {
        guard case .visa(let visa) = basis, visa.kind == .shortStay, let duration = visa.durationOfStay else {
            return nil
        }
        let used = engine.countedDays(from: visa.validFrom.daysSinceEpoch, through: day, presentFrom: start)
        return max(0, duration - used)
    }

    private static func correctionReasons(_ history: StayHistory) -> [StayReason] {
        history.corrections.map { correction in
            switch correction {
            case .overlapMerged(let first, let second):
                StayReason(
                    .recordsCorrected, "Stay records \(first) and \(second) overlap; common days counted once",
                    severity: .attention, arguments: ["first": String(describing: first), "second": String(describing: second)])
            case .futureDaysIgnored(let index):
                StayReason(
                    .recordsCorrected, "Stay record \(index) has days after the check day; ignored",
                    severity: .attention, arguments: ["record": String(describing: index)])
            }
        }
    }

    private static func basisReason(_ basis: StayBasis, on date: CalendarDay, used: Int, rule: ShortStayRule)
        -> StayReason
    {
        func until(_ day: CalendarDay?) -> String { day.map { "until \($0)" } ?? "with no end date" }
        switch basis {
        case .visaFree:
            return StayReason(
                .visaFree,
                "Visa-free: \(used) of \(rule.maximumDays) days used in the \(rule.periodDays) days ending \(date)",
                severity: .info,
                arguments: ["used": String(used), "maximum": String(rule.maximumDays), "period": String(rule.periodDays), "date": date.description])
        case .visa(let visa):
            let kind = visa.kind == .shortStay ? "Short-stay" : "Long-stay"
            return StayReason(
                .visaValid, "\(kind) \(visa.entries.rawValue)-entry visa valid \(until(visa.validUntil))",
                severity: .info,
                arguments: ["kind": visa.kind == .shortStay ? "short" : "long", "entries": visa.entries.rawValue, "until": visa.validUntil.description])
        case .residencePermit(let permit):
            return StayReason(
                .residencePermitValid, "Residence permit (\(permit.kind.rawValue)) valid \(until(permit.validUntil))",
                severity: .info, arguments: ["kind": permit.kind.rawValue, "until": permit.validUntil?.description ?? "—"])
        case .protection(let status):
            let name =
                switch status.kind {
                case .refugee: "Refugee status"
                case .complementary: "Complementary protection"
                case .temporary: "Temporary protection"
                }
            return StayReason(
                .protectionValid, "\(name) \(until(status.validUntil)): stay authorised regardless of 90/180",
                severity: .info, arguments: ["kind": String(describing: status.kind), "until": status.validUntil?.description ?? "—"])
        case .none:
            return StayReason(.visaRequired, "No authorisation to stay", severity: .refusal, refusalGround: "C")
        }
    }

    /// Why `date` is not authorised: one reason per authorisation that does not help, plus 90/180.
    private static func refusalReasons(
        on date: CalendarDay, engine: StayEngine, authorisations: [Authorisation], isVisaFree: Bool,
        rule: ShortStayRule, presentFrom start: Int? = nil
    ) -> [StayReason] {
        let day = date.daysSinceEpoch
        let start = start ?? day
        var reasons: [StayReason] = []
        let periodCount = engine.periodCount(on: day, presentFrom: start)
        var hasShortStayRight = isVisaFree
        for authorisation in authorisations {
            switch authorisation {
            case .visa(let visa):
                let label = visa.entries == .single ? "Single-entry visa" : "Double-entry visa"
                if date > visa.validUntil {
                    reasons.append(
                        StayReason(.visaExpired, "Visa expired on \(visa.validUntil)", severity: .refusal,
                            refusalGround: "C", arguments: ["date": visa.validUntil.description]))
                } else if date < visa.validFrom {
                    reasons.append(
                        StayReason(.visaNotYetValid, "Visa valid only from \(visa.validFrom)", severity: .refusal,
                            refusalGround: "C", arguments: ["date": visa.validFrom.description]))
                } else if !visa.hasEntriesLeft && start == day {
                    reasons.append(
                        StayReason(.visaEntriesUsed, "\(label) already used", severity: .refusal,
                            refusalGround: "C", arguments: ["entries": visa.entries.rawValue]))
                } else if visa.kind == .shortStay, let duration = visa.durationOfStay {
                    hasShortStayRight = true
                    let visaUsed = engine.countedDays(
                        from: visa.validFrom.daysSinceEpoch, through: day, presentFrom: start)
                    if visaUsed > duration {
                        reasons.append(
                            StayReason(
                                .visaDurationExhausted, "All \(duration) days of stay on the visa used",
                                severity: .refusal, refusalGround: "C", arguments: ["days": String(duration)]))
                    }
                }
            case .residencePermit(let permit):
                if let validUntil = permit.validUntil, date > validUntil {
                    reasons.append(
                        StayReason(.residencePermitExpired, "Residence permit expired on \(validUntil)",
                            severity: .refusal, refusalGround: "C", arguments: ["date": validUntil.description]))
                } else if date < permit.validFrom {
                    reasons.append(
                        StayReason(.residencePermitNotYetValid, "Residence permit valid only from \(permit.validFrom)",
                            severity: .refusal, refusalGround: "C", arguments: ["date": permit.validFrom.description]))
                }
            case .protection(let status):
                if let validUntil = status.validUntil, date > validUntil {
                    reasons.append(
                        StayReason(.protectionEnded, "Protection ended on \(validUntil)", severity: .refusal,
                            refusalGround: "C", arguments: ["date": validUntil.description]))
                }
            }
        }
        if hasShortStayRight, periodCount > rule.maximumDays {
            let count = periodCount - (start == day ? 1 : 0)
            var text = "\(rule.maximumDays)/\(rule.periodDays) exhausted: \(count) days already used in the "
                + "\(rule.periodDays) days ending \(date)"
            var arguments = [
                "maximum": String(rule.maximumDays), "period": String(rule.periodDays), "used": String(count),
                "date": date.description, "next": "—",
            ]
            if start == day, let next = rule.earliestEntry(onOrAfter: day, counted: engine.counted)
                .flatMap({ CalendarDay(daysSinceEpoch: $0) })
            {
                text += "; next entry possible on \(next)"
                arguments["next"] = next.description
            }
            reasons.append(
                StayReason(.shortStayExhausted, text, severity: .refusal, refusalGround: "F", arguments: arguments))
        }
        if !hasShortStayRight {
            reasons.append(
                StayReason(
                    .visaRequired, "Visa required: no valid visa, residence permit or protection status",
                    severity: .refusal, refusalGround: "C"))
        }
        return reasons
    }
}
