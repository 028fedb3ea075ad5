import Foundation
import StayRules

/// `YYYY-MM-DDTHH:MM:SSZ`, the form nearly every line of an import uses, read by hand: Foundation's
/// ISO 8601 parser cost more per line of a crossing import than storing the row. Anything else (fractions,
/// offsets, lower case, an impossible day) returns nil and goes to Foundation, which decides; for what this
/// accepts, the two give the same instant (a test holds them together). Years before 1900 go to
/// Foundation too: it reads dates before 1582 in the Julian calendar.
enum WholeSecondTimestamp {
    static func parse(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { bytes -> Date? in
            guard bytes.count == 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
                bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
                bytes[19] == UInt8(ascii: "Z")
            else { return nil }
            func number(_ from: Int, _ count: Int) -> Int? {
                var value = 0
                for index in from..<(from + count) {
                    let digit = Int(bytes[index]) - 48
                    guard (0...9).contains(digit) else { return nil }
                    value = value * 10 + digit
                }
                return value
            }
            guard let year = number(0, 4), let month = number(5, 2), let dayOfMonth = number(8, 2),
                let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
                year >= 1900, let day = CalendarDay(year: year, month: month, day: dayOfMonth),
                hour < 24, minute < 60, second < 60
            else { return nil }
            return Date(timeIntervalSince1970: Double(day.daysSinceEpoch * 86_400 + hour * 3_600 + minute * 60 + second))
        }
    }
}
