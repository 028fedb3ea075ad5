@testable import StayRules

/// A day from `YYYY-MM-DD` in test tables (the tables only hold valid dates).
func day(_ text: String) -> CalendarDay {
    guard let day = CalendarDay(iso8601: text) else { preconditionFailure("bad test date \(text)") }
    return day
}

/// A stay from `YYYY-MM-DD` strings; `exit: nil` is an open stay.
func stay(_ entry: String, _ exit: String?) -> Stay {
    Stay(entry: day(entry), exit: exit.map(day))
}
