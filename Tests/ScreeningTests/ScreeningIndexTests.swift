import Testing

@testable import Screening

/// A small watchlist whose entries each exercise one matching rule.
private let watchlist: [Alert] = [
    person("UA1", "Шевченко", "Олена", "Петрівна", "1984-03-12", "UKR", .female),
    person("RU1", "Александров", "Николай", "Иванович", "1970-11-02", "RUS", .male),
    person("PL1", "Kowalska-Nowak", "Anna Maria", nil, "1990-05-17", "POL", .female),
    person("AR1", "Al-Hassan", "Mohammed Yasser Jamal Khalil Omar", nil, "1979", "SYR", .male),
    person("VN1", "Nguyễn", "Văn Hùng", nil, "1988-08-08", "VNM", .male),
    person("DE1", "Müller", "Jürgen", nil, "1961-01-30", "D", .male),
    person("IV1", "Іваненко", "Петро", nil, "1975-06-15", "UKR", .male),
    person("IV2", "Іваненко", "Петро", nil, "1992-02-20", "UKR", .male),
    person("BY1", "Lawrynowitsch", "Dzmitry", nil, "1992-12-20", "BLR", .male),
    person("GE1", "Beridze", "David", nil, "1985-06-01", "GEO", .male),
    person("MD1", "Țâbârnă", "Ioana", nil, "1978-12-11", "MDA", .female),
    person("MD2", "Арделяну", "Юрий", nil, "1982-04-24", "MDA", .male),
    Alert(id: "DOC1", category: .lostStolenDocument, documents: [DocumentReference(number: "FA1234567", issuingState: "UKR")]),
    // Listed under ISO 3166-1 codes, as other agencies' systems write them.
    Alert(id: "DOC2", category: .lostStolenDocument, documents: [DocumentReference(number: "C01X00T47", issuingState: "DEU")]),
    Alert(id: "DOC3", category: .lostStolenDocument, documents: [DocumentReference(number: "K12345678", issuingState: "CHN")]),
    person("DE2", "Schmidt", "Klaus", nil, "1970-01-01", "DEU", .male),
    person("RO1", "Popescu", "Andrei", nil, "1980-02-03", "ROM", .male),
    Alert(id: "CAR1", category: .stolenVehicle, plates: ["АА 1234 ВС"]),
]

private func person(
    _ id: String, _ surname: String, _ given: String, _ patronymic: String?, _ birth: String, _ nationality: String, _ sex: Sex
) -> Alert {
    Alert(id: id, category: .entryBan, person: AlertPerson(
        names: [PersonName(surname: surname, givenNames: given, patronymic: patronymic)],
        birthDate: BirthDate(iso: birth), nationality: nationality, sex: sex
    ))
}

private func query(_ surname: String, _ given: String, _ birth: String, _ nationality: String, _ sex: Sex) -> PersonQuery {
    PersonQuery(surname: surname, givenNames: given, birthDate: BirthDate(iso: birth), nationality: nationality, sex: sex)
}

@Suite("Screening a traveller")
struct ScreeningIndexTests {
    let index = ScreeningIndex(alerts: watchlist)

