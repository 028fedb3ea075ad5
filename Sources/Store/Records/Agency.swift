import Foundation

/// An agency that uses Kordon: a border guard, a migration service, a ministry, the police, a
/// foreign partner. Officers, alerts, persons and crossings are owned by an agency.
public struct Agency: Codable, Hashable, Sendable {
    public var id: UUID
    /// Short stable code, e.g. `UA-SBGS`.
    public var code: String
    public var name: String
    /// ICAO 9303 code of the agency's state, e.g. `UKR`, `MDA`.
    public var country: String
    public var kind: Kind
    public var createdAt: Date

    /// The kind of agency (`Access.AgencyKind`): the policy's grants and role ceiling depend on it.
    public typealias Kind = AgencyKind

    public init(id: UUID = UUID(), code: String, name: String, country: String, kind: Kind, createdAt: Date) {
        self.id = id
        self.code = code
        self.name = name
        self.country = country
        self.kind = kind
        self.createdAt = createdAt
    }
}
