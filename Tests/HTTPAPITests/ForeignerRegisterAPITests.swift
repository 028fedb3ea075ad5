import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HTTPAPI
import KordonTesting
import NIOCore
import Services
import Store
import Testing

/// Issue 11 through the API: who reaches which register, and what each sees.
@Suite("Registers through the API")
struct ForeignerRegisterAPITests {
    static let asylumJSON = """
        {"register": "asylum",
         "subject": {"surname": "Аль-Хадід", "givenNames": "Карім", "birthDate": "1991-02-14", "nationality": "SYR", "sex": "M",
                     "document": {"number": "N0123456", "issuingState": "SYR"}},
         "details": {"appliedOn": "2026-02-01", "placeOfApplication": "Boryspil airport",
                     "steps": [{"kind": "decision", "date": "2026-05-20", "authority": "SMS of Ukraine", "outcome": "granted_complementary"}]}}
        """

    @Test("a partner's token cannot see the asylum record by any route", arguments: TestDatabase.kinds)
    func partnerSeesNoAsylum(kind: DatabaseKind) async throws {
        let fixture = try await APIFixture.make(kind)
        try await fixture.run { client in
            var recordId = ""
            var personId = ""
            try await client.execute(uri: "/v1/registers/asylum", method: .post, headers: fixture.headers(.migrationOfficer),
                                     body: body(Self.asylumJSON)) { response in
                #expect(response.status == .created, "\(response.text)")
                recordId = response.json["id"] as? String ?? ""
                personId = response.json["personId"] as? String ?? ""
            }
            let routes = [
                "/v1/registers/asylum", "/v1/registers/asylum/\(recordId)", "/v1/persons/\(personId)/timeline",
                "/v1/persons?name=Al-Hadid", "/v1/persons?document=N0123456", "/v1/persons/\(personId)", "/v1/identity-reviews",
                "/v1/registers/residence_permit", "/v1/audit?person=\(personId)",
            ]
            for role in [Role.partner, .admin, .operator, .firstLine] {
                for uri in routes {
                    try await client.execute(uri: uri, method: .get, headers: fixture.headers(role)) { response in
                        // First line sees persons and permits (the stay), never asylum files.
                        if role == .firstLine && (uri.hasPrefix("/v1/persons") || uri.hasPrefix("/v1/registers/residence_permit")) { return }
                        #expect(response.status == .forbidden, "\(role) GET \(uri): \(response.status)")
                        #expect(!response.text.contains("SMS of Ukraine"))
                    }
                }
            }
            // First line's timeline: the asylum record is not there, and the page says it is hidden.
            try await client.execute(uri: "/v1/persons/\(personId)/timeline", method: .get, headers: fixture.headers(.firstLine)) { response in
                #expect(response.status == .ok)
                #expect(!response.text.contains("asylum application"))
                #expect((response.json["hidden"] as? [String])?.contains("asylum") == true)
            }
            // Second line sees that protection exists, not the file.
            try await client.execute(uri: "/v1/registers/asylum/\(recordId)", method: .get, headers: fixture.headers(.secondLine)) { response in
                #expect(response.status == .ok)
                #expect(response.json["status"] as? String == "active")
                #expect(response.json["details"] == nil)
                #expect(response.json["subject"] == nil)
                #expect(response.json["history"] == nil)
            }
            // The migration officer sees the whole file and its history.
            try await client.execute(uri: "/v1/registers/asylum/\(recordId)", method: .get, headers: fixture.headers(.migrationOfficer)) { response in
                #expect(response.status == .ok)
                #expect((response.json["details"] as? [String: Any])?["placeOfApplication"] as? String == "Boryspil airport")
                #expect((response.json["history"] as? [Any])?.count == 1)
            }
        }
    }

    @Test("bad bodies name the field; a stale version gets 409 with the current one; a refused request changes nothing", arguments: TestDatabase.kinds)
    func badBodies(kind: DatabaseKind) async throws {
        let fixture = try await APIFixture.make(kind)
        try await fixture.run { client in
            let permit = """
                {"register": "residence_permit", "subject": {"surname": "NOWAK", "givenNames": "EWA", "birthDate": "1989-09-09", "nationality": "POL"},
                 "details": {"permitType": "temporary", "purpose": "study", "cardNumber": "TP77", "validFrom": "2026-09-01", "validUntil": "2027-06-30"}}
                """
            let cases: [(String, String)] = [
                (permit.replacingOccurrences(of: "2027-06-30", with: "2026-08-31"), "details.validUntil"),
                (permit.replacingOccurrences(of: "\"study\"", with: "\"tourism\""), "details.purpose"),
                (permit.replacingOccurrences(of: "1989-09-09", with: "2989-09-09"), "subject.birthDate"),
                // The body says visa: its details are read as a visa's, and the first missing visa field is named.
                (permit.replacingOccurrences(of: "\"residence_permit\"", with: "\"visa\""), "details.visaType"),
                (permit.replacingOccurrences(of: "\"cardNumber\": \"TP77\", ", with: ""), "details.cardNumber"),
            ]
            for (json, field) in cases {
                try await client.execute(uri: "/v1/registers/residence_permit", method: .post, headers: fixture.headers(.migrationOfficer), body: body(json)) { response in
                    #expect([.badRequest, .unprocessableContent].contains(response.status), "\(field): \(response.text)")
                    #expect(response.json["field"] as? String == field, "\(response.text)")
                }
            }
            var id = ""
            try await client.execute(uri: "/v1/registers/residence_permit", method: .post, headers: fixture.headers(.migrationOfficer), body: body(permit)) { response in
                #expect(response.status == .created)
                id = response.json["id"] as? String ?? ""
            }
            let amend = """
                {"register": "residence_permit", "version": 1, "reason": "extended",
                 "details": {"permitType": "temporary", "purpose": "study", "cardNumber": "TP77", "validFrom": "2026-09-01", "validUntil": "2028-06-30"}}
                """
            try await client.execute(uri: "/v1/registers/residence_permit/\(id)", method: .put, headers: fixture.headers(.migrationOfficer), body: body(amend)) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/v1/registers/residence_permit/\(id)", method: .put, headers: fixture.headers(.migrationOfficer),
                                     body: body(amend.replacingOccurrences(of: "2028-06-30", with: "2029-06-30"))) { response in
                #expect(response.status == .conflict)
                #expect(response.json["field"] as? String == "version")
                #expect((response.json["detail"] as? String)?.contains("version 2") == true)
            }
            try await client.execute(uri: "/v1/registers/residence_permit/\(id)", method: .get, headers: fixture.headers(.migrationOfficer)) { response in
                #expect(response.json["validUntil"] as? String == "2028-06-30")
                #expect(response.json["version"] as? Int == 2)
            }
        }
    }
}
