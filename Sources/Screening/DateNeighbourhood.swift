/// A traveller's full birth date and every full date ``DateMatch/compare(alert:query:)`` tolerates around
/// it, computed once per query, so the birth-date filter over a common name's postings (hundreds per query)
/// is one probe of a small table instead of a digit-by-digit comparison each.
///
/// Between two full dates, `compare` tolerates only the same date, day and month exchanged, one differing
/// digit, or two adjacent digits exchanged; every such date is enumerated here (80 of them, valid or not)
/// and classified by `compare` itself, so the table cannot disagree with it. Dates of other precision (a
/// year-only or year-and-month notice, an unknown date) and travellers without a full date go to `compare`.
struct DateNeighbourhood {
    private let query: Int32
    private let full: Bool
    /// Open addressing, 256 slots: code (0 = empty) and its match.
    private var codes: [Int32]
    private var matches: [DateMatch]

    init(query: Int32) {
        self.query = query
        full = query > 0 && DateMatch.precisionOf(query) == .day
        codes = []
        matches = []
        guard full else { return }
        codes = Array(repeating: 0, count: 256)
        matches = Array(repeating: .different, count: 256)
        var neighbours: [Int32] = [query]
        var power: Int32 = 1
        for position in 0..<8 {
            let digit = query / power % 10
            for other in Int32(0)...9 where other != digit { neighbours.append(query + (other - digit) * power) }
            if position < 7 {
                let higher = query / (power * 10) % 10
                if higher != digit { neighbours.append(query + (higher - digit) * power + (digit - higher) * power * 10) }
            }
            power *= 10
        }
        let month = query / 100 % 100, day = query % 100
        neighbours.append(query / 10000 * 10000 + day * 100 + month)
        for code in neighbours where code > 0 {
            let match = DateMatch.compare(alert: code, query: query)
            guard match != .different else { continue }
            var slot = Self.slot(code)
            while codes[slot] != 0 && codes[slot] != code { slot = (slot + 1) & 255 }
            codes[slot] = code
            matches[slot] = match
        }
    }

    @inline(__always)
    private static func slot(_ code: Int32) -> Int {
        Int(truncatingIfNeeded: (UInt64(UInt32(bitPattern: code)) &* 0x9E37_79B9_7F4A_7C15) >> 56)
    }

    /// `DateMatch.compare(alert: alert, query: query)`.
    @inline(__always)
    func match(alert: Int32) -> DateMatch {
        guard full, alert > 0, alert % 100 != 0 else { return DateMatch.compare(alert: alert, query: query) }
        var slot = Self.slot(alert)
        while true {
            let found = codes[slot]
            if found == alert { return matches[slot] }
            if found == 0 { return .different }
            slot = (slot + 1) & 255
        }
    }
}
