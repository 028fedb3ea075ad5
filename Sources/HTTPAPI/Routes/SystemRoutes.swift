import Foundation
import Hummingbird
import NIOCore
import Prometheus

extension APIBuilder {
    /// `/health`, `/metrics`, `/v1/openapi.json`: open, no personal data.
    func addSystemRoutes(metrics: HTTPMetrics) {
        let database = services.database
        add(.get, "/health", summary: "Liveness and database reachability", access: .open, response: Schemas.health) {
            _, _, _ in
            let reachable = await database.isReachable()
            return try JSONCoding.response(
                ["status": reachable ? "ok" : "unavailable", "database": database.kind.rawValue],
                status: reachable ? .ok : .serviceUnavailable
            )
        }
        add(.get, "/metrics", summary: "Prometheus metrics", access: .open, response: Schemas.string) { _, _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: .init(byteBuffer: ByteBuffer(bytes: metrics.registry.emitToBuffer()))
            )
        }
        let catalog = self.catalog
        add(.get, "/v1/openapi.json", summary: "This API's OpenAPI 3.1 description", access: .open, response: Schemas.object) {
            _, _, _ in
            try JSONCoding.response(catalog.openAPIDocument())
        }
    }
}
