import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ServiceLifecycle
import Services
import Store

extension HTTPField.Name {
    static let lastEventId = HTTPField.Name("Last-Event-ID")!
    static let kordonKeyId = HTTPField.Name(ExchangeSigner.keyIdHeader)!
    static let kordonSignature = HTTPField.Name(ExchangeSigner.signatureHeader)!
}

extension APIBuilder {
    /// Real-time exchange (issue 12): subscriptions and their delivery state, the event stream, and the
    /// endpoint partner installations deliver to.
    func addExchangeRoutes() {
        let exchange = services.exchange
        add(
            .post, "/v1/subscriptions", summary: "Subscribe your agency to events, delivered by signed webhook",
            access: .policy(.create, .subscription), purpose: "administration", body: Schemas.newSubscription,
            response: Schemas.subscription, status: 201
        ) { request, context, access in
            let input = try await JSONCoding.decode(ExchangeService.NewSubscription.self, from: request, context: context)
            return try JSONCoding.response(try await exchange.subscribe(input, context: access), status: .created)
        }
        add(
            .get, "/v1/subscriptions", summary: "Your agency's subscriptions with their delivery state (lag, failures)",
            access: .policy(.read, .subscription), purpose: "administration", response: Schemas.array(Schemas.subscription)
        ) { _, _, access in
            try JSONCoding.response(try await exchange.subscriptions(context: access))
        }
        add(
            .get, "/v1/subscriptions/{id}", summary: "One subscription and where its delivery stands",
            access: .policy(.read, .subscription), purpose: "administration", response: Schemas.subscription
        ) { _, context, access in
            try JSONCoding.response(try await exchange.subscription(id: try context.uuid("id"), context: access))
        }
        add(
            .delete, "/v1/subscriptions/{id}", summary: "Stop a subscription's deliveries (kept for the record)",
            access: .policy(.revoke, .subscription), purpose: "administration", response: Schemas.subscription
        ) { _, context, access in
            try JSONCoding.response(try await exchange.revoke(id: try context.uuid("id"), context: access))
        }
        add(
            .get, "/v1/events/stream",
            summary: "Server-sent events: each event as your grants show it; resume with Last-Event-ID",
            access: .policy(.read, .event), purpose: "event_stream",
            query: [
                QueryParameter("types", Schemas.string, "Comma-separated event types (default: all)"),
                QueryParameter("lastEventId", ["type": "integer"], "Resume after this event id (as the Last-Event-ID header)"),
                QueryParameter("timeout", ["type": "integer"], "Close the stream after this many seconds (1-3600, default 300); reconnect with Last-Event-ID"),
            ],
            response: Schemas.string, responseTypes: ["text/event-stream"]
        ) { request, _, access in
            let after = try Self.lastEventId(request)
            let types = try Self.eventTypes(request)
            let timeout = try request.queryInt("timeout", default: 300)
            guard (1...3600).contains(timeout) else { throw ServiceError.invalid("timeout", "must be 1 to 3600 seconds") }
            // The first read happens before the response starts, so a refusal is a problem document.
            let first = try await exchange.stream(after: after, selection: .init(types: types), context: access)
            let body = ResponseBody { writer in
                try await writer.write(ByteBuffer(string: "retry: 2000\n\n" + Self.serverSentEvents(first.events)))
                var cursor = first.through
                let deadline = ContinuousClock.now + .seconds(timeout)
                var lastWrite = ContinuousClock.now
                while ContinuousClock.now < deadline && !Task.isShuttingDownGracefully && !Task.isCancelled {
                    let next = try await exchange.stream(after: cursor, selection: .init(types: types), context: access)
                    cursor = next.through
                    if !next.events.isEmpty {
                        try await writer.write(ByteBuffer(string: Self.serverSentEvents(next.events)))
                        lastWrite = ContinuousClock.now
                        continue
                    }
                    if ContinuousClock.now - lastWrite > .seconds(15) {
                        try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                        lastWrite = ContinuousClock.now
                    }
                    do {
                        try await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(100)) }
                    } catch {
                        break
                    }
                }
                try await writer.finish(nil)
            }
            return Response(
                status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"], body: body
            )
        }
        open(
            .post, ExchangeService.inboundPath,
            summary: "A partner installation's signed records for joint crossing points (Kordon-Key-Id, Kordon-Signature)",
            body: Schemas.deliveryMessage, response: Schemas.receipt
        ) { request, context in
            var request = request
            let buffer = try await request.collectBody(upTo: context.maxUploadSize)
            let receipt = try await exchange.receive(
                body: Data(buffer: buffer), keyId: request.headers[.kordonKeyId],
                signature: request.headers[.kordonSignature]
            )
            return try JSONCoding.response(receipt)
        }
        add(
            .get, "/v1/exchange/partner-crossings",
            summary: "Crossings the partner installation reported at joint points, newest first",
            access: .policy(.read, .crossing), purpose: "joint_control",
            query: [
                QueryParameter("point", Schemas.string, "Crossing point code"),
                QueryParameter("limit", ["type": "integer"], "1-500, default 100"),
            ],
            response: Schemas.array(Schemas.partnerCrossing)
        ) { request, _, access in
            try JSONCoding.response(
                try await exchange.partnerCrossings(
                    pointCode: request.uri.queryParameters.get("point"), limit: try request.queryInt("limit", default: 100),
                    context: access
                )
            )
        }
    }

    /// `Last-Event-ID` (or `?lastEventId=`): the outbox position to resume after; 0 when absent.
    static func lastEventId(_ request: Request) throws(ServiceError) -> Int64 {
        let query: String? = request.uri.queryParameters.get("lastEventId").map { String($0) }
        guard let raw: String = request.headers[.lastEventId] ?? query else { return 0 }
        guard raw.count <= 19, let value = Int64(raw.trimmingCharacters(in: .whitespaces)), value >= 0 else {
            throw .invalid("Last-Event-ID", "must be the id of an event received earlier (a non-negative integer)")
        }
        return value
    }

    static func eventTypes(_ request: Request) throws(ServiceError) -> Set<String> {
        guard let raw = request.uri.queryParameters.get("types"), !raw.isEmpty else { return [] }
        let types = Set(raw.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) })
        guard types.count <= 20 else { throw .invalid("types", "at most 20 event types") }
        for type in types where EventCatalog.kinds[type] == nil {
            throw .invalid("types", "unknown event type '\(type.prefix(60))'")
        }
        return types
    }

    /// `id:` (the outbox position), `event:` (the type) and `data:` (the event as JSON) per event
    /// (WHATWG HTML, "Server-sent events").
    static func serverSentEvents(_ events: [DeliveredEvent]) throws -> String {
        let encoder = JSONCoding.encoder()
        var text = ""
        for event in events {
            let json = String(decoding: try encoder.encode(event), as: UTF8.self)
            text += "id: \(event.seq)\nevent: \(event.type)\ndata: \(json)\n\n"
        }
        return text
    }
}

