import ArgumentParser
import Foundation
import TravelDocuments

#if canImport(Glibc)
import Glibc
#endif

/// `kordon bench mrz`: MRZ parse + validate throughput on one core, per format and over a mix, and the heap
/// bytes a parse keeps (the result's own strings), from synthetic zones made by `MRZGenerator` (fixed seed).
/// Run on a release build: `swift build -c release && .build/release/kordon bench mrz`.
struct BenchMRZ: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mrz",
        abstract: "Benchmark TravelDocuments: MRZ parses per second per format and mix, transliteration keys per second."
    )

    @Option(help: "Synthetic zones per format.")
    var zones = 10_000

    @Option(help: "Passes over the zones per measurement.")
    var passes = 50

    @Option(help: "Seed of the synthetic data.")
    var seed: UInt64 = 9303

    func validate() throws {
        guard zones > 0, passes > 0 else { throw ValidationError("--zones and --passes must be positive") }
        guard zones <= 1_000_000 else { throw ValidationError("--zones must be at most 1000000") }
    }

    func run() throws {
        var random = BenchMRZRandom(seed: seed)
        var byFormat: [(MRZFormat, [[String]])] = []
        for format in MRZFormat.allCases {
            var list: [[String]] = []
            list.reserveCapacity(zones)
            while list.count < zones {
                if let lines = try? MRZ.make(BenchMRZRandom.fields(format, using: &random)) { list.append(lines) }
            }
            byFormat.append((format, list))
        }
        let mix = (0..<zones).map { byFormat[$0 % byFormat.count].1[$0] }
        let asOf = Date(timeIntervalSince1970: 1_795_000_000)
        let clock = ContinuousClock()
        print("zones: \(zones) per format, passes: \(passes), one thread, strict mode unless stated; rates from the "
              + "thread's CPU time (wall-clock rate alongside)")

        for (format, list) in byFormat {
            measure(format.rawValue, list, parser: MRZParser(mode: .strict, asOf: asOf), clock: clock)
        }
        measure("mix (all five)", mix, parser: MRZParser(mode: .strict, asOf: asOf), clock: clock)
        measure("mix, lenient", mix, parser: MRZParser(mode: .lenient, asOf: asOf), clock: clock, passes: 3)

        // Allocations per parse (with LD_PRELOAD of Tools/malloc-count.c) and heap kept per result.
        let parser = MRZParser(mode: .strict, asOf: asOf)
        if let counter = BenchMRZ.mallocCounter() {
            for (format, list) in byFormat {
                var results: [MRZParseResult] = []
                results.reserveCapacity(list.count)
                let before = counter()
                for lines in list { results.append(parser.parse(lines)) }
                let after = counter()
                // What the result itself owns on the heap: strings over 15 UTF-8 bytes, non-empty arrays.
                let owned = results.reduce(0) { total, result in
                    var count = total + (result.warnings.isEmpty ? 0 : 1) + (result.problems.isEmpty ? 0 : 1)
                    if let document = result.document {
                        for text in [document.surname, document.givenNames, document.documentNumber,
                                     document.optionalData, document.optionalData2 ?? ""] where text.utf8.count > 15 {
                            count += 1
                        }
                    }
                    return count
                }
                print(String(format: "%@ allocations per parse: %.3f (owned by the result: %.3f)",
                             format.rawValue, Double(after - before) / Double(list.count),
                             Double(owned) / Double(list.count)))
            }
        } else {
            print("allocations: run with LD_PRELOAD=libmalloc-count.so (Tools/malloc-count.c) to count them")
        }
        if let td3 = byFormat.first(where: { $0.0 == .td3 })?.1 {
            var results: [MRZParseResult] = []
            results.reserveCapacity(td3.count)
            let before = BenchMRZ.heapInUse()
            for lines in td3 { results.append(parser.parse(lines)) }
            let after = BenchMRZ.heapInUse()
            if before >= 0, after >= 0 {
                let perParse = Double(after - before) / Double(td3.count)
                print("TD3 heap kept per result: \(String(format: "%.1f", perParse)) bytes (the result's strings over "
                      + "15 bytes, e.g. long names)")
            }
            withExtendedLifetime(results) {}
        }

        // Screening keys.
        let names = ["OLEKSANDR", "SHEVCHENKO", "Олександр", "IVANOVA", "SCHEWTSCHENKO", "MUELLER", "Тимошенко", "KIM"]
        var total = 0
        let count = 200_000
        let cpuStart = BenchMRZ.threadCPUSeconds()
        for index in 0..<count { total &+= Transliteration.latinVariants(of: names[index % names.count]).count }
        let seconds = BenchMRZ.threadCPUSeconds() - cpuStart
        print(String(format: "latinVariants: %.0f calls/s per core, %.2f µs/call (avg %d keys)",
                     Double(count) / seconds, seconds / Double(count) * 1e6, total / count))
    }

    private func measure(
        _ label: String, _ zones: [[String]], parser: MRZParser, clock: ContinuousClock, passes: Int? = nil
    ) {
        let passes = passes ?? self.passes
        var valid = 0
        for lines in zones.prefix(1000) where parser.parse(lines).isValid { valid += 1 }  // warm-up
        let cpuStart = BenchMRZ.threadCPUSeconds()
        let elapsed = clock.measure {
            for _ in 0..<passes {
                for lines in zones where parser.parse(lines).isValid { valid &+= 1 }
            }
        }
        let cpu = BenchMRZ.threadCPUSeconds() - cpuStart
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let count = Double(zones.count * passes)
        print(label.padding(toLength: 16, withPad: " ", startingAt: 0)
              + String(format: " %11.0f parses/s per core (CPU time)  %7.3f µs/parse   wall: %11.0f/s",
                       count / cpu, 1e6 * cpu / count, count / seconds))
        if valid == -1 { print(valid) }
    }

    /// CPU time of this thread: on a shared machine it measures the work, not the wait for a core.
    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    /// The allocation counter of `Tools/malloc-count.c` when it is preloaded.
    static func mallocCounter() -> (@convention(c) () -> UInt)? {
        #if canImport(Glibc)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "kordon_malloc_count") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) () -> UInt).self)
        #else
        return nil
        #endif
    }

    /// Heap bytes in use, from glibc's `malloc_stats` (looked up with `dlsym`, its report read through a pipe);
    /// -1 where that is not available.
    static func heapInUse() -> Int {
        #if canImport(Glibc)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_stats") else { return -1 }
        typealias MallocStats = @convention(c) () -> Void
        let mallocStats = unsafeBitCast(symbol, to: MallocStats.self)
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return -1 }
        fflush(nil)
        let saved = dup(2)
        dup2(fds[1], 2)
        mallocStats()
        fflush(nil)
        dup2(saved, 2)
        close(saved)
        close(fds[1])
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(fds[0], &chunk, chunk.count)
            if count <= 0 { break }
            output += chunk[0..<count]
        }
        close(fds[0])
        let text = String(decoding: output, as: UTF8.self)
        // The last "in use bytes" line is the total including mmap'd blocks.
        guard let line = text.split(separator: "\n").last(where: { $0.contains("in use bytes") }),
              let value = line.split(separator: "=").last.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) })
        else { return -1 }
        return value
        #else
        return -1
        #endif
    }
}

