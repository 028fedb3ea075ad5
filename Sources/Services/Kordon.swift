import Foundation
import Logging
import Store

/// Every application service, wired once (STYLE.md §9: no globals; `kordon serve` builds this).
public struct KordonServices: Sendable {
    public let database: KordonDatabase
    public let reference: ReferenceData
    public let clock: Clock
    public let admin: AdminService
    public let persons: PersonService
    public let crossings: CrossingService
    public let audit: AuditService
    public let checks: CheckService
    public let overstays: OverstayService

    public init(
        database: KordonDatabase, reference: ReferenceData, clock: @escaping Clock = { Date() },
        screening: any TravellerScreening = NoScreening()
    ) {
        self.database = database
        self.reference = reference
        self.clock = clock
        self.admin = AdminService(database: database, clock: clock)
        self.persons = PersonService(database: database, clock: clock)
        self.crossings = CrossingService(
            database: database, clock: clock, refusalCodes: Set(reference.refusalReasons.map(\.code))
        )
        self.audit = AuditService(database: database, clock: clock)
        self.checks = CheckService(
            database: database, clock: clock, screening: screening,
            refusalCodes: Set(reference.refusalReasons.map(\.code))
        )
        self.overstays = OverstayService(database: database, clock: clock)
    }

    /// Opens the database, migrates it and loads the crossing points: what every command does first.
    public static func start(
        location: DatabaseLocation, referenceFolder: String, logger: Logger, clock: @escaping Clock = { Date() },
        screening: any TravellerScreening = NoScreening()
    ) async throws -> KordonServices {
        let reference = try ReferenceData.load(from: referenceFolder)
        let database = try await KordonDatabase.open(location, logger: logger)
        do {
            try await Migrator(database: database).migrate(logger: logger)
            try await database.repositories.crossingPoints.upsert(reference.crossingPoints)
            try await database.repositories.checks.seedVisaFree(reference.visaFree, at: clock())
        } catch {
            try? await database.shutdown()
            throw error
        }
        return KordonServices(database: database, reference: reference, clock: clock, screening: screening)
    }

    public func crossingPoints() async throws -> [CrossingPoint] {
        try await database.repositories.crossingPoints.all()
    }

    public func crossingPoint(code: String) async throws -> CrossingPoint {
        guard let point = try await database.repositories.crossingPoints.find(code: code) else {
            throw ServiceError(.notFound, field: "code", "unknown crossing point")
        }
        return point
    }
}
