import AsyncHTTPClient
import Foundation
import Services

extension BenchChecks {
    /// Times of the import's stages and of every check sent meanwhile (milliseconds from the start).
    final class Timeline: @unchecked Sendable {
        private let lock = NSLock()
        private var stages: [(String, Double)] = []
        private var checks: [(sent: Double, latency: Double)] = []
        private var done = false

        func stage(_ name: String, at time: Double) {
            lock.withLock { if stages.last?.0 != name { stages.append((name, time)) } }
        }

        func check(sent: Double, latency: Double) { lock.withLock { checks.append((sent, latency)) } }

        func finish() { lock.withLock { done = true } }

        var isDone: Bool { lock.withLock { done } }

        /// Latencies of checks sent between `from` and `to`.
        func latencies(from: Double, to: Double) -> [Double] {
            lock.withLock { checks.filter { $0.sent >= from && $0.sent < to }.map(\.latency) }
        }

        var stageTimes: [(String, Double)] { lock.withLock { stages } }
    }

    /// Imports `file` for `agency` while the clients send checks, and reports the checks' latency during
    /// each stage of the import (issue 15: checks p99 ≤ 50 ms while 1 M alerts are imported; none fails).
    static func checksDuringImport(
        _ file: String, agency: String, services: KordonServices, client: HTTPClient, base: String, token: String,
        bodies: [Data], clients: Int
    ) async throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: file))
        let timeline = Timeline()
        let clock = ContinuousClock()
        let started = clock.now
        @Sendable func now() -> Double {
            let elapsed = clock.now - started
            return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        }
        let (imported, figures) = try await withThrowingTaskGroup(of: (Int?, Figures?).self) { group in
            group.addTask {
                defer { timeline.finish() }
                let summary = try await services.watchlists.importAlerts(data, format: .jsonl, agencyCode: agency) { step in
                    timeline.stage(step.stage.rawValue, at: now())
                }
                timeline.stage("done", at: now())
                return (summary.imported, nil)
            }
            group.addTask {
                let figures = try await send(
                    client, bases: [base], token: token, bodies: bodies, clients: clients, until: { timeline.isDone },
                    sentAt: { sent, latency in timeline.check(sent: sent, latency: latency) }
                )
                return (nil, figures)
            }
            var imported = 0
            var figures = Figures(latencies: [], wall: 0, refer: 0, failed: 0)
            for try await (count, result) in group {
                if let count { imported = count }
                if let result { figures = result }
            }
            return (imported, figures)
        }
        var lines = [
            "checks while importing \(imported) alerts (\(clients) clients): \(figures.latencies.count) checks, "
                + "\(figures.failed) failed; all: \(Percentiles(figures.latencies).summary(unit: "ms", digits: 1))",
        ]
        let stages = timeline.stageTimes
        for (index, (name, from)) in stages.enumerated() where name != "done" {
            let to = index + 1 < stages.count ? stages[index + 1].1 : now()
            let during = timeline.latencies(from: from, to: to)
            lines.append(String(format: "  during %@ (%.1f s): ", name, (to - from) / 1000)
                + Percentiles(during).summary(unit: "ms", digits: 1))
        }
        return lines.joined(separator: "\n")
    }
}
