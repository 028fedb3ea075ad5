import Testing

@testable import Screening

@Suite("Birth dates")
struct BirthDateTests {
    @Test("ISO 8601 full dates and years parse; impossible dates do not", arguments: [
        ("1985-07-19", "1985-07-19"), ("1999", "1999"), ("2000-02-29", "2000-02-29"),
        ("1900-02-29", nil), ("1985-13-01", nil), ("1985-7-19", nil), ("85", nil), ("", nil), ("1985-07-1x", nil),
    ] as [(String, String?)])
    func parse(text: String, expected: String?) {
        #expect(BirthDate(iso: text)?.description == expected)
    }

    @Test("Tolerated neighbourhood of a traveller's date", arguments: [
        ("1985-07-19", "1985-07-19", DateMatch.exact),
        ("1985-03-07", "1985-07-03", .dayMonthSwapped),  // day and month exchanged
        ("1985-07-19", "1985-07-18", .oneDigitOff),  // day digit -1
        ("1985-07-19", "1975-07-19", .oneDigitOff),  // decade digit
        ("1985-07-19", "1985-07-17", .different),  // digit off by two
        ("1985-07-19", "1985-08-18", .different),  // two digits
        ("1985", "1985-07-19", .sameYear),  // year-only alert
        ("1985", "1986-07-19", .different),  // year-only: same year only
    ])
    func neighbourhood(alert: String, query: String, expected: DateMatch) throws {
        let a = try #require(BirthDate(iso: alert)), q = try #require(BirthDate(iso: query))
        #expect(DateMatch.compare(alert: a.code, query: q.code) == expected)
    }

    @Test("Unknown dates say nothing")
    func unknown() {
        #expect(DateMatch.compare(alert: 0, query: 19850719) == .unknown)
    }

    @Test("Candidate years: same, and one digit ±1")
    func years() {
        #expect(Set(DateMatch.tolerableYears(around: 1985)) == [1985, 1984, 1986, 1975, 1995, 1885])
    }
}
