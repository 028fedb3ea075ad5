/// The day-by-day rule behind `StayAssessment` and `Overstay`: which days of a continuous presence are
/// authorised, and on what basis.
///
/// A day is authorised when a protection status, a residence permit or a long-stay visa is valid on it (such
/// days are not short-stay days and do not count towards 90/180), or when the 180-day period ending on it holds
/// at most 90 short-stay days (Schengen Borders Code Art. 6(1)) and the person is visa-free or holds a
/// short-stay visa valid on it whose duration of stay is not used up (Visa Code Art. 24(1)).
struct StayEngine: Sendable {
    let rule: ShortStayRule
    /// Recorded short-stay days (present and not covered by a long-term authorisation), up to `asOf`.
    let counted: DaySet
    /// Days covered by a protection status, residence permit or long-stay visa.
    let longTerm: DaySet
    let isVisaFree: Bool
    /// Short-stay visas that may be used.
    let shortStayVisas: [Visa]
    let authorisations: [Authorisation]

    init(
        rule: ShortStayRule, history: StayHistory, isVisaFree: Bool, authorisations: [Authorisation]
    ) {
        self.rule = rule
        self.isVisaFree = isVisaFree
        self.authorisations = authorisations
        self.longTerm = DaySet(normalising: authorisations.compactMap(\.longTermCoverage))
        self.counted = history.presence.subtracting(longTerm)
        self.shortStayVisas = authorisations.compactMap {
            if case .visa(let visa) = $0, visa.kind == .shortStay { visa } else { nil }
        }
    }

    /// Short-stay days in `from...through` for a person present every day from `start` on (days before
    /// `start` as recorded).
    func countedDays(from lower: Int, through upper: Int, presentFrom start: Int) -> Int {
        guard lower <= upper else { return 0 }
        let recorded = counted.count(from: lower, through: min(upper, start - 1))
        let simulatedStart = max(lower, start)
        guard simulatedStart <= upper else { return recorded }
        return recorded + (upper - simulatedStart + 1) - longTerm.count(from: simulatedStart, through: upper)
    }

    /// Short-stay days in the period ending on `day`.
    func periodCount(on day: Int, presentFrom start: Int) -> Int {
        countedDays(from: day - (rule.periodDays - 1), through: day, presentFrom: start)
    }

    /// The basis authorising `day`, or `nil`; strongest first: protection, permit, long-stay visa,
    /// short-stay visa, visa-free.
    func basis(on day: Int, presentFrom start: Int) -> StayBasis? {
        if let long = longTermBasis(on: day) { return long }
        guard periodCount(on: day, presentFrom: start) <= rule.maximumDays else { return nil }
        for visa in shortStayVisas
        where visa.validFrom.daysSinceEpoch <= day && day <= visa.validUntil.daysSinceEpoch {
            let used = countedDays(from: visa.validFrom.daysSinceEpoch, through: day, presentFrom: start)
            if used <= visa.durationOfStay ?? Int.max { return .visa(visa) }
        }
        return isVisaFree ? .visaFree : nil
    }

    /// The long-term authorisation valid on `day`, if any.
    func longTermBasis(on day: Int) -> StayBasis? {
        guard longTerm.contains(day), let calendarDay = CalendarDay(daysSinceEpoch: day) else { return nil }
        var best: StayBasis?
        for authorisation in authorisations {
            switch authorisation {
            case .protection(let status) where status.isValid(on: calendarDay):
                return .protection(status)
            case .residencePermit(let permit) where permit.isValid(on: calendarDay):
                if case .visa = best { best = .residencePermit(permit) } else if best == nil {
                    best = .residencePermit(permit)
                }
            case .visa(let visa) where visa.kind == .longStay && visa.isValid(on: calendarDay):
                if best == nil { best = .visa(visa) }
            default:
                continue
            }
        }
        return best
    }

    /// How long a person present every day from `start` on stays authorised.
    enum Horizon: Equatable {
        /// Not even `start` is authorised.
        case none
        /// Authorised through this day, not the day after.
        case through(Int)
        /// Authorised with no end (an open-ended permit or protection status).
        case indefinite
    }

    /// The last day of the unbroken authorised run that starts on `start`.
    func horizon(presentFrom start: Int) -> Horizon {
        var day = start
        var last: Int?
        let end = CalendarDay.maximum.daysSinceEpoch
        while day <= end {
            if let range = longTerm.range(containing: day) {
                if range.upper == Int.max || range.upper >= end { return .indefinite }
                last = range.upper
                day = range.upper + 1
                continue
            }
            guard basis(on: day, presentFrom: start) != nil else { break }
            last = day
            day += 1
        }
        return last.map { .through($0) } ?? Horizon.none
    }

    /// Days in `start...end` on which a person present every day was not authorised, and the last
    /// authorised day (with its basis) in that range.
    func unauthorisedDays(presentFrom start: Int, through end: Int) -> (count: Int, lastAuthorised: Int?) {
        var day = start
        var count = 0
        var lastAuthorised: Int?
        while day <= end {
            if let range = longTerm.range(containing: day) {
                lastAuthorised = min(range.upper, end)
                if range.upper >= end { break }
                day = range.upper + 1
                continue
            }
            if basis(on: day, presentFrom: start) != nil {
                lastAuthorised = day
                day += 1
                continue
            }
            // While present on short-stay days the period count never falls (one day enters, at most one
            // leaves), so once over the limit every day up to the next long-term authorisation is over too.
            if periodCount(on: day, presentFrom: start) > rule.maximumDays {
                let next = longTerm.firstDay(onOrAfter: day).map { min($0 - 1, end) } ?? end
                count += next - day + 1
                day = next + 1
            } else {
                count += 1
                day += 1
            }
        }
        return (count, lastAuthorised)
    }
}
