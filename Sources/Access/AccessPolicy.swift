import Foundation

/// Kordon's need-to-know policy, written as data (`Resources/policy.json`) that an auditor can read:
/// agency kind × role → resource × action → record scope × fields × purposes. Anything not granted is
/// refused. One component evaluates it for the API, the console and exports alike (DESIGN.md, "Trust").
public struct AccessPolicy: Sendable, Hashable {
    public let version: Int
    public let description: String
    /// Roles only the installation's operator may give (agency administrators never can).
    public let operatorAppoints: Set<Role>
    /// The roles an agency administrator may give, per agency kind.
    public let ceilings: [AgencyKind: Set<Role>]
    public let grants: [Grant]

    public init(
        version: Int, description: String, operatorAppoints: Set<Role>, ceilings: [AgencyKind: Set<Role>],
        grants: [Grant]
    ) {
        self.version = version
        self.description = description
        self.operatorAppoints = operatorAppoints
        self.ceilings = ceilings
        self.grants = grants
    }

    /// One line of the policy.
    public struct Grant: Sendable, Hashable {
        public let resource: Resource
        public let actions: Set<Action>
        public let roles: Set<Role>
        public let agencyKinds: Set<AgencyKind>
        public let scope: RecordScope
        /// The fields of the resource the grant shows; nil: all of them. A hidden field is absent from
        /// the response, not blank.
        public let fields: Set<String>?
        /// The purposes the access may be made for; nil: any.
        public let purposes: Set<String>?
        /// Why the grant exists, for the reader of the matrix.
        public let why: String

        public init(
            resource: Resource, actions: Set<Action>, roles: Set<Role>, agencyKinds: Set<AgencyKind>, scope: RecordScope,
            fields: Set<String>?, purposes: Set<String>?, why: String
        ) {
            self.resource = resource
            self.actions = actions
            self.roles = roles
            self.agencyKinds = agencyKinds
            self.scope = scope
            self.fields = fields
            self.purposes = purposes
            self.why = why
        }

        /// Whether `field` is shown.
        public func shows(_ field: String) -> Bool { fields?.contains(field) ?? true }
    }

    /// The caller as the policy sees him.
    public struct Subject: Sendable, Hashable {
        public let role: Role
        public let agencyKind: AgencyKind

        public init(role: Role, agencyKind: AgencyKind) {
            self.role = role
            self.agencyKind = agencyKind
        }
    }

    /// The grant that lets `subject` do `action` on `resource`, or nil. Grants never overlap (checked
    /// when the policy is read), so at most one matches.
    public func grant(_ subject: Subject, _ action: Action, _ resource: Resource) -> Grant? {
        grants.first { grant in
            grant.resource == resource && grant.actions.contains(action) && grant.roles.contains(subject.role)
                && grant.agencyKinds.contains(subject.agencyKind)
        }
    }

    /// Every (role, agency kind) the policy lets do `action` on `resource`: what the OpenAPI document lists.
    public func roles(for action: Action, on resource: Resource) -> Set<Role> {
        Set(grants.filter { $0.resource == resource && $0.actions.contains(action) }.flatMap(\.roles))
    }

    /// Whether an agency administrator of `kind` may give `role` to an officer of his agency.
    public func administratorMayAppoint(_ role: Role, in kind: AgencyKind) -> Bool {
        !operatorAppoints.contains(role) && role != .operator && (ceilings[kind]?.contains(role) ?? false)
    }

    /// Whether the installation's operator may give `role` to an officer of an agency of `kind`: he
    /// appoints administrators and auditors (oversight comes from outside the agency), nobody else.
    public func operatorMayAppoint(_ role: Role, in kind: AgencyKind) -> Bool {
        role != .operator && kind != .installation && operatorAppoints.contains(role)
    }
}

// MARK: - Reading

extension AccessPolicy {
    /// The policy shipped with Kordon.
    public static func standard() throws(PolicyError) -> AccessPolicy {
        guard let url = Bundle.module.url(forResource: "policy", withExtension: "json")
            ?? Bundle.module.url(forResource: "Resources/policy", withExtension: "json"),
            let data = try? Data(contentsOf: url)
        else { throw PolicyError(path: "policy.json", "is missing from the build") }
        return try read(data)
    }

