/// Reads the segments of one PAXLST message between `UNH` and `UNT` into a ``ManifestMessage``.
///
/// The segment groups follow the WCO/IATA/ICAO API Guidelines (PAXLST D:05B): group 2 `NAD+MS` reporting
/// party, group 3 `TDT` with its `LOC`/`DTM` (one ``Flight`` per `TDT+20`), group 4 `NAD` traveller with
/// `ATT`, `DTM`, `LOC`, `NAT`, `RFF`, and group 5 `DOC` with `DTM+36` and `LOC+91`. A segment belongs to the
/// last group opened before it.
struct MessageReader {
    enum Section { case header, flight, traveller }

    let limits: EdifactLimits
    let pivotYear: Int?
    var message: ManifestMessage
    var problems: [EdifactError] = []
    /// Segments counted for `UNT` 0074, `UNH` included.
    var count = 1
    var stopped = false
    var section = Section.header
    var traveller: Passenger?
    var travellerSegment: EdifactSegment?
    var hasDocument = false
    var controlTotals: [(segment: EdifactSegment, qualifier: String, total: Int)] = []
    let header: EdifactSegment

    init(header: EdifactSegment, limits: EdifactLimits, pivotYear: Int?) {
        self.header = header
        self.limits = limits
        self.pivotYear = pivotYear
        self.message = ManifestMessage(messageRef: header.value(1))
    }

    mutating func report(
        _ code: EdifactError.Code, _ s: EdifactSegment, element: Int? = nil, component: Int? = nil, _ text: String
    ) {
        report(code, .error, s, element: element, component: component, text)
    }

    mutating func report(
        _ code: EdifactError.Code, _ severity: EdifactError.Severity, _ s: EdifactSegment,
        element: Int? = nil, component: Int? = nil, _ text: String
    ) {
        problems.append(EdifactError(
            code, severity, segment: s.number, tag: s.tag, element: element, component: component, offset: s.offset,
            message: text))
    }

    mutating func read(_ s: EdifactSegment) {
        switch s.tag {
        case "BGM": readBGM(s)
        case "TDT": readTDT(s)
        case "NAD": readNAD(s)
        case "LOC": readLOC(s)
        case "DTM": readDTM(s)
        case "ATT":
            if section == .traveller, s.value(1) == "2" {
                let sex = s.value(3)
                traveller?.sex = sex
                if let sex, !["M", "F", "U", "X"].contains(sex) {
                    report(.invalidValue, .warning, s, element: 3, component: 1, "sex code is not M, F, U or X")
                }
            }
        case "NAT":
            if section == .traveller, s.value(1) == "2" { traveller?.nationality = s.value(2) }
        case "RFF":
            if section == .traveller, s.value(1) == "AVF", traveller?.bookingRef == nil {
                traveller?.bookingRef = s.value(1, 2)
            }
        case "DOC": readDOC(s)
        case "CNT":
            if let q = s.value(1), q == "41" || q == "42" {
                if let total = s.value(1, 2).flatMap({ Int($0) }) {
                    controlTotals.append((s, q, total))
                } else {
                    report(.invalidValue, .warning, s, element: 1, component: 2, "CNT total is not a number")
                }
            }
        default: break  // COM, MEA, FTX, GEI, EMP, … : part of PAXLST, not extracted.
        }
    }

    /// `BGM` C002 1001: 745 passenger list, 250 (and 336 master) crew list (UNCL 1001).
    mutating func readBGM(_ s: EdifactSegment) {
        message.documentCode = s.value(1)
        switch s.value(1) {
        case "745": message.listType = .passenger
        case "250", "336": message.listType = .crew
        default:
            report(.invalidValue, .warning, s, element: 1, component: 1, "document code is not 745 or 250")
        }
    }

    /// `TDT+20`: main carriage; C222 flight number (element 2), C040 carrier (element 5).
    mutating func readTDT(_ s: EdifactSegment) {
        closeTraveller()
        guard s.value(1) == "20" else {
            section = .header
            return
        }
        guard message.flights.count < limits.maxFlightsPerMessage else {
            report(.limitExceeded, s, "more than \(limits.maxFlightsPerMessage) flight legs")
            stopped = true
            return
        }
        if s.value(2) == nil { report(.invalidValue, .warning, s, element: 2, "TDT+20 without a flight number") }
        message.flights.append(Flight(flightNumber: s.value(2), carrier: s.value(5)))
        section = .flight
    }

    /// `NAD`: FL/DDU passenger, FM/DDT crew; C080 party name in element 4: surname, then given names.
    mutating func readNAD(_ s: EdifactSegment) {
        closeTraveller()
        let qualifier = s.value(1) ?? ""
        let type: TravellerType
        switch qualifier {
        case "FL", "DDU": type = .passenger
        case "FM", "DDT": type = .crew
        default:
            section = .header
            return
        }
        guard message.travellers.count < limits.maxTravellersPerMessage else {
            report(.limitExceeded, s, "more than \(limits.maxTravellersPerMessage) travellers in one message")
            stopped = true
            return
        }
        let name = s.elements.count >= 4 ? s.elements[3].components : []
        let given = name.dropFirst().filter { !$0.isEmpty }
        if name.first?.isEmpty ?? true {
            report(.invalidValue, .warning, s, element: 4, component: 1, "traveller without a surname")
        }
        traveller = Passenger(
            type: type, nadQualifier: qualifier, surname: name.first.flatMap { $0.isEmpty ? nil : $0 },
            givenNames: given.isEmpty ? nil : given.joined(separator: " "), givenNameComponents: Array(given))
        travellerSegment = s
        hasDocument = false
        section = .traveller
    }

