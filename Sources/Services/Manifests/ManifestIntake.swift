import Edifact
import Foundation
import Screening
import Store
import TravelDocuments

/// One flight of a received manifest, ready to be screened and stored: what the manifest says about
/// an arrival at one of our airports, and the travellers it names.
struct ManifestArrival: Sendable {
    var carrier: String
    var flightNumber: String
    var departureDate: String
    var departurePort: String?
    var departureLocal: String?
    var arrivalPort: String
    var arrivalLocal: String
    var scheduledArrival: Date
    var pointCode: String
    /// The list types the manifest carries for this flight: an amendment replaces exactly these.
    var kinds: Set<ManifestTraveller.Kind>
    /// Travellers with a placeholder `flightId` (set when the flight row is known).
    var travellers: [ManifestTraveller]
    /// For each traveller, its index in the whole manifest (`Manifest.travellers`), where parser problems point.
    var manifestIndexes: [Int] = []

    var identity: String { "\(carrier)|\(flightNumber)|\(departureDate)" }
}

/// Turns a parsed manifest into arrivals (pure; no I/O): picks the leg that lands at one of our
/// airports, identifies the flight, and checks every traveller's data for validity.
///
/// WCO/IATA/ICAO API Guidelines (PAXLST D:05B): each message (`UNH`..`UNT`) is a passenger list
/// (`BGM+745`) or a crew list (`BGM+250`) for the legs in its `TDT+20` groups; travellers belong to the
/// whole message. A multi-leg message arrives here on the last leg whose arrival airport is one of
/// ours. Messages for the same flight (a passenger and a crew list in one interchange) merge into one
/// arrival.
enum ManifestIntake {
    /// Builds the arrivals; throws a validation error naming the JSON path of the first field that
    /// prevents storing (no flight leg, no flight number, unknown arrival airport, no times).
    ///
    /// - Parameter airports: the airport crossing points, by IATA code and ICAO indicator.
    /// - Parameter problems: the parser's problems; the errors of one traveller become that traveller's
    ///   issues (`invalidDate:birthDate`), so the board flags the traveller and the rest are screened as usual.
    static func arrivals(
        from manifest: Manifest, airports: ArrivalAirport.Directory, problems: [EdifactError] = [], now: Date
    ) throws(ServiceError)
        -> [ManifestArrival]
    {
        var arrivals: [ManifestArrival] = []
        var byIdentity: [String: Int] = [:]
        var flaws: [Int: [String]] = [:]
        // Errors only: a field that could not be read flags the traveller; a trimmed space does not.
        for problem in problems where problem.severity == .error {
            guard let index = problem.traveller else { continue }
            flaws[index, default: []].append(problem.code.rawValue + (problem.field.map { ":" + $0 } ?? ""))
        }
        var base = 0
        for (m, message) in manifest.messages.enumerated() {
            defer { base += message.travellers.count }
            let flawsOfMessage = { (i: Int) in flaws[base + i] ?? [] }
            var arrival = try arrivingLeg(of: message, at: "messages[\(m)]", airports: airports)
            var kinds = Set(message.travellers.map { $0.type == .crew ? ManifestTraveller.Kind.crew : .passenger })
            if let listType = message.listType { kinds.insert(listType == .crew ? .crew : .passenger) }
            arrival.kinds = kinds
            if let index = byIdentity[arrival.identity] {
                arrivals[index].kinds.formUnion(kinds)
                arrivals[index].travellers += travellers(
                    of: message, arrival: arrivals[index], flaws: flawsOfMessage, now: now)
                arrivals[index].manifestIndexes += (base..<(base + message.travellers.count))
                continue
            }
            arrival.travellers = travellers(of: message, arrival: arrival, flaws: flawsOfMessage, now: now)
            arrival.manifestIndexes = Array(base..<(base + message.travellers.count))
            byIdentity[arrival.identity] = arrivals.count
            arrivals.append(arrival)
        }
        for index in arrivals.indices {
            for position in arrivals[index].travellers.indices { arrivals[index].travellers[position].position = position }
        }
        return arrivals
    }

