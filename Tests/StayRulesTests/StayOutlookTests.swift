import PropertyBased
import Testing

@testable import StayRules

/// The outlook kept beside each person present must say, for every later day, what `Overstay.check` would
/// say on that day: the overstayer list reads the outlook instead of running the rules for everyone.
private let computedOn = day("2026-03-15")

/// Past stays (disjoint, walked back), an open stay entered up to 300 days before `computedOn`, and up to
/// three authorisations of any kind starting anywhere from 400 days before to 200 days after.
private let pastGen = zip(Gen.int(in: 1...60), Gen.int(in: 0...45)).array(of: 0...6)
private let authorisationGen = zip(Gen.int(in: 0...3), Gen.int(in: -400...200), Gen.int(in: 0...400))
    .array(of: 0...3)

private func history(_ past: [(Int, Int)], entered: Int) -> [Stay] {
    let entry = computedOn.adding(days: -entered)
    var cursor = entry
    var result: [Stay] = []
    for (gap, length) in past {
        let exit = cursor.adding(days: -gap)
        let start = exit.adding(days: -length)
        result.append(Stay(entry: start, exit: exit))
        cursor = start
    }
    return result.reversed() + [Stay(entry: entry, exit: nil)]
}

private func authorisations(_ raw: [(Int, Int, Int)]) -> [Authorisation] {
    raw.map { kind, start, length in
        let from = computedOn.adding(days: start)
        let until = from.adding(days: length)
        switch kind {
        case 0: return .residencePermit(ResidencePermit(validFrom: from, validUntil: until))
        case 1: return .protection(ProtectionStatus(kind: .temporary, validFrom: from, validUntil: length > 300 ? nil : until))
        case 2:
            return .visa(Visa(kind: .shortStay, validFrom: from, validUntil: until, entries: .multiple, entriesUsed: 0, durationOfStay: 60))
        default:
            return .visa(Visa(kind: .longStay, validFrom: from, validUntil: until, entries: .multiple, entriesUsed: 0, durationOfStay: nil))
        }
    }
}

@Suite("Stay outlook")
struct StayOutlookTests {
    @Test("days over from the outlook equal Overstay.check on every day until a later authorisation starts")
    func agreesWithOverstayCheck() async {
        await propertyCheck(count: 150, input: pastGen, Gen.int(in: 0...300), authorisationGen, Gen.bool) {
            past, entered, raw, visaFree in
            let stays = history(past, entered: entered)
            let auths = authorisations(raw)
            let visaFreeList: Set<String> = visaFree ? ["MDA"] : []
            do {
                let outlook = try #require(
                    try StayOutlook.compute(
                        nationality: "MDA", visaFreeNationalities: visaFreeList, stays: stays, authorisations: auths,
                        asOf: computedOn, validation: .lenient
                    )
                )
                let last = outlook.resumesOn.map { $0.adding(days: -1) } ?? computedOn.adding(days: 400)
                var day = computedOn
                while day <= last {
                    let expected = try Overstay.check(
                        nationality: "MDA", visaFreeNationalities: visaFreeList, stays: stays, authorisations: auths,
                        asOf: day, validation: .lenient
                    )?.days ?? 0
                    #expect(outlook.daysOver(on: day) == expected, "on \(day), entered \(entered) days before")
                    if outlook.daysOver(on: day) != expected { return }
                    day = day.adding(days: 1)
                }
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }

    @Test("a visa-free traveller entered 119 days ago: authorised through day 90 of the stay, 30 days over today")
    func visaFreeOverstay() throws {
        let entry = computedOn.adding(days: -119)
        let outlook = try #require(
            try StayOutlook.compute(
                nationality: "MDA", visaFreeNationalities: ["MDA"], stays: [Stay(entry: entry, exit: nil)],
                authorisations: [], asOf: computedOn
            )
        )
        #expect(outlook.basis == .visaFree)
        #expect(outlook.authorisedThrough == entry.adding(days: 89))
        #expect(outlook.daysOver(on: computedOn) == 30)
        #expect(outlook.resumesOn == nil)
    }

    @Test("a permit without end: authorised indefinitely, never over")
    func indefinite() throws {
        let entry = computedOn.adding(days: -500)
        let outlook = try #require(
            try StayOutlook.compute(
                nationality: "SYR", visaFreeNationalities: [], stays: [Stay(entry: entry, exit: nil)],
                authorisations: [.residencePermit(ResidencePermit(kind: .permanent, validFrom: entry, validUntil: nil))],
                asOf: computedOn
            )
        )
        #expect(outlook.authorisedThrough == nil)
        #expect(outlook.daysOver(on: computedOn.adding(days: 3000)) == 0)
    }

    @Test("an authorisation that fails its own checks is reported with its index")
    func invalidAuthorisation() {
        #expect(throws: StayError.self) {
            try StayOutlook.compute(
                nationality: "SYR", visaFreeNationalities: [], stays: [Stay(entry: computedOn, exit: nil)],
                authorisations: [.residencePermit(ResidencePermit(validFrom: computedOn, validUntil: computedOn.adding(days: -5)))],
                asOf: computedOn
            )
        }
    }
}
