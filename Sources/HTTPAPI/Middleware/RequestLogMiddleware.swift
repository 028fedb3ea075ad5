import Foundation
import Hummingbird
import Logging

/// One structured log line per request: method, route template, status, duration, request id.
/// Never the URL (it may carry ids of persons), headers or bodies (STYLE.md §10).
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = KordonRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        context.logger.info(
            "Request handled",
            metadata: [
                "method": .string(request.method.rawValue),
                "route": .string(context.endpointPath ?? "unmatched"),
                "status": .stringConvertible(response.status.code),
                "duration_ms": .string(String(format: "%.2f", ms)),
            ]
        )
        return response
    }
}
