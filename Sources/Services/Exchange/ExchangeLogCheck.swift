import Foundation
import Store

/// Checks the signatures kept in the message log: messages sent with this installation's key,
/// messages accepted from a partner with that partner's key. Messages refused whole (unsigned, an
/// unknown key, a bad signature) are kept as evidence and are not expected to verify.
public struct ExchangeLogCheck: Sendable {
    let ourKey: String?
    let partnerKeys: [String: String]

    public init(ourKey: String?, partnerKeys: [String: String]) {
        self.ourKey = ourKey
        self.partnerKeys = partnerKeys
    }

    @Sendable public func signatureHolds(_ message: ExchangeMessage) -> Bool {
        let body = Data(message.body.utf8)
        switch message.direction {
        case .sent:
            guard let ourKey else { return true }
            return ExchangeSigner.verify(body, signature: message.signature, publicKey: ourKey)
        case .received:
            if message.outcome.hasPrefix("refused:") { return true }
            guard let key = partnerKeys[message.keyId] else { return false }
            return ExchangeSigner.verify(body, signature: message.signature, publicKey: key)
        }
    }
}
