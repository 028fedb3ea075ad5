/// An advance passenger information manifest: what one PAXLST interchange (or its JSON form) says.
///
/// UN/EDIFACT PAXLST D:05B as profiled by the WCO/IATA/ICAO API Guidelines: one interchange (`UNB`..`UNZ`)
/// carries one or more messages (`UNH`..`UNT`), each a passenger list (`BGM+745`) or a crew list (`BGM+250`)
/// for the flight legs in its `TDT+20` groups. The JSON encoding is the shape of
/// `shared/testdata/paxlst/*.expected.json`; missing values are encoded as `null`, not left out. Raw EDIFACT
/// values behind resolved dates are kept in `…Raw` properties, which the JSON does not carry.
public struct Manifest: Hashable, Sendable {
    /// Whether the interchange began with a `UNA` service string advice (false for JSON input without it).
    public var una: Bool
    /// The service characters in force.
    public var separators: EdifactSeparators
    /// The interchange header (`UNB`).
    public var interchange: Interchange
    /// The messages, in order.
    public var messages: [ManifestMessage]

    public init(
        una: Bool = false, separators: EdifactSeparators = .default, interchange: Interchange = Interchange(),
        messages: [ManifestMessage] = []
    ) {
        self.una = una
        self.separators = separators
        self.interchange = interchange
        self.messages = messages
    }

    /// Every traveller of every message, in message order.
    public var travellers: [Passenger] { messages.flatMap(\.travellers) }
}

/// The interchange header `UNB`: who sent the manifest to whom, and its control reference.
public struct Interchange: Hashable, Sendable {
    /// Interchange sender (UNB S002, first component 0004).
    public var sender: String?
    /// Interchange recipient (UNB S003, first component 0010).
    public var recipient: String?
    /// Interchange control reference (UNB 0020), repeated in `UNZ`.
    public var controlRef: String?
    /// Date and time of preparation as sent (UNB S004, `YYMMDD:HHMM`); not in the JSON.
    public var preparationRaw: String?

    public init(
        sender: String? = nil, recipient: String? = nil, controlRef: String? = nil, preparationRaw: String? = nil
    ) {
        self.sender = sender
        self.recipient = recipient
        self.controlRef = controlRef
        self.preparationRaw = preparationRaw
    }
}

/// Whether a list names passengers or crew (`BGM` document name code, UNCL 1001: 745 passenger list, 250 crew list).
public enum ListType: String, Hashable, Sendable, Codable, CaseIterable {
    case passenger
    case crew
}

/// Traveller type from the `NAD` party qualifier: `FL`/`DDU` passenger, `FM`/`DDT` crew.
public enum TravellerType: String, Hashable, Sendable, Codable, CaseIterable {
    case passenger
    case crew
}

/// One PAXLST message (`UNH`..`UNT`).
public struct ManifestMessage: Hashable, Sendable {
    /// Message reference number (UNH 0062), repeated in `UNT`.
    public var messageRef: String?
    /// Document name code (BGM C002 1001), e.g. `745`.
    public var documentCode: String?
    /// Passengers or crew, from ``documentCode``; nil for other codes.
    public var listType: ListType?
    /// One leg per `TDT+20` group, in message order.
    public var flights: [Flight]
    /// Travellers in message order; they belong to the whole message, not to one leg.
    public var travellers: [Passenger]

    public init(
        messageRef: String? = nil, documentCode: String? = nil, listType: ListType? = nil, flights: [Flight] = [],
        travellers: [Passenger] = []
    ) {
        self.messageRef = messageRef
        self.documentCode = documentCode
        self.listType = listType
        self.flights = flights
        self.travellers = travellers
    }
}

/// One flight leg: a `TDT+20` group with its `LOC` and `DTM` segments.
public struct Flight: Hashable, Sendable {
    /// Flight number as sent (TDT C222 8028), e.g. `AA123`.
    public var flightNumber: String?
    /// Carrier (TDT C040 3127); nil when absent, never derived from the flight number.
    public var carrier: String?
    /// Departure airport (LOC+125, or the first LOC+92 of the leg).
    public var departurePort: String?
    /// Scheduled departure, local time, ISO 8601 `YYYY-MM-DDTHH:MM` (DTM+189).
    public var departureDateTime: String?
    /// Arrival airport (LOC+87, or the second LOC+92 of the leg).
    public var arrivalPort: String?
    /// Scheduled arrival, local time, ISO 8601 `YYYY-MM-DDTHH:MM` (DTM+232).
    public var arrivalDateTime: String?
    /// DTM+189 value as sent; not in the JSON.
    public var departureDateTimeRaw: String?
    /// DTM+232 value as sent; not in the JSON.
    public var arrivalDateTimeRaw: String?

