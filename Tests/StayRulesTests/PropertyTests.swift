import PropertyBased
import Testing

@testable import StayRules

/// Random histories: up to 12 stays of 1-61 days starting up to 700 days before the control day (some
/// overlapping, some running past it: the lenient rules of the shared vectors apply).
private let control = day("2026-03-15")
private let stayGen = zip(Gen.int(in: 0...700), Gen.int(in: 0...60))
private let historyGen = stayGen.array(of: 0...12)

private func stays(_ raw: [(Int, Int)]) -> [Stay] {
    raw.map { start, length in
        let entry = control.adding(days: -start)
        return Stay(entry: entry, exit: entry.adding(days: length))
    }
}

/// Disjoint past stays (strictly valid): gaps and lengths walked back from the control day.
private let disjointGen = zip(Gen.int(in: 1...60), Gen.int(in: 0...45)).array(of: 0...15)

private func disjointStays(_ raw: [(Int, Int)]) -> [Stay] {
    var cursor = control
    var result: [Stay] = []
    for (gap, length) in raw {
        let exit = cursor.adding(days: -gap)
        let entry = exit.adding(days: -length)
        result.append(Stay(entry: entry, exit: exit))
        cursor = entry
    }
    return result
}

@Suite("Properties of the 90/180 rule")
struct PropertyTests {
    let rule = ShortStayRule.ninetyInOneEighty

    @Test("Recording another stay never increases days remaining nor moves the latest exit later")
    func monotone() async {
        await propertyCheck(count: 300, input: historyGen, stayGen) { raw, extra in
            do {
                let before = try rule.status(stays: stays(raw), on: control)
                let after = try rule.status(stays: stays(raw + [extra]), on: control)
                #expect(after.daysRemaining <= before.daysRemaining)
                #expect(after.daysUsed >= before.daysUsed)
                if let later = after.latestExitIfEnteringOnControl {
                    #expect(before.latestExitIfEnteringOnControl.map { later <= $0 } ?? false)
                }
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }

    @Test("Days used never exceed the period, nor the days recorded, nor days remaining exceed 90")
    func bounded() async {
        await propertyCheck(count: 300, input: historyGen) { raw in
            guard let status = try? rule.status(stays: stays(raw), on: control) else {
                Issue.record("unexpected error")
                return
            }
            let recorded = raw.reduce(0) { $0 + $1.1 + 1 }
            #expect(status.daysUsed >= 0 && status.daysUsed <= 180)
            #expect(status.daysUsed <= recorded)
            #expect(status.daysRemaining == max(0, 90 - status.daysUsed))
            #expect(status.overstay == (status.daysUsed > 90))
            if let latest = status.latestExitIfEnteringOnControl {
                #expect(latest >= control && control.days(to: latest) <= 89)
            } else {
                #expect(status.daysUsed >= 90)
            }
        }
    }

    @Test("Latest exit and days used agree with a day-by-day brute force")
    func bruteForce() async {
        await propertyCheck(count: 200, input: historyGen) { raw in
            let history = stays(raw)
            guard let status = try? rule.status(stays: history, on: control) else {
                Issue.record("unexpected error")
                return
            }
            let reference = BruteForce(stays: history, control: control)
            #expect(status.daysUsed == reference.daysUsed)
            #expect(status.latestExitIfEnteringOnControl == reference.latestExit)
        }
    }

    @Test("The order of the records does not matter")
    func orderIndependent() async {
        await propertyCheck(count: 200, input: historyGen) { raw in
            let forward = try? rule.status(stays: stays(raw), on: control)
            let backward = try? rule.status(stays: stays(raw.reversed()), on: control)
            #expect(forward == backward)
        }
    }

    @Test("For a visa-free traveller the assessment matches the calculator")
    func assessmentMatchesCalculator() async {
        await propertyCheck(count: 200, input: disjointGen) { raw in
            let history = disjointStays(raw)
            do {
                let status = try rule.status(stays: history, on: control, validation: .strict)
                let assessment = try StayAssessment.assess(
                    nationality: "MDA", visaFreeNationalities: ["MDA"], stays: history, authorisations: [],
                    on: control, direction: .entry)
                #expect(assessment.daysUsed == status.daysUsed)
                #expect(assessment.latestExit == status.latestExitIfEnteringOnControl)
                #expect(assessment.isAuthorised == (status.latestExitIfEnteringOnControl != nil))
                #expect(assessment.basis == (assessment.isAuthorised ? .visaFree : .none))
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }

    @Test("Overstay on exit counts exactly the days whose window held more than 90 days")
    func overstayMatchesBruteForce() async {
        await propertyCheck(count: 200, input: disjointGen, Gen.int(in: 0...250)) { raw, length in
            // Previous stays end at least `length + 1` days before the control day; an open stay follows.
            let previous = disjointStays(raw).map {
                Stay(entry: $0.entry.adding(days: -length - 1), exit: $0.exit?.adding(days: -length - 1))
            }
            let entry = control.adding(days: -length)
            let all = previous + [Stay(entry: entry, exit: nil)]
            do {
                let assessment = try StayAssessment.assess(
                    nationality: "MDA", visaFreeNationalities: ["MDA"], stays: all, authorisations: [],
                    on: control, direction: .exit)
                let reference = BruteForce(stays: all, control: control)
                var over = 0
                for d in entry.daysSinceEpoch...control.daysSinceEpoch where reference.count(windowEndingOn: d) > 90 {
                    over += 1
                }
                #expect(assessment.overstayDays == over)
                #expect(assessment.isAuthorised == (over == 0))
                let list = try Overstay.check(
                    nationality: "MDA", visaFreeNationalities: ["MDA"], stays: all, authorisations: [],
                    asOf: control)
                #expect(list?.days == (over == 0 ? nil : over))
                if let latest = assessment.latestExit, over > 0 {
                    #expect(latest.days(to: control) == over)
                    #expect(list?.authorisedUntil == latest)
                }
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }

    @Test("Protection with no end date authorises any history, on entry and on exit")
    func protectionOverrides() async {
        await propertyCheck(count: 100, input: disjointGen) { raw in
            let history = disjointStays(raw)
            let protection = Authorisation.protection(
                ProtectionStatus(kind: .refugee, validFrom: day("2020-01-01"), validUntil: nil))
            for direction in [StayAssessment.Direction.entry, .exit] {
                let assessment = try? StayAssessment.assess(
                    nationality: "SYR", visaFreeNationalities: [], stays: history, authorisations: [protection],
                    on: control, direction: direction)
                #expect(assessment?.isAuthorised == true)
                #expect(assessment?.authorisedStay == .indefinite)
                #expect(assessment?.overstayDays == 0)
            }
        }
    }
}
