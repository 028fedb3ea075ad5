import Foundation
import HTTPAPI
import KordonAPIClient
import KordonTesting
import Logging
import OpenAPIRuntime
import ServiceLifecycle
import Services
import Store
import Testing
import TravelDocuments

/// The two installations again, this time driven only through the client generated from the OpenAPI document
/// (issue 12 item 5): every request and every answer goes through the document's types, so a route whose
/// document says other than what it does fails here, not in another agency's integration.
extension TwoInstallationsTests {
    @Test(
        "through the generated client: a crossing and a car with its customs declaration at a joint point reach the partner's check card and timeline; a malformed declaration changes nothing",
        arguments: TestDatabase.kinds
    )
    func generatedClient(kind: DatabaseKind) async throws {
        let logger = TestDatabase.logger
        let a = try await TestDatabase.services(kind)
        let b = try await TestDatabase.services(kind)
        let agencyA = try await TestAgency.make(a)
        let agencyB = try await TestAgency.make(b)
        let keyA = ExchangeSigner(key: AuditSigningKey())
        let keyB = ExchangeSigner(key: AuditSigningKey())
        let portA = try Self.freePort()
        let portB = try Self.freePort()
        _ = try await a.exchange.addPartner(code: "B", country: "MDA", url: "http://127.0.0.1:\(portB)", publicKey: keyB.key.publicKeyBase64)
        _ = try await b.exchange.addPartner(code: "A", country: "MDA", url: "http://127.0.0.1:\(portA)", publicKey: keyA.key.publicKeyBase64)
        var options = ExchangeDispatcher.Options()
        options.backoffBase = .milliseconds(50)
        options.backoffCap = .milliseconds(400)
        options.reloadInterval = .milliseconds(200)
        options.timeout = .seconds(2)
        let dispatcher = ExchangeDispatcher(exchange: a.exchange, signer: keyA, transport: HTTPWebhookTransport(), options: options)
        let appA = try await KordonServer.makeApplication(services: a, host: "127.0.0.1", port: portA, logger: logger)
        let appB = try await KordonServer.makeApplication(services: b, host: "127.0.0.1", port: portB, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [dispatcher, appA, appB], logger: logger))
        let running = Task { try await group.run() }
        defer { running.cancel() }

