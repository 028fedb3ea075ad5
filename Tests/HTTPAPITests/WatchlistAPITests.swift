import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KordonTesting
import Store
import Testing

@Suite("Watchlists and screening over HTTP")
struct WatchlistAPITests {
    static let alertJSON = """
        {"reference": "EB-77", "category": "entry_ban", "reason": "forged visa 2025", "surname": "Коваленко",
         "givenNames": "Микола", "birthDate": "1979-11-02", "nationality": "UKR", "sex": "M"}
        """
    static let screeningJSON = """
        {"surname": "KOVALENKO", "givenNames": "MYKOLA", "birthDate": "1979-11-02", "nationality": "UKR", "sex": "M",
         "personId": "6f1c2b0e-1d2a-4c3b-8e4f-5a6b7c8d9e0f"}
        """

    @Test("an alert is created, read, changed, screened, dismissed and withdrawn", arguments: TestDatabase.kinds)
    func lifecycle(kind: DatabaseKind) async throws {
        let fixture = try await APIFixture.make(kind)
        try await fixture.run { client in
            var id = ""
            try await client.execute(uri: "/v1/alerts", method: .post, headers: fixture.headers(.secondLine), body: body(Self.alertJSON)) {
                response in
                #expect(response.status == .created)
                #expect(response.json["version"] as? Int == 1)
                #expect(response.json["action"] as? String == "refuse")
                id = response.json["id"] as? String ?? ""
            }
            try await client.execute(uri: "/v1/alerts/\(id)", method: .get, headers: fixture.headers(.firstLine)) {
                #expect($0.status == .ok)
                #expect($0.json["surname"] as? String == "Коваленко")
            }
            try await client.execute(uri: "/v1/alerts?category=entry_ban", method: .get, headers: fixture.headers(.analyst)) {
                #expect(($0.json["items"] as? [[String: Any]])?.count == 1)
            }
            try await client.execute(uri: "/v1/screening/person", method: .post, headers: fixture.headers(.secondLine), body: body(Self.screeningJSON)) {
                response in
                #expect(response.status == .ok)
                let hits = response.json["hits"] as? [[String: Any]] ?? []
                #expect(hits.first?["alertId"] as? String == id.uppercased() || hits.first?["alertId"] as? String == id)
                let explanation = hits.first?["explanation"] as? [String: Any]
                #expect((explanation?["fields"] as? [[String: Any]])?.isEmpty == false)
            }
            let dismissal = #"{"alertId": "\#(id)", "personId": "6f1c2b0e-1d2a-4c3b-8e4f-5a6b7c8d9e0f", "note": "other man"}"#
            try await client.execute(uri: "/v1/screening/dismissals", method: .post, headers: fixture.headers(.firstLine), body: body(dismissal)) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: "/v1/screening/dismissals", method: .post, headers: fixture.headers(.secondLine), body: body(dismissal)) {
                #expect($0.status == .created)
            }
            try await client.execute(uri: "/v1/screening/person", method: .post, headers: fixture.headers(.secondLine), body: body(Self.screeningJSON)) {
                #expect(($0.json["hits"] as? [Any])?.isEmpty == true)
            }
            let changed = Self.alertJSON.replacingOccurrences(of: "forged visa 2025", with: "forged visa 2025, extended")
            try await client.execute(uri: "/v1/alerts/\(id)", method: .put, headers: fixture.headers(.secondLine), body: body(changed)) {
                #expect($0.status == .ok)
                #expect($0.json["version"] as? Int == 2)
            }
            try await client.execute(uri: "/v1/screening/person", method: .post, headers: fixture.headers(.secondLine), body: body(Self.screeningJSON)) {
                #expect(($0.json["hits"] as? [Any])?.count == 1)
            }
            try await client.execute(uri: "/v1/alerts/\(id)", method: .delete, headers: fixture.headers(.secondLine)) {
                #expect($0.status == .ok)
                #expect($0.json["status"] as? String == "withdrawn")
            }
            try await client.execute(uri: "/v1/screening/person", method: .post, headers: fixture.headers(.secondLine), body: body(Self.screeningJSON)) {
                #expect(($0.json["hits"] as? [Any])?.isEmpty == true)
            }
        }
    }

    @Test(
        "bad alerts are problem details naming the field",
        arguments: [
            (#"{"category": "entry_ban", "reason": "r", "birthDate": "1980"}"#, "surname"),
            (#"{"category": "entry_ban", "reason": "r", "surname": "X", "birthDate": "2999-01-01"}"#, "birthDate"),
            (#"{"category": "spy", "reason": "r", "surname": "X"}"#, "category"),
            (#"{"category": "entry_ban", "reason": "r", "surname": "X", "nationality": "QQQ"}"#, "nationality"),
            (#"{"reason": "r", "surname": "X"}"#, "category"),
        ]
    )
    func problems(json: String, field: String) async throws {
        let fixture = try await APIFixture.make(.sqlite)
        try await fixture.run { client in
            try await client.execute(uri: "/v1/alerts", method: .post, headers: fixture.headers(.analyst), body: body(json)) {
                response in
                #expect(response.status == .unprocessableContent || response.status == .badRequest)
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(response.json["field"] as? String == field)
            }
        }
    }

    @Test("an import with a bad line is a 422 listing line and field; nothing is stored", arguments: TestDatabase.kinds)
    func importErrors(kind: DatabaseKind) async throws {
        let fixture = try await APIFixture.make(kind)
        try await fixture.run { client in
            let jsonl = """
                {"id":"A1","category":"entry_ban","surname":"Nguyen","givenNames":"Van An","birthDate":"1990","nationality":"VNM","sex":"M"}
                {"id":"A2","category":"entry_ban","surname":"Tran","birthDate":"1990-02-30","nationality":"VNM"}
                """
            var headers = fixture.headers(.analyst)
            headers[.contentType] = "application/x-ndjson"
            try await client.execute(uri: "/v1/alerts/import", method: .post, headers: headers, body: body(jsonl)) {
                response in
                #expect(response.status == .unprocessableContent)
                let errors = response.json["errors"] as? [[String: Any]] ?? []
                #expect(errors.first?["line"] as? Int == 2)
                #expect(errors.first?["field"] as? String == "birthDate")
                #expect(response.json["field"] as? String == "line 2.birthDate")
            }
            try await client.execute(uri: "/v1/alerts", method: .get, headers: fixture.headers(.analyst)) {
                #expect(($0.json["items"] as? [Any])?.isEmpty == true)
            }
            let good = jsonl.split(separator: "\n")[0]
            try await client.execute(uri: "/v1/alerts/import", method: .post, headers: headers, body: body(String(good))) {
                #expect($0.status == .created)
                #expect($0.json["imported"] as? Int == 1)
            }
            headers[.contentType] = "text/plain"
            try await client.execute(uri: "/v1/alerts/import", method: .post, headers: headers, body: body(String(good))) {
                #expect($0.status == .unprocessableContent)
                #expect($0.json["field"] as? String == "Content-Type")
            }
        }
    }

    @Test("an import lists every bad record and field; accept=valid stores the good ones", arguments: TestDatabase.kinds)
    func importAcceptValid(kind: DatabaseKind) async throws {
        let fixture = try await APIFixture.make(kind)
        try await fixture.run { client in
            let csv = """
                id,category,surname,givenNames,birthDate,nationality,sex
                C1,entry_ban,Nguyen,Van An,1990-07,VNM,M
                C2,entry_ban,Tran,,1990-02-30,VNZ,Q
                C3,wanted,Le,Thi Mai,1987-XX-XX,VNM,F
                C4,terrorist,,,,,
                """
            var headers = fixture.headers(.analyst)
            headers[.contentType] = "text/csv"
            try await client.execute(uri: "/v1/alerts/import", method: .post, headers: headers, body: body(csv)) {
                #expect($0.status == .unprocessableContent)
                let errors = $0.json["errors"] as? [[String: Any]] ?? []
                #expect(errors.map { $0["line"] as? Int } == [3, 3, 3, 5, 5])
                #expect(errors.map { $0["field"] as? String } == ["birthDate", "nationality", "sex", "category", "surname"])
                #expect($0.json["rejected"] as? Int == 2)
            }
            try await client.execute(uri: "/v1/alerts", method: .get, headers: fixture.headers(.analyst)) {
                #expect(($0.json["items"] as? [Any])?.isEmpty == true)
            }
            try await client.execute(uri: "/v1/alerts/import?accept=valid", method: .post, headers: headers, body: body(csv)) {
                #expect($0.status == .created)
                #expect($0.json["imported"] as? Int == 2)
                #expect($0.json["rejected"] as? Int == 2)
                #expect(($0.json["errors"] as? [Any])?.count == 5)
            }
            try await client.execute(uri: "/v1/alerts", method: .get, headers: fixture.headers(.analyst)) {
                #expect(($0.json["items"] as? [Any])?.count == 2)
            }
            try await client.execute(uri: "/v1/alerts/import?accept=some", method: .post, headers: headers, body: body(csv)) {
                #expect($0.status == .unprocessableContent)
                #expect($0.json["field"] as? String == "accept")
            }
        }
    }
}
