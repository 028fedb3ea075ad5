import Access
import ArgumentParser
import Foundation

/// `kordon policy …`: the need-to-know policy, for auditors and for the docs.
struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy", abstract: "Show and check the need-to-know policy.", subcommands: [Matrix.self, Check.self]
    )

    struct Matrix: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the access matrix (Markdown) generated from the policy: docs/access-matrix.md."
        )

        @Option(help: "A policy file to read instead of the one built in.") var file: String?

        func run() async throws {
            print(try PolicyCommand.load(file).matrix(), terminator: "")
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read a policy file and report the first problem (unknown names, overlapping grants), or OK."
        )

        @Argument(help: "The policy file (JSON).") var file: String

        func run() async throws {
            let policy = try PolicyCommand.load(file)
            print("OK: policy version \(policy.version), \(policy.grants.count) grants.")
        }
    }

    static func load(_ file: String?) throws -> AccessPolicy {
        do {
            guard let file else { return try AccessPolicy.standard() }
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ValidationError("\(file): cannot read the file")
            }
            return try AccessPolicy.read(data)
        } catch let error as PolicyError {
            throw ValidationError(error.description)
        }
    }
}
