import Crypto
import Foundation
import KordonTesting
import SQLKit
import ServiceLifecycle
import Services
import Store
import Testing

/// Issue 10 item 4: signed checkpoints, and `kordon audit verify` catching what the chain alone
/// cannot. Each attack is made as someone holding the database but not the signing key would.
@Suite("Audit checkpoints")
struct AuditCheckpointTests {
    static let signedAt = Date(timeIntervalSince1970: 1_764_633_600)

    /// A migrated database with `count` entries, each in its own transaction.
    static func trail(_ kind: DatabaseKind, count: Int) async throws -> KordonDatabase {
        let database = try await KordonDatabase.open(try await TestDatabase.freshLocation(kind), logger: TestDatabase.logger)
        try await Migrator(database: database).migrate(logger: TestDatabase.logger)
        try await append(count, to: database)
        return database
    }

    static func append(_ count: Int, to database: KordonDatabase) async throws {
        for index in 0..<count {
            try await database.transaction { (repositories: Repositories) in
                let person = UUID()
                try await repositories.audit.append(
                    [AuditRecord(
                        officerId: UUID(), agencyId: UUID(), requestId: "r-\(index)", purpose: "border_control",
                        action: "person.read", resourceType: "person", resourceIds: [person.uuidString],
                        personIds: [person], credentialId: "token:\(index)"
                    )],
                    at: Date()
                )
            }
        }
    }

    static func checkpointer(_ database: KordonDatabase, key: AuditSigningKey, publishTo path: String? = nil)
        -> AuditCheckpointer
    {
        AuditCheckpointer(
            database: database, key: key, publishPath: path, clock: { signedAt }, logger: TestDatabase.logger
        )
    }

    static func temporaryPath(_ name: String) -> String {
        TestFiles.path(name).path
    }

    /// A trail of 10 entries with checkpoint #1 over entry 3 and #2 over entry 10, published to a file.
    static func checkpointedTrail(_ kind: DatabaseKind, key: AuditSigningKey) async throws -> (KordonDatabase, String) {
        let database = try await trail(kind, count: 3)
        let published = temporaryPath("checkpoints.jsonl")
        try await checkpointer(database, key: key, publishTo: published).checkpoint()
        try await append(7, to: database)
        try await checkpointer(database, key: key, publishTo: published).checkpoint()
        return (database, published)
    }

    static func verify(
        _ database: KordonDatabase, key: AuditSigningKey, published: String? = nil
    ) async throws -> AuditTrailReport {
        try await AuditTrailVerifier(database: database, trustedKeys: [key.trusted])
            .verify(published: try published.map { try AuditCheckpointFile.read(path: $0) })
    }

    // MARK: - Signing

