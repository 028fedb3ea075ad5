import Foundation
import Logging
import ServiceLifecycle
import Store

extension KordonServices {
    /// Drops the months before `before` of crossings, checks and the audit trail (PostgreSQL;
    /// `PartitionRepository.dropMonths` says what is kept and what is refused), as the installation's operator
    /// at the command line.
    ///
    /// Retention gives way to the border: it waits at most half a second for each lock, and tries again
    /// (`attempts` times, a second apart) when checks held the tables; then it fails and says so.
    public func dropMonths(
        before: CalendarMonth, dryRun: Bool, attempts: Int = 20, waiting: (@Sendable (Int) -> Void)? = nil
    ) async throws -> PartitionRepository.Retention {
        var record = AuditRecord(
            officerId: nil, agencyId: nil, requestId: nil, purpose: "retention", action: "retention.drop",
            resourceType: "partition", resourceIds: [], personIds: []
        )
        record.credentialId = "cli"
        let act = record
        let now = clock()
        let kind = database.kind
        for attempt in 1...max(1, attempts) {
            do {
                if dryRun {
                    return try await database.repositories.partitions.dropMonths(
                        before: before, now: now, audit: act, dryRun: true
                    )
                }
                return try await database.transaction { tx in
                    try await Repositories(tx, kind: kind).partitions.dropMonths(
                        before: before, now: now, audit: act
                    )
                }
            } catch where KordonDatabase.errorCode(error) == "postgres 55P03" && attempt < attempts {
                waiting?(attempt)
                try await Task.sleep(for: .seconds(1))
            } catch where KordonDatabase.errorCode(error) == "postgres 55P03" {
                throw ServiceError(
                    .conflict, field: "before",
                    "the crossing, check and audit tables stayed busy for \(attempts) attempts; run retention off-peak"
                )
            }
        }
        throw ServiceError(.conflict, field: "before", "retention did not run")
    }

    /// What keeps the store in shape beside the HTTP server: on PostgreSQL, the next months' partitions.
    public func maintenanceServices(logger: Logger) -> [any Service] {
        database.kind == .postgres ? [PartitionKeeper(database: database, clock: clock, logger: logger)] : []
    }
}

/// Keeps the next months' partitions made while the server runs (PostgreSQL): at start (`KordonServices.start`)
/// and then every `interval`, so that rows never wait in a default partition because a month began.
public struct PartitionKeeper: Service {
    let database: KordonDatabase
    let interval: Duration
    let clock: Clock
    let logger: Logger

    public init(database: KordonDatabase, interval: Duration = .seconds(6 * 3600), clock: @escaping Clock, logger: Logger) {
        self.database = database
        self.interval = interval
        self.clock = clock
        self.logger = logger
    }

    public func run() async throws {
        while true {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                return
            }
            do {
                let made = try await database.repositories.partitions.ensureMonths(around: clock())
                if !made.isEmpty { logger.info("Partitions made", metadata: ["partitions": "\(made.joined(separator: ","))"]) }
            } catch {
                logger.error(
                    "Partitions for the next months could not be made",
                    metadata: ["code": "\(KordonDatabase.errorCode(error) ?? "\(type(of: error))")"]
                )
            }
        }
    }
}
