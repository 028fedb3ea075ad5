import ArgumentParser
import Foundation
import Services
import Store

/// `kordon bench import`: `kordon import crossings` on a generated file (issue 15: ≥ 20,000 /s on SQLite,
/// ≥ 50,000 /s on PostgreSQL); with `--retention`, then `kordon retention drop` of every month the 90/180-day
/// rule no longer counts (PostgreSQL's monthly partitions).
struct BenchImport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Write N crossings to a JSON Lines or CSV file and load them as `kordon import crossings` does.",
        discussion: "SQLite in a new temporary folder by default; --database postgres://… for PostgreSQL."
    )

    @Option(help: "Number of crossings.")
    var crossings: Int = 1_000_000

    @Option(help: "File format: jsonl or csv.")
    var format: String = "csv"

    @Flag(help: "Then drop every month older than the last 180 days, as `kordon retention drop` does (PostgreSQL).")
    var retention = false

    @OptionGroup var store: BenchDatabaseOptions

    func validate() throws {
        guard crossings > 0 else { throw ValidationError("--crossings must be positive") }
        guard CrossingImport.Format(rawValue: format) != nil else { throw ValidationError("--format must be jsonl or csv") }
    }

    func run() async throws {
        let services = try await store.start(logger: makeLogger("kordon", level: .warning))
        let now = Date()
        let (agency, officer) = try await services.benchAgency(role: .firstLine)
        let personCount = max(1_000, crossings / 20)
        let persons = (0..<personCount).map { index in
            Person(
                surname: "LOADED\(index)", givenNames: "BENCH", birthDate: "1980-01-01", sex: "X",
                nationality: index % 3 == 0 ? "UKR" : "MDA", createdByAgency: agency.id, createdAt: now
            )
        }
        for start in stride(from: 0, to: persons.count, by: 20_000) {
            let chunk = Array(persons[start..<min(start + 20_000, persons.count)])
            try await services.database.transaction { tx in try await tx.persons.insert(chunk) }
        }
        let points = try await services.crossingPoints().filter { $0.status == "operating" }.map(\.code)
        var rng = SeededGenerator(seed: 21)
        let formatter = ISO8601DateFormatter()
        let chosen = CrossingImport.Format(rawValue: format) ?? .csv
        var text = chosen == .csv ? "person_id,point_code,direction,occurred_at,officer_id,agency_id,decision\n" : ""
        text.reserveCapacity(crossings * 200)
        let officerId = officer.id.uuidString.lowercased()
        let agencyId = agency.id.uuidString.lowercased()
        for index in 0..<crossings {
            let person = persons[Int.random(in: 0..<personCount, using: &rng)].id.uuidString.lowercased()
            let at = formatter.string(from: now.addingTimeInterval(-Double(Int.random(in: 3_600..<(730 * 86_400), using: &rng))))
            let point = points[index % points.count]
            let direction = Bool.random(using: &rng) ? "entry" : "exit"
            if chosen == .csv {
                text += "\(person),\(point),\(direction),\(at),\(officerId),\(agencyId),admitted\n"
            } else {
                text += #"{"personId":"\#(person)","pointCode":"\#(point)","direction":"\#(direction)","occurredAt":"\#(at)","officerId":"\#(officerId)","agencyId":"\#(agencyId)","decision":"admitted"}"# + "\n"
            }
        }
        let data = Data(text.utf8)
        print("bench import: \(services.database.kind.rawValue), \(crossings) crossings (\(format), "
            + "\(data.count / 1_000_000) MB), \(personCount) persons")
        let summary = try await CrossingImport(services: services).run(data, format: chosen, source: "bench") {
            progress in ProgressBar().update(progress.stage.rawValue, progress.done, progress.total)
        }
        print(summary.report)
        print("present after the load: \(try await services.database.repositories.presence.count()) persons")
        if retention { try await measureRetention(services) }
        try await services.database.shutdown()
    }

    /// The drop of the oldest months, timed; then whether every person still present still has his entry.
    func measureRetention(_ services: KordonServices) async throws {
        let before = CalendarMonth(containing: Date().addingTimeInterval(-Double(PartitionRepository.protectedDays) * 86_400))
        let planned = ContinuousClock.now
        let plan = try await services.dropMonths(before: before, dryRun: true)
        let dryRun = ContinuousClock.now - planned
        let started = ContinuousClock.now
        let done = try await services.dropMonths(before: before, dryRun: false)
        let took = ContinuousClock.now - started
        let rows = done.dropped.reduce(0) { $0 + $1.rows }
        let kept = done.dropped.reduce(0) { $0 + $1.kept }
        let lost = try await services.database.sql.raw(
            "SELECT count(*) AS n FROM presence p WHERE NOT EXISTS (SELECT 1 FROM crossing c WHERE c.id = p.crossing_id)"
        ).first()?.decode(column: "n", as: Int.self) ?? -1
        print(
            "retention before \(before): \(done.dropped.count) partitions, \(rows) rows dropped in "
                + String(format: "%.2f s", took.seconds) + " (dry run " + String(format: "%.2f s", dryRun.seconds)
                + ", \(plan.dropped.count) planned); \(kept) entries of persons still present kept; "
                + "present persons whose entry is gone: \(lost)"
        )
    }
}
