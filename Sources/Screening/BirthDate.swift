/// A birth date as watchlists hold it: a full calendar date, the year and month, or only the year when that
/// is all that is known (common for wanted-person notices and for people without civil records).
public struct BirthDate: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let year: Int
    /// 1-12, `nil` when only the year is known.
    public let month: Int?
    /// 1-31, `nil` when the day (or the month) is unknown.
    public let day: Int?

    /// How much of a birth date is known.
    public enum Precision: Int, Comparable, Sendable {
        case year = 1, month, day
        public static func < (lhs: Precision, rhs: Precision) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// A full date; `nil` when the day does not exist in that month (proleptic Gregorian calendar).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...BirthDate.daysIn(year: year, month: month)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// A year and month, the day unknown.
    public init?(year: Int, month: Int) {
        guard (1...9999).contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
        self.day = nil
    }

    /// A year-only date.
    public init?(year: Int) {
        guard (1...9999).contains(year) else { return nil }
        self.year = year
        self.month = nil
        self.day = nil
    }

    /// Parses an ISO 8601 date of any precision, `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, with `00` or `XX` (either
    /// case) for a day or month that is unknown, as watchlists and civil records write it (`1997-10-00`,
    /// `1997-XX-XX`, ICAO 9303 Part 3 §4.6.3 uses `X` for an unknown birth-date part in the VIZ). A known day
    /// without its month keeps only the year. `nil` for anything else, including days the month does not have.
    public init?(iso text: String) {
        let bytes = Array(text.utf8)
        // nil: not a number; -1: unknown (00, XX); otherwise the value.
        func field(_ range: Range<Int>) -> Int? {
            var value = 0
            var unknown = 0
            for index in range {
                let byte = bytes[index]
                if byte == 0x58 || byte == 0x78 {
                    unknown += 1
                } else if (0x30...0x39).contains(byte) {
                    value = value * 10 + Int(byte - 0x30)
                } else {
                    return nil
                }
            }
            if unknown == range.count { return -1 }
            if unknown > 0 { return nil }
            return value == 0 ? -1 : value
        }
        guard bytes.count >= 4, let year = field(0..<4), year > 0 else { return nil }
        switch bytes.count {
        case 4:
            self.init(year: year)
        case 7 where bytes[4] == 0x2D:
            guard let month = field(5..<7) else { return nil }
            if month < 0 { self.init(year: year) } else { self.init(year: year, month: month) }
        case 10 where bytes[4] == 0x2D && bytes[7] == 0x2D:
            guard let month = field(5..<7), let day = field(8..<10) else { return nil }
            if month < 0 {
                self.init(year: year)
            } else if day < 0 {
                self.init(year: year, month: month)
            } else {
                self.init(year: year, month: month, day: day)
            }
        default:
            return nil
        }
    }

    /// How much of the date is known.
    public var precision: Precision { month == nil ? .year : day == nil ? .month : .day }

    /// True when only the year is known.
    public var isYearOnly: Bool { month == nil }

    /// `YYYYMMDD` as an integer, `YYYYMM00` for a year and month, `YYYY0000` for a year-only date: the form
    /// the index keeps.
    var code: Int32 { Int32(year * 10000 + (month ?? 0) * 100 + (day ?? 0)) }

    init?(code: Int32) {
        let value = Int(code)
        let year = value / 10000, month = value / 100 % 100, day = value % 100
        if month == 0 {
            self.init(year: year)
        } else if day == 0 {
            self.init(year: year, month: month)
        } else {
            self.init(year: year, month: month, day: day)
        }
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
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let yyyy = year < 1000 ? String(repeating: "0", count: 4 - String(year).count) + String(year) : String(year)
        guard let month else { return yyyy }
        guard let day else { return "\(yyyy)-\(two(month))" }
        return "\(yyyy)-\(two(month))-\(two(day))"
    }

    static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// How a traveller's birth date relates to an alert's, from strongest to weakest. Two dates of different
/// precision (a year-only notice, a full date in the passport) are compared on what both know.
public enum DateMatch: String, Hashable, Sendable {
    /// The same calendar date.
    case exact
    /// One side knows only the year and month, and they agree.
    case sameMonth = "same_month"
    /// One side knows only the year, and the years agree.
    case sameYear = "same_year"
    /// Day and month exchanged (`03-07` read as `07-03`): the commonest clerical error in dates.
    case dayMonthSwapped = "day_month_swapped"
    /// One digit of `YYYYMMDD` off by one (an OCR or typing slip), the rest equal.
    case oneDigitOff = "one_digit_off"
    /// Two adjacent digits of the year, the month or the day exchanged (1987 ↔ 1978, 12 ↔ 21): a typing slip.
    case digitsTransposed = "digits_transposed"
    /// One digit read as a digit of similar shape (0/8, 0/6, 0/9, 1/7, 3/8, 5/8, 6/8, 2/7, 4/9, 3/5): an OCR slip
    /// on a scanned notice or a worn document.
    case ocrDigit = "ocr_digit"
    /// One side has no birth date.
    case unknown
    /// Outside all the tolerances above: a namesake, not the same person.
    case different

    /// Pairs of digits OCR confuses (beyond the ±1 of `oneDigitOff`), as a 10×10 table.
    static let ocrConfusable: [Bool] = {
        var table = [Bool](repeating: false, count: 100)
        for (a, b) in [(0, 8), (0, 6), (0, 9), (1, 7), (3, 8), (5, 8), (6, 8), (2, 7), (4, 9), (3, 5)] {
            table[a * 10 + b] = true
            table[b * 10 + a] = true
        }
        return table
    }()

    /// Compares two index codes (`YYYYMMDD`, `YYYYMM00` for year and month, `YYYY0000` for year-only,
    /// 0 for unknown), on the digits both sides know. At year precision only the same year or its two
    /// last digits transposed are tolerated: a year one digit away is a namesake far more often than a slip.
    static func compare(alert: Int32, query: Int32) -> DateMatch {
        if alert == 0 || query == 0 { return .unknown }
        if alert == query { return .exact }
        let precision = min(precisionOf(alert), precisionOf(query))
        // The digits both know: 4 (year), 6 (year, month) or 8.
        let digits: Int32 = precision == .year ? 4 : precision == .month ? 6 : 8
        let drop: Int32 = precision == .year ? 10000 : precision == .month ? 100 : 1
        let a = alert / drop, q = query / drop
        if a == q { return precision == .year ? .sameYear : .sameMonth }
        if precision == .day, alert / 10000 == query / 10000 {
            let am = alert / 100 % 100, ad = alert % 100, qm = query / 100 % 100, qd = query % 100
            if am == qd && ad == qm { return .dayMonthSwapped }
        }
        // Digits from the right: position 0 is the last digit. No allocation: this runs for every candidate.
        var x = a, y = q
        var low = -1, high = -1
        for position in 0..<Int(digits) {
            if x % 10 != y % 10 {
                if low < 0 { low = position } else if high < 0 { high = position } else { return .different }
            }
            x /= 10
            y /= 10
        }
        func digit(_ code: Int32, _ position: Int) -> Int {
            var value = code
            for _ in 0..<position { value /= 10 }
            return Int(value % 10)
        }
        if high >= 0 {
            // Adjacent, exchanged, and inside one field (year, month or day).
            let fromLeft = Int(digits) - 1 - high  // the left digit of the pair, 0-based from the left
            let sameField = fromLeft < 3 || fromLeft == 4 || fromLeft == 6
            if high == low + 1, sameField, digit(a, low) == digit(q, high), digit(a, high) == digit(q, low) {
                return .digitsTransposed
            }
            return .different
        }
        guard precision != .year, low >= 0 else { return .different }
        let da = digit(a, low), dq = digit(q, low)
        if abs(da - dq) == 1 { return .oneDigitOff }
        return ocrConfusable[da * 10 + dq] ? .ocrDigit : .different
    }

    static func precisionOf(_ code: Int32) -> BirthDate.Precision {
        code % 10000 == 0 ? .year : code % 100 == 0 ? .month : .day
    }

    /// Birth years an alert may carry and still be within tolerance of a traveller born in `year`: the same
    /// year and every year one digit ±1 away; with `slips`, also one OCR-confusable digit away and with two
    /// adjacent digits exchanged (within 1800-2199).
    static func tolerableYears(around year: Int, slips: Bool = true) -> [Int] {
        var years = [year]
        var power = 1
        for _ in 0..<4 {
            let digit = year / power % 10
            for other in 0...9 where other != digit {
                if abs(other - digit) == 1 || (slips && ocrConfusable[digit * 10 + other]) {
                    years.append(year + (other - digit) * power)
                }
            }
            let higher = year / (power * 10) % 10
            if slips, power < 1000, higher != digit { years.append(year + (higher - digit) * power + (digit - higher) * power * 10) }
            power *= 10
        }
        var unique: [Int] = []
        for candidate in years where (1800...2199).contains(candidate) && !unique.contains(candidate) { unique.append(candidate) }
        return unique
    }
}
