import ArgumentParser
import Foundation
import Store

/// `kordon bench audit`: the audit chain's appends, the one serial step every check of every server takes in turn.
struct BenchAudit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Append audit entries a group of checks at a time, as the border's commits do; print appends/s and p50/p99 per commit.",
        discussion: """
            Each transaction takes the chain's head, appends --per-commit entries (each naming one person) and \
            commits, one after the other: the serial part of a group commit (GroupCommit). With --months, the \
            trail keeps that many past months, a partition each, as a store in service that long does. \
            --through-migration stops the schema at an earlier version, to compare a migration's effect on the \
            same binary. SQLite in a new temporary folder by default; --database postgres://… (an empty database).
            """
    )

    @Option(help: "Commits to time (after a warm-up of 100).")
    var commits: Int = 5_000

    @Option(help: "Entries per commit (the checks a group commit holds; about 3 at 600 checks/s with 8 clients).")
    var perCommit: Int = 3

    @Option(help: "With --database: past months of trail, a partition each.")
    var months: Int = 0

    @Option(help: "Apply the migrations up to this version only (default: all).")
    var throughMigration: Int?

    @OptionGroup var store: BenchDatabaseOptions

    func validate() throws {
        guard commits > 0, (1...500).contains(perCommit), (0...600).contains(months) else {
            throw ValidationError("--commits > 0, --per-commit 1…500, --months 0…600")
        }
        guard months == 0 || store.database != nil else {
            throw ValidationError("--months needs --database (SQLite's trail is one table)")
        }
    }

    func run() async throws {
        let logger = makeLogger("kordon", level: .warning)
        let database = try await KordonDatabase.open(store.location, logger: logger)
        let migrations = Migrations.all.filter { $0.version <= (throughMigration ?? Int.max) }
        try await Migrator(database: database, migrations: migrations).migrate(logger: logger)
        try await database.repositories.partitions.ensureMonths(around: Date())
        try await database.repositories.partitions.ensureMonths(months, before: Date(), of: "audit_entry")
        let officer = UUID(), agency = UUID()
        let perCommit = perCommit
        @Sendable func append(_ commit: Int) async throws {
            try await database.transaction { (repositories: Repositories) in
                try await repositories.audit.append((0..<perCommit).map { index in
                    let person = UUID()
                    return AuditRecord(
                        officerId: officer, agencyId: agency, requestId: "bench-\(commit)-\(index)",
                        purpose: "border_control", action: "check.create", resourceType: "border_check",
                        resourceIds: [UUID().uuidString], personIds: [person]
                    )
                }, at: Date())
            }
        }
        for commit in 0..<100 { try await append(-1 - commit) }
        let clock = ContinuousClock()
        var durations: [Duration] = []
        durations.reserveCapacity(commits)
        let started = clock.now
        for commit in 0..<commits {
            let before = clock.now
            try await append(commit)
            durations.append(clock.now - before)
        }
        let total = clock.now - started
        let seconds = Double(total.components.seconds) + Double(total.components.attoseconds) / 1e18
        let schema = throughMigration.map { "schema through migration \($0)" } ?? "schema current"
        let kept = database.kind == .postgres ? ", \(months) past months kept" : ""
        print(
            "audit appends (\(database.kind.rawValue), \(schema)\(kept), \(perCommit) entries a commit): "
                + String(format: "%d commits in %.2f s = %.0f commits/s, %.0f entries/s; ", commits, seconds,
                    Double(commits) / seconds, Double(commits * perCommit) / seconds)
                + "per commit " + Percentiles(milliseconds: durations).summary(unit: "ms")
        )
        let verification = try await database.repositories.audit.verify()
        print("verified: \(verification.isIntact ? "intact" : "BROKEN"), \(verification.entriesChecked) entries")
        try await database.shutdown()
    }
}
