import Foundation
import Logging
import ServiceLifecycle
import Store

/// Delivers the outbox to every active subscription (issue 12 item 2), beside the HTTP server until
/// graceful shutdown.
///
/// Each subscription has its own task and its own cursor in the database, so a receiver that is slow,
/// down or answering 500 only delays itself: it is retried with exponential backoff and jitter while
/// the others carry on, and the border check never waits for any of them (it only writes the outbox).
/// A batch is delivered again until it is acknowledged with a 2xx, so delivery is at least once, in
/// outbox order; receivers drop events whose id they have seen. Deliveries are signed (`ExchangeSigner`)
/// and logged with their signature in the message log.
public struct ExchangeDispatcher: Service {
    public struct Options: Sendable {
        /// Events per POST at most.
        public var batchSize = 500
        /// How often an idle subscriber looks for new events.
        public var pollInterval: Duration = .milliseconds(20)
        /// How often new and revoked subscriptions are noticed.
        public var reloadInterval: Duration = .seconds(1)
        /// How long a receiver has to answer.
        public var timeout: Duration = .seconds(10)
        /// The first retry waits about this long; each further one twice as long…
        public var backoffBase: Duration = .milliseconds(500)
        /// …up to this.
        public var backoffCap: Duration = .seconds(300)
        /// A cursor moved past events that were not for the subscriber is saved at most this often.
        public var idleCursorSave: TimeInterval = 5

        public init() {}
    }

    let exchange: ExchangeService
    let signer: ExchangeSigner
    let transport: any WebhookTransport
    let options: Options
    /// This process, as lease holder (PostgreSQL: one process delivers a subscription at a time).
    let owner = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(UUID().uuidString.prefix(8))"

    public init(exchange: ExchangeService, signer: ExchangeSigner, transport: any WebhookTransport, options: Options = .init()) {
        self.exchange = exchange
        self.signer = signer
        self.transport = transport
        self.options = options
    }

    var database: KordonDatabase { exchange.database }

