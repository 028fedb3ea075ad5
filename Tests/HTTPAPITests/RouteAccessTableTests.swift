import Foundation
import NIOConcurrencyHelpers
import HTTPTypes
import HummingbirdTesting
import KordonTesting
import Services
import Store
import Testing

/// Issue 10 "Bad input": the route catalog × every role (each in the agency kind it belongs to) against
/// the policy. A route must refuse exactly the callers the policy refuses (403, never a 5xx), and must
/// let through the ones it grants (whatever the service then says about the made-up ids and bodies).
@Suite("Every route × every role obeys the need-to-know policy")
struct RouteAccessTableTests {
    @Test("granted → not 403 and not 5xx; not granted → 403; no token → 401", arguments: TestDatabase.kinds)
    func table(kind: DatabaseKind) async throws {
        let fixture = try await APIFixture.make(kind)
        let policy = fixture.services.policy
        let checked = NIOLockedValueBox(0)
        try await fixture.run { client in
            for spec in fixture.catalog.routes {
                let uri = spec.path.replacingOccurrences(of: "{code}", with: "UA-ROAD-SHEHYNI")
                    .replacingOccurrences(of: "{alertId}", with: UUID().uuidString)
                    .replacingOccurrences(of: "{hitId}", with: UUID().uuidString)
                    .replacingOccurrences(of: "{id}", with: UUID().uuidString)
                    + (spec.path == "/v1/crossings" && spec.method == .get ? "?point=UA-ROAD-SHEHYNI" : "")
                    + (spec.path == "/v1/events/stream" ? "?timeout=1" : "")
                let payload = [.post, .put].contains(spec.method) ? body("{}") : nil
                switch spec.access {
                case .open:
                    let response = try await client.execute(uri: uri, method: spec.method, headers: [.contentType: "application/json"], body: payload)
                    #expect(response.status.code < 500, "\(spec.method) \(spec.path) open: \(response.status)")
                case .signedIn:
                    for role in Role.allCases {
                        let response = try await client.execute(uri: uri, method: spec.method, headers: fixture.headers(role), body: payload)
                        #expect(![401, 403].contains(response.status.code) && response.status.code < 500,
                                "\(spec.method) \(spec.path) as \(role): \(response.status)")
                    }
                case .policy(let action, let resource):
                    let anonymous = try await client.execute(uri: uri, method: spec.method, body: payload)
                    #expect(anonymous.status == .unauthorized, "\(spec.method) \(spec.path) without a token")
                    for role in Role.allCases {
                        let home = try #require(fixture.agency.agencies[role])
                        let granted = policy.grant(.init(role: role, agencyKind: home.kind), action, resource) != nil
                        let response = try await client.execute(uri: uri, method: spec.method, headers: fixture.headers(role), body: payload)
                        if granted {
                            #expect(response.status != .forbidden && response.status.code < 500,
                                    "\(spec.method) \(spec.path) as \(role) of \(home.kind): granted, got \(response.status) \(response.text)")
                        } else {
                            #expect(response.status == .forbidden, "\(spec.method) \(spec.path) as \(role) of \(home.kind): not granted, got \(response.status)")
                        }
                        checked.withLockedValue { $0 += 1 }
                    }
                }
            }
        }
        #expect(checked.withLockedValue { $0 } > 300)
    }
}
