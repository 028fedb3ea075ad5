import ArgumentParser
import Foundation
import Services

/// `kordon import …`: bulk loads into the store.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Load records in bulk.", subcommands: [Crossings.self]
    )

    /// `kordon import crossings FILE`.
    struct Crossings: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load crossings from a JSON Lines or CSV file: every line is checked, then all are stored, or none.",
            discussion: """
                Fields (JSON) or header columns (CSV, JSON or snake_case names): id (optional UUID), personId, \
                documentId (optional), pointCode, direction (entry|exit), occurredAt (ISO 8601 UTC), officerId, \
                agencyId, decision (admitted|refused), refusalReasons (JSON array; in CSV separated by ';'). \
                The persons, documents, officers and agencies must exist; an id must be new. Bad lines are listed \
                with their line number and field (exit status 1) and nothing is stored. Then every row is \
                stored in one transaction (PostgreSQL COPY, SQLite multi-row inserts of bound values) together \
                with who of the persons named is in the country, so the load is kept whole or not at all; their \
                stay outlooks are computed after it. On SQLite the transaction holds the write lock while it \
                stores (about a minute a million rows): load a large backlog off-peak. The file is mapped into \
                memory; about 250 bytes a crossing are kept while it loads.
                """
        )

        @OptionGroup var store: StoreOptions

        @Argument(help: "The file to load.")
        var file: String

        @Option(help: "File format: jsonl or csv. Default: from the extension (.csv is CSV, anything else JSON Lines).")
        var format: String?

        func validate() throws {
            if let format, CrossingImport.Format(rawValue: format) == nil {
                throw ValidationError("--format must be jsonl or csv")
            }
            guard FileManager.default.isReadableFile(atPath: file) else { throw ValidationError("cannot read \(file)") }
        }

        func run() async throws {
            let chosen = format.flatMap(CrossingImport.Format.init(rawValue:))
                ?? (file.lowercased().hasSuffix(".csv") ? .csv : .jsonl)
            let data = try Data(contentsOf: URL(fileURLWithPath: file), options: .mappedIfSafe)
            let services = try await store.start(logger: makeLogger("kordon", level: .warning), screening: .dismissalsOnly)
            let bar = ProgressBar()
            do {
                let summary = try await CrossingImport(services: services).run(
                    data, format: chosen, source: (file as NSString).lastPathComponent
                ) { progress in bar.update(progress.stage.rawValue, progress.done, progress.total) }
                print(summary.report)
            } catch let error as CrossingImport.Failure {
                try? await services.database.shutdown()
                for line in error.errors { print(line.description) }
                if error.truncated { print("… and more; fix these and run again.") }
                print("Nothing was imported.")
                throw ExitCode(1)
            } catch {
                try? await services.database.shutdown()
                throw error
            }
            try await services.database.shutdown()
        }
    }
}
