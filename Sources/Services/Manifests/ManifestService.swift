import Crypto
import Edifact
import Foundation
import Store

/// Advance passenger information (issue 7): manifests received, every traveller screened at once,
/// flights and hits stored in one transaction; the flight board; second-line review of the hits.
///
/// UN/EDIFACT PAXLST D:05B as profiled by the WCO/IATA/ICAO API Guidelines, or the same manifest as
/// JSON. A carrier sends a manifest when the flight departs and may send it again, amended, until it
/// lands; an amendment replaces the traveller list it carries (passengers or crew) and keeps every
/// hit a second-line officer has already reviewed (keyed by traveller identity and alert).
///
/// Roles. Manifests are received through the targeting desk (analysts) or an agency administrator's
/// integration account; the board is read by first line, second line and analysts; only second
/// line reviews a hit (DESIGN.md: second line resolves hits).
public struct ManifestService: Sendable {
    let database: KordonDatabase
    let clock: Clock
    let screening: ScreeningIndexService
    let watchlists: WatchlistService
    public let window: ArrivalWindow
    /// Our airports, read once per 30 s instead of with every manifest (a manifest for an airport added
    /// since is read again before it is refused).
    let airports = ReferenceCache<ArrivalAirport.Directory>()

    public init(
        database: KordonDatabase, clock: @escaping Clock, screening: ScreeningIndexService, watchlists: WatchlistService,
        window: ArrivalWindow = ArrivalWindow()
    ) {
        self.database = database
        self.clock = clock
        self.screening = screening
        self.watchlists = watchlists
        self.window = window
    }

    /// How a body is to be read.
    public enum BodyFormat: Sendable {
        case edifact
        case json
        /// JSON when the first non-blank byte is `{`, else EDIFACT (`UNA`/`UNB`).
        case sniff

        /// From a `Content-Type`: `application/json` (or `+json`), `application/edifact`/`text/plain`, else sniffed.
        public init(contentType: String?) {
            let type = contentType?.lowercased() ?? ""
            if type.contains("json") {
                self = .json
            } else if type.contains("edifact") || type.hasPrefix("text/plain") {
                self = .edifact
            } else {
                self = .sniff
            }
        }
    }

    /// Parses with the caps of `EdifactLimits`; reads what can be read (issue 14): flaws are reported and
    /// stored with the flight, only a body with no PAXLST message in it is rejected.
    static let parser = PaxlstParser(unknownSegmentsAreErrors: false)

    /// Flaws kept per flight: a manifest with a flaw in every traveller is still shown, not stored unbounded.
    static let maxStoredFlaws = 500

    // MARK: - Receiving

    /// A manifest parsed, mapped to our airports and screened, not yet stored.
    public struct ScreenedManifest: Sendable {
        public let warnings: [EdifactError]
        /// Every flaw the parser reported, with the traveller (index in the manifest) and field.
        public let problems: [EdifactError]
        /// False when segments are missing: the carrier should send the manifest again.
        public let complete: Bool
        let arrivals: [(arrival: ManifestArrival, hits: [ManifestHit])]
        let sha256: String
        let sender: String?

        public var travellers: Int { arrivals.reduce(0) { $0 + $1.arrival.travellers.count } }
        public var hits: Int { arrivals.reduce(0) { $0 + $1.hits.count } }
    }

    /// Receives a manifest: parse, map to our airports, screen, store, audit, event; all or nothing.
    ///
    /// - Throws: ``ManifestRejected`` when there is nothing to read (not EDIFACT, no PAXLST message, JSON
    ///   that does not decode); flaws in what was read are returned, not thrown; `ServiceError` naming the field when
    ///   the manifest cannot be stored (unknown arrival airport, no flight number or times).
    public func receive(_ body: [UInt8], format: BodyFormat, context: AccessContext) async throws -> ManifestReceipt {
        try await store(try await screen(body, format: format, context: context), context: context)
    }

    /// Parses, maps to our airports and screens every traveller, storing nothing (the first half of
    /// ``receive(_:format:context:)``; `kordon bench apis` times it alone).
    public func screen(_ body: [UInt8], format: BodyFormat, context: AccessContext) async throws -> ScreenedManifest {
        try context.authorize(.create, .manifest)
        let parsed: PaxlstParseResult
        switch format {
        case .edifact: parsed = Self.parser.parse(body)
        case .json: parsed = Self.parser.parseJSON(body)
        case .sniff: parsed = Self.parser.parseAny(body)
        }
        guard parsed.isAccepted else { throw ManifestRejected(problems: parsed.problems) }
        let now = clock()
        let repositories = database.repositories
        let read = { ArrivalAirport.Directory(try await repositories.crossingPoints.all()) }
        let arrivals: [ManifestArrival]
        do {
            arrivals = try ManifestIntake.arrivals(
                from: parsed.manifest, airports: try await airports.value(read), problems: parsed.problems, now: now)
        } catch {
            arrivals = try ManifestIntake.arrivals(
                from: parsed.manifest, airports: try await airports.reload(read), problems: parsed.problems, now: now)
        }
        var screened: [(arrival: ManifestArrival, hits: [ManifestHit])] = []
        for arrival in arrivals {
            screened.append((arrival, await ManifestScreening.screen(arrival.travellers, index: screening, now: now)))
        }
        return ScreenedManifest(
            warnings: parsed.warnings, problems: parsed.problems, complete: parsed.complete, arrivals: screened,
            sha256: SHA256.hash(data: body).map { String(format: "%02x", $0) }.joined(),
            sender: parsed.manifest.interchange.sender
        )
    }

