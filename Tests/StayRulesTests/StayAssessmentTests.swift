import Foundation
import Testing

@testable import StayRules

private let visaFree: Set<String> = ["MDA", "GBR"]

private func visa(
    _ from: String, _ until: String, _ entries: Visa.Entries = .multiple, used: Int = 0, days: Int = 90,
    kind: Visa.Kind = .shortStay
) -> Authorisation {
    .visa(
        Visa(
            kind: kind, validFrom: day(from), validUntil: day(until), entries: entries, entriesUsed: used,
            durationOfStay: kind == .shortStay ? days : nil))
}

private func permit(_ from: String, _ until: String?) -> Authorisation {
    .residencePermit(ResidencePermit(validFrom: day(from), validUntil: until.map(day)))
}

private func protection(_ kind: ProtectionStatus.Kind, _ from: String, _ until: String?) -> Authorisation {
    .protection(ProtectionStatus(kind: kind, validFrom: day(from), validUntil: until.map(day)))
}

@Suite("StayAssessment: basis of stay, latest exit, overstay and reasons")
struct StayAssessmentTests {
    struct Row: Sendable, CustomTestStringConvertible {
        let name: String
        var nationality = "IND"
        var stays: [Stay] = []
        var authorisations: [Authorisation] = []
        let date: String
        var direction: StayAssessment.Direction = .entry
        let authorised: Bool
        let basis: String
        /// `YYYY-MM-DD`, `"indefinite"` or `nil` (not authorised).
        let latestExit: String?
        var overstay = 0
        var reasons: Set<String> = []
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        // MARK: Entry, visa-free (Schengen Borders Code Art. 6(1))
        Row(name: "visa-free, no history: 90 days", nationality: "MDA", date: "2025-03-01", authorised: true,
            basis: "visa-free", latestExit: "2025-05-29", reasons: ["visa-free", "latest-exit"]),
        Row(name: "visa-free, 90/180 exhausted (ground F)", nationality: "MDA",
            stays: [stay("2025-01-01", "2025-03-31")], date: "2025-04-02", authorised: false, basis: "none",
            latestExit: nil, reasons: ["short-stay-exhausted"]),
        Row(name: "visa required, nothing held (ground C)", date: "2025-03-01", authorised: false, basis: "none",
            latestExit: nil, reasons: ["visa-required"]),
        // MARK: Entry, visas (Visa Code Art. 24)
        Row(name: "multiple-entry visa: 90/180 limits before validity",
            authorisations: [visa("2025-01-01", "2025-12-31", used: 2)],
            date: "2025-03-01", authorised: true, basis: "visa", latestExit: "2025-05-29",
            reasons: ["visa-valid", "latest-exit"]),
        Row(name: "visa validity ends before 90 days", authorisations: [visa("2025-01-01", "2025-03-20")],
            date: "2025-03-01", authorised: true, basis: "visa", latestExit: "2025-03-20"),
        Row(name: "visa duration of stay limits: 30 days, 10 used", stays: [stay("2025-02-01", "2025-02-10")],
            authorisations: [visa("2025-01-01", "2025-12-31", days: 30)], date: "2025-03-01", authorised: true,
            basis: "visa", latestExit: "2025-03-20"),
        Row(name: "visa expired", authorisations: [visa("2024-01-01", "2025-02-28")], date: "2025-03-01",
            authorised: false, basis: "none", latestExit: nil, reasons: ["visa-expired", "visa-required"]),
        Row(name: "visa not yet valid", authorisations: [visa("2025-03-02", "2025-12-31")], date: "2025-03-01",
            authorised: false, basis: "none", latestExit: nil, reasons: ["visa-not-yet-valid"]),
        Row(name: "single-entry visa already used", stays: [stay("2025-01-10", "2025-01-20")],
            authorisations: [visa("2025-01-01", "2025-12-31", .single, used: 1)], date: "2025-03-01",
            authorised: false, basis: "none", latestExit: nil, reasons: ["visa-entries-used"]),
        Row(name: "double-entry visa, second entry allowed", stays: [stay("2025-01-10", "2025-01-20")],
            authorisations: [visa("2025-01-01", "2025-12-31", .double, used: 1)], date: "2025-03-01",
            authorised: true, basis: "visa", latestExit: "2025-05-18"),
        Row(name: "visa duration used up", stays: [stay("2025-02-01", "2025-03-02")],
            authorisations: [visa("2025-01-01", "2025-12-31", days: 30)], date: "2025-03-10", authorised: false,
            basis: "none", latestExit: nil, reasons: ["visa-duration-exhausted"]),
        Row(name: "long-stay visa: validity, not 90/180", stays: [stay("2025-01-01", "2025-03-31")],
            authorisations: [visa("2025-04-01", "2025-12-31", kind: .longStay)], date: "2025-04-01",
            authorised: true, basis: "visa", latestExit: "2025-12-31"),
        // MARK: Entry, residence permits and protection
        Row(name: "residence permit regardless of 90/180", stays: [stay("2025-01-01", "2025-03-31")],
            authorisations: [permit("2025-01-01", "2025-12-31")], date: "2025-04-01", authorised: true,
            basis: "residence-permit", latestExit: "2025-12-31", reasons: ["residence-permit-valid"]),
        Row(name: "permit days do not count; visa-free days follow the permit", nationality: "MDA",
            stays: [stay("2025-01-01", "2025-03-31")], authorisations: [permit("2025-01-01", "2025-06-30")],
            date: "2025-06-01", authorised: true, basis: "residence-permit", latestExit: "2025-09-28"),
        Row(name: "permanent residence has no end", authorisations: [permit("2020-01-01", nil)], date: "2025-06-01",
            authorised: true, basis: "residence-permit", latestExit: "indefinite"),
        Row(name: "permit expired", authorisations: [permit("2024-01-01", "2025-01-31")], date: "2025-03-01",
            authorised: false, basis: "none", latestExit: nil, reasons: ["residence-permit-expired"]),
        Row(name: "temporary protection until its end date", stays: [stay("2024-01-01", "2024-12-31")],
            authorisations: [protection(.temporary, "2022-03-04", "2026-03-04")], date: "2025-03-01",
            authorised: true, basis: "protection", latestExit: "2026-03-04", reasons: ["protection-valid"]),
        Row(name: "refugee status without end date", authorisations: [protection(.refugee, "2019-05-01", nil)],
            date: "2025-03-01", authorised: true, basis: "protection", latestExit: "indefinite"),
        Row(name: "protection ended", authorisations: [protection(.complementary, "2022-01-01", "2024-12-31")],
            date: "2025-03-01", authorised: false, basis: "none", latestExit: nil, reasons: ["protection-ended"]),
        Row(name: "protection outranks an expired visa", authorisations: [visa("2024-01-01", "2024-02-01"),
            protection(.temporary, "2022-03-04", "2026-03-04")], date: "2025-03-01", authorised: true,
            basis: "protection", latestExit: "2026-03-04"),
        Row(name: "previous exit not recorded", nationality: "MDA", stays: [stay("2025-02-20", nil)],
            date: "2025-03-01", authorised: true, basis: "visa-free", latestExit: "2025-05-20",
            reasons: ["previous-exit-not-recorded"]),
        // MARK: Exit (overstay, EES Art. 12)
        Row(name: "exit within 90 days", nationality: "MDA", stays: [stay("2025-01-01", nil)], date: "2025-03-31",
            direction: .exit, authorised: true, basis: "visa-free", latestExit: "2025-03-31"),
        Row(name: "exit 15 days over 90/180", nationality: "MDA", stays: [stay("2025-01-01", nil)],
            date: "2025-04-15", direction: .exit, authorised: false, basis: "visa-free", latestExit: "2025-03-31",
            overstay: 15, reasons: ["overstay", "short-stay-exhausted"]),
        Row(name: "SEM example 5: overstay of 9 days", nationality: "MDA",
            stays: [stay("2013-09-01", "2013-09-30"), stay("2014-02-21", "2014-04-20"), stay("2014-05-01", nil)],
            date: "2014-06-09", direction: .exit, authorised: false, basis: "visa-free", latestExit: "2014-05-31",
            overstay: 9, reasons: ["overstay"]),
        Row(name: "exit 5 days after the visa expired", stays: [stay("2025-03-01", nil)],
            authorisations: [visa("2025-01-01", "2025-03-10")], date: "2025-03-15", direction: .exit,
            authorised: false, basis: "visa", latestExit: "2025-03-10", overstay: 5,
            reasons: ["overstay", "visa-expired"]),
        Row(name: "exit on a single-entry visa used for this entry", stays: [stay("2025-03-01", nil)],
            authorisations: [visa("2025-01-01", "2025-12-31", .single, used: 1)], date: "2025-03-15",
            direction: .exit, authorised: true, basis: "visa", latestExit: "2025-05-29"),
        Row(name: "exit: permit granted during an overstay regularises it from then on",
            stays: [stay("2025-01-01", nil)], authorisations: [permit("2025-01-11", "2026-01-10")],
            date: "2025-02-01", direction: .exit, authorised: false, basis: "residence-permit",
            latestExit: nil, overstay: 10, reasons: ["overstay", "visa-required"]),
        Row(name: "exit with no recorded entry", nationality: "MDA", date: "2025-03-01", direction: .exit,
            authorised: true, basis: "visa-free", latestExit: "2025-05-29", reasons: ["exit-without-entry"]),
        Row(name: "exit under refugee status after years", stays: [stay("2019-06-01", nil)],
            authorisations: [protection(.refugee, "2019-06-01", nil)], date: "2025-03-01", direction: .exit,
            authorised: true, basis: "protection", latestExit: "indefinite"),
    ]