    /// `LOC` (3227): flight 125 departure, 87 arrival, 92 routing; traveller 178 embarkation, 179 debarkation,
    /// 22 clearance; document 91 issuing state.
    mutating func readLOC(_ s: EdifactSegment) {
        let place = s.value(2)
        switch (section, s.value(1)) {
        case (.flight, "125"): updateFlight { $0.departurePort = place }
        case (.flight, "87"): updateFlight { $0.arrivalPort = place }
        case (.flight, "92"):
            updateFlight { leg in
                if leg.departurePort == nil { leg.departurePort = place } else { leg.arrivalPort = place }
            }
        case (.traveller, "178"): traveller?.portOfEmbarkation = place
        case (.traveller, "179"): traveller?.portOfDebarkation = place
        case (.traveller, "22"): traveller?.clearancePort = place
        case (.traveller, "91"):
            if hasDocument {
                updateDocument { $0.issuingState = place }
            } else {
                report(.unexpectedSegment, .warning, s, "LOC+91 issuing state before any DOC")
            }
        default: break
        }
    }

    /// `DTM` C507: 189 departure, 232 arrival, 329 birth date, 36 document expiry.
    mutating func readDTM(_ s: EdifactSegment) {
        guard let qualifier = s.value(1), ["189", "232", "329", "36"].contains(qualifier) else { return }
        guard let raw = s.value(1, 2) else {
            report(.invalidDate, s, element: 1, component: 2, "DTM+\(qualifier) has no value")
            return
        }
        let birth = qualifier == "329"
        let pivot = pivotYear ?? message.flights.first?.departureDateTime.flatMap { Int($0.prefix(4)) }
        let result = EdifactDate.resolve(raw, format: s.value(1, 3)) { yy in
            guard birth, let pivot else { return 2000 + yy }
            return 2000 + yy > pivot ? 1900 + yy : 2000 + yy
        }
        let iso: String?
        switch result {
        case .success(let resolved): iso = resolved.iso
        case .failure(let problem):
            let what = ["189": "departure", "232": "arrival", "329": "birth date", "36": "document expiry"][qualifier]
            report(.invalidDate, s, element: 1, component: 2,
                   "DTM+\(qualifier) \(what ?? "date") is not a date: \(problem.reason)")
            iso = nil
        }
        switch (section, qualifier) {
        case (.flight, "189"): updateFlight { $0.departureDateTime = iso; $0.departureDateTimeRaw = raw }
        case (.flight, "232"): updateFlight { $0.arrivalDateTime = iso; $0.arrivalDateTimeRaw = raw }
        case (.traveller, "329"):
            traveller?.birthDate = iso
            traveller?.birthDateRaw = raw
        case (.traveller, "36"):
            if hasDocument {
                updateDocument { $0.expiry = iso; $0.expiryRaw = raw }
            } else {
                report(.unexpectedSegment, .warning, s, "DTM+36 document expiry before any DOC")
            }
        default: break
        }
    }

    /// `DOC`: C002 document type (element 1), C503 document number (element 2); opens a document group.
    mutating func readDOC(_ s: EdifactSegment) {
        guard section == .traveller, traveller != nil else {
            report(.unexpectedSegment, .warning, s, "DOC outside a traveller (NAD) group")
            return
        }
        guard (traveller?.documents.count ?? 0) < limits.maxDocumentsPerTraveller else {
            report(.limitExceeded, s, "more than \(limits.maxDocumentsPerTraveller) documents for one traveller")
            stopped = true
            return
        }
        traveller?.documents.append(Passenger.TravelDocument(type: s.value(1), number: s.value(2)))
        hasDocument = true
        if s.value(2) == nil { report(.invalidValue, .warning, s, element: 2, "DOC without a document number") }
    }

    mutating func updateFlight(_ change: (inout Flight) -> Void) {
        guard let last = message.flights.indices.last else { return }
        change(&message.flights[last])
    }

    mutating func updateDocument(_ change: (inout Passenger.TravelDocument) -> Void) {
        traveller?.updateLastDocument(change)
    }

    mutating func closeTraveller() {
        if let t = traveller { message.travellers.append(t) }
        traveller = nil
        travellerSegment = nil
        hasDocument = false
    }

    /// Ends the message: the last traveller, a missing `BGM`, `CNT` totals (41 crew, 42 passengers) checked.
    mutating func finish() {
        closeTraveller()
        if message.documentCode == nil {
            report(.missingHeader, header, "message has no BGM beginning of message")
        }
        for (s, qualifier, total) in controlTotals {
            let type: TravellerType = qualifier == "41" ? .crew : .passenger
            let actual = message.travellers.lazy.filter { $0.type == type }.count
            if actual != total {
                report(.controlTotalMismatch, .warning, s, element: 1, component: 2,
                       "CNT+\(qualifier) declares \(total) travellers, the message has \(actual)")
            }
        }
    }
}

extension Passenger {
    /// Changes the last document in place (a `DTM+36` or `LOC+91` belongs to the `DOC` before it).
    mutating func updateLastDocument(_ change: (inout TravelDocument) -> Void) {
        guard let last = documents.indices.last else { return }
        change(&documents[last])
    }
}
