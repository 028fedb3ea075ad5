/// A set of calendar days as sorted, disjoint, non-adjacent closed ranges of day numbers, with prefix sums so
/// that "how many of these days fall in lo...hi" is a binary search, whatever the number of stays.
struct DaySet: Hashable, Sendable {
    /// Sorted, disjoint, non-adjacent ranges; `upper == Int.max` means open-ended.
    private(set) var ranges: [(lower: Int, upper: Int)]
    /// `prefix[i]` = number of days in `ranges[0..<i]` (saturating for open-ended ranges).
    private var prefix: [Int]

    static let empty = DaySet(normalising: [])

    /// Builds the set from arbitrary (possibly overlapping, unsorted) closed ranges; empty ranges are dropped.
    init(normalising input: [(lower: Int, upper: Int)]) {
        let sorted = input.filter { $0.lower <= $0.upper }.sorted { $0.lower < $1.lower }
        var merged: [(lower: Int, upper: Int)] = []
        merged.reserveCapacity(sorted.count)
        for range in sorted {
            if let last = merged.last, range.lower <= last.upper &+ 1 || last.upper == Int.max {
                merged[merged.count - 1].upper = max(last.upper, range.upper)
            } else {
                merged.append(range)
            }
        }
        ranges = merged
        prefix = [0]
        prefix.reserveCapacity(merged.count + 1)
        for range in merged {
            let length = range.upper == Int.max ? Int.max / 4 : range.upper - range.lower + 1
            prefix.append(prefix[prefix.count - 1] &+ length)
        }
    }

    static func == (lhs: DaySet, rhs: DaySet) -> Bool {
        lhs.ranges.elementsEqual(rhs.ranges) { $0.lower == $1.lower && $0.upper == $1.upper }
    }

    func hash(into hasher: inout Hasher) {
        for range in ranges {
            hasher.combine(range.lower)
            hasher.combine(range.upper)
        }
    }

    var isEmpty: Bool { ranges.isEmpty }

    /// Index of the first range whose upper bound is >= `day`.
    private func firstIndex(endingOnOrAfter day: Int) -> Int {
        var low = 0
        var high = ranges.count
        while low < high {
            let mid = (low + high) / 2
            if ranges[mid].upper < day { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The range containing `day`, if any.
    func range(containing day: Int) -> (lower: Int, upper: Int)? {
        let index = firstIndex(endingOnOrAfter: day)
        guard index < ranges.count, ranges[index].lower <= day else { return nil }
        return ranges[index]
    }

    func contains(_ day: Int) -> Bool { range(containing: day) != nil }

    /// First day >= `day` that is in the set.
    func firstDay(onOrAfter day: Int) -> Int? {
        let index = firstIndex(endingOnOrAfter: day)
        guard index < ranges.count else { return nil }
        return max(day, ranges[index].lower)
    }

    /// Number of days of the set in `lower...upper` (0 when `lower > upper`). Both bounds must be finite.
    func count(from lower: Int, through upper: Int) -> Int {
        guard lower <= upper, !ranges.isEmpty else { return 0 }
        return daysBefore(upper + 1) - daysBefore(lower)
    }

    /// Number of days of the set strictly before `day`.
    private func daysBefore(_ day: Int) -> Int {
        let index = firstIndex(endingOnOrAfter: day)
        var total = prefix[index]
        if index < ranges.count, ranges[index].lower < day {
            total += day - ranges[index].lower
        }
        return total
    }

    /// This set without the days of `other`.
    func subtracting(_ other: DaySet) -> DaySet {
        guard !other.isEmpty else { return self }
        var result: [(lower: Int, upper: Int)] = []
        var otherIndex = 0
        for range in ranges {
            var start = range.lower
            while otherIndex < other.ranges.count, other.ranges[otherIndex].upper < start { otherIndex += 1 }
            var index = otherIndex
            while start <= range.upper, index < other.ranges.count, other.ranges[index].lower <= range.upper {
                let hole = other.ranges[index]
                if hole.lower > start { result.append((start, hole.lower - 1)) }
                if hole.upper == Int.max { start = Int.max; break }
                start = max(start, hole.upper + 1)
                index += 1
            }
            if start <= range.upper, start != Int.max { result.append((start, range.upper)) }
        }
        return DaySet(normalising: result)
    }
}
