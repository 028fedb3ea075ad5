import Foundation

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

/// What an officer may do. Each route declares the roles that may call it.
public enum Role: String, Codable, Hashable, Sendable, CaseIterable {
    /// Checks travellers at the booth.
    case firstLine = "first_line"
    /// Resolves hits and refuses entry.
    case secondLine = "second_line"
    /// Targeting and statistics.
    case analyst
    /// Runs the registers of foreigners.
    case migrationOfficer = "migration_officer"
    /// A foreign partner's officer at a joint crossing point.
    case partner
    /// Reads the audit trail; sees no personal data otherwise.
    case auditor
    /// Manages the agency's officers and tokens.
    case admin
}
