import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KordonTesting
import SQLKit
import Store
import Testing

@Suite("Persons, crossings and the audit trail over HTTP")
struct RegisterAPITests {
    @Test("a person is created, read back, and both accesses are audited with the purpose", arguments: TestDatabase.kinds)
    func personLifecycle(kind: DatabaseKind) async throws {
        let fixture = try await APIFixture.make(kind)
        try await fixture.run { client in
            var personId = ""
            try await client.execute(uri: "/v1/persons", method: .post, headers: fixture.headers(.firstLine), body: body(personJSON)) {
                response in
                #expect(response.status == .created)
                personId = ((response.json["person"] as? [String: Any])?["id"] as? String) ?? ""
            }
            let purpose: HTTPFields = [HTTPField.Name("X-Kordon-Purpose")!: "second_line"]
            try await client.execute(uri: "/v1/persons/\(personId)", method: .get, headers: fixture.headers(.secondLine, purpose)) {
                response in
                #expect(response.status == .ok)
                let documents = response.json["documents"] as? [[String: Any]]
                #expect(documents?.first?["number"] as? String == "L898902C3")
            }
            try await client.execute(uri: "/v1/audit?person=\(personId)", method: .get, headers: fixture.headers(.auditor)) {
                response in
                #expect(response.status == .ok)
                let items = response.json["items"] as? [[String: Any]] ?? []
                #expect(items.map { $0["action"] as? String } == ["person.read", "person.create"])
                #expect(items.first?["purpose"] as? String == "second_line")
                #expect(items.last?["purpose"] as? String == "border_control")
            }
            try await client.execute(uri: "/v1/audit", method: .get, headers: fixture.headers(.firstLine)) { response in
                #expect(response.status == .forbidden)
            }
        }
    }

