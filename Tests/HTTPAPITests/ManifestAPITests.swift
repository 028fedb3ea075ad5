import Edifact
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KordonTesting
import NIOCore
import Store
import Testing

@Suite("Manifests and the flight board over HTTP")
struct ManifestAPITests {
    /// A PAXLST interchange for a flight landing at Boryspil in two hours (invented travellers).
    static func edifact(travellers: [(String, String, String)] = [("RUSU", "ION", "AB1000001"), ("CEBAN", "MARIA", "AB1000002")])
        -> String
    {
        let zone = TimeZone(identifier: "Europe/Kyiv") ?? TimeZone(secondsFromGMT: 7_200) ?? .gmt
        func local(_ date: Date) -> String {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
            return String(format: "%04d-%02d-%02dT%02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
        }
        let flight = Flight(
            flightNumber: "PS102", carrier: "PS", departurePort: "AMS", departureDateTime: local(Date()),
            arrivalPort: "KBP", arrivalDateTime: local(Date().addingTimeInterval(7_200))
        )
        let passengers = travellers.map { surname, given, number in
            Passenger(
                type: .passenger, nadQualifier: "FL", surname: surname, givenNames: given, givenNameComponents: [given],
                birthDate: "1985-04-12", sex: "M", nationality: "MDA",
                documents: [.init(type: "P", number: number, issuingState: "MDA", expiry: "2034-12-31")]
            )
        }
        let manifest = Manifest(
            una: true, interchange: Interchange(sender: "PSAPIS", recipient: "UASBGS", controlRef: "H1"),
            messages: [ManifestMessage(messageRef: "1", documentCode: "745", listType: .passenger, flights: [flight], travellers: passengers)]
        )
        return PaxlstWriter.interchange(manifest, preparedAt: "260315:0800")
    }

    static let alertJSON = """
        {"reference": "EB-HTTP-1", "category": "entry_ban", "reason": "entry ban", "surname": "RUSU",
         "givenNames": "ION", "birthDate": "1985-04-12", "nationality": "MDA", "sex": "M"}
        """

    @Test("a manifest is posted, shown on the board with its hit, read and reviewed; roles are enforced", arguments: TestDatabase.kinds)
    func lifecycle(kind: DatabaseKind) async throws {
        let fixture = try await APIFixture.make(kind)
        try await fixture.run { client in
            try await client.execute(uri: "/v1/alerts", method: .post, headers: fixture.headers(.secondLine), body: body(Self.alertJSON)) {
                #expect($0.status == .created)
            }
            let edifact = Self.edifact()
            var headers = fixture.headers(.analyst)
            headers[.contentType] = "application/edifact"
            try await client.execute(uri: "/v1/manifests", method: .post, headers: [.contentType: "application/edifact"], body: body(edifact)) {
                #expect($0.status == .unauthorized)
                #expect($0.headers[.contentType] == "application/problem+json")
            }
            var firstLine = fixture.headers(.firstLine)
            firstLine[.contentType] = "application/edifact"
            try await client.execute(uri: "/v1/manifests", method: .post, headers: firstLine, body: body(edifact)) {
                #expect($0.status == .forbidden)
            }
            var flightId = ""
            try await client.execute(uri: "/v1/manifests", method: .post, headers: headers, body: body(edifact)) { response in
                #expect(response.status == .created, "\(response.text)")
                let flights = response.json["flights"] as? [[String: Any]] ?? []
                #expect(flights.first?["flight"] as? String == "PS 102")
                #expect(flights.first?["travellers"] as? Int == 2)
                #expect(flights.first?["openHits"] as? Int == 1)
                flightId = flights.first?["id"] as? String ?? ""
            }
            try await client.execute(uri: "/v1/flights?point=UA-AIR-KBP", method: .get, headers: fixture.headers(.firstLine)) { response in
                #expect(response.status == .ok)
                #expect(response.jsonArray.first?["hits"] as? Int == 1)
                #expect(response.jsonArray.first?["status"] as? String == "expected")
            }
            try await client.execute(uri: "/v1/flights", method: .get, headers: fixture.headers(.auditor)) {
                #expect($0.status == .forbidden)
            }
            var hitId = ""
            try await client.execute(uri: "/v1/flights/\(flightId)", method: .get, headers: fixture.headers(.secondLine)) { response in
                #expect(response.status == .ok)
                let travellers = response.json["travellers"] as? [[String: Any]] ?? []
                #expect((travellers.first?["traveller"] as? [String: Any])?["surname"] as? String == "RUSU")
                let hits = travellers.first?["hits"] as? [[String: Any]] ?? []
                hitId = hits.first?["id"] as? String ?? ""
            }
            let resolve = #"{"resolution": "confirmed", "note": "ban in force"}"#
            try await client.execute(
                uri: "/v1/flights/\(flightId)/hits/\(hitId)/resolve", method: .post, headers: fixture.headers(.analyst), body: body(resolve)
            ) { #expect($0.status == .forbidden) }
            try await client.execute(
                uri: "/v1/flights/\(flightId)/hits/\(hitId)/resolve", method: .post, headers: fixture.headers(.secondLine), body: body(resolve)
            ) { response in
                #expect(response.status == .ok)
                #expect(response.json["resolution"] as? String == "confirmed")
            }
            try await client.execute(uri: "/v1/flights/\(UUID().uuidString)", method: .get, headers: fixture.headers(.analyst)) {
                #expect($0.status == .notFound)
            }
        }
    }

    @Test(
        "a flawed manifest is stored with its flaws; one with nothing to read is a 422; a foreign airport names the field",
        arguments: TestDatabase.kinds)
    func problems(kind: DatabaseKind) async throws {
        let fixture = try await APIFixture.make(kind)
        try await fixture.run { client in
            var headers = fixture.headers(.analyst)
            headers[.contentType] = "text/plain"
            let broken = Self.edifact().replacingOccurrences(of: "DTM+329:850412", with: "DTM+329:851332")
            try await client.execute(uri: "/v1/manifests", method: .post, headers: headers, body: body(broken)) { response in
                #expect(response.status == .created)
                #expect(response.json["complete"] as? Bool == true)
                let problems = response.json["problems"] as? [[String: Any]] ?? []
                let flaw = problems.first { $0["code"] as? String == "invalidDate" }
                #expect(flaw?["traveller"] as? Int == 0 && flaw?["field"] as? String == "birthDate", "\(problems)")
                #expect((flaw?["segment"] as? Int) != nil && flaw?["tag"] as? String == "DTM")
                let flights = response.json["flights"] as? [[String: Any]] ?? []
                #expect((flights.first?["flaws"] as? [[String: Any]])?.first?["kind"] as? String == "invalidDate")
                #expect(!response.text.contains("851332"), "problems carry positions, not the values")
            }
            let empty = "UNB+UNOA:4+S+R+260315:0800+R1'UNZ+0+R1'"
            try await client.execute(uri: "/v1/manifests", method: .post, headers: headers, body: body(empty)) { response in
                #expect(response.status == .unprocessableContent)
                #expect(response.json["type"] as? String == "/problems/manifest-rejected")
                let errors = response.json["errors"] as? [[String: Any]] ?? []
                #expect(errors.first?["code"] as? String == "noMessage")
            }
            let foreign = Self.edifact().replacingOccurrences(of: "LOC+87+KBP", with: "LOC+87+JFK")
            try await client.execute(uri: "/v1/manifests", method: .post, headers: headers, body: body(foreign)) { response in
                #expect(response.status == .unprocessableContent)
                #expect(response.json["field"] as? String == "messages[0].flights[0].arrivalPort")
            }
            try await client.execute(uri: "/v1/flights", method: .get, headers: fixture.headers(.analyst)) {
                #expect($0.jsonArray.count == 1, "the flawed manifest's flight")
                #expect(($0.jsonArray.first?["flaws"] as? [[String: Any]])?.isEmpty == false)
            }
            try await client.execute(uri: "/v1/flights?point=NOWHERE", method: .get, headers: fixture.headers(.analyst)) {
                #expect($0.status == .unprocessableContent)
                #expect($0.json["field"] as? String == "point")
            }
        }
    }

    @Test("the console's flight board lists the flight, shows its travellers, and second line reviews a hit there", arguments: TestDatabase.kinds)
    func console(kind: DatabaseKind) async throws {
        let fixture = try await APIFixture.make(kind)
        try await fixture.run { client in
            try await client.execute(uri: "/v1/alerts", method: .post, headers: fixture.headers(.secondLine), body: body(Self.alertJSON)) {
                #expect($0.status == .created)
            }
            var headers = fixture.headers(.analyst)
            headers[.contentType] = "application/edifact"
            var flightId = ""
            try await client.execute(uri: "/v1/manifests", method: .post, headers: headers, body: body(Self.edifact())) {
                flightId = ($0.json["flights"] as? [[String: Any]])?.first?["id"] as? String ?? ""
            }
            let cookie = try await fixture.consoleCookie(.secondLine)
            try await client.execute(uri: "/console/flights", method: .get, headers: cookie) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("PS 102"))
            }
            var action = ""
            var csrf = ""
            try await client.execute(uri: "/console/flights/\(flightId)", method: .get, headers: cookie) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("RUSU, ION"))
                #expect(response.text.contains("Not yet at border"))
                let html = response.text
                if let range = html.range(of: #"action="(/console/flights/[^"]+/resolve)""#, options: .regularExpression) {
                    action = String(html[range].dropFirst(8).dropLast())
                }
                if let range = html.range(of: #"name="csrf" value="[A-Za-z0-9_-]+""#, options: .regularExpression) {
                    csrf = String(html[range].split(separator: "\"")[3])
                }
            }
            #expect(!action.isEmpty && !csrf.isEmpty, "second line sees review forms for the open hit")
            var form = cookie
            form[.contentType] = "application/x-www-form-urlencoded"
            try await client.execute(uri: action, method: .post, headers: form, body: body("csrf=\(csrf)&resolution=confirmed")) {
                #expect($0.status == .seeOther)
            }
            try await client.execute(uri: "/v1/flights/\(flightId)", method: .get, headers: fixture.headers(.analyst)) { response in
                let travellers = response.json["travellers"] as? [[String: Any]] ?? []
                let hits = travellers.first?["hits"] as? [[String: Any]] ?? []
                #expect(hits.first?["resolution"] as? String == "confirmed")
            }
        }
    }
}
