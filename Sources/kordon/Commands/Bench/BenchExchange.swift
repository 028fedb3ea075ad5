import ArgumentParser
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Services
import Store

/// `kordon bench exchange`: events delivered per second from the outbox to a local webhook receiver,
/// and the lag from commit to delivery (issue 12 item 7; goal ≥ 5,000 events/s, p99 ≤ 200 ms).
struct BenchExchange: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exchange",
        abstract: "Deliver outbox events to a local signed-webhook receiver; print events/s and commit→delivery lag.",
        discussion: """
            Two phases. Drain: --backlog events are written first, then the dispatcher is started and the time \
            until the receiver has them all gives events/s. Live: events are committed at --rate per second for \
            --seconds while the dispatcher runs; each event's lag is the time from the return of its commit to \
            its arrival at the receiver (signature checked). SQLite in a temporary folder unless --database.
            """
    )

    @Option(help: "Events written before delivery starts (drain phase).")
    var backlog: Int = 50_000

    @Option(help: "Events per second committed in the live phase.")
    var rate: Int = 5_000

    @Option(help: "Length of the live phase in seconds.")
    var seconds: Int = 10

    @Option(help: "Commits per second in the live phase (events per commit = rate / commits).")
    var commits: Int = 100

    @Option(help: "Events per webhook POST at most.")
    var batch: Int = 500

    @OptionGroup var store: BenchDatabaseOptions

    func validate() throws {
        guard backlog >= 0, rate > 0, seconds > 0, (1...1000).contains(commits), (1...5000).contains(batch) else {
            throw ValidationError("--backlog ≥ 0, --rate and --seconds > 0, --commits 1-1000, --batch 1-5000")
        }
    }

    func run() async throws {
        let logger = makeLogger("kordon", level: .warning)
        let services = try await store.start(logger: logger)
        let agency = try await services.admin.createAgency(
            .init(code: "BENCH-\(UUID().uuidString.prefix(6))", name: "Benchmark agency", country: "UKR", kind: .borderGuard)
        )
        let signer = ExchangeSigner(key: AuditSigningKey())
        let receiver = Receiver(publicKey: signer.key.publicKeyBase64)
        let port = try BenchChecks.freePort()
        let router = Router()
        router.post("/hook") { request, context -> HTTPResponse.Status in
            var request = request
            let body = try await request.collectBody(upTo: 64 << 20)
            let bytes = Data(buffer: body)
            await receiver.received(bytes, signature: request.headers[.init(ExchangeSigner.signatureHeader)!] ?? "")
            return .noContent
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)), logger: logger)
        let subscription = Subscription(
            agencyId: agency.id, role: .analyst, eventTypes: ["crossing.recorded"], url: "http://127.0.0.1:\(port)/hook",
            createdBy: nil, createdAt: Date()
        )
        try await services.database.repositories.subscriptions.insert(subscription)
        var options = ExchangeDispatcher.Options()
        options.batchSize = batch
        let transport = HTTPWebhookTransport()
        let dispatcher = ExchangeDispatcher(exchange: services.exchange, signer: signer, transport: transport, options: options)
        print("bench exchange: \(services.database.kind.rawValue), batches of \(batch), 1 subscriber (signed webhook on loopback)")

        // Drain: the backlog is committed before the dispatcher starts.
        try await Self.write(backlog, perCommit: 500, agencyId: agency.id, services: services, receiver: receiver)
        let group = ServiceGroup(configuration: .init(services: [app, dispatcher], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let clock = ContinuousClock()
            let drainStart = clock.now
            await receiver.waitFor(backlog)
            let drain = clock.now - drainStart
            if backlog > 0 {
                let perSecond = Double(backlog) / Self.seconds(drain)
                print(String(format: "drain: %d events in %.2f s = %.0f events/s", backlog, Self.seconds(drain), perSecond))
            }
            // Live: paced commits; lag from each commit's return to the event's arrival.
            await receiver.startLagSampling()
            let perCommit = max(1, rate / commits)
            let total = perCommit * commits * seconds
            let interval = Duration.seconds(1) / commits
            let liveStart = clock.now
            var next = liveStart
            var written = 0
            while written < total {
                try await Self.write(perCommit, perCommit: perCommit, agencyId: agency.id, services: services, receiver: receiver)
                written += perCommit
                next += interval
                if next > clock.now { try await Task.sleep(until: next, clock: clock) }
            }
            let offered = Double(total) / Self.seconds(clock.now - liveStart)
            await receiver.waitFor(backlog + total)
            let lags = await receiver.lags()
            print(String(format: "live: %d events offered at %.0f events/s (%d per commit)", total, offered, perCommit))
            print("commit→delivery lag: " + Percentiles(lags).summary(scale: 1000, unit: "ms", digits: 1))
            let bad = await receiver.badSignatures
            let duplicates = await receiver.duplicates
            print("receiver: \(await receiver.count) events, \(duplicates) duplicates dropped, \(bad) bad signatures")
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        try await services.database.shutdown()
    }

    /// Commits `count` synthetic `crossing.recorded` events, `perCommit` per transaction.
    static func write(_ count: Int, perCommit: Int, agencyId: UUID, services: KordonServices, receiver: Receiver) async throws {
        var done = 0
        while done < count {
            let n = min(perCommit, count - done)
            let events = (0..<n).map { _ in
                let id = UUID()
                return NewEvent(
                    type: "crossing.recorded", aggregateType: "crossing", aggregateId: id.uuidString, agencyId: agencyId,
                    payload: [
                        "crossingId": id.uuidString, "personId": UUID().uuidString, "pointCode": "UA-ROAD-SHEHYNI",
                        "direction": "entry", "decision": "admitted",
                    ]
                )
            }
            try await services.database.transaction { (tx: Repositories) in try await tx.outbox.append(events, at: Date()) }
            await receiver.committed(events.map(\.aggregateId), at: ContinuousClock.now)
            done += n
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// The webhook receiver: checks each POST's signature, drops events seen before, and times arrivals.
    actor Receiver {
        let publicKey: String
        private var commitTimes: [String: ContinuousClock.Instant] = [:]
        private var seen: Set<UUID> = []
        private var sampling = false
        private var samples: [Double] = []
        private(set) var badSignatures = 0
        private(set) var duplicates = 0
        private var waiters: [(Int, CheckedContinuation<Void, Never>)] = []

        init(publicKey: String) { self.publicKey = publicKey }

        var count: Int { seen.count }

        func committed(_ ids: [String], at instant: ContinuousClock.Instant) {
            guard sampling else { return }
            for id in ids { commitTimes[id] = instant }
        }

        func startLagSampling() { sampling = true }

        func received(_ body: Data, signature: String) {
            let now = ContinuousClock.now
            guard ExchangeSigner.verify(body, signature: signature, publicKey: publicKey),
                let message = try? DeliveryMessage.decode(body)
            else {
                badSignatures += 1
                return
            }
            for event in message.events {
                guard seen.insert(event.id).inserted else {
                    duplicates += 1
                    continue
                }
                if let id = event.data["crossingId"], let committed = commitTimes.removeValue(forKey: id) {
                    samples.append(BenchExchange.seconds(now - committed))
                }
            }
            let count = seen.count
            waiters.removeAll { target, continuation in
                guard count >= target else { return false }
                continuation.resume()
                return true
            }
        }

        func waitFor(_ target: Int) async {
            if seen.count >= target { return }
            await withCheckedContinuation { waiters.append((target, $0)) }
        }

        func lags() -> [Double] { samples }
    }
}
