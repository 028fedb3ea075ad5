import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Services
import Store

extension APIBuilder {
    /// The console's pages and form posts, registered in the catalog like every route.
    func addConsoleRoutes(_ console: Console) {
        let html: JSONValue = ["type": "string", "contentMediaType": "text/html"]
        func page(_ method: HTTPRequest.Method, _ path: String, _ summary: String,
                  _ handler: @escaping @Sendable (Request, KordonRequestContext) async throws -> Response)
        {
            open(method, path, summary: "Console: " + summary, response: html) { request, context in
                do {
                    return try await handler(request, context)
                } catch let error as ServiceError where error.code == .unauthenticated {
                    return Console.redirect("/console/signin")
                }
            }
        }
        /// The signed-in session, and for a POST a verified CSRF value.
        @Sendable func session(_ request: Request, form: [(String, String)]? = nil) async throws -> Console.Session {
            guard let session = try await console.session(request) else {
                throw ServiceError(.unauthenticated, "sign in")
            }
            if let form, form.first("csrf") != session.csrf {
                throw ServiceError(.forbidden, field: "csrf", "the form expired; reload the page")
            }
            return session
        }

        page(.get, "/console", "home") { request, _ in
            Console.redirect(try await console.session(request) == nil ? "/console/signin" : "/console/check")
        }
        page(.get, "/console/static/{file}", "static files") { _, context in
            guard let name = context.parameters.get("file"), let file = console.staticFiles[name] else {
                throw ServiceError(.notFound, field: "file", "no such file")
            }
            return Response(
                status: .ok, headers: [.contentType: file.contentType, .cacheControl: "max-age=300"],
                body: .init(byteBuffer: ByteBuffer(string: file.body))
            )
        }
        /// The sign-in page with a fresh double-submit CSRF value (cookie + hidden field).
        @Sendable func signinPage(error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
            let csrf = AdminService.randomValue()
            var content: [String: Any] = ["signinCsrf": csrf]
            if let error { content["error"] = error }
            var response = try await console.page("signin", title: "Sign in", session: nil, content: content, status: status)
            response.headers[.setCookie] = console.cookie(Console.signinCookieName, csrf, maxAge: 1800)
            return response
        }
        page(.get, "/console/signin", "sign-in page") { _, _ in try await signinPage() }
        page(.post, "/console/signin", "sign in with a token: opens a server-side session") { request, context in
            let form = try await Console.form(request, context: context)
            guard let given = form.first("csrf"), !given.isEmpty,
                let expected = request.cookies[Console.signinCookieName]?.value,
                APIBuilder.constantTimeEqual(given, expected)
            else {
                return try await signinPage(error: "The sign-in form expired. Sign in again.", status: .forbidden)
            }
            let token = (form.first("token") ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard let session = try await console.services.admin.startSession(token: token) else {
                return try await signinPage(
                    error: "This token is unknown, expired or revoked. Ask your agency administrator for an enrolment code.",
                    status: .unauthorized
                )
            }
            var response = Console.redirect("/console/check")
            response.headers[values: .setCookie] = [
                console.cookie(Console.cookieName, session.id, maxAge: Int(console.services.admin.sessionAbsolute)),
                console.cookie(Console.signinCookieName, "", maxAge: 0),
            ]
            return response
        }
        page(.post, "/console/signout", "sign out: the session is revoked on the server") { request, context in
            let form = try await Console.form(request, context: context)
            if let current = try await console.session(request) {
                guard form.first("csrf") == current.csrf else {
                    throw ServiceError(.forbidden, field: "csrf", "the form expired; reload the page")
                }
                try await console.services.admin.endSession(id: current.id)
            }
            return Console.redirect("/console/signin", cookie: console.cookie(Console.cookieName, "", maxAge: 0))
        }

        // MARK: First line

        page(.get, "/console/check", "first-line check screen") { request, _ in
            let session = try await session(request)
            let point = request.uri.queryParameters.get("point") ?? "UA-ROAD-SHEHYNI"
            return try await console.page(
                "check", title: "Border check", session: session,
                content: ["points": try await console.pointOptions(selected: point), "entry": true], point: point
            )
        }
        page(.post, "/console/check", "run a check") { request, context in
            let form = try await Console.form(request, context: context)
            let session = try await session(request, form: form)
            let point = form.first("point") ?? ""
            let mrzText = form.first("mrz") ?? ""
            let lines = mrzText.uppercased().split(whereSeparator: \.isNewline)
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let direction: Crossing.Direction = form.first("direction") == "exit" ? .exit : .entry
            var content: [String: Any] = [
                "points": try await console.pointOptions(selected: point), "mrz": mrzText,
                "entry": direction == .entry, "exit": direction == .exit, "plateValue": form.first("plate") ?? "",
            ]
            do {
                let plate = form.first("plate").flatMap { $0.isEmpty ? nil : $0 }
                let result = try await console.services.checks.check(
                    .init(mrz: lines, pointCode: point, direction: direction, plate: plate),
                    context: session.context("border_control", requestId: context.requestId)
                )
                var card = ConsoleViews.card(result, csrf: session.csrf, canResolve: false)
                card["canAdmit"] = result.recommendation == .clear
                card["canRefer"] = result.recommendation == .clear
                if result.recommendation == .refer { card["outcome"] = "Referred to second line" }
                content["result"] = card
            } catch let error as ServiceError {
                content["hasErrors"] = true
                content["errors"] = [["field": error.field ?? "", "message": error.detail]]
            }
            return try await console.page("check", title: "Border check", session: session, content: content, point: point)
        }
        page(.post, "/console/checks/{id}/refer", "refer to second line") { request, context in
            let form = try await Console.form(request, context: context)
            let session = try await session(request, form: form)
            let id = try context.uuid("id")
            try await console.services.checks.refer(id, context: session.context("border_control", requestId: context.requestId))
            return Console.redirect("/console/checks/\(id.uuidString.lowercased())")
        }
        page(.post, "/console/checks/{id}/decision", "record a decision") { request, context in
            let form = try await Console.form(request, context: context)
            let session = try await session(request, form: form)
            let id = try context.uuid("id")
            let decision: CheckService.DecisionRequest.Decision = form.first("decision") == "refuse" ? .refuse : .admit
            let note = form.first("note").flatMap { $0.isEmpty ? nil : $0 }
            do {
                _ = try await console.services.checks.decide(
                    id, .init(decision: decision, reasons: decision == .refuse ? form.all("reasons") : nil, note: note),
                    context: session.context("border_control", requestId: context.requestId)
                )
            } catch let error as ServiceError {
                return try await reviewPage(console, session: session, id: id, requestId: context.requestId, errors: [error.detail])
            }
            return Console.redirect("/console/checks/\(id.uuidString.lowercased())")
        }

        // MARK: Second line

        page(.get, "/console/queue", "second-line queue") { request, context in
            let session = try await session(request)
            let point = request.uri.queryParameters.get("point")
            let checks = try await console.services.checks.queue(
                pointCode: point, context: session.context("second_line", requestId: context.requestId)
            )
            let now = Date()
            let rows: [[String: Any]] = checks.map { check in
                let waiting = Int(now.timeIntervalSince(check.createdAt) / 60)
                let result = try? CheckService.decodeResult(check.result)
                return [
                    "id": check.id.uuidString.lowercased(), "time": ConsoleViews.time(check.createdAt),
                    "travellerName": [check.surname, check.givenNames].compactMap { $0 }.joined(separator: ", "),
                    "nationality": check.nationality ?? "", "hitCount": check.hitCount, "hasHits": check.hitCount > 0,
                    "reasonSummary": result?.reasons.first { $0.severity != "info" }?.text ?? "",
                    "waitingMinutes": waiting, "overdue": waiting > 30,
                ]
            }
            return try await console.page(
                "queue", title: "Second line", session: session,
                content: [
                    "pointName": point ?? "all points of \(session.agency.code)", "rows": rows, "hasRows": !rows.isEmpty,
                    "countLabel": "\(rows.count) waiting", "points": try await console.pointOptions(selected: point),
                ],
                point: point
            )
        }
        page(.get, "/console/checks/{id}", "review a check") { request, context in
            let session = try await session(request)
            return try await reviewPage(console, session: session, id: try context.uuid("id"), requestId: context.requestId)
        }
        page(.post, "/console/hits/{id}/resolve", "resolve a hit") { request, context in
            let form = try await Console.form(request, context: context)
            let session = try await session(request, form: form)
            let parts = (context.parameters.get("id") ?? "").split(separator: "~", maxSplits: 1)
            guard parts.count == 2, let checkId = UUID(uuidString: String(parts[0])) else {
                throw ServiceError.invalid("id", "not a hit of a check")
            }
            try await console.services.checks.resolveHit(
                checkId: checkId, alertId: String(parts[1]), resolution: form.first("resolution") ?? "",
                note: form.first("note"), context: session.context("second_line", requestId: context.requestId)
            )
            return Console.redirect("/console/checks/\(checkId.uuidString.lowercased())")
        }
        page(.get, "/console/persons/{id}", "a person's timeline") { request, context in
            let session = try await session(request)
            let (person, documents, authorisations, timeline) = try await console.services.checks.personTimeline(
                try context.uuid("id"), context: session.context("border_control", requestId: context.requestId)
            )
            return try await console.page(
                "person", title: person.surname, session: session,
                content: [
                    "name": "\(person.surname), \(person.givenNames)", "nationality": person.nationality,
                    "sex": person.sex, "birthDate": person.birthDate ?? "unknown",
                    "timeline": timeline.map(ConsoleViews.timelineEntry),
                    "documents": documents.map { document in
                        let expired = (document.expiryDate ?? "9999") < ConsoleViews.today()
                        return [
                            "type": document.documentCode, "number": document.number, "issuer": document.issuingState,
                            "expiry": document.expiryDate ?? "", "status": expired ? "EXPIRED" : "valid", "statusFlag": expired,
                        ] as [String: Any]
                    },
                    "hasAuthorisations": !authorisations.isEmpty,
                    "authorisations": authorisations.map { a in
                        [
                            "kindLabel": a.kind.replacingOccurrences(of: "_", with: " "), "text": "",
                            "validity": "\(a.validFrom) – \(a.validUntil ?? "open-ended")",
                        ] as [String: Any]
                    },
                ]
            )
        }

        // MARK: Overstayers, flights

        page(.get, "/console/overstayers", "overstayers") { request, context in
            let session = try await session(request)
            let query = request.uri.queryParameters
            let point = query.get("point").flatMap { $0.isEmpty ? nil : $0 }
            let nationality = query.get("nationality").flatMap { $0.isEmpty ? nil : $0.uppercased() }
            let minDays = Int(query.get("minDays") ?? "") ?? 1
            let rows = try await console.services.overstays.list(
                .init(pointCode: point, nationality: nationality, minDays: minDays),
                context: session.context("overstay_control", requestId: context.requestId)
            )
            var csv = "/console/overstayers.csv?minDays=\(minDays)"
            if let point { csv += "&point=\(point)" }
            if let nationality { csv += "&nationality=\(nationality)" }
            return try await console.page(
                "overstayers", title: "Overstayers", session: session,
                content: [
                    "points": try await console.pointOptions(selected: point), "nationality": nationality ?? "",
                    "minDays": minDays, "csvHref": csv, "countLabel": "\(rows.count) overstayers",
                    "hasRows": !rows.isEmpty,
                    "rows": rows.prefix(500).map { row in
                        [
                            "personId": row.personId.uuidString.lowercased(), "name": "\(row.surname), \(row.givenNames)",
                            "basis": row.basis, "nationality": row.nationality, "entryDate": row.entered,
                            "entryPoint": row.entryPoint, "authorisedUntil": row.authorisedUntil ?? "–", "daysOver": row.daysOver,
                        ] as [String: Any]
                    },
                    "bars": ConsoleViews.bars(rows.map(\.nationality)),
                ]
            )
        }
        page(.get, "/console/overstayers.csv", "overstayers as CSV") { request, context in
            let session = try await session(request)
            let query = request.uri.queryParameters
            let rows = try await console.services.overstays.list(
                .init(
                    pointCode: query.get("point").flatMap { $0.isEmpty ? nil : $0 },
                    nationality: query.get("nationality").flatMap { $0.isEmpty ? nil : $0.uppercased() },
                    minDays: Int(query.get("minDays") ?? "") ?? 1
                ),
                context: session.context("overstay_control", requestId: context.requestId)
            )
            return Response(
                status: .ok,
                headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"overstayers.csv\""],
                body: .init(byteBuffer: ByteBuffer(string: OverstayService.csv(rows)))
            )
        }
        page(.get, "/console/flights", "flight board") { request, context in
            let session = try await session(request)
            return try await flightsPage(console, session: session, request: request, selected: nil, requestId: context.requestId)
        }
        page(.post, "/console/flights/{id}/hits/{hitId}/resolve", "review a manifest hit") { request, context in
            let form = try await Console.form(request, context: context)
            let session = try await session(request, form: form)
            let flightId = try context.uuid("id")
            _ = try await console.services.manifests.resolveHit(
                flightId: flightId, hitId: try context.uuid("hitId"), resolution: form.first("resolution") ?? "",
                note: form.first("note"), context: session.context("second_line", requestId: context.requestId)
            )
            return Console.redirect("/console/flights/\(flightId.uuidString.lowercased())")
        }
        page(.get, "/console/flights/{id}", "flight board with one flight's travellers") { request, context in
            let session = try await session(request)
            return try await flightsPage(
                console, session: session, request: request, selected: try context.uuid("id"), requestId: context.requestId
            )
        }
    }
}