    public init(
        flightNumber: String? = nil, carrier: String? = nil, departurePort: String? = nil,
        departureDateTime: String? = nil, arrivalPort: String? = nil, arrivalDateTime: String? = nil,
        departureDateTimeRaw: String? = nil, arrivalDateTimeRaw: String? = nil
    ) {
        self.flightNumber = flightNumber
        self.carrier = carrier
        self.departurePort = departurePort
        self.departureDateTime = departureDateTime
        self.arrivalPort = arrivalPort
        self.arrivalDateTime = arrivalDateTime
        self.departureDateTimeRaw = departureDateTimeRaw
        self.arrivalDateTimeRaw = arrivalDateTimeRaw
    }
}

/// A traveller on a manifest, passenger or crew: a `NAD+FL`/`NAD+FM` group.
public struct Passenger: Hashable, Sendable {
    /// A travel document of the traveller: a `DOC` group with its `DTM+36` and `LOC+91`.
    public struct TravelDocument: Hashable, Sendable {
        /// Document type (DOC C002 1001), e.g. `P` passport, `V` visa; nil when empty.
        public var type: String?
        /// Document number (DOC C503 1004).
        public var number: String?
        /// Issuing state (LOC+91), ICAO 9303 three-letter code.
        public var issuingState: String?
        /// Expiry date, ISO 8601 `YYYY-MM-DD` (DTM+36).
        public var expiry: String?
        /// DTM+36 value as sent; not in the JSON.
        public var expiryRaw: String?

        public init(
            type: String? = nil, number: String? = nil, issuingState: String? = nil, expiry: String? = nil,
            expiryRaw: String? = nil
        ) {
            self.type = type
            self.number = number
            self.issuingState = issuingState
            self.expiry = expiry
            self.expiryRaw = expiryRaw
        }
    }

    /// Passenger or crew, from the NAD qualifier.
    public var type: TravellerType
    /// NAD party qualifier as sent, e.g. `FL`.
    public var nadQualifier: String
    /// Surname (NAD C080 first component).
    public var surname: String?
    /// Given names: the remaining non-empty components joined by one space; nil when there are none.
    public var givenNames: String?
    /// The remaining non-empty name components, each verbatim.
    public var givenNameComponents: [String]
    /// Date of birth, ISO 8601 `YYYY-MM-DD` (DTM+329).
    public var birthDate: String?
    /// Sex (ATT+2): `M`, `F` or `U`.
    public var sex: String?
    /// Nationality (NAT+2), ICAO 9303 three-letter code.
    public var nationality: String?
    /// Port of embarkation (LOC+178).
    public var portOfEmbarkation: String?
    /// Port of debarkation (LOC+179).
    public var portOfDebarkation: String?
    /// Place of clearance (LOC+22), for crew.
    public var clearancePort: String?
    /// Booking reference (RFF+AVF, the PNR locator).
    public var bookingRef: String?
    /// Travel documents in message order.
    public var documents: [TravelDocument]
    /// DTM+329 value as sent; not in the JSON.
    public var birthDateRaw: String?

    public init(
        type: TravellerType, nadQualifier: String, surname: String? = nil, givenNames: String? = nil,
        givenNameComponents: [String] = [], birthDate: String? = nil, sex: String? = nil, nationality: String? = nil,
        portOfEmbarkation: String? = nil, portOfDebarkation: String? = nil, clearancePort: String? = nil,
        bookingRef: String? = nil, documents: [TravelDocument] = [], birthDateRaw: String? = nil
    ) {
        self.type = type
        self.nadQualifier = nadQualifier
        self.surname = surname
        self.givenNames = givenNames
        self.givenNameComponents = givenNameComponents
        self.birthDate = birthDate
        self.sex = sex
        self.nationality = nationality
        self.portOfEmbarkation = portOfEmbarkation
        self.portOfDebarkation = portOfDebarkation
        self.clearancePort = clearancePort
        self.bookingRef = bookingRef
        self.documents = documents
        self.birthDateRaw = birthDateRaw
    }
}
