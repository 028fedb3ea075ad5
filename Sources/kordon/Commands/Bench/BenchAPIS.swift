import ArgumentParser
import Foundation
import Screening
import Services
import Store

/// `kordon bench apis`: issue 7's figure. A 500-traveller PAXLST manifest
/// (`shared/testdata/paxlst/syn-kbp-500-pax-perf.edi`) parsed, every traveller screened against N
/// alerts (person and document), and stored with its hits on SQLite in a temporary folder, through the
/// same `ManifestService` calls `POST /v1/manifests` makes. Prints p50/p99 milliseconds of
/// parse+screen and of parse+screen+store, each with the number of samples it comes from. Goals: ≤ 50 ms
/// and ≤ 200 ms at 1,000,000 alerts. A p99 needs enough samples to mean anything (issue 14: 50 runs give
/// the maximum, not a p99), so parse+screen runs 1,000 times by default.
///
/// The alerts come from the screening benchmark's generator (`shared/bench/screening/generate.py`):
/// `--alerts-file DIR/alerts.jsonl`, or `--alerts N` to run the generator into a temporary folder.
/// They are held in the screening index only (storing a million alerts is `kordon bench store`'s
/// business, not this one's). Each stored iteration uses another flight number, so every one is a
/// first receipt, not an amendment. Run on a release build.
struct BenchAPIS: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apis",
        abstract: "Benchmark manifests: a 500-traveller PAXLST parsed, screened against N alerts and stored on SQLite."
    )

    @Option(help: "Alerts to generate with shared/bench/screening/generate.py when no --alerts-file is given.")
    var alerts = 1_000_000

    @Option(help: "alerts.jsonl written by generate.py (skips generating).")
    var alertsFile: String?

    @Option(help: "The PAXLST file (default: the 500-traveller sample in shared/testdata/paxlst).")
    var path: String?

    @Option(help: "Measured parse+screen iterations (a p99 from fewer than 1,000 is flagged).")
    var iterations = 1_000

    @Option(help: "Measured parse+screen+store iterations (each stores another flight on SQLite).")
    var storeIterations = 1_000

    @Option(help: "Unmeasured iterations first.")
    var warmup = 3

    @Option(help: "Folder of the reference data. Default: ../shared/reference.")
    var reference: String?

    func validate() throws {
        guard alerts > 0, iterations > 0, iterations <= 100_000, storeIterations >= 0, storeIterations <= 100_000,
            warmup >= 0
        else {
            throw ValidationError(
                "--alerts and --iterations must be positive, --store-iterations and --warmup not negative")
        }
    }

    func run() async throws {
        let logger = makeLogger("kordon", level: .warning)
        let file = try path ?? BenchAPISParse.locateDefault()
        guard let bytes = FileManager.default.contents(atPath: file).map(Array.init) else {
            throw ValidationError("cannot read \(file)")
        }
        guard let referenceFolder = ReferenceData.locate(explicit: reference) else {
            throw ValidationError("reference data not found: pass --reference DIR")
        }
        let alertsPath = try alertsFile ?? generateAlerts()
        let clock = ContinuousClock()
        var loaded: [Alert] = []
        let readTime = try clock.measure { loaded = try ScreeningFiles.readAlerts(path: alertsPath) }
        // Hits carry UUIDs: give each generated alert one, deterministically from its position.
        for index in loaded.indices { loaded[index].id = Self.uuid(index).uuidString.lowercased() }

        let folder = (NSTemporaryDirectory() as NSString).appendingPathComponent("kordon-bench-apis-\(UUID().uuidString.prefix(8))")
        let location = DatabaseLocation.sqlite(path: (folder as NSString).appendingPathComponent("kordon.sqlite"))
        let services = try await KordonServices.start(location: location, referenceFolder: referenceFolder, logger: logger)
        do {
            let agency = try await services.admin.createAgency(
                .init(code: "BENCH-APIS", name: "Benchmark agency", country: "UKR", kind: .borderGuard)
            )
            let analyst = try await services.admin.createOfficer(agencyId: agency.id, name: "Bench analyst", role: .analyst)
            let context = AccessContext(
                principal: Principal(
                    officerId: analyst.officer.id, agencyId: agency.id, role: .analyst, agencyKind: agency.kind,
                    agencyCountry: agency.country, credentialId: "cli"
                ),
                purpose: "benchmark", requestId: nil
            )
            let buildTime = clock.measure { services.screening.install(loaded, agencyId: agency.id) }
            let alertCount = loaded.count
            loaded = []
            print("alerts: \(alertCount) from \(alertsPath) (read \(format(readTime)), index \(format(buildTime)))")
            try await measure(services: services, context: context, bytes: bytes, file: file)
        } catch {
            try? await services.database.shutdown()
            throw error
        }
        try await services.database.shutdown()
        try? FileManager.default.removeItem(atPath: folder)
    }

    func measure(services: KordonServices, context: AccessContext, bytes: [UInt8], file: String) async throws {
        let manifests = services.manifests
        let clock = ContinuousClock()
        var screenTimes: [Duration] = []
        var storeTimes: [Duration] = []
        var travellers = 0
        var hits = 0
        var flaws = 0
        let template = String(decoding: bytes, as: UTF8.self)
        let flightNumber = Self.flightNumber(in: template)
        for iteration in 0..<(warmup + iterations) {
            let screenTime = try await clock.measure {
                let screened = try await manifests.screen(bytes, format: .edifact, context: context)
                travellers = screened.travellers
                hits = screened.hits
                flaws = screened.problems.count
            }
            if iteration >= warmup { screenTimes.append(screenTime) }
        }
        for iteration in 0..<(storeIterations == 0 ? 0 : warmup + storeIterations) {
            // Another flight each time: a first receipt, not an amendment of the previous one.
            let body = Array(template.replacingOccurrences(
                of: "TDT+20+\(flightNumber)", with: "TDT+20+\(flightNumber)\(iteration)"
            ).utf8)
            let storeTime = try await clock.measure {
                _ = try await manifests.receive(body, format: .edifact, context: context)
            }
            if iteration >= warmup { storeTimes.append(storeTime) }
        }
        print("manifest: \(file) (\(bytes.count) bytes, \(travellers) travellers, \(hits) hits, \(flaws) flaws)")
        print("  parse+screen:        \(summary(screenTimes))   (goal ≤ 50 ms)")
        if !storeTimes.isEmpty { print("  parse+screen+store:  \(summary(storeTimes))   (goal ≤ 200 ms, SQLite)") }
    }

    /// `p50 … p99 … max … (n samples)`; a p99 from fewer than 1,000 samples is flagged as rough.
    func summary(_ samples: [Duration]) -> String {
        let rough = samples.count < 1_000 ? " (p99 rough: fewer than 1,000 samples)" : ""
        return Percentiles(milliseconds: samples).summary(unit: "ms", digits: 2) + rough
    }

    /// The flight number of the first `TDT+20` segment (default separators), for varying it.
    static func flightNumber(in text: String) -> String {
        guard let range = text.range(of: "TDT+20+") else { return "" }
        return String(text[range.upperBound...].prefix { $0 != "+" && $0 != "'" && $0 != ":" })
    }

    static func uuid(_ index: Int) -> UUID {
        let hex = String(format: "%012x", index)
        return UUID(uuidString: "00000000-0000-4000-8000-\(hex)") ?? UUID()
    }

    func format(_ duration: Duration) -> String {
        let ms = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        return ms >= 1000 ? String(format: "%.2f s", ms / 1000) : String(format: "%.2f ms", ms)
    }

    /// Runs `generate.py --alerts N --queries 1000 --seed 42` into a temporary folder; returns alerts.jsonl.
    func generateAlerts() throws -> String {
        let script = try Self.locateShared("bench/screening/generate.py")
        let out = (NSTemporaryDirectory() as NSString).appendingPathComponent("kordon-bench-alerts-\(alerts)")
        let alertsPath = (out as NSString).appendingPathComponent("alerts.jsonl")
        if FileManager.default.fileExists(atPath: alertsPath) { return alertsPath }
        print("generating \(alerts) alerts with \(script) into \(out) …")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "--alerts", "\(alerts)", "--queries", "1000", "--seed", "42", "--out", out]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ValidationError("generate.py failed with status \(process.terminationStatus)")
        }
        return alertsPath
    }

    /// `$KORDON_SHARED/<tail>`, else `shared/<tail>` in the current directory or above.
    static func locateShared(_ tail: String) throws -> String {
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
        throw ValidationError("cannot find shared/\(tail); set KORDON_SHARED")
    }
}
