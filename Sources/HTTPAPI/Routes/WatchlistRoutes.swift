import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Services
import Store

extension APIBuilder {
    /// Watchlists and screening (issue 5). Who reads and writes which alerts is the policy's
    /// `alert` and `screening` grants (an agency writes its own alerts only).
    func addWatchlistRoutes() {
        let watchlists = services.watchlists
        add(
            .post, "/v1/alerts", summary: "Create an alert owned by your agency", access: .policy(.create, .alert),
            purpose: "watchlist_management", body: Schemas.newAlert, response: Schemas.alert, status: 201,
            idempotent: true
        ) { request, context, access in
            let input = try await JSONCoding.decode(AlertInput.self, from: request, context: context)
            let alert = try await watchlists.create(input, idempotencyKey: request.idempotencyKey, context: access)
            return try JSONCoding.response(alert, status: .created)
        }
        add(
            .get, "/v1/alerts", summary: "Alerts by category, agency and status, by cursor", access: .policy(.read, .alert),
            purpose: "watchlist_management",
            query: [
                QueryParameter("category", Schemas.alertCategory, "Alert category"),
                QueryParameter("agency", Schemas.uuid, "Owning agency id"),
                QueryParameter("status", ["type": "string", "enum": ["active", "withdrawn"]], "Status"),
                QueryParameter("cursor", Schemas.string, "nextCursor of the previous page"),
                QueryParameter("limit", ["type": "integer", "minimum": 1, "maximum": 500], "Page size (default 100)"),
            ],
            response: Schemas.page(Schemas.alert)
        ) { request, _, access in
            var filter = AlertRepository.Filter(agencyId: try request.queryUUID("agency"))
            if let category = request.uri.queryParameters.get("category") {
                guard let parsed = AlertRecord.Category(rawValue: String(category)) else {
                    throw ServiceError.invalid("category", "unknown category")
                }
                filter.category = parsed
            }
            if let status = request.uri.queryParameters.get("status") {
                guard let parsed = AlertRecord.Status(rawValue: String(status)) else {
                    throw ServiceError.invalid("status", "must be active or withdrawn")
                }
                filter.status = parsed
            }
            let page = try await watchlists.list(
                filter, cursor: request.uri.queryParameters.get("cursor"),
                limit: try request.queryInt("limit", default: 100), context: access
            )
            return try JSONCoding.response(page)
        }
        add(
            .get, "/v1/alerts/{id}", summary: "One alert (audited)", access: .policy(.read, .alert), purpose: "watchlist_management",
            response: Schemas.alert
        ) { _, context, access in
            try JSONCoding.response(try await watchlists.get(try context.uuid("id"), context: access))
        }
        add(
            .put, "/v1/alerts/{id}", summary: "Replace an alert's data (new version; lapses dismissals)",
            access: .policy(.update, .alert), purpose: "watchlist_management", body: Schemas.newAlert,
            response: Schemas.alert
        ) { request, context, access in
            let id = try context.uuid("id")
            let input = try await JSONCoding.decode(AlertInput.self, from: request, context: context)
            return try JSONCoding.response(try await watchlists.update(id, input, context: access))
        }
        add(
            .delete, "/v1/alerts/{id}", summary: "Withdraw an alert (kept, no longer screened)", access: .policy(.update, .alert),
            purpose: "watchlist_management", response: Schemas.alert
        ) { _, context, access in
            try JSONCoding.response(try await watchlists.withdraw(try context.uuid("id"), context: access))
        }
        add(
            .post, "/v1/alerts/import",
            summary: "Import alerts from JSON Lines (application/x-ndjson) or CSV with a header (text/csv): every bad record "
                + "is reported (line, field, reason); all or none, or with accept=valid the good ones",
            access: .policy(.create, .alert), purpose: "watchlist_management",
            query: [
                QueryParameter(
                    "accept", ["type": "string", "enum": ["all", "valid"]],
                    "all (default): one bad record and nothing is stored (422 listing every bad record); valid: the good records are stored and the bad ones listed in the answer (`rejected`, `errors`)"
                ),
            ],
            body: Schemas.string, response: Schemas.alertImport, status: 201
        ) { request, context, access in
            let contentType = request.headers[.contentType]?.lowercased() ?? ""
            let format: AlertImportFormat
            if contentType.hasPrefix("text/csv") {
                format = .csv
            } else if contentType.hasPrefix("application/x-ndjson") || contentType.hasPrefix("application/jsonl")
                || contentType.hasPrefix("application/jsonlines")
            {
                format = .jsonl
            } else {
                throw ServiceError.invalid(
                    "Content-Type", "send application/x-ndjson (JSON Lines) or text/csv (with a header row)"
                )
            }
            let mode = try request.uri.queryParameters.get("accept").map { text throws(ServiceError) in
                guard let mode = AlertImportMode(rawValue: text) else { throw .invalid("accept", "must be all or valid") }
                return mode
            } ?? .allOrNothing
            var request = request
            let buffer = try await request.collectBody(upTo: context.maxUploadSize)
            do {
                let summary = try await watchlists.importAlerts(
                    Data(buffer: buffer), format: format, mode: mode, context: access
                )
                return try JSONCoding.response(summary, status: .created)
            } catch let error as AlertImportError {
                return Self.importProblem(error, requestId: context.requestId)
            }
        }
        add(
            .post, "/v1/screening/person", summary: "Screen a person against the watchlists (audited)",
            access: .policy(.read, .screening), purpose: "screening", body: Schemas.personScreening,
            response: Schemas.object([("hits", Schemas.array(Schemas.hit))], required: ["hits"])
        ) { request, context, access in
            let input = try await JSONCoding.decode(WatchlistService.PersonScreening.self, from: request, context: context)
            struct Hits: Encodable { var hits: [AlertHit] }
            return try JSONCoding.response(Hits(hits: try await watchlists.screen(input, context: access)))
        }
        add(
            .post, "/v1/screening/dismissals",
            summary: "Mark a hit as not the same person/document/vehicle until the alert changes (second line)",
            access: .policy(.resolve, .screening), purpose: "screening", body: Schemas.dismissal,
            response: Schemas.screeningDismissal, status: 201
        ) { request, context, access in
            let input = try await JSONCoding.decode(WatchlistService.Dismissal.self, from: request, context: context)
            return try JSONCoding.response(try await watchlists.dismiss(input, context: access), status: .created)
        }
    }