    @Test("The listed person is found despite the reading", arguments: [
        // Cyrillic alert, Ukrainian passport (KMU 2010)
        (query("SHEVCHENKO", "OLENA", "1984-03-12", "UKR", .female), "UA1"),
        // surname and given names swapped, patronymic added to the given names
        (query("OLENA PETRIVNA", "SHEVCHENKO", "1984-03-12", "UKR", .female), "UA1"),
        // Russian form recorded; German-style passport spelling and day/month swapped
        (query("ALEXANDROW", "NIKOLAI", "1970-02-11", "RUS", .male), "RU1"),
        // double surname split by the MRZ filler, one given name only
        (query("KOWALSKA NOWAK", "ANNA", "1990-05-17", "POL", .female), "PL1"),
        // double surname joined, one digit of the date off
        (query("KOWALSKANOWAK", "ANNA MARIA", "1990-05-18", "POL", .female), "PL1"),
        // Arabic name chain cut at 39 characters, another romanisation of the article and names
        (query("EL HASSAN", "MUHAMMAD YASSER JAMAL KHALIL O", "1979-04-04", "SYR", .male), "AR1"),
        // Vietnamese order: given names first
        (query("VAN HUNG", "NGUYEN", "1988-08-08", "VNM", .male), "VN1"),
        // German passport expands the umlaut; one OCR slip
        (query("MUELLER", "JUERGEM", "1961-01-30", "D", .male), "DE1"),
        // Belarusian Ў: the passport writes U, the notice (German system) W
        (query("LAURYNOVICH", "DZMITRY", "1992-12-20", "BLR", .male), "BY1"),
        // the Georgian form of the given name on the passport, the English one on the notice
        (query("BERIDZE", "DAVIT", "1985-06-01", "GEO", .male), "GE1"),
        // Romanian Â written Î, as before 1993 and long after in Moldova
        (query("TIBIRNA", "IOANA", "1978-12-11", "MDA", .female), "MD1"),
        // a Russian-language notice, the Moldovan passport's Romanian spelling of the given name
        (query("ARDELEANU", "IURIE", "1982-04-24", "MDA", .male), "MD2"),
    ])
    func found(traveller: PersonQuery, alertID: String) {
        let hits = index.screen(traveller)
        #expect(hits.first?.alertID == alertID, "\(hits.map(\.alertID))")
        #expect(hits.allSatisfy { (0...1).contains($0.score) })
    }

    @Test("Namesakes and other people are not reported", arguments: [
        // same name, birth date outside every tolerance
        query("IVANENKO", "PETRO", "1983-09-01", "UKR", .male),
        // same surname and date, another given name
        query("SHEVCHENKO", "IRYNA", "1984-03-12", "UKR", .female),
        // Arabic chain: the father's name only matches (different first name)
        query("AL HASSAN", "YASSER", "1979-01-01", "SYR", .male),
        // Vietnamese: same family and middle name, another personal name
        query("NGUYEN", "VAN THANH", "1988-08-08", "VNM", .male),
    ])
    func notFound(traveller: PersonQuery) {
        #expect(index.screen(traveller).isEmpty)
    }

    @Test("Namesakes are told apart by birth date")
    func namesakes() {
        let hits = index.screen(query("IVANENKO", "PETRO", "1992-02-20", "UKR", .male))
        #expect(hits.map(\.alertID) == ["IV2"])
    }

    @Test("A hit explains every field and its score is the product of the factors")
    func explanation() throws {
        let hit = try #require(index.screen(query("OLENA", "SHEVCHENKO", "1984-12-03", "UKR", .female)).first)
        let fields = Dictionary(uniqueKeysWithValues: hit.explanation.fields.map { ($0.field, $0) })
        #expect(fields[.surname]?.how == .transliteration)
        #expect(fields[.surname]?.swapped == true)
        #expect(fields[.birthDate]?.how == .date(.dayMonthSwapped))
        #expect(fields[.nationality]?.how == .exact)
        #expect(hit.explanation.swappedOrder)
        let product = hit.explanation.fields.filter { $0.field != .patronymic }.reduce(1.0) { $0 * $1.contribution }
        #expect(abs(product - hit.score) < 1e-9)
    }

    @Test("Another language's form or spelling of a name is explained as such, not as a slip", arguments: [
        (query("ARDELEANU", "IURIE", "1982-04-24", "MDA", .male), "MD2", MatchedField.givenNames, MatchKind.nameForm),
        (query("BERIDZE", "DAVIT", "1985-06-01", "GEO", .male), "GE1", .givenNames, .nameForm),
        (query("LAURYNOVICH", "DZMITRY", "1992-12-20", "BLR", .male), "BY1", .surname, .spellingVariant),
        (query("TIBIRNA", "IOANA", "1978-12-11", "MDA", .female), "MD1", .surname, .spellingVariant),
    ])
    func languageForms(traveller: PersonQuery, alertID: String, field: MatchedField, how: MatchKind) throws {
        let hit = try #require(index.screen(traveller).first)
        #expect(hit.alertID == alertID)
        #expect(hit.explanation.fields.first { $0.field == field }?.how == how)
    }

    @Test("An OCR slip is explained as an edit distance")
    func editDistance() throws {
        let hit = try #require(index.screen(query("SHEVCHEMKO", "OLENA", "1984-03-12", "UKR", .female)).first)
        #expect(hit.explanation.fields.first { $0.field == .surname }?.how == .editDistance(1))
    }

