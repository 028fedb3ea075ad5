import Foundation
import Testing
import TravelDocuments

/// The public vectors of `shared/testdata/mrz/` (ICAO 9303 specimens, library test suites, constructed cases),
/// read unmodified at test time.
@Suite("MRZ shared vectors")
struct MRZVectorTests {
    static let asOf = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18

    @Test("All 80 vectors are found")
    func vectorsLoad() {
        #expect(MRZVector.all.count == 80)
    }

    @Test("Strict parse gives the expected validity, fields, checks and problem fields", arguments: MRZVector.all)
    func strict(vector: MRZVector) throws {
        let result = MRZ.parse(vector.mrz, mode: .strict, asOf: Self.asOf)
        #expect(result.isValid == vector.valid)
        #expect(Set(result.problems.map(\.field.rawValue)) == Set(vector.problems))
        guard let expected = vector.expected else {
            #expect(result.document == nil)
            return
        }
        let document = try #require(result.document)
        #expect(document.format.rawValue == expected.format)
        #expect(document.documentCode == expected.documentCode)
        #expect(document.issuingState.code == expected.issuingState)
        #expect(document.surname == expected.surname)
        #expect(document.givenNames == expected.givenNames)
        #expect(document.documentNumber == expected.documentNumber)
        #expect(document.nationality.code == expected.nationality)
        #expect(document.birthDate.raw == expected.birthDate)
        #expect(document.expiryDate.raw == expected.expiryDate)
        #expect((document.sex?.rawValue ?? document.sexCharacter) == expected.sex)
        #expect(document.optionalData == expected.optionalData)
        #expect(document.optionalData2 == expected.optionalData2)
        let checks = try #require(result.checks)
        var actual: [String: Bool] = [
            "documentNumber": checks.documentNumber, "birthDate": checks.birthDate, "expiryDate": checks.expiryDate,
        ]
        actual["optionalData"] = checks.optionalData
        actual["composite"] = checks.composite
        #expect(actual == expected.checks)
    }

    @Test("Lenient mode repairs the OCR cases into their valid target and reports each repair",
          arguments: MRZVector.all.filter { $0.lenientRepair != nil })
    func lenientRepairs(vector: MRZVector) throws {
        let target = try #require(vector.lenientRepair)
        let result = MRZ.parse(vector.mrz, mode: .lenient, asOf: Self.asOf)
        #expect(result.lines == target)
        #expect(result.isValid, "\(result.problems)")
        #expect(!result.repairs.isEmpty)
    }

    @Test("Lenient mode leaves valid zones unchanged, with no repairs", arguments: MRZVector.all.filter(\.valid))
    func lenientKeepsValid(vector: MRZVector) {
        let result = MRZ.parse(vector.mrz, mode: .lenient, asOf: Self.asOf)
        #expect(result.isValid)
        #expect(result.repairs.isEmpty)
        #expect(result.lines == vector.mrz)
    }

    @Test("The report JSON has the CLI keys and the vector's values", arguments: MRZVector.all.prefix(10))
    func report(vector: MRZVector) throws {
        let parser = MRZParser(mode: .strict, asOf: Self.asOf)
        let lines = MRZBlockReader.process(vector.mrz.joined(separator: "\n") + "\n", parser: parser)
        #expect(lines.count == 1)
        let line = try #require(lines.first)
        let parsed = try JSONSerialization.jsonObject(with: Data(line.utf8))
        let object = try #require(parsed as? [String: Any])
        for key in ["format", "documentCode", "issuingState", "surname", "givenNames", "documentNumber",
                    "nationality", "birthDate", "expiryDate", "sex", "optionalData", "optionalData2", "checks",
                    "valid", "problems"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        #expect(object["repairs"] == nil)
        #expect(object["valid"] as? Bool == vector.valid)
        if let expected = vector.expected {
            #expect(object["documentNumber"] as? String == expected.documentNumber)
            #expect(object["checks"] as? [String: Bool] == expected.checks)
        }
    }
}
