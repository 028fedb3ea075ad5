import Edifact
import Foundation
@testable import Services

/// A clock the test moves (STYLE.md §9: time advanced by the test, not by sleeping).
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Date

    init(_ start: Date) { value = start }

    var now: Date { lock.withLock { value } }

    func advance(_ seconds: TimeInterval) { lock.withLock { value = value.addingTimeInterval(seconds) } }

    var clock: Clock { { [self] in self.now } }
}

/// Synthetic manifests for tests: a flight landing at an airport crossing point, written as PAXLST
/// by `PaxlstWriter`. Every name and document number is invented.
enum ManifestFixture {
    static func passenger(
        _ surname: String, _ given: String, born: String = "1985-04-12", sex: String = "M", nationality: String = "MDA",
        document: String, state: String? = nil, expiry: String = "2034-12-31", crew: Bool = false
    ) -> Passenger {
        DemoManifests.passenger(
            surname, given, born: born, sex: sex, nationality: nationality, document: document,
            state: state ?? nationality, expiry: expiry, crew: crew
        )
    }

    static let travellers: [Passenger] = [
        passenger("RUSU", "ION", document: "AB1000001"),
        passenger("CEBAN", "MARIA", born: "1990-01-02", sex: "F", document: "AB1000002"),
        passenger("NOWAK", "PIOTR", born: "1979-07-30", nationality: "POL", document: "EA2000003"),
        passenger("LUNGU", "ANDREI", born: "2001-11-09", document: "AB1000004", expiry: "2020-01-01"),
    ]

    static let crew: [Passenger] = [
        passenger("BALAN", "VASILE", born: "1975-03-03", document: "AB9000001", crew: true),
    ]

    /// A PAXLST interchange for flight `number` landing at `to` `arrivesIn` seconds after `now`.
    static func edifact(
        number: String = "PS102", carrier: String = "PS", from: String = "AMS", to: String = "KBP", now: Date,
        arrivesIn: TimeInterval = 2 * 3600, travellers: [Passenger] = travellers, crew: [Passenger] = crew,
        reference: String = "T1"
    ) -> [UInt8] {
        let plan = DemoManifests.Plan(
            carrier: carrier, number: number, from: from, to: to, arrivesIn: arrivesIn, travellers: travellers, crew: crew
        )
        return Array(DemoManifests.interchange(plan, now: now, reference: reference).utf8)
    }
}