    /// Stores a screened manifest in one transaction, with its audit entry and events.
    public func store(_ manifest: ScreenedManifest, context: AccessContext) async throws -> ManifestReceipt {
        do {
            return try await storeOnce(manifest, context: context)
        } catch where KordonDatabase.isUniqueViolation(error) {
            // Two first manifests of one flight at once (PostgreSQL runs them in parallel): the one
            // that lost the race finds the flight the other stored and becomes its amendment.
            return try await storeOnce(manifest, context: context)
        }
    }

    func storeOnce(_ manifest: ScreenedManifest, context: AccessContext) async throws -> ManifestReceipt {
        try context.authorize(.create, .manifest)
        let now = clock()
        let stored = try await database.transaction { (tx: Repositories) -> [ExpectedFlight] in
            var flights: [ExpectedFlight] = []
            for (arrival, hits) in manifest.arrivals {
                flights.append(try await Self.store(
                    arrival, hits: hits, sha256: manifest.sha256, sender: manifest.sender,
                    complete: manifest.complete, flaws: Self.flaws(manifest.problems, of: arrival), tx: tx,
                    context: context, now: now
                ))
            }
            try await tx.audit.append(
                [context.audit("manifest.receive", "flight", ids: flights.map(\.id.uuidString), persons: [])], at: now
            )
            return flights
        }
        let counts = try await database.repositories.manifests.counts(flightIds: stored.map(\.id))
        let window = self.window
        return ManifestReceipt(
            flights: stored.map {
                FlightSummary($0, counts: counts[$0.id] ?? FlightCounts(), status: window.status(of: $0, at: now))
            },
            warnings: manifest.warnings, problems: manifest.problems, complete: manifest.complete
        )
    }

    /// The parser's problems as one arrival's flaws: those of its travellers (by their position on the
    /// flight's list) and those of no traveller; capped at ``maxStoredFlaws``.
    static func flaws(_ problems: [EdifactError], of arrival: ManifestArrival) -> [ManifestFlaw] {
        var position: [Int: Int] = [:]
        for (p, index) in arrival.manifestIndexes.enumerated() { position[index] = p }
        var flaws: [ManifestFlaw] = []
        for problem in problems where flaws.count < maxStoredFlaws {
            let traveller = problem.traveller.flatMap { position[$0] }
            if problem.traveller != nil && traveller == nil { continue }  // another flight's traveller
            flaws.append(ManifestFlaw(
                kind: problem.code.rawValue, severity: problem.severity.rawValue, traveller: traveller,
                field: problem.field, position: problem.position, message: problem.message))
        }
        return flaws
    }

    /// Stores one arrival inside the receiving transaction: the flight (new, amended or unchanged),
    /// its traveller list for the list types carried, the hits, and a `manifest.received` event.
    static func store(
        _ arrival: ManifestArrival, hits: [ManifestHit], sha256: String, sender: String?, complete: Bool = true,
        flaws: [ManifestFlaw] = [], tx: Repositories, context: AccessContext, now: Date
    ) async throws -> ExpectedFlight {
        let repository = tx.manifests
        let existing = try await repository.flight(
            carrier: arrival.carrier, flightNumber: arrival.flightNumber, departureDate: arrival.departureDate,
            forUpdate: true
        )
        // The same manifest again (a retry): nothing changes.
        if let existing, existing.manifestSHA256 == sha256 { return existing }
        var flight = ExpectedFlight(
            id: existing?.id ?? UUID(), carrier: arrival.carrier, flightNumber: arrival.flightNumber,
            departureDate: arrival.departureDate, departurePort: arrival.departurePort,
            departureLocal: arrival.departureLocal, arrivalPort: arrival.arrivalPort, arrivalLocal: arrival.arrivalLocal,
            scheduledArrival: arrival.scheduledArrival, pointCode: arrival.pointCode, agencyId: context.principal.agencyId,
            sender: sender, manifestCount: (existing?.manifestCount ?? 0) + 1, manifestSHA256: sha256,
            firstReceivedAt: existing?.firstReceivedAt ?? now, receivedAt: now, manifestComplete: complete,
            manifestFlaws: flaws
        )
        var arrivedByKey: [String: (UUID, Date?)] = [:]
        if let existing {
            flight.agencyId = existing.agencyId
            let replaced = try await repository.travellers(flightId: existing.id).filter { arrival.kinds.contains($0.kind) }
            for traveller in replaced {
                if let checkId = traveller.checkId { arrivedByKey[traveller.travellerKey] = (checkId, traveller.arrivedAt) }
            }
            try await repository.deleteOpenHits(flightId: existing.id, travellerKeys: replaced.map(\.travellerKey))
            try await repository.deleteTravellers(flightId: existing.id, kinds: arrival.kinds)
            try await repository.update(flight)
        } else {
            try await repository.insert(flight)
        }
        let travellers = arrival.travellers.map { traveller in
            var row = traveller
            row.flightId = flight.id
            if let (checkId, arrivedAt) = arrivedByKey[row.travellerKey] {
                row.checkId = checkId
                row.arrivedAt = arrivedAt
            }
            return row
        }
        try await repository.insert(travellers)
        try await repository.upsert(hits.map { hit in
            var row = hit
            row.flightId = flight.id
            return row
        })
        try await tx.outbox.append(
            [NewEvent(
                type: "manifest.received", aggregateType: "flight", aggregateId: flight.id.uuidString,
                agencyId: flight.agencyId,
                payload: [
                    "flightId": flight.id.uuidString, "flight": flight.label, "departureDate": flight.departureDate,
                    "pointCode": flight.pointCode, "travellers": "\(travellers.count)", "hits": "\(hits.count)",
                    "amended": flight.manifestCount > 1 ? "true" : "false",
                ]
            )],
            at: now
        )
        return flight
    }
}
