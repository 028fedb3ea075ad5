/// What authorises a stay on a given day.
public enum StayBasis: Hashable, Sendable {
    /// Visa-free nationality: the 90/180 limit applies (Schengen Borders Code Art. 6(1); Regulation (EU)
    /// 2018/1806 Annex II; Ukraine's visa-free list in the reference data).
    case visaFree
    /// A visa valid on the day (short-stay: within its duration of stay and 90/180; long-stay: its validity).
    case visa(Visa)
    /// A residence permit valid on the day.
    case residencePermit(ResidencePermit)
    /// Refugee, complementary or temporary protection valid on the day.
    case protection(ProtectionStatus)
    /// Nothing authorises the stay.
    case none

    /// A short stable name for APIs and statistics: `visa-free`, `visa`, `residence-permit`, `protection`,
    /// `none`.
    public var code: String {
        switch self {
        case .visaFree: "visa-free"
        case .visa: "visa"
        case .residencePermit: "residence-permit"
        case .protection: "protection"
        case .none: "none"
        }
    }
}

/// How long a stay is authorised.
public enum AuthorisedStay: Hashable, Sendable {
    /// Not authorised at all (entry: not even the day of entry; exit: not on the day of entry).
    case notAuthorised
    /// Authorised through this day: the latest exit day.
    case until(CalendarDay)
    /// Authorised with no end date (permanent residence, refugee status without an end date).
    case indefinite

    /// The latest exit day, when there is one.
    public var latestExit: CalendarDay? {
        if case .until(let day) = self { day } else { nil }
    }
}
