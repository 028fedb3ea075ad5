import Foundation
import Hummingbird
import Services
import Store

extension APIBuilder {
    /// The registers of foreigners, one set of routes per register so the policy decides each (issue 11), and one
    /// person behind them: search, timeline, merge, split, the resolver's review queue.
    func addForeignerRegisterRoutes() {
        let services = self.services
        for register in Register.allCases {
            let base = "/v1/registers/\(register.rawValue)"
            let words = register.rawValue.replacingOccurrences(of: "_", with: " ")
            add(
                .post, base, summary: "Record a \(words) (the person given, found by document or by name, or new)",
                access: .policy(.create, register.resource), purpose: "migration_control",
                body: Schemas.newRegisterRecord(register), response: Schemas.registerRecord(register), status: 201,
                idempotent: true
            ) { request, context, access in
                let input = try await JSONCoding.decode(NewRegisterRecord.self, from: request, context: context)
                guard input.register == register else {
                    throw ServiceError.invalid("register", "must be \(register.rawValue) on this route")
                }
                let view = try await services.registers.create(input, idempotencyKey: request.idempotencyKey, context: access)
                return try JSONCoding.response(view, status: .created)
            }
            add(
                .get, base, summary: "\(words.capitalized) records, by id, within the caller's scope",
                access: .policy(.read, register.resource), purpose: "migration_control",
                query: [
                    QueryParameter("status", Schemas.enumeration(["active", "ended"]), "Only active or ended records"),
                    QueryParameter("cursor", Schemas.string, "nextCursor of the previous page"),
                    QueryParameter("limit", ["type": "integer", "minimum": 1, "maximum": 500], "Page size (default 100)"),
                ],
                response: Schemas.page(Schemas.registerRecord(register))
            ) { request, _, access in
                let status = try request.uri.queryParameters.get("status").map { raw throws(ServiceError) in
                    guard let value = RegisterRecord.Status(rawValue: raw) else { throw .invalid("status", "must be active or ended") }
                    return value
                }
                let page = try await services.registers.list(
                    register, status: status, cursor: request.uri.queryParameters.get("cursor"),
                    limit: try request.queryInt("limit", default: 100), context: access
                )
                return try JSONCoding.response(page)
            }
            add(
                .get, "\(base)/{id}", summary: "A \(words) record and its history (audited)",
                access: .policy(.read, register.resource), purpose: "migration_control",
                response: Schemas.registerRecordDetail(register)
            ) { _, context, access in
                try JSONCoding.response(try await services.registers.get(try context.uuid("id"), register: register, context: access))
            }
            add(
                .put, "\(base)/{id}", summary: "Amend a \(words) record (names the version it amends; 409 if another change came first)",
                access: .policy(.update, register.resource), purpose: "migration_control",
                body: Schemas.registerAmendment(register), response: Schemas.registerRecord(register)
            ) { request, context, access in
                let id = try context.uuid("id")
                let input = try await JSONCoding.decode(RegisterAmendment.self, from: request, context: context)
                guard input.register == register else {
                    throw ServiceError.invalid("register", "must be \(register.rawValue) on this route")
                }
                return try JSONCoding.response(try await services.registers.amend(id, input, context: access))
            }
            add(
                .post, "\(base)/{id}/end", summary: "End a \(words) record from a date, with the reason",
                access: .policy(.update, register.resource), purpose: "migration_control",
                body: Schemas.registerEnding, response: Schemas.registerRecord(register)
            ) { request, context, access in
                let id = try context.uuid("id")
                let input = try await JSONCoding.decode(RegisterEnding.self, from: request, context: context)
                return try JSONCoding.response(try await services.registers.end(id, input, register: register, context: access))
            }
        }

        add(
            .post, "/v1/registers/import",
            summary: "Record many register entries at once (a legacy register's export): one transaction, all or nothing",
            access: .signedIn, purpose: "migration_control",
            body: Schemas.object([("records", Schemas.array(["oneOf": .array(Register.allCases.map(Schemas.newRegisterRecord))]))], required: ["records"]),
            response: Schemas.object([("records", Schemas.array(["oneOf": .array(Register.allCases.map(Schemas.registerRecord))]))], required: ["records"]),
            status: 201
        ) { request, context, access in
            struct Body: Decodable { var records: [NewRegisterRecord] }
            struct Imported: Encodable { var records: [RegisterRecordView] }
            let body = try await JSONCoding.decode(Body.self, from: request, context: context)
            let views = try await services.registers.importBatch(body.records, context: access)
            return try JSONCoding.response(Imported(records: views), status: .created)
        }
        add(
            .get, "/v1/persons", summary: "Search persons by name (any script), birth date, nationality or document",
            access: .policy(.read, .person), purpose: "migration_control",
            query: [
                QueryParameter("name", Schemas.string, "Surname first, in any script or transliteration"),
                QueryParameter("birthDate", Schemas.string, "YYYY-MM-DD, YYYY-MM or YYYY"),
                QueryParameter("nationality", Schemas.string, "ICAO code"),
                QueryParameter("document", Schemas.string, "Document number"),
            ],
            response: Schemas.array(Schemas.personSearchResult)
        ) { request, _, access in
            let q = request.uri.queryParameters
            return try JSONCoding.response(try await services.identity.search(
                name: q.get("name"), birthDate: q.get("birthDate"), nationality: q.get("nationality"),
                document: q.get("document"), context: access
            ))
        }
        add(
            .get, "/v1/persons/{id}/timeline",
            summary: "Every document, register record, crossing and check of a person, as far as the caller may see each (audited)",
            access: .policy(.read, .person), purpose: "migration_control", response: Schemas.timeline
        ) { _, context, access in
            try JSONCoding.response(try await services.identity.timeline(try context.uuid("id"), context: access))
        }
        add(
            .post, "/v1/persons/merges", summary: "Merge two persons: every record of the merged follows the survivor",
            access: .policy(.update, .identity), purpose: "migration_control",
            body: Schemas.object([("survivorId", Schemas.uuid), ("mergedId", Schemas.uuid), ("reason", Schemas.string)], required: ["survivorId", "mergedId", "reason"]),
            response: Schemas.personMerge, status: 201
        ) { request, context, access in
            struct Body: Decodable { var survivorId: UUID; var mergedId: UUID; var reason: String }
            let body = try await JSONCoding.decode(Body.self, from: request, context: context)
            let merge = try await services.identity.merge(
                survivorId: body.survivorId, mergedId: body.mergedId, reason: body.reason, context: access
            )
            return try JSONCoding.response(merge, status: .created)
        }
        add(
            .post, "/v1/persons/merges/{id}/split", summary: "Split a wrong merge: exactly what it moved goes back",
            access: .policy(.update, .identity), purpose: "migration_control",
            body: Schemas.object([("reason", Schemas.string)], required: ["reason"]), response: Schemas.personMerge
        ) { request, context, access in
            struct Body: Decodable { var reason: String }
            let body = try await JSONCoding.decode(Body.self, from: request, context: context)
            return try JSONCoding.response(try await services.identity.split(mergeId: try context.uuid("id"), reason: body.reason, context: access))
        }
        add(
            .get, "/v1/identity-reviews", summary: "Records the resolver could not place: both persons side by side",
            access: .policy(.resolve, .identity), purpose: "migration_control",
            query: [QueryParameter("limit", ["type": "integer", "minimum": 1, "maximum": 500], "At most (default 100)")],
            response: Schemas.array(Schemas.identityReviewView)
        ) { request, _, access in
            try JSONCoding.response(try await services.identity.reviews(limit: try request.queryInt("limit", default: 100), context: access))
        }
        add(
            .post, "/v1/identity-reviews/{id}", summary: "Decide a review: the same person (merge) or two persons",
            access: .policy(.resolve, .identity), purpose: "migration_control",
            body: Schemas.object([("samePerson", Schemas.boolean), ("note", Schemas.string)], required: ["samePerson"]),
            response: Schemas.identityReview
        ) { request, context, access in
            struct Body: Decodable { var samePerson: Bool; var note: String? }
            let body = try await JSONCoding.decode(Body.self, from: request, context: context)
            return try JSONCoding.response(try await services.identity.decide(
                reviewId: try context.uuid("id"), samePerson: body.samePerson, note: body.note, context: access
            ))
        }
    }
}
