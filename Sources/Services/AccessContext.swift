import Foundation
import Store

/// The authenticated caller: an officer acting for an agency in a role, with the credential he used.
public struct Principal: Sendable, Hashable {
    public let officerId: UUID
    public let agencyId: UUID
    public let role: Role
    /// The kind of the officer's agency: the policy grants by agency kind and role.
    public let agencyKind: AgencyKind
    /// ICAO code of the agency's state: a partner sees the points under joint control with his state.
    public let agencyCountry: String
    /// `token:<id>`, `session:<hash prefix>`, or `cli` for the server's own command line.
    public let credentialId: String

    public init(
        officerId: UUID, agencyId: UUID, role: Role, agencyKind: AgencyKind, agencyCountry: String,
        credentialId: String
    ) {
        self.officerId = officerId
        self.agencyId = agencyId
        self.role = role
        self.agencyKind = agencyKind
        self.agencyCountry = agencyCountry
        self.credentialId = credentialId
    }

    public init(_ bearer: Bearer) {
        self.init(
            officerId: bearer.officer.id, agencyId: bearer.agency.id, role: bearer.officer.role,
            agencyKind: bearer.agency.kind, agencyCountry: bearer.agency.country, credentialId: bearer.credentialId
        )
    }

    /// As the policy sees him.
    public var subject: AccessPolicy.Subject { .init(role: role, agencyKind: agencyKind) }
}

/// Who asks, why, and under which request id: everything the audit trail records about an access,
/// and the policy that decides what he may do.
public struct AccessContext: Sendable {
    public let principal: Principal
    /// Why personal data is accessed: the `X-Kordon-Purpose` header, or the route's default purpose.
    public let purpose: String
    /// Whether the caller stated the purpose himself; a stated purpose must be one the grant lists.
    public let purposeStated: Bool
    /// The server's own request id (never the client's: that one is only a correlation id).
    public let requestId: String?
    public let policy: AccessPolicy

    public init(
        principal: Principal, purpose: String, purposeStated: Bool = false, requestId: String?,
        policy: AccessPolicy = .shipped
    ) {
        self.principal = principal
        self.purpose = purpose
        self.purposeStated = purposeStated
        self.requestId = requestId
        self.policy = policy
    }

    /// An audit record of `action` on resources of `resourceType` by this caller, naming the credential used
    /// and, for administrative acts, the subject.
    func audit(_ action: String, _ resourceType: String, ids: [String], persons: [UUID], subject: String? = nil)
        -> AuditRecord
    {
        var record = AuditRecord(
            officerId: principal.officerId, agencyId: principal.agencyId, requestId: requestId, purpose: purpose,
            action: action, resourceType: resourceType, resourceIds: ids, personIds: persons
        )
        record.credentialId = principal.credentialId
        record.subject = subject
        return record
    }

    /// The grant that lets the caller do `action` on `resource`, or `forbidden` naming what is missing.
    /// Every service asks this before it touches a record, so the API, the console and exports obey
    /// one policy (issue 10 item 3).
    @discardableResult
    public func authorize(_ action: Action, _ resource: Resource) throws(ServiceError) -> AccessPolicy.Grant {
        try Self.authorize(principal, action, resource, purpose: purposeStated ? purpose : nil, policy: policy)
    }

    /// The same decision for a caller without a request context (route registration, the console's menu).
    public static func authorize(
        _ principal: Principal, _ action: Action, _ resource: Resource, purpose: String?, policy: AccessPolicy
    ) throws(ServiceError) -> AccessPolicy.Grant {
        guard let grant = policy.grant(principal.subject, action, resource) else {
            throw ServiceError(
                .forbidden,
                "the need-to-know policy does not let a \(principal.role.rawValue) of a \(principal.agencyKind.rawValue) "
                    + "agency \(action.rawValue) \(resource.rawValue) records"
            )
        }
        if grant.scope == .ownList {
            throw ServiceError(
                .forbidden,
                "the need-to-know policy lets a \(principal.role.rawValue) of a \(principal.agencyKind.rawValue) agency be "
                    + "told of \(resource.rawValue) records about persons on its own list (subscriptions), not read them here"
            )
        }
        if let purpose, let allowed = grant.purposes, !allowed.contains(purpose) {
            throw ServiceError(
                .forbidden, field: "X-Kordon-Purpose",
                "purpose '\(purpose)' is not one the policy allows here; allowed: \(allowed.sorted().joined(separator: ", "))"
            )
        }
        return grant
    }

    /// Whether the caller may do `action` on `resource` (for menus and buttons; the service still checks).
    public func may(_ action: Action, _ resource: Resource) -> Bool {
        guard let grant = policy.grant(principal.subject, action, resource) else { return false }
        return grant.scope != .ownList  // deliveries only: `authorize` refuses it
    }
}

extension AccessPolicy {
    /// The policy shipped in the build; deny-all if it could not be read (a broken build refuses
    /// everything rather than guessing).
    public static let shipped: AccessPolicy = (try? AccessPolicy.standard()) ?? .denyAll

    /// Grants nothing.
    public static let denyAll = AccessPolicy(
        version: 0, description: "deny all", operatorAppoints: [], ceilings: [:], grants: []
    )
}

/// The time source; tests pass a fixed or advancing clock (STYLE.md §9).
public typealias Clock = @Sendable () -> Date
