import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HTTPAPI
import KordonTesting
import NIOConcurrencyHelpers
import NIOCore
import Services
import Store
import Testing

/// Issue 10: each finding of the attack on the running demo, written as the attacker's attempt.
@Suite("Trust: need-to-know, accountable administration, credentials, hygiene")
struct TrustAPITests {
    /// A Moldovan partner agency with its own administrator, as the demo has it.
    static func partnerAdmin(_ fixture: APIFixture) async throws -> (agency: Agency, token: String) {
        let agency = try #require(fixture.agency.agencies[.partner])
        let admin = try await fixture.services.admin.createOfficer(agencyId: agency.id, name: "Administrator Ceban", role: .admin)
        return (agency, admin.token)
    }

    /// A person with a crossing at a joint point (Palanca–Maiaki–Udobne) and one at a Polish point.
    static func seedCrossings(_ fixture: APIFixture) async throws -> UUID {
        let services = fixture.services
        let person = try await services.persons.create(
            .init(surname: "KOWALSKA", givenNames: "ANNA", birthDate: "1988-03-07", sex: "F", nationality: "POL", documents: []),
            idempotencyKey: nil, context: fixture.agency.context(.firstLine, purpose: "border_control")
        ).person
        let joint = try #require(try await services.crossingPoints().first { $0.jointControl == true && $0.neighbour == "MDA" })
        for point in [joint.code, "UA-ROAD-SHEHYNI"] {
            _ = try await services.crossings.record(
                .init(personId: person.id, documentId: nil, pointCode: point, direction: .entry, occurredAt: nil, decision: .admitted),
                idempotencyKey: nil, context: fixture.agency.context(.firstLine, purpose: "border_control")
            )
        }
        return person.id
    }

