import ArgumentParser

/// `kordon`: the one executable (DESIGN.md: serve, demo, import, screen, stats, audit, bench, admin).
@main
struct Kordon: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kordon",
        abstract: "Kordon: border and migration management information system.",
        discussion: """
            Runs on an embedded SQLite database under --data (default ./kordon-data), \
            or on PostgreSQL when --database postgres://… or KORDON_DATABASE_URL is given.
            """,
        subcommands: [
            Serve.self, Migrate.self, Demo.self, Admin.self, Audit.self, Bench.self,
            MRZCommand.self, TranslitCommand.self, StayCommand.self, ScreenCommand.self,
            WatchlistCommand.self, ImportCommand.self, APISCommand.self, PolicyCommand.self, ExchangeCommand.self, RetentionCommand.self,
        ]
    )
}

/// `kordon bench …`: benchmarks that print the figures quoted in the README (release builds).
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure a capability and print its figures (build with -c release).",
        subcommands: [
            BenchStore.self, BenchRegisters.self, BenchOverstayers.self, BenchImport.self, BenchChecks.self, BenchMRZ.self,
            BenchStay.self, BenchScreening.self, BenchAPISParse.self, BenchAPIS.self, BenchAccess.self, BenchFace.self,
            BenchPlates.self, BenchExchange.self, BenchCheckClients.self,
        ]
    )
}