/// The review page of one check, with its decision form (also re-rendered with errors after a failed post).
@Sendable func reviewPage(_ console: Console, session: Console.Session, id: UUID, requestId: String, errors: [String] = [])
    async throws -> Response
{
    let detail = try await console.services.checks.detail(id, context: session.context("second_line", requestId: requestId))
    let canDecide = detail.status != .decided && (session.principal.role == .secondLine || detail.check.recommendation == .clear)
    var check = ConsoleViews.card(detail.check, csrf: session.csrf, canResolve: session.principal.role == .secondLine && detail.status != .decided)
    check["tone"] = detail.status == .decided ? (detail.decision == "refuse" ? "refuse" : "clear") : check["tone"]
    let reasons = console.services.reference.refusalReasons
    var content: [String: Any] = [
        "check": check, "checkId": id.uuidString.lowercased(), "checkRef": String(id.uuidString.prefix(8)),
        "queueHref": "/console/queue?point=\(detail.check.pointCode)", "canDecide": canDecide,
        "hasOpenHits": detail.check.hits.contains { $0.resolution == nil },
        "hasErrors": !errors.isEmpty, "errors": errors.map { ["message": $0] },
        "timeline": detail.timeline.map(ConsoleViews.timelineEntry),
        "reasonGroups": [
            ["title": "Schengen Borders Code, Annex V Part B", "reasons": reasons.filter { $0.code.count == 1 }.map { ["code": $0.code, "text": $0.text] }],
            ["title": "Ukraine: Law on Border Control Art. 14 with Art. 8", "reasons": reasons.filter { $0.code.count > 1 }.map { ["code": $0.code, "text": $0.text] }],
        ],
    ]
    if let personId = detail.person?.id { content["personId"] = personId.uuidString.lowercased() }
    if detail.status == .decided {
        content["decided"] = true
        content["decisionLabel"] = detail.decision == "refuse" ? "REFUSED" : "ADMITTED"
        content["decisionTone"] = detail.decision == "refuse" ? "serious" : "ok"
        content["decidedBy"] = "officer"
        content["decidedAt"] = ""
        content["decidedNote"] = detail.decisionNote ?? ""
    }
    return try await console.page("review", title: "Review", session: session, content: content, point: detail.check.pointCode)
}