    /// The leg of `message` that arrives at one of our airports, as an arrival without travellers.
    static func arrivingLeg(
        of message: ManifestMessage, at path: String, airports: ArrivalAirport.Directory
    ) throws(ServiceError) -> ManifestArrival {
        guard let last = message.flights.indices.last else {
            throw .invalid(path + ".flights", "the manifest names no flight (TDT+20 with LOC and DTM segments)")
        }
        let chosen = message.flights.indices.last { index in
            message.flights[index].arrivalPort.flatMap(airports.point(for:)) != nil
        }
        guard let legIndex = chosen, let port = message.flights[legIndex].arrivalPort,
            let pointCode = airports.point(for: port)
        else {
            throw .invalid(
                path + ".flights[\(last)].arrivalPort",
                "unknown arrival airport: no leg lands at an airport crossing point of this border; send the "
                    + "IATA code (LOC+87) or ICAO indicator of one of its airports, e.g. KBP or UKBB"
            )
        }
        let leg = message.flights[legIndex]
        let legPath = path + ".flights[\(legIndex)]"
        guard let number = leg.flightNumber?.trimmingCharacters(in: .whitespaces), !number.isEmpty else {
            throw .invalid(legPath + ".flightNumber", "the flight number (TDT element 2) is required")
        }
        guard let departure = leg.departureDateTime, departure.count >= 10 else {
            throw .invalid(
                legPath + ".departureDateTime",
                "the scheduled departure (DTM+189) is required: with carrier and number it identifies the flight"
            )
        }
        guard let arrivalLocal = leg.arrivalDateTime, let scheduled = ArrivalAirport.instant(localDateTime: arrivalLocal)
        else {
            throw .invalid(legPath + ".arrivalDateTime", "the scheduled arrival (DTM+232, YYYY-MM-DDTHH:MM) is required")
        }
        return ManifestArrival(
            carrier: leg.carrier?.trimmingCharacters(in: .whitespaces).uppercased() ?? "",
            flightNumber: number.uppercased(), departureDate: String(departure.prefix(10)),
            departurePort: leg.departurePort, departureLocal: departure, arrivalPort: port.uppercased(),
            arrivalLocal: arrivalLocal, scheduledArrival: scheduled, pointCode: pointCode, kinds: [], travellers: []
        )
    }

    /// The message's travellers as rows of `arrival` (flight id and position set later), every document
    /// kept; `flaws(i)` are the parser's issue codes for the message's traveller `i`.
    static func travellers(
        of message: ManifestMessage, arrival: ManifestArrival, flaws: (Int) -> [String] = { _ in [] }, now: Date
    ) -> [ManifestTraveller] {
        message.travellers.enumerated().map { i, passenger in
            // The travel document: a passport or identity card before a visa (DOC C002 `V`).
            let withNumber = passenger.documents.filter { !($0.number ?? "").isEmpty }
            let document = withNumber.first { ($0.type ?? "").uppercased() != "V" } ?? withNumber.first
            let number = document?.number.map(DocumentReference.normalizedNumber).flatMap { $0.isEmpty ? nil : $0 }
            let state = document?.issuingState.flatMap { $0.isEmpty ? nil : $0.uppercased() }
            let surname = passenger.surname?.trimmingBlanks
            let traveller = ManifestTraveller(
                flightId: UUID(), travellerKey: key(
                    documentNumber: number, issuingState: state, surname: surname, givenNames: passenger.givenNames,
                    birthDate: passenger.birthDate
                ),
                position: 0, kind: passenger.type == .crew ? .crew : .passenger, surname: surname,
                givenNames: passenger.givenNames, birthDate: passenger.birthDate, sex: passenger.sex,
                nationality: passenger.nationality?.uppercased(), documentType: document?.type, documentNumber: number,
                issuingState: state, documentExpiry: document?.expiry, bookingRef: passenger.bookingRef,
                portOfEmbarkation: passenger.portOfEmbarkation, portOfDebarkation: passenger.portOfDebarkation,
                issues: [], createdAt: now,
                documents: passenger.documents.map { document in
                    ManifestDocument(
                        type: document.type,
                        number: document.number.map(DocumentReference.normalizedNumber).flatMap { $0.isEmpty ? nil : $0 },
                        issuingState: document.issuingState.flatMap { $0.isEmpty ? nil : $0.uppercased() },
                        expiry: document.expiry)
                }
            )
            var checked = traveller
            checked.issues = issues(of: traveller, arrivalDate: String(arrival.arrivalLocal.prefix(10))) + flaws(i)
            return checked
        }
    }

    /// Identity across amendments: the document when there is one (what the border check matches on),
    /// else the name and birth date as sent.
    static func key(
        documentNumber: String?, issuingState: String?, surname: String?, givenNames: String?, birthDate: String?
    ) -> String {
        if let documentNumber { return "doc:\(issuingState ?? ""):\(documentNumber)" }
        let name = [surname ?? "", givenNames ?? "", birthDate ?? ""].map { $0.uppercased() }
        return "name:" + name.joined(separator: "|")
    }

    /// Data validity, as the border check would find it on the document (ICAO 9303 Part 3: dates are
    /// calendar dates, expiry after issue and birth; the state codes of Part 3 §5): codes, never values.
    static func issues(of traveller: ManifestTraveller, arrivalDate: String) -> [String] {
        var issues: [String] = []
        if (traveller.surname ?? "").isEmpty { issues.append("name-missing") }
        if traveller.documentNumber == nil { issues.append("document-missing") }
        if let expiry = traveller.documentExpiry, expiry < arrivalDate { issues.append("document-expired") }
        if let birth = traveller.birthDate {
            if birth > arrivalDate {
                issues.append("birth-date-in-future")
            } else if let year = Int(birth.prefix(4)), let arrivalYear = Int(arrivalDate.prefix(4)),
                arrivalYear - year > 120
            {
                issues.append("birth-date-implausible")
            }
            if let expiry = traveller.documentExpiry, expiry <= birth { issues.append("expiry-before-birth") }
        }
        if let nationality = traveller.nationality, !CountryCode(nationality).isKnown {
            issues.append("nationality-unknown")
        }
        if let state = traveller.issuingState, !CountryCode(state).isKnown { issues.append("issuing-state-unknown") }
        return issues
    }
}
