import Testing

@testable import Screening

/// Corroboration (issue 14): one field's doubt weighs less when the others agree, and every such
/// decision is visible in the explanation (`corroborated`).
@Suite("Corroborated slips")
struct CorroborationTests {
    static func alert(_ id: String, _ surname: String, _ given: String, _ birth: String, nationality: String = "UKR") -> Alert {
        Alert(id: id, category: .entryBan, person: AlertPerson(
            names: [PersonName(surname: surname, givenNames: given)], birthDate: BirthDate(iso: birth),
            nationality: nationality, sex: .male
        ))
    }

    static func traveller(_ surname: String, _ given: String, _ birth: String, nationality: String = "UKR") -> PersonQuery {
        PersonQuery(surname: surname, givenNames: given, birthDate: BirthDate(iso: birth), nationality: nationality, sex: .male)
    }

    @Test("one misread letter with the full birth date, nationality and sex agreeing is reported, and says so")
    func misreadLetter() throws {
        let index = ScreeningIndex(alerts: [Self.alert("A1", "Коваленко", "Ігор", "1994-01-06")])
        let hit = try #require(index.screen(Self.traveller("KOVALENKO", "INOR", "1994-01-06")).first)
        #expect(hit.alertID == "A1" && hit.score >= 0.8)
        let given = try #require(hit.explanation.fields.first { $0.field == .givenNames })
        #expect(given.how == .editDistance(1) && given.corroborated)
        #expect(given.contribution > given.similarity)
        // Without the corroboration each doubt counts in full: below the threshold.
        #expect(index.screen(Self.traveller("KOVALENKO", "INOR", "1994-01-05")).isEmpty)
        #expect(index.screen(Self.traveller("KOVALENKO", "INOR", "1994-01-06", nationality: "POL")).isEmpty)
        #expect(index.screen(Self.traveller("KOVALENKO", "INOR", "1994-01-06"), threshold: 0.5).first?.explanation.fields
            .contains { $0.field == .birthDate && $0.how == .date(.exact) } == true)
    }

    @Test("a traveller's word that is itself a listed name is not a misread: no corroboration (siblings, twins)")
    func listedNameIsNoSlip() {
        let index = ScreeningIndex(alerts: [
            Self.alert("A1", "Petrenko", "Ivan", "1980-05-14"),
            Self.alert("A2", "Smith", "Ian", "1950-01-01", nationality: "GBR"),
        ])
        #expect(index.screen(Self.traveller("PETRENKO", "IAN", "1980-05-14")).isEmpty)
        #expect(index.screen(Self.traveller("PETRENKO", "IVNA", "1980-05-14")).first?.alertID == "A1")
    }

    @Test("two slips in a name are not forgiven")
    func twoSlips() {
        let index = ScreeningIndex(alerts: [Self.alert("A1", "Lysenko", "Oleksandr", "1977-09-30")])
        #expect(index.screen(Self.traveller("LYSEMKO", "OLEKSANDH", "1977-09-30")).first.map { hit in
            hit.explanation.fields.allSatisfy { !$0.corroborated }
        } ?? true)
    }

    @Test("transposed or OCR-confusable birth-date digits on a rare name are reported as one digit off, explained")
    func rareNameDateSlip() throws {
        let index = ScreeningIndex(alerts: [Self.alert("A1", "Иванятин", "Всеволод", "1983-10-04")])
        for date in ["1983-01-04", "1988-10-04"] {  // month 10 ↔ 01; 3 read as 8
            let hit = try #require(index.screen(Self.traveller("IVANIATIN", "VSEVOLOD", date)).first)
            let birth = try #require(hit.explanation.fields.first { $0.field == .birthDate })
            #expect(birth.corroborated && birth.contribution == ScoringPolicy().dateFactor(.oneDigitOff))
            #expect(birth.how == .date(.digitsTransposed) || birth.how == .date(.ocrDigit))
        }
    }

    @Test("the same slip on a name many alerts carry is a namesake's date, not reported")
    func commonNameDateSlip() {
        let namesakes = ["1950-02-11", "1961-06-23", "1972-08-30", "2001-12-01"].enumerated().map {
            Self.alert("N\($0.offset)", "Иванятин", "Всеволод", $0.element)
        }
        let index = ScreeningIndex(alerts: [Self.alert("A1", "Иванятин", "Всеволод", "1983-10-04")] + namesakes)
        #expect(index.screen(Self.traveller("IVANIATIN", "VSEVOLOD", "1983-01-04")).isEmpty)
        #expect(index.screen(Self.traveller("IVANIATIN", "VSEVOLOD", "1983-10-04")).first?.alertID == "A1")
    }

    @Test("a year-only notice does not take a transposed year: it covers a whole year of dates")
    func yearOnlyNoSlip() {
        let index = ScreeningIndex(alerts: [Self.alert("A1", "Иванятин", "Всеволод", "1983")])
        #expect(index.screen(Self.traveller("IVANIATIN", "VSEVOLOD", "1938-05-04")).isEmpty)
        #expect(index.screen(Self.traveller("IVANIATIN", "VSEVOLOD", "1983-05-04")).first?.alertID == "A1")
    }

    @Test("two misread letters in one word, with the full birth date, nationality and sex agreeing, are reported and say so")
    func garbledWord() throws {
        let index = ScreeningIndex(alerts: [
            Self.alert("A1", "Kumar", "Amit", "1978-02-06", nationality: "IND"),
            Self.alert("A2", "Gamidov", "Ilham", "1995-09-17", nationality: "AZE"),
        ])
        let hit = try #require(index.screen(Self.traveller("KMTAR", "AMIT", "1978-02-06", nationality: "IND")).first)
        #expect(hit.alertID == "A1" && hit.score >= 0.8)
        let surname = try #require(hit.explanation.fields.first { $0.field == .surname })
        #expect(surname.how == .editDistance(2) && surname.corroborated && surname.contribution > surname.similarity)
        // ILHAM with two letters lost: the given name, not only the surname.
        #expect(index.screen(Self.traveller("GAMIDOV", "LHM", "1995-09-17", nationality: "AZE")).first?.alertID == "A2")
    }

    @Test("a garbled word is not forgiven with a date off by a digit, another nationality or a second doubt in the name")
    func garbledWordNeedsEverythingElse() {
        let index = ScreeningIndex(alerts: [Self.alert("A1", "Kumar", "Amit", "1978-02-06", nationality: "IND")])
        #expect(index.screen(Self.traveller("KMTAR", "AMIT", "1978-02-07", nationality: "IND")).isEmpty)
        #expect(index.screen(Self.traveller("KMTAR", "AMIT", "1978-02-06", nationality: "PAK")).isEmpty)
        #expect(index.screen(Self.traveller("KMTAR", "AMTI", "1978-02-06", nationality: "IND")).isEmpty)
        #expect(index.screen(Self.traveller("KMTAR", "AMIT", "1978", nationality: "IND")).isEmpty)
    }

    @Test("a traveller's word two letters from the alert's that is itself a listed name is another person's name")
    func garbledListedName() {
        let index = ScreeningIndex(alerts: [
            Self.alert("A1", "Kumar", "Amit", "1978-02-06", nationality: "IND"),
            Self.alert("A2", "Kamal", "Rahul", "1960-01-01", nationality: "IND"),
        ])
        #expect(index.screen(Self.traveller("KAMAL", "AMIT", "1978-02-06", nationality: "IND")).isEmpty)
    }

    @Test("a year-only notice and a near spelling of a name many listed people carry: the date is weakened, not reported")
    func commonNameLooseDate() throws {
        // 20 listed WOLF or WOLFF THOMAS: each agrees with a year-only notice by chance one time in ~70.
        let namesakes = (0..<20).map { Self.alert("N\($0)", $0 % 2 == 0 ? "Wolf" : "Wolff", "Thomas", "\(1940 + $0)-06-15", nationality: "D") }
        let index = ScreeningIndex(alerts: [Self.alert("A1", "Wolff", "Thomas", "1983", nationality: "D")] + namesakes)
        #expect(!index.screen(Self.traveller("WOLF", "THOMAS", "1983-05-01", nationality: "D")).contains { $0.alertID == "A1" })
        let low = try #require(index.screen(Self.traveller("WOLF", "THOMAS", "1983-05-01", nationality: "D"), threshold: 0.5)
            .first { $0.alertID == "A1" })
        let birth = try #require(low.explanation.fields.first { $0.field == .birthDate })
        #expect(birth.weakened && birth.how == .date(.sameYear) && birth.contribution < birth.similarity)
        // The notice's own spelling: only the date is loose, and it keeps its factor.
        #expect(index.screen(Self.traveller("WOLFF", "THOMAS", "1983-05-01", nationality: "D")).first?.alertID == "A1")
    }

    @Test("the same near spelling and year-only notice on a rare name is reported")
    func rareNameLooseDate() {
        let index = ScreeningIndex(alerts: [Self.alert("A1", "Wolff", "Thomas", "1983", nationality: "D")])
        let hit = index.screen(Self.traveller("WOLF", "THOMAS", "1983-05-01", nationality: "D")).first
        #expect(hit?.alertID == "A1")
        #expect(hit?.explanation.fields.allSatisfy { !$0.weakened } == true)
    }

    @Test("a common name read in the other order on a year-only notice is another name: the date is weakened")
    func commonNameSwappedLooseDate() throws {
        let namesakes = (0..<20).map { Self.alert("N\($0)", "Li", "Fang", "\(1940 + $0)-06-15", nationality: "CHN") }
        let index = ScreeningIndex(alerts: [Self.alert("A1", "Li", "Fang", "1983", nationality: "CHN")] + namesakes)
        func birth(_ surname: String, _ given: String) throws -> FieldMatch {
            let hit = try #require(index.screen(Self.traveller(surname, given, "1983-12-23", nationality: "CHN"), threshold: 0.5)
                .first { $0.alertID == "A1" })
            return try #require(hit.explanation.fields.first { $0.field == .birthDate })
        }
        #expect(try birth("FANG", "LI").weakened)
        // In the notice's order, only the date is loose.
        #expect(try !birth("LI", "FANG").weakened)
    }
}
