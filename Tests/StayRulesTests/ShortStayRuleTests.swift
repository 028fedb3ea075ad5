import Testing

@testable import StayRules

@Suite("90/180: edge cases of the moving window (Schengen Borders Code Art. 6(1), EES Art. 11)")
struct ShortStayRuleTests {
    struct Row: Sendable, CustomTestStringConvertible {
        let name: String
        let stays: [Stay]
        let control: String
        let used: Int
        let latestExit: String?
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        // Entry and exit days both count.
        Row(name: "day trip on control counts 1", stays: [stay("2025-07-01", "2025-07-01")], control: "2025-07-01",
            used: 1, latestExit: "2025-09-28"),
        Row(name: "two crossings on one day count once", stays: [stay("2025-07-01", "2025-07-01"),
            stay("2025-07-01", "2025-07-01")], control: "2025-07-02", used: 1, latestExit: "2025-09-28"),
        // Window boundaries: the window ending on D is D-179...D.
        Row(name: "stay ending on D-179 counts its last day", stays: [stay("2025-01-01", "2025-01-10")],
            control: "2025-07-08", used: 1, latestExit: "2025-10-05"),
        Row(name: "stay ending on D-180 no longer counts", stays: [stay("2025-01-01", "2025-01-10")],
            control: "2025-07-09", used: 0, latestExit: "2025-10-06"),
        // A stay spanning the window start: only its days inside count, and they leave one by one.
        Row(name: "stay spanning window start", stays: [stay("2024-12-20", "2025-02-17")], control: "2025-06-19",
            used: 58, latestExit: "2025-09-16"),
        // Leap years: the window holds 180 calendar days whatever February has.
        Row(name: "window across 29 Feb 2024", stays: [stay("2024-02-28", "2024-03-01")], control: "2024-08-25",
            used: 3, latestExit: "2024-11-22"),
        Row(name: "window in non-leap 2025: Feb 28 then Mar 1", stays: [stay("2025-02-28", "2025-03-01")],
            control: "2025-08-26", used: 2, latestExit: "2025-11-23"),
        // The count must be re-checked on every future day: 59 days used, but they leave the window one a day
        // as the new stay goes on, so the stay may last 90 days, not 90 - 59.
        Row(name: "future slide lets the stay go past 90 - used", stays: [stay("2024-11-03", "2025-01-01")],
            control: "2025-05-02", used: 59, latestExit: "2025-07-30"),
        // ...whereas old days that leave too late do not help: 60 used, latest exit after 30 more days.
        Row(name: "old days leaving too late do not help",
            stays: [stay("2025-01-01", "2025-02-14"), stay("2025-04-01", "2025-04-15")],
            control: "2025-05-01", used: 60, latestExit: "2025-05-30"),
        // Exactly at the limit: 90 allowed, 91 not.
        Row(name: "89 used: one more day", stays: [stay("2025-01-01", "2025-03-30")], control: "2025-03-31",
            used: 89, latestExit: "2025-03-31"),
        Row(name: "90 used yesterday: entering today breaks the limit", stays: [stay("2025-01-01", "2025-03-31")],
            control: "2025-04-01", used: 90, latestExit: nil),
        // Open stays run to the control day.
        Row(name: "open stay since 90 days ago", stays: [stay("2025-01-01", nil)], control: "2025-03-31",
            used: 90, latestExit: "2025-03-31"),
        // Year boundary.
        Row(name: "stay over New Year", stays: [stay("2024-12-30", "2025-01-02")], control: "2025-01-05",
            used: 4, latestExit: "2025-03-31"),
    ]

    @Test("Days used and latest exit", arguments: rows)
    func table(row: Row) throws {
        let status = try ShortStayRule.ninetyInOneEighty.status(stays: row.stays, on: day(row.control))
        #expect(status.daysUsed == row.used)
        #expect(status.daysRemaining == max(0, 90 - row.used))
        #expect(status.latestExitIfEnteringOnControl?.description == row.latestExit)
        let reference = BruteForce(stays: row.stays, control: day(row.control))
        #expect(reference.daysUsed == row.used)
        #expect(reference.latestExit?.description == row.latestExit)
    }

    struct Invalid: Sendable, CustomTestStringConvertible {
        let name: String
        let stays: [Stay]
        let code: StayError.Code
        let field: String
        let index: Int
        var testDescription: String { name }
    }