    @Test("Decision table", arguments: rows)
    func table(row: Row) throws {
        let assessment = try StayAssessment.assess(
            nationality: row.nationality, visaFreeNationalities: visaFree, stays: row.stays,
            authorisations: row.authorisations, on: day(row.date), direction: row.direction)
        #expect(assessment.isAuthorised == row.authorised)
        #expect(assessment.basis.code == row.basis)
        switch assessment.authorisedStay {
        case .notAuthorised: #expect(row.latestExit == nil)
        case .until(let last): #expect(last.description == row.latestExit)
        case .indefinite: #expect(row.latestExit == "indefinite")
        }
        #expect(assessment.overstayDays == row.overstay)
        let codes = Set(assessment.reasons.map(\.code.rawValue))
        #expect(row.reasons.isSubset(of: codes), "reasons: \(assessment.reasons)")
        // Reasons come most serious first.
        #expect(assessment.reasons.map(\.severity) == assessment.reasons.map(\.severity).sorted(by: >))
        if !row.authorised, row.direction == .entry {
            #expect(assessment.reasons.contains { $0.severity == .refusal && $0.refusalGround != nil })
        }
    }

    @Test("Refusal reasons carry the Annex V Part B letter")
    func refusalGrounds() throws {
        let exhausted = try StayAssessment.assess(
            nationality: "MDA", visaFreeNationalities: visaFree, stays: [stay("2025-01-01", "2025-03-31")],
            authorisations: [], on: day("2025-04-02"), direction: .entry)
        #expect(exhausted.reasons.first { $0.code == .shortStayExhausted }?.refusalGround == "F")
        #expect(exhausted.severity == .refusal)
        let noVisa = try StayAssessment.assess(
            nationality: "IND", visaFreeNationalities: visaFree, stays: [], authorisations: [],
            on: day("2025-04-02"), direction: .entry)
        #expect(noVisa.reasons.first { $0.code == .visaRequired }?.refusalGround == "C")
    }

