@testable import StayRules

/// A deliberately naive day-by-day implementation of the README's rule, sharing no code with the library's
/// interval arithmetic: a `Set` of day numbers and a loop over every window.
struct BruteForce {
    let present: Set<Int>
    let control: Int

    init(stays: [Stay], control: CalendarDay) {
        let end = control.daysSinceEpoch
        var present: Set<Int> = []
        for stay in stays {
            let upper = min(stay.exit?.daysSinceEpoch ?? end, end)
            var day = stay.entry.daysSinceEpoch
            while day <= upper {
                present.insert(day)
                day += 1
            }
        }
        self.present = present
        self.control = end
    }

    func count(windowEndingOn day: Int, extra: ClosedRange<Int>? = nil) -> Int {
        var total = 0
        for d in (day - 179)...day where present.contains(d) || (extra?.contains(d) ?? false) { total += 1 }
        return total
    }

    var daysUsed: Int { count(windowEndingOn: control) }

    /// Tries every X from the control date on, checking every window ending on control...X.
    var latestExit: CalendarDay? {
        var best: Int?
        for x in control..<(control + 400) {
            var ok = true
            for d in control...x where count(windowEndingOn: d, extra: control...x) > 90 {
                ok = false
                break
            }
            if ok { best = x } else { break }
        }
        return best.flatMap { CalendarDay(daysSinceEpoch: $0) }
    }
}
