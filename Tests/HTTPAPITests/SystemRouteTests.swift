import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KordonTesting
import Store
import Testing

@Suite("Health, metrics and the OpenAPI document")
struct SystemRouteTests {
    @Test("every registered route is in the OpenAPI document and every documented route is registered")
    func openAPIMatchesRouter() async throws {
        let fixture = try await APIFixture.make(.sqlite)
        let registered = Set(fixture.router.routes.map { "\($0.method.rawValue) \($0.path.description)" })
        let documented = Set(fixture.catalog.routes.map { "\($0.method.rawValue) \($0.path)" })
        #expect(!registered.isEmpty)
        #expect(registered == documented)
        try await fixture.run { client in
            try await client.execute(uri: "/v1/openapi.json", method: .get) { response in
                #expect(response.status == .ok)
                let paths = response.json["paths"] as? [String: [String: Any]] ?? [:]
                let served = Set(paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) \(path)" } })
                #expect(served == documented)
                #expect(response.json["openapi"] as? String == "3.1.0")
            }
        }
    }

    @Test("health reports the database; metrics count requests by route template")
    func healthAndMetrics() async throws {
        let fixture = try await APIFixture.make(.sqlite)
        try await fixture.run { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.json["status"] as? String == "ok")
                #expect(response.json["database"] as? String == "sqlite")
            }
            try await client.execute(uri: "/v1/crossing-points/UA-ROAD-SHEHYNI", method: .get, headers: fixture.headers(.firstLine)) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/metrics", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(
                uri: "/metrics", method: .get, headers: [.authorization: "Bearer \(APIFixture.metricsToken)"]
            ) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("kordon_http_requests_total"))
                #expect(response.text.contains(#"route="/v1/crossing-points/{code}""#))
                #expect(!response.text.contains("UA-ROAD-SHEHYNI"))
                #expect(response.text.contains("kordon_http_request_duration_seconds_bucket"))
            }
        }
    }
}

@Suite("MRZ over HTTP")
struct MRZRouteTests {
    @Test("POST /v1/documents/mrz returns the CLI's JSON; a bad check digit is a problem, not an error")
    func parse() async throws {
        let fixture = try await APIFixture.make(.sqlite)
        try await fixture.run { client in
            let specimen = #"{"mrz": ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"]}"#
            try await client.execute(uri: "/v1/documents/mrz", method: .post, headers: fixture.headers(.firstLine), body: body(specimen)) {
                response in
                #expect(response.status == .ok)
                #expect(response.json["format"] as? String == "TD3")
                #expect(response.json["surname"] as? String == "ERIKSSON")
                #expect(response.json["valid"] as? Bool == true)
            }
            let broken = specimen.replacingOccurrences(of: "L898902C36", with: "L898902C37")
            try await client.execute(uri: "/v1/documents/mrz", method: .post, headers: fixture.headers(.firstLine), body: body(broken)) {
                response in
                #expect(response.status == .ok)
                #expect(response.json["valid"] as? Bool == false)
                let problems = response.json["problems"] as? [[String: Any]] ?? []
                #expect(problems.contains { $0["field"] as? String == "documentNumber" })
            }
        }
    }
}
