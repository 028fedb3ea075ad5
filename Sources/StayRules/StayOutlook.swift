/// How the open stay of a person in the country will run on if he stays: how long it is authorised, on what
/// basis, and, once it is not, how many days over he is on any later day. Kept beside each person present
/// (issue 15: "presence kept as you go"), so the overstayer list is an index read instead of the
/// ``Overstay/check(nationality:visaFreeNationalities:stays:authorisations:asOf:rule:validation:)`` of
/// everyone in the country.
///
/// Invariant (the test `StayOutlookTests` holds it against `Overstay.check` day by day): for every day `d`
/// with `authorisedThrough < d` and (`resumesOn == nil` or `d < resumesOn`), the person is an overstayer on
/// `d` by `d - overstayBase` days; on no other day from `asOf` on, up to `resumesOn`, is he one. From
/// `resumesOn` on (a later permit, visa or protection starts), the outlook must be computed again.
public struct StayOutlook: Hashable, Sendable {
    /// Day of entry of the open stay.
    public let entry: CalendarDay
    /// The day the outlook was computed on.
    public let asOf: CalendarDay
    /// Last authorised day of the authorised run that holds `asOf` (or the last one before it); `nil` when
    /// the stay is authorised with no end. The day before `entry` when not even the entry day was.
    public let authorisedThrough: CalendarDay?
    /// What authorises `authorisedThrough` (`.none` when nothing authorised the stay).
    public let basis: StayBasis
    /// `authorisedThrough` minus the days of the stay before it that were not authorised: days over on a
    /// day `d` of the overstay are `d - overstayBase`.
    public let overstayBase: Int?
    /// The first day after `authorisedThrough` that is authorised again (an authorisation that starts
    /// later), if any: the outlook is stale from that day.
    public let resumesOn: CalendarDay?

    /// Days over on `day`, or 0 when the person does not overstay on it (per the invariant above).
    public func daysOver(on day: CalendarDay) -> Int {
        guard let through = authorisedThrough, let base = overstayBase, through < day else { return 0 }
        if let resumes = resumesOn, resumes <= day { return 0 }
        return day.daysSinceEpoch - base
    }

    /// How far ahead a later authorisation is looked for (ten years); beyond it nothing is recorded.
    static let resumeHorizonDays = 3_660

    /// The outlook of the open stay on `asOf`, or `nil` when the person has no open stay.
    ///
    /// - Throws: `StayError` for inconsistent input, naming the field and index, as `Overstay.check` does.
    public static func compute(
        nationality: String,
        visaFreeNationalities: Set<String>,
        stays: [Stay],
        authorisations: [Authorisation],
        asOf: CalendarDay,
        rule: ShortStayRule = .ninetyInOneEighty,
        validation: StayHistory.Validation = .lenient
    ) throws(StayError) -> StayOutlook? {
        guard
            let (entry, engine) = try StayEngine.openStay(
                nationality: nationality, visaFreeNationalities: visaFreeNationalities, stays: stays,
                authorisations: authorisations, asOf: asOf, rule: rule, validation: validation)
        else { return nil }
        let start = entry.daysSinceEpoch
        let today = asOf.daysSinceEpoch
        func authorised(_ day: Int) -> Bool {
            engine.longTerm.contains(day) || engine.basis(on: day, presentFrom: start) != nil
        }
        // The last authorised day of the run holding today, or of the last run before it.
        var through: Int
        if authorised(today) {
            switch runEnd(engine, from: today, start: start) {
            case .open:
                return StayOutlook(
                    entry: entry, asOf: asOf, authorisedThrough: nil,
                    basis: engine.basis(on: today, presentFrom: start) ?? .none, overstayBase: nil, resumesOn: nil)
            case .last(let last):
                through = last
            }
        } else {
            through = engine.unauthorisedDays(presentFrom: start, through: today).lastAuthorised ?? (start - 1)
        }
        through = max(through, start - 1)
        let earlier = through >= start ? engine.unauthorisedDays(presentFrom: start, through: through).count : 0
        let latestStart = authorisations.map(\.validFromDay).max() ?? Int.min
        var resumes: Int?
        var day = max(through + 1, today + 1)
        let limit = min(latestStart, today + resumeHorizonDays)
        while day <= limit {
            if authorised(day) {
                resumes = day
                break
            }
            day += 1
        }
        let basis = through >= start ? (engine.basis(on: through, presentFrom: start) ?? .none) : .none
        return StayOutlook(
            entry: entry, asOf: asOf, authorisedThrough: CalendarDay(daysSinceEpoch: through), basis: basis,
            overstayBase: through - earlier, resumesOn: resumes.flatMap { CalendarDay(daysSinceEpoch: $0) })
    }

    private enum RunEnd { case open, last(Int) }

    /// The last day of the authorised run that holds `day`, or `.open` when it has no end.
    private static func runEnd(_ engine: StayEngine, from day: Int, start: Int) -> RunEnd {
        var current = day
        var last = day
        let end = CalendarDay.maximum.daysSinceEpoch
        while current <= end {
            if let range = engine.longTerm.range(containing: current) {
                if range.upper == Int.max || range.upper >= end { return .open }
                last = range.upper
                current = range.upper + 1
                continue
            }
            guard engine.basis(on: current, presentFrom: start) != nil else { break }
            last = current
            current += 1
        }
        return .last(last)
    }
}

extension Authorisation {
    /// The first day of validity, as a day number.
    var validFromDay: Int {
        switch self {
        case .visa(let visa): visa.validFrom.daysSinceEpoch
        case .residencePermit(let permit): permit.validFrom.daysSinceEpoch
        case .protection(let status): status.validFrom.daysSinceEpoch
        }
    }
}