/// SplitMix64 for the benchmark's synthetic zones (fixed seed, reproducible).
struct BenchMRZRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    static let surnames = ["SHEVCHENKO", "KOVALENKO", "ERIKSSON", "MUELLER", "OKONKWO", "CEBAN", "LUKASHEVICH",
                           "GARCIA LOPEZ", "NGUYEN", "SMITH JONES", "BONDARENKO TKACHENKO", "LI"]
    static let given = ["ANNA MARIA", "TARAS", "OLENA", "ION", "ALIAKSANDR", "PETER JOHN", "SOPHIE", "AMARA",
                        "OLEKSANDR VOLODYMYROVYCH", "JEAN PIERRE MARIE"]
    static let codes = ["UKR", "MDA", "POL", "D", "ROU", "BLR", "GBR", "XXA", "UTO", "FRA"]

    static func fields(_ format: MRZFormat, using random: inout BenchMRZRandom) -> MRZFields {
        func digits(_ count: Int) -> String {
            String((0..<count).map { _ in Character(String(Int.random(in: 0...9, using: &random))) })
        }
        func date(_ years: ClosedRange<Int>) -> String {
            let year = Int.random(in: years, using: &random) % 100
            let month = Int.random(in: 1...12, using: &random)
            let day = Int.random(in: 1...28, using: &random)
            return String(format: "%02d%02d%02d", year, month, day)
        }
        let letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
        let prefix = String((0..<2).map { _ in letters.randomElement(using: &random) ?? "A" })
        return MRZFields(
            format: format, documentCode: format.isVisa ? "V" : (format == .td3 ? "P" : "ID"),
            issuingState: codes.randomElement(using: &random) ?? "UTO",
            surname: surnames.randomElement(using: &random) ?? "DOE",
            givenNames: given.randomElement(using: &random) ?? "",
            documentNumber: prefix + digits(7), nationality: codes.randomElement(using: &random) ?? "UTO",
            birthDate: date(1940...2020), sex: ["M", "F", "X"].randomElement(using: &random) ?? "X",
            expiryDate: date(2020...2036), optionalData: format == .td3 ? digits(10) : "")
    }
}
