import ArgumentParser
import Edifact
import Foundation

#if canImport(Glibc)
import Glibc
#endif

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
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ValidationError("cannot read \(file)")
        }
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
        var cpuSamples: [Double] = []
        samples.reserveCapacity(iterations)
        cpuSamples.reserveCapacity(iterations)
        let start = clock.now
        let cpuStart = Self.threadCPUMilliseconds()
        for _ in 0..<iterations {
            let c0 = Self.threadCPUMilliseconds()
            let t0 = clock.now
            let result = parser.parse(bytes)
            let t1 = clock.now
            let c1 = Self.threadCPUMilliseconds()
            travellers = result.manifest.travellers.count
            samples.append(Self.milliseconds(t1 - t0))
            cpuSamples.append(c1 - c0)
        }
        let total = Self.milliseconds(clock.now - start)
        let cpuTotal = Self.threadCPUMilliseconds() - cpuStart
        let wall = Percentiles(samples), cpu = Percentiles(cpuSamples)
        return Figures(
            bytes: bytes.count, travellers: travellers, iterations: iterations,
            parsesPerSecond: Double(iterations) / (total / 1000), p50: wall.at(0.50),
            p99: wall.at(0.99), cpuParsesPerSecond: Double(iterations) / (max(cpuTotal, 1e-9) / 1000),
            cpuP50: cpu.at(0.50), cpuP99: cpu.at(0.99))
    }

    /// The benchmark's figures.
    struct Figures {
        var bytes: Int
        var travellers: Int
        var iterations: Int
        var parsesPerSecond: Double
        var p50: Double
        var p99: Double
        var cpuParsesPerSecond: Double
        var cpuP50: Double
        var cpuP99: Double

        func report(file: String) -> String {
            func f(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }
            return """
                PAXLST parse: \(file) (\(bytes) bytes, \(travellers) travellers), \(iterations) parses, one thread
                  wall clock:        parses/s \(f(parsesPerSecond, 0))   ms per manifest p50 \(f(p50, 3))   \
                p99 \(f(p99, 3))
                  thread CPU time:   parses/s \(f(cpuParsesPerSecond, 0))   ms per manifest p50 \(f(cpuP50, 3))   \
                p99 \(f(cpuP99, 3))
                  travellers/s (CPU): \(f(cpuParsesPerSecond * Double(travellers), 0))
                """
        }
    }

    /// CPU time of the calling thread, so a busy machine does not inflate the figures (wall clock beside it).
    static func threadCPUMilliseconds() -> Double {
        #if canImport(Glibc)
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) * 1000 + Double(ts.tv_nsec) / 1e6
        #else
        return Double(DispatchTime.now().uptimeNanoseconds) / 1e6
        #endif
    }

    static func milliseconds(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }

    /// The 500-traveller sample under `$KORDON_SHARED`, or `shared/` in the current directory or above.
    static func locateDefault() throws -> String {
        do {
            return try BenchAPIS.locateShared("testdata/paxlst/syn-kbp-500-pax-perf.edi")
        } catch {
            throw ValidationError("cannot find \(defaultPath); pass --path")
        }
    }
}
