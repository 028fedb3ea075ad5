import Edifact
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Services
import Store

extension APIBuilder {
    /// Advance passenger information (issue 7): manifests in, the flight board, manifest hits reviewed.
    /// Roles: the policy's `manifest` and `flight` grants.
    func addManifestRoutes() {
        let manifests = services.manifests
        add(
            .post, "/v1/manifests",
            summary: "Receive a PAXLST manifest (UN/EDIFACT as application/edifact or text/plain, or its JSON form): "
                + "stored, every traveller screened; an amendment of the same flight replaces its list. What can "
                + "be read is read: flaws come back in `problems` (traveller index and field) and `complete`; "
                + "only a body with no PAXLST message in it is refused (422)",
            access: .policy(.create, .manifest), purpose: "advance_passenger_information",
            body: ["oneOf": [Schemas.string, Schemas.jsonManifest], "description": "EDIFACT text, or the JSON manifest"],
            response: Schemas.object(
                [
                    ("flights", Schemas.array(Schemas.flight)), ("warnings", Schemas.array(Schemas.manifestProblem)),
                    ("problems", Schemas.array(Schemas.manifestProblem)), ("complete", ["type": "boolean"]),
                ],
                required: ["flights", "problems", "complete"]
            ),
            status: 201
        ) { request, context, access in
            var request = request
            let buffer = try await request.collectBody(upTo: context.maxUploadSize)
            guard buffer.readableBytes > 0 else {
                throw ProblemDetails.badRequest(nil, "the request body is empty; send the PAXLST interchange or JSON manifest")
            }
            let format = ManifestService.BodyFormat(contentType: request.headers[.contentType])
            do {
                let receipt = try await manifests.receive(Array(buffer: buffer), format: format, context: access)
                return try JSONCoding.response(receipt, status: .created)
            } catch let rejected as ManifestRejected {
                return Self.manifestProblem(rejected, requestId: context.requestId)
            }
        }
        add(
            .get, "/v1/flights", summary: "The flight board: expected arrivals with counts of travellers, hits and open hits",
            access: .policy(.read, .flight), purpose: "advance_passenger_information",
            query: [
                QueryParameter("point", Schemas.string, "Crossing point code (default: every airport)"),
                QueryParameter("from", Schemas.timestamp, "Scheduled arrival from (default: 12 hours ago)"),
                QueryParameter("to", Schemas.timestamp, "Scheduled arrival before (default: in 48 hours)"),
            ],
            response: Schemas.array(Schemas.flight)
        ) { request, _, access in
            let flights = try await manifests.board(
                pointCode: request.uri.queryParameters.get("point"), from: try request.queryTimestamp("from"),
                to: try request.queryTimestamp("to"), context: access
            )
            return try JSONCoding.response(flights)
        }
        add(
            .get, "/v1/flights/{id}", summary: "A flight's travellers with their hits, hits first (audited)",
            access: .policy(.read, .flight), purpose: "advance_passenger_information",
            response: Schemas.object(
                [("flight", Schemas.flight), ("travellers", Schemas.array(Schemas.flightTraveller))], required: ["flight", "travellers"]
            )
        ) { _, context, access in
            try JSONCoding.response(try await manifests.flight(try context.uuid("id"), context: access))
        }
        add(
            .post, "/v1/flights/{id}/hits/{hitId}/resolve",
            summary: "Review a manifest hit: confirmed, or false_positive (kept across amendments of the manifest)",
            access: .policy(.resolve, .flight), purpose: "second_line",
            body: Schemas.hitResolution,
            response: Schemas.manifestHit
        ) { request, context, access in
            let flightId = try context.uuid("id")
            let hitId = try context.uuid("hitId")
            let input = try await JSONCoding.decode(HitResolutionInput.self, from: request, context: context)
            let hit = try await manifests.resolveHit(
                flightId: flightId, hitId: hitId, resolution: input.resolution, note: input.note, context: access
            )
            return try JSONCoding.response(hit)
        }
    }

    /// A 422 problem for a refused manifest (nothing in it to read): `field` is the position of the first
    /// error (segment number, tag, element and component, or JSON path), `errors` lists every problem.
    /// Positions and codes only: parser messages never carry personal data.
    static func manifestProblem(_ rejected: ManifestRejected, requestId: String) -> Response {
        struct Problem: Encodable {
            var type = "/problems/manifest-rejected"
            var title = "Manifest rejected"
            var status = 422
            var detail: String
            var field: String?
            var requestId: String
            var errors: [EdifactError]
        }
        let errors = rejected.errors
        let first = errors.first
        let problem = Problem(
            detail: "nothing was stored: \(errors.count) error(s)" + (first.map { "; first: \($0.description)" } ?? ""),
            field: first?.position, requestId: requestId, errors: rejected.problems
        )
        return ProblemDetails.unprocessable(problem)
    }
}

