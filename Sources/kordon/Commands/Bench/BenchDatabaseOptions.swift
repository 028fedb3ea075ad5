import ArgumentParser
import Foundation
import Logging
import Services
import Store

/// Where a benchmark's store lives: a PostgreSQL database given by URL, or by default SQLite in a
/// new temporary folder (so a benchmark never writes into a real store by accident).
struct BenchDatabaseOptions: ParsableArguments {
    @Option(help: "PostgreSQL URL; default: SQLite in a new temporary folder.")
    var database: String?

    @Option(help: "Folder of the reference data. Default: ../shared/reference.")
    var reference: String?

    var location: DatabaseLocation {
        if let database { return .postgres(url: database) }
        let folder = (NSTemporaryDirectory() as NSString).appendingPathComponent("kordon-bench-\(UUID().uuidString.prefix(8))")
        return .sqlite(path: (folder as NSString).appendingPathComponent("kordon.sqlite"))
    }

    /// Opens (and migrates) the benchmark's store.
    func start(logger: Logger) async throws -> KordonServices {
        guard let referenceFolder = ReferenceData.locate(explicit: reference) else {
            throw ValidationError("reference data not found: pass --reference DIR")
        }
        return try await KordonServices.start(location: location, referenceFolder: referenceFolder, logger: logger)
    }
}

extension KordonServices {
    /// A new border guard agency with one officer of `role`: the owner of a benchmark's rows.
    func benchAgency(role: Role) async throws -> (Agency, Officer) {
        let agency = try await admin.createAgency(
            .init(code: "BENCH-\(UUID().uuidString.prefix(6))", name: "Benchmark agency", country: "UKR", kind: .borderGuard)
        )
        return (agency, try await admin.createOfficer(agencyId: agency.id, name: "Bench officer", role: role).officer)
    }
}