        func client(_ port: Int, _ agency: TestAgency, _ role: Role) throws -> Client {
            KordonAPI.client(serverURL: try #require(URL(string: "http://127.0.0.1:\(port)")), token: try #require(agency.tokens[role]))
        }
        let adminA = try client(portA, agencyA, .admin)
        let firstLineA = try client(portA, agencyA, .firstLine)
        let firstLineB = try client(portB, agencyB, .firstLine)
        let secondLineB = try client(portB, agencyB, .secondLine)
        try await Self.waitUntilServing(firstLineB)
        try await Self.waitUntilServing(firstLineA)
        let joint = "UA-ROAD-MAIAKY-UDOBNE"

        // A's analysts subscribe to crossings at the joint point; the subscription reads back as made.
        let subscription = try await adminA.postV1Subscriptions(body: .json(.init(
            eventTypes: [.crossing_recorded], pointCodes: [joint], role: .analyst, url: "http://127.0.0.1:9/analysts"
        ))).created.body.json
        let readBack = try await adminA.getV1SubscriptionsById(path: .init(id: subscription.id)).ok.body.json
        #expect(readBack.status.rawValue == "active" && readBack.pointCodes == [joint] && readBack.ownList == false)

        // A records a person and his exit at the joint point; B lists it among the partner's crossings.
        let person = try await firstLineA.postV1Persons(body: .json(.init(
            birthDate: "1980-01-02",
            documents: [.init(documentCode: "P", expiryDate: "2031-05-01", issuingState: "MDA", number: "AB1234567")],
            givenNames: "ION", nationality: "MDA", sex: .m, surname: "RUSU"
        ))).created.body.json
        let crossing = try await firstLineA.postV1Crossings(body: .json(.init(
            decision: .admitted, direction: .exit, documentId: person.documents.first?.id, personId: person.person.id,
            pointCode: joint
        ))).created.body.json
        let listed = try await Self.eventually {
            try await firstLineB.getV1ExchangePartnerCrossings(query: .init(point: joint)).ok.body.json
                .first { $0.remoteId == crossing.id }
        }
        #expect(listed.direction.rawValue == "exit" && listed.documentNumber == "AB1234567" && listed.issuingState == "MDA")

        // A checks a traveller leaving by car; a malformed customs declaration is refused by name and decides nothing.
        let mrz = try MRZGenerator.make(MRZFields(
            format: .td3, documentCode: "P", issuingState: "UKR", surname: "CEBAN", givenNames: "ANA", documentNumber: "FE7654321",
            nationality: "UKR", birthDate: "900101", sex: "F", expiryDate: "341231"
        ))
        let exit = try await firstLineA.postV1Checks(body: .json(.init(
            direction: .exit, mrz: mrz, plate: "bc 7788 ak", pointCode: joint
        ))).created.body.json
        let refused = try await firstLineA.postV1ChecksByIdDecision(
            path: .init(id: exit.id), body: .json(.init(customsReference: "MD 2026 000123", decision: .admit))
        )
        guard case .default(let status, let problem) = refused else {
            Issue.record("a malformed customs declaration reference was accepted: \(refused)")
            return
        }
        #expect(status == 422)
        #expect(try problem.body.applicationProblemJson.field == "customsReference")
        #expect(try await firstLineA.getV1ChecksById(path: .init(id: exit.id)).ok.body.json.status.rawValue == "open")
        _ = try await firstLineA.postV1ChecksByIdDecision(
            path: .init(id: exit.id), body: .json(.init(customsReference: "md-2026-000123", decision: .admit))
        ).created.body.json

        // B checks the same traveller coming in: the card says where and when she left, in which car, under which
        // declaration, as information only.
        let reported = try await Self.eventually {
            try await firstLineB.getV1ExchangePartnerCrossings(query: .init(point: joint)).ok.body.json
                .first { $0.customsReference != nil }
        }
        #expect(reported.customsReference == "MD-2026-000123" && reported.plate == "BC 7788 AK")
        let entry = try await firstLineB.postV1Checks(body: .json(.init(direction: .entry, mrz: mrz, pointCode: joint)))
            .created.body.json
        let seen = try #require(entry.partnerCrossings?.first)
        #expect(seen.partner == "A" && seen.direction.rawValue == "exit" && seen.plate == "BC 7788 AK")
        #expect(seen.customsReference == "MD-2026-000123")
        #expect(entry.reasons.contains {
            $0.code == "partner-crossing" && $0.text.contains("vehicle BC 7788 AK, customs declaration MD-2026-000123")
        })
        #expect(entry.recommendation.rawValue == "clear", "a partner's record is information, never a reason to refer")

        // Once B admits her, her timeline on B shows the partner's record with the declaration.
        _ = try await firstLineB.postV1ChecksByIdDecision(path: .init(id: entry.id), body: .json(.init(decision: .admit)))
            .created.body.json
        let detail = try await secondLineB.getV1ChecksById(path: .init(id: entry.id)).ok.body.json
        let personB = try #require(detail.person?.id)
        let timeline = try await firstLineB.getV1PersonsByIdTimeline(path: .init(id: personB)).ok.body.json
        #expect(timeline.entries.contains {
            $0.kind == "partner_crossing" && $0.arguments?.additionalProperties["customsReference"] == "MD-2026-000123"
        })

        await group.triggerGracefulShutdown()
        try await running.value
        try await a.database.shutdown()
        try await b.database.shutdown()
    }

    /// Waits for a server just started to answer (any answer will do).
    static func waitUntilServing(_ client: Client) async throws {
        _ = try await eventually {
            try? await client.getV1SubscriptionsById(path: .init(id: UUID().uuidString))
        }
    }

    /// `probe`'s first non-nil answer, asked every 50 ms for up to 30 s.
    static func eventually<T: Sendable>(_ probe: () async throws -> T?) async throws -> T {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if let found = try await probe() { return found }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try #require(try await probe(), "not there after 30 s")
    }
}
