import Foundation

/// A date as printed in an MRZ (YYMMDD) and resolved to a full date.
///
/// ICAO 9303 Part 3 §4.7 / Part 4 §4.2.2: `<` in the day, or in the month and day, means unknown. The year
/// has two digits, so the century is inferred: a birth date is never after `asOf`; an expiry date is taken in
/// the century that puts it at most 20 years after `asOf` (documents are valid for at most about 10 years;
/// an expired document may be read decades later).
public struct MRZDate: Hashable, Sendable, CustomStringConvertible {
    /// The six characters as printed (may be invalid, e.g. `741312` or OCR letters).
    public let raw: String
    /// Four-digit year, when the two-digit year is numeric.
    public let year: Int?
    /// Month 1-12, nil when unknown (`<<`) or not numeric.
    public let month: Int?
    /// Day 1-31, nil when unknown (`<<`) or not numeric.
    public let day: Int?
    /// Whether the printed value is a real calendar date (unknown `<<` parts allowed).
    public let isValid: Bool

    /// The printed form.
    public var description: String { raw }

    /// ISO 8601 `YYYY-MM-DD`, `YYYY-MM` or `YYYY` (as much as is known), nil when the date is not valid.
    public var iso8601: String? {
        guard isValid, let year else { return nil }
        var text = String(year)
        if let month { text += "-" + (month < 10 ? "0" : "") + String(month) }
        if let month, month > 0, let day { text += "-" + (day < 10 ? "0" : "") + String(day) }
        return text
    }

    /// Which rule resolves the century.
    public enum Kind: Sendable { case birth, expiry }

    init(raw: String, year: Int?, month: Int?, day: Int?, isValid: Bool) {
        self.raw = raw
        self.year = year
        self.month = month
        self.day = day
        self.isValid = isValid
    }

    /// Resolves six printed characters (bytes) against `asOf`.
    static func resolve(_ bytes: UnsafeBufferPointer<UInt8>, kind: Kind, asOf: CivilDate) -> MRZDate {
        let raw = String(decoding: bytes, as: UTF8.self)
        guard bytes.count == 6, let yy = twoDigits(bytes[0], bytes[1]) else {
            return MRZDate(raw: raw, year: nil, month: nil, day: nil, isValid: false)
        }
        let monthUnknown = bytes[2] == 0x3C && bytes[3] == 0x3C
        let dayUnknown = bytes[4] == 0x3C && bytes[5] == 0x3C
        let month = twoDigits(bytes[2], bytes[3])
        let day = twoDigits(bytes[4], bytes[5])
        var year = 2000 + yy
        switch kind {
        case .birth:
            let candidate = CivilDate(year: year, month: month ?? 1, day: day ?? 1)
            if candidate > asOf { year -= 100 }
        case .expiry:
            if year > asOf.year + 20 { year -= 100 }
        }
        var valid = true
        if monthUnknown {
            valid = dayUnknown
        } else if let month, (1...12).contains(month) {
            if !dayUnknown {
                if let day { valid = day >= 1 && day <= CivilDate.daysIn(month: month, year: year) } else { valid = false }
            }
        } else {
            valid = false
        }
        return MRZDate(
            raw: raw, year: year, month: monthUnknown ? nil : month, day: dayUnknown ? nil : day, isValid: valid)
    }

    @inline(__always)
    private static func twoDigits(_ first: UInt8, _ second: UInt8) -> Int? {
        guard (0x30...0x39).contains(first), (0x30...0x39).contains(second) else { return nil }
        return Int(first - 0x30) * 10 + Int(second - 0x30)
    }
}

/// A proleptic Gregorian calendar date in UTC, computed without `Calendar` so parsing stays allocation-free.
struct CivilDate: Comparable, Hashable, Sendable {
    var year: Int
    var month: Int
    var day: Int

    init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The UTC calendar day of `date` (H. Hinnant's civil-from-days).
    init(_ date: Date) {
        let days = Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    }

    static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
