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
        /// A birth date with its day, or its day and month, unknown (``resolveBirth(_:format:century:)``).
        public var partial = false
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

    /// A birth date as carriers send it when the document gives only part of it: ICAO 9303 Part 3 §4.6.3 lets
    /// the day, or the day and month, be unknown (`X` in the visual zone, `<` in the MRZ); readers and
    /// departure-control systems pass them on as `00`, `XX` or `<<` (`971000`, `19971000`, `1997XXXX`).
    /// Resolved to the reduced ISO 8601 form (`1997-10`, `1997`) with `partial` set; a full date is read as
    /// ``resolve(_:format:century:)`` reads it. A known day without its month keeps only the year.
    public static func resolveBirth(
        _ raw: String, format: String?, century: (Int) -> Int
    ) -> Result<Resolved, DateProblem> {
        var bytes = Array(raw.utf8)
        let unknown: Set<UInt8> = [UInt8(ascii: "X"), UInt8(ascii: "x"), UInt8(ascii: "<")]
        let yearDigits: Int
        switch (format, bytes.count) {
        case ("101", _), (nil, 6), ("", 6): yearDigits = 2
        case ("102", _), (nil, 8), ("", 8): yearDigits = 4
        default: return resolve(raw, format: format, century: century)
        }
        guard bytes.count == yearDigits + 4 else { return resolve(raw, format: format, century: century) }
        for i in yearDigits..<bytes.count where unknown.contains(bytes[i]) { bytes[i] = UInt8(ascii: "0") }
        guard bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return .failure(DateProblem(reason: "not all digits")) }
        func number(_ from: Int, _ count: Int) -> Int {
            var value = 0
            for i in from..<(from + count) { value = value * 10 + Int(bytes[i] - 0x30) }
            return value
        }
        let month = number(yearDigits, 2), day = number(yearDigits + 2, 2)
        guard month == 0 || day == 0 else {
            return resolve(String(decoding: bytes, as: UTF8.self), format: format, century: century)
        }
        let y = number(0, yearDigits)
        let year = yearDigits == 2 ? century(y) : y
        guard month <= 12 else { return .failure(DateProblem(reason: "month \(month) is not 01-12")) }
        let iso = month == 0 ? pad(year, 4) : pad(year, 4) + "-" + pad(month, 2)
        return .success(Resolved(iso: iso, year: year, partial: true))
    }

    /// Checks a birth date of a JSON manifest: a full ISO 8601 date, or a partial one (`YYYY-MM`, `YYYY`, with
    /// `00` or `XX` for an unknown day or month: `1997-10-00`, `1997-XX-XX`), as ``resolveBirth(_:format:century:)``
    /// reads from EDIFACT.
    public static func isValidBirthISO(_ text: String) -> Bool {
        if isValidISO(text, time: false) { return true }
        let b = Array(text.utf8)
        func part(_ i: Int) -> Int? {  // 0: unknown (00, XX); nil: not a two-digit part
            guard i + 1 < b.count else { return nil }
            if (b[i] == 0x58 || b[i] == 0x78) && (b[i + 1] == 0x58 || b[i + 1] == 0x78) { return 0 }
            guard (0x30...0x39).contains(b[i]), (0x30...0x39).contains(b[i + 1]) else { return nil }
            return Int(b[i] - 0x30) * 10 + Int(b[i + 1] - 0x30)
        }
        guard b.count >= 4, b.prefix(4).allSatisfy({ (0x30...0x39).contains($0) }) else { return false }
        switch b.count {
        case 4: return true
        case 7: return b[4] == 0x2D && part(5).map { $0 <= 12 } == true
        case 10:
            guard b[4] == 0x2D, b[7] == 0x2D, let month = part(5), let day = part(8), month <= 12 else { return false }
            return month == 0 || day == 0
        default: return false
        }
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
