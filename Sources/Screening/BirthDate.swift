/// A birth date as watchlists hold it: a full calendar date, or only the year when that is all
/// that is known (common for wanted-person notices and for people without civil records).
public struct BirthDate: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let year: Int
    /// 1-12, `nil` when only the year is known.
    public let month: Int?
    /// 1-31, `nil` when only the year is known.
    public let day: Int?

    /// A full date; `nil` when the day does not exist in that month (proleptic Gregorian calendar).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...BirthDate.daysIn(year: year, month: month)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// A year-only date.
    public init?(year: Int) {
        guard (1...9999).contains(year) else { return nil }
        self.year = year
        self.month = nil
        self.day = nil
    }

    /// Parses ISO 8601 `YYYY-MM-DD` or `YYYY`; `nil` for anything else (including impossible days).
    public init?(iso text: String) {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        if bytes.count == 4, let year = number(0..<4) {
            self.init(year: year)
        } else if bytes.count == 10, bytes[4] == 0x2D, bytes[7] == 0x2D,
            let year = number(0..<4), let month = number(5..<7), let day = number(8..<10)
        {
            self.init(year: year, month: month, day: day)
        } else {
            return nil
        }
    }

    /// True when only the year is known.
    public var isYearOnly: Bool { month == nil }

    /// `YYYYMMDD` as an integer, `YYYY0000` for a year-only date: the form the index keeps.
    var code: Int32 { Int32(year * 10000 + (month ?? 0) * 100 + (day ?? 0)) }

    init?(code: Int32) {
        let value = Int(code)
        let year = value / 10000, month = value / 100 % 100, day = value % 100
        if month == 0 { self.init(year: year) } else { self.init(year: year, month: month, day: day) }
    }

    /// True when this date is certainly after `other` (a year-only date compares by year).
    public func isAfter(_ other: BirthDate) -> Bool {
        if year != other.year { return year > other.year }
        guard let month, let day, let otherMonth = other.month, let otherDay = other.day else { return false }
        return (month, day) > (otherMonth, otherDay)
    }

    public static func < (lhs: BirthDate, rhs: BirthDate) -> Bool {
        (lhs.year, lhs.month ?? 0, lhs.day ?? 0) < (rhs.year, rhs.month ?? 0, rhs.day ?? 0)
    }

    public var description: String {
        guard let month, let day else { return String(year) }
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(month))-\(two(day))"
    }

    static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// How a traveller's birth date relates to an alert's, from strongest to weakest.
public enum DateMatch: String, Hashable, Sendable {
    /// The same calendar date.
    case exact
    /// One side knows only the year, and the years agree.
    case sameYear = "same_year"
    /// Day and month exchanged (`03-07` read as `07-03`): the commonest clerical error in dates.
    case dayMonthSwapped = "day_month_swapped"
    /// One digit of `YYYYMMDD` off by one (an OCR or typing slip), the rest equal.
    case oneDigitOff = "one_digit_off"
    /// One side has no birth date.
    case unknown
    /// Outside all the tolerances above: a namesake, not the same person.
    case different

    /// Compares two index codes (`YYYYMMDD`, `YYYY0000` for year-only, 0 for unknown).
    static func compare(alert: Int32, query: Int32) -> DateMatch {
        if alert == 0 || query == 0 { return .unknown }
        if alert == query { return .exact }
        let alertYear = alert / 10000, queryYear = query / 10000
        if alert % 10000 == 0 || query % 10000 == 0 { return alertYear == queryYear ? .sameYear : .different }
        if alertYear == queryYear {
            let am = alert / 100 % 100, ad = alert % 100, qm = query / 100 % 100, qd = query % 100
            if am == qd && ad == qm { return .dayMonthSwapped }
        }
        // Exactly one of the eight digits differs, by one.
        var a = alert, q = query, differing = 0
        for _ in 0..<8 {
            let da = a % 10, dq = q % 10
            if da != dq {
                differing += 1
                if differing > 1 || abs(da - dq) != 1 { return .different }
            }
            a /= 10
            q /= 10
        }
        return differing == 1 ? .oneDigitOff : .different
    }

    /// Birth years an alert may carry and still be within tolerance of a traveller born in `year`:
    /// the same year and every year one digit ±1 away (so ±1 and ±10, within 1800-2199).
    static func tolerableYears(around year: Int) -> [Int] {
        var years = [year]
        var power = 1
        for _ in 0..<4 {
            let digit = year / power % 10
            if digit < 9 { years.append(year + power) }
            if digit > 0 { years.append(year - power) }
            power *= 10
        }
        return years.filter { (1800...2199).contains($0) }
    }
}
