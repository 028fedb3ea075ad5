import Foundation
import PropertyBased
import Testing
import TravelDocuments

/// Properties that hold for every input (STYLE.md §7): generate → parse → same fields, for every format;
/// changing any one digit changes the check digit.
@Suite("MRZ properties")
struct MRZPropertyTests {
    static let asOf = Date(timeIntervalSince1970: 1_795_000_000)
    static let alphanumeric = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")

    static let word = Gen.uppercaseLetter.string(of: 1...12)
    static let words = Gen.uppercaseLetter.string(of: 1...10).array(of: 0...3)
    static let code = Gen.uppercaseLetter.string(of: 1...3)
    static let number = Gen<Character?>.element(of: alphanumeric).compactMap { $0 }.string(of: 1...9)
    static let optional = Gen<Character?>.element(of: alphanumeric).compactMap { $0 }.string(of: 0...7)
    static let date = Gen.int(in: 0...(100 * 12 * 28 - 1)).map { value in
        String(format: "%02d%02d%02d", value / (12 * 28), value / 28 % 12 + 1, value % 28 + 1)
    }
    static let sex = Gen<String?>.element(of: ["M", "F", "X"]).compactMap { $0 }

    @Test("Generate → parse gives back the same fields, every format")
    func roundTrip() async {
        await propertyCheck(
            count: 300,
            input: Gen<MRZFormat>.case, Self.word, Self.words, Self.number, Self.code, Self.code, Self.date,
            Self.date, Self.sex, Self.optional
        ) { format, surname, given, number, issuing, nationality, birth, expiry, sex, optional in
            let fields = MRZFields(
                format: format, documentCode: format.isVisa ? "V" : (format == .td3 ? "P" : "I"),
                issuingState: issuing, surname: surname, givenNames: given.joined(separator: " "),
                documentNumber: number, nationality: nationality, birthDate: birth, sex: sex, expiryDate: expiry,
                optionalData: optional, optionalData2: format == .td1 ? optional : "")
            guard let lines = try? MRZ.make(fields) else {
                Issue.record("could not make \(fields)")
                return
            }
            let result = MRZ.parse(lines, asOf: Self.asOf)
            let lenient = MRZ.parse(lines, mode: .lenient, asOf: Self.asOf)
            #expect(lenient.repairs.isEmpty)
            #expect(lenient.document == result.document)
            guard let document = result.document else {
                Issue.record("not parsed: \(lines) \(result.problems)")
                return
            }
            #expect(document.format == format)
            #expect(document.issuingState.code == issuing)
            #expect(document.nationality.code == nationality)
            #expect(document.documentNumber == number)
            #expect(document.birthDate.raw == birth)
            #expect(document.expiryDate.raw == expiry)
            #expect(document.sex?.rawValue == sex)
            #expect(document.optionalData == optional)
            #expect(result.checks?.allPass == true)
            let nameLength = surname.count + (given.isEmpty ? 0 : 2 + fields.givenNames.count)
            if nameLength > format.nameLength {
                // Truncated (ICAO 9303 Part 3 §4.6): what was printed is a prefix of the full name.
                let printed = document.surname + (document.givenNames.isEmpty ? "" : "  " + document.givenNames)
                let full = surname + (given.isEmpty ? "" : "  " + fields.givenNames)
                #expect(full.hasPrefix(printed), "\(printed) / \(full)")
            } else {
                #expect(document.surname == surname)
                #expect(document.givenNames == fields.givenNames)
            }
            // Dates with day 1-28 are always real, so the zone is valid.
            #expect(result.isValid, "\(lines) \(result.problems)")
        }
    }

    @Test("TD1 and TD2 long document numbers round-trip through the optional data field")
    func longNumbers() async {
        let long = Gen<Character?>.element(of: Self.alphanumeric).compactMap { $0 }.string(of: 10...12)
        let td1Optional = Gen<Character?>.element(of: Self.alphanumeric).compactMap { $0 }.string(of: 0...9)
        await propertyCheck(count: 200, input: Gen<Bool>.bool, long, td1Optional) { td1, number, optional in
            let format: MRZFormat = td1 ? .td1 : .td2
            let fields = MRZFields(
                format: format, documentCode: "I", issuingState: "UTO", surname: "PETROV", givenNames: "ANNA",
                documentNumber: number, nationality: "UTO", birthDate: "900101", sex: "F", expiryDate: "300101",
                optionalData: td1 ? optional : "")
            guard let lines = try? MRZ.make(fields) else {
                Issue.record("could not make \(fields)")
                return
            }
            let result = MRZ.parse(lines, asOf: Self.asOf)
            #expect(result.isValid, "\(lines) \(result.problems)")
            #expect(result.document?.documentNumber == number)
            #expect(result.document?.optionalData == (td1 ? optional : ""))
        }
    }

    @Test("Changing any one digit changes the check digit (weights 7-3-1 are prime to 10)")
    func oneDigitChange() async {
        let text = Gen<Character?>.element(of: Self.alphanumeric + ["<"]).compactMap { $0 }.string(of: 1...30)
        await propertyCheck(count: 500, input: text, Gen.int(in: 0...29), Gen.int(in: 1...9)) { text, index, delta in
            var bytes = Array(text.utf8)
            let position = index % bytes.count
            guard (0x30...0x39).contains(bytes[position]) else { return }
            let before = CheckDigit.compute(text)
            bytes[position] = UInt8(0x30 + (Int(bytes[position] - 0x30) + delta) % 10)
            #expect(CheckDigit.compute(String(decoding: bytes, as: UTF8.self)) != before)
        }
    }

    @Test("Parsing never crashes and a valid result always has fields, on random zone-shaped input")
    func randomInput() async {
        let alphabet = Array("ABCPVIOSZGB0123456789<< «a-")
        let line = Gen<Character?>.element(of: alphabet).compactMap { $0 }.string(of: 28...46)
        await propertyCheck(count: 300, input: line.array(of: 1...4)) { lines in
            for mode in MRZParseMode.allCases {
                let result = MRZ.parse(lines, mode: mode, asOf: Self.asOf)
                if result.isValid { #expect(result.document != nil && result.checks?.allPass == true) }
                if result.document == nil { #expect(!result.problems.isEmpty) }
            }
        }
    }

    @Test("Transliteration is idempotent on its own output, for every standard")
    func transliterationIdempotent() async {
        let scalars = Gen.unicodeScalar(in: "\u{20}"..."\u{52F}").array(of: 0...20).map { String(String.UnicodeScalarView($0)) }
        await propertyCheck(count: 300, input: scalars) { text in
            for standard in TransliterationStandard.allCases {
                let once = Transliteration.transliterate(text, standard: standard)
                #expect(Transliteration.transliterate(once, standard: standard) == once)
            }
        }
    }
}