    static let invalid: [Invalid] = [
        Invalid(name: "exit before entry", stays: [stay("2025-01-01", "2025-01-02"), stay("2025-02-10", "2025-02-01")],
            code: .exitBeforeEntry, field: "stays[1].exit", index: 1),
        Invalid(name: "overlapping stays", stays: [stay("2025-01-01", "2025-01-20"), stay("2025-01-10", "2025-01-30")],
            code: .overlappingStays, field: "stays[1].entry", index: 1),
        Invalid(name: "overlap listed out of order", stays: [stay("2025-01-10", "2025-01-30"),
            stay("2025-01-01", "2025-01-20")], code: .overlappingStays, field: "stays[0].entry", index: 0),
        Invalid(name: "stay after an open stay", stays: [stay("2025-01-01", nil), stay("2025-02-01", "2025-02-03")],
            code: .overlappingStays, field: "stays[1].entry", index: 1),
        Invalid(name: "two open stays", stays: [stay("2025-01-01", nil), stay("2025-02-01", nil)],
            code: .overlappingStays, field: "stays[1].entry", index: 1),
        Invalid(name: "entry in the future", stays: [stay("2025-03-02", nil)],
            code: .stayInFuture, field: "stays[0].entry", index: 0),
        Invalid(name: "exit in the future", stays: [stay("2025-02-01", "2025-03-05")],
            code: .stayInFuture, field: "stays[0].exit", index: 0),
    ]

    @Test("Strict validation names the field and index", arguments: invalid)
    func strictErrors(row: Invalid) {
        #expect {
            _ = try StayHistory(stays: row.stays, asOf: day("2025-03-01"), validation: .strict)
        } throws: { error in
            guard let error = error as? StayError else { return false }
            return error.code == row.code && error.field == row.field && error.index == row.index
        }
    }

    @Test("Exit and re-entry on the same day is not an overlap")
    func backToBackIsLawful() throws {
        let history = try StayHistory(
            stays: [stay("2025-01-01", "2025-01-10"), stay("2025-01-10", "2025-01-12")], asOf: day("2025-03-01"))
        #expect(history.totalDaysPresent == 12)
        #expect(history.corrections.isEmpty)
    }

    @Test("Lenient validation merges overlaps and ignores future days, and says so")
    func lenient() throws {
        let history = try StayHistory(
            stays: [
                stay("2025-01-01", "2025-01-20"), stay("2025-01-10", "2025-01-30"), stay("2025-02-25", "2025-03-10"),
            ],
            asOf: day("2025-03-01"), validation: .lenient)
        #expect(history.totalDaysPresent == 30 + 5)
        #expect(history.corrections.contains(.overlapMerged(first: 0, second: 1)))
        #expect(history.corrections.contains(.futureDaysIgnored(index: 2)))
        // Exit before entry cannot be repaired.
        #expect(throws: StayError.self) {
            try StayHistory(stays: [stay("2025-01-05", "2025-01-01")], asOf: day("2025-03-01"), validation: .lenient)
        }
    }

    @Test("Rule parameters are checked")
    func ruleParameters() throws {
        #expect(throws: StayError.self) { try ShortStayRule(maximumDays: 0, periodDays: 180) }
        #expect(throws: StayError.self) { try ShortStayRule(maximumDays: 90, periodDays: 60) }
        let thirty = try ShortStayRule(maximumDays: 30, periodDays: 60)
        let status = try thirty.status(stays: [], on: day("2025-01-01"))
        #expect(status.latestExitIfEnteringOnControl == day("2025-01-30"))
    }
}

@Suite("Earliest re-entry after 90/180 is exhausted")
struct EarliestEntryTests {
    @Test(
        "First day a new entry is possible",
        arguments: [
            // 90 days Jan 1 - Mar 31: Jan 1 leaves the period ending on Jun 30 (own-reset-after-90-absent-plus1).
            ([stay("2025-01-01", "2025-03-31")], "2025-04-01", "2025-06-30"),
            // Nothing used: today.
            ([], "2025-04-01", "2025-04-01"),
            // 89 days used: today is still possible.
            ([stay("2025-01-01", "2025-03-30")], "2025-03-31", "2025-03-31"),
        ])
    func earliest(stays: [Stay], from: String, expected: String) throws {
        let history = try StayHistory(stays: stays, asOf: day(from))
        let next = ShortStayRule.ninetyInOneEighty.earliestEntry(onOrAfter: day(from), history: history)
        #expect(next == day(expected))
        let status = try ShortStayRule.ninetyInOneEighty.status(stays: stays, on: next)
        #expect(status.latestExitIfEnteringOnControl != nil)
        if next > day(from) {
            let dayBefore = try ShortStayRule.ninetyInOneEighty.status(stays: stays, on: next.adding(days: -1))
            #expect(dayBefore.latestExitIfEnteringOnControl == nil)
        }
    }

    @Test("The refusal reason says when the next entry is possible")
    func inReason() throws {
        let assessment = try StayAssessment.assess(
            nationality: "MDA", visaFreeNationalities: ["MDA"], stays: [stay("2025-01-01", "2025-03-31")],
            authorisations: [], on: day("2025-04-02"), direction: .entry)
        let reason = try #require(assessment.reasons.first { $0.code == .shortStayExhausted })
        #expect(reason.text.hasSuffix("next entry possible on 2025-06-30"))
    }
}
