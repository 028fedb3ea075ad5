import Foundation
import Testing
import TravelDocuments

@Suite("MRZ lenient mode and problems")
struct MRZLenientTests {
    static let asOf = Date(timeIntervalSince1970: 1_795_000_000)
    static let td3 = ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"]

    @Test("OCR layout noise: spaces, «, lower case, short lines and blank lines are repaired and reported", arguments: [
        ["P<UTOERIKSSON  ANNA MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"],
        ["P«UTOERIKSSON««ANNA«MARIA", "L898902C36UTO7408122F1204159ZE184226B«««««10"],
        ["  p<utoeriksson<<anna<maria<<<<<<<<<<<<<<<<<<<  ", "", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"],
        ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<<<<", "L898902C36 UTO 7408122 F 1204159 ZE184226B<<<<<10"],
        ["P<UTOERIKSSON<<ANNA<MARIA", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"],
    ])
    func layoutNoise(lines: [String]) {
        let result = MRZ.parse(lines, mode: .lenient, asOf: Self.asOf)
        #expect(result.lines == Self.td3)
        #expect(result.isValid, "\(result.problems)")
        #expect(!result.repairs.isEmpty)
        #expect(!MRZ.parse(lines, mode: .strict, asOf: Self.asOf).isValid)
    }

    @Test("A K among the name field's trailing fillers is read as <; a name ending in K is kept", arguments: [
        ("P<UTOERIKSSON<<ANNA<MARIA<<K<<<<<<KK<<<<<<<<", "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"),
        ("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<K", "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"),
    ])
    func fillerK(line: String, expected: String) {
        let result = MRZ.parse([line, Self.td3[1]], mode: .lenient, asOf: Self.asOf)
        #expect(result.lines[0] == expected)
        #expect(result.isValid)
        let novak = ["P<CZENOVAK<<PETR<<<<<<<<<<<<<<<<<<<<<<<<<<<<", Self.td3[1]]
        #expect(MRZ.parse(novak, mode: .lenient, asOf: Self.asOf).repairs.isEmpty)
        let initial = ["P<UTOSMITH<<JOHN<K<<<<<<<<<<<<<<<<<<<<<<<<<<", Self.td3[1]]
        #expect(MRZ.parse(initial, mode: .lenient, asOf: Self.asOf).lines == initial)
        // A one-letter given name right after the only `<<` is a name, not a misread filler.
        let oneLetter = ["P<UTOSMITH<<K<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<", Self.td3[1]]
        #expect(MRZ.parse(oneLetter, mode: .lenient, asOf: Self.asOf).lines == oneLetter)
    }

    @Test("A document-number repair is applied only when exactly one confusion makes the digits verify")
    func uniqueDocumentNumberRepair() throws {
        // True number L898902C3; OCR read the 0 at column 6 as O. Only O→0 there verifies.
        var line = Array(Self.td3[1])
        line[5] = "O"
        let result = MRZ.parse([Self.td3[0], String(line)], mode: .lenient, asOf: Self.asOf)
        #expect(result.lines == Self.td3)
        let repair = try #require(result.repairs.first)
        #expect(repair.field == .documentNumber && repair.line == 2 && repair.column == 6)
        #expect(repair.from == "O" && repair.to == "0")
        // Reading the 8 at column 2 as B is ambiguous: B→8 there, 8→B at column 4 and 2→Z at column 7 all
        // make the check digit and the composite verify, so nothing is changed.
        line = Array(Self.td3[1])
        line[1] = "B"
        let ambiguous = MRZ.parse([Self.td3[0], String(line)], mode: .lenient, asOf: Self.asOf)
        #expect(ambiguous.lines[1] == String(line))
        #expect(ambiguous.problems.contains { $0.code == .ambiguousRepair })
    }

    @Test("Two repairs that both validate: none applied, the ambiguity reported")
    func ambiguousRepair() throws {
        let fields = MRZFields(format: .td3, documentCode: "P", issuingState: "UTO", surname: "DOE", givenNames: "JANE",
                               documentNumber: "OOOOOOOOO", nationality: "UTO", birthDate: "800101", sex: "F",
                               expiryDate: "300101")
        let lines = try MRZ.make(fields)
        var corrupted = Array(lines[1])
        corrupted[0] = "0"  // O read as 0: O→0 back at column 1, or 0... at column 2 (weight 3) both verify
        let result = MRZ.parse([lines[0], String(corrupted)], mode: .lenient, asOf: Self.asOf)
        #expect(!result.isValid)
        #expect(result.problems.contains { $0.code == .ambiguousRepair && $0.field == .documentNumber })
        #expect(result.lines[1] == String(corrupted))
    }

    @Test("Strict problems name field, line, column and expected vs found")
    func problemDetail() throws {
        let result = MRZ.parse(
            [Self.td3[0], "L898902C37UTO7408122F1204159ZE184226B<<<<<10"], mode: .strict, asOf: Self.asOf)
        let problem = try #require(result.problems.first { $0.field == .documentNumber })
        #expect(problem.code == .checkDigitMismatch)
        #expect(problem.line == 2 && problem.column == 10)
        #expect(problem.message.contains("expected 6") && problem.message.contains("found 7"))
        let lower = MRZ.parse(["P<UTOEriksson<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", Self.td3[1]], asOf: Self.asOf)
        #expect(lower.problems.first?.code == .lowercase)
        #expect(lower.problems.first?.column == 7)
    }

    @Test("Unknown country codes are warnings, not problems; known ones are named")
    func codes() {
        let result = MRZ.parse(Self.td3, asOf: Self.asOf)
        #expect(result.isValid)
        #expect(result.warnings.filter { $0.code == .unknownCode }.count == 2)
        #expect(CountryCode("D<<").name == "Germany")
        #expect(CountryCode("XXA").kind == .special)
        #expect(CountryCode("UNO").isKnown && CountryCode("EUE").isKnown && CountryCode("GBD").isKnown)
        #expect(!CountryCode("UTO").isKnown)
        #expect(CountryCode.all.count == 275)
        // Every code finds its own row; near misses (lower case, fillers left in, too long, empty) find none.
        for code in CountryCode.all {
            #expect(code.isKnown && code.name != nil, "\(code)")
        }
        #expect(Set(CountryCode.all.compactMap(\.name)).count > 250)
        for text in ["ukr", "<UKR", "UKRA", "", "U K", "Ü", "ZZZ"] {
            #expect(CountryCode(text).name == nil, "\(text)")
        }
    }

    @Test("Hostile input is bounded: long lines, many lines, odd scalars")
    func hostile() {
        let long = String(repeating: "A", count: 100_000)
        for lines in [[long, long], Array(repeating: "<", count: 1000), ["\u{0}\u{FFFF}", "🙂🙂"], [], [""]] {
            for mode in MRZParseMode.allCases {
                let result = MRZ.parse(lines, mode: mode, asOf: Self.asOf)
                #expect(!result.isValid)
                #expect(result.problems.count <= 32)
            }
        }
    }

    @Test("The stdin logic: blocks separated by blank lines become one JSON line each")
    func blockReader() throws {
        let input = Self.td3.joined(separator: "\n") + "\n\n  \n" + "I<UTOD231458907<<<<<<<<<<<<<<<\n"
            + "7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<\n\nnot an mrz\n"
        let strict = MRZBlockReader.process(input, parser: MRZParser(mode: .strict, asOf: Self.asOf))
        #expect(strict.count == 3)
        #expect(strict[0].contains(#""format":"TD3""#) && strict[1].contains(#""format":"TD1""#))
        #expect(strict[2].contains(#""format":null"#) && strict[2].contains(#""field":"lineCount""#))
        #expect(!strict[0].contains("repairs"))
        let lenient = MRZBlockReader.process(input, parser: MRZParser(mode: .lenient, asOf: Self.asOf))
        #expect(lenient[0].contains(#""repairs":[]"#))
        let object = try JSONSerialization.jsonObject(with: Data(strict[1].utf8)) as? [String: Any]
        #expect(object?["birthDateISO"] as? String == "1974-08-12")
        #expect(object?["optionalData2"] as? String == "")
    }

    @Test("MRZ.parse(text) splits lines")
    func parseText() {
        #expect(MRZ.parse(Self.td3.joined(separator: "\n") + "\n", asOf: Self.asOf).isValid)
        #expect(MRZ.parse(Self.td3.joined(separator: "\r\n"), asOf: Self.asOf).isValid)
    }
}