    @Test("Remembered false positives are not raised again")
    func suppressed() {
        let traveller = query("SHEVCHENKO", "OLENA", "1984-03-12", "UKR", .female)
        #expect(index.screen(traveller, suppressed: { $0 == "UA1" }).isEmpty)
    }

    @Test("Upsert, withdraw and compaction keep the index current")
    func updates() {
        var index = self.index
        let traveller = query("BONDARENKO", "VADYM", "2006-10-07", "UKR", .male)
        #expect(index.screen(traveller).isEmpty)
        index.upsert(person("NEW", "Бондаренко", "Вадим", nil, "2006-10-07", "UKR", .male))
        #expect(index.screen(traveller).map(\.alertID) == ["NEW"])
        #expect(index.count == self.index.count + 1)

        // a change to a base alert replaces it
        index.upsert(person("UA1", "Шевченко", "Олена", nil, "1950-01-01", "UKR", .female))
        #expect(index.screen(query("SHEVCHENKO", "OLENA", "1984-03-12", "UKR", .female)).isEmpty)
        #expect(index.screen(query("SHEVCHENKO", "OLENA", "1950-01-01", "UKR", .female)).map(\.alertID) == ["UA1"])

        let first = index.withdraw(alertID: "NEW"), second = index.withdraw(alertID: "NEW")
        #expect(first)
        #expect(!second)
        #expect(index.screen(traveller).isEmpty)

        let compacted = index.compacted()
        #expect(compacted.pendingChanges == 0)
        #expect(compacted.count == index.count)
        #expect(compacted.screen(query("SHEVCHENKO", "OLENA", "1950-01-01", "UKR", .female)).map(\.alertID) == ["UA1"])
        // the value held before the changes is untouched
        #expect(self.index.screen(query("SHEVCHENKO", "OLENA", "1984-03-12", "UKR", .female)).map(\.alertID) == ["UA1"])
    }

    @Test("An alert added since the base was built is found as it will be once compacted: misread, in another script, replaced, withdrawn")
    func deltaFindsWhatTheBaseWould() {
        var index = self.index
        index.upsert(person("D1", "Ткачук", "Мирослава", nil, "1991-04-17", "UKR", .female))
        index.upsert(person("D2", "HORBATIUK", "ZINOVII", nil, "1978-11-02", "UKR", .male))
        index.upsert(person("D3", "OLIINYK", "TARAS", nil, "1965-06-30", "UKR", .male))
        index.upsert(person("D3", "OLIINYK", "TARAS", nil, "1966-06-30", "UKR", .male))  // replaced: the old year is gone
        index.upsert(person("D4", "MELNYCHUK", "ROKSOLANA", nil, "1988-02-09", "UKR", .female))
        index.withdraw(alertID: "D4")
        let queries = [
            query("TKACHUK", "MYROSLAVA", "1991-04-17", "UKR", .female),
            query("TKACHUK", "MYROSLAVA", "1991", "UKR", .female),
            query("HORBATYUK", "ZINOVII", "1978-11-02", "UKR", .male),  // a word new to the list, one edit away
            query("HORBATIUK", "ZINOWII", "1978-11-02", "UKR", .male),
            query("HORBATIUS", "ZINOMII", "1978-11-02", "UKR", .male),  // both words misread: found only one edit away
            query("OLIINYK", "TARAS", "1965-06-30", "UKR", .male),
            query("OLIINYK", "TARAS", "1966-06-30", "UKR", .male),
            query("MELNYCHUK", "ROKSOLANA", "1988-02-09", "UKR", .female),
        ]
        let compacted = index.compacted()
        for traveller in queries {
            let inDelta = index.screen(traveller, threshold: 0.5).map { "\($0.alertID) \($0.score)" }
            #expect(inDelta == compacted.screen(traveller, threshold: 0.5).map { "\($0.alertID) \($0.score)" })
        }
        #expect(index.screen(queries[0]).first?.alertID == "D1")
        #expect(index.screen(queries[2]).first?.alertID == "D2")
        #expect(index.screen(queries[4], threshold: 0.5).first?.alertID == "D2")
        #expect(index.screen(queries[5]).allSatisfy { $0.score < 1 })  // the replaced date is no longer exact
        #expect(index.screen(queries[6]).first?.alertID == "D3")
        #expect(index.screen(queries[7]).isEmpty)
    }