    @Test("a crossing is recorded once per Idempotency-Key; another body under the key is a 409", arguments: TestDatabase.kinds)
    func idempotentCrossing(kind: DatabaseKind) async throws {
        let fixture = try await APIFixture.make(kind)
        try await fixture.run { client in
            var personId = ""
            try await client.execute(uri: "/v1/persons", method: .post, headers: fixture.headers(.firstLine), body: body(personJSON)) {
                personId = (($0.json["person"] as? [String: Any])?["id"] as? String) ?? ""
            }
            let key: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "booth-7-000123"]
            // An hour ago: within the recent window that needs no backdating grant (issue 10 item 5).
            let hourAgo = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-3600))
            let crossing = #"{"personId": "\#(personId)", "pointCode": "UA-ROAD-SHEHYNI", "direction": "entry", "decision": "admitted", "occurredAt": "\#(hourAgo)"}"#
            var firstId = ""
            try await client.execute(uri: "/v1/crossings", method: .post, headers: fixture.headers(.firstLine, key), body: body(crossing)) {
                response in
                #expect(response.status == .created)
                firstId = response.json["id"] as? String ?? ""
            }
            try await client.execute(uri: "/v1/crossings", method: .post, headers: fixture.headers(.firstLine, key), body: body(crossing)) {
                response in
                #expect(response.json["id"] as? String == firstId)
            }
            let other = crossing.replacingOccurrences(of: "entry", with: "exit")
            try await client.execute(uri: "/v1/crossings", method: .post, headers: fixture.headers(.firstLine, key), body: body(other)) {
                response in
                #expect(response.status == .conflict)
                #expect(response.json["field"] as? String == "Idempotency-Key")
            }
            let unknownPoint = crossing.replacingOccurrences(of: "UA-ROAD-SHEHYNI", with: "UA-ROAD-ATLANTIS")
            try await client.execute(uri: "/v1/crossings", method: .post, headers: fixture.headers(.firstLine), body: body(unknownPoint)) {
                response in
                #expect(response.status == .unprocessableContent)
                #expect(response.json["field"] as? String == "pointCode")
            }
            let refusal = crossing.replacingOccurrences(of: #""admitted""#, with: #""refused", "refusalReasons": ["C"]"#)
            try await client.execute(uri: "/v1/crossings", method: .post, headers: fixture.headers(.firstLine), body: body(refusal)) {
                response in
                #expect(response.status == .forbidden)
                #expect(response.json["field"] as? String == "decision")
            }
            try await client.execute(uri: "/v1/crossings", method: .post, headers: fixture.headers(.secondLine), body: body(refusal)) {
                response in
                #expect(response.status == .created)
            }
            let rows = try await fixture.services.database.sql.raw("SELECT COUNT(*) AS n FROM crossing").first()
            #expect(try rows?.decode(column: "n", as: Int.self) == 2)
            let events = try await fixture.services.database.repositories.outbox.events(after: 0)
            #expect(events.filter { $0.type == "crossing.recorded" }.count == 2)
            try await client.execute(uri: "/v1/crossings?person=\(personId)&limit=1", method: .get, headers: fixture.headers(.analyst)) {
                response in
                #expect(response.status == .ok)
                #expect((response.json["items"] as? [Any])?.count == 1)
                let cursor = response.json["nextCursor"] as? String
                #expect(cursor != nil)
            }
            try await client.execute(uri: "/v1/crossings?limit=5", method: .get, headers: fixture.headers(.analyst)) { response in
                #expect(response.status == .unprocessableContent)
            }
            try await client.execute(uri: "/v1/crossings?person=\(personId)&cursor=garbage", method: .get, headers: fixture.headers(.analyst)) {
                response in
                #expect(response.json["field"] as? String == "cursor")
            }
            let verification = try await fixture.services.audit.verify()
            #expect(verification.isIntact)
        }
    }

    @Test("admins see and manage their own agency's officers only", arguments: TestDatabase.kinds)
    func agencyScope(kind: DatabaseKind) async throws {
        let fixture = try await APIFixture.make(kind)
        let other = try await TestAgency.make(fixture.services, code: "MD-BP", country: "MDA")
        try await fixture.run { client in
            try await client.execute(uri: "/v1/agencies/\(fixture.agency.agency.id)/officers", method: .get, headers: fixture.headers(.admin)) {
                response in
                #expect(response.status == .ok)
                let inAgency = fixture.agency.agencies.filter { $0.value.id == fixture.agency.agency.id }.count
                #expect(response.jsonArray.count == inAgency)
            }
            try await client.execute(uri: "/v1/agencies/\(other.agency.id)/officers", method: .get, headers: fixture.headers(.admin)) {
                response in
                #expect(response.status == .forbidden)
            }
            var token = ""
            try await client.execute(
                uri: "/v1/agencies/\(fixture.agency.agency.id)/officers", method: .post, headers: fixture.headers(.admin),
                body: body(#"{"name": "New Officer", "role": "first_line"}"#)
            ) { response in
                #expect(response.status == .created)
                #expect(response.json["token"] == nil, "the administrator never holds the officer's token")
                token = response.json["enrolmentCode"] as? String ?? ""
            }
            try await client.execute(
                uri: "/v1/enrolment", method: .post, headers: [.contentType: "application/json"],
                body: body(#"{"enrolmentCode": "\#(token)", "label": "booth"}"#)
            ) { response in
                #expect(response.status == .created)
                token = response.json["token"] as? String ?? ""
            }
            var headers = fixture.headers(nil)
            headers[.authorization] = "Bearer \(token)"
            try await client.execute(uri: "/v1/crossing-points/UA-ROAD-SHEHYNI", method: .get, headers: headers) { response in
                #expect(response.status == .ok)
                #expect(response.json["nameUk"] as? String == "Шегині")
            }
            // Tokens are stored as SHA-256 only.
            let stored = try await fixture.services.database.sql.raw("SELECT token_sha256 FROM api_token").all()
            let hashes = try stored.map { try $0.decode(column: "token_sha256", as: String.self) }
            #expect(!hashes.contains(token))
            #expect(hashes.allSatisfy { $0.count == 64 })
        }
    }
}
