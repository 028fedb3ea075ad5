import Testing

@testable import Screening

/// The shortcuts person screening takes per candidate must give exactly what the full comparison gives: they
/// decide which alerts are scored and how, so a disagreement would lose or invent hits silently.
@Suite("Screening shortcuts agree with the full comparison")
struct FastPathTests {
    /// Every alert date within a few years of the traveller's, every precision.
    static func alertCodes(around year: Int) -> [Int32] {
        var codes: [Int32] = [0]
        for y in (year - 11)...(year + 11) {
            codes.append(Int32(y * 10000))
            for month in 1...12 {
                codes.append(Int32(y * 10000 + month * 100))
                for day in 1...31 { codes.append(Int32(y * 10000 + month * 100 + day)) }
            }
        }
        return codes
    }

    @Test("The precomputed date neighbourhood classifies every date as DateMatch.compare does", arguments: [
        "1985-07-19", "1987-05-12", "1990-01-10", "2001-12-21", "1978-03-07", "1999-09-09", "1985-07", "1985", "1960-11-30",
    ])
    func neighbourhood(query text: String) throws {
        let query = try #require(BirthDate(iso: text)).code
        let neighbourhood = DateNeighbourhood(query: query)
        var tolerated = 0
        for alert in Self.alertCodes(around: Int(query / 10000)) {
            let expected = DateMatch.compare(alert: alert, query: query)
            #expect(neighbourhood.match(alert: alert) == expected, "alert \(alert) query \(query)")
            if expected != .different { tolerated += 1 }
        }
        #expect(tolerated > 10)  // the neighbourhood is not empty: the comparison above tested something
    }

    @Test("The letter-mask bound never exceeds the edit distance")
    func distanceBound() {
        let words = ["SHEVCHENKO", "SHEVCENKO", "OLEKSANDR", "ALEKSANDR", "IVAN", "IAN", "KUMAR", "KMTAR", "NASIROV",
                     "NASICRV", "LI", "LE", "MOHAMMED", "MUHAMMAD", "OLENA", "IRYNA", "THANH", "HUNG", "YURIY", "IURII"]
        var boundedBelowLimit = 0
        for a in words {
            for b in words {
                let (x, y) = (Array(a.utf8), Array(b.utf8))
                let bound = NameKey.distanceBound(NameKey.letterMask(x), NameKey.letterMask(y))
                for cheap in [true, false] {
                    // With a limit as large as the words, the distance is always computed.
                    guard let distance = NameKey.distance(x, y, limit: 64, cheapVowels: cheap) else { continue }
                    #expect(bound <= distance, "\(a) \(b): bound \(bound) distance \(distance)")
                    if bound > 0 && bound == distance { boundedBelowLimit += 1 }
                }
            }
        }
        #expect(boundedBelowLimit > 0)  // the bound is not trivially zero
    }

    @Test("Names compare the same with the per-query memo as without it")
    func memo() {
        let index = ScreeningIndex(alerts: [
            Alert(id: "A1", category: .wantedPerson, person: .init(names: [.init(surname: "Шевченко", givenNames: "Олександр", patronymic: "Іванович")],
                                                              birthDate: BirthDate(year: 1985, month: 7, day: 19), nationality: "UKR", sex: .male)),
            Alert(id: "A2", category: .wantedPerson, person: .init(names: [.init(surname: "Kumar", givenNames: "Raj Anil")],
                                                              birthDate: BirthDate(year: 1990), nationality: "IND", sex: .male)),
        ])
        for (surname, given) in [("SHEVCHENKO", "OLEKSANDR"), ("SHEVCENKO", "OLEKSANDR IVANOVYCH"), ("KMTAR", "RAJ"), ("OLEKSANDR", "SHEVCHENKO"),
                                 ("KUMAR", "ANIL RAJ"), ("SHEVCHENKO", "OLEKSANDR")] {
            let name = PreparedQueryName(surname: surname, givenNames: given)
            let memo = NameMatcher.Memo()  // one traveller's: its keys do not name the traveller
            for alert in index.base.alerts {
                for garbled in [false, true] {
                    let plain = NameMatcher.compare(name, with: alert.names, vocabulary: index.vocabulary, garbled: garbled)
                    let memoised = NameMatcher.compare(name, with: alert.names, vocabulary: index.vocabulary, memo: memo, garbled: garbled)
                    #expect(plain?.score == memoised?.score)
                    #expect(plain.map { $0.pairs.map { $0.alertSpelling } } == memoised.map { $0.pairs.map { $0.alertSpelling } })
                    #expect(plain.map { $0.pairs.map { $0.querySpelling } } == memoised.map { $0.pairs.map { $0.querySpelling } })
                }
            }
        }
    }
    @Test("Damaged packed names decode to what can be read and compare without a crash")
    func damagedPackedNames() {
        let index = ScreeningIndex(alerts: [
            Alert(id: "A1", category: .wantedPerson, person: .init(names: [.init(surname: "Kowalska Nowak", givenNames: "Anna Maria")],
                                                              birthDate: BirthDate(year: 1985, month: 7, day: 19), nationality: "POL", sex: .female)),
        ])
        let packed = index.base.alerts[0].names.words
        let name = PreparedQueryName(surname: "KOWALSKA", givenNames: "ANNA")
        var generator = SystemRandomNumberGenerator()
        var decodedForms = 0
        for round in 0..<2_000 {
            // Cut short, or one word replaced (a count, a header or a spelling number), or both.
            var words = Array(packed.prefix(Int.random(in: 0...packed.count, using: &generator)))
            if round % 2 == 0, !words.isEmpty {
                words[Int.random(in: 0..<words.count, using: &generator)] = [0, 1, 2, 7, 31, 255, 0xFFFF_FFFF].randomElement(using: &generator) ?? 0
            }
            let names = PreparedNames(words: words)
            var walked = 0
            names.withEachForm { _, _, all, units in
                walked += 1
                for unit in units { #expect(unit.spellings.upperBound <= all.count) }
            }
            #expect(names.forms.count == walked)
            decodedForms += walked
            // Spelling numbers out of the vocabulary are not produced by the encoder; compare only what it can read.
            if words.allSatisfy({ $0 < 0x1_0000 }), names.forms.allSatisfy({ $0.units.allSatisfy { $0.spellings.allSatisfy { $0 < UInt32(index.vocabulary.base.spellings.count) } } }) {
                _ = NameMatcher.compare(name, with: names, vocabulary: index.vocabulary)
            }
        }
        #expect(decodedForms > 0)
    }
}
