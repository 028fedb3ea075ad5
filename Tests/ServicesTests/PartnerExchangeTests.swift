import Foundation
import KordonTesting
import Services
import Store
import Testing

/// What a partner installation sends is applied only when signed with its key, new, a crossing, and
/// at a point under joint control; everything else is refused with a reason, logged, never applied.
@Suite("Exchange: messages from a partner installation")
struct PartnerExchangeTests {
    static func message(_ events: [(seq: Int64, point: String)], signer: ExchangeSigner) throws -> (Data, String) {
        let message = DeliveryMessage(
            subscriptionId: UUID(), sender: signer.keyId, sentAt: Date(),
            events: events.map { event in
                DeliveredEvent(
                    id: UUID(), seq: event.seq, type: "crossing.recorded", occurredAt: Date(),
                    data: ["crossingId": UUID().uuidString, "pointCode": event.point, "direction": "exit", "decision": "admitted"]
                )
            }
        )
        let body = try message.encoded()
        return (body, try signer.sign(body))
    }

    @Test("signed, new, joint-point crossings are applied; replays, other points and forgeries are refused and logged", arguments: TestDatabase.kinds)
    func inbound(kind: DatabaseKind) async throws {
        let services = try await TestDatabase.services(kind)
        let theirs = ExchangeSigner(key: AuditSigningKey())
        let partner = try await services.exchange.addPartner(
            code: "MD-BP", country: "MDA", url: "http://127.0.0.1:9/", publicKey: theirs.key.publicKeyBase64
        )
        #expect(partner.keyId == theirs.keyId)
        let (body, signature) = try Self.message(
            [(1, "UA-ROAD-MAIAKY-UDOBNE"), (2, "UA-ROAD-PLATONOVE"), (3, "UA-ROAD-KUCHURHAN")], signer: theirs
        )
        let receipt = try await services.exchange.receive(body: body, keyId: theirs.keyId, signature: signature)
        #expect(receipt.accepted.count == 2)
        #expect(receipt.refused.map(\.seq) == [2])
        #expect(receipt.refused.first?.reason.hasPrefix("not a joint crossing point") == true)

        // The same message again: a replay, nothing applied.
        let replay = try await services.exchange.receive(body: body, keyId: theirs.keyId, signature: signature)
        #expect(replay.accepted.isEmpty && replay.refused.count == 3)
        #expect(replay.refused.allSatisfy { $0.reason.hasPrefix("replayed") })

        // Out of order: position 2 after 3 was accepted.
        let (late, lateSignature) = try Self.message([(2, "UA-ROAD-KUCHURHAN")], signer: theirs)
        #expect(try await services.exchange.receive(body: late, keyId: theirs.keyId, signature: lateSignature).accepted.isEmpty)

        // Signed by someone else under the partner's key id; unsigned; unknown key.
        let forger = ExchangeSigner(key: AuditSigningKey())
        let (forged, forgedSignature) = try Self.message([(10, "UA-ROAD-KUCHURHAN")], signer: forger)
        for (keyId, signature) in [(theirs.keyId, forgedSignature), (theirs.keyId, nil), (forger.keyId, forgedSignature)] {
            let error = await #expect(throws: ServiceError.self) {
                try await services.exchange.receive(body: forged, keyId: keyId, signature: signature)
            }
            #expect(error?.code == .unauthenticated)
        }

        let crossings = try await services.database.repositories.partners.crossings()
        #expect(crossings.map(\.remoteSeq) == [3, 1])
        let log = try await services.database.repositories.exchangeLog.messages()
        #expect(log.map(\.outcome) == [
            "accepted 2; refused 2: not a joint crossing point with MDA",
            "accepted 0; refused 1: replayed: position 1 is at or below the last accepted (3); "
                + "2: replayed: position 2 is at or below the last accepted (3); 3: replayed: position 3 is at or below the last accepted (3)",
            "accepted 0; refused 2: replayed: position 2 is at or below the last accepted (3)",
            "refused: signature does not verify", "refused: unsigned", "refused: unknown key id",
        ])
        let check = ExchangeLogCheck(ourKey: nil, partnerKeys: [partner.keyId: partner.publicKey])
        #expect(try await services.database.repositories.exchangeLog.verify(check: check.signatureHolds).isIntact)
        try await services.database.shutdown()
    }

    @Test("a partner must share joint points and have a real key")
    func badPartner() async throws {
        let services = try await TestDatabase.services(.sqlite)
        let key = AuditSigningKey().publicKeyBase64
        let cases: [(String, String, String, String)] = [
            ("PL", "POL", "https://kordon.example", "country"),
            ("MD", "MDA", "https://kordon.example", "publicKey"),
            ("MD", "MDA", "kordon.example", "url"),
        ]
        for (code, country, url, field) in cases {
            let error = await #expect(throws: ServiceError.self) {
                try await services.exchange.addPartner(
                    code: code, country: country, url: url, publicKey: field == "publicKey" ? "bm90IGEga2V5" : key
                )
            }
            #expect(error?.field == field)
        }
        #expect(try await services.exchange.partners().isEmpty)
        try await services.database.shutdown()
    }
}
