import ArgumentParser
import Foundation
import Logging
import Services
import Store

/// Where the data lives, shared by every command that opens the store.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "Folder of the embedded SQLite database.")
    var data: String = "./kordon-data"

    @Option(
        name: .long,
        help: "PostgreSQL URL (postgres://user:password@host:port/db); overrides --data. Default: $KORDON_DATABASE_URL."
    )
    var database: String?

    @Option(
        name: .customLong("read-database"),
        help: "PostgreSQL URL of a read replica for statistics and exports (the overstayer list, its CSV and counts). Default: $KORDON_READ_DATABASE_URL."
    )
    var readDatabase: String?

    @Option(name: .long, help: "Folder of the reference data (crossing points, refusal reasons). Default: ../shared/reference.")
    var reference: String?

    func location() throws -> DatabaseLocation {
        try DatabaseLocation.resolve(
            databaseURL: database, dataDirectory: data, environment: ProcessInfo.processInfo.environment
        )
    }

    func referenceFolder() throws -> String {
        guard let folder = ReferenceData.locate(explicit: reference) else {
            throw ValidationError(
                "reference data not found: pass --reference DIR or set KORDON_REFERENCE (the folder with crossing-points-ukraine.json)"
            )
        }
        return folder
    }

    /// Opens, migrates and loads reference data.
    func start(logger: Logger, screening: KordonServices.ScreeningStart = .index) async throws -> KordonServices {
        let location = try location()
        let replica = try DatabaseLocation.resolveReplica(
            readURL: readDatabase, primary: location, environment: ProcessInfo.processInfo.environment
        )
        return try await KordonServices.start(
            location: location, readReplica: replica, referenceFolder: try referenceFolder(), logger: logger,
            screeningStart: screening
        )
    }
}

/// Logs as one line of `key=value` metadata per event on standard error.
func makeLogger(_ label: String, level: Logger.Level = .info) -> Logger {
    var logger = Logger(label: label)
    logger.logLevel = level
    return logger
}