    /// Starts a task per active subscription, notices new ones every `reloadInterval`, and returns when
    /// the server shuts down gracefully (each task finishes the delivery it is in first).
    public func run() async throws {
        let running = RunningSet()
        await withDiscardingTaskGroup { group in
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                do {
                    for subscription in try await database.repositories.subscriptions.active()
                    where await running.insert(subscription.id) {
                        group.addTask {
                            await self.deliverUntilStopped(subscription.id)
                            await running.remove(subscription.id)
                        }
                    }
                } catch {
                    exchange.logger.warning("Could not read subscriptions", metadata: ["error": "\(String(reflecting: error))"])
                }
                guard await Self.pause(options.reloadInterval) else { break }
            }
        }
        if let http = transport as? HTTPWebhookTransport { await http.shutdown() }
    }

    /// The delivery loop of one subscription, until it is revoked or the server stops.
    func deliverUntilStopped(_ id: UUID) async {
        var cursor = Cursor()
        var attempt = 0
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let outcome: Outcome
            do {
                outcome = try await step(id, cursor: &cursor)
            } catch {
                exchange.logger.warning(
                    "Delivery step failed", metadata: ["subscription": "\(id)", "error": "\(String(reflecting: error))"]
                )
                outcome = .failed
            }
            let wait: Duration
            switch outcome {
            case .revoked:
                await exchange.stats.forget(id)
                return
            case .delivered:
                attempt = 0
                continue
            case .idle:
                attempt = 0
                wait = options.pollInterval
            case .failed:
                attempt += 1
                wait = Self.backoff(attempt: attempt, base: options.backoffBase, cap: options.backoffCap, unit: .random(in: 0...1))
            }
            guard await Self.pause(wait) else { return }
        }
    }

    /// Where one subscriber's task stands between steps.
    struct Cursor {
        /// Moved past events that were not for the subscriber, not saved yet.
        var unsaved: Int64?
        var savedAt = Date.distantPast
        /// The subscription and its agency as last read; read again every `reloadInterval`, so a
        /// revocation is noticed within it and an idle subscriber costs no query per poll.
        var subscription: Subscription?
        var receiver: ExchangeReceiver?
        var readAt: ContinuousClock.Instant?
    }

    public enum Outcome: Sendable, Equatable {
        /// A batch was acknowledged; there may be more.
        case delivered(Int)
        /// Nothing to deliver now.
        case idle
        /// The receiver did not acknowledge; retry after a backoff.
        case failed
        /// The subscription is no longer active.
        case revoked
    }

    /// Delivers until nothing is left or an attempt fails: for tests and the benchmark.
    @discardableResult
    public func deliverPending(_ id: UUID) async throws -> Outcome {
        var cursor = Cursor()
        while true {
            let outcome = try await step(id, cursor: &cursor)
            if case .delivered = outcome { continue }
            return outcome
        }
    }

    /// One attempt: reads the next batch after the cursor up to the settled horizon, filters it through
    /// the policy for the subscriber, POSTs it signed, and on a 2xx logs the message and moves the cursor
    /// in one transaction.
    func step(_ id: UUID, cursor: inout Cursor) async throws -> Outcome {
        let repositories = database.repositories
        if cursor.readAt.map({ ContinuousClock.now - $0 >= options.reloadInterval }) ?? true {
            guard let found = try await repositories.subscriptions.find(id: id), found.status == .active,
                let agency = try await repositories.agencies.find(id: found.agencyId)
            else { return .revoked }
            if database.kind == .postgres {
                // Another process delivering it: stay idle, and look again at the next reload.
                let now = exchange.clock()
                let lease = Self.seconds(options.reloadInterval) * 5
                guard try await repositories.subscriptions.lease(id: id, owner: owner, at: now, until: now + lease) else {
                    cursor.readAt = ContinuousClock.now
                    cursor.subscription = nil
                    return .idle
                }
            }
            cursor.subscription = found
            cursor.receiver = ExchangeReceiver(agencyId: agency.id, agencyKind: agency.kind, country: agency.country, role: found.role)
            cursor.readAt = ContinuousClock.now
        }
        // No subscription at hand: another process holds the lease.
        guard let subscription = cursor.subscription, let receiver = cursor.receiver else { return .idle }
        let horizon = try await exchange.horizon.current()
        let from = max(subscription.delivery.cursorSeq, cursor.unsaved ?? 0)
        guard from < horizon else {
            await exchange.stats.caughtUp(id, pending: 0)
            return .idle
        }
        let events = try await repositories.outbox.events(
            after: from, through: horizon, types: subscription.eventTypes, limit: options.batchSize
        )
        let through = events.count < options.batchSize ? horizon : (events.last?.seq ?? horizon)
        let selection = EventSelection(subscription)
        let list = exchange.filter.needsList(for: receiver, selection: selection)
            ? try await AgencyList.load(agencyId: receiver.agencyId, for: events, at: exchange.clock(), repositories: repositories)
            : nil
        let batch = events.compactMap { exchange.filter.render($0, for: receiver, selection: selection, list: list) }
        let now = exchange.clock()
        guard let last = batch.last else {
            // Nothing here for this subscriber: move on, and save the cursor now and then.
            cursor.unsaved = through
            if now.timeIntervalSince(cursor.savedAt) >= options.idleCursorSave {
                try await repositories.subscriptions.recordDelivery(id: id, through: through, lastEventSeq: nil, events: 0, at: now)
                cursor.savedAt = now
            }
            await exchange.stats.caughtUp(id, pending: horizon - through)
            return through < horizon ? .delivered(0) : .idle
        }
        let message = DeliveryMessage(subscriptionId: id, sender: signer.keyId, sentAt: now, events: batch)
        let body = try message.encoded()
        let signature = try signer.sign(body)
        let headers = [
            (ExchangeSigner.keyIdHeader, signer.keyId), (ExchangeSigner.signatureHeader, signature),
            (ExchangeSigner.deliveryIdHeader, message.deliveryId.uuidString.lowercased()),
        ]
        let failure: String?
        do {
            let status = try await transport.post(url: subscription.url, headers: headers, body: body, timeout: options.timeout)
            failure = (200..<300).contains(status) ? nil : "the receiver answered HTTP \(status)"
        } catch {
            failure = "no answer: \(Self.reason(error))"
        }
        if let failure {
            try await repositories.subscriptions.recordFailure(id: id, error: failure, at: exchange.clock())
            await exchange.stats.failed(id, pending: horizon - from)
            return .failed
        }
        let acknowledged = exchange.clock()
        let keyId = signer.keyId
        try await database.transaction { (tx: Repositories) in
            try await tx.exchangeLog.append(
                [NewExchangeMessage(
                    direction: .sent, peer: "subscription:\(id.uuidString.lowercased())", keyId: keyId,
                    signature: signature, body: String(decoding: body, as: UTF8.self), outcome: "delivered"
                )],
                at: acknowledged
            )
            try await tx.subscriptions.recordDelivery(
                id: id, through: through, lastEventSeq: last.seq, events: batch.count, at: acknowledged
            )
        }
        cursor.unsaved = nil
        cursor.savedAt = acknowledged
        cursor.subscription?.delivery.cursorSeq = through
        await exchange.stats.delivered(
            id, events: batch.count, lag: acknowledged.timeIntervalSince(last.occurredAt), pending: horizon - through
        )
        return .delivered(batch.count)
    }

    /// Exponential backoff with jitter: attempt n waits between half and all of `base · 2ⁿ⁻¹`, capped, so
    /// receivers that failed together do not come back together ("equal jitter").
    public static func backoff(attempt: Int, base: Duration, cap: Duration, unit: Double) -> Duration {
        let exponent = Double(min(max(attempt, 1) - 1, 30))
        let full = min(Self.seconds(base) * pow(2, exponent), Self.seconds(cap))
        let jittered = full / 2 + full / 2 * min(max(unit, 0), 1)
        return .milliseconds(Int64((jittered * 1000).rounded()))
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// Sleeps, cut short by graceful shutdown; false when the server is stopping.
    static func pause(_ duration: Duration) async -> Bool {
        do {
            try await cancelWhenGracefulShutdown { try await Task.sleep(for: duration) }
            return !Task.isShuttingDownGracefully && !Task.isCancelled
        } catch {
            return false
        }
    }

    /// A failure in words without the URL's query or any payload.
    static func reason(_ error: any Error) -> String {
        String(String(describing: error).prefix(200))
    }
}

/// The subscriptions that have a delivery task.
actor RunningSet {
    private var ids: Set<UUID> = []

    /// Adds `id`; false when it was there already.
    func insert(_ id: UUID) -> Bool { ids.insert(id).inserted }

    func remove(_ id: UUID) { ids.remove(id) }
}