    @Test("Days used and remaining ignore days under a residence permit")
    func permitDaysNotCounted() throws {
        let assessment = try StayAssessment.assess(
            nationality: "MDA", visaFreeNationalities: visaFree, stays: [stay("2025-01-01", "2025-03-31")],
            authorisations: [permit("2025-02-01", "2025-12-31")], on: day("2025-04-01"), direction: .entry)
        #expect(assessment.daysUsed == 31)
        #expect(assessment.daysRemaining == 59)
    }

    @Test("Visa days remaining are reported for a short-stay visa")
    func visaDaysRemaining() throws {
        let assessment = try StayAssessment.assess(
            nationality: "IND", visaFreeNationalities: visaFree, stays: [stay("2025-02-01", "2025-02-10")],
            authorisations: [visa("2025-01-01", "2025-12-31", days: 30)], on: day("2025-03-01"), direction: .entry)
        #expect(assessment.visaDaysRemaining == 20)
    }

    @Test("Lenient validation reports what it corrected")
    func corrections() throws {
        let assessment = try StayAssessment.assess(
            nationality: "MDA", visaFreeNationalities: visaFree,
            stays: [stay("2025-01-01", "2025-01-20"), stay("2025-01-15", "2025-01-25")], authorisations: [],
            on: day("2025-03-01"), direction: .entry, validation: .lenient)
        #expect(assessment.daysUsed == 25)
        #expect(assessment.reasons.contains { $0.code == .recordsCorrected && $0.severity == .attention })
    }

