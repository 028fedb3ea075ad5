import Foundation
import HTTPAPI
import Hummingbird
import KordonTesting
import Logging
import ServiceLifecycle
import Services
import Store
import Testing
import TravelDocuments

#if canImport(Glibc)
import Glibc
#endif

/// Two Kordon installations on loopback, each with its own database (issue 12 item 6): crossings at a
/// joint point recorded on A reach B exactly once and in order, across B being stopped and started
/// again mid-stream; a forged signature, a replayed message and a record for another point are refused.
@Suite("Exchange: two installations on loopback")
struct TwoInstallationsTests {
    @Test("crossings at joint points reach the partner once, in order, across its restart; forgeries are refused")
    func twoInstallations() async throws {
        let logger = TestDatabase.logger
        let a = try await TestDatabase.services(.sqlite)
        let b = try await TestDatabase.services(.sqlite)
        let agencyA = try await TestAgency.make(a)
        let keyA = ExchangeSigner(key: AuditSigningKey())
        let keyB = ExchangeSigner(key: AuditSigningKey())
        let portB = try Self.freePort()
        _ = try await a.exchange.addPartner(code: "B", country: "MDA", url: "http://127.0.0.1:\(portB)", publicKey: keyB.key.publicKeyBase64)
        _ = try await b.exchange.addPartner(code: "A", country: "MDA", url: "http://127.0.0.1:9", publicKey: keyA.key.publicKeyBase64)

        var options = ExchangeDispatcher.Options()
        options.backoffBase = .milliseconds(50)
        options.backoffCap = .milliseconds(400)
        options.reloadInterval = .milliseconds(200)
        options.timeout = .seconds(2)
        let transport = HTTPWebhookTransport()
        let dispatcher = ExchangeDispatcher(exchange: a.exchange, signer: keyA, transport: transport, options: options)
        let sender = ServiceGroup(configuration: .init(services: [dispatcher], logger: logger))
        let senderTask = Task { try await sender.run() }

        func startB() async throws -> (ServiceGroup, Task<Void, any Error>) {
            let app = try await KordonServer.makeApplication(services: b, host: "127.0.0.1", port: portB, logger: logger)
            let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
            return (group, Task { try await group.run() })
        }
        let person = try await a.persons.create(
            .init(surname: "RUSU", givenNames: "ION", birthDate: "1980-01-02", sex: "M", nationality: "MDA"),
            idempotencyKey: nil, context: agencyA.context(.firstLine)
        ).person.id
        func record(_ point: String) async throws -> Crossing {
            try await a.crossings.record(
                .init(personId: person, documentId: nil, pointCode: point, direction: .exit, occurredAt: nil, decision: .admitted),
                idempotencyKey: nil, context: agencyA.context(.firstLine)
            )
        }
        func received(_ count: Int) async throws -> [PartnerCrossing] {
            let deadline = ContinuousClock.now + .seconds(30)
            while ContinuousClock.now < deadline {
                let found = try await b.database.repositories.partners.crossings(limit: 1000)
                if found.count >= count { return found.reversed() }
                try await Task.sleep(for: .milliseconds(50))
            }
            return try await b.database.repositories.partners.crossings(limit: 1000).reversed()
        }

        var (serverB, taskB) = try await startB()
        var sent: [Crossing] = []
        for i in 0..<5 {
            sent.append(try await record(i % 2 == 0 ? "UA-ROAD-MAIAKY-UDOBNE" : "UA-ROAD-KUCHURHAN"))
            _ = try await record("UA-ROAD-PLATONOVE")  // not joint: never leaves A
        }
        #expect(try await received(5).count == 5)

        // B stops mid-stream; A keeps recording and retrying; B comes back and catches up.
        await serverB.triggerGracefulShutdown()
        try await taskB.value
        for _ in 0..<5 { sent.append(try await record("UA-ROAD-MAIAKY-UDOBNE")) }
        try await Task.sleep(for: .milliseconds(300))
        (serverB, taskB) = try await startB()
        for _ in 0..<3 { sent.append(try await record("UA-ROAD-KUCHURHAN")) }
        let all = try await received(sent.count)
        #expect(all.map(\.remoteId) == sent.map { $0.id.uuidString })
        #expect(all.map(\.remoteSeq) == all.map(\.remoteSeq).sorted())
        // A records the delivery after B's answer: wait for it.
        var delivered: Int64 = 0
        for _ in 0..<200 where delivered < Int64(sent.count) {
            delivered = try await a.database.repositories.subscriptions.active().first?.delivery.deliveredCount ?? 0
            if delivered < Int64(sent.count) { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(delivered == Int64(sent.count))

        // Replay: a message A really sent, sent again.
        let original = try #require(try await a.database.repositories.exchangeLog.messages(limit: 1).first)
        let inbound = "http://127.0.0.1:\(portB)\(ExchangeService.inboundPath)"
        let replayStatus = try await transport.post(
            url: inbound, headers: [(ExchangeSigner.keyIdHeader, keyA.keyId), (ExchangeSigner.signatureHeader, original.signature)],
            body: Data(original.body.utf8), timeout: .seconds(5)
        )
        #expect(replayStatus == 200)
        // Forged: right key id, wrong key.
        let (forged, forgedSignature) = try PartnerMessage.make([(999, "UA-ROAD-KUCHURHAN")], signer: ExchangeSigner(key: AuditSigningKey()), sender: keyA.keyId)
        let forgedStatus = try await transport.post(
            url: inbound, headers: [(ExchangeSigner.keyIdHeader, keyA.keyId), (ExchangeSigner.signatureHeader, forgedSignature)],
            body: forged, timeout: .seconds(5)
        )
        #expect(forgedStatus == 401)
        // Properly signed, but for a point that is not under joint control.
        let (elsewhere, elsewhereSignature) = try PartnerMessage.make([(1000, "UA-ROAD-SHEHYNI")], signer: keyA, sender: keyA.keyId)
        let elsewhereStatus = try await transport.post(
            url: inbound, headers: [(ExchangeSigner.keyIdHeader, keyA.keyId), (ExchangeSigner.signatureHeader, elsewhereSignature)],
            body: elsewhere, timeout: .seconds(5)
        )
        #expect(elsewhereStatus == 200)
        #expect(try await b.database.repositories.partners.crossings(limit: 1000).count == sent.count)
        let outcomes = try await b.database.repositories.exchangeLog.messages(limit: 1000).map(\.outcome)
        #expect(outcomes.contains { $0.contains("replayed") })
        #expect(outcomes.contains("refused: signature does not verify"))
        #expect(outcomes.contains { $0.contains("not a joint crossing point") })
        #expect(try await b.exchange.verifyLog().isIntact)

        // A traveller leaves through A at a joint point in his car: B's check of his document says so, with the
        // plate, and so does his timeline on B once B has recorded him (issue 12 item 4).
        let mrz = try MRZGenerator.make(MRZFields(
            format: .td3, documentCode: "P", issuingState: "UKR", surname: "CEBAN", givenNames: "ANA", documentNumber: "FE7654321",
            nationality: "UKR", birthDate: "900101", sex: "F", expiryDate: "341231"
        ))
        let exit = try await a.checks.check(
            .init(mrz: mrz, pointCode: "UA-ROAD-MAIAKY-UDOBNE", direction: .exit, plate: "bc 7788 ak"), context: agencyA.context(.firstLine)
        )
        _ = try await a.checks.decide(exit.id, .init(decision: .admit), context: agencyA.context(.firstLine))
        #expect(try await received(sent.count + 1).last?.plate == "BC 7788 AK")
        let agencyB = try await TestAgency.make(b)
        let entry = try await b.checks.check(
            .init(mrz: mrz, pointCode: "UA-ROAD-MAIAKY-UDOBNE", direction: .entry), context: agencyB.context(.firstLine)
        )
        let seen = try #require(entry.partnerCrossings?.first)
        #expect(seen.partner == "A" && seen.direction == "exit" && seen.plate == "BC 7788 AK")
        #expect(entry.reasons.contains { $0.code == "partner-crossing" && $0.text.contains("vehicle BC 7788 AK") })
        #expect(entry.recommendation == .clear, "a partner's record is information, never a reason to refer")
        _ = try await b.checks.decide(entry.id, .init(decision: .admit), context: agencyB.context(.firstLine))
        let personB = try #require(try await b.checks.detail(entry.id, context: agencyB.context(.secondLine)).person?.id)
        let timeline = try await b.identity.timeline(personB, context: agencyB.context(.firstLine))
        #expect(timeline.entries.contains { $0.kind == "partner_crossing" && $0.arguments?["plate"] == "BC 7788 AK" })

        await serverB.triggerGracefulShutdown()
        try await taskB.value
        await sender.triggerGracefulShutdown()
        try await senderTask.value
        try await a.database.shutdown()
        try await b.database.shutdown()
    }

    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        try #require(bound)
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// A partner message signed by `signer`, claiming to come from `sender`.
enum PartnerMessage {
    static func make(_ events: [(seq: Int64, point: String)], signer: ExchangeSigner, sender: String) throws -> (Data, String) {
        let message = DeliveryMessage(
            subscriptionId: UUID(), sender: sender, sentAt: Date(),
            events: events.map { event in
                DeliveredEvent(
                    id: UUID(), seq: event.seq, type: "crossing.recorded", occurredAt: Date(),
                    data: ["crossingId": UUID().uuidString, "pointCode": event.point, "direction": "entry"]
                )
            }
        )
        let body = try message.encoded()
        return (body, try signer.sign(body))
    }
}
