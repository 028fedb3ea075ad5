import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import NIOSSL
import Logging
import Prometheus
import ServiceLifecycle
import Services

/// Builds the HTTP application: middleware in order, then every route through the catalog.
public enum KordonServer {
    /// The router and its catalog; tests drive the router in process (`app.test(.router)`).
    public static func makeRouter(
        services: KordonServices, registry: PrometheusCollectorRegistry = .init(), metricsAccess: MetricsAccess = .off,
        tls: Bool = false
    ) async throws -> (router: Router<KordonRequestContext>, catalog: RouteCatalog) {
        // HEAD is answered as GET without the body (RFC 9110 §9.3.2), not 405.
        let router = Router(context: KordonRequestContext.self, options: .autoGenerateHeadEndpoints)
        let catalog = RouteCatalog()
        let admin = services.admin
        router.add(middleware: RequestIdMiddleware())
        router.add(middleware: SecurityHeadersMiddleware(tls: tls))
        router.add(middleware: RequestLogMiddleware())
        router.add(middleware: MetricsMiddleware(metrics: HTTPMetrics(registry: registry)))
        router.add(middleware: ProblemMiddleware(catalog: catalog))
        router.add(middleware: AuthenticationMiddleware(authenticate: { try await admin.authenticate(token: $0) }))
        let api = APIBuilder(router: router, catalog: catalog, services: services)
        api.addSystemRoutes(metrics: HTTPMetrics(registry: registry), metricsAccess: metricsAccess)
        api.addAdminRoutes()
        api.addRegisterRoutes()
        api.addForeignerRegisterRoutes()
        api.addDocumentRoutes()
        api.addCheckRoutes()
        api.addBiometricRoutes()
        api.addConsoleRoutes(Console(services: services, assets: try await Console.load(), secureCookies: tls))
        api.addWatchlistRoutes()
        api.addManifestRoutes()
        api.addExchangeRoutes()
        return (router, catalog)
    }

    /// The application, listening on `host:port`; run it with `runService()` (graceful shutdown on SIGTERM/SIGINT).
    public static func makeApplication(
        services: KordonServices, host: String, port: Int, logger: Logger, metricsAccess: MetricsAccess = .off,
        tls: TLSFiles? = nil, limits: ConnectionLimits = .init()
    ) async throws -> some ApplicationProtocol {
        let (router, _) = try await makeRouter(services: services, metricsAccess: metricsAccess, tls: tls != nil)
        let http1 = limits.channelConfiguration(connections: OpenConnections())
        let server: HTTPServerBuilder = try tls.map {
            try .tls(.http1(configuration: http1), tlsConfiguration: try $0.configuration())
        } ?? .http1(configuration: http1)
        return Application(
            router: router,
            server: server,
            configuration: .init(address: .hostname(host, port: port), serverName: "Kordon"),
            services: [ScreeningIndexFollower(screening: services.screening)] + services.auditServices
                + services.exchangeServices + services.maintenanceServices(logger: logger),
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

/// The certificate chain and private key `kordon serve --tls-cert --tls-key` serves HTTPS with (PEM files).
public struct TLSFiles: Sendable {
    public let certificatePath: String
    public let keyPath: String

    public init(certificatePath: String, keyPath: String) {
        self.certificatePath = certificatePath
        self.keyPath = keyPath
    }

    /// A server configuration from the files; a file that cannot be read or parsed is an error naming it.
    public func configuration() throws -> TLSConfiguration {
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certificatePath)
        } catch {
            throw ServiceError.invalid("--tls-cert", "\(certificatePath) is not a readable PEM certificate chain")
        }
        guard !chain.isEmpty else { throw ServiceError.invalid("--tls-cert", "\(certificatePath) holds no certificate") }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(file: keyPath, format: .pem)
        } catch {
            throw ServiceError.invalid("--tls-key", "\(keyPath) is not a readable PEM private key")
        }
        return TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
    }
}
