/// A civil calendar day (proleptic Gregorian, no time of day, no time zone).
///
/// The short-stay rule counts *calendar days* (Regulation (EU) 2016/399 Art. 6(1); Regulation (EU) 2017/2226
/// Art. 11: the day of entry and the day of exit both count), so stays are compared day by day, never by
/// timestamps. Crossing times recorded in UTC are reduced to their UTC date by the caller.
///
/// Stored as the number of days since 1970-01-01, so differences and windows are plain integer arithmetic.
/// Years 1...9999 are accepted; the conversion follows H. Hinnant's `days_from_civil` algorithm.
public struct CalendarDay: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before it).
    public let daysSinceEpoch: Int

    /// Smallest supported day, 0001-01-01.
    public static let minimum = CalendarDay(uncheckedYear: 1, month: 1, day: 1)

    /// Largest supported day, 9999-12-31.
    public static let maximum = CalendarDay(uncheckedYear: 9999, month: 12, day: 31)

    /// Makes a day from its day number; `nil` outside 0001-01-01...9999-12-31.
    public init?(daysSinceEpoch: Int) {
        guard (CalendarDay.minimum.daysSinceEpoch...CalendarDay.maximum.daysSinceEpoch).contains(daysSinceEpoch)
        else { return nil }
        self.daysSinceEpoch = daysSinceEpoch
    }

    /// Makes a day from year, month (1...12) and day of month; `nil` if no such date exists
    /// (e.g. 2025-02-29) or the year is outside 1...9999.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...CalendarDay.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.init(uncheckedYear: year, month: month, day: day)
    }

    private init(uncheckedYear year: Int, month: Int, day: Int) {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        daysSinceEpoch = era * 146_097 + doe - 719_468
    }

    /// Year, month and day of month.
    public var components: (year: Int, month: Int, day: Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Whether `year` is a Gregorian leap year (29 February exists).
    public static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// Number of days in `month` of `year`.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// The day `days` days later (earlier when negative), clamped to the supported range so that
    /// arithmetic on hostile input cannot trap.
    public func adding(days: Int) -> CalendarDay {
        let (sum, overflow) = daysSinceEpoch.addingReportingOverflow(days)
        if overflow { return days > 0 ? .maximum : .minimum }
        return CalendarDay(daysSinceEpoch: sum)
            ?? (sum > daysSinceEpoch ? .maximum : .minimum)
    }

    /// Whole days from `self` to `other` (`other - self`); 0 for the same day.
    public func days(to other: CalendarDay) -> Int {
        other.daysSinceEpoch - daysSinceEpoch
    }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
        lhs.daysSinceEpoch < rhs.daysSinceEpoch
    }

    /// ISO 8601 extended calendar date, `YYYY-MM-DD`.
    public var description: String {
        let (y, m, d) = components
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }
}

extension CalendarDay {
    /// Parses an ISO 8601 extended calendar date, exactly `YYYY-MM-DD` (10 ASCII bytes).
    ///
    /// Strict on purpose: no time part, no week or ordinal dates, no surrounding spaces. Returns `nil` for
    /// anything else, including impossible dates such as `2025-02-29`.
    public init?(iso8601 text: some StringProtocol) {
        let utf8 = Array(text.utf8.prefix(11))
        guard utf8.count == 10, utf8[4] == UInt8(ascii: "-"), utf8[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = utf8[index]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        self.init(year: year, month: month, day: day)
    }
}

extension CalendarDay: Strideable {
    public func distance(to other: CalendarDay) -> Int { days(to: other) }
    public func advanced(by n: Int) -> CalendarDay { adding(days: n) }
}

extension CalendarDay: Codable {
    /// Decodes from an ISO 8601 `YYYY-MM-DD` string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let day = CalendarDay(iso8601: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected a calendar date YYYY-MM-DD")
        }
        self = day
    }

    /// Encodes as an ISO 8601 `YYYY-MM-DD` string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
