import Foundation
import Hummingbird
import NIOCore
import Prometheus
import Services

/// How `/metrics` is exposed (issue 10 item 6: it was open to anyone).
public enum MetricsAccess: Sendable {
    /// Only with `Authorization: Bearer <token>` (a scrape token, not an officer's).
    case token(String)
    /// Not on this listener (served on a separate one, or not at all).
    case off
    /// Open: only for a listener that is itself private (loopback, a monitoring network).
    case open
}

extension APIBuilder {
    /// `/health`, `/metrics`, `/v1/openapi.json`: no personal data.
    func addSystemRoutes(metrics: HTTPMetrics, metricsAccess: MetricsAccess) {
        let database = services.database
        let exchange = services.exchange
        open(.get, "/health", summary: "Liveness and database reachability", response: Schemas.health) { _, _ in
            let reachable = await database.isReachable()
            return try JSONCoding.response(
                ["status": reachable ? "ok" : "unavailable", "database": database.kind.rawValue],
                status: reachable ? .ok : .serviceUnavailable
            )
        }
        if case .off = metricsAccess {} else {
            open(.get, "/metrics", summary: "Prometheus metrics (scrape token unless the listener is private)", response: Schemas.string,
                 responseTypes: ["text/plain"]) {
                request, _ in
                if case .token(let expected) = metricsAccess {
                    let given = request.headers[.authorization] ?? ""
                    guard Self.constantTimeEqual(given, "Bearer " + expected) else {
                        throw ServiceError(.unauthenticated, field: "Authorization", "send the metrics scrape token as a Bearer token")
                    }
                }
                var buffer = ByteBuffer(bytes: metrics.registry.emitToBuffer())
                buffer.writeString(await exchange.stats.prometheusText())
                return Response(
                    status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: .init(byteBuffer: buffer)
                )
            }
        }
        let catalog = self.catalog
        open(.get, "/v1/openapi.json", summary: "This API's OpenAPI 3.1 description", response: Schemas.openAPIDocument) { _, _ in
            try JSONCoding.response(catalog.openAPIDocument())
        }
    }

    /// Compares secrets without an early exit, so timing does not tell how much of a guess was right.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

extension Schemas {
    /// The OpenAPI document itself: its own schema is the OpenAPI 3.1 specification's, so only the members every
    /// document has are named here, the rest stated as a free map.
    static let openAPIDocument: JSONValue = [
        "type": "object",
        "properties": [
            "openapi": ["type": "string"],
            "info": ["type": "object", "additionalProperties": true],
            "paths": ["type": "object", "additionalProperties": true],
        ],
        "required": ["openapi", "info", "paths"],
        "additionalProperties": true,
    ]
}
