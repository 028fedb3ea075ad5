import Foundation
import Logging
import ServiceLifecycle
import Store

/// Every application service, wired once (STYLE.md §9: no globals; `kordon serve` builds this).
public struct KordonServices: Sendable {
    public let database: KordonDatabase
    public let reference: ReferenceData
    public let clock: Clock
    /// The need-to-know policy every service and route obeys.
    public let policy: AccessPolicy
    public let admin: AdminService
    public let persons: PersonService
    public let crossings: CrossingService
    public let audit: AuditService
    public let checks: CheckService
    public let overstays: OverstayService
    /// Who is in the country, kept on each crossing; `refresh(personIds:in:now:)` when an authorisation changes.
    public let presence: PresenceKeeper
    /// Watchlists: alerts, imports, dismissals, re-screening.
    public let watchlists: WatchlistService
    /// The in-memory screening index the border check calls (built by `start`; run its `run()` to follow
    /// changes made by other processes).
    public let screening: ScreeningIndexService
    /// Advance passenger information: manifests, the flight board, manifest hits.
    public let manifests: ManifestService
    /// Signs the audit trail's head while the server runs; set by `kordon serve`, which holds the key.
    public var auditCheckpointer: AuditCheckpointer?

    /// What runs beside the HTTP server for the audit trail until graceful shutdown (the checkpointer, when set).
    public var auditServices: [any Service] { auditCheckpointer.map { [$0] } ?? [] }

    /// The registers of foreigners (issue 11).
    public let registers: RegisterService
    /// One person behind the records: search, timeline, merge and split, the resolver's review queue.
    public let identity: IdentityService
    /// Real-time exchange (issue 12): subscriptions, the event stream, partner messages.
    public let exchange: ExchangeService
    /// Delivers the outbox to subscribers while the server runs; set by `kordon serve`, which holds the key.
    public var exchangeDispatcher: ExchangeDispatcher?

    /// What runs beside the HTTP server for the exchange (the dispatcher, when set).
    public var exchangeServices: [any Service] { exchangeDispatcher.map { [$0] } ?? [] }

    /// Face verification and plate reading over the `kordon-biometrics` worker (issue 13); answers
    /// "not available here" when the worker is not installed.
    public let biometrics: BiometricsService

    /// - Parameter checkScreening: what the border check screens travellers with; by default the
    ///   watchlists' index (`WatchlistScreening`), a fake in tests.
    public init(
        database: KordonDatabase, reference: ReferenceData, clock: @escaping Clock = { Date() },
        screening checkScreening: (any TravellerScreening)? = nil, logger: Logger = Logger(label: "kordon"),
        policy: AccessPolicy = .shipped,
        biometrics: BiometricsWorker? = nil
    ) {
        self.database = database
        self.reference = reference
        self.clock = clock
        self.policy = policy
        self.admin = AdminService(database: database, clock: clock, policy: policy)
        self.persons = PersonService(database: database, clock: clock)
        self.crossings = CrossingService(
            database: database, clock: clock, refusalCodes: Set(reference.refusalReasons.map(\.code))
        )
        self.audit = AuditService(database: database, clock: clock)
        self.screening = ScreeningIndexService(database: database, clock: clock, logger: logger)
        self.watchlists = WatchlistService(database: database, clock: clock, screening: self.screening)
        self.checks = CheckService(
            database: database, clock: clock,
            screening: checkScreening ?? WatchlistScreening(index: self.screening, watchlists: self.watchlists),
            refusalCodes: Set(reference.refusalReasons.map(\.code))
        )
        self.overstays = OverstayService(database: database, clock: clock)
        self.presence = PresenceKeeper()
        self.manifests = ManifestService(
            database: database, clock: clock, screening: self.screening, watchlists: self.watchlists
        )
        let personIndex = PersonIndex(database: database)
        self.registers = RegisterService(
            database: database, clock: clock, watchlists: self.watchlists, personIndex: personIndex
        )
        self.identity = IdentityService(
            database: database, clock: clock, index: personIndex, resolution: self.registers.resolution
        )
        self.exchange = ExchangeService(
            database: database, clock: clock, policy: policy, crossingPoints: reference.crossingPoints, logger: logger
        )
        self.biometrics = BiometricsService(
            database: database, clock: clock, worker: biometrics ?? BiometricsWorker.fromEnvironment()
        )
    }

    /// What the services read of the watchlist when they start.
    public enum ScreeningStart: Sendable {
        /// The whole screening index: what a server, and any command that screens a traveller, needs.
        case index
        /// The dismissals only (``ScreeningIndexService/loadDismissals()``): for a command that never screens a
        /// traveller. `kordon watchlist import` started by reading every alert, so the first minute of an
        /// import beside a server was a full read of the alert table at the border's CPU priority.
        case dismissalsOnly
    }

    /// Opens the database, migrates it and loads the crossing points: what every command does first.
    public static func start(
        location: DatabaseLocation, readReplica: DatabaseLocation? = nil, referenceFolder: String, logger: Logger,
        clock: @escaping Clock = { Date() }, screening: (any TravellerScreening)? = nil,
        screeningStart: ScreeningStart = .index
    ) async throws -> KordonServices {
        let reference = try ReferenceData.load(from: referenceFolder)
        let database = try await KordonDatabase.open(location, readReplica: readReplica, logger: logger)
        do {
            try await Migrator(database: database).migrate(logger: logger)
            // This month's partitions and the next three (PostgreSQL); `PartitionKeeper` keeps them coming.
            try await database.repositories.partitions.ensureMonths(around: clock())
            try await database.repositories.crossingPoints.upsert(reference.crossingPoints)
            try await database.repositories.checks.seedVisaFree(reference.visaFree, at: clock())
        } catch {
            try? await database.shutdown()
            throw error
        }
        let services = KordonServices(
            database: database, reference: reference, clock: clock, screening: screening, logger: logger
        )
        do {
            switch screeningStart {
            case .index: try await services.screening.load()
            case .dismissalsOnly: try await services.screening.loadDismissals()
            }
            // Rows a migration backfilled (or a bulk load left) get their stay's outlook once, here.
            try await services.presence.completePending(database: database, now: clock())
            // An import a stopped process switched in but did not finish publishing.
            try await services.watchlists.publishPendingImports()
        } catch {
            try? await database.shutdown()
            throw error
        }
        return services
    }

    /// Who is present, again from every crossing, then every outlook: after a bulk load of crossings that
    /// went around the services (the demo, `kordon import crossings`, benchmarks).
    public func rebuildPresence() async throws {
        try await database.transaction { tx in try await tx.presence.rebuildFromCrossings() }
        try await presence.completePending(database: database, now: clock())
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
