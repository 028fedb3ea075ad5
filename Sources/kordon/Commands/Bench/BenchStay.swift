import ArgumentParser
import StayRules

/// `kordon bench stay`: how many stay assessments per second one core does for people with realistic
/// histories (0-40 past stays over the last years, some visas and permits). Synthetic data from a fixed seed;
/// run on a release build (`swift build -c release`).
struct BenchStay: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stay",
        abstract: "Benchmark StayRules: 90/180 calculator and full assessments per second."
    )

    @Option(help: "Number of synthetic people.")
    var people = 20_000

    @Option(help: "Most past stays per person (each has 0...max).")
    var maxStays = 40

    @Option(help: "Passes over all people per measurement.")
    var passes = 5

    @Option(help: "Seed of the synthetic data.")
    var seed: UInt64 = 2026

    func validate() throws {
        guard people > 0, passes > 0 else { throw ValidationError("--people and --passes must be positive") }
        guard (0...1000).contains(maxStays) else { throw ValidationError("--max-stays must be in 0...1000") }
    }

    func run() throws {
        let control = CalendarDay(year: 2026, month: 11, day: 23) ?? .minimum
        var generator = SplitMix64(seed: seed)
        let population = (0..<people).map { _ in
            SyntheticTraveller.make(control: control, maxStays: maxStays, using: &generator)
        }
        let visaFree: Set<String> = ["MDA", "GBR", "USA", "DEU", "POL"]
        let clock = ContinuousClock()
        let stayCount = population.reduce(0) { $0 + $1.stays.count }
        print("people: \(people), stays: \(stayCount) (0...\(maxStays) each), passes: \(passes)")

        var checksum = 0
        let calculator = clock.measure {
            for _ in 0..<passes {
                for person in population {
                    if let status = try? ShortStayRule.ninetyInOneEighty.status(stays: person.stays, on: control) {
                        checksum &+= status.daysUsed &+ (status.latestExitIfEnteringOnControl?.daysSinceEpoch ?? 0)
                    }
                }
            }
        }
        report("90/180 status (daysUsed, latestExit)", calculator, count: people * passes)

        for direction in [StayAssessment.Direction.entry, .exit] {
            let elapsed = clock.measure {
                for _ in 0..<passes {
                    for person in population {
                        let stays = direction == .exit ? person.stays + [person.openStay] : person.stays
                        if let assessment = try? StayAssessment.assess(
                            nationality: person.nationality, visaFreeNationalities: visaFree, stays: stays,
                            authorisations: person.authorisations, on: control, direction: direction)
                        {
                            checksum &+= assessment.daysUsed &+ assessment.overstayDays
                        }
                    }
                }
            }
            report("assess \(direction.rawValue)", elapsed, count: people * passes)
        }
        print("checksum: \(checksum)")
    }

    private func report(_ name: String, _ elapsed: Duration, count: Int) {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let perSecond = seconds > 0 ? Double(count) / seconds : 0
        let micros = count > 0 ? seconds * 1e6 / Double(count) : 0
        print("\(name): \(Int(perSecond)) assessments/s (\((micros * 100).rounded() / 100) µs each)")
    }
}

/// A synthetic traveller: past stays spread over the last three years, an open stay, maybe a visa or permit.
private struct SyntheticTraveller {
    let nationality: String
    let stays: [Stay]
    let openStay: Stay
    let authorisations: [Authorisation]

    static func make(control: CalendarDay, maxStays: Int, using generator: inout SplitMix64) -> SyntheticTraveller {
        let count = Int(generator.next() % UInt64(maxStays + 1))
        var stays: [Stay] = []
        // Walk back from 30 days before the control date: a stay of 1-30 days, then an absence of 1-40 days.
        var cursor = control.adding(days: -30)
        for _ in 0..<count {
            let length = Int(generator.next() % 30)
            let gap = 1 + Int(generator.next() % 40)
            let exit = cursor
            let entry = exit.adding(days: -length)
            stays.append(Stay(entry: entry, exit: exit))
            cursor = entry.adding(days: -gap)
        }
        stays.reverse()
        let openEntry = control.adding(days: -Int(generator.next() % 29))
        let nationalities = ["MDA", "GBR", "USA", "IND", "CHN", "TUR", "DEU", "POL"]
        let nationality = nationalities[Int(generator.next() % UInt64(nationalities.count))]
        var authorisations: [Authorisation] = []
        switch generator.next() % 10 {
        case 0, 1, 2:
            authorisations.append(
                .visa(
                    Visa(
                        validFrom: control.adding(days: -200), validUntil: control.adding(days: 100),
                        entries: .multiple, entriesUsed: 3, durationOfStay: 90)))
        case 3:
            authorisations.append(
                .residencePermit(
                    ResidencePermit(validFrom: control.adding(days: -400), validUntil: control.adding(days: 300))))
        case 4:
            authorisations.append(
                .protection(ProtectionStatus(kind: .temporary, validFrom: control.adding(days: -600), validUntil: nil)))
        default:
            break
        }
        return SyntheticTraveller(
            nationality: nationality, stays: stays, openStay: Stay(entry: openEntry, exit: nil),
            authorisations: authorisations)
    }
}

/// A small deterministic generator (SplitMix64), so every run measures the same population.
private struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
