import Edifact
import Foundation
import Store

/// A manifest the parser refused because there was nothing to read in it (not EDIFACT, no PAXLST message,
/// JSON that does not decode): every problem, each naming segment number, tag and element/component
/// (EDIFACT) or JSON path. Nothing was stored.
public struct ManifestRejected: Error, Sendable {
    public var problems: [EdifactError]

    public init(problems: [EdifactError]) { self.problems = problems }

    public var errors: [EdifactError] { problems.filter { $0.severity == .error } }
}

/// Where a flight stands, from its scheduled arrival and the arrival window (``ArrivalWindow``).
public enum FlightStatus: String, Codable, Sendable, Hashable {
    /// Not landed yet: its travellers are re-screened when an alert changes.
    case expected
    /// Landed: travellers are being met at the border.
    case landed
    /// The arrival window has passed: travellers not met at the border did not arrive.
    case closed
}

/// Where a manifest traveller stands.
public enum TravellerStatus: String, Codable, Sendable, Hashable {
    case expected
    /// A border check at the arrival crossing point met the traveller.
    case arrived
    /// The flight's arrival window passed with no check of this traveller.
    case notArrived = "not_arrived"
}

/// How long around the scheduled arrival a border check at the arrival point counts as meeting a
/// manifest traveller, and when a flight is closed. Flights land early and late and passengers
/// queue; three hours before to six after covers the usual spread without matching the next day's
/// flight of the same traveller.
public struct ArrivalWindow: Sendable, Hashable {
    public var early: TimeInterval
    public var late: TimeInterval

    public init(early: TimeInterval = 3 * 3600, late: TimeInterval = 6 * 3600) {
        self.early = early
        self.late = late
    }

    public func status(of flight: ExpectedFlight, at now: Date) -> FlightStatus {
        if now < flight.scheduledArrival { return .expected }
        return now < flight.scheduledArrival.addingTimeInterval(late) ? .landed : .closed
    }
}

/// A flight on the board: its record, where it stands, and its counts.
public struct FlightSummary: Codable, Sendable, Hashable {
    public var id: UUID
    /// `PS 102`.
    public var flight: String
    public var carrier: String
    public var flightNumber: String
    public var departureDate: String
    public var departurePort: String?
    public var departureLocal: String?
    public var arrivalPort: String
    public var arrivalLocal: String
    public var scheduledArrival: Date
    public var pointCode: String
    public var status: FlightStatus
    /// More than one manifest was received for the flight.
    public var amended: Bool
    public var manifests: Int
    public var receivedAt: Date
    public var passengers: Int
    public var crew: Int
    public var travellers: Int
    public var arrived: Int
    /// Travellers not met at the border once the flight is closed (0 before).
    public var notArrived: Int
    public var withIssues: Int
    public var hits: Int
    public var openHits: Int
    /// False when the last manifest had segments missing: ask the carrier to send it again.
    public var complete: Bool
    /// What the parser found wrong in the last manifest (read all the same), traveller by list position.
    public var flaws: [ManifestFlaw]
    /// Flaws of severity `error`: a value or traveller that could not be read.
    public var flawErrors: Int

    init(_ flight: ExpectedFlight, counts: FlightCounts, status: FlightStatus) {
        id = flight.id
        self.flight = flight.label
        carrier = flight.carrier
        flightNumber = flight.flightNumber
        departureDate = flight.departureDate
        departurePort = flight.departurePort
        departureLocal = flight.departureLocal
        arrivalPort = flight.arrivalPort
        arrivalLocal = flight.arrivalLocal
        scheduledArrival = flight.scheduledArrival
        pointCode = flight.pointCode
        self.status = status
        amended = flight.manifestCount > 1
        manifests = flight.manifestCount
        receivedAt = flight.receivedAt
        passengers = counts.passengers
        crew = counts.crew
        travellers = counts.travellers
        arrived = counts.arrived
        notArrived = status == .closed ? counts.travellers - counts.arrived : 0
        withIssues = counts.withIssues
        hits = counts.hits
        openHits = counts.openHits
        complete = flight.manifestComplete
        flaws = flight.manifestFlaws
        flawErrors = flight.manifestFlaws.filter { $0.severity == "error" }.count
    }
}

/// What `POST /v1/manifests` answers: the flights stored (one per flight in the interchange), every flaw the
/// parser found in what it read (each with `traveller`, the index in the manifest, and `field`), the
/// warnings among them, and whether the manifest was complete.
public struct ManifestReceipt: Codable, Sendable {
    public var flights: [FlightSummary]
    public var warnings: [EdifactError]
    public var problems: [EdifactError]
    /// False when segments were missing (input cut off): the carrier should send the manifest again.
    public var complete: Bool
}

/// A hit on a manifest traveller, in the border check's shape (`CheckHit`) plus who reviewed it.
public struct ManifestHitView: Codable, Sendable, Hashable {
    public var id: UUID
    public var alertId: UUID
    public var alertVersion: Int
    public var category: String
    public var action: String
    public var matched: String
    public var score: Double
    public var summary: String
    public var explanation: [CheckHit.ExplanationRow]
    public var source: String
    public var foundAt: Date
    public var resolution: String?
    public var resolvedBy: UUID?
    public var resolvedByName: String?
    public var resolvedAt: Date?
    public var note: String?

    init(_ hit: ManifestHit, reviewers: [UUID: String]) {
        id = hit.id
        alertId = hit.alertId
        alertVersion = hit.alertVersion
        category = hit.category
        action = hit.action
        matched = hit.matched
        score = hit.score
        summary = hit.summary
        explanation = (try? JSONDecoder().decode([CheckHit.ExplanationRow].self, from: Data(hit.explanation.utf8))) ?? []
        source = hit.source
        foundAt = hit.foundAt
        resolution = hit.resolution
        resolvedBy = hit.resolvedBy
        resolvedByName = hit.resolvedBy.flatMap { reviewers[$0] }
        resolvedAt = hit.resolvedAt
        note = hit.resolutionNote
    }
}

/// A traveller of a flight with their hits and status.
public struct ManifestTravellerView: Codable, Sendable, Hashable {
    public var traveller: ManifestTraveller
    public var status: TravellerStatus
    public var hits: [ManifestHitView]

    public var openHits: Int { hits.filter { $0.resolution == nil }.count }
}

/// A flight with its travellers: travellers with open hits first, then with reviewed hits, then the
/// rest, each group by name.
public struct FlightDetail: Codable, Sendable {
    public var flight: FlightSummary
    public var travellers: [ManifestTravellerView]
}
