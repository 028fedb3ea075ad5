import ArgumentParser
import Foundation
import Services
import Store

struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Work with the audit trail: verify it, sign its head, make a signing key.",
        subcommands: [Verify.self, Checkpoint.self, Keygen.self]
    )

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Walk the audit trail's hash chain and hold it against the signed checkpoints.",
            discussion: """
                The checkpoints are checked with a public key you trust, never with one read from the database: \
                the signing key file (--audit-key, $KORDON_AUDIT_KEY, or DATA.audit-key when it exists) or \
                --public-key. Given the published checkpoints (--checkpoints FILE), checkpoint rows deleted from \
                the database are caught too. Exit status 0 when sound, 1 when something is wrong or cannot be \
                checked.
                """
        )

        @OptionGroup var store: StoreOptions

        @Option(help: "The head (SEQ:HASH) published earlier; also detects entries deleted from the end.")
        var expectHead: String?

        @Option(help: "The signing key file; its public half checks the checkpoints.", completion: .file())
        var auditKey: String?

        @Option(
            help: "A trusted public key: base64 (as `kordon audit keygen` prints it) or a file holding it. Repeatable.",
            completion: .file()
        )
        var publicKey: [String] = []

        @Option(
            help: ArgumentHelp(
                "The published checkpoints (JSON Lines), to catch checkpoints deleted from the database.",
                discussion: "Default: DATA.audit-checkpoints.jsonl beside the data folder, when it exists."
            ),
            completion: .file()
        )
        var checkpoints: String?

        func validate() throws {
            if let expectHead, parseHead(expectHead) == nil {
                throw ValidationError("--expect-head must be SEQ:HASH as printed by an earlier verify")
            }
        }

        func parseHead(_ text: String) -> (seq: Int64, hash: String)? {
            let parts = text.split(separator: ":")
            guard parts.count == 2, let seq = Int64(parts[0]) else { return nil }
            return (seq, String(parts[1]))
        }

        /// The trusted keys, and where they came from (for the report).
        func trustedKeys() throws -> (keys: [AuditPublicKey], source: String?) {
            if !publicKey.isEmpty {
                return (try publicKey.map { try AuditPublicKey.parse($0) }, "--public-key")
            }
            let path = AuditSigningOptions.keyPath(explicit: auditKey, dataDirectory: store.data)
            let named = auditKey != nil || ProcessInfo.processInfo.environment["KORDON_AUDIT_KEY"] != nil
            guard named || FileManager.default.fileExists(atPath: path) else { return ([], nil) }
            return ([try AuditSigningKey.load(path: path).trusted], path)
        }

        func run() async throws {
            let (keys, keySource) = try trustedKeys()
            let publishedPath = checkpoints ?? AuditSigningOptions.defaultPublishPath(dataDirectory: store.data)
            let published = checkpoints != nil || FileManager.default.fileExists(atPath: publishedPath)
                ? try AuditCheckpointFile.read(path: publishedPath) : nil
            let expected = expectHead.flatMap(parseHead)
            let logger = makeLogger("kordon", level: .warning)
            let database = try await KordonDatabase.open(try store.location(), logger: logger)
            let report: AuditTrailReport
            var expectedHashFound: String?
            do {
                let verifier = AuditTrailVerifier(database: database, trustedKeys: keys)
                report = try await verifier.verify(published: published)
                if let expected {
                    expectedHashFound = try await database.repositories.audit.entryHash(seq: expected.seq)
                }
            } catch {
                try? await database.shutdown()
                throw error
            }
            try await database.shutdown()

            var problems: [String] = []
            if let broken = report.chain.firstBrokenLink {
                problems.append("after \(report.chain.entriesChecked) intact entries: \(broken)")
            }
            if keys.isEmpty, report.storedCheckpoints > 0 || !(published ?? []).isEmpty {
                problems.append(
                    "the checkpoints cannot be checked without a public key: pass --audit-key or --public-key"
                )
                problems += report.findings.filter { if case .unknownKey = $0 { false } else { true } }.map(\.description)
            } else {
                problems += report.findings.map(\.description)
            }
            if let expected {
                if expectedHashFound == nil {
                    problems.append(
                        "the trail ends before the expected head \(expected.seq): entries were deleted from the end"
                    )
                } else if expectedHashFound != expected.hash {
                    problems.append("entry \(expected.seq) does not have the published hash: the trail was rewritten")
                }
            }
            let head = report.chain.head.map { "\($0.seq):\($0.hash)" } ?? "empty"
            if !problems.isEmpty {
                for problem in problems.prefix(20) { print("BROKEN: \(problem)") }
                if problems.count > 20 { print("… and \(problems.count - 20) more") }
                throw ExitCode(1)
            }
            print("OK: \(report.chain.entriesChecked) entries, chain intact. Head \(head)")
            if let resumed = report.chain.resumedAt {
                print("Retention removed the entries before \(resumed) (kordon retention drop); the chain is walked from there.")
            }
            guard let newest = report.newestAgreeing else {
                print(
                    "NOT ANCHORED: no signed checkpoint; an entry rewritten with every later hash recomputed would "
                        + "not be detected. `kordon serve` signs the head every minute; or compare --expect-head."
                )
                return
            }
            print(
                "Checkpoints: \(report.trustedCheckpoints) signed by a trusted key (\(keySource ?? "")) agree; the "
                    + "newest is \(newest.label)."
            )
            if published != nil { print("Published checkpoints held against the database: \(publishedPath)") }
            if report.entriesAfterNewestCheckpoint > 0 {
                print(
                    "\(report.entriesAfterNewestCheckpoint) later entries are covered by the chain only, "
                        + "until the next checkpoint."
                )
            }
        }
    }

    struct Checkpoint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign the audit trail's head now, if it moved, and publish the checkpoint.",
            discussion: "What `kordon serve` does every minute; for a trail written while no server ran."
        )

        @OptionGroup var store: StoreOptions

        @OptionGroup(title: "Audit trail") var audit: AuditSigningOptions

        func run() async throws {
            // Notices included: where a missing key was made.
            let logger = makeLogger("kordon", level: .notice)
            let database = try await KordonDatabase.open(try store.location(), logger: logger)
            let made: AuditCheckpoint?
            do {
                try await Migrator(database: database).migrate(logger: logger)
                let keyPath = audit.keyPath(dataDirectory: store.data)
                let key = try AuditSigningKey.loadOrCreate(path: keyPath, logger: logger)
                made = try await AuditCheckpointer(
                    database: database, key: key, publishPath: audit.publishPath(dataDirectory: store.data), logger: logger
                ).checkpoint()
            } catch {
                try? await database.shutdown()
                throw error
            }
            try await database.shutdown()
            if let made {
                print("Signed \(made.label) with key \(made.keyId).")
            } else {
                print("Nothing to sign: the trail is empty or its head is already signed.")
            }
        }
    }

    struct Keygen: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make an audit-trail signing key (Ed25519) and print its public key.",
            discussion: """
                The file is made with mode 0600 and never overwritten. Keep it apart from the database (another \
                disk, a secrets store) and give its path to `kordon serve --audit-key`; hand the public key to \
                whoever verifies the trail.
                """
        )

        @Option(help: "Where to write the key file.", completion: .file())
        var out: String

        func run() throws {
            let key = AuditSigningKey()
            try key.write(to: out)
            print("Wrote \(out)")
            print("public-key: \(key.publicKeyBase64)")
            print("key-id: \(key.keyId)")
        }
    }
}
