import ArgumentParser
import Edifact
import Foundation

/// `kordon bench apis-parse`: PAXLST parse throughput on one core for the 500-traveller sample
/// (`shared/testdata/paxlst/syn-kbp-500-pax-perf.edi`): parses per second and p50/p99 milliseconds per manifest.
/// Run on a release build.
struct BenchAPISParse: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apis-parse",
        abstract: "Benchmark Edifact: PAXLST parses per second and p50/p99 ms for a 500-traveller manifest."
    )

    /// The sample, relative to the repository's parent directory (the repo is `main/`, the data `shared/`).
    static let defaultPath = "../shared/testdata/paxlst/syn-kbp-500-pax-perf.edi"

    @Option(help: ArgumentHelp(
        "The PAXLST file to parse (default: \(BenchAPISParse.defaultPath), found from the current "
            + "directory upwards or under $KORDON_SHARED)."))
    var path: String?

    @Option(help: "Measured parses.")
    var iterations = 2_000

    @Option(help: "Unmeasured parses first.")
    var warmup = 50

    func validate() throws {
        guard iterations > 0, iterations <= 10_000_000, warmup >= 0 else {
            throw ValidationError("--iterations must be 1...10000000 and --warmup not negative")
        }
    }

    func run() throws {
        let file = try path ?? BenchAPISParse.locateDefault()
        guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
        let figures = BenchAPISParse.measure(Array(data), iterations: iterations, warmup: warmup)
        print(figures.report(file: file))
    }

    /// Timings of `iterations` parses of `bytes` with the default parser.
    static func measure(_ bytes: [UInt8], iterations: Int, warmup: Int) -> Figures {
        let parser = PaxlstParser()
        var travellers = 0
        for _ in 0..<warmup { travellers = parser.parse(bytes).manifest.travellers.count }
        let clock = ContinuousClock()
        var samples: [Double] = []
        samples.reserveCapacity(iterations)
        let start = clock.now
        for _ in 0..<iterations {
            let t0 = clock.now
            let result = parser.parse(bytes)
            let t1 = clock.now
            travellers = result.manifest.travellers.count
            samples.append(Self.milliseconds(t1 - t0))
        }
        let total = Self.milliseconds(clock.now - start)
        samples.sort()
        func percentile(_ p: Double) -> Double {
            samples[min(samples.count - 1, max(0, Int((p * Double(samples.count)).rounded(.up)) - 1))]
        }
        return Figures(
            bytes: bytes.count, travellers: travellers, iterations: iterations,
            parsesPerSecond: Double(iterations) / (total / 1000), p50: percentile(0.50), p99: percentile(0.99))
    }

    /// The benchmark's figures.
    struct Figures {
        var bytes: Int
        var travellers: Int
        var iterations: Int
        var parsesPerSecond: Double
        var p50: Double
        var p99: Double

        func report(file: String) -> String {
            func f(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }
            return """
                PAXLST parse: \(file) (\(bytes) bytes, \(travellers) travellers), \(iterations) parses, one thread
                  parses/s: \(f(parsesPerSecond, 0))   travellers/s: \(f(parsesPerSecond * Double(travellers), 0))
                  ms per manifest: p50 \(f(p50, 3))   p99 \(f(p99, 3))
                """
        }
    }

    static func milliseconds(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }

    /// `$KORDON_SHARED/testdata/paxlst/…`, else `shared/testdata/paxlst/…` in the current directory or above.
    static func locateDefault() throws -> String {
        let tail = "testdata/paxlst/syn-kbp-500-pax-perf.edi"
        let fm = FileManager.default
        if let shared = ProcessInfo.processInfo.environment["KORDON_SHARED"], fm.fileExists(atPath: shared + "/" + tail) {
            return shared + "/" + tail
        }
        var dir = URL(fileURLWithPath: fm.currentDirectoryPath)
        for _ in 0..<12 {
            let candidate = dir.appendingPathComponent("shared/" + tail).path
            if fm.fileExists(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        throw ValidationError("cannot find \(defaultPath); pass --path")
    }
}
