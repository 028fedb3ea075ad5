import Access
import Foundation
import Testing

/// The shipped policy, read as an auditor would: each test states one rule of issue 10 item 3.
@Suite("The need-to-know policy")
struct AccessPolicyTests {
    let policy: AccessPolicy

    init() throws { policy = try AccessPolicy.standard() }

    func grant(_ role: Role, _ kind: AgencyKind, _ action: Action, _ resource: Resource) -> AccessPolicy.Grant? {
        policy.grant(.init(role: role, agencyKind: kind), action, resource)
    }

    @Test("a partner's border police sees crossings at joint points only, without officer or reasons")
    func partnerCrossings() throws {
        let crossing = try #require(grant(.partner, .partner, .read, .crossing))
        #expect(crossing.scope == .jointPoints)
        #expect(crossing.shows("pointCode") && crossing.shows("occurredAt"))
        #expect(!crossing.shows("officerId") && !crossing.shows("refusalReasons") && !crossing.shows("personId"))
        #expect(grant(.partner, .partner, .create, .crossing) == nil)
    }

    @Test("police and consulates see a permit's type and validity inside its details, not its purpose or card number")
    func permitDetailFields() throws {
        let permit = #"{"id":"1","status":"active","details":{"permitType":"temporary","purpose":"work","cardNumber":"PR1","validFrom":"2026-01-01","validUntil":"2027-01-01"}}"#
        for kind in [AgencyKind.foreignAffairs, .police] {
            let consulate = try #require(grant(.analyst, kind, .read, .residencePermit))
            let shown = try #require(
                try JSONSerialization.jsonObject(with: Redaction.apply(consulate, to: Data(permit.utf8))) as? [String: Any]
            )
            #expect((shown["details"] as? [String: Any]).map { Set($0.keys) } == ["permitType", "validFrom", "validUntil"])
        }
        let migration = try #require(grant(.migrationOfficer, .migrationService, .read, .residencePermit))
        #expect(migration.fields == nil)
    }

    @Test("a partner never sees alerts, persons, asylum or permit files; he may check a document's validity")
    func partnerNeverSees() {
        for resource in [Resource.alert, .person, .document, .authorisation, .overstayer, .flight, .check, .screening] {
            #expect(grant(.partner, .partner, .read, resource) == nil, "partner reads \(resource)")
        }
        #expect(grant(.partner, .partner, .read, .mrz) != nil)
    }

    @Test("first line sees that a permit exists and until when, not its file; the migration service sees the file")
    func permitFields() throws {
        let firstLine = try #require(grant(.firstLine, .borderGuard, .read, .authorisation))
        #expect(firstLine.fields == ["kind", "validFrom", "validUntil"])
        let migration = try #require(grant(.migrationOfficer, .migrationService, .read, .authorisation))
        #expect(migration.fields == nil)
    }

    @Test("an agency's auditor reads his own agency's trail; oversight reads every agency's")
    func auditors() throws {
        #expect(try #require(grant(.auditor, .borderGuard, .read, .audit)).scope == .ownAgency)
        #expect(try #require(grant(.auditor, .partner, .read, .audit)).scope == .ownAgency)
        #expect(try #require(grant(.auditor, .oversight, .read, .audit)).scope == .all)
        #expect(grant(.admin, .borderGuard, .read, .audit) == nil)
    }

    @Test("administrators and the operator see no personal data and use no watchlist")
    func administratorsSeeNoPersonalData() {
        let personal: [Resource] = [.person, .document, .authorisation, .crossing, .check, .overstayer, .alert, .screening, .flight, .manifest, .audit]
        for role in [Role.admin, .operator] {
            for kind in AgencyKind.allCases {
                for resource in personal {
                    for action in Action.allCases {
                        #expect(grant(role, kind, action, resource) == nil, "\(role) of \(kind) may \(action) \(resource)")
                    }
                }
            }
        }
    }

    @Test("only the operator admits agencies")
    func agencies() {
        #expect(grant(.operator, .installation, .create, .agency) != nil)
        for kind in AgencyKind.allCases { #expect(grant(.admin, kind, .create, .agency) == nil) }
    }

    @Test("no agency administrator gives administrator or auditor roles; a partner agency holds partner roles only")
    func ceilings() {
        for kind in AgencyKind.allCases {
            #expect(!policy.administratorMayAppoint(.admin, in: kind))
            #expect(!policy.administratorMayAppoint(.auditor, in: kind))
            #expect(!policy.administratorMayAppoint(.operator, in: kind))
        }
        #expect(policy.administratorMayAppoint(.partner, in: .partner))
        for role in Role.allCases where role != .partner {
            #expect(!policy.administratorMayAppoint(role, in: .partner), "partner admin may give \(role)")
        }
        #expect(policy.administratorMayAppoint(.firstLine, in: .borderGuard))
        #expect(!policy.administratorMayAppoint(.firstLine, in: .migrationService))
        #expect(policy.operatorMayAppoint(.auditor, in: .oversight))
        #expect(policy.operatorMayAppoint(.admin, in: .partner))
        #expect(!policy.operatorMayAppoint(.operator, in: .installation))
        #expect(!policy.operatorMayAppoint(.firstLine, in: .borderGuard))
    }

    @Test("a backdated crossing needs second line; first line records crossings dated now")
    func backdating() {
        #expect(grant(.secondLine, .borderGuard, .backdate, .crossing) != nil)
        #expect(grant(.firstLine, .borderGuard, .backdate, .crossing) == nil)
        #expect(grant(.firstLine, .borderGuard, .create, .crossing) != nil)
    }

    @Test("every officer manages his own tokens, whatever his role")
    func ownTokens() {
        for role in Role.allCases {
            #expect(grant(role, .borderGuard, .create, .credential)?.scope == .`self`)
        }
        #expect(grant(.admin, .borderGuard, .revoke, .credential)?.scope == .ownAgency)
    }

    @Test("the access matrix in docs/ is the one generated from the policy the server enforces")
    func matrixInDocs() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = root.appendingPathComponent("docs/access-matrix.md")
        let committed = try String(contentsOf: path, encoding: .utf8)
        #expect(committed == policy.matrix(), "regenerate with: kordon policy matrix > docs/access-matrix.md")
    }

    @Test("a policy with an unknown role, an unknown resource, a missing ceiling or overlapping grants is refused, naming where")
    func badPolicies() throws {
        let base = #"{"version":1,"description":"t","operatorAppoints":["admin"],"ceilings":{CEIL},"grants":[GRANTS]}"#
        let allCeilings = AgencyKind.allCases.map { "\"\($0.rawValue)\":[]" }.joined(separator: ",")
        func read(ceilings: String = allCeilings, grants: String) -> PolicyError? {
            let text = base.replacingOccurrences(of: "CEIL", with: ceilings).replacingOccurrences(of: "GRANTS", with: grants)
            do {
                _ = try AccessPolicy.read(Data(text.utf8))
                return nil
            } catch { return error }
        }
        let good = #"{"resource":"person","actions":["read"],"roles":["first_line"],"agencyKinds":["border_guard"],"scope":"all","why":"x"}"#
        #expect(read(grants: good) == nil)
        #expect(read(grants: good.replacingOccurrences(of: "first_line", with: "janitor"))?.path == "grants[0].roles")
        #expect(read(grants: good.replacingOccurrences(of: "\"person\"", with: "\"secrets\""))?.path == "grants[0].resource")
        #expect(read(grants: good.replacingOccurrences(of: "\"all\"", with: "\"everything\""))?.path == "grants[0].scope")
        #expect(read(grants: good + "," + good)?.path == "grants[1]")
        #expect(read(ceilings: "", grants: good)?.path.hasPrefix("ceilings.") == true)
        #expect(read(ceilings: #""spaceship": []"#, grants: good)?.path == "ceilings.spaceship")
        #expect(read(grants: "nope") != nil)
    }
}