/// The flight board (expected arrivals at the chosen airport, or all) and, when `selected`, that
/// flight's travellers with hits first.
@Sendable func flightsPage(
    _ console: Console, session: Console.Session, request: Request, selected: UUID?, requestId: String
) async throws -> Response {
    let context = session.context("advance_passenger_information", requestId: requestId)
    var detail: FlightDetail?
    if let selected { detail = try await console.services.manifests.flight(selected, context: context) }
    let asked: String? = request.uri.queryParameters.get("point").map { String($0) } ?? detail?.flight.pointCode
    let point = asked.flatMap { $0.hasPrefix(ArrivalAirport.pointPrefix) ? $0 : nil }
    let flights = try await console.services.manifests.board(pointCode: point, context: context)
    var content: [String: Any] = [
        "pointName": point.map { "Expected arrivals at \($0)" } ?? "Expected arrivals at every airport",
        "updatedAt": ConsoleViews.time(Date()) + " UTC",
        "flights": flights.map { ConsoleViews.flightRow($0, current: $0.id == selected) },
    ]
    if let detail {
        let reviewer = console.services.policy.grant(session.principal.subject, .resolve, .flight) != nil
        content["selected"] = ConsoleViews.selectedFlight(detail, review: reviewer ? session.csrf : nil)
    }
    return try await console.page("flights", title: "Flights", session: session, content: content, point: point)
}