    @Test("the head is signed only when it moved, kept, written to the outbox and published", arguments: TestDatabase.kinds)
    func signsTheHead(kind: DatabaseKind) async throws {
        let database = try await Self.trail(kind, count: 0)
        let key = AuditSigningKey()
        let published = Self.temporaryPath("checkpoints.jsonl")
        let checkpointer = Self.checkpointer(database, key: key, publishTo: published)
        #expect(try await checkpointer.checkpoint() == nil, "an empty trail has no head to sign")

        try await Self.append(4, to: database)
        let first = try #require(try await checkpointer.checkpoint())
        #expect(first.number == 1)
        #expect(first.seq == 4)
        #expect(first.entryHash == (try await database.repositories.audit.entryHash(seq: 4)))
        #expect(first.signedAtMs == 1_764_633_600_000)
        #expect(first.hasValidSignature(from: key.publicKey))
        let keyDigest = SHA256.hash(data: key.publicKey.rawRepresentation).map { String(format: "%02x", $0) }.joined()
        #expect(first.keyId == String(keyDigest.prefix(16)))
        #expect(try await checkpointer.checkpoint() == nil, "the head did not move")

        try await Self.append(1, to: database)
        let second = try #require(try await checkpointer.checkpoint())
        #expect(second.number == 2 && second.seq == 5)

        #expect(try await database.repositories.auditCheckpoints.all() == [first, second])
        #expect(try AuditCheckpointFile.read(path: published) == [first, second])
        let events = try await database.repositories.outbox.events(after: 0).filter { $0.type == "audit.checkpoint" }
        #expect(events.map(\.aggregateId) == ["1", "2"])
        let payload = try JSONDecoder().decode([String: String].self, from: Data(try #require(events.first).payload.utf8))
        #expect(payload["signature"] == first.signature && payload["entryHash"] == first.entryHash)
        #expect(payload["signedAt"] == "2025-12-02T00:00:00Z")
        try await database.shutdown()
    }

    @Test("a checkpoint missing from the published file is published with the next one", arguments: TestDatabase.kinds)
    func publishingCatchesUp(kind: DatabaseKind) async throws {
        let database = try await Self.trail(kind, count: 2)
        let key = AuditSigningKey()
        try await Self.checkpointer(database, key: key, publishTo: nil).checkpoint()
        try await Self.append(1, to: database)
        let published = Self.temporaryPath("checkpoints.jsonl")
        try await Self.checkpointer(database, key: key, publishTo: published).checkpoint()
        #expect(try AuditCheckpointFile.read(path: published).map(\.number) == [1, 2])
        try await database.shutdown()
    }

    @Test("the service signs at its interval and once more on graceful shutdown")
    func runsAsAService() async throws {
        let database = try await Self.trail(.sqlite, count: 1)
        let checkpointer = AuditCheckpointer(
            database: database, key: AuditSigningKey(), interval: .milliseconds(20), publishPath: nil,
            logger: TestDatabase.logger
        )
        let group = ServiceGroup(services: [checkpointer], logger: TestDatabase.logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var signed: AuditCheckpoint?
            for _ in 0..<250 where signed == nil {
                try await Task.sleep(for: .milliseconds(20))
                signed = try await database.repositories.auditCheckpoints.latest()
            }
            #expect(signed?.seq == 1, "the interval's checkpoint")
            try await Self.append(2, to: database)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(try await database.repositories.auditCheckpoints.latest()?.seq == 3, "the shutdown's checkpoint")
        try await database.shutdown()
    }

    // MARK: - Verification

    @Test("a sound trail agrees with its checkpoints; entries after the last are named", arguments: TestDatabase.kinds)
    func soundTrail(kind: DatabaseKind) async throws {
        let key = AuditSigningKey()
        let (database, published) = try await Self.checkpointedTrail(kind, key: key)
        try await Self.append(2, to: database)
        let report = try await Self.verify(database, key: key, published: published)
        #expect(report.isIntact)
        #expect(report.findings.isEmpty)
        #expect(report.trustedCheckpoints == 2)
        #expect(report.newestAgreeing?.number == 2)
        #expect(report.entriesAfterNewestCheckpoint == 2)
        try await database.shutdown()
    }

    @Test("without a checkpoint, the report says the trail is not anchored", arguments: TestDatabase.kinds)
    func noCheckpoint(kind: DatabaseKind) async throws {
        let database = try await Self.trail(kind, count: 3)
        let report = try await Self.verify(database, key: AuditSigningKey())
        #expect(report.isIntact)
        #expect(report.newestAgreeing == nil)
        #expect(report.entriesAfterNewestCheckpoint == 3)
        try await database.shutdown()
    }

    @Test("a rewrite with every later hash recomputed contradicts the checkpoint", arguments: TestDatabase.kinds)
    func recomputedRewrite(kind: DatabaseKind) async throws {
        let key = AuditSigningKey()
        let (database, _) = try await Self.checkpointedTrail(kind, key: key)
        try await AuditTampering.rewrite(database, seq: 5) { $0.purpose = "curiosity" }

        let report = try await Self.verify(database, key: key)
        #expect(report.chain.isIntact, "the chain alone cannot tell")
        #expect(!report.isIntact)
        let checkpoints = try await database.repositories.auditCheckpoints.all()
        #expect(
            report.findings == [.contradicts(entry: 10, checkpoint: checkpoints[1], lastAgreeing: checkpoints[0], later: 0)]
        )
        let text = report.findings.first?.description ?? ""
        #expect(text.hasPrefix("entry 10 contradicts checkpoint #2 (seq 10, signed at 2025-12-02T00:00:00Z)"))
        #expect(text.contains("after entry 3 (checkpoint #1"))
        try await database.shutdown()
    }

    @Test("a checkpoint re-signed by the attacker over the rewritten head is forged", arguments: TestDatabase.kinds)
    func forgedCheckpoint(kind: DatabaseKind) async throws {
        let key = AuditSigningKey()
        let (database, _) = try await Self.checkpointedTrail(kind, key: key)
        try await AuditTampering.rewrite(database, seq: 5) { $0.purpose = "curiosity" }
        let newHead = try #require(try await database.repositories.audit.entryHash(seq: 10))
        // The attacker keeps the key id and signature but points the checkpoint at the new head…
        try await database.sql.update("audit_checkpoint").set("entry_hash", to: SQLBind(newHead))
            .where("number", .equal, SQLBind(2)).run()
        var report = try await Self.verify(database, key: key)
        #expect(report.findings.count == 1)
        guard case .forged(let forged) = report.findings.first else {
            Issue.record("expected a forged checkpoint, found \(report.findings)")
            return
        }
        #expect(forged.number == 2)
        #expect(report.findings.first?.description.hasPrefix("checkpoint #2 (seq 10") == true)
        #expect(report.findings.first?.description.contains("is forged") == true)

        // …or signs it with a key of his own.
        let own = try AuditCheckpoint.sign(
            number: 2, seq: 10, entryHash: newHead, signedAtMs: forged.signedAtMs, with: AuditSigningKey().privateKey
        )
        try await database.sql.update("audit_checkpoint").set("key_id", to: SQLBind(own.keyId))
            .set("signature", to: SQLBind(own.signature)).where("number", .equal, SQLBind(2)).run()
        report = try await Self.verify(database, key: key)
        guard case .unknownKey(let unknown, let count) = report.findings.first else {
            Issue.record("expected a checkpoint signed by an unknown key, found \(report.findings)")
            return
        }
        #expect(unknown.number == 2 && count == 1)
        try await database.shutdown()
    }

    @Test("a trail cut short of a checkpoint is a truncation", arguments: TestDatabase.kinds)
    func truncation(kind: DatabaseKind) async throws {
        let key = AuditSigningKey()
        let (database, _) = try await Self.checkpointedTrail(kind, key: key)
        try await AuditTampering.truncate(database, after: 7)
        let report = try await Self.verify(database, key: key)
        #expect(report.chain.isIntact, "the chain alone cannot tell")
        let checkpoint = try #require(try await database.repositories.auditCheckpoints.latest())
        #expect(report.findings == [.truncated(head: 7, checkpoint: checkpoint)])
        #expect(
            report.findings.first?.description.hasPrefix("the trail ends at entry 7, before checkpoint #2 (seq 10") == true
        )
        try await database.shutdown()
    }

    @Test("a checkpoint deleted from the middle leaves a gap in the numbers", arguments: TestDatabase.kinds)
    func deletedFromTheMiddle(kind: DatabaseKind) async throws {
        let key = AuditSigningKey()
        let (database, _) = try await Self.checkpointedTrail(kind, key: key)
        try await Self.append(1, to: database)
        try await Self.checkpointer(database, key: key).checkpoint()
        try await AuditTampering.liftGuards(database)
        try await database.sql.delete(from: "audit_checkpoint").where("number", .equal, SQLBind(2)).run()
        let report = try await Self.verify(database, key: key)
        #expect(report.findings == [.checkpointsMissing(from: 2, through: 2)])
        #expect(report.findings.first?.description == "checkpoint #2 is missing from the database (deleted)")
        try await database.shutdown()
    }

    @Test(
        "checkpoints deleted with the tail they covered are caught against the published file",
        arguments: TestDatabase.kinds
    )
    func deletedWithTheTail(kind: DatabaseKind) async throws {
        let key = AuditSigningKey()
        let (database, published) = try await Self.checkpointedTrail(kind, key: key)
        try await AuditTampering.truncate(database, after: 7)
        try await database.sql.delete(from: "audit_checkpoint").where("number", .equal, SQLBind(2)).run()

        let alone = try await Self.verify(database, key: key)
        #expect(alone.isIntact, "the database alone agrees with itself: why the file is published")

        let report = try await Self.verify(database, key: key, published: published)
        let checkpoint = try #require(try AuditCheckpointFile.read(path: published).last)
        #expect(report.findings == [.checkpointsMissing(from: 2, through: 2), .truncated(head: 7, checkpoint: checkpoint)])
        try await database.shutdown()
    }

    @Test("a stored checkpoint altered after publication differs from the published one", arguments: TestDatabase.kinds)
    func alteredAfterPublication(kind: DatabaseKind) async throws {
        let key = AuditSigningKey()
        let (database, published) = try await Self.checkpointedTrail(kind, key: key)
        try await AuditTampering.liftGuards(database)
        try await database.sql.update("audit_checkpoint").set("signed_at_ms", to: SQLBind(Int64(1)))
            .where("number", .equal, SQLBind(1)).run()
        let report = try await Self.verify(database, key: key, published: published)
        #expect(report.findings.count == 1)
        #expect(
            report.findings.first?.description == "checkpoint #1 in the database differs from the published one (altered)"
        )
        try await database.shutdown()
    }

