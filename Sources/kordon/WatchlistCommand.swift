import ArgumentParser
import Foundation
import Services

/// `kordon watchlist …`: work with the watchlists in the store.
struct WatchlistCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watchlist", abstract: "Work with the watchlists (alerts).", subcommands: [Import.self]
    )

    /// `kordon watchlist import FILE`: the bulk import without the API's 1 MiB body limit.
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import alerts from a JSON Lines or CSV file: every record is checked, then all are stored, or none.",
            discussion: """
                JSON Lines: one object per line with the fields of POST /v1/alerts (`id` as the agency's reference); \
                the screening benchmark's alerts.jsonl imports as it is. CSV: a header row naming the same columns, \
                `aliases` as a JSON array. Every bad record is listed, one line per wrong field (line, field, reason). \
                Exit status: 0 all imported; 1 nothing imported; 2 with --accept-valid, some records rejected.
                """
        )

        @OptionGroup var store: StoreOptions

        @Argument(help: "The file to import.")
        var file: String

        @Option(help: "File format: jsonl or csv. Default: from the extension (.csv is CSV, anything else JSON Lines).")
        var format: String?

        @Flag(help: "Store the good records and report the bad ones (default: one bad record and nothing is stored).")
        var acceptValid = false

        @Option(help: "Code of the owning agency (see GET /v1/agencies). Required when the store has several agencies.")
        var agency: String?

        @Option(help: "How much lower than a server's the import's CPU priority is (nice, 0 to 19): a server on the same machine checks travellers first.")
        var nice: Int32 = 10

        func validate() throws {
            if let format, AlertImportFormat(rawValue: format) == nil {
                throw ValidationError("--format must be jsonl or csv")
            }
            guard (0...19).contains(nice) else {
                throw ValidationError("--nice must be 0 to 19")
            }
            guard FileManager.default.isReadableFile(atPath: file) else {
                throw ValidationError("cannot read \(file)")
            }
        }

        func run() async throws {
            ProcessPriority.lower(by: nice)
            let chosen = format.flatMap(AlertImportFormat.init(rawValue:))
                ?? (file.lowercased().hasSuffix(".csv") ? .csv : .jsonl)
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            let services = try await store.start(logger: makeLogger("kordon", level: .warning), screening: .dismissalsOnly)
            let bar = ProgressBar()
            var rejected = 0
            do {
                let code: String
                if let agency {
                    code = agency
                } else {
                    let agencies = try await services.admin.agencies()
                    guard agencies.count == 1, let only = agencies.first else {
                        throw ValidationError("the store has \(agencies.count) agencies: name the owner with --agency CODE")
                    }
                    code = only.code
                }
                let summary = try await services.watchlists.importAlerts(
                    data, format: chosen, mode: acceptValid ? .acceptValid : .allOrNothing, agencyCode: code,
                    reloadIndex: false
                ) {
                    progress in
                    bar.update(progress.stage.rawValue, progress.done, progress.total)
                }
                for line in summary.errors { print(line.description) }
                print("Imported \(summary.imported) alerts for \(code)."
                    + (summary.rejected > 0 ? " Rejected \(summary.rejected) record(s), listed above." : ""))
                rejected = summary.rejected
            } catch let error as AlertImportError {
                try? await services.database.shutdown()
                for line in error.errors { print(line.description) }
                print("\(error.badRecords) bad record(s). Nothing was imported.")
                throw ExitCode(1)
            } catch {
                try? await services.database.shutdown()
                throw error
            }
            try await services.database.shutdown()
            if rejected > 0 { throw ExitCode(2) }
        }
    }
}
