/// SplitMix64: a small, fast, deterministic generator, so a demo or benchmark seed gives the same data.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Picks an index with probability proportional to its weight.
    public mutating func weighted(_ cumulative: [Double]) -> Int {
        guard let total = cumulative.last, total > 0 else { return 0 }
        let x = Double.random(in: 0..<total, using: &self)
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let mid = (low + high) / 2
            if cumulative[mid] > x { high = mid } else { low = mid + 1 }
        }
        return low
    }
}

extension Array where Element == Double {
    /// Running sums, for `SeededGenerator.weighted`.
    func cumulative() -> [Double] {
        var sum = 0.0
        return map { sum += $0; return sum }
    }
}
