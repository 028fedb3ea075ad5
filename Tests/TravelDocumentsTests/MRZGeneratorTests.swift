import Foundation
import Testing
import TravelDocuments

@Suite("MRZ generation")
struct MRZGeneratorTests {
    static let asOf = Date(timeIntervalSince1970: 1_795_000_000)

    @Test("The ICAO 9303 specimens are reproduced from their fields", arguments: [
        "icao-td3-utopia", "icao-td1-utopia", "icao-td1-long-docnum", "icao-td2-utopia", "icao-mrva-utopia",
        "icao-mrvb-utopia", "cons-td2-long-docnum", "cons-td1-long-docnum-with-opt", "cons-td3-ukr", "cons-td3-blr",
        "chem-td3-deu-mustermann", "cons-td3-xxx-unspecified", "chem-td1-prt-timeout",
    ])
    func specimens(id: String) throws {
        let vector = try #require(MRZVector.all.first { $0.id == id })
        let document = try #require(MRZ.parse(vector.mrz, asOf: Self.asOf).document)
        let fields = MRZFields(
            format: document.format, documentCode: document.documentCode, issuingState: document.issuingState.code,
            surname: document.surname, givenNames: document.givenNames, documentNumber: document.documentNumber,
            nationality: document.nationality.code, birthDate: document.birthDate.raw,
            sex: document.sex?.rawValue ?? "X", expiryDate: document.expiryDate.raw,
            optionalData: document.optionalData, optionalData2: document.optionalData2 ?? "")
        #expect(try MRZ.make(fields) == vector.mrz)
    }

    @Test("Names are transliterated and truncated as ICAO 9303 Part 3 §4.6 prescribes", arguments: [
        // Fits: SURNAME<<GIVEN<NAMES, padded.
        ("Eriksson", "Anna María", 39, "ERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"),
        // Secondary identifier cut at the last position (a letter there signals truncation).
        ("CACADOR DE ARAUJO", "ANDRE ESTEVES", 30, "CACADOR<DE<ARAUJO<<ANDRE<ESTEV"),
        // A cut that falls on a filler leaves the rest padded.
        ("ABCDEFGHIJKLMNOPQRSTUVWXY", "AB CDEF", 30, "ABCDEFGHIJKLMNOPQRSTUVWXY<<AB<"),
        // Primary identifier too long: cut to length-3, then << and the first initial.
        (String(repeating: "W", count: 40), "JOHN", 30, String(repeating: "W", count: 27) + "<<J"),
        // No secondary identifier: primary alone, cut at the last position.
        (String(repeating: "Q", count: 45), "", 39, String(repeating: "Q", count: 39)),
        // Cyrillic transliterated per the ICAO table.
        ("Шевченко", "Тарас", 31, "SHEVCHENKO<<TARAS<<<<<<<<<<<<<<"),
    ])
    func nameField(surname: String, given: String, length: Int, expected: String) throws {
        let field = try MRZGenerator.nameField(surname: surname, givenNames: given, length: length)
        #expect(String(decoding: field, as: UTF8.self) == expected)
    }

    @Test("Fields that cannot be written give an error naming the field")
    func errors() {
        let good = MRZFields(format: .td3, documentCode: "P", issuingState: "UTO", surname: "DOE", givenNames: "JOHN",
                             documentNumber: "AB123", nationality: "UTO", birthDate: "800101", sex: "M",
                             expiryDate: "300101")
        #expect((try? MRZ.make(good)) != nil)
        var fields = good
        fields.documentNumber = "AB-12#"
        expectError(fields, .invalidCharacters, .documentNumber)
        fields = good
        fields.documentNumber = "ABCDEFGHIJ"
        expectError(fields, .tooLong, .documentNumber)
        fields = good
        fields.documentCode = "V"
        expectError(fields, .formatMismatch, .documentCode)
        fields = good
        fields.birthDate = "8001"
        expectError(fields, .invalidDate, .birthDate)
        fields = good
        fields.sex = "Q"
        expectError(fields, .invalidSex, .sex)
        fields = good
        fields.issuingState = "U1"
        expectError(fields, .invalidCharacters, .issuingState)
        fields = good
        fields.surname = "123"
        fields.givenNames = ""
        expectError(fields, .emptyName, .name)
        fields = good
        fields.optionalData2 = "X"
        expectError(fields, .formatMismatch, .optionalData2)
        fields = good
        fields.format = .td1
        fields.documentCode = "I"
        fields.documentNumber = "AB12345678901234567890123"
        expectError(fields, .tooLong, .documentNumber)
    }

    private func expectError(_ fields: MRZFields, _ code: MRZError.Code, _ field: MRZField) {
        #expect {
            try MRZ.make(fields)
        } throws: { error in
            guard let error = error as? MRZError else { return false }
            return error.code == code && error.field == field
        }
    }

    @Test("mrz make JSON: missing optional keys take ICAO defaults")
    func decodeDefaults() throws {
        let json = #"{"format":"TD3","issuingState":"UKR","surname":"Шевченко","givenNames":"Тарас","#
            + #""documentNumber":"FA123456","birthDate":"850312","sex":"M","expiryDate":"331125"}"#
        let fields = try JSONDecoder().decode(MRZFields.self, from: Data(json.utf8))
        #expect(fields.documentCode == "P")
        #expect(fields.nationality == "UKR")
        let lines = try MRZ.make(fields)
        #expect(lines[0] == "P<UKRSHEVCHENKO<<TARAS<<<<<<<<<<<<<<<<<<<<<<")
        #expect(MRZ.parse(lines, asOf: Self.asOf).isValid)
    }
}
