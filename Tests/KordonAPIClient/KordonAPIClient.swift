package import Foundation
import HTTPTypes
package import OpenAPIAsyncHTTPClient
package import OpenAPIRuntime

/// A client of one Kordon installation, generated from `openapi.json` (the document the server serves, kept
/// equal to it by `OpenAPIContractTests`): tests that call the API through it fail to compile, or to decode,
/// when the document stops describing what the server does.
package enum KordonAPI {
    /// A client of the installation at `serverURL`, acting as the officer whose bearer token is `token`.
    package static func client(serverURL: URL, token: String) -> Client {
        Client(
            serverURL: serverURL,
            configuration: Configuration(dateTranscoder: .iso8601WithFractionalSeconds),
            transport: AsyncHTTPClientTransport(),
            middlewares: [BearerToken(token: token)]
        )
    }
}

/// Sends the officer's token with every request: the document states `bearer` security, which the generator
/// leaves to the caller to supply.
struct BearerToken: ClientMiddleware {
    let token: String

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        var request = request
        request.headerFields[.authorization] = "Bearer \(token)"
        return try await next(request, body, baseURL)
    }
}
