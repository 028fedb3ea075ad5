import ArgumentParser
import AsyncHTTPClient
import Foundation
import HTTPAPI
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import Services
import Store

/// `kordon bench checks` (issue 6 item 8): the border check end to end — `POST /v1/checks` over HTTP
/// to a server in this process, on a store holding the demo's travellers and crossings and a large
/// watchlist — with concurrent clients, as booths at a busy crossing point would send them.
///
/// The clients run in the same process as the server, or in a second process (`kordon bench check-clients`), or
/// both one after the other (the default, issue 15): in one process they share the server's cores unseen; in two,
/// the operating system shares them, as it would with booths on other machines and a busy server. Every request
/// is a full check: MRZ parse, screening, history, stay rules and the recorded check with its audit entry (a
/// write per request).
struct BenchChecks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checks",
        abstract: "POST /v1/checks over HTTP with concurrent clients; print p50/p99 latency and checks/s.",
        discussion: """
            Seeds a fresh store (SQLite in a temporary folder, or --database postgres://…, which must be \
            an empty database) with the demo's travellers and crossings, imports the watchlist file, \
            starts the server on a free local port and sends the checks. The alerts file is the \
            screening benchmark's (shared/bench/screening/generate.py … --out DIR → DIR/alerts.jsonl).
            """
    )

    @Option(help: "Alerts to import (JSON Lines, the screening benchmark's alerts.jsonl).")
    var alertsFile: String

    @Option(help: "Crossings in the store.")
    var crossings: Int = 1_000_000

    @Option(help: "Travellers in the store.")
    var persons: Int = 50_000

    @Option(help: "Checks to time (after a warm-up of 200).")
    var checks: Int = 10_000

    @Option(help: "Concurrent clients.")
    var clients: Int = 8

    enum Placement: String, ExpressibleByArgument, CaseIterable {
        case inProcess = "in-process", separate, both
    }

    @Option(help: "Where the clients run: in-process, separate (a second kordon process), or both, one after the other.")
    var clientsIn: Placement = .both

    @Option(help: "Alerts to import while the checks run (issue 15: an import must never stop the border); the checks then run until the import ends.")
    var importDuring: String?

    enum ImportPlacement: String, ExpressibleByArgument, CaseIterable {
        case inProcess = "in-process", separate
    }

    @Option(help: "Where --import-during runs: in-process (the server's own import, as POST /v1/alerts/import) or separate (`kordon watchlist import` as a process of its own on the same store).")
    var importIn: ImportPlacement = .inProcess

    @Option(help: "Agency that owns the alerts of --import-during (its references must not clash).")
    var importAgency: String = "UA-SMS"

    @Option(help: "With --database: also send the checks spread over this many servers on the one database (this process's and `kordon serve` processes), after the other runs.")
    var instances: Int = 1

    @Option(help: "With --database: months of audit trail kept before this one, a partition each (empty), as a store in service that long has; an append's cost must not grow with them.")
    var auditMonths: Int = 0

    /// With `--database`, the PostgreSQL database must be empty (the demo's agencies are created).
    @OptionGroup var store: BenchDatabaseOptions

    func validate() throws {
        guard crossings >= 0, persons >= 100, checks > 0, (1...256).contains(clients) else {
            throw ValidationError("--persons ≥ 100, --checks > 0, --clients 1…256, --crossings ≥ 0")
        }
        guard (0...600).contains(auditMonths), auditMonths == 0 || store.database != nil else {
            throw ValidationError("--audit-months: 0 to 600, and only with --database (SQLite's trail is one table)")
        }
        guard (1...8).contains(instances), instances == 1 || store.database != nil else {
            throw ValidationError("--instances: 1 to 8, and more than 1 only with --database (servers share a PostgreSQL database, not a SQLite file)")
        }
        guard FileManager.default.isReadableFile(atPath: alertsFile) else {
            throw ValidationError("--alerts-file \(alertsFile) cannot be read")
        }
    }

    func run() async throws {
        let logger = makeLogger("kordon", level: .warning)
        let services = try await store.start(logger: logger)
        let clock = ContinuousClock()
        let bar = ProgressBar()
        let seed: UInt64 = 7
        var started = clock.now
        let credentials = try await DemoSeeder(services: services).seed(
            persons: persons, crossings: crossings, seed: seed, url: "", makeMRZ: DemoMRZ.make,
            progress: { label, done, total in bar.update(label, done, total) }
        )
        print("seeded \(persons) persons and \(crossings) crossings in \(Self.seconds(clock.now - started))")
        if auditMonths > 0 {
            try await services.database.repositories.partitions.ensureMonths(auditMonths, before: Date(), of: "audit_entry")
            print("audit trail: \(auditMonths) past months, a partition each")
        }
        started = clock.now
        let imported = try await services.watchlists.importAlerts(
            try Data(contentsOf: URL(fileURLWithPath: alertsFile)), format: .jsonl, agencyCode: "UA-NPU",
            progress: { step in bar.update(step.stage.rawValue, step.done, step.total) }
        ).imported
        print("imported \(imported) alerts in \(Self.seconds(clock.now - started))")
        guard let token = credentials.officers.first(where: { $0.role == "first_line" && $0.agency == "UA-SBGS" })?.token
        else { throw ValidationError("the demo seeded no first-line officer") }

        let port = try Self.freePort()
        let app = try await KordonServer.makeApplication(services: services, host: "127.0.0.1", port: port, logger: logger)
        let points = try await services.crossingPoints().filter { $0.status == "operating" && $0.kind == "road" }
            .map(\.code).prefix(4)
        let bodies = Self.requestBodies(
            count: checks + 200, persons: persons, points: Array(points), seed: seed, now: services.clock()
        )
        let client = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: .init(connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: clients))
        )
        // The server runs in a service group so that it shuts down gracefully once the clients are done.
        let server = ServiceGroup(configuration: .init(services: [app], logger: logger))
        let figures = try await withThrowingTaskGroup(of: Void.self, returning: [(String, Figures)].self) { group in
            group.addTask { try await server.run() }
            let base = "http://127.0.0.1:\(port)"
            try await Self.waitForHealth(client, base: base)
            _ = try await Self.send(client, bases: [base], token: token, bodies: Array(bodies.prefix(200)), clients: clients)
            if let importDuring {
                let during = try await Self.checksDuringImport(
                    importDuring, agency: importAgency, services: services, client: client, base: base, token: token,
                    bodies: Array(bodies.dropFirst(200)), clients: clients, separateProcess: importIn == .separate,
                    reference: store.reference
                )
                print(during)
            }
            let timed = Array(bodies.dropFirst(200))
            var results: [(String, Figures)] = []
            if clientsIn != .separate {
                results.append(("clients in the server's process", try await Self.send(client, bases: [base], token: token, bodies: timed, clients: clients)))
            }
            if clientsIn != .inProcess {
                results.append(("clients in a second process", try await Self.sendFromAnotherProcess(base: base, token: token, bodies: timed, clients: clients)))
            }
            if instances > 1, let database = store.database {
                let others = try await Self.startInstances(count: instances - 1, database: database, reference: store.reference, client: client)
                do {
                    let bases = [base] + others.map(\.base)
                    _ = try await Self.send(client, bases: bases, token: token, bodies: Array(bodies.prefix(200)), clients: clients)
                    results.append(("\(instances) servers on one database", try await Self.send(client, bases: bases, token: token, bodies: timed, clients: clients)))
                } catch {
                    for other in others { other.stop() }
                    throw error
                }
                for other in others { other.stop() }
            }
            await server.triggerGracefulShutdown()
            try await group.waitForAll()
            return results
        }
        try await client.shutdown()
        for (placement, result) in figures {
            let latency = Percentiles(result.latencies)
            print(
                String(
                    format: "checks (%@, %d alerts, %d crossings, %d clients, %@, %@): %d in %.2f s = %.0f checks/s; "
                        + "p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms (n = %d); %d refer, %d failed",
                    services.database.kind.rawValue, imported, crossings, clients, placement, Kordon.executorName,
                    latency.count, result.wall,
                    Double(latency.count) / result.wall, latency.at(0.5), latency.at(0.9), latency.at(0.99),
                    latency.sorted.last ?? 0, latency.count, result.refer, result.failed
                )
            )
        }
        try await services.database.shutdown()
    }

    struct Figures: Sendable, Codable {
        var latencies: [Double]
        var wall: Double
        var refer: Int
        var failed: Int
    }

    /// Sends the bodies from a second `kordon` process (`bench check-clients`), which writes its figures as JSON.
    /// The bodies go through a file, the token through the environment (not the command line, which `ps` shows).
    static func sendFromAnotherProcess(base: String, token: String, bodies: [Data], clients: Int) async throws -> Figures {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kordon-check-clients-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("bodies.jsonl")
        var lines = Data()
        for body in bodies {
            lines.append(body)
            lines.append(0x0A)
        }
        try lines.write(to: file)
        let process = Process()
        process.executableURL = kordonExecutable()
        process.arguments = ["bench", "check-clients", "--url", base, "--bodies", file.path, "--clients", String(clients)]
        process.environment = ProcessInfo.processInfo.environment.merging(["KORDON_BENCH_TOKEN": token]) { _, new in new }
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = await onOwnThread { output.fileHandleForReading.readDataToEndOfFile() }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ValidationError("bench check-clients exited with status \(process.terminationStatus)")
        }
        return try JSONDecoder().decode(Figures.self, from: data)
    }

    /// The checks' bodies: nine in ten are travellers in the store (their passports, entry or exit),
    /// one in ten a first-time visitor, spread over a few road crossing points.
    static func requestBodies(count: Int, persons: Int, points: [String], seed: UInt64, now: Date) -> [Data] {
        let known = SyntheticPopulation.travellers(count: persons, seed: seed, agencyId: UUID(), now: now)
        let strangers = SyntheticPopulation.travellers(count: max(1, count / 10), seed: seed &+ 555, agencyId: UUID(), now: now)
        var rng = SeededGenerator(seed: seed &+ 99)
        let encoder = JSONEncoder()
        return (0..<count).compactMap { index in
            let traveller = index % 10 == 9
                ? strangers[(index / 10) % strangers.count] : known[Int.random(in: 0..<known.count, using: &rng)]
            guard let mrz = DemoMRZ.make(traveller) else { return nil }
            let request = CheckService.CheckRequest(
                mrz: mrz, pointCode: points[index % points.count], direction: Bool.random(using: &rng) ? .entry : .exit
            )
            return try? encoder.encode(request)
        }
    }

    /// Sends every body, `clients` at a time, each client sending its next as soon as the last returned
    /// (and, with `until`, again from the first until `until` says stop). With several servers, client k sends to
    /// `bases[k % bases.count]`, as booths are spread over the servers behind a load balancer.
    static func send(
        _ client: HTTPClient, bases: [String], token: String, bodies: [Data], clients: Int,
        until: (@Sendable () -> Bool)? = nil, sentAt: (@Sendable (Double, Double) -> Void)? = nil
    ) async throws
        -> Figures
    {
        let clock = ContinuousClock()
        let started = clock.now
        let results = try await withThrowingTaskGroup(of: (latencies: [Double], refer: Int, failed: Int).self) { group in
            for lane in 0..<clients {
                group.addTask {
                    var latencies: [Double] = []
                    var refer = 0
                    var failed = 0
                    let referMarker = Array("\"recommendation\":\"refer\"".utf8)
                    let sequence = Array(stride(from: lane, to: bodies.count, by: clients))
                    var position = 0
                    while position < sequence.count {
                        let index = sequence[position]
                        position += 1
                        if let until {
                            if until() { break }
                            if position == sequence.count { position = 0 }
                        }
                        var request = HTTPClientRequest(url: bases[lane % bases.count] + "/v1/checks")
                        request.method = .POST
                        request.headers.add(name: "Authorization", value: "Bearer \(token)")
                        request.headers.add(name: "Content-Type", value: "application/json")
                        request.body = .bytes(ByteBuffer(data: bodies[index]))
                        let sent = clock.now
                        // A check that times out or loses its connection failed; it is counted, with the time it
                        // took, and the run goes on (one such check used to end the benchmark without figures).
                        let outcome: (status: HTTPResponseStatus, body: ByteBuffer)?
                        do {
                            let response = try await client.execute(request, timeout: .seconds(30))
                            outcome = (response.status, try await response.body.collect(upTo: 1 << 20))
                        } catch {
                            outcome = nil
                        }
                        let latency = milliseconds(clock.now - sent)
                        latencies.append(latency)
                        sentAt?(milliseconds(sent - started), latency)
                        if let outcome, outcome.status == .created {
                            // Searched in the raw bytes: Foundation's generic `firstRange(of:)` on a `ByteBufferView` cost
                            // 3 % of the machine's CPU here, taken from the server the clients share the cores with.
                            if outcome.body.withUnsafeReadableBytes({ Self.contains($0, referMarker) }) {
                                refer += 1
                            }
                        } else {
                            failed += 1
                        }
                    }
                    return (latencies, refer, failed)
                }
            }
            var all = Figures(latencies: [], wall: 0, refer: 0, failed: 0)
            for try await lane in group {
                all.latencies += lane.latencies
                all.refer += lane.refer
                all.failed += lane.failed
            }
            return all
        }
        var figures = results
        figures.wall = milliseconds(clock.now - started) / 1000
        figures.latencies.sort()
        return figures
    }

    /// Waits for `/health` to answer 200, polling every 50 ms; `alive` throws when the server is known to be gone.
    static func waitForHealth(
        _ client: HTTPClient, base: String, attempts: Int = 200, alive: () throws -> Void = {}
    ) async throws {
        for _ in 0..<attempts {
            try alive()
            if let response = try? await client.execute(HTTPClientRequest(url: base + "/health"), timeout: .seconds(2)),
                response.status == .ok
            {
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ValidationError("the server did not answer /health")
    }

    /// A free TCP port on the loopback interface (bound, read, released).
    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw ValidationError("no socket for a free port") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(descriptor, socketAddress, length) == 0 && getsockname(descriptor, socketAddress, &length) == 0
            }
        }
        guard bound else { throw ValidationError("could not find a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func seconds(_ duration: Duration) -> String {
        String(format: "%.1f s", milliseconds(duration) / 1000)
    }

    /// Whether `needle` occurs in `bytes`: `memchr` to each candidate first byte, then `memcmp`.
    static func contains(_ bytes: UnsafeRawBufferPointer, _ needle: [UInt8]) -> Bool {
        guard let base = bytes.baseAddress, let first = needle.first, bytes.count >= needle.count else { return false }
        var offset = 0
        while offset + needle.count <= bytes.count {
            guard let hit = memchr(base + offset, Int32(first), bytes.count - offset - needle.count + 1) else { return false }
            let position = base.distance(to: UnsafeRawPointer(hit))
            if needle.withUnsafeBytes({ memcmp(base + position, $0.baseAddress!, needle.count) }) == 0 { return true }
            offset = position + 1
        }
        return false
    }
}

private func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
}
