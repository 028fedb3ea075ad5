@preconcurrency import Crypto
import Foundation
import Store

/// Checks the audit trail against its signed checkpoints (issue 10 item 4).
///
/// The chain (`AuditLog.verify`) proves that no entry was altered *unless every later hash was
/// recomputed*; only something the database holder cannot produce closes that gap. Here that is a
/// checkpoint signed with a key kept apart from the database, checked with public keys the caller
/// trusts, never with anything read from the database under examination. Given the published copy of
/// the checkpoints, rows deleted from `audit_checkpoint` are caught too.
public struct AuditTrailVerifier: Sendable {
    let database: KordonDatabase
    /// The keys whose signatures are trusted, by key id.
    let trustedKeys: [String: Curve25519.Signing.PublicKey]

    public init(database: KordonDatabase, trustedKeys: [AuditPublicKey]) {
        self.database = database
        self.trustedKeys = Dictionary(trustedKeys.map { ($0.keyId, $0.key) }, uniquingKeysWith: { first, _ in first })
    }

    /// Walks the chain, then holds it against every checkpoint stored and, if given, `published`.
    public func verify(
        published: [AuditCheckpoint]? = nil, progress: (@Sendable (Int64) -> Void)? = nil
    ) async throws -> AuditTrailReport {
        let log = database.repositories.audit
        let chain = try await log.verify(progress: progress)
        let stored = try await database.repositories.auditCheckpoints.all()
        var findings: [AuditTrailFinding] = []

        // Published checkpoints the database lost or changed; numbers missing from both.
        let storedByNumber = Dictionary(stored.map { ($0.number, $0) }, uniquingKeysWith: { first, _ in first })
        var anchors = storedByNumber
        for checkpoint in published ?? [] {
            if let row = storedByNumber[checkpoint.number], row != checkpoint {
                findings.append(.differsFromPublished(stored: row, published: checkpoint))
            }
            // The published copy is the evidence: it left the server's hands when it was signed.
            anchors[checkpoint.number] = checkpoint
        }
        let highest = anchors.keys.max() ?? 0
        findings += Self.missingRanges(in: highest, stored: Set(storedByNumber.keys))

        // Only a checkpoint signed by a trusted key says anything about the trail.
        var trusted: [AuditCheckpoint] = []
        var unknownKeys: [String: (first: AuditCheckpoint, count: Int)] = [:]
        for checkpoint in anchors.values.sorted(by: { $0.number < $1.number }) {
            guard let key = trustedKeys[checkpoint.keyId] else {
                unknownKeys[checkpoint.keyId, default: (checkpoint, 0)].count += 1
                continue
            }
            guard checkpoint.hasValidSignature(from: key) else {
                findings.append(.forged(checkpoint))
                continue
            }
            trusted.append(checkpoint)
        }
        for (first, count) in unknownKeys.values.sorted(by: { $0.first.number < $1.first.number }) {
            findings.append(.unknownKey(first: first, count: count))
        }

        // Each trusted checkpoint must find its entry, with its hash.
        let hashes = try await log.entryHashes(seqs: Array(Set(trusted.map(\.seq))).sorted())
        let headSeq = chain.head?.seq ?? 0
        var lastAgreeing: AuditCheckpoint?
        var contradiction: AuditTrailFinding?
        var truncation: AuditCheckpoint?
        for checkpoint in trusted.sorted(by: { ($0.seq, $0.number) < ($1.seq, $1.number) }) {
            guard let hash = hashes[checkpoint.seq] else {
                truncation = checkpoint
                continue
            }
            if hash == checkpoint.entryHash {
                if contradiction == nil { lastAgreeing = checkpoint }
            } else if case .contradicts(let entry, let first, let agreeing, let later) = contradiction {
                contradiction = .contradicts(entry: entry, checkpoint: first, lastAgreeing: agreeing, later: later + 1)
            } else {
                contradiction = .contradicts(
                    entry: checkpoint.seq, checkpoint: checkpoint, lastAgreeing: lastAgreeing, later: 0
                )
            }
        }
        if let contradiction { findings.append(contradiction) }
        if let truncation, truncation.seq > headSeq {
            findings.append(.truncated(head: headSeq, checkpoint: truncation))
        }

        let newest = trusted.filter { hashes[$0.seq] == $0.entryHash }.max { $0.seq < $1.seq }
        // After retention the chain starts at the first entry kept, from a hash the database recorded:
        // only a trusted signature over that entry or a later one vouches for it.
        // And the drop itself must be on the trail that remains, as `kordon retention drop` writes it: an
        // insider who drops the oldest months by hand and writes `retention_drop` himself has no such entry.
        if let resumed = chain.resumedAt {
            if (newest?.seq ?? 0) < resumed { findings.append(.resumptionUnvouched(firstKept: resumed)) }
            let recordedBy = try await database.repositories.partitions.auditResumption()?.recordedBy
            var act: AuditEntry?
            if let recordedBy { act = try await log.entry(seq: recordedBy) }
            if !(act.map { $0.action == "retention.drop" && $0.seq >= resumed } ?? false) {
                findings.append(.retentionUnrecorded(firstKept: resumed))
            }
        }
        return AuditTrailReport(
            chain: chain, storedCheckpoints: stored.count, trustedCheckpoints: trusted.count,
            newestAgreeing: newest, findings: findings
        )
    }

