import ArgumentParser
import Foundation
import NIOCore
import NIOPosix

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

    /// Runs Swift Concurrency's tasks on NIO's event loops (the threads that read and write the sockets) instead
    /// of a pool of their own, unless `KORDON_EXECUTOR=swift`.
    ///
    /// A border check is a request read on an event loop, a handler, several database reads whose answers
    /// arrive on event loops, and a response written on one. With two pools each of those steps woke a thread
    /// in the other: on 2 cores a whole-machine profile of the PostgreSQL check benchmark had 39 % of the
    /// server's samples in the kernel, most of them switching and waking threads. One set of threads does
    /// the same work without the hand-overs (issue 15: 628–642 checks/s against 488–563 on the same build,
    /// p99 20.9–22.6 ms against 24.5–28.5; README "One set of threads"). The cost: a handler that computes for
    /// long delays the sockets of its event loop; the long jobs (index builds, biometrics, SQLite's calls)
    /// already run on threads of their own. Installed before any other task starts, as NIO requires.
    static func main() async {
        if !tasksOnSwiftPool {
            NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        }
        await main(nil)
    }

    static var tasksOnSwiftPool: Bool { ProcessInfo.processInfo.environment["KORDON_EXECUTOR"] == "swift" }

    /// Where tasks run, for benchmarks to print beside their figures.
    static var executorName: String { tasksOnSwiftPool ? "tasks on Swift's pool" : "tasks on the event loops" }
}

/// `kordon bench …`: benchmarks that print the figures quoted in the README (release builds).
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure a capability and print its figures (build with -c release).",
        subcommands: [
            BenchStore.self, BenchRegisters.self, BenchOverstayers.self, BenchImport.self, BenchChecks.self, BenchMRZ.self,
            BenchStay.self, BenchScreening.self, BenchAPISParse.self, BenchAPIS.self, BenchAccess.self, BenchFace.self,
            BenchPlates.self, BenchExchange.self, BenchCheckClients.self, BenchAudit.self,
        ]
    )
}
