import Testing

@testable import Edifact

/// Birth dates with an unknown day or month (issue 14): ICAO 9303 Part 3 §4.6.3 lets a document show
/// only the year, or the year and month; carriers pass the unknown parts on as `00`, `XX` or `<<`. They
/// are read as the reduced ISO date with a warning, and the traveller is screened on what is known.
@Suite("Partial birth dates in manifests")
struct PartialBirthDateTests {
    @Test(
        "DTM+329 with an unknown day or month reads as year and month or year, with a warning",
        arguments: [
            ("971000", "1997-10"),  // YYMMDD, day unknown
            ("970000", "1997"),  // month and day unknown
            ("19971000", "1997-10"),  // CCYYMMDD
            ("1997XXXX", "1997"),  // X for unknown
            ("9710<<", "1997-10"),  // MRZ filler passed on
            ("971015", "1997-10-15"),  // a full date: no warning
        ]
    )
    func edifact(_ raw: String, _ iso: String) throws {
        let body = Fixture.flight + Fixture.traveller.map { $0 == "DTM+329:850101" ? "DTM+329:\(raw)" : $0 }
        let result = PaxlstParser().parse(Fixture.interchange(body))
        #expect(result.isAccepted)
        let traveller = try #require(result.manifest.travellers.first)
        #expect(traveller.birthDate == iso)
        #expect(traveller.birthDateRaw == raw)
        let partial = result.problems.filter { $0.code == .partialDate }
        #expect(partial.count == (iso.count == 10 ? 0 : 1))
        #expect(partial.allSatisfy { $0.severity == .warning && $0.field == "birthDate" && $0.traveller == 0 })
        #expect(result.errors.isEmpty, "\(result.problems)")
    }

    @Test("a birth date that is wrong, not partial, is still an error for that traveller", arguments: ["971300", "97XX15X", "971032"])
    func stillWrong(_ raw: String) throws {
        let body = Fixture.flight + Fixture.traveller.map { $0 == "DTM+329:850101" ? "DTM+329:\(raw)" : $0 }
        let result = PaxlstParser().parse(Fixture.interchange(body))
        let traveller = try #require(result.manifest.travellers.first)
        #expect(traveller.birthDate == nil)
        #expect(result.problems.contains { $0.code == .invalidDate && $0.severity == .error && $0.field == "birthDate" })
    }

    @Test(
        "JSON manifests take a birth date of any precision",
        arguments: [
            ("1997-10-15", true), ("1997-10", true), ("1997", true), ("1997-10-00", true), ("1997-XX-XX", true),
            ("1997-10-XX", true), ("1997-13", false), ("1997-02-30", false), ("97-10", false), ("1997-1", false),
            ("1997-10-15T10:00", false),
        ]
    )
    func json(_ birth: String, _ valid: Bool) {
        let json = #"{"messages": [{"travellers": [{"type": "passenger", "surname": "ROE", "birthDate": "\#(birth)"}]}]}"#
        let result = PaxlstParser().parseJSON(Array(json.utf8))
        #expect(result.isAccepted == valid, "\(result.problems)")
        #expect(EdifactDate.isValidBirthISO(birth) == valid)
    }
}
