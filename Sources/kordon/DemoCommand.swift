import ArgumentParser
import Foundation
import HTTPAPI
import Hummingbird
import Logging
import Services
import Store
import TravelDocuments

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Seed a fresh SQLite database with synthetic data and serve it.",
        discussion: """
            Creates the agencies (border guard, migration service, MFA consular service, police, customs, Moldova's
            border police as a partner), officers of every role, the crossing points, synthetic travellers with
            documents and two years of crossings. Writes DIR/demo-credentials.json with a token per officer.
            """
    )

    @Option(help: "Folder for the demo database (default: a new temporary folder). Must not hold a database yet.")
    var dir: String?

    @Option(help: "Port to serve on.")
    var port: Int = 8080

    @Option(help: "Address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "Number of synthetic persons.")
    var persons: Int = 20_000

    @Option(help: "Number of synthetic crossings over two years.")
    var crossings: Int = 200_000

    @Option(help: "Seed for the synthetic data (same seed, same people).")
    var seed: UInt64 = 2026

    @Option(help: "Folder of the reference data. Default: ../shared/reference.")
    var reference: String?

    @Flag(help: "Seed and exit without serving.")
    var noServe = false

    @OptionGroup(title: "Audit trail") var audit: AuditSigningOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard (1...5_000_000).contains(persons) else { throw ValidationError("--persons must be 1 to 5,000,000") }
        guard (0...50_000_000).contains(crossings) else { throw ValidationError("--crossings must be 0 to 50,000,000") }
    }

    func run() async throws {
        let logger = makeLogger("kordon")
        let folder = dir ?? (NSTemporaryDirectory() as NSString).appendingPathComponent("kordon-demo-\(UUID().uuidString.prefix(8))")
        let databasePath = (folder as NSString).appendingPathComponent("kordon.sqlite")
        if FileManager.default.fileExists(atPath: databasePath) {
            throw ValidationError("--dir \(folder) already holds a database; choose an empty folder")
        }
        guard let referenceFolder = ReferenceData.locate(explicit: reference) else {
            throw ValidationError("reference data not found: pass --reference DIR (the folder with crossing-points-ukraine.json)")
        }
        let started = ContinuousClock.now
        var services = try await KordonServices.start(
            location: .sqlite(path: databasePath), referenceFolder: referenceFolder, logger: logger
        )
        let url = "http://\(host):\(port)"
        let bar = ProgressBar()
        let credentials = try await DemoSeeder(services: services).seed(
            persons: persons, crossings: crossings, seed: seed, url: url, makeMRZ: DemoMRZ.make,
            progress: { label, done, total in bar.update(label, done, total) }
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let credentialsPath = (folder as NSString).appendingPathComponent("demo-credentials.json")
        try encoder.encode(credentials).write(to: URL(fileURLWithPath: credentialsPath))
        let elapsed = ContinuousClock.now - started
        print("Seeded \(persons) persons and \(crossings) crossings in \(elapsed.formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 1)))).")
        print("Credentials: \(credentialsPath)")
        switch BiometricsConfiguration.locate() {
        case .success(let found): print("Face comparison and plate reading: \(found.executable)")
        case .failure(let missing): print("Face comparison and plate reading: not available (\(missing.detail)); scripts/demo installs them")
        }
        if noServe {
            try await services.database.shutdown()
            return
        }
        do {
            services.auditCheckpointer = try audit.checkpointer(
                services: services, dataDirectory: folder, logger: logger
            )
            services.exchangeDispatcher = try audit.exchangeDispatcher(
                services: services, dataDirectory: folder, logger: logger
            )
        } catch {
            try? await services.database.shutdown()
            throw error
        }
        print("Kordon demo at \(url)  (Ctrl-C to stop)")
        let app = try await KordonServer.makeApplication(services: services, host: host, port: port, logger: logger)
        do {
            try await app.runService()
        } catch {
            try? await services.database.shutdown()
            throw error
        }
        try await services.database.shutdown()
    }
}

/// TD3 MRZ lines for the demo's passports, with valid check digits (ICAO 9303 Part 4).
enum DemoMRZ {
    @Sendable static func make(_ traveller: SyntheticPopulation.Traveller) -> [String]? {
        func yymmdd(_ iso: String?) -> String {
            guard let iso, iso.count == 10 else { return "<<<<<<" }
            let digits = iso.replacingOccurrences(of: "-", with: "")
            return String(digits.dropFirst(2))
        }
        let person = traveller.person
        let fields = MRZFields(
            format: .td3, documentCode: traveller.documentCode, issuingState: person.nationality,
            surname: person.surname, givenNames: person.givenNames, documentNumber: traveller.documentNumber,
            nationality: person.nationality, birthDate: yymmdd(person.birthDate), sex: person.sex,
            expiryDate: yymmdd(traveller.expiryDate)
        )
        return try? MRZGenerator.make(fields)
    }
}
