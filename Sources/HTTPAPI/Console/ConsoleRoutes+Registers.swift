import Foundation
import HTTPTypes
import Hummingbird
import Services
import Store

/// The migration service's console (issue 11 item 5): person search, the one timeline, register forms, the
/// resolver's review queue, merge and split.
extension APIBuilder {
    typealias ConsolePage = (
        HTTPRequest.Method, String, String, [String], @escaping @Sendable (Request, KordonRequestContext) async throws -> Response
    ) -> Void
    typealias ConsoleSession = @Sendable (Request, [(String, String)]?) async throws -> Console.Session

    func addRegisterConsoleRoutes(_ console: Console, page: ConsolePage, session: @escaping ConsoleSession) {
        let services = console.services
        page(.get, "/console/persons", "person search: name in any script, birth date, nationality, document", ["text/html"]) { request, context in
            let session = try await session(request, nil)
            let q = FormQuery(request.uri.query)
            var name = q.get("name") ?? ""
            let birthDate = q.get("birthDate") ?? ""
            let nationality = q.get("nationality") ?? ""
            var document = q.get("document") ?? ""
            // One box (the second-line queue's): a document number has a digit and no space; else it is a name.
            if let one = q.get("q").map({ $0.trimmingCharacters(in: .whitespaces) }), !one.isEmpty {
                if one.contains(where: \.isNumber) && !one.contains(" ") { document = one } else { name = one }
            }
            var content: [String: Any] = ["name": name, "birthDate": birthDate, "nationality": nationality, "document": document]
            if !(name + document).trimmingCharacters(in: .whitespaces).isEmpty {
                do {
                    let results = try await services.identity.search(
                        name: name, birthDate: birthDate, nationality: nationality, document: document,
                        context: session.context(session.personPurpose, requestId: context.requestId)
                    )
                    content["searched"] = true
                    content["hasResults"] = !results.isEmpty
                    content["results"] = results.map { r in
                        [
                            "id": r.person.id.uuidString.lowercased(), "name": "\(r.person.surname), \(r.person.givenNames)",
                            "otherNames": r.otherNames.joined(separator: "; "), "birthDate": ConsoleViews.birth(r.person.birthDate),
                            "nationality": r.person.nationality, "documents": r.documents.joined(separator: ", "),
                            "score": String(format: "%.2f", r.score), "why": r.why.joined(separator: " · "),
                        ] as [String: Any]
                    }
                } catch let error as ServiceError where error.code == .validation {
                    content["hasErrors"] = true
                    content["errors"] = [["field": error.field ?? "", "message": error.detail]]
                }
            }
            return try await console.page("persons", title: session.text["personsTitle"], session: session, content: content)
        }

        @Sendable func formPage(
            _ register: Register, session: Console.Session, personId: String?, form: [(String, String)],
            error: (field: String, message: String)?, status: HTTPResponse.Status = .ok
        ) async throws -> Response {
            let language = session.text.language
            var content: [String: Any] = [
                "register": register.rawValue, "registerLabel": session.text["register_\(register.rawValue)"],
                "detailFields": RegisterForms.view(RegisterForms.details(register), form: form, error: error, language: language),
                "subjectFields": RegisterForms.view(RegisterForms.subject, form: form, error: error, language: language),
            ]
            if let personId, !personId.isEmpty {
                content["personId"] = personId
                if let id = UUID(uuidString: personId), let person = try await services.database.repositories.persons.find(id: id) {
                    content["personName"] = "\(person.surname), \(person.givenNames)"
                }
            }
            if let error {
                content["hasErrors"] = true
                content["errors"] = [["field": error.field, "message": error.message]]
            }
            return try await console.page("register-form", title: session.text["register_\(register.rawValue)"], session: session, content: content, status: status)
        }

        page(.get, "/console/registers/{register}/new", "a register's form", ["text/html"]) { request, context in
            let session = try await session(request, nil)
            guard let register = context.parameters.get("register").flatMap(Register.init(rawValue:)) else {
                throw ServiceError(.notFound, field: "register", "no such register")
            }
            try session.context("migration_control", requestId: context.requestId).authorize(.create, register.resource)
            return try await formPage(register, session: session, personId: request.uri.queryParameters.get("person").map { String($0) }, form: [], error: nil)
        }
        page(.post, "/console/registers/{register}", "record a register entry from the form", ["text/html"]) { request, context in
            let form = try await Console.form(request, context: context)
            let session = try await session(request, form)
            guard let register = context.parameters.get("register").flatMap(Register.init(rawValue:)) else {
                throw ServiceError(.notFound, field: "register", "no such register")
            }
            let personId = form.first("personId")
            do {
                let body = try RegisterForms.body(register: register, personId: personId, form: form)
                let input: NewRegisterRecord
                do {
                    input = try JSONCoding.decoder().decode(NewRegisterRecord.self, from: body)
                } catch let error as DecodingError {
                    let problem = JSONCoding.problem(for: error)
                    return try await formPage(register, session: session, personId: personId, form: form,
                                              error: (problem.field ?? "form", problem.detail), status: .unprocessableContent)
                }
                let record = try await services.registers.create(
                    input, idempotencyKey: form.first("formKey"), context: session.context("migration_control", requestId: context.requestId)
                )
                return Console.redirect("/console/persons/\(record.personId.uuidString.lowercased())?recorded=\(record.id.uuidString.lowercased())")
            } catch let error as ServiceError where error.code == .validation || error.code == .conflict {
                return try await formPage(register, session: session, personId: personId, form: form,
                                          error: (error.field ?? "form", error.detail), status: .unprocessableContent)
            }
        }

        page(.get, "/console/identity", "records the resolver could not place, both persons side by side", ["text/html"]) { request, context in
            let session = try await session(request, nil)
            let reviews = try await services.identity.reviews(context: session.context("migration_control", requestId: context.requestId))
            func side(_ person: Person?, _ documents: [String], _ names: [String]) -> [String: Any] {
                guard let person else { return ["name": "—"] }
                return [
                    "id": person.id.uuidString.lowercased(), "name": "\(person.surname), \(person.givenNames)",
                    "birthDate": ConsoleViews.birth(person.birthDate), "nationality": person.nationality, "sex": person.sex,
                    "documents": documents.isEmpty ? "—" : documents.joined(separator: ", "), "names": names.joined(separator: "; "),
                ]
            }
            let rows = reviews.map { r in
                [
                    "id": r.review.id.uuidString.lowercased(), "register": r.recordRegister.map { session.text["register_\($0)"] } ?? "",
                    "score": String(format: "%.2f", r.review.score), "evidence": r.review.evidence,
                    "incoming": side(r.person, r.personDocuments, []), "candidate": side(r.candidate, r.candidateDocuments, r.candidateNames),
                    "queued": ConsoleViews.dateTime(r.review.createdAt),
                ] as [String: Any]
            }
            return try await console.page("identity", title: session.text["identityTitle"], session: session,
                                          content: ["reviews": rows, "hasReviews": !rows.isEmpty, "count": rows.count])
        }
        page(.post, "/console/identity/{id}", "decide a review: one person (merge) or two", ["text/html"]) { request, context in
            let form = try await Console.form(request, context: context)
            let session = try await session(request, form)
            let review = try await services.identity.decide(
                reviewId: try context.uuid("id"), samePerson: form.first("decision") == "same", note: form.first("note"),
                context: session.context("migration_control", requestId: context.requestId)
            )
            return Console.redirect(review.status == .linked
                ? "/console/persons/\(review.candidateId.uuidString.lowercased())" : "/console/identity")
        }
        page(.post, "/console/persons/{id}/merge", "merge another person into this one", ["text/html"]) { request, context in
            let form = try await Console.form(request, context: context)
            let session = try await session(request, form)
            let survivor = try context.uuid("id")
            guard let merged = form.first("mergedId").flatMap({ UUID(uuidString: $0.trimmingCharacters(in: .whitespaces)) }) else {
                throw ServiceError.invalid("mergedId", "give the id of the person to merge into this one (from his page's address)")
            }
            _ = try await services.identity.merge(
                survivorId: survivor, mergedId: merged, reason: form.first("reason") ?? "",
                context: session.context("migration_control", requestId: context.requestId)
            )
            return Console.redirect("/console/persons/\(survivor.uuidString.lowercased())")
        }
        page(.post, "/console/merges/{id}/split", "split a wrong merge", ["text/html"]) { request, context in
            let form = try await Console.form(request, context: context)
            let session = try await session(request, form)
            let merge = try await services.identity.split(
                mergeId: try context.uuid("id"), reason: form.first("reason") ?? "",
                context: session.context("migration_control", requestId: context.requestId)
            )
            return Console.redirect("/console/persons/\(merge.survivorId.uuidString.lowercased())")
        }
    }
}

