/// Sizes the transactions of a bulk write so that each holds the write lock for about `target`.
///
/// A border check that writes waits for the transaction that holds the lock (SQLite has one writer; the write
/// gate lets the check go before the import's next one), so the longest a check waits during an import is one
/// of its transactions.
/// A fixed 2,000 alerts took ~50 ms into an empty table but 1.6 s at a million alerts (more index pages to
/// touch), and checks waited that long (issue 15, measured 2026-12-03). The size follows what the last
/// transaction took: proportional to the time left in the target, at most doubling at a time.
struct BatchSizer {
    let target: Duration
    let range: ClosedRange<Int>
    private(set) var size: Int

    init(target: Duration = .milliseconds(25), range: ClosedRange<Int>, start: Int) {
        self.target = target
        self.range = range
        size = min(max(start, range.lowerBound), range.upperBound)
    }

    /// Takes into account that `count` items were written in `took`.
    mutating func record(_ count: Int, took: Duration) {
        let count = Double(max(count, 1))
        let ideal = count * (target / max(took, .microseconds(10)))
        size = min(max(Int(min(ideal, count * 2)), range.lowerBound), range.upperBound)
    }
}
