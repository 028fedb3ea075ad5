@preconcurrency import Crypto
import Foundation
import Store

/// The body of one webhook POST or partner message: a batch of events for one receiver, in outbox order.
///
/// Signed whole: the `Kordon-Signature` header is the Ed25519 signature (RFC 8032) over the exact body
/// bytes, base64; `Kordon-Key-Id` names the key (`AuditCheckpoint.keyId`). A receiver verifies the
/// signature before parsing, drops events whose `id` it has seen (a retried POST repeats them), and
/// may rely on `seq` growing within one subscription.
public struct DeliveryMessage: Codable, Sendable, Hashable {
    public var deliveryId: UUID
    public var subscriptionId: UUID
    /// The sender's key id, repeated inside the signed bytes.
    public var sender: String
    public var sentAt: Date
    public var events: [DeliveredEvent]

    public init(deliveryId: UUID = UUID(), subscriptionId: UUID, sender: String, sentAt: Date, events: [DeliveredEvent]) {
        self.deliveryId = deliveryId
        self.subscriptionId = subscriptionId
        self.sender = sender
        self.sentAt = sentAt
        self.events = events
    }

    /// The bytes that go over the wire (sorted keys, ISO 8601 times with milliseconds).
    public func encoded() throws -> Data {
        try Self.encoder.encode(self)
    }

    /// Parses a body; bounded by the caller (the HTTP layer caps the body size).
    public static func decode(_ data: Data) throws -> DeliveryMessage {
        try decoder.decode(DeliveryMessage.self, from: data)
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
        }
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            if text.count <= 40, let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) {
                return date
            }
            if text.count <= 40, let date = try? Date.ISO8601FormatStyle().parse(text) { return date }
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an ISO 8601 time"))
        }
        return decoder
    }()
}

/// Signs what this installation sends, with its Ed25519 key kept apart from the database (the key that
/// signs the audit trail's checkpoints), and checks what a partner sends against the partner's key.
public struct ExchangeSigner: Sendable {
    public static let keyIdHeader = "Kordon-Key-Id"
    public static let signatureHeader = "Kordon-Signature"
    public static let deliveryIdHeader = "Kordon-Delivery-Id"

    public let key: AuditSigningKey

    public init(key: AuditSigningKey) { self.key = key }

    public var keyId: String { key.keyId }

    /// Base64 Ed25519 signature over `body`.
    public func sign(_ body: Data) throws -> String {
        try key.privateKey.signature(for: body).base64EncodedString()
    }

    /// Whether `signature` (base64) is `publicKey`'s over `body`.
    public static func verify(_ body: Data, signature: String, publicKey: String) -> Bool {
        guard let sig = Data(base64Encoded: signature), sig.count == 64, let raw = Data(base64Encoded: publicKey),
            raw.count == 32, let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw)
        else { return false }
        return key.isValidSignature(sig, for: body)
    }
}
