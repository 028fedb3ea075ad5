import Testing

@testable import Screening

@Suite("Birth dates")
struct BirthDateTests {
    @Test("ISO 8601 dates of any precision parse; impossible dates do not", arguments: [
        // Full dates and years (ISO 8601).
        ("1985-07-19", "1985-07-19"), ("1999", "1999"), ("2000-02-29", "2000-02-29"),
        // Year and month (ISO 8601 reduced precision), as 1.4 % of one agency's notices give it.
        ("1997-10", "1997-10"), ("1997-10-00", "1997-10"), ("1997-10-XX", "1997-10"), ("1997-10-xx", "1997-10"),
        // Unknown month: only the year is kept, even when a day is given.
        ("1997-00-00", "1997"), ("1997-XX-XX", "1997"), ("1997-XX", "1997"), ("1997-00-15", "1997"),
        // Impossible or malformed.
        ("1900-02-29", nil), ("1985-13-01", nil), ("1985-7-19", nil), ("85", nil), ("", nil), ("1985-07-1x", nil),
        ("XXXX", nil), ("0000-01-01", nil), ("1997-1X", nil), ("1997-10-32", nil), ("1997/10/01", nil),
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
        ("1985", "1986-07-19", .different),  // year-only: a year one digit away is a namesake
        // Year and month known: compared on year and month.
        ("1985-07", "1985-07-19", .sameMonth), ("1985-07-19", "1985-07", .sameMonth),
        ("1985-07", "1985-08-19", .oneDigitOff), ("1985-07", "1985-09-19", .different),
        ("1985-07", "1985", .sameYear),
        // Two adjacent digits transposed inside the year, the month or the day.
        ("1987-05-12", "1978-05-12", .digitsTransposed), ("1987-05-12", "1987-05-21", .digitsTransposed),
        ("1987-10-12", "1987-01-12", .digitsTransposed), ("1987", "1978-05-12", .digitsTransposed),
        ("1987-05-12", "1987-05-31", .different),  // not adjacent-equal digits
        // One digit of similar shape (OCR).
        ("1983-05-12", "1988-05-12", .ocrDigit), ("1987-05-10", "1987-05-18", .ocrDigit),
        ("1987-05-17", "1987-05-11", .ocrDigit), ("1987-05-12", "1987-05-14", .different),
        ("1983", "1988-05-12", .different),  // year precision: no OCR tolerance
    ])
    func neighbourhood(alert: String, query: String, expected: DateMatch) throws {
        let a = try #require(BirthDate(iso: alert)), q = try #require(BirthDate(iso: query))
        #expect(DateMatch.compare(alert: a.code, query: q.code) == expected)
    }

    @Test("Unknown dates say nothing")
    func unknown() {
        #expect(DateMatch.compare(alert: 0, query: 19850719) == .unknown)
    }

    @Test("Candidate years: same, one digit ±1 or OCR-confusable, two adjacent digits transposed")
    func years() {
        let years = Set(DateMatch.tolerableYears(around: 1985))
        #expect(years.isSuperset(of: [1985, 1984, 1986, 1975, 1995, 1885]))  // ±1
        #expect(years.isSuperset(of: [1958, 1895]))  // transposed (9185 is out of range)
        #expect(years.isSuperset(of: [1988, 1983, 1965, 1905, 1935]))  // OCR: 5↔8, 5↔3, 8↔6, 8↔0, 8↔3
        #expect(years.allSatisfy { (1800...2199).contains($0) })
        #expect(years.count == Array(DateMatch.tolerableYears(around: 1985)).count)  // no duplicates
    }

    @Test("Every candidate the comparison tolerates lies in a tolerable year", arguments: [
        "1985-07-19", "1978-12-21", "2001-01-10", "1999-09-09",
    ])
    func candidateYearsCoverTolerance(text: String) throws {
        let query = try #require(BirthDate(iso: text))
        let years = Set(DateMatch.tolerableYears(around: query.year))
        for year in 1800...2199 {
            for code in [Int32(year * 10000), Int32(year * 10000 + 712), Int32(year * 10000 + (query.month ?? 1) * 100 + (query.day ?? 1))] {
                if DateMatch.compare(alert: code, query: query.code) != .different { #expect(years.contains(year)) }
            }
        }
    }
}

@Suite("Birth-date slips in screening")
struct BirthDateSlipScreeningTests {
    static let index = ScreeningIndex(alerts: [
        Alert(id: "A1", category: .wantedPerson, person: AlertPerson(
            names: [PersonName(surname: "Bondarenko", givenNames: "Vadym")], birthDate: BirthDate(iso: "1987-05-12"),
            nationality: "UKR", sex: .male)),
        Alert(id: "A2", category: .entryBan, person: AlertPerson(
            names: [PersonName(surname: "Kovalenko", givenNames: "Iryna")], birthDate: BirthDate(iso: "1997-10"),
            nationality: "UKR", sex: .female)),
    ])

    /// BONDARENKO VADYM listed five times more, born in other years: a common name on this list.
    static let namesakes = ScreeningIndex(alerts: [1951, 1960, 1966, 1993, 2003].map { year in
        Alert(id: "N\(year)", category: .entryBan, person: AlertPerson(
            names: [PersonName(surname: "Bondarenko", givenNames: "Vadym")], birthDate: BirthDate(iso: "\(year)-02-03"),
            nationality: "UKR", sex: .male))
    } + [Alert(id: "A1", category: .wantedPerson, person: AlertPerson(
        names: [PersonName(surname: "Bondarenko", givenNames: "Vadym")], birthDate: BirthDate(iso: "1987-05-12"),
        nationality: "UKR", sex: .male))])

    @Test(
        "Transposed and OCR-confusable digits: reported on a rare name (as one digit off, corroborated); on a common name below the default threshold, found and explained at 0.75",
        arguments: [("1978-05-12", DateMatch.digitsTransposed), ("1987-05-21", .digitsTransposed), ("1981-05-12", .ocrDigit)]
    )
    func slips(date: String, kind: DateMatch) throws {
        let query = PersonQuery(surname: "BONDARENKO", givenNames: "VADYM", birthDate: BirthDate(iso: date),
                                nationality: "UKR", sex: .male)
        let rare = try #require(Self.index.screen(query).first)
        #expect(rare.alertID == "A1")
        #expect(rare.explanation.fields.contains { $0.field == .birthDate && $0.how == .date(kind) && $0.corroborated })
        #expect(Self.namesakes.screen(query).isEmpty)
        let hit = try #require(Self.namesakes.screen(query, threshold: 0.75).first)
        #expect(hit.alertID == "A1")
        let dateField = try #require(hit.explanation.fields.first { $0.field == .birthDate })
        #expect(dateField.how == .date(kind) && !dateField.corroborated)
    }

    @Test("A year-and-month alert matches any day of that month")
    func yearMonth() throws {
        let query = PersonQuery(surname: "KOVALENKO", givenNames: "IRYNA", birthDate: BirthDate(iso: "1997-10-23"),
                                nationality: "UKR", sex: .female)
        let hit = try #require(Self.index.screen(query).first)
        #expect(hit.alertID == "A2")
        #expect(hit.explanation.fields.first { $0.field == .birthDate }?.how == .date(.sameMonth))
    }
}
