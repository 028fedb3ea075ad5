import ArgumentParser
import Foundation
import Logging
import Services
import Store

/// `kordon exchange …`: the message log, this installation's exchange key, partner installations.
struct ExchangeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exchange",
        abstract: "Real-time exchange: verify the message log, show this installation's key, configure partners.",
        subcommands: [Verify.self, Prune.self, Key.self, PartnerCommand.self]
    )

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Walk the exchange message log's hash chain and check every signature in it.",
            discussion: """
                Messages sent are checked with this installation's public key (the signing key file, or \
                --public-key), messages accepted from a partner with the partner's configured key. Exit \
                status 0 when the log is intact, 1 when not.
                """
        )

        @OptionGroup var store: StoreOptions

        @Option(help: "The signing key file (default: $KORDON_AUDIT_KEY, else DATA.audit-key).", completion: .file())
        var auditKey: String?

        @Option(help: "This installation's public key (base64), instead of the key file.")
        var publicKey: String?

        func run() async throws {
            let ours: String?
            if let publicKey {
                ours = try AuditPublicKey.parse(publicKey).key.rawRepresentation.base64EncodedString()
            } else {
                let path = AuditSigningOptions.keyPath(explicit: auditKey, dataDirectory: store.data)
                ours = FileManager.default.fileExists(atPath: path) ? try AuditSigningKey.load(path: path).publicKeyBase64 : nil
            }
            let logger = makeLogger("kordon", level: .warning)
            let database = try await KordonDatabase.open(try store.location(), logger: logger)
            do {
                let partners = try await database.repositories.partners.all()
                let keys = Dictionary(partners.map { ($0.keyId, $0.publicKey) }, uniquingKeysWith: { a, _ in a })
                let check = ExchangeLogCheck(ourKey: ours, partnerKeys: keys)
                let result = try await database.repositories.exchangeLog.verify(check: check.signatureHolds)
                try await database.shutdown()
                print("Checked \(result.messagesChecked) messages (head #\(result.headSeq)).")
                if ours == nil { print("Signatures of messages sent were not checked: no key file, give --public-key.") }
                if let broken = result.firstBrokenLink {
                    print("BROKEN: \(broken) (or its signature does not verify)")
                    throw ExitCode(1)
                }
                print("Intact: every link and every signature holds.")
            } catch let exit as ExitCode {
                throw exit
            } catch {
                try? await database.shutdown()
                throw error
            }
        }
    }

    struct Prune: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Retention: remove messages older than --keep-days from the message log.",
            discussion: "The last removed message's number and hash are kept; `verify` checks the chain from there."
        )

        @OptionGroup var store: StoreOptions

        @Option(help: "Keep the messages of the last N days.")
        var keepDays: Int

        func validate() throws {
            guard (1...36_500).contains(keepDays) else { throw ValidationError("--keep-days must be 1 to 36500") }
        }

        func run() async throws {
            let removed = try await store.withServices { try await $0.exchange.pruneLog(keepDays: keepDays) }
            print("Removed \(removed) messages older than \(keepDays) days.")
        }
    }

    struct Key: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print this installation's exchange key id and public key: what a partner configures.",
            discussion: "Deliveries are signed with the installation's signing key (the audit checkpoints' key)."
        )

        @OptionGroup var store: StoreOptions
        @OptionGroup(title: "Audit trail") var audit: AuditSigningOptions

        func run() async throws {
            let key = try AuditSigningKey.loadOrCreate(
                path: audit.keyPath(dataDirectory: store.data), logger: makeLogger("kordon", level: .warning)
            )
            print("key-id: \(key.keyId)")
            print("public-key: \(key.publicKeyBase64)")
        }
    }

    struct PartnerCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "partner", abstract: "Partner installations (the neighbouring state's Kordon).",
            subcommands: [Add.self, List.self]
        )

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Configure a partner: crossings at the points under joint control with its state go to it, signed; only what it signs is accepted from it.",
                discussion: """
                    Example, two demos on one machine (A on 8081, B on 8082): \
                    kordon exchange key --data B  (prints B's public key), then \
                    kordon exchange partner add --data A --code MD-B --country MDA --url http://127.0.0.1:8082 --public-key <B's key>, \
                    and the same on B with A's key. Running servers pick the partner up within a second.
                    """
            )

            @OptionGroup var store: StoreOptions

            @Option(help: "Short name of the partner, e.g. MD-BP.")
            var code: String

            @Option(help: "ICAO code of the partner's state (the joint points are those with it), e.g. MDA.")
            var country: String

            @Option(help: "Base URL of the partner's Kordon, e.g. https://kordon.border.md.")
            var url: String

            @Option(help: "The partner's public key, base64 (as `kordon exchange key` prints it there).")
            var publicKey: String

            func run() async throws {
                let partner = try await store.withServices {
                    try await $0.exchange.addPartner(code: code, country: country, url: url, publicKey: publicKey)
                }
                print("Partner \(partner.code) (\(partner.country)) at \(partner.url), key id \(partner.keyId).")
                print("Outbound subscription \(partner.subscriptionId): a running server starts delivering within a second.")
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List configured partners.")

            @OptionGroup var store: StoreOptions

            func run() async throws {
                let partners = try await store.withServices { try await $0.exchange.partners() }
                for partner in partners {
                    print("\(partner.code)\t\(partner.country)\t\(partner.url)\tkey \(partner.keyId)\tinbound #\(partner.inboundSeq)")
                }
            }
        }
    }
}

extension AuditSigningOptions {
    /// The exchange dispatcher for `serve` and `demo`: deliveries signed with the installation's key.
    func exchangeDispatcher(services: KordonServices, dataDirectory: String, logger: Logger) throws -> ExchangeDispatcher {
        let key = try AuditSigningKey.loadOrCreate(path: keyPath(dataDirectory: dataDirectory), logger: logger)
        logger.info("Signing exchange deliveries", metadata: ["keyId": "\(key.keyId)"])
        return ExchangeDispatcher(exchange: services.exchange, signer: ExchangeSigner(key: key), transport: HTTPWebhookTransport())
    }
}

extension StoreOptions {
    /// Runs `body` on the started services and closes the database whatever happens.
    func withServices<T: Sendable>(_ body: (KordonServices) async throws -> T) async throws -> T {
        let services = try await start(logger: makeLogger("kordon", level: .warning))
        do {
            let result = try await body(services)
            try await services.database.shutdown()
            return result
        } catch {
            try? await services.database.shutdown()
            throw error
        }
    }
}
