import ArgumentParser
import Foundation
import HTTPAPI
import Hummingbird
import Logging
import NIOCore
import Services

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the HTTP API (migrates the database first). Stops gracefully on SIGINT/SIGTERM."
    )

    @OptionGroup var store: StoreOptions

    @Option(help: "Address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "Port to listen on.")
    var port: Int = 8080

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    @Option(help: "PEM certificate chain: serve HTTPS (with --tls-key); console cookies are then Secure.")
    var tlsCert: String?

    @Option(help: "PEM private key of --tls-cert.")
    var tlsKey: String?

    @Option(help: "Serve /metrics only with this Bearer scrape token (default: env KORDON_METRICS_TOKEN; without either, /metrics is off).")
    var metricsToken: String?

    @OptionGroup(title: "Audit trail") var audit: AuditSigningOptions

    @Option(help: "Open connections at most; one more is answered 503 and closed.")
    var maxConnections: Int = 512

    @Option(help: "Seconds a client has to send a whole request head (slow clients are closed).")
    var headTimeout: Int = 10

    @Option(help: "Seconds a client has to send a request body (then 408).")
    var bodyTimeout: Int = 60

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level: unknown level") }
        guard (tlsCert == nil) == (tlsKey == nil) else { throw ValidationError("--tls-cert and --tls-key go together") }
        guard maxConnections > 0, headTimeout > 0, bodyTimeout > 0 else {
            throw ValidationError("--max-connections, --head-timeout and --body-timeout must be positive")
        }
        if let metricsToken, metricsToken.utf8.count < 16 {
            throw ValidationError("--metrics-token: use at least 16 characters")
        }
    }

    func run() async throws {
        let logger = makeLogger("kordon", level: Logger.Level(rawValue: logLevel) ?? .info)
        var services = try await store.start(logger: logger)
        do {
            services.auditCheckpointer = try audit.checkpointer(
                services: services, dataDirectory: store.data, logger: logger
            )
            services.exchangeDispatcher = try audit.exchangeDispatcher(
                services: services, dataDirectory: store.data, logger: logger
            )
        } catch {
            try? await services.database.shutdown()
            throw error
        }
        logger.info("Serving", metadata: ["database": "\(services.database.location)", "port": "\(port)"])
        let token = metricsToken ?? ProcessInfo.processInfo.environment["KORDON_METRICS_TOKEN"]
        let app = try await KordonServer.makeApplication(
            services: services, host: host, port: port, logger: logger,
            metricsAccess: token.map { .token($0) } ?? .off,
            tls: tlsCert.flatMap { cert in tlsKey.map { TLSFiles(certificatePath: cert, keyPath: $0) } },
            limits: .init(
                maximumConnections: maxConnections, headTimeout: .seconds(Int64(headTimeout)),
                bodyTimeout: .seconds(Int64(bodyTimeout))
            )
        )
        do {
            try await app.runService()
        } catch {
            try? await services.database.shutdown()
            throw error
        }
        try await services.database.shutdown()
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations and exit.")

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let logger = makeLogger("kordon")
        let services = try await store.start(logger: logger)
        print("Database \(services.database.location) is at the latest schema.")
        try await services.database.shutdown()
    }
}