extension ConsoleViews {
    /// A birth date as officers write it; a partial one as far as it is known.
    static func birth(_ iso: String?) -> String {
        guard let iso else { return "—" }
        return iso.count == 10 ? day(iso) : iso
    }

    /// One entry of a person's one timeline (documents, register records, crossings, checks), for `_timeline`.
    static func timelineEntry(_ entry: IdentityService.TimelineEntry, text: ConsoleText, agencies: [UUID: String]) -> [String: Any] {
        let (title, detail) = timelineWords(entry, text)
        var view: [String: Any] = [
            "kind": entry.kind, "kindLabel": text["kind_\(entry.kind)"], "date": day(entry.day),
            "time": ["crossing", "check", "partner_crossing"].contains(entry.kind) ? time(entry.at) : "",
            "title": title,
            "detail": [detail, entry.agencyId.flatMap { agencies[$0] }].compactMap { $0 }.joined(separator: " · "),
        ]
        if entry.kind == "check" { view["checkLinkId"] = entry.recordId.uuidString.lowercased() }
        if entry.status == "ended" { view["ended"] = true }
        return view
    }

    /// A timeline entry's title and detail in the officer's language, from its arguments; the service's
    /// English words when it has none (an older entry, or details the viewer may not read).
    static func timelineWords(_ entry: IdentityService.TimelineEntry, _ text: ConsoleText) -> (String, String?) {
        guard let a = entry.arguments else { return (entry.title, entry.detail) }
        /// A coded value in words, a date as officers write it, anything else as it is.
        func v(_ key: String) -> String { a[key].map { text.phrase("val_\($0)") ?? day($0) } ?? "" }
        func some(_ key: String) -> Bool { !(a[key] ?? "").isEmpty }
        let span = [("from", "span_from"), ("until", "span_until"), ("ended", "span_ended")]
            .filter { some($0.0) }.map { text[$0.1] + v($0.0) } + (some("endReason") ? [v("endReason")] : [])
        let spanText = span.isEmpty ? entry.detail : span.joined(separator: ", ")
        switch entry.kind {
        case "document":
            return (entry.title, some("until") ? "\(text["validUntilWord"]) \(v("until"))" : nil)
        case "crossing":
            return ("\(v("direction")), \(v("point"))", v("decision") + (some("reasons") ? " (\(v("reasons")))" : ""))
        case "partner_crossing":
            return (
                "\(v("direction")), \(v("point")) — \(v("country")) (\(v("partner")))",
                [
                    v("decision"), some("plate") ? "\(text["vehicle"]) \(v("plate"))" : "",
                    some("customsReference") ? "\(text["customsDeclaration"]) \(v("customsReference"))" : "",
                ].filter { !$0.isEmpty }.joined(separator: ", ")
            )
        case "check":
            let decided = some("decision") ? ", \(v("decision"))" : ""
            return ("\(text["kind_check"].lowercased()): \(v("direction")), \(v("point"))", "\(v("recommendation")), \(text["hits"].lowercased()): \(v("hits"))\(decided)")
        default:
            let register = text["register_\(entry.kind)"]
            guard some("t.\(Self.titleKey[entry.kind] ?? "")") else { return (register, spanText) }
            let title: String = switch entry.kind {
            case "residence_permit": "\(register) (\(v("t.permitType")), \(v("t.purpose"))), № \(v("t.card"))"
            case "asylum": "\(register): \(v("t.appliedOn")) — \(v("t.state"))"
            case "irregular_migrant": "\(text["apprehendedAt"]) \(v("t.place")), \(v("t.unit"))" + (some("t.outcome") ? " — \(v("t.outcome"))" : "")
            case "citizenship": "\(register): \(v("t.change")) (\(v("t.basis")))"
            case "offence":
                "\(register), \(text["article"]) \(v("t.article"))" + (some("t.decision") ? " — \(v("t.decision"))" : "")
                    + (some("t.paid") ? ", \(text["paidWord"])" : "")
            case "entry_ban": "\(register) \(text["span_until"])\(v("t.until")): \(v("t.reason"))"
            case "visa": "\(register) \(v("t.visaType")) № \(v("t.number")), \(v("t.entries"))"
            default: entry.title
            }
            return (title, spanText)
        }
    }

    /// The argument every register's title has (its presence says the viewer may read the details).
    static let titleKey = [
        "residence_permit": "permitType", "asylum": "appliedOn", "irregular_migrant": "place", "citizenship": "change",
        "offence": "article", "entry_ban": "until", "visa": "visaType",
    ]
}
