/// Reads the segments of one PAXLST message between `UNH` and `UNT` into a ``ManifestMessage``.
///
/// The segment groups follow the WCO/IATA/ICAO API Guidelines (PAXLST D:05B): group 2 `NAD+MS` reporting
/// party, group 3 `TDT` with its `LOC`/`DTM` (one ``Flight`` per `TDT+20`), group 4 `NAD` traveller with
/// `ATT`, `DTM`, `LOC`, `NAT`, `RFF`, and group 5 `DOC` with `DTM+36` and `LOC+91`. A segment belongs to the
/// last group opened before it. A flaw inside a traveller's group is reported with the traveller's index in
/// the manifest and the field it spoils; the traveller is kept.
struct MessageReader {
    enum Section { case header, flight, traveller }

    let limits: EdifactLimits
    let pivotYear: Int?
    /// The declared character repertoire (`UNB` S001).
    let level: EdifactSyntaxLevel
    /// Travellers in the messages before this one: traveller indexes count across the manifest.
    let travellerBase: Int
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

    init(
        header: EdifactSegment, limits: EdifactLimits, pivotYear: Int?, level: EdifactSyntaxLevel = .other,
        travellerBase: Int = 0
    ) {
        self.header = header
        self.limits = limits
        self.pivotYear = pivotYear
        self.level = level
        self.travellerBase = travellerBase
        self.message = ManifestMessage(messageRef: header.value(1))
    }

    mutating func report(
        _ code: EdifactError.Code, _ s: EdifactSegment, element: Int? = nil, component: Int? = nil,
        field: String? = nil, _ text: String
    ) {
        report(code, .error, s, element: element, component: component, field: field, text)
    }

    /// Index in the manifest of the traveller whose group is open, if any.
    var travellerIndex: Int? {
        section == .traveller && traveller != nil ? travellerBase + message.travellers.count : nil
    }

    mutating func report(
        _ code: EdifactError.Code, _ severity: EdifactError.Severity, _ s: EdifactSegment,
        element: Int? = nil, component: Int? = nil, field: String? = nil, _ text: String
    ) {
        problems.append(EdifactError(
            code, severity, segment: s.number, tag: s.tag, element: element, component: component, offset: s.offset,
            traveller: travellerIndex, field: field, message: text))
    }

    mutating func read(_ s: EdifactSegment) {
        readSegment(s)
        if !s.notes.isEmpty { check(s) }
    }

    /// Reports what the syntax layer noticed in the segment just read: spaces trimmed from a value this reader
    /// uses (a value it skips loses nothing), and bytes outside the declared syntax level anywhere.
    mutating func check(_ s: EdifactSegment) {
        for note in s.notes where note.element > 0 {
            let field = fieldName(s, element: note.element, component: note.component)
            switch note.kind {
            case .trimmed:
                guard let field else { continue }
                report(.whitespaceTrimmed, .warning, s, element: note.element, component: note.component,
                       field: field.isEmpty ? nil : field, "spaces around the value trimmed")
            case .bytes(let classes):
                guard level.excludes(classes) else { continue }
                report(.invalidCharacter, .error, s, element: note.element, component: note.component,
                       field: field.flatMap { $0.isEmpty ? nil : $0 },
                       "bytes outside the declared syntax level (UNB S001), read as U+FFFD")
            }
        }
    }

    /// The manifest field a value position feeds, after the segment was read: `""` for a qualifier that is
    /// read, nil for a value that is not read.
    func fieldName(_ s: EdifactSegment, element: Int, component: Int) -> String? {
        let qualifier = s.value(1)
        let document = "documents[\(max(0, (traveller?.documents.count ?? 1) - 1))]"
        let flight = "flights[\(max(0, message.flights.count - 1))]"
        switch (s.tag, element, component) {
        case ("BGM", 1, 1): return "documentCode"
        case ("CNT", 1, _): return ""
        case (_, 1, 1) where ["TDT", "NAD", "LOC", "DTM", "ATT", "NAT", "RFF"].contains(s.tag): return ""
        case ("TDT", 2, 1): return flight + ".flightNumber"
        case ("TDT", 5, 1): return flight + ".carrier"
        case ("NAD", 4, 1): return section == .traveller ? "surname" : nil
        case ("NAD", 4, _): return section == .traveller ? "givenNames" : nil
        case ("ATT", 3, 1): return section == .traveller && qualifier == "2" ? "sex" : nil
        case ("NAT", 2, 1): return section == .traveller && qualifier == "2" ? "nationality" : nil
        case ("RFF", 1, 2): return section == .traveller && qualifier == "AVF" ? "bookingRef" : nil
        case ("DOC", 1, 1): return section == .traveller ? document + ".type" : nil
        case ("DOC", 2, 1): return section == .traveller ? document + ".number" : nil
        case ("DTM", 1, 2), ("DTM", 1, 3):
            switch (section, qualifier) {
            case (.flight, "189"): return flight + ".departureDateTime"
            case (.flight, "232"): return flight + ".arrivalDateTime"
            case (.traveller, "329"): return "birthDate"
            case (.traveller, "36"): return document + ".expiry"
            default: return nil
            }
        case ("LOC", 2, 1):
            switch (section, qualifier) {
            case (.flight, "125"): return flight + ".departurePort"
            case (.flight, "87"): return flight + ".arrivalPort"
            case (.flight, "92"): return flight + ".port"
            case (.traveller, "178"): return "portOfEmbarkation"
            case (.traveller, "179"): return "portOfDebarkation"
            case (.traveller, "22"): return "clearancePort"
            case (.traveller, "91"): return document + ".issuingState"
            default: return nil
            }
        default: return nil
        }
    }

