import Foundation
@_exported import Access

/// A person who signs in to Kordon on behalf of an agency, with one role.
public struct Officer: Codable, Hashable, Sendable {
    public var id: UUID
    public var agencyId: UUID
    public var name: String
    public var role: Role
    public var active: Bool
    public var createdAt: Date

    public init(id: UUID = UUID(), agencyId: UUID, name: String, role: Role, active: Bool = true, createdAt: Date) {
        self.id = id
        self.agencyId = agencyId
        self.name = name
        self.role = role
        self.active = active
        self.createdAt = createdAt
    }
}
