import PropertyBased
import Testing

@testable import StayRules

@Suite("CalendarDay: civil dates, ISO 8601, day arithmetic")
struct CalendarDayTests {
    @Test(
        "Known dates map to known day numbers",
        arguments: [
            ("1970-01-01", 0),  // the epoch
            ("1969-12-31", -1),
            ("2000-02-29", 11_016),  // divisible by 400: leap
            ("2000-03-01", 11_017),
            ("2024-02-29", 19_782),  // ordinary leap year
            ("2024-03-01", 19_783),
            ("0001-01-01", -719_162),  // smallest supported
            ("9999-12-31", 2_932_896),  // largest supported
        ])
    func knownDates(text: String, days: Int) throws {
        let day = try #require(CalendarDay(iso8601: text))
        #expect(day.daysSinceEpoch == days)
        #expect(day.description == text)
    }

    @Test(
        "Malformed or impossible dates are refused",
        arguments: [
            "2025-02-29",  // not a leap year
            "1900-02-29",  // divisible by 100, not by 400: not leap
            "2025-13-01", "2025-00-10", "2025-04-31", "2025-01-00",
            "0000-01-01",  // year 0 is outside the supported range
            "2025-1-01", "2025/01/01", "25-01-01", "2025-01-01T00:00:00Z", " 2025-01-01", "2025-01-01 ",
            "２０２５-01-01",  // full-width digits
            "", "abcd-ef-gh",
        ])
    func malformed(text: String) {
        #expect(CalendarDay(iso8601: text) == nil)
    }

    @Test(
        "Leap year rule (Gregorian)",
        arguments: [(2024, true), (2025, false), (2000, true), (1900, false), (2100, false), (2400, true)])
    func leapYears(year: Int, leap: Bool) {
        #expect(CalendarDay.isLeapYear(year) == leap)
        #expect((CalendarDay(year: year, month: 2, day: 29) != nil) == leap)
    }

    @Test("Adding days crosses month, year and leap-day boundaries")
    func arithmetic() throws {
        let start = try #require(CalendarDay(iso8601: "2024-02-28"))
        #expect(start.adding(days: 1).description == "2024-02-29")
        #expect(start.adding(days: 2).description == "2024-03-01")
        #expect(start.adding(days: 366).description == "2025-02-28")
        #expect(start.adding(days: -59).description == "2023-12-31")
        #expect(start.days(to: start.adding(days: 179)) == 179)
        // Clamped, never trapping, at the ends of the supported range.
        #expect(CalendarDay.maximum.adding(days: 10) == .maximum)
        #expect(CalendarDay.minimum.adding(days: Int.min) == .minimum)
        #expect(CalendarDay.maximum.adding(days: Int.max) == .maximum)
    }

    @Test("Day number → components → day number round-trips over the whole range")
    func roundTrip() async {
        let range = CalendarDay.minimum.daysSinceEpoch...CalendarDay.maximum.daysSinceEpoch
        await propertyCheck(count: 2000, input: Gen.int(in: range)) { number in
            guard let day = CalendarDay(daysSinceEpoch: number) else {
                Issue.record("day \(number) should be in range")
                return
            }
            let (year, month, dayOfMonth) = day.components
            #expect(CalendarDay(year: year, month: month, day: dayOfMonth) == day)
            #expect(CalendarDay(iso8601: day.description) == day)
            #expect(day.adding(days: 1).components != day.components || day == .maximum)
        }
    }
}
