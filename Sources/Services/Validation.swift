import Foundation
import Screening

/// Field rules shared by the services. Each failure names the field and says what is expected.
enum Validate {
    /// ICAO 9303 Part 3 §5: three letters, or `D` for Germany; `<` fillers are not part of a code.
    static func countryCode(_ value: String, field: String) throws(ServiceError) -> String {
        let code = value.uppercased()
        guard (code.count == 3 || code == "D"), code.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            throw .invalid(field, "must be an ICAO 9303 three-letter code such as UKR or D for Germany")
        }
        return code
    }

    /// `M`, `F` or `X` (ICAO 9303: `<` in the MRZ means unspecified, reported as X).
    static func sex(_ value: String, field: String) throws(ServiceError) -> String {
        let upper = value.uppercased()
        switch upper {
        case "M", "F", "X": return upper
        case "<", "U": return "X"
        default: throw .invalid(field, "must be M, F or X")
        }
    }

    /// A full ISO 8601 date (`YYYY-MM-DD`) that exists on the calendar.
    static func date(_ value: String, field: String) throws(ServiceError) -> String {
        guard parseDate(value) != nil else {
            throw .invalid(field, "must be a real date in the form YYYY-MM-DD")
        }
        return value
    }

    /// A birth date of any precision: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, with `00` or `XX` for an unknown day or
    /// month (`1997-10-00`, `1997-XX-XX`), not in the future and not before 1870. Returns the reduced ISO 8601
    /// form that is stored and screened (`1997-10-XX` → `1997-10`, `1997-XX-XX` → `1997`): one spelling per date.
    static func birthDate(_ value: String, field: String, today: Date) throws(ServiceError) -> String {
        guard let date = BirthDate(iso: value) else {
            throw .invalid(field, "must be YYYY-MM-DD, YYYY-MM or YYYY (00 or XX for an unknown day or month)")
        }
        let canonical = date.description
        let currentYear = Calendar.utc.component(.year, from: today)
        if date.year < 1870 { throw .invalid(field, "is before 1870") }
        if date.year > currentYear { throw .invalid(field, "is in the future") }
        if let full = parseDate(canonical), full > today { throw .invalid(field, "is in the future") }
        if date.precision == .month, let month = date.month, date.year == currentYear,
            month > Calendar.utc.component(.month, from: today)
        {
            throw .invalid(field, "is in the future")
        }
        return canonical
    }

    /// A name as read from a document: non-empty after trimming, at most `max` characters, no control characters.
    static func name(_ value: String, field: String, allowEmpty: Bool = false, max: Int = 200) throws(ServiceError)
        -> String
    {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty && !allowEmpty { throw .invalid(field, "must not be empty") }
        if trimmed.count > max { throw .invalid(field, "must be at most \(max) characters") }
        if trimmed.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) {
            throw .invalid(field, "must not contain control characters")
        }
        return trimmed
    }

    /// A customs declaration reference as the customs service issues it (`MD-2026-000123`, `UA500000/2026/001234`):
    /// 4 to 35 characters (UN/EDIFACT's an..35 for a document reference, DE 1004), Latin capitals and digits with
    /// `-` or `/` between them. Lower case is raised; blank is none. Checked on UTF-8 bytes, so no Unicode look-alike
    /// passes as a Latin letter.
    static func customsReference(_ value: String, field: String = "customsReference") throws(ServiceError) -> String? {
        let text = value.trimmingCharacters(in: .whitespaces).uppercased()
        guard !text.isEmpty else { return nil }
        let bytes = Array(text.utf8)
        func isAlphanumeric(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) }
        guard (4...35).contains(bytes.count) else {
            throw .invalid(field, "must be 4 to 35 characters, such as MD-2026-000123")
        }
        guard bytes.allSatisfy({ isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "/") }) else {
            throw .invalid(field, "may hold only Latin letters, digits, '-' and '/', such as MD-2026-000123")
        }
        guard let first = bytes.first, let last = bytes.last, isAlphanumeric(first), isAlphanumeric(last) else {
            throw .invalid(field, "must begin and end with a letter or digit, such as MD-2026-000123")
        }
        return text
    }

    static func parseDate(_ value: String) -> Date? {
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        let components = DateComponents(calendar: .utc, timeZone: .gmt, year: y, month: m, day: d)
        guard components.isValidDate(in: .utc), let date = Calendar.utc.date(from: components) else { return nil }
        return date
    }
}

extension Calendar {
    /// The Gregorian calendar in UTC: every date in Kordon is a UTC date.
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        return calendar
    }()
}
