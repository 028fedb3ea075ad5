import ArgumentParser
import AsyncHTTPClient
import Foundation

/// `kordon bench check-clients`: the clients of `kordon bench checks` in a process of their own (issue 15: the
/// benchmark's clients must not share the server's process unseen). Started by `bench checks`; prints its figures
/// as one JSON object on standard output.
struct BenchCheckClients: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-clients",
        abstract: "Send border checks to a running server (started by `kordon bench checks`); print the figures as JSON.",
        shouldDisplay: false
    )

    @Option(help: "The server's base URL.")
    var url: String

    @Option(help: "The request bodies, one JSON object per line.")
    var bodies: String

    @Option(help: "Concurrent clients.")
    var clients: Int = 8

    func run() async throws {
        guard let token = ProcessInfo.processInfo.environment["KORDON_BENCH_TOKEN"], !token.isEmpty else {
            throw ValidationError("KORDON_BENCH_TOKEN must hold the officer's token")
        }
        let requests = try Data(contentsOf: URL(fileURLWithPath: bodies)).split(separator: 0x0A).map { Data($0) }
        let client = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: .init(connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: clients))
        )
        do {
            let figures = try await BenchChecks.send(client, bases: [url], token: token, bodies: requests, clients: clients)
            try await client.shutdown()
            FileHandle.standardOutput.write(try JSONEncoder().encode(figures))
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}