    mutating func readSegment(_ s: EdifactSegment) {
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
                    report(.invalidValue, .warning, s, element: 3, component: 1, field: "sex",
                           "sex code is not M, F, U or X")
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
        if s.value(2) == nil {
            report(.invalidValue, .warning, s, element: 2, field: "flights[\(message.flights.count)].flightNumber",
                   "TDT+20 without a flight number")
        }
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
        traveller = Passenger(
            type: type, nadQualifier: qualifier, surname: name.first.flatMap { $0.isEmpty ? nil : $0 },
            givenNames: given.isEmpty ? nil : given.joined(separator: " "), givenNameComponents: Array(given))
        travellerSegment = s
        hasDocument = false
        section = .traveller
        if name.first?.isEmpty ?? true {
            report(.invalidValue, s, element: 4, component: 1, field: "surname", "traveller without a surname")
        }
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
                report(.unexpectedSegment, .warning, s, field: "documents", "LOC+91 issuing state before any DOC")
            }
        default: break
        }
    }

    /// `DTM` C507: 189 departure, 232 arrival, 329 birth date, 36 document expiry.
    mutating func readDTM(_ s: EdifactSegment) {
        guard let qualifier = s.value(1), ["189", "232", "329", "36"].contains(qualifier) else { return }
        let field = fieldName(s, element: 1, component: 2)
        guard let raw = s.value(1, 2) else {
            report(.invalidDate, s, element: 1, component: 2, field: field, "DTM+\(qualifier) has no value")
            return
        }
        let birth = qualifier == "329"
        let pivot = pivotYear ?? message.flights.first?.departureDateTime.flatMap { Int($0.prefix(4)) }
        let century: (Int) -> Int = { yy in
            guard birth, let pivot else { return 2000 + yy }
            return 2000 + yy > pivot ? 1900 + yy : 2000 + yy
        }
        let result = birth
            ? EdifactDate.resolveBirth(raw, format: s.value(1, 3), century: century)
            : EdifactDate.resolve(raw, format: s.value(1, 3), century: century)
        let iso: String?
        switch result {
        case .success(let resolved):
            iso = resolved.iso
            if resolved.partial {
                report(.partialDate, .warning, s, element: 1, component: 2, field: field,
                       "DTM+329 birth date is partial (day or month unknown); read as \(resolved.iso.count == 4 ? "the year" : "year and month")")
            }
        case .failure(let problem):
            let what = ["189": "departure", "232": "arrival", "329": "birth date", "36": "document expiry"][qualifier]
            report(.invalidDate, s, element: 1, component: 2, field: field,
                   "DTM+\(qualifier) \(what ?? "date") is not a date: \(problem.reason); read as null")
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
                report(.unexpectedSegment, .warning, s, field: "documents", "DTM+36 document expiry before any DOC")
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
        let index = traveller?.documents.count ?? 0
        guard index < limits.maxDocumentsPerTraveller else {
            report(.limitExceeded, s, field: "documents",
                   "more than \(limits.maxDocumentsPerTraveller) documents for one traveller; the rest are skipped")
            hasDocument = false
            return
        }
        traveller?.documents.append(Passenger.TravelDocument(type: s.value(1), number: s.value(2)))
        hasDocument = true
        if s.value(2) == nil {
            report(.invalidValue, .warning, s, element: 2, field: "documents[\(index)].number",
                   "DOC without a document number")
        }
    }

    mutating func updateFlight(_ change: (inout Flight) -> Void) {
        guard let last = message.flights.indices.last else { return }
        change(&message.flights[last])
    }

    mutating func updateDocument(_ change: (inout Passenger.TravelDocument) -> Void) {
        traveller?.updateLastDocument(change)
    }

    /// Takes the open traveller out, when the input stopped in the middle of its group.
    mutating func dropOpenTraveller() -> Passenger? {
        defer {
            traveller = nil
            travellerSegment = nil
            hasDocument = false
        }
        return traveller
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
            report(.missingHeader, .warning, header, "message has no BGM beginning of message")
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