    /// The numbers up to `highest` missing from the database, as ranges.
    static func missingRanges(in highest: Int64, stored: Set<Int64>) -> [AuditTrailFinding] {
        var findings: [AuditTrailFinding] = []
        var start: Int64?
        for number in stride(from: Int64(1), through: highest + 1, by: 1) {
            let missing = number <= highest && !stored.contains(number)
            if missing, start == nil { start = number }
            if !missing, let first = start {
                findings.append(.checkpointsMissing(from: first, through: number - 1))
                start = nil
            }
        }
        return findings
    }
}

/// What `AuditTrailVerifier.verify` found.
public struct AuditTrailReport: Sendable {
    /// The hash chain's own verdict.
    public var chain: AuditLog.Verification
    /// Checkpoint rows in the database.
    public var storedCheckpoints: Int
    /// Checkpoints (stored or published) whose signature verifies with a trusted key.
    public var trustedCheckpoints: Int
    /// The checkpoint with the highest sequence number that the trail agrees with.
    public var newestAgreeing: AuditCheckpoint?
    /// Everything wrong besides the chain's first broken link; empty when the trail is sound.
    public var findings: [AuditTrailFinding]

    /// True when the chain is intact and no checkpoint contradicts it.
    public var isIntact: Bool { chain.isIntact && findings.isEmpty }

    /// Entries after the newest agreeing checkpoint: protected by the chain alone until the next one.
    public var entriesAfterNewestCheckpoint: Int64 {
        max(0, (chain.head?.seq ?? 0) - (newestAgreeing?.seq ?? 0))
    }
}

/// One way the trail disagrees with its checkpoints.
public enum AuditTrailFinding: Sendable, Equatable, CustomStringConvertible {
    /// The entry at a checkpoint's `seq` has another hash: the trail was rewritten at or before it,
    /// after `lastAgreeing` if there is one. `later` counts further checkpoints that disagree too.
    case contradicts(entry: Int64, checkpoint: AuditCheckpoint, lastAgreeing: AuditCheckpoint?, later: Int)
    /// The trail ends at `head`, before a checkpoint that was signed over a later entry.
    case truncated(head: Int64, checkpoint: AuditCheckpoint)
    /// The signature does not verify with the key the checkpoint names.
    case forged(AuditCheckpoint)
    /// `count` checkpoints, from `first` on, name a key that verify was not given.
    case unknownKey(first: AuditCheckpoint, count: Int)
    /// Checkpoint numbers missing from the database (deleted): a gap, or published ones it lacks.
    case checkpointsMissing(from: Int64, through: Int64)
    /// The database's checkpoint differs from the published one with its number.
    case differsFromPublished(stored: AuditCheckpoint, published: AuditCheckpoint)
    /// Retention removed the entries before `firstKept`, but no trusted checkpoint at or after it agrees
    /// with the trail: nothing signed vouches for where the trail resumes.
    case resumptionUnvouched(firstKept: Int64)
    /// The trail resumes at `firstKept`, but no `retention.drop` entry on the trail records the drop: entries
    /// were removed outside `kordon retention drop`.
    case retentionUnrecorded(firstKept: Int64)

    public var description: String {
        switch self {
        case .contradicts(let entry, let checkpoint, let lastAgreeing, let later):
            var text = "entry \(entry) contradicts \(checkpoint.label): the trail was rewritten"
            if let lastAgreeing {
                text += " after entry \(lastAgreeing.seq) (\(lastAgreeing.label) agrees)"
            } else {
                text += " at or before entry \(entry)"
            }
            if later > 0 { text += "; \(later) later checkpoint\(later == 1 ? "" : "s") disagree too" }
            return text
        case .truncated(let head, let checkpoint):
            let end = head == 0 ? "the trail is empty" : "the trail ends at entry \(head)"
            return "\(end), before \(checkpoint.label): entries were deleted from the end"
        case .forged(let checkpoint):
            return "\(checkpoint.label) is forged: its signature does not verify with key \(checkpoint.keyId)"
        case .unknownKey(let first, let count):
            let which = count == 1 ? "\(first.label) is" : "\(count) checkpoints from \(first.label) on are"
            return "\(which) signed by key \(first.keyId), not a key given to verify: forged, or pass that key too"
        case .checkpointsMissing(let from, let through):
            let which = from == through ? "checkpoint #\(from) is" : "checkpoints #\(from) to #\(through) are"
            return "\(which) missing from the database (deleted)"
        case .differsFromPublished(let stored, _):
            return "checkpoint #\(stored.number) in the database differs from the published one (altered)"
        case .resumptionUnvouched(let firstKept):
            return "the trail resumes at entry \(firstKept) after retention, and no trusted checkpoint at or after it "
                + "agrees with the trail: where it resumes is not vouched for"
        case .retentionUnrecorded(let firstKept):
            return "the trail resumes at entry \(firstKept), but no retention.drop entry records the drop: entries "
                + "before it were removed outside kordon retention"
        }
    }
}

extension AuditCheckpoint {
    /// How reports name a checkpoint: `checkpoint #3 (seq 120, signed at 2026-12-02T05:40:00Z)`.
    public var label: String {
        "checkpoint #\(number) (seq \(seq), signed at \(signedAt.formatted(.iso8601)))"
    }
}
