import ArgumentParser
import Foundation
import Services
import Store

/// `kordon bench overstayers`: the overstayer list as an index read of `presence` at a million persons
/// present (issue 15: ≤ 50 ms).
struct BenchOverstayers: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "overstayers",
        abstract: "Fill N persons present (2 % overstaying) and time the overstayer list's pages and counts.",
        discussion: """
            Persons, their entries and their presence rows are stored directly (the outlook a visa-free stay \
            has); each timed call is the service's: pending rows checked, the page read, the audit entry \
            written. SQLite in a new temporary folder by default; --database postgres://… for PostgreSQL.
            """
    )

    @Option(help: "Persons present.")
    var present: Int = 1_000_000

    @Option(help: "Share of them overstaying.")
    var overstaying: Double = 0.02

    @Option(help: "Timed calls of each kind.")
    var reads: Int = 1_000

    @OptionGroup var store: BenchDatabaseOptions

    func validate() throws {
        guard present > 0, reads > 0, (0...1).contains(overstaying) else {
            throw ValidationError("--present and --reads must be positive, --overstaying between 0 and 1")
        }
    }

    func run() async throws {
        let services = try await store.start(logger: makeLogger("kordon", level: .warning))
        let now = Date()
        let (agency, officer) = try await services.benchAgency(role: .analyst)
        let points = try await services.crossingPoints().filter { $0.status == "operating" }.map(\.code)
        let nationalities = ["MDA", "POL", "GEO", "TUR", "ISR", "ARM", "AZE", "GBR", "USA", "DEU"]
        let today = Int((now.timeIntervalSince1970 / 86_400).rounded(.down))
        var rng = SeededGenerator(seed: 15)
        let bar = ProgressBar()
        let chunk = 10_000
        var stored = 0
        let clock = ContinuousClock()
        let fill = try await clock.measure {
            while stored < present {
                let n = min(chunk, present - stored)
                var persons: [Person] = []
                var crossings: [Crossing] = []
                var rows: [Presence] = []
                for index in 0..<n {
                    let nationality = nationalities[(stored + index) % nationalities.count]
                    let person = Person(
                        surname: "PRESENT\(stored + index)", givenNames: "BENCH", birthDate: "1980-01-01", sex: "X",
                        nationality: nationality, createdByAgency: agency.id, createdAt: now
                    )
                    let over = Double.random(in: 0..<1, using: &rng) < overstaying
                    let daysAgo = over ? Int.random(in: 91...400, using: &rng) : Int.random(in: 0...89, using: &rng)
                    let entered = now.addingTimeInterval(-Double(daysAgo) * 86_400)
                    let crossing = Crossing(
                        personId: person.id, documentId: nil, pointCode: points[index % points.count], direction: .entry,
                        occurredAt: entered, officerId: officer.id, agencyId: agency.id, decision: .admitted,
                        recordedAt: entered
                    )
                    let through = today - daysAgo + 89
                    persons.append(person)
                    crossings.append(crossing)
                    rows.append(Presence(
                        personId: person.id, crossingId: crossing.id, enteredAt: entered, entryPoint: crossing.pointCode,
                        nationality: nationality,
                        outlook: .init(basis: "visa-free", authorisedThrough: through, overstayBase: through, resumesOn: nil)
                    ))
                }
                let (p, c, r) = (persons, crossings, rows)
                try await services.database.transaction { tx in
                    try await tx.persons.insert(p)
                    try await tx.crossings.insert(c)
                    try await tx.presence.upsert(r, at: now)
                }
                stored += n
                bar.update("present", stored, present)
            }
        }
        print("bench overstayers: \(services.database.kind.rawValue), \(present) persons present, "
            + "\(String(format: "%.1f", overstaying * 100)) % overstaying; filled in \(fill)")

        let context = AccessContext(
            principal: .init(
                officerId: officer.id, agencyId: agency.id, role: .analyst, agencyKind: .borderGuard, agencyCountry: "UKR",
                credentialId: "bench"
            ),
            purpose: "overstay_control", requestId: nil, policy: services.policy
        )
        let overstays = services.overstays
        func time(_ label: String, _ body: () async throws -> Int) async throws {
            var samples: [Double] = []
            var rows = 0
            for _ in 0..<reads {
                var count = 0
                let elapsed = try await clock.measure { count = try await body() }
                rows += count
                samples.append(Double(elapsed.components.seconds) * 1_000 + Double(elapsed.components.attoseconds) / 1e15)
            }
            print("\(label): \(Percentiles(samples).summary(unit: "ms")); \(rows / reads) rows a call")
        }
        try await time("first page (50 rows, most days over)") {
            try await overstays.page(.init(), cursor: nil, limit: 50, context: context).items.count
        }
        var cursor: String?
        try await time("following pages by cursor (50 rows)") {
            let page = try await overstays.page(.init(), cursor: cursor, limit: 50, context: context)
            cursor = page.nextCursor
            return page.items.count
        }
        try await time("one nationality, at least 30 days over (50 rows)") {
            try await overstays.page(.init(nationality: "GEO", minDays: 30), cursor: nil, limit: 50, context: context).items.count
        }
        try await time("count by nationality (the console's chart)") {
            try await overstays.countByNationality(.init(), context: context).values.reduce(0, +)
        }
        try await services.database.shutdown()
    }
}
