import Foundation
import Store

/// The authenticated caller: an officer acting for an agency in a role.
public struct Principal: Sendable, Hashable {
    public let officerId: UUID
    public let agencyId: UUID
    public let role: Role

    public init(officerId: UUID, agencyId: UUID, role: Role) {
        self.officerId = officerId
        self.agencyId = agencyId
        self.role = role
    }
}

/// Who asks, why, and under which request id: everything the audit trail records about an access.
public struct AccessContext: Sendable {
    public let principal: Principal
    /// Why personal data is accessed: the `X-Kordon-Purpose` header, or the route's default purpose.
    public let purpose: String
    public let requestId: String?

    public init(principal: Principal, purpose: String, requestId: String?) {
        self.principal = principal
        self.purpose = purpose
        self.requestId = requestId
    }

    /// An audit record of `action` on resources of `resourceType` by this caller.
    func audit(_ action: String, _ resourceType: String, ids: [String], persons: [UUID]) -> AuditRecord {
        AuditRecord(
            officerId: principal.officerId, agencyId: principal.agencyId, requestId: requestId, purpose: purpose,
            action: action, resourceType: resourceType, resourceIds: ids, personIds: persons
        )
    }

    /// Throws `forbidden` unless the caller has one of `roles`.
    func require(_ roles: Set<Role>) throws(ServiceError) {
        guard roles.contains(principal.role) else {
            throw ServiceError(.forbidden, "role \(principal.role.rawValue) may not do this")
        }
    }
}

/// The time source; tests pass a fixed or advancing clock (STYLE.md §9).
public typealias Clock = @Sendable () -> Date