extension Schemas {
    /// A flight on the board (`FlightSummary`).
    static let flight = object(
        [
            ("id", uuid), ("flight", string), ("carrier", string), ("flightNumber", string), ("departureDate", date),
            ("departurePort", string), ("departureLocal", string), ("arrivalPort", string), ("arrivalLocal", string),
            ("scheduledArrival", timestamp), ("pointCode", string),
            ("status", ["type": "string", "enum": ["expected", "landed", "closed"]]), ("amended", ["type": "boolean"]),
            ("manifests", ["type": "integer"]), ("receivedAt", timestamp), ("passengers", ["type": "integer"]),
            ("crew", ["type": "integer"]), ("travellers", ["type": "integer"]), ("arrived", ["type": "integer"]),
            ("notArrived", ["type": "integer"]), ("withIssues", ["type": "integer"]), ("hits", ["type": "integer"]),
            ("openHits", ["type": "integer"]), ("complete", ["type": "boolean"]),
            ("flaws", array(manifestFlaw)), ("flawErrors", ["type": "integer"]),
        ],
        required: ["id", "flight", "scheduledArrival", "pointCode", "status", "travellers", "hits", "openHits"]
    )

    /// A flaw the parser found in a stored manifest (`ManifestFlaw`): `traveller` is the list position.
    static let manifestFlaw = object(
        [
            ("kind", string), ("severity", ["type": "string", "enum": ["error", "warning"]]), ("traveller", ["type": "integer"]),
            ("field", string), ("position", string), ("message", string),
        ],
        required: ["kind", "severity", "position", "message"]
    )

    /// A parser problem (`EdifactError`): `traveller` is the index in the manifest (all messages, in order).
    static let manifestProblem = object(
        [
            ("code", string), ("severity", ["type": "string", "enum": ["error", "warning"]]), ("segment", ["type": "integer"]),
            ("tag", string), ("element", ["type": "integer"]), ("component", ["type": "integer"]),
            ("offset", ["type": "integer"]), ("path", string), ("traveller", ["type": "integer"]), ("field", string),
            ("message", string),
        ],
        required: ["code", "severity", "message"]
    )

    /// A manifest in JSON (`Manifest`, the shape `shared/testdata/paxlst/*.expected.json` holds): missing keys
    /// count as null or empty; dates ISO 8601 (flight times `YYYY-MM-DDTHH:MM`).
    static let jsonManifest: JSONValue = {
        let text: JSONValue = ["type": ["string", "null"]]
        let flightLeg = object(
            [
                ("flightNumber", text), ("carrier", text), ("departurePort", text), ("departureDateTime", text),
                ("arrivalPort", text), ("arrivalDateTime", text),
            ],
            required: []
        )
        let travelDocument = object(
            [("type", text), ("number", text), ("issuingState", text), ("expiry", text)], required: []
        )
        let traveller = object(
            [
                ("type", enumeration(["passenger", "crew"])), ("nadQualifier", string), ("surname", text),
                ("givenNames", text), ("givenNameComponents", array(string)), ("birthDate", text), ("sex", text),
                ("nationality", text), ("portOfEmbarkation", text), ("portOfDebarkation", text), ("clearancePort", text),
                ("bookingRef", text), ("documents", array(travelDocument)),
            ],
            required: ["type"]
        )
        let message = object(
            [
                ("messageRef", text), ("documentCode", text), ("listType", ["type": ["string", "null"], "description": "passenger or crew"]),
                ("flights", array(flightLeg)), ("travellers", array(traveller)),
            ],
            required: []
        )
        let separator: JSONValue = ["type": "string", "minLength": 1, "maxLength": 1]
        return object(
            [
                ("una", boolean),
                ("separators", object(
                    [
                        ("component", separator), ("element", separator), ("decimal", separator), ("release", separator),
                        ("reserved", separator), ("terminator", separator),
                    ],
                    required: []
                )),
                ("interchange", object([("sender", text), ("recipient", text), ("controlRef", text)], required: [])),
                ("messages", array(message)),
            ],
            required: ["messages"]
        )
    }()

    /// A hit on a manifest traveller (`ManifestHitView`): the border check's hit plus who reviewed it.
    static let manifestHit = object(
        [
            ("id", uuid), ("alertId", uuid), ("alertVersion", integer), ("category", alertCategory), ("action", string),
            ("matched", string), ("score", number), ("summary", string),
            ("explanation", array(explanationRow)),
            ("source", string), ("foundAt", timestamp), ("resolution", enumeration(["confirmed", "false_positive"])),
            ("resolvedBy", uuid), ("resolvedByName", string), ("resolvedAt", timestamp), ("note", string),
        ],
        required: [
            "id", "alertId", "alertVersion", "category", "action", "matched", "score", "summary", "explanation", "source",
            "foundAt",
        ]
    )

    /// A traveller of a flight with their hits and status (`ManifestTravellerView`).
    static let flightTraveller = object(
        [
            ("traveller", object(
                [
                    ("id", uuid), ("flightId", uuid), ("travellerKey", string), ("position", integer),
                    ("kind", enumeration(["passenger", "crew"])), ("surname", string), ("givenNames", string),
                    ("birthDate", string), ("sex", string), ("nationality", string), ("documentType", string),
                    ("documentNumber", string), ("issuingState", string), ("documentExpiry", string), ("bookingRef", string),
                    ("portOfEmbarkation", string), ("portOfDebarkation", string),
                    ("documents", array(object(
                        [("type", string), ("number", string), ("issuingState", string), ("expiry", string)], required: []
                    ))),
                    ("issues", array(string)), ("checkId", uuid), ("arrivedAt", timestamp), ("createdAt", timestamp),
                ],
                required: ["id", "flightId", "travellerKey", "position", "kind", "documents", "issues", "createdAt"]
            )),
            ("status", enumeration(["expected", "arrived", "not_arrived"])), ("hits", array(manifestHit)),
        ],
        required: ["traveller", "status", "hits"]
    )
}