    /// Reads and checks a policy document: unknown roles, kinds, resources, actions or scopes, empty
    /// lists and overlapping grants are errors naming the grant, never ignored.
    public static func read(_ data: Data) throws(PolicyError) -> AccessPolicy {
        let raw: RawPolicy
        do {
            raw = try JSONDecoder().decode(RawPolicy.self, from: data)
        } catch {
            throw PolicyError(path: "$", "is not a policy document: \(error)")
        }
        var ceilings: [AgencyKind: Set<Role>] = [:]
        for (kindName, roleNames) in raw.ceilings {
            guard let kind = AgencyKind(rawValue: kindName) else { throw PolicyError(path: "ceilings.\(kindName)", "unknown agency kind") }
            ceilings[kind] = try roles(roleNames, path: "ceilings.\(kindName)", allowEmpty: true)
        }
        for kind in AgencyKind.allCases where ceilings[kind] == nil {
            throw PolicyError(path: "ceilings.\(kind.rawValue)", "missing: every agency kind needs a ceiling (may be empty)")
        }
        var grants: [Grant] = []
        for (index, g) in raw.grants.enumerated() {
            let path = "grants[\(index)]"
            guard let resource = Resource(rawValue: g.resource) else { throw PolicyError(path: path + ".resource", "unknown resource '\(g.resource)'") }
            guard let scope = RecordScope(rawValue: g.scope) else { throw PolicyError(path: path + ".scope", "unknown scope '\(g.scope)'") }
            var actions: Set<Action> = []
            for name in g.actions {
                guard let action = Action(rawValue: name) else { throw PolicyError(path: path + ".actions", "unknown action '\(name)'") }
                actions.insert(action)
            }
            guard !actions.isEmpty else { throw PolicyError(path: path + ".actions", "is empty") }
            let kinds: Set<AgencyKind>
            if g.agencyKinds == ["*"] {
                kinds = Set(AgencyKind.allCases)
            } else {
                var found: Set<AgencyKind> = []
                for name in g.agencyKinds {
                    guard let kind = AgencyKind(rawValue: name) else { throw PolicyError(path: path + ".agencyKinds", "unknown agency kind '\(name)'") }
                    found.insert(kind)
                }
                guard !found.isEmpty else { throw PolicyError(path: path + ".agencyKinds", "is empty") }
                kinds = found
            }
            let grant = Grant(
                resource: resource, actions: actions,
                roles: g.roles == ["*"] ? Set(Role.allCases) : try roles(g.roles, path: path + ".roles", allowEmpty: false),
                agencyKinds: kinds, scope: scope, fields: g.fields.map(Set.init), purposes: g.purposes.map(Set.init),
                why: g.why
            )
            for (otherIndex, other) in grants.enumerated()
            where other.resource == grant.resource && !other.actions.isDisjoint(with: grant.actions)
                && !other.roles.isDisjoint(with: grant.roles) && !other.agencyKinds.isDisjoint(with: grant.agencyKinds)
            {
                // The one allowed overlap: a grant on one's own records (scope self) beside a wider one.
                if other.scope == .self || grant.scope == .self { continue }
                throw PolicyError(path: path, "overlaps grants[\(otherIndex)] for \(grant.resource.rawValue): one grant per role, kind and action")
            }
            grants.append(grant)
        }
        // Grants of scope `self` are matched last, so a wider grant wins where both apply.
        let ordered = grants.filter { $0.scope != .self } + grants.filter { $0.scope == .self }
        var appoints: Set<Role> = []
        for name in raw.operatorAppoints {
            guard let role = Role(rawValue: name) else { throw PolicyError(path: "operatorAppoints", "unknown role '\(name)'") }
            appoints.insert(role)
        }
        return AccessPolicy(
            version: raw.version, description: raw.description, operatorAppoints: appoints, ceilings: ceilings,
            grants: ordered
        )
    }

    private static func roles(_ names: [String], path: String, allowEmpty: Bool) throws(PolicyError) -> Set<Role> {
        var result: Set<Role> = []
        for name in names {
            guard let role = Role(rawValue: name) else { throw PolicyError(path: path, "unknown role '\(name)'") }
            result.insert(role)
        }
        if result.isEmpty && !allowEmpty { throw PolicyError(path: path, "is empty") }
        return result
    }

    private struct RawPolicy: Decodable {
        var version: Int
        var description: String
        var operatorAppoints: [String]
        var ceilings: [String: [String]]
        var grants: [RawGrant]
    }

    private struct RawGrant: Decodable {
        var resource: String
        var actions: [String]
        var roles: [String]
        var agencyKinds: [String]
        var scope: String
        var fields: [String]?
        var purposes: [String]?
        var why: String
    }
}

/// A policy document that cannot be used: where (a JSON path) and why.
public struct PolicyError: Error, Sendable, Hashable, CustomStringConvertible {
    public let path: String
    public let reason: String

    public init(path: String, _ reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "policy \(path): \(reason)" }
}
