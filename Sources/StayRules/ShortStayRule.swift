/// The short-stay limit: at most `maximumDays` days of stay in any `periodDays`-day period.
///
/// Regulation (EU) 2016/399 (Schengen Borders Code) Art. 6(1): "stays of no more than 90 days in any 180-day
/// period, which entails considering the 180-day period preceding each day of stay". The period considered
/// for a day D is the `periodDays` calendar days `D - (periodDays - 1) ... D`, D included; entry and exit days
/// both count (Regulation (EU) 2017/2226 Art. 11). Ukraine applies the same 90/180 limit to visa-free
/// foreigners; other limits (reference data `maxDays`) use the same arithmetic.
public struct ShortStayRule: Hashable, Sendable {
    /// Most days of stay allowed in any period (90).
    public let maximumDays: Int
    /// Length of the moving reference period in days (180).
    public let periodDays: Int

    /// The Schengen and Ukrainian rule: 90 days in any 180-day period.
    public static let ninetyInOneEighty = ShortStayRule(uncheckedMaximumDays: 90, periodDays: 180)

    /// Makes a rule; throws unless `1 <= maximumDays <= periodDays <= 3660`.
    public init(maximumDays: Int, periodDays: Int) throws(StayError) {
        guard maximumDays >= 1 else {
            throw StayError(.invalidCount, field: "maximumDays", detail: "expected at least 1")
        }
        guard periodDays >= maximumDays, periodDays <= 3660 else {
            throw StayError(.invalidCount, field: "periodDays", detail: "expected maximumDays...3660")
        }
        self.init(uncheckedMaximumDays: maximumDays, periodDays: periodDays)
    }

    private init(uncheckedMaximumDays: Int, periodDays: Int) {
        self.maximumDays = uncheckedMaximumDays
        self.periodDays = periodDays
    }

    /// First day of the reference period that ends on `day`.
    public func periodStart(endingOn day: CalendarDay) -> CalendarDay {
        day.adding(days: -(periodDays - 1))
    }
}
