import ArgumentParser
import Foundation
import Services
import Store

/// `kordon bench store`: crossing inserts per second in batches, and person-timeline read latency.
struct BenchStore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Insert N crossings in batches and read person timelines; print inserts/s and p50/p99 read latency.",
        discussion: "SQLite in a new temporary folder by default; --database postgres://… for PostgreSQL (adds to its data)."
    )

    @Option(help: "Number of crossings to insert.")
    var crossings: Int = 1_000_000

    @Option(help: "Rows per INSERT statement.")
    var batch: Int = 500

    @Option(help: "Rows per transaction.")
    var transaction: Int = 20_000

    @Option(help: "Number of timeline reads to time.")
    var reads: Int = 5_000

    @Flag(help: "Insert nothing: time the reads on a store an earlier run with the same --crossings filled (the persons are the same seeded ones), e.g. after the database has vacuumed and analysed what the load left.")
    var readsOnly = false

    @OptionGroup var store: BenchDatabaseOptions

    func validate() throws {
        guard crossings > 0, batch > 0, transaction >= batch, reads > 0 else {
            throw ValidationError("--crossings, --batch, --reads must be positive and --transaction ≥ --batch")
        }
        guard batch <= 2_000 else { throw ValidationError("--batch must be at most 2000 (bind-parameter limits)") }
    }

    func run() async throws {
        let logger = makeLogger("kordon", level: .warning)
        let services = try await store.start(logger: logger)
        let now = Date()
        let (agency, officer) = try await services.benchAgency(role: .firstLine)
        let personCount = max(1_000, crossings / 20)
        let travellers = SyntheticPopulation.travellers(count: personCount, seed: 7, agencyId: agency.id, now: now)
        if !readsOnly {
            try await services.database.transaction { (repositories: Repositories) in
                try await repositories.persons.insert(travellers.map(\.person))
            }
        }
        let points = try await services.crossingPoints().filter { $0.status == "operating" }.map(\.code)
        var rng = SeededGenerator(seed: 11)
        let start = now.addingTimeInterval(-2 * 365 * 86_400)
        print("bench store: \(services.database.kind.rawValue), \(crossings) crossings, \(personCount) persons, "
            + "\(batch) rows/statement, \(transaction) rows/transaction")

        var inserted = 0
        let bar = ProgressBar()
        let clock = ContinuousClock()
        var insertTime = Duration.zero
        while inserted < crossings && !readsOnly {
            let n = min(transaction, crossings - inserted)
            var rows: [Crossing] = []
            rows.reserveCapacity(n)
            for _ in 0..<n {
                let traveller = travellers[Int.random(in: 0..<travellers.count, using: &rng)]
                let at = start.addingTimeInterval(Double(Int.random(in: 0..<(730 * 86_400), using: &rng)))
                rows.append(
                    Crossing(
                        id: UUID.timeOrdered(at: Date(), using: &rng), personId: traveller.person.id,
                        documentId: nil, pointCode: points[Int.random(in: 0..<points.count, using: &rng)],
                        direction: Bool.random(using: &rng) ? .entry : .exit, occurredAt: at, officerId: officer.id,
                        agencyId: agency.id, decision: .admitted, recordedAt: at
                    )
                )
            }
            let batchSize = batch
            let finalRows = rows
            insertTime += try await clock.measure {
                try await services.database.transaction { (repositories: Repositories) in
                    try await repositories.crossings.insert(finalRows, batchSize: batchSize)
                }
            }
            inserted += n
            bar.update("inserted", inserted, crossings)
        }
        let insertSeconds = Double(insertTime.components.seconds) + Double(insertTime.components.attoseconds) / 1e18
        if !readsOnly {
            print(String(format: "inserts: %d crossings in %.2f s = %.0f crossings/s", crossings, insertSeconds, Double(crossings) / insertSeconds))
        }

        var latencies: [Double] = []
        latencies.reserveCapacity(reads)
        let repository = services.database.repositories.crossings
        for _ in 0..<reads {
            let person = travellers[Int.random(in: 0..<travellers.count, using: &rng)].person.id
            let elapsed = try await clock.measure { _ = try await repository.timeline(personId: person, limit: 50) }
            latencies.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
        }
        print("timeline reads (50 newest of a person): \(Percentiles(latencies).summary(unit: "ms"))")
        try await services.database.shutdown()
    }
}