    @Test(
        "Bad authorisations are refused, naming the field and index",
        arguments: [
            (visa("2025-03-01", "2025-02-01"), "authorisations[1].validUntil"),
            (visa("2025-01-01", "2025-02-01", used: -1), "authorisations[1].entriesUsed"),
            (visa("2025-01-01", "2025-02-01", days: 0), "authorisations[1].durationOfStay"),
            (permit("2025-03-01", "2025-01-01"), "authorisations[1].validUntil"),
            (protection(.temporary, "2025-03-01", "2025-01-01"), "authorisations[1].validUntil"),
        ])
    func badAuthorisations(bad: Authorisation, field: String) {
        #expect {
            _ = try StayAssessment.assess(
                nationality: "IND", visaFreeNationalities: [], stays: [],
                authorisations: [permit("2020-01-01", nil), bad], on: day("2025-04-01"), direction: .entry)
        } throws: { error in
            (error as? StayError)?.field == field && (error as? StayError)?.index == 1
        }
    }

    @Test("Bad stays are refused in strict mode, naming the field and index")
    func badStays() {
        #expect {
            _ = try StayAssessment.assess(
                nationality: "MDA", visaFreeNationalities: visaFree,
                stays: [stay("2025-01-01", "2025-01-05"), stay("2025-05-01", nil)], authorisations: [],
                on: day("2025-04-01"), direction: .exit)
        } throws: { error in
            (error as? StayError)?.code == .stayInFuture && (error as? StayError)?.field == "stays[1].entry"
        }
    }
}

@Suite("Overstayer list (EES Regulation 2017/2226 Art. 12)")
struct OverstayTests {
    @Test("A visa-free person still present after 90 days is listed with the days over")
    func listed() throws {
        let overstay = try #require(
            try Overstay.check(
                nationality: "MDA", visaFreeNationalities: visaFree, stays: [stay("2025-01-01", nil)],
                authorisations: [], asOf: day("2025-04-15")))
        #expect(overstay.days == 15)
        #expect(overstay.authorisedUntil == day("2025-03-31"))
        #expect(overstay.entry == day("2025-01-01"))
        #expect(overstay.basis == .visaFree)
    }

    @Test("Not listed: exit recorded, still within 90 days, or a permit granted during the stay")
    func notListed() throws {
        func check(_ stays: [Stay], _ authorisations: [Authorisation] = []) throws -> Overstay? {
            try Overstay.check(
                nationality: "MDA", visaFreeNationalities: visaFree, stays: stays, authorisations: authorisations,
                asOf: day("2025-04-15"))
        }
        #expect(try check([stay("2025-01-01", "2025-04-10")]) == nil)
        #expect(try check([stay("2025-02-01", nil)]) == nil)
        #expect(try check([stay("2025-01-01", nil)], [permit("2025-04-01", "2026-03-31")]) == nil)
    }

    @Test("A person who needed a visa and had none is over from the day of entry")
    func noAuthorisationAtAll() throws {
        let overstay = try #require(
            try Overstay.check(
                nationality: "IND", visaFreeNationalities: visaFree, stays: [stay("2025-04-01", nil)],
                authorisations: [], asOf: day("2025-04-15")))
        #expect(overstay.days == 15)
        #expect(overstay.authorisedUntil == nil)
        #expect(overstay.basis == .none)
    }
}

@Suite("Authorisation JSON")
struct AuthorisationCodingTests {
    @Test(
        "Round-trips through JSON with a type discriminator",
        arguments: [
            visa("2025-01-01", "2025-06-30", .double, used: 1, days: 45),
            visa("2025-01-01", "2026-01-01", kind: .longStay),
            permit("2024-05-01", nil),
            protection(.temporary, "2022-03-04", "2026-03-04"),
        ])
    func roundTrip(authorisation: Authorisation) throws {
        let data = try JSONEncoder().encode(authorisation)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["type"] is String)
        #expect(object["validFrom"] is String)
        #expect(try JSONDecoder().decode(Authorisation.self, from: data) == authorisation)
    }

    @Test("An unknown type is a decoding error")
    func unknownType() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Authorisation.self, from: Data(#"{"type": "passport"}"#.utf8))
        }
    }
}
