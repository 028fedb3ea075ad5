import Foundation

/// A border crossing point (пункт пропуску): reference data loaded from `shared/reference`.
public struct CrossingPoint: Codable, Hashable, Sendable {
    /// Stable id, e.g. `UA-ROAD-SHEHYNI`, `UA-AIR-KBP`.
    public var code: String
    public var nameUk: String
    /// KMU 55/2010 transliteration of `nameUk`.
    public var nameLatin: String
    /// `road`, `rail`, `pedestrian`, `ferry`, `air`, `sea`, `river`, …
    public var kind: String
    /// ICAO code of the neighbouring state (nil for airports and sea ports).
    public var neighbour: String?
    /// The point across the border, by its own name.
    public var partnerPoint: String?
    public var oblast: String?
    public var latitude: Double?
    public var longitude: Double?
    /// `settlement` or `rough`: coordinates are approximate (reference README).
    public var coordPrecision: String?
    /// `operating` or `suspended`.
    public var status: String
    /// Joint control with the neighbour (Moldova): true, false, or unknown (nil).
    public var jointControl: Bool?
    /// Whether name, partner and kind were confirmed by a cited source.
    public var verified: Bool
    public var sources: [String]
    /// ICAO location indicator of an airport (ICAO Doc 7910), e.g. `UKBB`; nil for other points.
    public var icao: String?

    public init(
        code: String, nameUk: String, nameLatin: String, kind: String, neighbour: String?, partnerPoint: String?,
        oblast: String?, latitude: Double?, longitude: Double?, coordPrecision: String?, status: String,
        jointControl: Bool?, verified: Bool, sources: [String], icao: String? = nil
    ) {
        self.code = code
        self.nameUk = nameUk
        self.nameLatin = nameLatin
        self.kind = kind
        self.neighbour = neighbour
        self.partnerPoint = partnerPoint
        self.oblast = oblast
        self.latitude = latitude
        self.longitude = longitude
        self.coordPrecision = coordPrecision
        self.status = status
        self.jointControl = jointControl
        self.verified = verified
        self.sources = sources
        self.icao = icao
    }
}
