import ArgumentParser
import AsyncHTTPClient
import Foundation
import Services
import Store

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
    ///
    /// With `separateProcess`, the import is `kordon watchlist import` run as a process of its own on the same
    /// store, as an operator would run it beside a serving `kordon serve` (the case the issue first measured):
    /// on SQLite its slices then meet the server's writes at the file's lock, not in one process's write gate.
    static func checksDuringImport(
        _ file: String, agency: String, services: KordonServices, client: HTTPClient, base: String, token: String,
        bodies: [Data], clients: Int, separateProcess: Bool = false, reference: String? = nil
    ) async throws -> String {
        let data = separateProcess ? Data() : try Data(contentsOf: URL(fileURLWithPath: file))
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
                if separateProcess {
                    let imported = try await importInAnotherProcess(
                        file, agency: agency, location: services.database.location, reference: reference, timeline: timeline, now: now
                    )
                    return (imported, nil)
                }
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
        // Whether slow checks gather at some moment (the round's first seconds, a reload) or spread over a stage.
        let window = 30_000.0
        let windows = stride(from: 0.0, to: now(), by: window).map { from in
            Percentiles(timeline.latencies(from: from, to: from + window))
        }
        lines.append(
            "  p99 per 30 s window, ms (n each): "
                + windows.map { String(format: "%.0f (%d)", $0.at(0.99), $0.count) }.joined(separator: ", ")
        )
        return lines.joined(separator: "\n")
    }

    /// Runs `kordon watchlist import` on the benchmark's store and notes each stage as the child reports its end
    /// (its progress bar prints one line per finished stage when standard error is not a terminal).
    static func importInAnotherProcess(
        _ file: String, agency: String, location: DatabaseLocation, reference: String?, timeline: Timeline,
        now: @escaping @Sendable () -> Double
    ) async throws -> Int {
        let process = Process()
        process.executableURL = kordonExecutable()
        var environment = ProcessInfo.processInfo.environment
        var arguments = ["watchlist", "import", "--agency", agency, file] + (reference.map { ["--reference", $0] } ?? [])
        switch location {
        case .sqlite(let path):
            arguments += ["--data", (path as NSString).deletingLastPathComponent]
            environment["KORDON_DATABASE_URL"] = nil
        case .postgres(let url):
            environment["KORDON_DATABASE_URL"] = url  // not on the command line, which `ps` shows
        }
        process.arguments = arguments
        process.environment = environment
        let output = Pipe()
        let progress = Pipe()
        process.standardOutput = output
        process.standardError = progress
        let started = now()
        try process.run()
        async let stages: Void = onOwnThread {
            var stageStart = started
            var pending = Data()
            while case let chunk = progress.fileHandleForReading.availableData, !chunk.isEmpty {
                pending.append(chunk)
                while let newline = pending.firstIndex(of: 0x0A) {
                    let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                    pending = Data(pending[(newline + 1)...])
                    // "███… 100% storing 1000000/1000000": the stage named before the count has ended.
                    let words = line.split(separator: " ")
                    guard words.count >= 2, words[words.count - 1].contains("/") else { continue }
                    let ended = now()
                    timeline.stage(String(words[words.count - 2]), at: stageStart)
                    stageStart = ended
                }
            }
        }
        let printed = await onOwnThread { output.fileHandleForReading.readDataToEndOfFile() }
        process.waitUntilExit()
        await stages
        guard process.terminationStatus == 0 else {
            throw ValidationError("kordon watchlist import exited with status \(process.terminationStatus)")
        }
        // "Imported 1000000 alerts for UA-SMS."
        let summary = String(decoding: printed, as: UTF8.self)
        guard let count = summary.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else {
            throw ValidationError("kordon watchlist import printed no count: \(summary.prefix(200))")
        }
        return count
    }
}

/// Runs blocking work (a pipe read until the child closes it) on a thread of its own. On a task, even a detached
/// one, it would hold one of the cooperative pool's threads, of which there is one per core: two such reads on
/// these two cores stopped every check until the child exited.
func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread.detachNewThread { continuation.resume(returning: work()) }
    }
}
