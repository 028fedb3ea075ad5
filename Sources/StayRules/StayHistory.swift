/// A person's recorded stays, checked and reduced to the set of days present up to a given day.
///
/// Every calendar day from entry to exit (both included) is a day of stay (Regulation (EU) 2017/2226
/// Art. 11(1)); an open stay runs to `asOf`. A day counts once, however many records cover it, so an exit and
/// a re-entry on the same day make one day (EES records both crossings, the person spent one day).
public struct StayHistory: Hashable, Sendable {
    /// How strictly recorded stays are checked.
    public enum Validation: Hashable, Sendable {
        /// Data errors are thrown: exit before entry, overlapping stays (sharing more than an exit/re-entry
        /// day, or any stay after an open one), more than one open stay, entry or exit after `asOf`.
        case strict
        /// Only an exit before its entry is thrown; overlapping records are merged (each day counted once)
        /// and days after `asOf` are ignored. This is the behaviour of the shared test vectors and of the
        /// Commission's calculator, useful for planning ("if I come back on D").
        case lenient
    }

    /// Something the lenient validation corrected, reported so a decision card can show it.
    public enum Correction: Hashable, Sendable {
        /// Stays `first` and `second` (indices in the input) overlap; their common days count once.
        case overlapMerged(first: Int, second: Int)
        /// Stay `index` has days after `asOf`; they were ignored.
        case futureDaysIgnored(index: Int)
    }

    /// The day the history is considered on; no day after it counts.
    public let asOf: CalendarDay
    /// Entry of the open stay (no exit recorded) that runs to `asOf`, if any; the latest one if several.
    public let openStayEntry: CalendarDay?
    /// What the lenient validation corrected (always empty under `.strict`).
    public let corrections: [Correction]
    /// Days present, up to and including `asOf`.
    let presence: DaySet

    /// Checks `stays` and keeps the days present up to `asOf`.
    ///
    /// - Throws: `StayError` naming the field, e.g. `stays[3].exit`, and the index of the stay.
    public init(stays: [Stay], asOf: CalendarDay, validation: Validation = .strict) throws(StayError) {
        let end = asOf.daysSinceEpoch
        var corrections: [Correction] = []
        var ranges: [(lower: Int, upper: Int)] = []
        ranges.reserveCapacity(stays.count)
        var order: [(index: Int, lower: Int, upper: Int, open: Bool)] = []
        order.reserveCapacity(stays.count)
        var openEntry: CalendarDay?

        for (index, stay) in stays.enumerated() {
            if let exit = stay.exit, exit < stay.entry {
                throw StayError(
                    .exitBeforeEntry, field: "stays[\(index)].exit", index: index,
                    detail: "exit must be on or after the entry day")
            }
            let lower = stay.entry.daysSinceEpoch
            let upper = stay.exit?.daysSinceEpoch ?? end
            if validation == .strict {
                if stay.entry > asOf {
                    throw StayError(
                        .stayInFuture, field: "stays[\(index)].entry", index: index,
                        detail: "entry is after the day considered (\(asOf))")
                }
                if let exit = stay.exit, exit > asOf {
                    throw StayError(
                        .stayInFuture, field: "stays[\(index)].exit", index: index,
                        detail: "exit is after the day considered (\(asOf))")
                }
            } else if upper > end || stay.entry > asOf {
                corrections.append(.futureDaysIgnored(index: index))
            }
            order.append((index, lower, stay.exit == nil ? Int.max : upper, stay.exit == nil))
            if stay.exit == nil, stay.entry <= asOf, openEntry.map({ stay.entry > $0 }) ?? true {
                openEntry = stay.entry
            }
            if lower <= end { ranges.append((lower, min(upper, end))) }
        }

        // Overlaps: sorted by entry, a stay overlaps the one before if it starts before that one's exit
        // (starting on the exit day is an exit and re-entry the same day, which is lawful).
        order.sort { ($0.lower, $0.upper) < ($1.lower, $1.upper) }
        var reach: (index: Int, upper: Int)?
        for item in order {
            if let previous = reach, item.lower < previous.upper || (previous.upper == Int.max) {
                if validation == .strict {
                    throw StayError(
                        .overlappingStays, field: "stays[\(item.index)].entry", index: item.index,
                        detail: "overlaps stays[\(previous.index)]")
                }
                corrections.append(.overlapMerged(first: previous.index, second: item.index))
            }
            if reach.map({ item.upper >= $0.upper }) ?? true { reach = (item.index, item.upper) }
        }

        self.asOf = asOf
        self.openStayEntry = openEntry
        self.corrections = corrections
        self.presence = DaySet(normalising: ranges)
    }

    private init(asOf: CalendarDay, openStayEntry: CalendarDay?, corrections: [Correction], presence: DaySet) {
        self.asOf = asOf
        self.openStayEntry = openStayEntry
        self.corrections = corrections
        self.presence = presence
    }

    /// Whether the person was present on `day` (a day after `asOf` is never present).
    public func isPresent(on day: CalendarDay) -> Bool {
        presence.contains(day.daysSinceEpoch)
    }

    /// Number of days present in `from...through` (0 if the range is empty).
    public func daysPresent(from start: CalendarDay, through end: CalendarDay) -> Int {
        presence.count(from: start.daysSinceEpoch, through: end.daysSinceEpoch)
    }

    /// Total number of days present up to `asOf`.
    public var totalDaysPresent: Int {
        presence.count(from: CalendarDay.minimum.daysSinceEpoch, through: asOf.daysSinceEpoch)
    }

    /// The present days as closed ranges, oldest first (adjacent or overlapping stays merged).
    public var presentPeriods: [ClosedRange<CalendarDay>] {
        presence.ranges.compactMap { range in
            guard let lower = CalendarDay(daysSinceEpoch: range.lower),
                let upper = CalendarDay(daysSinceEpoch: range.upper)
            else { return nil }
            return lower...upper
        }
    }

    /// The same history considered on an earlier day: days after `day` are dropped.
    public func truncated(through day: CalendarDay) -> StayHistory {
        guard day < asOf else { return self }
        let bound = day.daysSinceEpoch
        let kept = presence.ranges.compactMap { range -> (lower: Int, upper: Int)? in
            range.lower > bound ? nil : (range.lower, min(range.upper, bound))
        }
        return StayHistory(
            asOf: day, openStayEntry: openStayEntry.flatMap { $0 <= day ? $0 : nil },
            corrections: corrections, presence: DaySet(normalising: kept))
    }
}
