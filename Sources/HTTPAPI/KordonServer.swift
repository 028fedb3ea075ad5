import Foundation
import Hummingbird
import Logging
import Prometheus
import ServiceLifecycle
import Services

/// Builds the HTTP application: middleware in order, then every route through the catalog.
public enum KordonServer {
    /// The router and its catalog; tests drive the router in process (`app.test(.router)`).
    public static func makeRouter(services: KordonServices, registry: PrometheusCollectorRegistry = .init())
        async throws -> (router: Router<KordonRequestContext>, catalog: RouteCatalog)
    {
        let router = Router(context: KordonRequestContext.self)
        let catalog = RouteCatalog()
        router.add(middleware: RequestIdMiddleware())
        router.add(middleware: RequestLogMiddleware())
        router.add(middleware: MetricsMiddleware(metrics: HTTPMetrics(registry: registry)))
        router.add(middleware: ProblemMiddleware(catalog: catalog))
        let api = APIBuilder(router: router, catalog: catalog, services: services)
        api.addSystemRoutes(metrics: HTTPMetrics(registry: registry))
        api.addAdminRoutes()
        api.addRegisterRoutes()
        api.addDocumentRoutes()
        api.addCheckRoutes()
        api.addBiometricRoutes()
        api.addConsoleRoutes(Console(services: services, assets: try await Console.load()))
        api.addWatchlistRoutes()
        api.addManifestRoutes()
        return (router, catalog)
    }

    /// The application, listening on `host:port`; run it with `runService()` (graceful shutdown on SIGTERM/SIGINT).
    public static func makeApplication(
        services: KordonServices, host: String, port: Int, logger: Logger
    ) async throws -> some ApplicationProtocol {
        let (router, _) = try await makeRouter(services: services)
        return Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "Kordon"),
            services: [ScreeningIndexFollower(screening: services.screening)],
            logger: logger
        )
    }
}

/// Keeps the screening index current with changes made by other processes (polls `alert_change`),
/// alongside the HTTP server, until graceful shutdown.
struct ScreeningIndexFollower: Service {
    let screening: ScreeningIndexService

    func run() async throws {
        try await cancelWhenGracefulShutdown { try await screening.run() }
    }
}
