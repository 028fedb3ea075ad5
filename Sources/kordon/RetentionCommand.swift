import ArgumentParser
import Foundation
import Services
import Store

/// `kordon retention`: the monthly partitions of crossings, checks and the audit trail, and retention by
/// dropping the oldest (PostgreSQL; docs/national-deployment.md §5).
struct RetentionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retention",
        abstract: "Monthly partitions of crossings, checks and the audit trail, and dropping the oldest (PostgreSQL).",
        subcommands: [Partitions.self, Drop.self]
    )

    struct Partitions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List each partition with its rows; rows in a default partition are reported by month."
        )

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let services = try await store.start(logger: makeLogger("kordon", level: .warning), screening: .dismissalsOnly)
            let partitions: [PartitionRepository.Partition]
            do {
                partitions = try await services.database.repositories.partitions.partitions()
            } catch {
                try? await services.database.shutdown()
                throw error
            }
            try await services.database.shutdown()
            guard !partitions.isEmpty else {
                print("No partitions: this database is SQLite, which keeps plain tables.")
                return
            }
            let oldest = Dictionary(
                partitions.compactMap { p in p.month.map { (p.table, $0) } }, uniquingKeysWith: { min($0, $1) }
            )
            for partition in partitions {
                print("\(partition.name.padding(toLength: 26, withPad: " ", startingAt: 0)) \(partition.rows) rows")
                for (month, rows) in partition.rowsByMonth.sorted(by: { $0.key < $1.key }) {
                    let keptPastRetention = oldest[partition.table].map { month < $0 } ?? false
                    let why = keptPastRetention
                        ? "kept past retention (entries of persons still in the country)"
                        : "WAITING for this month's partition: `kordon serve` makes months ahead, and a month made later takes these rows in"
                    print("    \(month): \(rows) rows, \(why)")
                }
            }
        }
    }

    struct Drop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Drop every month before --before of crossings, checks and the audit trail.",
            discussion: """
                Refused within the last 180 days (the 90/180-day rule counts them), and for the audit trail unless a \
                signed checkpoint covers an entry after the cut (`kordon audit checkpoint`). The entries of persons \
                still in the country are kept. The drop is recorded in the audit trail and in retention_drop.
                """
        )

        @OptionGroup var store: StoreOptions
        @Option(help: "The first month kept, YYYY-MM; every earlier month is dropped.") var before: String
        @Flag(help: "Say what would be dropped, and change nothing.") var dryRun = false

        func validate() throws {
            guard CalendarMonth(before) != nil else { throw ValidationError("--before: expected YYYY-MM, got '\(before)'") }
        }

        func run() async throws {
            guard let month = CalendarMonth(before) else { throw ValidationError("--before: expected YYYY-MM") }
            let services = try await store.start(logger: makeLogger("kordon", level: .warning), screening: .dismissalsOnly)
            let retention: PartitionRepository.Retention
            do {
                retention = try await services.dropMonths(before: month, dryRun: dryRun) { attempt in
                    FileHandle.standardError.write(Data("Tables busy with border checks; trying again (\(attempt))\n".utf8))
                }
            } catch {
                try? await services.database.shutdown()
                FileHandle.standardError.write(Data("retention: \(error)\n".utf8))
                throw ExitCode(1)
            }
            try await services.database.shutdown()
            let verb = dryRun ? "Would drop" : "Dropped"
            if retention.dropped.isEmpty { print("Nothing before \(month) to drop.") }
            for item in retention.dropped {
                let what = item.month.map { "\(item.table) \($0)" } ?? "\(item.table) before \(month) (default partition)"
                let kept = item.kept > 0 ? "; \(item.kept) kept (entries of persons still in the country)" : ""
                print("\(verb) \(what): \(item.rows) rows\(kept)")
            }
            if let through = retention.auditThroughSeq {
                print("The audit trail resumes at entry \(through + 1).")
            }
            if let seq = retention.auditSeq { print("Recorded as audit entry \(seq).") }
        }
    }
}
