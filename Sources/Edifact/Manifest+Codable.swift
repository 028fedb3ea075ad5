// JSON form of a manifest: the shape of shared/testdata/paxlst/*.expected.json.
// Encoding writes every key, with `null` for missing values; decoding accepts missing keys as null/empty,
// so a carrier's JSON manifest may leave out what it does not know. `…Raw` properties are not part of it.

extension Manifest: Codable {
    private enum CodingKeys: String, CodingKey { case una, separators, interchange, messages }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            una: try c.decodeIfPresent(Bool.self, forKey: .una) ?? false,
            separators: try c.decodeIfPresent(EdifactSeparators.self, forKey: .separators) ?? .default,
            interchange: try c.decodeIfPresent(Interchange.self, forKey: .interchange) ?? Interchange(),
            messages: try c.decodeIfPresent([ManifestMessage].self, forKey: .messages) ?? [])
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(una, forKey: .una)
        try c.encode(separators, forKey: .separators)
        try c.encode(interchange, forKey: .interchange)
        try c.encode(messages, forKey: .messages)
    }
}

extension Interchange: Codable {
    private enum CodingKeys: String, CodingKey { case sender, recipient, controlRef }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            sender: try c.decodeIfPresent(String.self, forKey: .sender),
            recipient: try c.decodeIfPresent(String.self, forKey: .recipient),
            controlRef: try c.decodeIfPresent(String.self, forKey: .controlRef))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(sender, forKey: .sender)
        try c.encode(recipient, forKey: .recipient)
        try c.encode(controlRef, forKey: .controlRef)
    }
}

extension ManifestMessage: Codable {
    private enum CodingKeys: String, CodingKey { case messageRef, documentCode, listType, flights, travellers }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            messageRef: try c.decodeIfPresent(String.self, forKey: .messageRef),
            documentCode: try c.decodeIfPresent(String.self, forKey: .documentCode),
            listType: try c.decodeIfPresent(ListType.self, forKey: .listType),
            flights: try c.decodeIfPresent([Flight].self, forKey: .flights) ?? [],
            travellers: try c.decodeIfPresent([Passenger].self, forKey: .travellers) ?? [])
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(messageRef, forKey: .messageRef)
        try c.encode(documentCode, forKey: .documentCode)
        try c.encode(listType, forKey: .listType)
        try c.encode(flights, forKey: .flights)
        try c.encode(travellers, forKey: .travellers)
    }
}

extension Flight: Codable {
    private enum CodingKeys: String, CodingKey {
        case flightNumber, carrier, departurePort, departureDateTime, arrivalPort, arrivalDateTime
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            flightNumber: try c.decodeIfPresent(String.self, forKey: .flightNumber),
            carrier: try c.decodeIfPresent(String.self, forKey: .carrier),
            departurePort: try c.decodeIfPresent(String.self, forKey: .departurePort),
            departureDateTime: try c.decodeIfPresent(String.self, forKey: .departureDateTime),
            arrivalPort: try c.decodeIfPresent(String.self, forKey: .arrivalPort),
            arrivalDateTime: try c.decodeIfPresent(String.self, forKey: .arrivalDateTime))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(flightNumber, forKey: .flightNumber)
        try c.encode(carrier, forKey: .carrier)
        try c.encode(departurePort, forKey: .departurePort)
        try c.encode(departureDateTime, forKey: .departureDateTime)
        try c.encode(arrivalPort, forKey: .arrivalPort)
        try c.encode(arrivalDateTime, forKey: .arrivalDateTime)
    }
}

extension Passenger: Codable {
    private enum CodingKeys: String, CodingKey {
        case type, nadQualifier, surname, givenNames, givenNameComponents, birthDate, sex, nationality
        case portOfEmbarkation, portOfDebarkation, clearancePort, bookingRef, documents
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let type = try c.decode(TravellerType.self, forKey: .type)
        let components = try c.decodeIfPresent([String].self, forKey: .givenNameComponents)
        let given = try c.decodeIfPresent(String.self, forKey: .givenNames)
        self.init(
            type: type,
            nadQualifier: try c.decodeIfPresent(String.self, forKey: .nadQualifier) ?? (type == .crew ? "FM" : "FL"),
            surname: try c.decodeIfPresent(String.self, forKey: .surname),
            givenNames: given ?? components.map { $0.joined(separator: " ") }.flatMap { $0.isEmpty ? nil : $0 },
            givenNameComponents: components ?? (given.map { [$0] } ?? []),
            birthDate: try c.decodeIfPresent(String.self, forKey: .birthDate),
            sex: try c.decodeIfPresent(String.self, forKey: .sex),
            nationality: try c.decodeIfPresent(String.self, forKey: .nationality),
            portOfEmbarkation: try c.decodeIfPresent(String.self, forKey: .portOfEmbarkation),
            portOfDebarkation: try c.decodeIfPresent(String.self, forKey: .portOfDebarkation),
            clearancePort: try c.decodeIfPresent(String.self, forKey: .clearancePort),
            bookingRef: try c.decodeIfPresent(String.self, forKey: .bookingRef),
            documents: try c.decodeIfPresent([TravelDocument].self, forKey: .documents) ?? [])
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(type, forKey: .type)
        try c.encode(nadQualifier, forKey: .nadQualifier)
        try c.encode(surname, forKey: .surname)
        try c.encode(givenNames, forKey: .givenNames)
        try c.encode(givenNameComponents, forKey: .givenNameComponents)
        try c.encode(birthDate, forKey: .birthDate)
        try c.encode(sex, forKey: .sex)
        try c.encode(nationality, forKey: .nationality)
        try c.encode(portOfEmbarkation, forKey: .portOfEmbarkation)
        try c.encode(portOfDebarkation, forKey: .portOfDebarkation)
        try c.encode(clearancePort, forKey: .clearancePort)
        try c.encode(bookingRef, forKey: .bookingRef)
        try c.encode(documents, forKey: .documents)
    }
}

extension Passenger.TravelDocument: Codable {
    private enum CodingKeys: String, CodingKey { case type, number, issuingState, expiry }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            type: try c.decodeIfPresent(String.self, forKey: .type),
            number: try c.decodeIfPresent(String.self, forKey: .number),
            issuingState: try c.decodeIfPresent(String.self, forKey: .issuingState),
            expiry: try c.decodeIfPresent(String.self, forKey: .expiry))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(type, forKey: .type)
        try c.encode(number, forKey: .number)
        try c.encode(issuingState, forKey: .issuingState)
        try c.encode(expiry, forKey: .expiry)
    }
}
