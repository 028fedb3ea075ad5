/// Nearest-rank percentiles of a sample, with the sample size kept beside them so every printed
/// percentile says how many samples it comes from (a p99 of 50 samples is the maximum, not a p99).
struct Percentiles {
    let sorted: [Double]

    init(_ samples: [Double]) { sorted = samples.sorted() }

    /// Durations as milliseconds.
    init(milliseconds durations: [Duration]) {
        self.init(durations.map { Double($0.components.seconds) * 1000 + Double($0.components.attoseconds) / 1e15 })
    }

    var count: Int { sorted.count }

    /// The nearest-rank `p`-th percentile (0 < p ≤ 1); 0 for an empty sample.
    func at(_ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count - 1, max(0, rank - 1))]
    }

    /// `p50 … p99 … max (n = …)` in `unit`, scaled by `scale`.
    func summary(scale: Double = 1, unit: String, digits: Int = 3) -> String {
        func f(_ v: Double) -> String { String(format: "%.\(digits)f", v * scale) }
        return "p50 \(f(at(0.5))) \(unit), p99 \(f(at(0.99))) \(unit), max \(f(sorted.last ?? 0)) \(unit) (n = \(count))"
    }
}
