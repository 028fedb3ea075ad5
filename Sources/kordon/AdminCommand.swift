import ArgumentParser
import Foundation
import Services
import Store

struct Admin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Administer agencies and officers.", subcommands: [CreateOperator.self, CreateAgency.self, CreateOfficer.self]
    )

    struct CreateAgency: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create-agency", abstract: "Create an agency.")

        @OptionGroup var store: StoreOptions
        @Option(help: "Short stable code, e.g. UA-SBGS.") var code: String
        @Option(help: "Name of the agency.") var name: String
        @Option(help: "ICAO 9303 code of its state, e.g. UKR.") var country: String
        @Option(help: "One of: \(Agency.Kind.allCases.map(\.rawValue).joined(separator: ", ")).") var kind: String

        func validate() throws {
            guard Agency.Kind(rawValue: kind) != nil else { throw ValidationError("--kind: unknown kind '\(kind)'") }
        }

        func run() async throws {
            let services = try await store.start(logger: makeLogger("kordon", level: .warning), screening: .dismissalsOnly)
            defer { Task { try? await services.database.shutdown() } }
            let agency = try await services.admin.createAgency(
                .init(code: code, name: name, country: country, kind: Agency.Kind(rawValue: kind) ?? .other)
            )
            print("Created agency \(agency.code) with id \(agency.id.uuidString.lowercased())")
            try await services.database.shutdown()
        }
    }

    struct CreateOfficer: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create-officer",
            abstract: "Create an officer and print their API token once (only its SHA-256 is stored)."
        )

        @OptionGroup var store: StoreOptions
        @Option(help: "Code of the officer's agency, e.g. UA-SBGS.") var agency: String
        @Option(help: "Officer's name.") var name: String
        @Option(help: "Role: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).") var role: String

        func validate() throws {
            if role == Role.operator.rawValue { throw ValidationError("--role operator: use 'kordon admin create-operator'") }
            guard Role(rawValue: role) != nil else {
                throw ValidationError("--role must be one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }

        func run() async throws {
            let services = try await store.start(logger: makeLogger("kordon", level: .warning), screening: .dismissalsOnly)
            guard let found = try await services.database.repositories.agencies.find(code: agency) else {
                try await services.database.shutdown()
                throw ValidationError("--agency: no agency with code '\(agency)'; create it with 'kordon admin create-agency'")
            }
            let issued = try await services.admin.createOfficer(
                agencyId: found.id, name: name, role: Role(rawValue: role) ?? .firstLine
            )
            print("Officer \(issued.officer.id.uuidString.lowercased()) (\(role), \(found.code)).")
            print("Token (shown once, store it safely):")
            print(issued.token)
            try await services.database.shutdown()
        }
    }

    /// The installation's operator: the only officer who admits agencies and appoints their
    /// administrators and auditors. Made here, on the server, never through the API.
    struct CreateOperator: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create-operator",
            abstract: "Create the installation's operator (and its own agency, once); print the token once."
        )

        @OptionGroup var store: StoreOptions
        @Option(help: "Operator's name.") var name: String
        @Option(help: "ICAO 9303 code of the installation's state.") var country: String = "UKR"

        func run() async throws {
            let services = try await store.start(logger: makeLogger("kordon", level: .warning), screening: .dismissalsOnly)
            let code = "KORDON-OPS"
            let agency: Agency
            if let found = try await services.database.repositories.agencies.find(code: code) {
                agency = found
            } else {
                agency = try await services.admin.createAgency(
                    .init(code: code, name: "Kordon installation operator", country: country, kind: .installation)
                )
            }
            let issued = try await services.admin.createOfficer(agencyId: agency.id, name: name, role: .operator)
            print("Operator \(issued.officer.id.uuidString.lowercased()) in \(code).")
            print("Token (shown once, store it safely):")
            print(issued.token)
            try await services.database.shutdown()
        }
    }
}
