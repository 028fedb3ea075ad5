/// Dates and times of `DTM` segments (C507: qualifier 2005, value 2380, format 2379, UNCL 2379) in ISO 8601.
///
/// Supported formats: `101` YYMMDD, `102` CCYYMMDD, `201` YYMMDDHHMM, `203` CCYYMMDDHHMM; without a format
/// code the length decides among those four. Two-digit years are resolved by the caller's rule, because
/// the standard fixes no century: flight times and document expiry are 20YY, birth dates 20YY unless that
/// is after the interchange's year, then 19YY (shared/testdata/paxlst/README.md).
public enum EdifactDate {
    /// A resolved date: ISO 8601 `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM` (local time, no zone) when a time was sent.
    public struct Resolved: Hashable, Sendable {
        public var iso: String
        public var year: Int
    }

    /// Resolves `raw` in `format` (or by length when nil); the error text says why it is not a date.
    public static func resolve(
        _ raw: String, format: String?, century: (Int) -> Int
    ) -> Result<Resolved, DateProblem> {
        let digits = Array(raw.utf8)
        guard digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            return .failure(DateProblem(reason: "not all digits"))
        }
        let layout: (yearDigits: Int, hasTime: Bool)
        switch format {
        case "101": layout = (2, false)
        case "102": layout = (4, false)
        case "201": layout = (2, true)
        case "203": layout = (4, true)
        case nil, "":
            switch digits.count {
            case 6: layout = (2, false)
            case 8: layout = (4, false)
            case 10: layout = (2, true)
            case 12: layout = (4, true)
            default: return .failure(DateProblem(reason: "length \(digits.count) fits no date format"))
            }
        case let other?:
            return .failure(DateProblem(reason: "date format code \(other) is not supported (101, 102, 201, 203)"))
        }
        let expected = layout.yearDigits + 4 + (layout.hasTime ? 4 : 0)
        guard digits.count == expected else {
            return .failure(DateProblem(reason: "expected \(expected) digits, found \(digits.count)"))
        }
        func number(_ from: Int, _ count: Int) -> Int {
            var value = 0
            for i in from..<(from + count) { value = value * 10 + Int(digits[i] - 0x30) }
            return value
        }
        let y = number(0, layout.yearDigits)
        let year = layout.yearDigits == 2 ? century(y) : y
        let month = number(layout.yearDigits, 2)
        let day = number(layout.yearDigits + 2, 2)
        guard (1...12).contains(month) else { return .failure(DateProblem(reason: "month \(month) is not 01-12")) }
        guard day >= 1, day <= daysIn(month: month, year: year) else {
            return .failure(DateProblem(reason: "day \(day) is not in month \(month) of \(year)"))
        }
        var iso = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
        if layout.hasTime {
            let hour = number(layout.yearDigits + 4, 2)
            let minute = number(layout.yearDigits + 6, 2)
            guard hour <= 23, minute <= 59 else {
                return .failure(DateProblem(reason: "time \(pad(hour, 2)):\(pad(minute, 2)) is not a time of day"))
            }
            iso += "T" + pad(hour, 2) + ":" + pad(minute, 2)
        }
        return .success(Resolved(iso: iso, year: year))
    }

    /// Why a value is not a date; carries no personal data (only positions and ranges).
    public struct DateProblem: Error, Hashable, Sendable {
        public var reason: String
    }

    /// Gregorian month length.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Checks an ISO 8601 date `YYYY-MM-DD` (or `YYYY-MM-DDTHH:MM[:SS]` when `time` is true), as JSON manifests send.
    public static func isValidISO(_ text: String, time: Bool) -> Bool {
        let b = Array(text.utf8)
        func digit(_ i: Int) -> Int? {
            guard i < b.count, b[i] >= 0x30, b[i] <= 0x39 else { return nil }
            return Int(b[i] - 0x30)
        }
        func num(_ i: Int, _ n: Int) -> Int? {
            var v = 0
            for k in i..<(i + n) {
                guard let d = digit(k) else { return nil }
                v = v * 10 + d
            }
            return v
        }
        guard b.count >= 10, let year = num(0, 4), b[4] == 0x2D, let month = num(5, 2), b[7] == 0x2D,
            let day = num(8, 2), (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year)
        else { return false }
        if !time { return b.count == 10 }
        guard b.count == 16 || b.count == 19, b[10] == 0x54, let h = num(11, 2), b[13] == 0x3A, let m = num(14, 2),
            h <= 23, m <= 59
        else { return false }
        if b.count == 19 {
            guard b[16] == 0x3A, let s = num(17, 2), s <= 59 else { return false }
        }
        return true
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
