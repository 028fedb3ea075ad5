import Foundation

/// A traveller named on a flight's current manifest: passenger or crew, with the document they
/// travel on, the validity problems found in the data, and the border check that met them.
public struct ManifestTraveller: Codable, Hashable, Sendable {
    public enum Kind: String, Codable, Hashable, Sendable {
        case passenger
        case crew
    }

    public var id: UUID
    public var flightId: UUID
    /// Identity across amendments: `doc:<state>:<number>`, else `name:<surname>|<given names>|<birth date>`.
    public var travellerKey: String
    /// Order in the manifest (0-based).
    public var position: Int
    public var kind: Kind
    public var surname: String?
    public var givenNames: String?
    /// `YYYY-MM-DD` (DTM+329).
    public var birthDate: String?
    /// `M`, `F` or `U` (ATT+2).
    public var sex: String?
    /// ICAO 9303 code (NAT+2).
    public var nationality: String?
    /// The first travel document: type (DOC C002), number (normalised: letters and digits), issuing state (LOC+91), expiry (DTM+36).
    public var documentType: String?
    public var documentNumber: String?
    public var issuingState: String?
    public var documentExpiry: String?
    /// Booking reference (RFF+AVF).
    public var bookingRef: String?
    public var portOfEmbarkation: String?
    public var portOfDebarkation: String?
    /// Every document the manifest names for the traveller (passport, visa, …), in manifest order.
    public var documents: [ManifestDocument]
    /// Codes of data validity problems (`document-expired`, `birth-date-in-future`, …).
    public var issues: [String]
    /// The border check that met the traveller at the arrival crossing point.
    public var checkId: UUID?
    public var arrivedAt: Date?
    public var createdAt: Date

    public init(
        id: UUID = UUID(), flightId: UUID, travellerKey: String, position: Int, kind: Kind, surname: String?,
        givenNames: String?, birthDate: String?, sex: String?, nationality: String?, documentType: String?,
        documentNumber: String?, issuingState: String?, documentExpiry: String?, bookingRef: String?,
        portOfEmbarkation: String?, portOfDebarkation: String?, issues: [String], checkId: UUID? = nil,
        arrivedAt: Date? = nil, createdAt: Date, documents: [ManifestDocument] = []
    ) {
        self.id = id
        self.flightId = flightId
        self.travellerKey = travellerKey
        self.position = position
        self.kind = kind
        self.surname = surname
        self.givenNames = givenNames
        self.birthDate = birthDate
        self.sex = sex
        self.nationality = nationality
        self.documentType = documentType
        self.documentNumber = documentNumber
        self.issuingState = issuingState
        self.documentExpiry = documentExpiry
        self.bookingRef = bookingRef
        self.portOfEmbarkation = portOfEmbarkation
        self.portOfDebarkation = portOfDebarkation
        self.documents = documents
        self.issues = issues
        self.checkId = checkId
        self.arrivedAt = arrivedAt
        self.createdAt = createdAt
    }
}
