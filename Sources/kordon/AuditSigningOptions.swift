import ArgumentParser
import Foundation
import Logging
import Services

/// Where the audit-trail signing key and the published checkpoints live, for the commands that sign
/// (`serve`, `demo`, `audit checkpoint`).
struct AuditSigningOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The audit-trail signing key (Ed25519), kept apart from the database.",
            discussion: "Default: $KORDON_AUDIT_KEY, else DATA.audit-key beside (not in) the data folder, "
                + "made with mode 0600 when missing."
        ),
        completion: .file()
    )
    var auditKey: String?

    @Option(
        help: ArgumentHelp(
            "Publish each signed checkpoint as a JSON line to this file ('none': do not publish).",
            discussion: "Default: DATA.audit-checkpoints.jsonl beside the data folder. Keep a copy away from the "
                + "database: `kordon audit verify --checkpoints FILE` catches checkpoint rows deleted from it."
        ),
        completion: .file()
    )
    var auditCheckpoints: String?

    @Option(help: "Seconds between checkpoints of the audit trail's head (taken only when it moved).")
    var auditCheckpointInterval: Int = 60

    func validate() throws {
        guard (1...86_400).contains(auditCheckpointInterval) else {
            throw ValidationError("--audit-checkpoint-interval must be 1 to 86400 seconds")
        }
    }

    /// The key file's path: the option, else `KORDON_AUDIT_KEY`, else beside the data folder.
    func keyPath(dataDirectory: String) -> String {
        Self.keyPath(explicit: auditKey, dataDirectory: dataDirectory)
    }

    static func keyPath(explicit: String?, dataDirectory: String) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let fromEnvironment = ProcessInfo.processInfo.environment["KORDON_AUDIT_KEY"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        return AuditSigningKey.defaultPath(dataDirectory: dataDirectory)
    }

    /// The published file's path, or nil when publishing is off.
    func publishPath(dataDirectory: String) -> String? {
        if auditCheckpoints == "none" { return nil }
        if let auditCheckpoints, !auditCheckpoints.isEmpty { return auditCheckpoints }
        return Self.defaultPublishPath(dataDirectory: dataDirectory)
    }

    /// `<data folder>.audit-checkpoints.jsonl`, beside the data folder like the key.
    static func defaultPublishPath(dataDirectory: String) -> String {
        URL(fileURLWithPath: dataDirectory).standardizedFileURL.path + ".audit-checkpoints.jsonl"
    }

    /// The checkpointer for `services`, with the key loaded (or made, and its place logged).
    func checkpointer(services: KordonServices, dataDirectory: String, logger: Logger) throws -> AuditCheckpointer {
        let path = keyPath(dataDirectory: dataDirectory)
        let folder = URL(fileURLWithPath: dataDirectory).standardizedFileURL.path + "/"
        if URL(fileURLWithPath: path).standardizedFileURL.path.hasPrefix(folder) {
            logger.warning(
                "The audit-trail signing key is inside the data folder; keep it apart from the database",
                metadata: ["path": "\(path)"]
            )
        }
        let key = try AuditSigningKey.loadOrCreate(path: path, logger: logger)
        logger.info("Signing audit checkpoints", metadata: ["keyPath": "\(path)", "keyId": "\(key.keyId)"])
        return AuditCheckpointer(
            database: services.database, key: key, interval: .seconds(auditCheckpointInterval),
            publishPath: publishPath(dataDirectory: dataDirectory), clock: services.clock, logger: logger
        )
    }
}