    // MARK: - The key

    @Test("a key file is made once, mode 0600, and read back")
    func keyFile() throws {
        let path = Self.temporaryPath("audit-key")
        let key = AuditSigningKey()
        try key.write(to: path)
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        #expect(mode == 0o600)
        #expect(try AuditSigningKey.load(path: path).publicKeyBase64 == key.publicKeyBase64)
        #expect(throws: ServiceError.self, "never overwritten") { try AuditSigningKey().write(to: path) }
        #expect(try AuditSigningKey.load(path: path).keyId == key.keyId)

        // A public key is taken as base64, from a file holding it, or from the key file itself.
        let publicFile = Self.temporaryPath("audit-key.pub")
        try "public-key: \(key.publicKeyBase64)\n".write(toFile: publicFile, atomically: true, encoding: .utf8)
        for argument in [key.publicKeyBase64, publicFile, path] {
            #expect(try AuditPublicKey.parse(argument).keyId == key.keyId)
        }
        #expect(throws: ServiceError.self) { try AuditPublicKey.parse("not-a-key") }
    }

    @Test("a missing key is made beside the data folder, not inside it")
    func defaultKeyPath() throws {
        let data = Self.temporaryPath("data")
        let path = AuditSigningKey.defaultPath(dataDirectory: data + "/")
        #expect(path == data + ".audit-key")
        let made = try AuditSigningKey.loadOrCreate(path: path, logger: TestDatabase.logger)
        #expect(try AuditSigningKey.loadOrCreate(path: path, logger: TestDatabase.logger).keyId == made.keyId)
    }
}