@Suite("Redaction")
struct RedactionTests {
    let grant = AccessPolicy.Grant(
        resource: .crossing, actions: [.read], roles: [.partner], agencyKinds: [.partner], scope: .jointPoints,
        fields: ["id", "pointCode"], purposes: nil, why: "test"
    )

    func fields(_ json: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Redaction.apply(grant, to: Data(json.utf8)))
    }

    @Test("a hidden field is absent from a record, from each record of an array, and from a page's items")
    func absent() throws {
        let record = try #require(try fields(#"{"id":"1","pointCode":"X","officerId":"secret"}"#) as? [String: Any])
        #expect(Set(record.keys) == ["id", "pointCode"])
        let array = try #require(try fields(#"[{"id":"1","officerId":"s"},{"pointCode":"Y","personId":"p"}]"#) as? [[String: Any]])
        #expect(array.map { Set($0.keys) } == [["id"], ["pointCode"]])
        let page = try #require(try fields(#"{"items":[{"id":"1","officerId":"s"}],"nextCursor":"c"}"#) as? [String: Any])
        #expect((page["items"] as? [[String: Any]])?.first?.keys.sorted() == ["id"])
        #expect(page["nextCursor"] as? String == "c")
    }

    @Test("a dotted field shows that field of an object and hides the object's others; the object alone shows it whole")
    func nestedFields() throws {
        let permit = #"{"id":"1","details":{"validFrom":"2026-01-01","validUntil":"2027-01-01","cardNumber":"PR1","purpose":"work"}}"#
        let partial = AccessPolicy.Grant(
            resource: .residencePermit, actions: [.read], roles: [.analyst], agencyKinds: [.foreignAffairs], scope: .all,
            fields: ["id", "details.validFrom", "details.validUntil"], purposes: nil, why: "test"
        )
        let shown = try #require(
            try JSONSerialization.jsonObject(with: Redaction.apply(partial, to: Data(permit.utf8))) as? [String: Any]
        )
        #expect(Set(shown.keys) == ["id", "details"])
        #expect((shown["details"] as? [String: Any]).map { Set($0.keys) } == ["validFrom", "validUntil"])
        let whole = AccessPolicy.Grant(
            resource: .residencePermit, actions: [.read], roles: [.analyst], agencyKinds: [.foreignAffairs], scope: .all,
            fields: ["id", "details"], purposes: nil, why: "test"
        )
        let all = try #require(
            try JSONSerialization.jsonObject(with: Redaction.apply(whole, to: Data(permit.utf8))) as? [String: Any]
        )
        #expect((all["details"] as? [String: Any])?.count == 4)
        let none = try #require(try fields(permit) as? [String: Any])
        #expect(none["details"] == nil)
    }
}
