import Foundation

/// Delivery counters per subscription, kept in memory for `/metrics` (the durable state is on the
/// subscription row). Labels are subscription ids: as many series as subscriptions, never per event.
public actor DeliveryStats {
    public struct Line: Sendable, Hashable {
        public var delivered: Int64 = 0
        public var failures: Int64 = 0
        public var consecutiveFailures: Int64 = 0
        /// Seconds from the commit of the newest event of the last delivery to its acknowledgement.
        public var lagSeconds: Double = 0
        /// Outbox positions not yet delivered or passed over.
        public var pendingPositions: Int64 = 0
    }

    private var lines: [UUID: Line] = [:]

    public init() {}

    func delivered(_ id: UUID, events: Int, lag: Double, pending: Int64) {
        lines[id, default: Line()].delivered += Int64(events)
        lines[id, default: Line()].consecutiveFailures = 0
        lines[id, default: Line()].lagSeconds = lag
        lines[id, default: Line()].pendingPositions = pending
    }

    func caughtUp(_ id: UUID, pending: Int64) {
        lines[id, default: Line()].pendingPositions = pending
    }

    func failed(_ id: UUID, pending: Int64) {
        lines[id, default: Line()].failures += 1
        lines[id, default: Line()].consecutiveFailures += 1
        lines[id, default: Line()].pendingPositions = pending
    }

    func forget(_ id: UUID) { lines[id] = nil }

    public func snapshot() -> [UUID: Line] { lines }

    /// The Prometheus text exposition of the counters.
    public func prometheusText() -> String {
        let sorted = lines.sorted { $0.key.uuidString < $1.key.uuidString }
        var text = ""
        func family(_ name: String, _ type: String, _ help: String, _ value: (Line) -> String) {
            text += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
            for (id, line) in sorted {
                text += "\(name){subscription=\"\(id.uuidString.lowercased())\"} \(value(line))\n"
            }
        }
        family("kordon_exchange_delivered_events_total", "counter", "Events delivered to the subscriber.") {
            String($0.delivered)
        }
        family("kordon_exchange_delivery_failures_total", "counter", "Delivery attempts that failed.") {
            String($0.failures)
        }
        family("kordon_exchange_consecutive_failures", "gauge", "Failures since the last successful delivery.") {
            String($0.consecutiveFailures)
        }
        family("kordon_exchange_delivery_lag_seconds", "gauge", "Commit to acknowledgement of the last delivery.") {
            String(format: "%.3f", $0.lagSeconds)
        }
        family("kordon_exchange_pending_positions", "gauge", "Outbox positions not yet delivered.") {
            String($0.pendingPositions)
        }
        return text
    }
}
