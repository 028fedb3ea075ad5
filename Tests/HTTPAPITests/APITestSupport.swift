import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KordonTesting
import NIOCore
import Services
import Store
import Testing

/// An in-process API over a fresh database, with an agency whose officers hold every role.
/// `@unchecked Sendable`: the router is only touched before the test client starts; the rest is Sendable.
struct APIFixture: @unchecked Sendable {
    let services: KordonServices
    let agency: TestAgency
    let router: Router<KordonRequestContext>
    let catalog: RouteCatalog

    /// The scrape token the fixture's `/metrics` answers to.
    static let metricsToken = "test-metrics-scrape-token"

    static func make(_ kind: DatabaseKind, clock: @escaping Clock = { Date() }, tls: Bool = false) async throws -> APIFixture {
        let services = try await TestDatabase.services(kind, clock: clock)
        let agency = try await TestAgency.make(services)
        let (router, catalog) = try await KordonServer.makeRouter(
            services: services, metricsAccess: .token(metricsToken), tls: tls
        )
        return APIFixture(services: services, agency: agency, router: router, catalog: catalog)
    }

    /// Runs `body` with a test client, then closes the database.
    func run(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        // Warnings and above only: a request line per call would bury a failure in the CI log.
        let app = Application(router: router, logger: TestDatabase.logger)
        do {
            try await app.test(.router, body)
        } catch {
            try? await services.database.shutdown()
            throw error
        }
        try await services.database.shutdown()
    }

    func headers(_ role: Role?, _ extra: HTTPFields = [:]) -> HTTPFields {
        var fields = extra
        if let role, let token = agency.tokens[role] { fields[.authorization] = "Bearer \(token)" }
        fields[.contentType] = "application/json"
        return fields
    }

    /// A console session of `role`'s officer, as the sign-in form would open it: the cookie header.
    /// A signed-in console session; `language` is the officer's remembered choice (nil: none, so
    /// `Accept-Language` decides and Ukrainian wins).
    func consoleCookie(_ role: Role, language: String? = "en") async throws -> HTTPFields {
        let session = try #require(try await services.admin.startSession(token: agency.tokens[role] ?? ""))
        return [.cookie: "kordon_session=\(session.id)" + (language.map { "; kordon_lang=\($0)" } ?? "")]
    }

    func headers(token: String) -> HTTPFields {
        [.authorization: "Bearer \(token)", .contentType: "application/json"]
    }
}

extension TestResponse {
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any]) ?? [:]
    }

    var jsonArray: [[String: Any]] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: body)) as? [[String: Any]]) ?? []
    }

    var text: String { String(buffer: body) }
}

func body(_ json: String) -> ByteBuffer { ByteBuffer(string: json) }

/// A valid person body for the create route.
let personJSON = """
    {"surname": "ERIKSSON", "givenNames": "ANNA MARIA", "birthDate": "1974-08-12", "sex": "F",
     "nationality": "UTO", "documents": [{"documentCode": "P", "issuingState": "UTO", "number": "L898902C3",
     "expiryDate": "2032-04-15"}]}
    """