    /// A 422 problem listing every bad record (`errors`: line, field, detail; one entry per wrong field);
    /// `field` names the first.
    static func importProblem(_ error: AlertImportError, requestId: String) -> Response {
        struct Problem: Encodable {
            var type = "/problems/validation"
            var title = "Invalid request"
            var status = 422
            var detail: String
            var field: String?
            var requestId: String
            var rejected: Int
            var errors: [AlertImportError.LineError]
        }
        let first = error.errors.first
        let problem = Problem(
            detail: "nothing was imported: \(error.badRecords) bad record(s); " + (first.map { "first: \($0)" } ?? ""),
            field: first.map { "line \($0.line)" + ($0.field.map { ".\($0)" } ?? "") }, requestId: requestId,
            rejected: error.badRecords, errors: error.errors
        )
        return ProblemDetails.unprocessable(problem)
    }
}

extension Schemas {
    static let importError = object(
        [("line", ["type": "integer"]), ("field", string), ("detail", string)], required: ["line", "detail"]
    )

    static let alertImport = object(
        [
            ("imported", ["type": "integer"]), ("alertIds", array(uuid)),
            ("rejected", ["type": "integer", "description": "records not imported (accept=valid)"]),
            ("errors", array(importError)),
        ],
        required: ["imported", "rejected", "errors"]
    )

