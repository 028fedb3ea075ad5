import Testing

@testable import Edifact

/// Interchange structure, control counts, dates and caps on small synthetic interchanges.
@Suite("PAXLST edge cases")
struct PaxlstEdgeCaseTests {
    @Test("a small interchange parses into flight, traveller and document")
    func baseline() throws {
        let result = PaxlstParser().parse(Fixture.interchange())
        #expect(result.problems.isEmpty, "\(result.problems)")
        let message = try #require(result.manifest.messages.first)
        #expect(message.listType == .passenger)
        #expect(message.flights == [Flight(
            flightNumber: "PS101", carrier: "PS", departurePort: "KBP", departureDateTime: "2026-03-15T10:05",
            arrivalPort: "AMS", arrivalDateTime: "2026-03-15T13:00", departureDateTimeRaw: "2603151005",
            arrivalDateTimeRaw: "2603151300")])
        let traveller = try #require(message.travellers.first)
        #expect(traveller.birthDate == "1985-01-01" && traveller.birthDateRaw == "850101")
        #expect(traveller.documents == [Passenger.TravelDocument(
            type: "P", number: "AB1", issuingState: "UKR", expiry: "2030-01-01", expiryRaw: "300101")])
        #expect(result.manifest.interchange.preparationRaw == "260315:0800")
    }

    // Control structure (ISO 9735-1 §5) and control counts: each row breaks one rule of a good interchange.
    // None of them loses a traveller: each is a warning, and the manifest is read (issue 14).
    @Test(
        "structure and count flaws are warnings at the right segment; the traveller is read",
        arguments: [
            ("UNZ+1+R1'", "", EdifactError.Code.missingTrailer, nil),  // no UNZ
            ("UNT+", "UNX+", .missingTrailer, nil),  // no UNT (renamed: unknown too)
            ("UNZ+1+R1", "UNZ+2+R1", .segmentCountMismatch, "UNZ"),  // UNZ counts 2 messages
            ("UNZ+1+R1", "UNZ+1+R2", .referenceMismatch, "UNZ"),  // UNZ ref differs from UNB's
            ("+M1'UNZ", "+M9'UNZ", .referenceMismatch, "UNT"),  // UNT ref differs from UNH's
            ("UNT+16", "UNT+17", .segmentCountMismatch, "UNT"),  // UNT count off by one
            ("UNT+16", "UNT+X", .invalidValue, "UNT"),  // UNT count not a number
            ("UNB+UNOA:4+SENDER:ZZ+RCPT:ZZ+260315:0800+R1++APIS'", "", .missingHeader, "UNH"),  // no UNB
            ("BGM+745'", "", .missingHeader, "UNH"),  // no BGM (count then off too)
            ("UNZ+1+R1'", "UNZ+1+R1'UNH+M2'", .dataAfterTrailer, nil),  // a segment after UNZ: not read
            ("UNZ+1+R1'", "UNZ+1+R1'\n13Nov09\n", .dataAfterTrailer, nil),  // a stray line after UNZ
            ("UNZ+1+R1'", "UNZ+1+R1", .truncated, "UNZ"),  // UNZ without its terminator (only UNZ is cut)
            ("UNH+M1", "UNH  +M1", .whitespaceTrimmed, "UNH"),  // spaces after a tag
        ] as [(String, String, EdifactError.Code, String?)]
    )
    func structure(_ find: String, _ replace: String, _ code: EdifactError.Code, _ tag: String?) {
        let input = Fixture.interchange().replacingOccurrences(of: find, with: replace)
        let result = PaxlstParser().parse(input)
        let problem = result.problems.first { $0.code == code }
        #expect(problem != nil, "\(result.problems)")
        if let tag { #expect(problem?.tag == tag) }
        #expect(result.isAccepted)
        #expect(problem?.severity == (code == .truncated ? .error : .warning))
        #expect(result.manifest.travellers.count == 1)
        #expect(result.manifest.travellers.first?.documents.first?.number == "AB1")
    }

    @Test("functional group: UNE counts its messages, UNZ counts groups")
    func functionalGroup() {
        let m1 = Fixture.message(Fixture.flight + Fixture.traveller, ref: "M1")
        let m2 = Fixture.message(Fixture.flight + ["NAD+FM+++ROE:RICHARD"], ref: "M2", bgm: "250")
        func build(une: String, unz: String) -> String {
            (["UNB+UNOA:4+S+R+260315:0800+R1", "UNG+PAXLST+S+R+260315:0800+G1+UN+D:05B"] + m1 + m2 + [une, unz])
                .map { $0 + "'" }.joined()
        }
        let good = PaxlstParser().parse(build(une: "UNE+2+G1", unz: "UNZ+1+R1"))
        #expect(good.problems.isEmpty, "\(good.problems)")
        #expect(good.manifest.messages.map(\.listType) == [.passenger, .crew])
        #expect(good.manifest.messages[1].travellers.first?.type == .crew)
        let badUNE = PaxlstParser().parse(build(une: "UNE+1+G1", unz: "UNZ+1+R1"))
        #expect(badUNE.warnings.map(\.code) == [.segmentCountMismatch] && badUNE.errors.isEmpty)
        let badRef = PaxlstParser().parse(build(une: "UNE+2+G2", unz: "UNZ+2+R1"))
        #expect(Set(badRef.warnings.map(\.code)) == [.referenceMismatch, .segmentCountMismatch])
        #expect(badRef.manifest.travellers.count == 2)
    }

    // DTM C507 dates (UNCL 2379 formats 101/102/201/203); two-digit birth years: 19YY when 20YY is after the
    // interchange's year (shared/testdata/paxlst/README.md).
    @Test(
        "dates resolve to ISO 8601 or fail with the position",
        arguments: [
            ("DTM+329:850101", "1985-01-01"),
            ("DTM+329:000229", "2000-02-29"),  // leap day 2000
            ("DTM+329:260315", "2026-03-15"),  // same year as the interchange: 20YY
            ("DTM+329:270101", "1927-01-01"),  // after the interchange's year: 19YY
            ("DTM+329:19850101:102", "1985-01-01"),  // CCYYMMDD
            ("DTM+329:010229", nil),  // 2001 is no leap year
            ("DTM+329:941332", nil),  // month 13, day 32
            ("DTM+329:851300", nil),  // month 13 (day 00 alone is a partial date: PartialBirthDateTests)
            ("DTM+329:85010", nil),  // five digits
            ("DTM+329:85A101", nil),  // not digits
            ("DTM+329:850101:999", nil),  // unknown format code
            ("DTM+329", nil),  // no value
        ] as [(String, String?)]
    )
    func birthDates(_ segment: String, _ expected: String?) {
        let body = Fixture.flight + Fixture.traveller.map { $0.hasPrefix("DTM+329") ? segment : $0 }
        let result = PaxlstParser().parse(Fixture.interchange(body))
        #expect(result.manifest.travellers.first?.birthDate == expected)
        #expect(result.isAccepted && result.manifest.travellers.count == 1)
        if expected == nil {
            let problem = result.errors.first
            #expect(problem?.code == .invalidDate)
            #expect(problem?.tag == "DTM" && problem?.element == 1 && problem?.component == 2)
            #expect(problem?.segment == 11)  // UNB=1 UNH=2 BGM=3 flight 4-8, NAD 9, ATT 10, DTM+329 11
            #expect(problem?.traveller == 0 && problem?.field == "birthDate")
        } else {
            #expect(result.problems.isEmpty, "\(result.problems)")
        }
    }

    @Test(
        "flight times and expiry dates",
        arguments: [
            ("DTM+189:2603151005:201", "2026-03-15T10:05"),
            ("DTM+189:202603151005:203", "2026-03-15T10:05"),
            ("DTM+189:2603152400:201", nil),  // hour 24
            ("DTM+189:2603151060:201", nil),  // minute 60
            ("DTM+189:2602301000:201", nil),  // 30 February
        ] as [(String, String?)]
    )
    func flightTimes(_ segment: String, _ expected: String?) {
        let body = Fixture.flight.map { $0.hasPrefix("DTM+189") ? segment : $0 } + Fixture.traveller
        let result = PaxlstParser().parse(Fixture.interchange(body))
        #expect(result.manifest.messages.first?.flights.first?.departureDateTime == expected)
        #expect(result.isAccepted)
        #expect(result.errors.map(\.field) == (expected == nil ? ["flights[0].departureDateTime"] : []))
    }

    @Test("without UNB date, the reference year resolves birth centuries")
    func referenceYear() {
        let input = Fixture.interchange().replacingOccurrences(of: "+260315:0800", with: "+")
        let parsed = PaxlstParser(referenceYear: 2010).parse(input)
        #expect(parsed.manifest.travellers.first?.birthDate == "1985-01-01")
        let dob = Fixture.interchange(Fixture.flight + ["NAD+FL+++A:B", "DTM+329:150101"])
            .replacingOccurrences(of: "+260315:0800", with: "+")
        #expect(PaxlstParser(referenceYear: 2010).parse(dob).manifest.travellers.first?.birthDate == "1915-01-01")
        // No UNB date and no reference year: the first leg's departure year decides.
        #expect(PaxlstParser().parse(dob).manifest.travellers.first?.birthDate == "2015-01-01")
    }

    @Test("unknown segments are kept, skipped and reported; never fatal")
    func unknownSegment() {
        let body = Fixture.flight + ["XYZ+1+2"] + Fixture.traveller
        let strict = PaxlstParser(unknownSegmentsAreErrors: true).parse(Fixture.interchange(body))
        #expect(strict.errors.map(\.code) == [.unknownSegment])
        #expect(strict.isAccepted && strict.manifest.travellers.count == 1)
        let lenient = PaxlstParser().parse(Fixture.interchange(body))
        #expect(lenient.isAccepted)
        #expect(lenient.warnings.map(\.code) == [.unknownSegment])
        #expect(lenient.unknownSegments.map(\.tag) == ["XYZ"])
        #expect(lenient.unknownSegments.first?.number == 9)
    }

    @Test("CNT totals are checked against the travellers (warning)")
    func controlTotals() {
        let result = PaxlstParser().parse(Fixture.interchange(Fixture.flight + Fixture.traveller + ["CNT+42:2"]))
        #expect(result.isAccepted)
        #expect(result.warnings.map(\.code) == [.controlTotalMismatch])
        #expect(PaxlstParser().parse(Fixture.interchange(Fixture.flight + Fixture.traveller + ["CNT+42:1"]))
            .problems.isEmpty)
    }

    @Test(
        "caps on messages, travellers, legs and documents: reported, what fits is kept",
        arguments: [
            (EdifactLimits(maxTravellersPerMessage: 1), Fixture.flight + Fixture.traveller + Fixture.traveller),
            (EdifactLimits(maxFlightsPerMessage: 1), Fixture.flight + Fixture.flight + Fixture.traveller),
            (EdifactLimits(maxDocumentsPerTraveller: 1), Fixture.flight + Fixture.traveller + ["DOC+V+X1"]),
            (EdifactLimits(maxMessages: 0), Fixture.flight),
        ] as [(EdifactLimits, [String])]
    )
    func caps(_ limits: EdifactLimits, _ body: [String]) {
        let result = PaxlstParser(limits: limits).parse(Fixture.interchange(body))
        #expect(result.errors.contains { $0.code == .limitExceeded }, "\(result.problems)")
        #expect(result.manifest.travellers.count <= limits.maxTravellersPerMessage)
        // Skipping a traveller's extra document loses no traveller; any other cap leaves the manifest incomplete.
        #expect(result.complete == (limits.maxDocumentsPerTraveller == 1))
    }

    @Test("names: surname, given-name components, empty components dropped")
    func names() {
        let body = Fixture.flight + ["NAD+FL+++JIANG:HSIUYUAN:", "NAD+FM+++CAPONE::LISA:ALVINA", "NAD+FL+++SOLO"]
        let travellers = PaxlstParser().parse(Fixture.interchange(body)).manifest.travellers
        #expect(travellers.map(\.givenNames) == ["HSIUYUAN", "LISA ALVINA", nil])
        #expect(travellers.map(\.givenNameComponents) == [["HSIUYUAN"], ["LISA", "ALVINA"], []])
        #expect(travellers.map(\.type) == [.passenger, .crew, .passenger])
    }

    @Test("problem descriptions name the position and no personal data")
    func descriptions() {
        let body = Fixture.flight + Fixture.traveller.map { $0.hasPrefix("DTM+329") ? "DTM+329:851301" : $0 }
        let result = PaxlstParser().parse(Fixture.interchange(body))
        let text = result.errors.map(\.description).joined()
        #expect(text.contains("segment 11 (DTM) element 1 component 2"))
        #expect(!text.contains("DOE") && !text.contains("851301"))
    }
}

@Suite("PAXLST writer")
struct PaxlstWriterTests {
    @Test("every accepted shared sample written back as EDIFACT parses to the same manifest", arguments: SharedTestData.samples(bad: false))
    func roundTrip(_ name: String) throws {
        let parsed = PaxlstParser().parse(try SharedTestData.bytes(name + ".edi"))
        let written = PaxlstWriter.interchange(parsed.manifest, preparedAt: parsed.manifest.interchange.preparationRaw ?? "260101:0000")
        let again = PaxlstParser().parse(written)
        #expect(again.errors.isEmpty, "\(again.errors)")
        #expect(again.manifest.travellers.map(\.surname) == parsed.manifest.travellers.map(\.surname))
        #expect(again.manifest.travellers.map(\.givenNames) == parsed.manifest.travellers.map(\.givenNames))
        #expect(again.manifest.travellers.map(\.birthDate) == parsed.manifest.travellers.map(\.birthDate))
        #expect(again.manifest.travellers.map(\.documents.first?.number) == parsed.manifest.travellers.map(\.documents.first?.number))
        #expect(again.manifest.messages.flatMap(\.flights).map(\.arrivalDateTime) == parsed.manifest.messages.flatMap(\.flights).map(\.arrivalDateTime))
    }
}
