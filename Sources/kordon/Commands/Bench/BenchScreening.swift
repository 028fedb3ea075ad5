import ArgumentParser
import Foundation
import Screening

/// `kordon bench screening`: the screening benchmark of issue 5 on a data set made by
/// `shared/bench/screening/generate.py`: index build time, resident memory, per-query latency
/// (p50/p99, one query at a time on one core) and recall/precision against `truth.jsonl`,
/// computed as `score.py` does. Run on a release build.
struct BenchScreening: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "screening",
        abstract: "Build the screening index from DIR/alerts.jsonl, screen DIR/queries.jsonl, print speed and accuracy."
    )

    @Option(help: "Folder written by generate.py (alerts.jsonl, queries.jsonl, truth.jsonl).")
    var data: String

    @Option(help: "Lowest score reported. Default: the engine's operating point.")
    var threshold: Double?

    @Option(help: "Screen only the first N queries (0: all).")
    var queries = 0

    @Option(help: "Also write the predictions (score.py format) to this file.")
    var predictions: String?

    func validate() throws {
        if let threshold, !(0...1).contains(threshold) { throw ValidationError("--threshold must be in [0, 1]") }
        guard queries >= 0 else { throw ValidationError("--queries must be ≥ 0") }
    }

    func run() throws {
        let folder = URL(fileURLWithPath: data)
        let clock = ContinuousClock()
        var alerts: [Alert] = []
        let parse = try clock.measure {
            alerts = try ScreeningFiles.readAlerts(path: folder.appendingPathComponent("alerts.jsonl").path)
        }
        var index: ScreeningIndex?
        let build = clock.measure { index = ScreeningIndex(alerts: alerts) }
        alerts = []
        guard let index else { return }
        print("alerts: \(index.count), parse \(format(parse)), index build \(format(build))")
        print("memory after build: \(MemoryStatus.read())")

        var parsedQueries: [BenchmarkFormat.Query] = []
        try ScreeningFiles.forEachLine(path: folder.appendingPathComponent("queries.jsonl").path) { number, line in
            if queries > 0 && parsedQueries.count >= queries { return }
            do throws(ScreeningError) { parsedQueries.append(try BenchmarkFormat.query(fromLine: line)) } catch {
                throw ScreeningFileError(message: "queries.jsonl: \(error.at(line: number))")
            }
        }
        var latencies: [Duration] = []
        latencies.reserveCapacity(parsedQueries.count)
        var cpuTimes: [Double] = []
        cpuTimes.reserveCapacity(parsedQueries.count)
        var predicted: Set<BenchmarkFormat.Pair> = []
        var lines: [String] = []
        for query in parsedQueries {
            var hits: [Hit] = []
            let cpuStart = ThreadCPUTime.now()
            latencies.append(clock.measure { hits = index.screen(query.person, threshold: threshold) })
            cpuTimes.append(ThreadCPUTime.now() - cpuStart)
            for hit in hits {
                predicted.insert(BenchmarkFormat.Pair(query: query.id, alert: hit.alertID))
                if predictions != nil {
                    lines.append(BenchmarkFormat.predictionLine(query: query.id, alert: hit.alertID, score: hit.score))
                }
            }
        }
        let total = latencies.reduce(Duration.zero, +)
        print("queries: \(latencies.count), total \(format(total)), \(Percentiles(milliseconds: latencies).summary(unit: "ms"))")
        if !cpuTimes.isEmpty {
            print("per-query CPU time of this thread: \(Percentiles(cpuTimes).summary(scale: 1000, unit: "ms")) "
                + "(unaffected by other processes on the machine)")
        }
        print("memory after queries: \(MemoryStatus.read())")
        if let predictions {
            try (lines.joined(separator: "\n") + "\n").write(toFile: predictions, atomically: true, encoding: .utf8)
        }

        let asked = Set(parsedQueries.map(\.id))
        var truth: Set<BenchmarkFormat.Pair> = []
        try ScreeningFiles.forEachLine(path: folder.appendingPathComponent("truth.jsonl").path) { number, line in
            do throws(ScreeningError) {
                let pair = try BenchmarkFormat.truthPair(fromLine: line)
                if asked.contains(pair.query) { truth.insert(pair) }
            } catch { throw ScreeningFileError(message: "truth.jsonl: \(error.at(line: number))") }
        }
        let evaluation = BenchmarkFormat.Evaluation(truth: truth, predictions: predicted)
        print("truth pairs \(truth.count), predictions \(predicted.count), TP \(evaluation.truePositives), FP \(evaluation.falsePositives), FN \(evaluation.falseNegatives)")
        print(String(format: "recall %.4f  precision %.4f  F1 %.4f  (threshold %@)", evaluation.recall, evaluation.precision, evaluation.f1,
                     threshold.map { String($0) } ?? "default \(index.policy.threshold)"))
    }

    func format(_ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
        return seconds >= 1 ? String(format: "%.2f s", seconds) : String(format: "%.3f ms", seconds * 1000)
    }
}

/// Resident memory now and at its peak, from Linux `/proc/self/status` (VmRSS, VmHWM).
enum MemoryStatus {
    static func read() -> String {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return "unavailable" }
        var fields: [String] = []
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS") || line.hasPrefix("VmHWM") {
            fields.append(line.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " "))
        }
        return fields.joined(separator: ", ")
    }
}

/// CPU time consumed by the calling thread (Linux `CLOCK_THREAD_CPUTIME_ID`), in seconds: on a shared
/// machine, wall-clock latency also counts the time other processes held the core.
enum ThreadCPUTime {
    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) * 1e-9
    }
}
