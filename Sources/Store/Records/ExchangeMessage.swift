import Foundation

/// One message sent to or received from a subscriber or partner, kept with its signature (issue 12
/// item 3) in a hash chain like the audit trail's, so it can be shown later exactly as it went.
public struct ExchangeMessage: Codable, Hashable, Sendable {
    /// 1, 2, 3… with no gaps.
    public var seq: Int64
    public var id: UUID
    public var occurredAtMs: Int64
    public var direction: Direction
    /// `subscription:<id>` or `partner:<code>`.
    public var peer: String
    /// The key id of the Ed25519 key that signed `body` (ours when sent, the partner's when received).
    public var keyId: String
    /// Base64 Ed25519 signature over `body`'s UTF-8 bytes, as sent or received.
    public var signature: String
    /// The message body as it went over the wire (identifiers and shown fields only).
    public var body: String
    /// `delivered`, `accepted`, or `refused: <reason>`.
    public var outcome: String
    public var prevHash: String
    public var entryHash: String

    public enum Direction: String, Codable, Hashable, Sendable, CaseIterable {
        case sent
        case received
    }

    public var occurredAt: Date { Date(timeIntervalSince1970: Double(occurredAtMs) / 1000) }

    /// The fields hashed into the chain, in order.
    public var canonicalBytes: [UInt8] {
        HashChain.canonicalBytes([
            String(seq), id.uuidString.lowercased(), String(occurredAtMs), direction.rawValue, peer, keyId, signature,
            body, outcome,
        ])
    }

    public func computeHash() -> String { HashChain.link(prevHash, canonicalBytes) }
}

/// A message about to be logged; the log assigns sequence, time and hashes.
public struct NewExchangeMessage: Sendable {
    public var direction: ExchangeMessage.Direction
    public var peer: String
    public var keyId: String
    public var signature: String
    public var body: String
    public var outcome: String

    public init(
        direction: ExchangeMessage.Direction, peer: String, keyId: String, signature: String, body: String,
        outcome: String
    ) {
        self.direction = direction
        self.peer = peer
        self.keyId = keyId
        self.signature = signature
        self.body = body
        self.outcome = outcome
    }
}
