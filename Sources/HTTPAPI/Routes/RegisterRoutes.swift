import Foundation
import Hummingbird
import Services
import Store

extension APIBuilder {
    /// Crossing points, persons, documents, crossings, audit.
    func addRegisterRoutes() {
        let services = self.services
        add(
            .get, "/v1/crossing-points", summary: "Border crossing points (reference data)", access: .policy(.read, .crossingPoint),
            response: Schemas.array(Schemas.crossingPoint)
        ) { _, _, _ in
            try JSONCoding.response(try await services.crossingPoints())
        }
        add(
            .get, "/v1/crossing-points/{code}", summary: "One crossing point", access: .policy(.read, .crossingPoint),
            response: Schemas.crossingPoint
        ) { _, context, _ in
            let code = context.parameters.get("code") ?? ""
            return try JSONCoding.response(try await services.crossingPoint(code: code))
        }

        add(
            .post, "/v1/persons", summary: "Record a person, with documents", access: .policy(.create, .person),
            purpose: "border_control", body: Schemas.newPerson, response: Schemas.person, status: 201, idempotent: true
        ) { request, context, access in
            let input = try await JSONCoding.decode(PersonService.NewPerson.self, from: request, context: context)
            let view = try await services.persons.create(input, idempotencyKey: request.idempotencyKey, context: access)
            return try JSONCoding.response(view, status: .created)
        }
        add(
            .get, "/v1/persons/{id}", summary: "A person and their documents (audited)", access: .policy(.read, .person),
            purpose: "border_control", response: Schemas.person
        ) { _, context, access in
            try JSONCoding.response(try await services.persons.get(try context.uuid("id"), context: access))
        }
        add(
            .post, "/v1/persons/{id}/documents", summary: "Record a travel document of a person", access: .policy(.create, .document),
            purpose: "border_control", body: Schemas.newDocument, response: Schemas.document, status: 201
        ) { request, context, access in
            let personId = try context.uuid("id")
            let input = try await JSONCoding.decode(PersonService.NewDocument.self, from: request, context: context)
            let document = try await services.persons.addDocument(input, to: personId, context: access)
            return try JSONCoding.response(document, status: .created)
        }
        add(
            .get, "/v1/documents/{id}", summary: "A travel document (audited)", access: .policy(.read, .document),
            purpose: "border_control", response: Schemas.document
        ) { _, context, access in
            try JSONCoding.response(try await services.persons.document(try context.uuid("id"), context: access))
        }

        add(
            .post, "/v1/crossings", summary: "Record a crossing and the officer's decision",
            access: .policy(.create, .crossing), purpose: "border_control", body: Schemas.newCrossing,
            response: Schemas.crossing, status: 201, idempotent: true
        ) { request, context, access in
            let input = try await JSONCoding.decode(CrossingService.NewCrossing.self, from: request, context: context)
            let crossing = try await services.crossings.record(
                input, idempotencyKey: request.idempotencyKey, context: access
            )
            return try JSONCoding.response(crossing, status: .created)
        }
        add(
            .get, "/v1/crossings", summary: "Crossings by person, point or time range, oldest first, by cursor",
            access: .policy(.read, .crossing), purpose: "border_control",
            query: [
                QueryParameter("person", Schemas.uuid, "Person id"),
                QueryParameter("point", Schemas.string, "Crossing point code"),
                QueryParameter("from", Schemas.timestamp, "Inclusive lower bound of occurredAt"),
                QueryParameter("to", Schemas.timestamp, "Exclusive upper bound of occurredAt"),
                QueryParameter("cursor", Schemas.string, "nextCursor of the previous page"),
                QueryParameter("limit", ["type": "integer", "minimum": 1, "maximum": 500], "Page size (default 100)"),
            ],
            response: Schemas.page(Schemas.crossing)
        ) { request, _, access in
            let filter = CrossingRepository.Filter(
                personId: try request.queryUUID("person"), pointCode: request.uri.queryParameters.get("point"),
                from: try request.queryTimestamp("from"), to: try request.queryTimestamp("to")
            )
            let page = try await services.crossings.list(
                filter, cursor: request.uri.queryParameters.get("cursor"),
                limit: try request.queryInt("limit", default: 100), context: access
            )
            return try JSONCoding.response(page)
        }

        add(
            .get, "/v1/audit", summary: "The audit trail by person, officer and time, newest first (auditors)",
            access: .policy(.read, .audit), purpose: "audit",
            query: [
                QueryParameter("person", Schemas.uuid, "Entries touching this person"),
                QueryParameter("officer", Schemas.uuid, "Entries by this officer"),
                QueryParameter("from", Schemas.timestamp, "Inclusive lower bound"),
                QueryParameter("to", Schemas.timestamp, "Exclusive upper bound"),
                QueryParameter("cursor", Schemas.string, "nextCursor of the previous page"),
                QueryParameter("limit", ["type": "integer", "minimum": 1, "maximum": 1000], "Page size (default 100)"),
            ],
            response: Schemas.page(Schemas.auditEntry)
        ) { request, _, access in
            let query = AuditLog.Query(
                personId: try request.queryUUID("person"), officerId: try request.queryUUID("officer"),
                from: try request.queryTimestamp("from"), to: try request.queryTimestamp("to"),
                limit: try request.queryInt("limit", default: 100)
            )
            let page = try await services.audit.query(
                query, cursor: request.uri.queryParameters.get("cursor"), context: access
            )
            return try JSONCoding.response(page)
        }
    }
}
