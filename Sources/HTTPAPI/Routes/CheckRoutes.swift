import Foundation
import Hummingbird
import NIOCore
import Services
import Store

extension APIBuilder {
    /// The border check, decisions, the second-line queue, hit review, overstayers (issue 6).
    func addCheckRoutes() {
        let services = self.services
        let checkResult = Schemas.checkResult
        add(
            .post, "/v1/checks", summary: "Check a traveller: document, watchlists, history, stay; a recommendation",
            access: .policy(.create, .check), purpose: "border_control",
            body: Schemas.object(
                [
                    ("mrz", Schemas.array(Schemas.string)), ("pointCode", Schemas.string),
                    ("direction", ["type": "string", "enum": ["entry", "exit"]]), ("plate", Schemas.string),
                    ("plateFrame", ["type": "string", "contentEncoding": "base64"]),
                ],
                required: ["mrz", "pointCode", "direction"]
            ),
            response: checkResult, status: 201
        ) { request, context, access in
            // A camera frame instead of a typed plate (issue 13): read by the biometric worker, then checked.
            let data = try await ImageUpload.body(request, context: context, limit: ImageUpload.frameBodyLimit)
            let input = try ImageUpload.decode(CheckService.CheckRequest.self, data)
            if let frame = try ImageUpload.decode(PlateFrameInput.self, data).plateFrame {
                let image = try ImageUpload.base64(frame, field: "plateFrame")
                let result = try await services.biometrics.check(
                    input, plateFrame: image, checks: services.checks, context: access
                )
                return try JSONCoding.response(result, status: .created)
            }
            // The result as stored: encoded once (``WireJSON``).
            let recorded = try await services.checks.checkRecorded(input, context: access)
            return try JSONCoding.response(encoded: recorded.json, status: .created)
        }
        add(
            .get, "/v1/checks", summary: "The second-line queue: referred checks, oldest first",
            access: .policy(.resolve, .check), purpose: "second_line",
            query: [QueryParameter("point", Schemas.string, "Crossing point code (default: all of your agency's)")],
            response: Schemas.array(Schemas.queuedCheck)
        ) { request, _, access in
            try JSONCoding.response(
                try await services.checks.queue(pointCode: request.uri.queryParameters.get("point"), context: access)
            )
        }
        add(
            .get, "/v1/checks/{id}", summary: "A check with its hits, resolutions and the person's timeline",
            access: .policy(.read, .check), purpose: "second_line", response: Schemas.checkDetail
        ) { _, context, access in
            try JSONCoding.response(try await services.checks.detail(try context.uuid("id"), context: access))
        }
        add(
            .post, "/v1/checks/{id}/refer", summary: "Send a check to second line",
            access: .policy(.refer, .check), purpose: "border_control",
            response: Schemas.object([("status", ["type": "string", "enum": ["referred"]])], required: ["status"]), status: 202
        ) { _, context, access in
            try await services.checks.refer(try context.uuid("id"), context: access)
            return try JSONCoding.response(["status": "referred"], status: .accepted)
        }
        let ownership = Schemas.checkOwnership
        add(
            .post, "/v1/checks/{id}/take",
            summary: "Second line takes a referred check (no colleague decides it meanwhile); takeOver from a colleague is audited",
            access: .policy(.resolve, .check), purpose: "second_line",
            body: Schemas.object([("takeOver", ["type": "boolean"])], required: []),
            response: ownership
        ) { request, context, access in
            let id = try context.uuid("id")
            let input = try await JSONCoding.decode(TakeInput.self, from: request, context: context, ifEmpty: TakeInput())
            return try JSONCoding.response(try await services.checks.take(id, takeOver: input.takeOver ?? false, context: access))
        }
        add(
            .delete, "/v1/checks/{id}/take", summary: "Put a check one holds back in the queue",
            access: .policy(.resolve, .check), purpose: "second_line", response: ownership
        ) { _, context, access in
            try JSONCoding.response(try await services.checks.release(try context.uuid("id"), context: access))
        }
        add(
            .post, "/v1/checks/{id}/decision", summary: "Admit or refuse; records the crossing once",
            access: .policy(.decide, .check), purpose: "border_control",
            body: Schemas.object(
                [
                    ("decision", ["type": "string", "enum": ["admit", "refuse"]]), ("reasons", Schemas.array(Schemas.string)),
                    ("note", Schemas.string),
                    ("justification", ["type": "string", "description": "Why a confirmed refusal-level hit is admitted anyway"]),
                    ("customsReference", Schemas.customsReference),
                ],
                required: ["decision"]
            ),
            response: Schemas.crossing, status: 201, idempotent: true
        ) { request, context, access in
            let id = try context.uuid("id")
            let input = try await JSONCoding.decode(CheckService.DecisionRequest.self, from: request, context: context)
            return try JSONCoding.response(try await services.checks.decide(id, input, context: access), status: .created)
        }
        add(
            .post, "/v1/checks/{id}/hits/{alertId}/resolve",
            summary: "Resolve a hit: confirmed, or false_positive (remembered until the alert changes)",
            access: .policy(.resolve, .check), purpose: "second_line",
            body: Schemas.hitResolution,
            response: Schemas.object([("resolution", ["type": "string", "enum": ["confirmed", "false_positive"]])], required: ["resolution"])
        ) { request, context, access in
            let id = try context.uuid("id")
            let alertId = context.parameters.get("alertId") ?? ""
            let input = try await JSONCoding.decode(HitResolutionInput.self, from: request, context: context)
            try await services.checks.resolveHit(
                checkId: id, alertId: alertId, resolution: input.resolution, note: input.note, context: access
            )
            return try JSONCoding.response(["resolution": input.resolution])
        }
        add(
            .get, "/v1/overstayers", summary: "Persons whose authorised stay has ended with no exit (JSON or CSV)",
            access: .policy(.read, .overstayer), purpose: "overstay_control",
            query: [
                QueryParameter("point", Schemas.string, "Crossing point of entry"),
                QueryParameter("nationality", Schemas.string, "ICAO code"),
                QueryParameter("minDays", ["type": "integer", "minimum": 1], "At least this many days over"),
                QueryParameter("format", ["type": "string", "enum": ["json", "csv"]], "csv for a spreadsheet (the whole list)"),
                QueryParameter("cursor", Schemas.string, "nextCursor of the previous page"),
                QueryParameter("limit", ["type": "integer", "minimum": 1, "maximum": 1000], "Rows per page (default 100)"),
            ],
            response: Schemas.page(Schemas.overstayer), responseTypes: ["application/json", "text/csv"]
        ) { request, _, access in
            let query = request.uri.queryParameters
            let filter = OverstayService.Filter(
                pointCode: query.get("point"), nationality: query.get("nationality")?.uppercased(),
                minDays: try request.queryInt("minDays", default: 1)
            )
            if query.get("format") == "csv" {
                let rows = try await services.overstays.list(filter, context: access)
                return Response(
                    status: .ok,
                    headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"overstayers.csv\""],
                    body: .init(byteBuffer: ByteBuffer(string: OverstayService.csv(rows)))
                )
            }
            let page = try await services.overstays.page(
                filter, cursor: query.get("cursor"), limit: try request.queryInt("limit", default: 100), context: access
            )
            return try JSONCoding.response(page)
        }
    }
}

/// `POST /v1/checks/{id}/take`'s optional body.
struct TakeInput: Decodable {
    var takeOver: Bool? = nil
}
