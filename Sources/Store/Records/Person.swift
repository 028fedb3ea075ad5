import Foundation

/// A person known to the system: a traveller, a foreigner on a register.
public struct Person: Codable, Hashable, Sendable {
    public var id: UUID
    /// Latin (MRZ) form, upper case as in the document.
    public var surname: String
    public var givenNames: String
    /// ISO 8601 date, or a partial date (`1969`, `1969-06`) when only that is known.
    public var birthDate: String?
    /// `M`, `F` or `X` (ICAO 9303: unspecified).
    public var sex: String
    /// ICAO 9303 three-letter code.
    public var nationality: String
    public var createdByAgency: UUID
    public var createdAt: Date

    public init(
        id: UUID = .timeOrdered(), surname: String, givenNames: String, birthDate: String?, sex: String, nationality: String,
        createdByAgency: UUID, createdAt: Date
    ) {
        self.id = id
        self.surname = surname
        self.givenNames = givenNames
        self.birthDate = birthDate
        self.sex = sex
        self.nationality = nationality
        self.createdByAgency = createdByAgency
        self.createdAt = createdAt
    }
}

/// A travel document held by a person (passport, identity card, visa…), as recorded.
public struct TravelDocumentRecord: Codable, Hashable, Sendable {
    public var id: UUID
    public var personId: UUID
    /// ICAO 9303 document code, e.g. `P`, `ID`, `I`, `V`.
    public var documentCode: String
    public var issuingState: String
    public var number: String
    /// ISO 8601 date.
    public var expiryDate: String?
    /// The MRZ lines, when the document was read from one.
    public var mrz: [String]?
    public var createdAt: Date

    public init(
        id: UUID = .timeOrdered(), personId: UUID, documentCode: String, issuingState: String, number: String,
        expiryDate: String?, mrz: [String]?, createdAt: Date
    ) {
        self.id = id
        self.personId = personId
        self.documentCode = documentCode
        self.issuingState = issuingState
        self.number = number
        self.expiryDate = expiryDate
        self.mrz = mrz
        self.createdAt = createdAt
    }
}
