import AsyncHTTPClient
import Foundation
import NIOCore

/// How a delivery reaches its receiver: one POST, answered with a status. A protocol so tests can
/// stand in a receiver that fails, hangs or answers out of turn (STYLE.md §9).
public protocol WebhookTransport: Sendable {
    /// POSTs `body` with `headers` and returns the status; throws when no answer came within `timeout`.
    func post(url: String, headers: [(String, String)], body: Data, timeout: Duration) async throws -> Int
}

/// POSTs over HTTP(S) with AsyncHTTPClient. Redirects are not followed: a receiver that answers 3xx
/// has moved, and is retried with backoff until its subscription is corrected, never silently
/// delivered to another address.
public final class HTTPWebhookTransport: WebhookTransport {
    let client: HTTPClient

    public init() {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.connectionPool = .init(idleTimeout: .seconds(60))
        configuration.timeout = .init(connect: .seconds(5))
        self.client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    public func post(url: String, headers: [(String, String)], body: Data, timeout: Duration) async throws -> Int {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        let ms = timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000
        let response = try await client.execute(request, timeout: .milliseconds(max(1, ms)))
        // Drain (bounded) so the connection can be reused.
        _ = try? await response.body.collect(upTo: 64 * 1024)
        return Int(response.status.code)
    }

    /// Closes the connections; call once when deliveries stop.
    public func shutdown() async {
        try? await client.shutdown()
    }
}