    @Test("finding 1: a partner's administrator appoints no analyst, and reaches no Ukrainian personal data", arguments: TestDatabase.kinds)
    func partnerAdministrator(kind: DatabaseKind) async throws {
        let fixture = try await APIFixture.make(kind)
        let (partner, token) = try await Self.partnerAdmin(fixture)
        let personId = try await Self.seedCrossings(fixture)
        try await fixture.run { client in
            let officers = "/v1/agencies/\(partner.id.uuidString)/officers"
            for role in ["analyst", "first_line", "second_line", "migration_officer", "auditor", "admin", "operator"] {
                try await client.execute(uri: officers, method: .post, headers: fixture.headers(token: token),
                                         body: body(#"{"name": "Mole", "role": "\#(role)"}"#)) {
                    #expect($0.status == .forbidden, "partner admin appointed \(role)")
                }
            }
            try await client.execute(uri: officers, method: .post, headers: fixture.headers(token: token),
                                     body: body(#"{"name": "Ofițer Rusu", "role": "partner"}"#)) { response in
                #expect(response.status == .created)
                #expect((response.json["enrolmentCode"] as? String)?.hasPrefix("kde_") == true)
                #expect(response.json["token"] == nil)
            }
            let reads = [
                "/v1/persons/\(personId)", "/v1/crossings?person=\(personId)", "/v1/alerts", "/v1/overstayers",
                "/v1/flights", "/v1/audit", "/v1/checks",
            ]
            for uri in reads {
                try await client.execute(uri: uri, method: .get, headers: fixture.headers(token: token)) {
                    #expect($0.status == .forbidden, "partner admin read \(uri)")
                }
            }
            let crossing = #"{"personId": "\#(personId)", "pointCode": "UA-ROAD-SHEHYNI", "direction": "exit", "decision": "admitted"}"#
            try await client.execute(uri: "/v1/crossings", method: .post, headers: fixture.headers(token: token), body: body(crossing)) {
                #expect($0.status == .forbidden)
            }
        }
    }

    @Test("a partner officer sees crossings at joint points only, and only their shown fields", arguments: TestDatabase.kinds)
    func partnerOfficer(kind: DatabaseKind) async throws {
        let fixture = try await APIFixture.make(kind)
        let personId = try await Self.seedCrossings(fixture)
        try await fixture.run { client in
            try await client.execute(uri: "/v1/crossings?person=\(personId)", method: .get, headers: fixture.headers(.partner)) { response in
                #expect(response.status == .ok)
                let items = response.json["items"] as? [[String: Any]] ?? []
                #expect(items.count == 1)
                #expect(items.allSatisfy { ($0["pointCode"] as? String) != "UA-ROAD-SHEHYNI" })
                #expect(Set(items.first?.keys.map { $0 } ?? []) == ["id", "pointCode", "direction", "occurredAt", "decision", "recordedAt"])
            }
            try await client.execute(uri: "/v1/crossings?person=\(personId)", method: .get, headers: fixture.headers(.analyst)) { response in
                let items = response.json["items"] as? [[String: Any]] ?? []
                #expect(items.count == 2)
                #expect(items.first?["officerId"] != nil)
            }
            for uri in ["/v1/alerts", "/v1/persons/\(personId)", "/v1/overstayers", "/v1/flights"] {
                try await client.execute(uri: uri, method: .get, headers: fixture.headers(.partner)) {
                    #expect($0.status == .forbidden, "partner read \(uri)")
                }
            }
        }
    }

    @Test("finding 2: an administrator neither reads nor writes watchlists, nor screens persons", arguments: TestDatabase.kinds)
    func administratorsUseNoWatchlist(kind: DatabaseKind) async throws {
        let fixture = try await APIFixture.make(kind)
        try await fixture.run { client in
            let ban = #"{"category": "entry_ban", "surname": "NOWAK", "givenNames": "JAN", "birthDate": "1980-01-01", "nationality": "POL"}"#
            try await client.execute(uri: "/v1/alerts", method: .post, headers: fixture.headers(.admin), body: body(ban)) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: "/v1/alerts", method: .get, headers: fixture.headers(.admin)) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: "/v1/screening/person", method: .post, headers: fixture.headers(.admin),
                                     body: body(#"{"surname": "NOWAK"}"#)) {
                #expect($0.status == .forbidden)
            }
            #expect(try await fixture.services.database.repositories.alerts.list(.init(), after: nil, limit: 10).isEmpty)
        }
    }

    @Test("finding 3: no administrator obtains a credential that acts as another officer", arguments: TestDatabase.kinds)
    func noCredentialForAnother(kind: DatabaseKind) async throws {
        let fixture = try await APIFixture.make(kind)
        let auditor = try #require(fixture.agency.officers[.auditor])
        let firstLine = try #require(fixture.agency.officers[.firstLine])
        try await fixture.run { client in
            try await client.execute(uri: "/v1/officers/\(auditor.id)/tokens", method: .post, headers: fixture.headers(.admin),
                                     body: body(#"{"label": "mine now"}"#)) {
                #expect($0.status.code >= 400 && $0.status != .created)
            }
            try await client.execute(uri: "/v1/officers/\(auditor.id)/enrolment", method: .post, headers: fixture.headers(.admin)) {
                #expect($0.status == .forbidden)
            }
            var code = ""
            try await client.execute(uri: "/v1/officers/\(firstLine.id)/enrolment", method: .post, headers: fixture.headers(.admin)) { response in
                #expect(response.status == .created)
                code = response.json["enrolmentCode"] as? String ?? ""
            }
            var newToken = ""
            try await client.execute(uri: "/v1/enrolment", method: .post, headers: [.contentType: "application/json"],
                                     body: body(#"{"enrolmentCode": "\#(code)", "label": "booth 3"}"#)) { response in
                #expect(response.status == .created)
                newToken = response.json["token"] as? String ?? ""
            }
            try await client.execute(uri: "/v1/enrolment", method: .post, headers: [.contentType: "application/json"],
                                     body: body(#"{"enrolmentCode": "\#(code)", "label": "again"}"#)) {
                #expect($0.status == .unauthorized, "an enrolment code works once")
            }
            // The officer sees that this token was issued through his administrator.
            try await client.execute(uri: "/v1/me/tokens", method: .get, headers: fixture.headers(token: newToken)) { response in
                #expect(response.status == .ok)
                let booth = response.jsonArray.first { $0["label"] as? String == "booth 3" }
                #expect(booth?["issuedBy"] as? String == fixture.agency.officers[.admin]?.id.uuidString)
            }
            // The trail names the issuer, the subject and the credential.
            let entries = try await fixture.services.database.repositories.audit.entries(.init(limit: 50))
            let enrol = try #require(entries.first { $0.action == "officer.enrol" })
            #expect(enrol.resourceIds == [firstLine.id.uuidString])
            #expect(enrol.subject == "officer:\(firstLine.id)")
            #expect(enrol.credentialId?.hasPrefix("token:") == true)
        }
    }

    @Test("finding 4: an agency's auditor reads his own agency's trail; oversight reads every agency's", arguments: TestDatabase.kinds)
    func auditorsScope(kind: DatabaseKind) async throws {
        let fixture = try await APIFixture.make(kind)
        _ = try await Self.seedCrossings(fixture)
        let services = fixture.services
        let oversight = try await services.admin.createAgency(.init(code: "UA-OMB", name: "Ombudsman", country: "UKR", kind: .oversight))
        let inspector = try await services.admin.createOfficer(agencyId: oversight.id, name: "Inspector", role: .auditor)
        let other = try #require(fixture.agency.agencies[.migrationOfficer])
        _ = try await services.persons.create(
            .init(surname: "RUDENKO", givenNames: "OLHA", birthDate: "1990-01-01", sex: "F", nationality: "UKR", documents: []),
            idempotencyKey: nil, context: fixture.agency.context(.migrationOfficer, purpose: "migration_control")
        )
        try await fixture.run { client in
            try await client.execute(uri: "/v1/audit?limit=1000", method: .get, headers: fixture.headers(.auditor)) { response in
                #expect(response.status == .ok)
                let agencies = Set((response.json["items"] as? [[String: Any]] ?? []).compactMap { $0["agencyId"] as? String })
                #expect(agencies == [fixture.agency.agency.id.uuidString])
            }
            try await client.execute(uri: "/v1/audit?limit=1000", method: .get, headers: fixture.headers(token: inspector.token)) { response in
                #expect(response.status == .ok)
                let agencies = Set((response.json["items"] as? [[String: Any]] ?? []).compactMap { $0["agencyId"] as? String })
                #expect(agencies.contains(other.id.uuidString) && agencies.contains(fixture.agency.agency.id.uuidString))
            }
        }
    }

    @Test("finding 5: a crossing outside a check is dated now; backdating needs second line and a reason, kept", arguments: TestDatabase.kinds)
    func honestTimes(kind: DatabaseKind) async throws {
        let fixture = try await APIFixture.make(kind)
        let personId = try await Self.seedCrossings(fixture)
        try await fixture.run { client in
            func post(_ role: Role, _ extra: String) async throws -> TestResponse {
                let json = #"{"personId": "\#(personId)", "pointCode": "UA-ROAD-SHEHYNI", "direction": "exit", "decision": "admitted"\#(extra)}"#
                return try await client.execute(uri: "/v1/crossings", method: .post, headers: fixture.headers(role), body: body(json))
            }
            #expect(try await post(.firstLine, #", "occurredAt": "0001-01-01T00:00:00Z""#).status == .forbidden)
            #expect(try await post(.firstLine, #", "occurredAt": "2025-07-15T10:00:00Z""#).status == .forbidden)
            let future = ISO8601DateFormatter().string(from: Date().addingTimeInterval(3600))
            let ahead = try await post(.firstLine, #", "occurredAt": "\#(future)""#)
            #expect(ahead.status == .unprocessableContent)
            #expect(ahead.json["field"] as? String == "occurredAt")
            let noReason = try await post(.secondLine, #", "occurredAt": "2025-07-15T10:00:00Z""#)
            #expect(noReason.status == .unprocessableContent)
            #expect(noReason.json["field"] as? String == "backdateReason")
            // Every refusal above left the store as it was: the two seeded crossings only.
            #expect(try await fixture.services.database.repositories.crossings.count() == 2)
            let late = try await post(.secondLine, #", "occurredAt": "2025-07-15T10:00:00Z", "backdateReason": "paper record entered after outage""#)
            #expect(late.status == .created)
            #expect(late.json["backdateReason"] as? String == "paper record entered after outage")
            let recent = try await post(.firstLine, "")
            #expect(recent.status == .created)
        }
    }

    @Test("finding 7: revoked, expired and deactivated credentials get 401 problem+json", arguments: TestDatabase.kinds)
    func credentialsEnd(kind: DatabaseKind) async throws {
        let now = NIOLockedValueBox(Date())
        let fixture = try await APIFixture.make(kind, clock: { now.withLockedValue { $0 } })
        let analyst = try #require(fixture.agency.officers[.analyst])
        try await fixture.run { client in
            // Revoked: an officer takes a second token, revokes it; the next request with it is 401.
            var second = ""
            var secondId = ""
            try await client.execute(uri: "/v1/me/tokens", method: .post, headers: fixture.headers(.firstLine),
                                     body: body(#"{"label": "tablet"}"#)) { response in
                #expect(response.status == .created)
                second = response.json["token"] as? String ?? ""
                secondId = (response.json["tokenId"] as? String) ?? ""
            }
            try await client.execute(uri: "/v1/crossing-points", method: .get, headers: fixture.headers(token: second)) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v1/me/tokens", method: .get, headers: fixture.headers(.firstLine)) { response in
                let listed = response.jsonArray
                #expect(listed.count == 2)
                #expect(listed.allSatisfy { $0["token"] == nil && $0["tokenSha256"] == nil })
            }
            try await client.execute(uri: "/v1/tokens/\(secondId)", method: .delete, headers: fixture.headers(.firstLine)) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v1/crossing-points", method: .get, headers: fixture.headers(token: second)) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.contentType] == "application/problem+json")
            }
            // Deactivated by his administrator: 401 at once; the administrator cannot deactivate the auditor.
            try await client.execute(uri: "/v1/officers/\(analyst.id)/deactivate", method: .post, headers: fixture.headers(.admin)) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/v1/alerts", method: .get, headers: fixture.headers(.analyst)) { #expect($0.status == .unauthorized) }
            let auditor = try #require(fixture.agency.officers[.auditor])
            try await client.execute(uri: "/v1/officers/\(auditor.id)/deactivate", method: .post, headers: fixture.headers(.admin)) {
                #expect($0.status == .forbidden)
            }
            // Expired: 91 days later every token of the fixture is refused.
            now.withLockedValue { $0 = $0.addingTimeInterval(91 * 86_400) }
            try await client.execute(uri: "/v1/crossing-points", method: .get, headers: fixture.headers(.firstLine)) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.contentType] == "application/problem+json")
            }
        }
    }

    @Test("finding 9: only the installation's operator admits agencies; he sees no personal data", arguments: TestDatabase.kinds)
    func agencies(kind: DatabaseKind) async throws {
        let fixture = try await APIFixture.make(kind)
        let agency = #"{"code": "XX-FAKE", "name": "Fake", "country": "UKR", "kind": "border_guard"}"#
        try await fixture.run { client in
            try await client.execute(uri: "/v1/agencies", method: .post, headers: fixture.headers(.admin), body: body(agency)) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: "/v1/agencies", method: .post, headers: fixture.headers(.operator), body: body(agency)) {
                #expect($0.status == .created)
            }
            let installation = #"{"code": "XX-OPS2", "name": "Second operator", "country": "UKR", "kind": "installation"}"#
            try await client.execute(uri: "/v1/agencies", method: .post, headers: fixture.headers(.operator), body: body(installation)) {
                #expect($0.status == .unprocessableContent)
            }
            try await client.execute(uri: "/v1/alerts", method: .get, headers: fixture.headers(.operator)) { #expect($0.status == .forbidden) }
        }
    }

    @Test("finding 8: security headers, HEAD, 404 for a missing file, metrics behind a token, the server's own request id", arguments: TestDatabase.kinds)
    func hygiene(kind: DatabaseKind) async throws {
        let fixture = try await APIFixture.make(kind)
        try await fixture.run { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.headers[.init("X-Content-Type-Options")!] == "nosniff")
                #expect(response.headers[.init("Referrer-Policy")!] == "no-referrer")
            }
            try await client.execute(uri: "/health", method: .head) { response in
                #expect(response.status == .ok)
                #expect(response.body.readableBytes == 0)
            }
            try await client.execute(uri: "/console/signin", method: .get) { response in
                let csp = response.headers[.contentSecurityPolicy] ?? ""
                #expect(csp.contains("form-action 'self'") && csp.contains("base-uri 'none'"))
            }
            try await client.execute(uri: "/console/static/missing.css", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/metrics", method: .get) { #expect($0.status == .unauthorized) }
            var headers = fixture.headers(.firstLine)
            headers[.init("X-Request-Id")!] = "chosen-by-client"
            try await client.execute(uri: "/v1/crossing-points", method: .get, headers: headers) { response in
                #expect(response.headers[.init("X-Request-Id")!] != "chosen-by-client")
                #expect(response.headers[.init("X-Correlation-Id")!] == "chosen-by-client")
            }
            _ = try await Self.seedCrossings(fixture)
            var person = fixture.headers(.analyst)
            person[.init("X-Request-Id")!] = "chosen-by-client"
            try await client.execute(uri: "/v1/crossings?point=UA-ROAD-SHEHYNI", method: .get, headers: person) { #expect($0.status == .ok) }
            let entries = try await fixture.services.database.repositories.audit.entries(.init(limit: 100))
            #expect(!entries.isEmpty && !entries.contains { $0.requestId == "chosen-by-client" })
        }
    }

    @Test("a purpose the policy does not list for the resource is refused", arguments: TestDatabase.kinds)
    func purposes(kind: DatabaseKind) async throws {
        let fixture = try await APIFixture.make(kind)
        try await fixture.run { client in
            var headers = fixture.headers(.analyst)
            headers[.init("X-Kordon-Purpose")!] = "curiosity"
            try await client.execute(uri: "/v1/crossings?point=UA-ROAD-SHEHYNI", method: .get, headers: headers) { response in
                #expect(response.status == .forbidden)
                #expect(response.json["field"] as? String == "X-Kordon-Purpose")
            }
            headers[.init("X-Kordon-Purpose")!] = "risk_analysis"
            try await client.execute(uri: "/v1/crossings?point=UA-ROAD-SHEHYNI", method: .get, headers: headers) { #expect($0.status == .ok) }
        }
    }

    /// The `name=value` of a `Set-Cookie` header and its attributes.
    static func cookies(_ response: TestResponse) -> [String: String] {
        var result: [String: String] = [:]
        for header in response.headers[values: .setCookie] {
            let pair = header.split(separator: ";").first ?? ""
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.count == 2 { result[String(parts[0])] = header }
        }
        return result
    }

    static func value(_ header: String?) -> String {
        guard let header, let pair = header.split(separator: ";").first else { return "" }
        return String(pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).last ?? "")
    }

    @Test("finding 7: the console signs in with CSRF into a server-side session; the cookie is not the token; sign-out ends it", arguments: TestDatabase.kinds)
    func consoleSessions(kind: DatabaseKind) async throws {
        let fixture = try await APIFixture.make(kind, tls: true)
        let token = try #require(fixture.agency.tokens[.firstLine])
        try await fixture.run { client in
            let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            // Without the sign-in form's CSRF value: refused, no session.
            try await client.execute(uri: "/console/signin", method: .post, headers: form, body: body("token=\(token)")) { response in
                #expect(response.status == .forbidden)
                #expect(Self.cookies(response)["kordon_session"] == nil)
            }
            var signinCookie = ""
            try await client.execute(uri: "/console/signin", method: .get) { response in
                signinCookie = Self.value(Self.cookies(response)["kordon_signin"])
                #expect(Self.cookies(response)["kordon_signin"]?.contains("Secure") == true)
            }
            #expect(!signinCookie.isEmpty)
            var withCookie = form
            withCookie[.cookie] = "kordon_signin=\(signinCookie)"
            try await client.execute(uri: "/console/signin", method: .post, headers: withCookie, body: body("csrf=forged&token=\(token)")) {
                #expect($0.status == .forbidden)
            }
            var session = ""
            try await client.execute(uri: "/console/signin", method: .post, headers: withCookie,
                                     body: body("csrf=\(signinCookie)&token=\(token)")) { response in
                #expect(response.status == .seeOther)
                let header = Self.cookies(response)["kordon_session"] ?? ""
                #expect(header.contains("HttpOnly") && header.contains("SameSite=Strict") && header.contains("Secure"))
                session = Self.value(header)
            }
            #expect(!session.isEmpty && session != token && !session.contains(token))
            // The session works; the raw token as a cookie does not.
            try await client.execute(uri: "/console/check", method: .get, headers: [.cookie: "kordon_session=\(session)"]) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/console/check", method: .get, headers: [.cookie: "kordon_session=\(token)"]) {
                #expect($0.status == .seeOther)
            }
            // Sign-out revokes the session on the server: the same cookie, replayed, is signed out.
            var csrf = ""
            try await client.execute(uri: "/console/check", method: .get, headers: [.cookie: "kordon_session=\(session)"]) { response in
                let html = response.text
                if let range = html.range(of: #"name="csrf" value="[A-Za-z0-9_-]+""#, options: .regularExpression) {
                    csrf = String(html[range].split(separator: "\"")[3])
                }
            }
            var out = form
            out[.cookie] = "kordon_session=\(session)"
            try await client.execute(uri: "/console/signout", method: .post, headers: out, body: body("csrf=\(csrf)")) {
                #expect($0.status == .seeOther)
            }
            try await client.execute(uri: "/console/check", method: .get, headers: [.cookie: "kordon_session=\(session)"]) {
                #expect($0.status == .seeOther)
                #expect($0.headers[.location] == "/console/signin")
            }
        }
    }

    @Test("a console session ends after its idle timeout", arguments: TestDatabase.kinds)
    func consoleIdle(kind: DatabaseKind) async throws {
        let now = NIOLockedValueBox(Date())
        let fixture = try await APIFixture.make(kind, clock: { now.withLockedValue { $0 } })
        let cookie = try await fixture.consoleCookie(.secondLine)
        try await fixture.run { client in
            try await client.execute(uri: "/console/queue", method: .get, headers: cookie) { #expect($0.status == .ok) }
            now.withLockedValue { $0 = $0.addingTimeInterval(31 * 60) }
            try await client.execute(uri: "/console/queue", method: .get, headers: cookie) { #expect($0.status == .seeOther) }
        }
    }

    @Test("TLS files that cannot be read are an error naming the option, before the server starts")
    func tlsFiles() throws {
        let missing = TLSFiles(certificatePath: "/nonexistent/cert.pem", keyPath: "/nonexistent/key.pem")
        #expect(throws: ServiceError.invalid("--tls-cert", "/nonexistent/cert.pem is not a readable PEM certificate chain")) {
            _ = try missing.configuration()
        }
    }
}