    static let alertCategory: JSONValue = [
        "type": "string",
        "enum": ["entry_ban", "wanted_person", "missing_person", "lost_stolen_document", "stolen_vehicle"],
    ]

    static let alias = object([("surname", string), ("givenNames", string), ("patronymic", string)], required: ["surname"])

    static let newAlert = object(
        [
            ("reference", string), ("category", alertCategory), ("validFrom", timestamp), ("validUntil", timestamp),
            ("reason", string), ("action", ["type": "string", "enum": ["refuse", "arrest", "protect", "inform"]]),
            ("surname", string), ("givenNames", string), ("patronymic", string), ("aliases", array(alias)),
            ("birthDate", birthDate),
            ("nationality", string), ("sex", ["type": "string", "enum": ["M", "F", "X"]]),
            ("documentNumber", string), ("issuingState", string), ("plate", string),
        ],
        required: ["category", "reason"]
    )

    static let alert = object(
        [
            ("id", uuid), ("reference", string), ("category", alertCategory), ("agencyId", uuid),
            ("validFrom", timestamp), ("validUntil", timestamp), ("reason", string), ("action", string),
            ("surname", string), ("givenNames", string), ("patronymic", string), ("aliases", array(alias)),
            ("birthDate", birthDate), ("nationality", string), ("sex", string), ("documentNumber", string),
            ("issuingState", string), ("plate", string), ("status", ["type": "string", "enum": ["active", "withdrawn"]]),
            ("version", ["type": "integer"]), ("createdAt", timestamp), ("updatedAt", timestamp),
        ],
        required: ["id", "category", "agencyId", "validFrom", "reason", "action", "status", "version"]
    )

    static let personScreening = object(
        [
            ("surname", string), ("givenNames", string), ("birthDate", birthDate), ("nationality", string),
            ("sex", string), ("personId", uuid), ("threshold", ["type": "number", "minimum": 0, "maximum": 1]),
        ],
        required: ["surname"]
    )

    static let hit = object(
        [
            ("alertId", uuid), ("alertVersion", ["type": "integer"]), ("category", alertCategory),
            ("action", string), ("agencyId", uuid), ("score", ["type": "number"]), ("explanation", hitExplanation),
        ],
        required: ["alertId", "alertVersion", "score", "explanation"]
    )

    static let dismissal = object(
        [
            ("alertId", uuid), ("personId", uuid), ("documentNumber", string), ("issuingState", string),
            ("plate", string), ("note", string),
        ],
        required: ["alertId", "note"]
    )

    /// Why a screening hit matched, field by field (`AlertHit.ExplanationView`): what second line reads to decide.
    static let hitExplanation = object(
        [
            ("fields", array(object(
                [
                    ("field", string), ("how", string), ("alertValue", string), ("queryValue", string),
                    ("similarity", number), ("contribution", number), ("swapped", boolean),
                    ("corroborated", ["type": "boolean", "description": "Raised because other fields corroborate the match"]),
                    ("weakened", [
                        "type": "boolean",
                        "description": "Lowered because many listed people share this name and would agree with a loose birth date by chance",
                    ]),
                ],
                required: ["field", "how", "alertValue", "queryValue", "similarity", "contribution", "swapped", "corroborated", "weakened"]
            ))),
            ("nameIndex", ["type": "integer", "description": "Which of the alert's names matched (0: the main name)"]),
            ("swappedOrder", boolean),
        ],
        required: ["fields", "swappedOrder"]
    )

    /// A remembered false positive (`ScreeningDismissal`): valid until the alert changes version.
    static let screeningDismissal = object(
        [
            ("seq", integer), ("id", uuid), ("subjectKey", string), ("alertId", uuid), ("alertVersion", integer),
            ("officerId", uuid), ("agencyId", uuid), ("dismissedAt", timestamp), ("note", string),
        ],
        required: ["seq", "id", "subjectKey", "alertId", "alertVersion", "officerId", "agencyId", "dismissedAt", "note"]
    )
}