    @Test("Documents: exact number and state, OCR-folded as a weaker hit", arguments: [
        (DocumentReference(number: "FA1234567", issuingState: "UKR"), 1.0, MatchKind.exact),
        (DocumentReference(number: "FA 123-4567", issuingState: "UKR"), 1.0, .exact),
        (DocumentReference(number: "FAI234567", issuingState: "UKR"), 0.8, .ocrFolded),
        (DocumentReference(number: "FA1234567", issuingState: nil), 0.9, .exact),
    ])
    func documents(document: DocumentReference, score: Double, kind: MatchKind) throws {
        let hit = try #require(index.screen(document: document).first)
        #expect(hit.alertID == "DOC1")
        #expect(hit.score == score)
        if kind != .exact { #expect(hit.explanation.fields.first?.how == kind) }
    }

    @Test("One state's nationality written two ways agrees", arguments: [
        (query("SCHMIDT", "KLAUS", "1970-01-01", "D", .male), "DE2"),  // the MRZ's D, the notice's DEU
        (query("POPESCU", "ANDREI", "1980-02-03", "ROU", .male), "RO1"),  // an old record's ROM, Romania's code since 2002
    ])
    func nationalityWrittenTwoWays(traveller: PersonQuery, alertID: String) throws {
        let hit = try #require(index.screen(traveller).first)
        #expect(hit.alertID == alertID)
        #expect(hit.explanation.fields.first { $0.field == .nationality }?.how == .exact)
        #expect(hit.score == 1.0)
    }

    @Test("A refugee's or stateless person's travel document (XXB, XXC, XXA) neither agrees nor disagrees with the notice's nationality",
          arguments: ["XXA", "XXB", "XXC", "XXX"])
    func nationalityNotGiven(code: String) throws {
        let hit = try #require(index.screen(query("POPESCU", "ANDREI", "1980-02-03", code, .male)).first)
        #expect(hit.alertID == "RO1")
        #expect(hit.explanation.fields.first { $0.field == .nationality }?.how == .unknown)
        #expect(hit.score == ScoringPolicy().nationalityFactors.unknown)
        // Another state's passport still disagrees.
        let other = try #require(index.screen(query("POPESCU", "ANDREI", "1980-02-03", "MDA", .male)).first)
        #expect(other.explanation.fields.first { $0.field == .nationality }?.how == .different)
    }

    @Test("A document listed under DEU is the MRZ's D; a Hong Kong number is not a Chinese one")
    func documentStateWrittenTwoWays() throws {
        #expect(try #require(index.screen(document: DocumentReference(number: "C01X00T47", issuingState: "D")).first).score == 1.0)
        #expect(index.screen(document: DocumentReference(number: "K12345678", issuingState: "HKG")).isEmpty)
    }

    @Test("A document number of another state is not a default hit")
    func documentOtherState() {
        #expect(index.screen(document: DocumentReference(number: "FA1234567", issuingState: "POL")).isEmpty)
    }

    @Test("Plates match across scripts and layouts", arguments: ["AA1234BC", "aa 1234 bc", "АА-1234-ВС"])
    func plates(plate: String) {
        #expect(index.screen(plate: plate).map(\.alertID) == ["CAR1"])
    }
}

@Suite("Alert validation")
struct AlertValidationTests {
    @Test("Bad alerts are refused naming the field", arguments: [
        (Alert(id: "X", category: .entryBan), "surname", ScreeningError.Code.missingField),
        (Alert(id: "", category: .entryBan, plates: ["AA1234BC"]), "id", .missingField),
        (person("X", "Ivanov", "Ivan", nil, "2030-01-01", "RUS", .male), "birthDate", .birthDateInFuture),
        (person("X", "Ivanov", "Ivan", nil, "1980-01-01", "rus", .male), "nationality", .invalidCode),
    ])
    func invalid(alert: Alert, field: String, code: ScreeningError.Code) {
        do {
            try alert.validate(today: BirthDate(iso: "2026-11-23"))
            Issue.record("accepted a bad alert")
        } catch {
            #expect(error.code == code)
            #expect(error.field == field)
        }
    }
}
