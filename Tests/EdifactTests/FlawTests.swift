import Foundation
import Testing

@testable import Edifact

/// "Read what can be read; reject only what has nothing to read" (issue 14, shared/testdata/paxlst/README.md)
/// on small synthetic interchanges: each flaw is read past, reported with its kind, severity, traveller and
/// field; only input with no PAXLST message is rejected.
@Suite("PAXLST flaws")
struct FlawTests {
    /// The fixture interchange with `find` replaced, as bytes (so non-UTF-8 bytes can be put in).
    static func bytes(_ find: String, _ replace: [UInt8], unb: String = "UNOA") -> [UInt8] {
        let text = Fixture.interchange().replacingOccurrences(of: "UNB+UNOA", with: "UNB+" + unb)
        guard let range = text.range(of: find) else { return Array(text.utf8) }
        return Array(text[..<range.lowerBound].utf8) + replace + Array(text[range.upperBound...].utf8)
    }

    // Bytes beyond the declared syntax level (ISO 9735-1 Annex A) in the surname `DOE`.
    @Test(
        "a byte outside the declared character set is flagged on the traveller's field and read as U+FFFD",
        arguments: [
            ("UNOA", [0x44, 0x87, 0x45], true),  // stray 0x87 in a 7-bit level
            ("UNOA", [0x44, 0xC3, 0x96, 0x45], true),  // UTF-8 Ö in a 7-bit level
            ("UNOC", [0x44, 0xD6, 0x45], false),  // ISO 8859-1 Ö in level C
            ("UNOC", [0x44, 0x87, 0x45], true),  // C1 control in level C
            ("UNOW", [0x44, 0xC3, 0x96, 0x45], false),  // UTF-8 Ö in level W
            ("UNOW", [0x44, 0x87, 0x45], true),  // not UTF-8 in level W
            ("UNOY", [0x44, 0x01, 0x45], true),  // a C0 control is data in no level
        ] as [(String, [UInt8], Bool)]
    )
    func characterSet(_ level: String, _ surname: [UInt8], _ flagged: Bool) throws {
        let result = PaxlstParser().parse(Self.bytes("DOE", surname, unb: level))
        let traveller = try #require(result.manifest.travellers.first)
        let problem = result.problems.first { $0.code == .invalidCharacter }
        #expect((problem != nil) == flagged, "\(result.problems)")
        if flagged {
            #expect(problem?.traveller == 0 && problem?.field == "surname" && problem?.severity == .error)
            #expect(problem?.tag == "NAD" && problem?.element == 4 && problem?.component == 1)
            #expect(traveller.surname?.unicodeScalars.allSatisfy { $0.value >= 0x20 && !(0x7F..<0xA0).contains($0.value) }
                == true, "no control character is passed on")
        }
        #expect(result.isAccepted && result.complete)
    }

    @Test("a stray space before a birth date is trimmed and reported on the traveller's field")
    func strayValueSpace() throws {
        let result = PaxlstParser().parse(Fixture.interchange().replacingOccurrences(of: "329:850101", with: "329: 850101"))
        #expect(result.manifest.travellers.first?.birthDate == "1985-01-01")
        let problem = try #require(result.problems.first)
        #expect(problem.code == .whitespaceTrimmed && problem.severity == .warning)
        #expect(problem.traveller == 0 && problem.field == "birthDate")
    }

    @Test("a space inside a value is data; one around a value that is not read is not reported")
    func spacesNotReported() {
        let body = Fixture.flight + ["NAD+MS+++ KORDON OPS "] + Fixture.traveller
            .map { $0.hasPrefix("NAD") ? "NAD+FL+++DOE:MARY ANN" : $0 }
        let result = PaxlstParser().parse(Fixture.interchange(body))
        #expect(result.problems.isEmpty, "\(result.problems)")
        #expect(result.manifest.travellers.first?.givenNames == "MARY ANN")
    }

    // Input cut off: whole travellers are kept, the one being read when the input stopped is left out.
    @Test(
        "input cut off keeps every whole traveller and marks the manifest incomplete",
        arguments: [
            ("NAD+FL+++ROE:RICH", 1, nil),  // cut inside the second NAD: the first traveller is whole
            ("NAD+FL+++ROE:RICHARD'DOC+P:110:111+AB", 1, "ROE"),  // cut inside the second's DOC: left out
            ("NAD+FL+++ROE:RICHARD'DOC+P:110:111+AB2'CNT+42:2", 2, nil),  // cut in CNT: both whole
        ] as [(String, Int, String?)]
    )
    func truncated(_ tail: String, _ kept: Int, _ cutOff: String?) {
        let head = Fixture.interchange().components(separatedBy: "UNT+").first ?? ""
        let result = PaxlstParser().parse(head + tail)
        #expect(result.isAccepted && !result.complete)
        #expect(result.manifest.travellers.count == kept)
        #expect(result.manifest.travellers.first?.documents.first?.number == "AB1")
        #expect(result.cutOffTraveller?.surname == cutOff)
        #expect(result.problems.contains { $0.code == .truncated && $0.severity == .error })
    }

    @Test("a message that ends with the input, without UNT, is read and marked incomplete")
    func missingUNTAtEnd() {
        let text = Fixture.interchange().components(separatedBy: "UNT+").first ?? ""
        let result = PaxlstParser().parse(text)
        #expect(result.isAccepted && !result.complete && result.manifest.travellers.count == 1)
        #expect(result.warnings.contains { $0.code == .missingTrailer })
    }

    // Only what has nothing to read is rejected.
    @Test(
        "input with nothing to read is rejected with the reason",
        arguments: [
            ("UNB+UNOA:4+S+R+260315:0800+R1'UNZ+0+R1'", EdifactError.Code.noMessage),
            ("UNA:+.? 'UNB+UNOA:4+S+R+260315:0800+R1'", .noMessage),
            ("UNB+UNOA:4+S+R+260315:0800+R1'UNH+1+CUSRES:D:96B:UN'BGM+962'UNT+3+1'UNZ+1+R1'", .unsupportedMessageType),
            ("Dear customs, please find the passenger list attached.", .notEdifact),
            ("", .notEdifact),
            ("UNA:::::::", .invalidServiceStringAdvice),
        ] as [(String, EdifactError.Code)]
    )
    func rejected(_ input: String, _ code: EdifactError.Code) throws {
        let result = PaxlstParser().parse(input)
        let rejection = try #require(result.rejection)
        #expect(rejection.code == code && rejection.severity == .error)
        #expect(!result.isAccepted && result.problems.first == rejection)
        #expect(result.problems.filter { $0.code == code }.count == 1, "reported once: \(result.problems)")
    }

    @Test("a PAXLST message beside one of another type is read; the other is skipped with a warning")
    func mixedMessageTypes() {
        let other = "UNH+9+CUSRES:D:96B:UN'BGM+962'FTX+AAA+++ANYTHING'UNT+4+9'"
        let text = Fixture.interchange().replacingOccurrences(of: "UNZ+1+R1'", with: "")
            .replacingOccurrences(of: "UNB+UNOA:4+SENDER:ZZ+RCPT:ZZ+260315:0800+R1++APIS'",
                                  with: "UNB+UNOA:4+SENDER:ZZ+RCPT:ZZ+260315:0800+R1++APIS'" + other)
            + "UNZ+2+R1'"
        let result = PaxlstParser().parse(text)
        #expect(result.isAccepted && result.complete)
        #expect(result.manifest.messages.count == 1 && result.manifest.travellers.count == 1)
        #expect(result.warnings.map(\.code) == [.unsupportedMessageType], "\(result.problems)")
    }

    @Test("every document is kept: a passport and a visa, in order, with their expiry and issuing state")
    func documentsKept() throws {
        let body = Fixture.flight + Fixture.traveller + ["DOC+V+VX1", "DTM+36:270101", "LOC+91+POL"]
        let traveller = try #require(PaxlstParser().parse(Fixture.interchange(body)).manifest.travellers.first)
        #expect(traveller.documents.map(\.type) == ["P", "V"])
        #expect(traveller.documents.last == .init(
            type: "V", number: "VX1", issuingState: "POL", expiry: "2027-01-01", expiryRaw: "270101"))
    }

    @Test("problems of later messages name the traveller by its index in the whole manifest")
    func travellerIndexAcrossMessages() throws {
        let m1 = Fixture.message(Fixture.flight + Fixture.traveller, ref: "M1")
        let bad = Fixture.traveller.map { $0.hasPrefix("DTM+329") ? "DTM+329:851301" : $0 }
        let m2 = Fixture.message(Fixture.flight + bad, ref: "M2")
        let text = (["UNB+UNOA:4+S+R+260315:0800+R1"] + m1 + m2 + ["UNZ+2+R1"]).map { $0 + "'" }.joined()
        let result = PaxlstParser().parse(text)
        let problem = try #require(result.errors.first)
        #expect(problem.traveller == 1 && problem.field == "birthDate")
        #expect(result.manifest.travellers[1].birthDate == nil && result.manifest.travellers[0].birthDate != nil)
    }
}
