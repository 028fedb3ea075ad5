import Crypto
import Foundation

/// The audit trail's head as the server saw it, signed with a key kept apart from the database.
///
/// A hash chain shows that entries were altered only to someone who knows an older hash: whoever
/// holds the database can rewrite an entry and recompute every later hash. A checkpoint fixes the
/// head (`seq`, `entryHash`) at `signedAtMs` under an Ed25519 signature (RFC 8032) that the database
/// holder cannot make, so `kordon audit verify` catches such a rewrite, and a trail cut short of a
/// checkpoint. Checkpoints are numbered 1, 2, 3… and the number is signed, so one removed from the
/// middle leaves a gap; one removed from the end is caught against the published copy.
public struct AuditCheckpoint: Codable, Hashable, Sendable {
    /// 1, 2, 3… without gaps.
    public var number: Int64
    /// The sequence number of the head entry.
    public var seq: Int64
    /// The head entry's hash.
    public var entryHash: String
    /// UTC, milliseconds since 1970.
    public var signedAtMs: Int64
    /// Which key signed: `AuditCheckpoint.keyId(of:)`.
    public var keyId: String
    /// The Ed25519 signature of `signedMessage`, base64.
    public var signature: String

    public init(number: Int64, seq: Int64, entryHash: String, signedAtMs: Int64, keyId: String, signature: String) {
        self.number = number
        self.seq = seq
        self.entryHash = entryHash
        self.signedAtMs = signedAtMs
        self.keyId = keyId
        self.signature = signature
    }

    public var signedAt: Date { Date(timeIntervalSince1970: Double(signedAtMs) / 1000) }

    /// The bytes signed: a context line naming the format, then each field on a line of its own. The
    /// context keeps a checkpoint signature from being mistaken for any other use of the key.
    public var signedMessage: [UInt8] {
        Array("kordon-audit-checkpoint-v1\n\(number)\n\(seq)\n\(entryHash)\n\(signedAtMs)\n\(keyId)\n".utf8)
    }

    /// Signs the head `seq`/`entryHash` as checkpoint `number` at `signedAtMs`.
    public static func sign(
        number: Int64, seq: Int64, entryHash: String, signedAtMs: Int64, with key: Curve25519.Signing.PrivateKey
    ) throws -> AuditCheckpoint {
        var checkpoint = AuditCheckpoint(
            number: number, seq: seq, entryHash: entryHash, signedAtMs: signedAtMs,
            keyId: keyId(of: key.publicKey), signature: ""
        )
        checkpoint.signature = try key.signature(for: checkpoint.signedMessage).base64EncodedString()
        return checkpoint
    }

    /// True when `signature` is `publicKey`'s signature of `signedMessage`.
    public func hasValidSignature(from publicKey: Curve25519.Signing.PublicKey) -> Bool {
        guard let bytes = Data(base64Encoded: signature) else { return false }
        return publicKey.isValidSignature(bytes, for: signedMessage)
    }

    /// The first 16 hex digits of SHA-256 over the raw public key: names a key in a checkpoint
    /// without trusting anything the database says about it.
    public static func keyId(of publicKey: Curve25519.Signing.PublicKey) -> String {
        String(SHA256.hash(data: publicKey.rawRepresentation).map { String(format: "%02x", $0) }.joined().prefix(16))
    }
}
