/// The figures of the short-stay calculator for one person on one day (EES Regulation 2017/2226 Art. 11).
public struct ShortStayStatus: Hashable, Sendable {
    /// The day considered (the control date).
    public let control: CalendarDay
    /// Days of stay in the period ending on `control` (`control - 179 ... control` under 90/180).
    public let daysUsed: Int
    /// `max(0, 90 - daysUsed)`: plain arithmetic, not the length of stay still possible (see
    /// `latestExitIfEnteringOnControl` for that, which takes days leaving the period into account).
    public let daysRemaining: Int
    /// Whether the period ending on `control` holds more than 90 days of stay.
    public let overstay: Bool
    /// `max(0, daysUsed - 90)`: how far the period ending on `control` is over the limit.
    public let daysOver: Int
    /// The latest exit day for a person present on every day from `control` on: the last day X such that
    /// every period ending on a day `control ... X` holds at most 90 days; `nil` if even `control` breaks it.
    public let latestExitIfEnteringOnControl: CalendarDay?
}

extension ShortStayRule {
    /// Days of stay in the period ending on `day` (Schengen Borders Code Art. 6(1)).
    ///
    /// Only days up to `history.asOf` are recorded; `day` after `asOf` counts the recorded days only.
    public func daysUsed(_ history: StayHistory, on day: CalendarDay) -> Int {
        history.presence.count(
            from: periodStart(endingOn: day).daysSinceEpoch, through: day.daysSinceEpoch)
    }

    /// The latest exit day for an entry on `entry`, the person staying every day from then on.
    ///
    /// Art. 6(1) considers "the 180-day period preceding each day of stay": the answer is the last day X such
    /// that every period ending on `entry`, `entry + 1`, ..., X holds at most `maximumDays` days, counting the
    /// recorded days before `entry` plus every day `entry ... X`. Old days leaving the period as it moves are
    /// taken into account day by day. Since a person present every day adds a day to each new period while at
    /// most one old day leaves it, the count never falls during the stay, so the answer is at most
    /// `entry + maximumDays - 1` and the loop below runs at most `maximumDays` times.
    ///
    /// - Returns: `nil` if the period ending on `entry` would already exceed the limit.
    public func latestExit(enteringOn entry: CalendarDay, history: StayHistory) -> CalendarDay? {
        latestExit(enteringOn: entry.daysSinceEpoch, counted: history.presence).flatMap {
            CalendarDay(daysSinceEpoch: $0)
        }
    }

    /// Day-number form of `latestExit(enteringOn:history:)` over any set of counted days before `entry`.
    func latestExit(enteringOn entry: Int, counted: DaySet) -> Int? {
        var last: Int?
        var day = entry
        while day - entry < maximumDays {
            let start = day - (periodDays - 1)
            let before = counted.count(from: start, through: entry - 1)
            let during = day - max(start, entry) + 1
            guard before + during <= maximumDays else { break }
            last = day
            day += 1
        }
        return last
    }

    /// The first day on or after `day` on which a person absent until then may enter for at least one day:
    /// the first day whose period, with that day added, holds at most `maximumDays` days.
    ///
    /// Found within `periodDays` days, since by then every recorded day has left the period.
    public func earliestEntry(onOrAfter day: CalendarDay, history: StayHistory) -> CalendarDay {
        earliestEntry(onOrAfter: day.daysSinceEpoch, counted: history.presence).flatMap {
            CalendarDay(daysSinceEpoch: $0)
        } ?? day
    }

    /// Day-number form of `earliestEntry(onOrAfter:history:)` over counted days before the entry.
    func earliestEntry(onOrAfter start: Int, counted: DaySet) -> Int? {
        for candidate in start...(start + periodDays) {
            let before = counted.count(from: candidate - (periodDays - 1), through: candidate - 1)
            if before + 1 <= maximumDays { return candidate }
        }
        return nil
    }

    /// The calculator's figures on `history.asOf`.
    public func status(_ history: StayHistory) -> ShortStayStatus {
        let control = history.asOf
        let used = daysUsed(history, on: control)
        return ShortStayStatus(
            control: control,
            daysUsed: used,
            daysRemaining: max(0, maximumDays - used),
            overstay: used > maximumDays,
            daysOver: max(0, used - maximumDays),
            latestExitIfEnteringOnControl: latestExit(enteringOn: control, history: history))
    }

    /// The calculator's figures for `stays` on `control`; by default lenient like the official calculator
    /// (overlaps counted once, days after `control` ignored).
    public func status(
        stays: [Stay], on control: CalendarDay, validation: StayHistory.Validation = .lenient
    ) throws(StayError) -> ShortStayStatus {
        status(try StayHistory(stays: stays, asOf: control, validation: validation))
    }
}