extension Schemas {
    static let newSubscription = object(
        [
            ("eventTypes", array(["type": "string", "enum": .array(EventCatalog.kinds.keys.sorted().map { .string($0) })])),
            ("role", ["type": "string", "description": "The role whose need-to-know filters the deliveries", "enum": .array(Role.allCases.map { .string($0.rawValue) })]),
            ("url", ["type": "string", "format": "uri", "description": "Webhook receiver (http or https)"]),
            ("pointCodes", array(string)), ("alertCategories", array(string)),
            ("ownList", [
                "type": "boolean",
                "description": "Only events about persons on your agency's own list: its active alerts (by document) and register records",
            ]),
            ("agencyId", ["type": "string", "format": "uuid", "description": "Operator only: the agency subscribed"]),
        ],
        required: ["eventTypes", "role", "url"]
    )

    static let deliveryState = object(
        [
            ("cursorSeq", ["type": "integer"]), ("lastDeliveredSeq", ["type": "integer"]),
            ("deliveredCount", ["type": "integer"]), ("failureCount", ["type": "integer"]),
            ("lastError", ["type": ["string", "null"]]), ("lastAttemptAt", timestamp), ("lastDeliveredAt", timestamp),
        ],
        required: ["cursorSeq", "lastDeliveredSeq", "deliveredCount", "failureCount"]
    )

