import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KordonTesting
import SQLKit
import Store
import Testing

/// Issue 3, "Bad input": every error is RFC 9457 problem details naming the field; never a 500.
@Suite("Problem details")
struct ProblemDetailsTests {
    @Test("unknown route, wrong method, no token, wrong role", arguments: TestDatabase.kinds)
    func routing(kind: DatabaseKind) async throws {
        let fixture = try await APIFixture.make(kind)
        try await fixture.run { client in
            try await client.execute(uri: "/v1/nowhere", method: .get, headers: fixture.headers(.firstLine)) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(response.json["type"] as? String == "/problems/not-found")
                #expect(response.json["requestId"] as? String == response.headers[HTTPField.Name("X-Request-Id")!])
            }
            try await client.execute(uri: "/v1/persons", method: .delete, headers: fixture.headers(.firstLine)) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET, POST")
            }
            try await client.execute(uri: "/v1/persons", method: .post, headers: fixture.headers(nil), body: body(personJSON)) {
                response in
                #expect(response.status == .unauthorized)
                #expect(response.json["field"] as? String == "Authorization")
                #expect(response.headers[.wwwAuthenticate] == "Bearer")
            }
            var badToken = fixture.headers(nil)
            badToken[.authorization] = "Bearer kdn_notarealtoken"
            try await client.execute(uri: "/v1/persons", method: .post, headers: badToken, body: body(personJSON)) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/v1/persons", method: .post, headers: fixture.headers(.auditor), body: body(personJSON)) {
                response in
                #expect(response.status == .forbidden)
                #expect(response.json["type"] as? String == "/problems/forbidden")
            }
        }
    }

    /// (body, expected status, expected field): each malformed body is named precisely.
    static let malformedBodies: [(String, Int, String?)] = [
        ("{not json", 400, nil),
        ("", 400, nil),
        (#"{"givenNames": "A", "sex": "F", "nationality": "UTO"}"#, 400, "surname"),
        (#"{"surname": 7, "givenNames": "A", "sex": "F", "nationality": "UTO"}"#, 400, "surname"),
        (#"{"surname": "X", "givenNames": "A", "sex": "F", "nationality": "UTO", "documents": [{"documentCode": "P"}]}"#, 400, "documents[0].issuingState"),
        (#"{"surname": "X", "givenNames": "A", "sex": "Q", "nationality": "UTO"}"#, 422, "sex"),
        (#"{"surname": "X", "givenNames": "A", "sex": "F", "nationality": "U1"}"#, 422, "nationality"),
        (#"{"surname": "X", "givenNames": "A", "sex": "F", "nationality": "UTO", "birthDate": "2199-01-01"}"#, 422, "birthDate"),
        (#"{"surname": "X", "givenNames": "A", "sex": "F", "nationality": "UTO", "birthDate": "1990-02-30"}"#, 422, "birthDate"),
        (#"{"surname": "", "givenNames": "A", "sex": "F", "nationality": "UTO"}"#, 422, "surname"),
    ]

    @Test("malformed person bodies name the field and store nothing", arguments: TestDatabase.kinds)
    func malformed(kind: DatabaseKind) async throws {
        let fixture = try await APIFixture.make(kind)
        try await fixture.run { client in
            for (json, status, field) in Self.malformedBodies {
                try await client.execute(uri: "/v1/persons", method: .post, headers: fixture.headers(.firstLine), body: body(json)) {
                    response in
                    #expect(Int(response.status.code) == status, "\(json)")
                    #expect(response.json["field"] as? String == field, "\(json)")
                    #expect(response.headers[.contentType] == "application/problem+json")
                }
            }
            let big = String(repeating: "x", count: 2 << 20)
            try await client.execute(
                uri: "/v1/persons", method: .post, headers: fixture.headers(.firstLine),
                body: body(#"{"surname": "\#(big)"}"#)
            ) { response in
                #expect(response.status == .contentTooLarge)
            }
            try await client.execute(uri: "/v1/persons/not-a-uuid", method: .get, headers: fixture.headers(.firstLine)) {
                response in
                #expect(response.status == .unprocessableContent)
                #expect(response.json["field"] as? String == "id")
            }
            let count = try await fixture.services.database.sql.raw("SELECT COUNT(*) AS n FROM person").first()
            #expect(try count?.decode(column: "n", as: Int.self) == 0)
        }
    }
}
