import Foundation
import HTTPTypes
import Hummingbird
import NIOConcurrencyHelpers
import Prometheus

/// Request counts and latency histograms by route template and status (STYLE.md §10: labels are
/// bounded — the matched route, never the URL with its ids).
final class HTTPMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    private let cache = NIOLockedValueBox<[String: (Counter, DurationHistogram)]>([:])

    static let buckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5),
    ]

    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    func record(route: String, method: String, status: Int, duration: Duration) {
        let key = "\(method) \(route) \(status)"
        let (counter, histogram) = cache.withLockedValue { cache in
            if let found = cache[key] { return found }
            let labels = [("route", route), ("method", method), ("status", String(status))]
            let made = (
                registry.makeCounter(name: "kordon_http_requests_total", labels: labels),
                registry.makeDurationHistogram(
                    name: "kordon_http_request_duration_seconds", labels: [("route", route), ("method", method)],
                    buckets: Self.buckets
                )
            )
            cache[key] = made
            return made
        }
        counter.increment()
        histogram.record(duration)
    }
}

struct MetricsMiddleware: RouterMiddleware {
    typealias Context = KordonRequestContext
    let metrics: HTTPMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let route = context.endpointPath ?? "unmatched"
        metrics.record(
            route: route == "NotFound" ? "unmatched" : route, method: request.method.rawValue,
            status: Int(response.status.code), duration: ContinuousClock.now - start
        )
        return response
    }
}