    static let subscription = object(
        [
            ("id", uuid), ("agencyId", uuid), ("role", role), ("eventTypes", array(string)), ("pointCodes", array(string)),
            ("alertCategories", array(string)), ("ownList", boolean), ("url", string), ("status", ["type": "string", "enum": ["active", "revoked"]]),
            ("createdBy", uuid), ("createdAt", timestamp), ("revokedAt", timestamp), ("delivery", deliveryState),
        ],
        required: ["id", "agencyId", "role", "eventTypes", "url", "status", "createdAt", "delivery"]
    )

    static let deliveredEvent = object(
        [
            ("id", ["type": "string", "format": "uuid", "description": "Drop an event whose id you have seen"]),
            ("seq", ["type": "integer", "description": "Outbox position; grows within one subscription"]),
            ("type", string), ("occurredAt", timestamp),
            ("data", ["type": "object", "additionalProperties": string, "description": "Only the fields your grant shows"]),
        ],
        required: ["id", "seq", "type", "occurredAt", "data"]
    )

    static let deliveryMessage = object(
        [
            ("deliveryId", uuid), ("subscriptionId", uuid), ("sender", ["type": "string", "description": "Key id of the signer"]),
            ("sentAt", timestamp), ("events", array(deliveredEvent)),
        ],
        required: ["deliveryId", "subscriptionId", "sender", "sentAt", "events"]
    )

    static let receipt = object(
        [
            ("accepted", array(uuid)),
            ("refused", array(object([("id", uuid), ("seq", ["type": "integer"]), ("reason", string)], required: ["id", "seq", "reason"]))),
        ],
        required: ["accepted", "refused"]
    )

    static let partnerCrossing = object(
        [
            ("id", uuid), ("partnerId", uuid), ("remoteSeq", ["type": "integer"]), ("remoteId", string),
            ("pointCode", string), ("direction", ["type": "string", "enum": ["entry", "exit"]]), ("decision", string),
            ("occurredAt", timestamp), ("receivedAt", timestamp), ("documentNumber", string), ("issuingState", string),
            ("nationality", string), ("plate", string), ("customsReference", customsReference),
        ],
        required: ["id", "pointCode", "direction", "occurredAt"]
    )

    /// What a subscriber's receiver gets (OpenAPI 3.1 `webhooks`): the signed batch, the key id, the signature.
    static let exchangeWebhooks: JSONValue = [
        "delivery": [
            "post": [
                "summary": "Events for a subscription, in outbox order; retried until a 2xx, so drop ids you have seen",
                "parameters": [
                    ["name": "Kordon-Key-Id", "in": "header", "required": true, "schema": ["type": "string"],
                     "description": "Key id of the installation's Ed25519 key (kordon exchange key)"],
                    ["name": "Kordon-Signature", "in": "header", "required": true, "schema": ["type": "string"],
                     "description": "Base64 Ed25519 signature (RFC 8032) over the exact body bytes"],
                    ["name": "Kordon-Delivery-Id", "in": "header", "required": true, "schema": ["type": "string", "format": "uuid"]],
                ],
                "requestBody": ["required": true, "content": ["application/json": ["schema": deliveryMessage]]],
                "responses": ["2XX": ["description": "Acknowledged: the cursor moves past these events"]],
            ],
        ],
    ]
}
