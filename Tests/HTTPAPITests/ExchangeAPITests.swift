import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KordonTesting
import NIOCore
import Services
import Store
import Testing

@Suite("Exchange API: subscriptions and the event stream")
struct ExchangeAPITests {
    static let subscriptionJSON = """
        {"eventTypes": ["crossing.recorded"], "role": "analyst", "url": "https://analysts.example/hook"}
        """

    @Test("an administrator subscribes, sees the delivery state, and revokes; others may not", arguments: TestDatabase.kinds)
    func subscriptions(kind: DatabaseKind) async throws {
        let fixture = try await APIFixture.make(kind)
        try await fixture.run { client in
            try await client.execute(
                uri: "/v1/subscriptions", method: .post, headers: fixture.headers(.firstLine), body: body(Self.subscriptionJSON)
            ) { #expect($0.status == .forbidden) }
            try await client.execute(
                uri: "/v1/subscriptions", method: .post, headers: fixture.headers(.admin),
                body: body(#"{"eventTypes": ["crossing.recorded"], "role": "analyst", "url": "not a url"}"#)
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect(response.json["field"] as? String == "url")
            }
            let id = try await client.execute(
                uri: "/v1/subscriptions", method: .post, headers: fixture.headers(.admin), body: body(Self.subscriptionJSON)
            ) { response in
                #expect(response.status == .created)
                let delivery = response.json["delivery"] as? [String: Any]
                #expect(delivery?["failureCount"] as? Int == 0)
                return try #require(response.json["id"] as? String)
            }
            try await client.execute(uri: "/v1/subscriptions", method: .get, headers: fixture.headers(.admin)) {
                #expect($0.jsonArray.map { $0["id"] as? String } == [id])
            }
            // The operator sees every agency's; the partner agency's officer none.
            try await client.execute(uri: "/v1/subscriptions/\(id)", method: .get, headers: fixture.headers(.operator)) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/v1/subscriptions/\(id)", method: .get, headers: fixture.headers(.partner)) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: "/v1/subscriptions/\(id)", method: .delete, headers: fixture.headers(.admin)) {
                #expect($0.status == .ok)
                #expect($0.json["status"] as? String == "revoked")
            }
        }
    }

    @Test("the stream shows each event as the reader's grant does, and resumes after Last-Event-ID")
    func stream() async throws {
        let fixture = try await APIFixture.make(.sqlite)
        let agency = fixture.agency
        var recorded: [UUID] = []
        for point in ["UA-ROAD-MAIAKY-UDOBNE", "UA-ROAD-PLATONOVE", "UA-ROAD-KUCHURHAN"] {
            let person = try await fixture.services.persons.create(
                .init(surname: "RUSU", givenNames: "ION", birthDate: "1980-01-02", sex: "M", nationality: "MDA"),
                idempotencyKey: nil, context: agency.context(.firstLine)
            ).person.id
            recorded.append(
                try await fixture.services.crossings.record(
                    .init(personId: person, documentId: nil, pointCode: point, direction: .exit, occurredAt: nil, decision: .admitted),
                    idempotencyKey: nil, context: agency.context(.firstLine)
                ).id
            )
        }
        let ids = recorded
        try await fixture.run { client in
            let partnerStream = try await client.execute(
                uri: "/v1/events/stream?types=crossing.recorded&timeout=1", method: .get, headers: fixture.headers(.partner)
            ) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/event-stream")
                return response.text
            }
            let events = Self.parse(partnerStream)
            // The partner reads crossings at the joint points only, without the person.
            #expect(events.map { $0.data["crossingId"] } == [ids[0].uuidString, ids[2].uuidString])
            #expect(events.allSatisfy { $0.data["personId"] == nil })
            let resumed = try await client.execute(
                uri: "/v1/events/stream?types=crossing.recorded&timeout=1", method: .get,
                headers: fixture.headers(.partner, [.init("Last-Event-ID")!: String(events[0].seq)])
            ) { Self.parse($0.text) }
            #expect(resumed.map { $0.data["crossingId"] } == [ids[2].uuidString])
            let analyst = try await client.execute(
                uri: "/v1/events/stream?types=crossing.recorded&timeout=1", method: .get, headers: fixture.headers(.analyst)
            ) { Self.parse($0.text) }
            #expect(analyst.count == 3 && analyst.allSatisfy { $0.data["personId"] != nil })
            try await client.execute(
                uri: "/v1/events/stream?timeout=1", method: .get,
                headers: fixture.headers(.partner, [.init("Last-Event-ID")!: "yesterday"])
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect(response.json["field"] as? String == "Last-Event-ID")
            }
            try await client.execute(uri: "/v1/events/stream?timeout=1", method: .get, headers: fixture.headers(.admin)) {
                #expect($0.status == .forbidden)
            }
        }
    }

    /// A receiver that acknowledges everything.
    struct AcceptingReceiver: WebhookTransport {
        func post(url: String, headers: [(String, String)], body: Data, timeout: Duration) async throws -> Int { 204 }
    }

    @Test("deliveries, failures and lag per subscription are in /metrics")
    func metrics() async throws {
        let fixture = try await APIFixture.make(.sqlite)
        let agency = fixture.agency
        let services = fixture.services
        let subscription = try await services.exchange.subscribe(
            .init(eventTypes: ["person.created"], role: .analyst, url: "https://a.example/in"), context: agency.context(.admin)
        )
        _ = try await services.persons.create(
            .init(surname: "RUSU", givenNames: "ION", birthDate: "1980-01-02", sex: "M", nationality: "MDA"),
            idempotencyKey: nil, context: agency.context(.firstLine)
        )
        let dispatcher = ExchangeDispatcher(
            exchange: services.exchange, signer: ExchangeSigner(key: AuditSigningKey()), transport: AcceptingReceiver()
        )
        #expect(try await dispatcher.deliverPending(subscription.id) == .idle)
        let id = subscription.id.uuidString.lowercased()
        try await fixture.run { client in
            try await client.execute(
                uri: "/metrics", method: .get, headers: [.authorization: "Bearer \(APIFixture.metricsToken)"]
            ) { response in
                #expect(response.text.contains("kordon_exchange_delivered_events_total{subscription=\"\(id)\"} 1\n"))
                #expect(response.text.contains("kordon_exchange_consecutive_failures{subscription=\"\(id)\"} 0\n"))
                #expect(response.text.contains("kordon_exchange_delivery_lag_seconds{subscription=\"\(id)\"}"))
            }
        }
    }

    struct StreamedEvent {
        var seq: Int64
        var data: [String: String]
    }

    /// The events of a server-sent-events text (the `data:` lines).
    static func parse(_ text: String) -> [StreamedEvent] {
        text.split(separator: "\n").filter { $0.hasPrefix("data: ") }.compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.dropFirst(6).utf8)) as? [String: Any],
                let seq = (object["seq"] as? NSNumber)?.int64Value, let data = object["data"] as? [String: String]
            else { return nil }
            return StreamedEvent(seq: seq, data: data)
        }
    }
}
