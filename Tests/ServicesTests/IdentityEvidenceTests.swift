import Foundation
@testable import Services
import Testing

/// The evidence an officer reads beside a queued record: one line per field, the factor with two decimals.
@Suite("Identity review evidence")
struct IdentityEvidenceTests {
    @Test("a factor is written with two decimals, as printf's %.2f writes it")
    func twoDecimals() {
        var generator = SystemRandomNumberGenerator()
        var samples: [Double] = [0, 1, 0.5, 0.004, 0.005001, 0.994, 0.996, 0.1, 0.01, 0.99, 0.95, 0.8, 2.5, 12.345678]
        for _ in 0..<20_000 { samples.append(Double.random(in: 0...1, using: &generator)) }
        for x in samples {
            let printf = String(format: "%.2f", x)
            // An exact binary tie (x·100 ends in .5 exactly) is where the two roundings may part; none is sampled.
            if (x * 100).truncatingRemainder(dividingBy: 1) == 0.5 { continue }
            #expect(IdentityResolver.twoDecimals(x) == printf, "\(x)")
        }
        #expect(IdentityResolver.twoDecimals(-0.25) == "-0.25")
        #expect(IdentityResolver.twoDecimals(-0.001) == "0.00")
    }
}
