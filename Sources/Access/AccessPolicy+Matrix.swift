/// The human-readable access matrix, generated from the policy the server enforces
/// (`kordon policy matrix > docs/access-matrix.md`; a test keeps the file in step).
extension AccessPolicy {
    public func matrix() -> String {
        var out = "# Access matrix\n\n"
        out += "Generated from `Sources/Access/Resources/policy.json` (policy version \(version)) by `kordon policy matrix`; "
        out += "do not edit by hand. \(description)\n\n"
        out += "## Who may appoint whom\n\n"
        out += "The installation's operator (created on the server with `kordon admin create-operator`) admits agencies and "
        out += "appoints: \(operatorAppoints.map(\.rawValue).sorted().map { "`\($0)`" }.joined(separator: ", ")). "
        out += "An agency's administrator gives only the roles of his agency kind's ceiling:\n\n"
        out += "| agency kind | roles its administrator may give |\n|---|---|\n"
        for kind in AgencyKind.allCases {
            let roles = (ceilings[kind] ?? []).map(\.rawValue).sorted()
            out += "| `\(kind.rawValue)` | \(roles.isEmpty ? "none" : roles.map { "`\($0)`" }.joined(separator: ", ")) |\n"
        }
        out += "\n## Grants by resource\n\n"
        out += "Scope: `all` records, `own_agency` (records of the caller's agency), `joint_points` (crossing points "
        out += "under joint control), `self` (the caller's own), `own_list` (about persons on the caller's agency's own "
        out += "list; event deliveries only). Fields: the fields shown; any other field is absent; "
        out += "a dotted name (`details.validUntil`) shows that field of an object and hides its others.\n"
        for resource in Resource.allCases {
            let lines = grants.filter { $0.resource == resource }
            out += "\n### \(resource.rawValue)\n\n"
            guard !lines.isEmpty else {
                out += "No grant: nobody.\n"
                continue
            }
            out += "| roles | agency kinds | actions | scope | fields | purposes | why |\n|---|---|---|---|---|---|---|\n"
            for grant in lines {
                let roles = grant.roles.count == Role.allCases.count ? "any" : Self.list(grant.roles.map(\.rawValue))
                let kinds = grant.agencyKinds.count == AgencyKind.allCases.count ? "any" : Self.list(grant.agencyKinds.map(\.rawValue))
                let actions = Self.list(grant.actions.map(\.rawValue))
                let fields = grant.fields.map { Self.list(Array($0)) } ?? "all"
                let purposes = grant.purposes.map { Self.list(Array($0)) } ?? "any"
                out += "| \(roles) | \(kinds) | \(actions) | `\(grant.scope.rawValue)` | \(fields) | \(purposes) | \(grant.why) |\n"
            }
        }
        out += "\n## By role\n\nWhat each role reaches, whatever its agency kind (see the grants for the kinds).\n\n"
        out += "| role | " + Resource.allCases.map(\.rawValue).joined(separator: " | ") + " |\n"
        out += "|---|" + String(repeating: "---|", count: Resource.allCases.count) + "\n"
        for role in Role.allCases {
            var cells: [String] = []
            for resource in Resource.allCases {
                let actions = grants.filter { $0.resource == resource && $0.roles.contains(role) }.flatMap(\.actions)
                cells.append(actions.isEmpty ? "–" : Set(actions).map(\.rawValue).sorted().joined(separator: ", "))
            }
            out += "| `\(role.rawValue)` | " + cells.joined(separator: " | ") + " |\n"
        }
        return out
    }

    private static func list(_ items: [String]) -> String { items.sorted().map { "`\($0)`" }.joined(separator: ", ") }
}
