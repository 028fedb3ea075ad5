import Foundation
import Logging
import Services
import SQLKit
import Store

/// Fresh databases for tests: a new SQLite file, or a new database on the PostgreSQL server named by
/// `KORDON_TEST_DATABASE_URL` (scripts/test starts a throwaway one). Every test gets its own, so
/// suites run in parallel without seeing each other's rows.
public enum TestDatabase {
    /// The server URL for PostgreSQL tests, if set.
    public static var postgresURL: String? {
        let url = ProcessInfo.processInfo.environment["KORDON_TEST_DATABASE_URL"]
        return (url?.isEmpty ?? true) ? nil : url
    }

    /// The engines to run a store test on: SQLite always, PostgreSQL when a server is configured.
    public static var kinds: [DatabaseKind] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    public static let logger: Logger = {
        var logger = Logger(label: "kordon-test")
        logger.logLevel = .warning
        return logger
    }()

    /// Folder of the shared reference data (`../shared/reference` beside the repository).
    public static var referenceFolder: String {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<6 {
            url.deleteLastPathComponent()
            let candidate = url.appendingPathComponent("../shared/reference").standardized
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("crossing-points-ukraine.json").path) {
                return candidate.path
            }
        }
        return ProcessInfo.processInfo.environment["KORDON_REFERENCE"] ?? "../shared/reference"
    }

    /// A location for a new, empty database of `kind`.
    public static func freshLocation(_ kind: DatabaseKind) async throws -> DatabaseLocation {
        switch kind {
        case .sqlite:
            let folder = TestFiles.path("db")
            return .sqlite(path: folder.appendingPathComponent("kordon.sqlite").path)
        case .postgres:
            guard let server = postgresURL, var components = URLComponents(string: server) else {
                throw StoreError(.invalidConfiguration, detail: "KORDON_TEST_DATABASE_URL is not set")
            }
            let name = "kordon_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
            let admin = try await KordonDatabase.open(.postgres(url: server), logger: logger)
            try await admin.sql.raw("CREATE DATABASE \(unsafeRaw: name)").run()
            try await admin.shutdown()
            components.path = "/" + name
            return .postgres(url: components.string ?? server)
        }
    }

    /// An open, migrated database of `kind` with the crossing points loaded, and its services.
    public static func services(_ kind: DatabaseKind, clock: @escaping Clock = { Date() }) async throws -> KordonServices {
        try await KordonServices.start(
            location: try await freshLocation(kind), referenceFolder: referenceFolder, logger: logger, clock: clock
        )
    }
}

/// A border guard agency with its operational officers, and beside it one officer of every other role
/// in an agency of the kind the need-to-know policy expects for that role (a migration officer in a
/// migration service, a partner in a foreign partner agency, the operator in the installation's own).
public struct TestAgency: Sendable {
    /// The border guard agency (first line, second line, analyst, admin, auditor).
    public let agency: Agency
    public let tokens: [Role: String]
    public let officers: [Role: Officer]
    /// The agency of each role's officer.
    public let agencies: [Role: Agency]

    public static func make(_ services: KordonServices, code: String = "UA-SBGS", country: String = "UKR") async throws
        -> TestAgency
    {
        func agency(_ suffix: String, _ kind: AgencyKind, _ country: String) async throws -> Agency {
            try await services.admin.createAgency(
                .init(code: code + suffix, name: "Test agency \(code + suffix)", country: country, kind: kind)
            )
        }
        let main = try await agency("", .borderGuard, country)
        let migration = try await agency("-SMS", .migrationService, country)
        let partner = try await agency("-PARTNER", .partner, "MDA")
        let installation = try await agency("-OPS", .installation, country)
        var tokens: [Role: String] = [:]
        var officers: [Role: Officer] = [:]
        var agencies: [Role: Agency] = [:]
        for role in Role.allCases {
            let home: Agency
            switch role {
            case .migrationOfficer: home = migration
            case .partner: home = partner
            case .operator: home = installation
            default: home = main
            }
            let issued = try await services.admin.createOfficer(agencyId: home.id, name: "Officer \(role.rawValue)", role: role)
            tokens[role] = issued.token
            officers[role] = issued.officer
            agencies[role] = home
        }
        return TestAgency(agency: main, tokens: tokens, officers: officers, agencies: agencies)
    }

    public func context(_ role: Role, purpose: String = "test") -> AccessContext {
        let home = agencies[role]!
        return AccessContext(
            principal: Principal(
                officerId: officers[role]!.id, agencyId: home.id, role: role, agencyKind: home.kind,
                agencyCountry: home.country, credentialId: "test"
            ),
            purpose: purpose, requestId: "test-request"
        )
    }
}
