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

    /// Hostile bodies, correctly signed (the partner's key leaked, or the partner misbehaves): cut, with
    /// bytes flipped, with odd values in every field. Whatever comes, the receiver answers with an error or
    /// a receipt, never crashes, and never stores a record outside the joint points or out of order.
    @Test("mutated signed messages never crash the receiver nor get a wrong record applied", arguments: TestDatabase.kinds)
    func mutatedMessages(kind: DatabaseKind) async throws {
        let services = try await TestDatabase.services(kind)
        let theirs = ExchangeSigner(key: AuditSigningKey())
        _ = try await services.exchange.addPartner(code: "MD", country: "MDA", url: "https://md.example", publicKey: theirs.key.publicKeyBase64)
        var rng = SeededGenerator(seed: 12)
        let points = ["UA-ROAD-MAIAKY-UDOBNE", "UA-ROAD-KUCHURHAN", "UA-ROAD-PLATONOVE", "UA-ROAD-SHEHYNI", "", #"UA-ROAD-KUCHURHAN\u0000"#]
        let types = ["crossing.recorded", "alert.created", "", "crossing.recorded ", #"alert\u0000"#]
        let seqs: [Int64] = [-1, 0, 1, 2, 5, 1 << 40, Int64.max]
        for round in 0..<300 {
            var events: [String] = []
            for _ in 0..<Int.random(in: 0...4, using: &rng) {
                let point = points.randomElement(using: &rng) ?? ""
                let type = types.randomElement(using: &rng) ?? ""
                let seq = seqs.randomElement(using: &rng) ?? 0
                let direction = ["entry", "exit", "sideways"].randomElement(using: &rng) ?? ""
                events.append(
                    #"{"id":"\#(UUID().uuidString)","seq":\#(seq),"type":"\#(type)","occurredAt":"2026-12-02T08:00:00.000Z","#
                        + #""data":{"crossingId":"\#(UUID().uuidString)","pointCode":"\#(point)","direction":"\#(direction)"}}"#
                )
            }
            var body = Array(
                (#"{"deliveryId":"\#(UUID().uuidString)","subscriptionId":"\#(UUID().uuidString)","sender":"\#(theirs.keyId)","#
                    + #""sentAt":"2026-12-02T08:00:00Z","events":[\#(events.joined(separator: ","))]}"#).utf8
            )
            switch round % 3 {
            case 1 where !body.isEmpty: body = Array(body.prefix(Int.random(in: 0..<body.count, using: &rng)))
            case 2 where !body.isEmpty: body[Int.random(in: 0..<body.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            default: break
            }
            let data = Data(body)
            _ = try? await services.exchange.receive(body: data, keyId: theirs.keyId, signature: try theirs.sign(data))
        }
        let stored = try await services.database.repositories.partners.crossings(limit: 1000).reversed()
        #expect(stored.allSatisfy { ["UA-ROAD-MAIAKY-UDOBNE", "UA-ROAD-KUCHURHAN"].contains($0.pointCode) })
        #expect(stored.map(\.remoteSeq) == stored.map(\.remoteSeq).sorted() && Set(stored.map(\.remoteSeq)).count == stored.count)
        #expect(stored.allSatisfy { $0.remoteSeq > 0 && ["entry", "exit"].contains($0.direction) })
        #expect(try await services.exchange.verifyLog().isIntact)
        try await services.database.shutdown()
    }
}
