import Foundation

/// A flight announced by an advance passenger information manifest (issue 7): one arrival at one of
/// our airports, as the WCO/IATA/ICAO API Guidelines identify it (carrier, flight number, departure date).
public struct ExpectedFlight: Codable, Hashable, Sendable {
    public var id: UUID
    /// IATA airline designator (PAXLST TDT C040 3127); `""` when the manifest names none.
    public var carrier: String
    /// As sent (TDT C222 8028), e.g. `PS102`.
    public var flightNumber: String
    /// `YYYY-MM-DD`, local at the departure airport: the date part of the flight's identity.
    public var departureDate: String
    public var departurePort: String?
    /// Scheduled departure as sent, local time `YYYY-MM-DDTHH:MM` (DTM+189).
    public var departureLocal: String?
    /// Arrival airport as sent (LOC+87), IATA or ICAO code.
    public var arrivalPort: String
    /// Scheduled arrival as sent, local time `YYYY-MM-DDTHH:MM` (DTM+232).
    public var arrivalLocal: String
    /// `arrivalLocal` in the arrival airport's time zone, as an instant.
    public var scheduledArrival: Date
    /// The airport crossing point the flight arrives at.
    public var pointCode: String
    /// The agency that received the manifest (and owns the flight's record).
    public var agencyId: UUID
    /// Interchange sender (UNB S002), usually the carrier's or its service provider's id.
    public var sender: String?
    /// Manifests received for the flight: 1, or more when amended.
    public var manifestCount: Int
    /// SHA-256 of the last manifest body: the same body sent again changes nothing.
    public var manifestSHA256: String
    public var firstReceivedAt: Date
    public var receivedAt: Date
    /// False when the last manifest had segments missing (cut off): the carrier should send it again.
    public var manifestComplete: Bool
    /// What the parser found wrong in the last manifest, which was read all the same.
    public var manifestFlaws: [ManifestFlaw]

    public init(
        id: UUID = UUID(), carrier: String, flightNumber: String, departureDate: String, departurePort: String?,
        departureLocal: String?, arrivalPort: String, arrivalLocal: String, scheduledArrival: Date, pointCode: String,
        agencyId: UUID, sender: String?, manifestCount: Int, manifestSHA256: String, firstReceivedAt: Date,
        receivedAt: Date, manifestComplete: Bool = true, manifestFlaws: [ManifestFlaw] = []
    ) {
        self.id = id
        self.carrier = carrier
        self.flightNumber = flightNumber
        self.departureDate = departureDate
        self.departurePort = departurePort
        self.departureLocal = departureLocal
        self.arrivalPort = arrivalPort
        self.arrivalLocal = arrivalLocal
        self.scheduledArrival = scheduledArrival
        self.pointCode = pointCode
        self.agencyId = agencyId
        self.sender = sender
        self.manifestCount = manifestCount
        self.manifestSHA256 = manifestSHA256
        self.firstReceivedAt = firstReceivedAt
        self.receivedAt = receivedAt
        self.manifestComplete = manifestComplete
        self.manifestFlaws = manifestFlaws
    }

    /// `PS 102`-style label: the flight number with a space after the carrier designator when it starts with it.
    public var label: String {
        if !carrier.isEmpty, flightNumber.hasPrefix(carrier), flightNumber.count > carrier.count {
            return carrier + " " + flightNumber.dropFirst(carrier.count)
        }
        return flightNumber
    }
}
