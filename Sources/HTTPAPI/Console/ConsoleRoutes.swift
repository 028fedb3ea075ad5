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
        func page(_ method: HTTPRequest.Method, _ path: String, _ summary: String, types: [String] = ["text/html"],
                  _ handler: @escaping @Sendable (Request, KordonRequestContext) async throws -> Response)
        {
            open(method, path, summary: "Console: " + summary, response: html, responseTypes: types) { request, context in
                do {
                    return try await handler(request, context)
                } catch let error as ServiceError where error.code == .unauthenticated {
                    return Console.redirect("/console/signin")
                } catch let error as ServiceError {
                    // Problems inside the console, in plain words (issue 16 item 7), never raw JSON.
                    return try await console.errorPage(error, session: try? await console.session(request), requestId: context.requestId)
                } catch is DecodingError {
                    return try await console.errorPage(
                        ServiceError.invalid("form", "the form was incomplete; go back and fill it in again"),
                        session: try? await console.session(request), requestId: context.requestId
                    )
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

        page(.get, "/console", "home: the first page the officer's role opens") { request, _ in
            guard let session = try await console.session(request) else { return Console.redirect("/console/signin") }
            let ctx = session.context("console", requestId: "")
            let home = ctx.may(.create, .check) ? "/console/check" : ctx.may(.resolve, .check) ? "/console/queue"
                : ctx.may(.resolve, .identity) || ctx.may(.read, .person) ? "/console/persons"
                : ctx.may(.read, .flight) ? "/console/flights" : "/console/check"
            return Console.redirect(home)
        }
        page(.get, "/console/static/{file}", "static files", types: ["text/css", "text/javascript"]) { _, context in
            guard let name = context.parameters.get("file"), let file = console.staticFiles[name] else {
                throw ServiceError(.notFound, field: "file", "no such file")
            }
            return Response(
                status: .ok, headers: [.contentType: file.contentType, .cacheControl: "max-age=300"],
                body: .init(byteBuffer: ByteBuffer(string: file.body))
            )
        }
        /// The sign-in page with a fresh double-submit CSRF value (cookie + hidden field); `error` is a catalogue key.
        @Sendable func signinPage(_ request: Request, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
            let csrf = AdminService.randomValue()
            var content: [String: Any] = ["signinCsrf": csrf]
            let text = ConsoleText(language: ConsoleText.language(for: request))
            if let error { content["error"] = text[error] }
            var response = try await console.page(
                "signin", title: text["signinTitle"], session: nil, content: content, status: status, text: text
            )
            response.headers[.setCookie] = console.cookie(Console.signinCookieName, csrf, maxAge: 1800)
            return response
        }
        page(.get, "/console/signin", "sign-in page") { request, _ in try await signinPage(request) }
        page(.get, "/console/language", "choose the console's language (remembered)") { request, _ in
            let to = request.uri.queryParameters.get("to").flatMap { ConsoleText.Language(rawValue: String($0)) } ?? .uk
            // Back to the page the officer was on (console.js puts it in `back`: we send no Referer), and only to
            // a console page of ours: never an open redirect.
            let back = request.uri.queryParameters.get("back").map { String($0) }.flatMap {
                $0.hasPrefix("/console") && !$0.hasPrefix("//") && !$0.contains("\\") && !$0.hasPrefix("/console/language") ? $0 : nil
            } ?? "/console"
            return Console.redirect(back, cookie: console.cookie(ConsoleText.cookieName, to.rawValue, maxAge: 400 * 86_400))
        }
        page(.post, "/console/signin", "sign in with a token: opens a server-side session") { request, context in
            let form = try await Console.form(request, context: context)
            guard let given = form.first("csrf"), !given.isEmpty,
                let expected = request.cookies[Console.signinCookieName]?.value,
                APIBuilder.constantTimeEqual(given, expected)
            else {
                return try await signinPage(request, error: "signinExpired", status: .forbidden)
            }
            let token = (form.first("token") ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard let session = try await console.services.admin.startSession(token: token) else {
                return try await signinPage(
                    request, error: "tokenUnknown",
                    status: .unauthorized
                )
            }
            var response = Console.redirect("/console")
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

        page(.get, "/console/check", "first-line check screen") { request, context in
            let session = try await session(request)
            let point = request.uri.queryParameters.get("point").map { String($0) } ?? "UA-ROAD-SHEHYNI"
            var content: [String: Any] = ["points": try await console.pointOptions(selected: point), "entry": true]
            content["booth"] = await console.boothForm(text: session.text)
            if !console.services.reference.crossingPoints.contains(where: { $0.code == point }) {
                content["hasErrors"] = true
                content["errors"] = [["field": session.text["crossingPoint"], "message": "\(point) \(session.text["notAPoint"])"]]
            }
            // The first-line loop: after a decision or a referral, an empty screen and one line saying what happened.
            if let done = request.uri.queryParameters.get("done").flatMap({ UUID(uuidString: String($0)) }) {
                let detail = try await console.services.checks.detail(done, context: session.context("border_control", requestId: context.requestId))
                let text = session.text
                let name = detail.check.document.surname ?? text["travellerWord"]
                let what: String
                switch (detail.status, detail.decision, detail.check.direction) {
                case (.decided, "refuse", .entry): what = text["bannerRefusedEntry"]
                case (.decided, "refuse", .exit): what = text["bannerRefusedExit"]
                case (.decided, _, .entry): what = text["bannerAdmitted"]
                case (.decided, _, .exit): what = text["bannerExitRecorded"]
                default: what = text["bannerReferred"]
                }
                content["banner"] = "\(name) \(what) — \(text["bannerNext"])"
            }
            return try await console.page("check", title: session.text["checkTitle"], session: session, content: content, point: point)
        }
        page(.post, "/console/check", "run a check") { request, context in
            let upload = try await Console.upload(request, context: context)
            let form = upload.fields
            let session = try await session(request, form: form)
            let point = form.first("point") ?? ""
            let mrzText = form.first("mrz") ?? ""
            let lines = mrzText.uppercased().split(whereSeparator: \.isNewline)
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let direction: Crossing.Direction = form.first("direction") == "exit" ? .exit : .entry
            let typed = form.first("manual") == "1"
            var manual: ManualDocument?
            if typed {
                manual = ManualDocument(
                    documentCode: form.first("documentCode") ?? "", number: form.first("number") ?? "",
                    issuingState: form.first("issuingState") ?? "", surname: form.first("surname") ?? "",
                    givenNames: form.first("givenNames") ?? "", birthDate: form.first("birthDate") ?? "",
                    sex: form.first("sex") ?? "", nationality: form.first("nationality") ?? "",
                    expiryDate: form.first("expiryDate") ?? ""
                )
            }
            var content: [String: Any] = [
                "points": try await console.pointOptions(selected: point), "mrz": typed ? "" : mrzText,
                "entry": direction == .entry, "exit": direction == .exit, "plateValue": form.first("plate") ?? "",
                "booth": await console.boothForm(text: session.text),
            ]
            if let manual {
                content["manualOpen"] = true
                content["manual"] = [
                    "documentCode": manual.documentCode, "number": manual.number, "issuingState": manual.issuingState,
                    "surname": manual.surname, "givenNames": manual.givenNames, "birthDate": manual.birthDate,
                    "sex": manual.sex, "nationality": manual.nationality, "expiryDate": manual.expiryDate,
                ]
            }
            do {
                let plate = form.first("plate").flatMap { $0.isEmpty ? nil : $0 }
                let (result, biometrics) = try await console.check(
                    .init(mrz: typed ? [] : lines, pointCode: point, direction: direction, plate: plate, manual: manual),
                    images: Console.BoothImages(upload), context: session.context("border_control", requestId: context.requestId),
                    text: session.text
                )
                var card = ConsoleViews.card(result, csrf: session.csrf, canResolve: false, text: session.text)
                card["biometrics"] = biometrics
                card["canAdmit"] = result.recommendation == .clear
                card["canRefer"] = result.recommendation == .clear
                card["admitLabel"] = direction == .entry ? session.text["admit"] : session.text["letLeave"]
                // A vehicle, typed or read from a camera frame, may cross under a customs declaration (issue 12).
                if result.plate != nil || result.plateRead != nil { card["vehicle"] = true }
                if result.recommendation == .refer { card["outcome"] = session.text["referred"] }
                content["result"] = card
            } catch let error as ServiceError {
                content["hasErrors"] = true
                if error.field == "mrz" {
                    // Unreadable: say what to do, and open the form for typing the data.
                    content["manualOpen"] = true
                    // No field label: swift-mustache renders an empty string as a present section.
                    content["errors"] = [["message": session.text["zoneUnreadable"]]]
                } else {
                    content["errors"] = [error.field.map { ["field": $0, "message": error.detail] } ?? ["message": error.detail]]
                }
            }
            return try await console.page("check", title: session.text["checkTitle"], session: session, content: content, point: point)
        }
        page(.post, "/console/checks/{id}/refer", "refer to second line") { request, context in
            let form = try await Console.form(request, context: context)
            let session = try await session(request, form: form)
            let id = try context.uuid("id")
            try await console.services.checks.refer(id, context: session.context("border_control", requestId: context.requestId))
            let detail = try await console.services.checks.detail(id, context: session.context("border_control", requestId: context.requestId))
            return Console.redirect("/console/check?point=\(detail.check.pointCode)&done=\(id.uuidString.lowercased())")
        }
        page(.post, "/console/checks/{id}/decision", "record a decision") { request, context in
            let form = try await Console.form(request, context: context)
            let session = try await session(request, form: form)
            let id = try context.uuid("id")
            guard let chosen = form.first("decision"), ["admit", "refuse"].contains(chosen) else {
                return try await reviewPage(console, session: session, id: id, requestId: context.requestId, errors: [session.text["chooseOutcome"]])
            }
            let decision: CheckService.DecisionRequest.Decision = chosen == "refuse" ? .refuse : .admit
            let note = form.first("note").flatMap { $0.isEmpty ? nil : $0 }
            let justification = form.first("justification").flatMap { $0.isEmpty ? nil : $0 }
            let crossing: Crossing
            do {
                crossing = try await console.services.checks.decide(
                    id, .init(decision: decision, reasons: decision == .refuse ? form.all("reasons") : nil, note: note,
                              justification: decision == .admit ? justification : nil,
                              customsReference: form.first("customsReference").flatMap { $0.isEmpty ? nil : $0 }),
                    context: session.context("border_control", requestId: context.requestId)
                )
            } catch let error as ServiceError where error.code != .notFound {
                return try await reviewPage(console, session: session, id: id, requestId: context.requestId, errors: [error.detail])
            }
            // First line goes back to an empty check screen; second line sees the decided check (and the form).
            if console.services.policy.grant(session.principal.subject, .resolve, .check) == nil {
                return Console.redirect("/console/check?point=\(crossing.pointCode)&done=\(id.uuidString.lowercased())")
            }
            return Console.redirect("/console/checks/\(id.uuidString.lowercased())")
        }

        page(.get, "/console/checks/{id}/refusal-form", "the refusal form, Ukrainian and English, printable") { request, context in
            let session = try await session(request)
            let id = try context.uuid("id")
            let detail = try await console.services.checks.detail(id, context: session.context("second_line", requestId: context.requestId))
            guard detail.status == .decided, detail.decision == "refuse" else {
                throw ServiceError(.conflict, field: "id", "this check was not decided as a refusal: there is no refusal form")
            }
            let document = detail.check.document
            let point = console.services.reference.crossingPoints.first { $0.code == detail.check.pointCode }
            let ticked = Set(detail.decisionReasons)
            let reasons = console.services.reference.refusalReasons.map { reason in
                ["code": reason.code, "text": reason.text, "textUk": reason.textUk, "ticked": ticked.contains(reason.code)] as [String: Any]
            }
            return try await console.page(
                "refusal", title: session.text["refusalForm"], session: session,
                content: [
                    "number": "\(detail.check.pointCode)/\(id.uuidString.prefix(8).uppercased())",
                    "decidedAt": detail.decidedAt.map(ConsoleViews.dateTime) ?? "", "pointCode": detail.check.pointCode,
                    "pointUk": point?.nameUk ?? detail.check.pointCode, "pointLatin": point?.nameLatin ?? "",
                    "surname": document.surname ?? "", "givenNames": document.givenNames ?? "",
                    "birthDate": ConsoleViews.day(document.birthDate), "sex": document.sex ?? "",
                    "nationality": document.nationality ?? "", "documentType": document.documentCode ?? "",
                    "documentNumber": document.documentNumber ?? "", "issuer": document.issuingState ?? "",
                    "expiry": ConsoleViews.day(document.expiryDate), "reasons": reasons, "note": detail.decisionNote ?? "",
                    "officerName": detail.decidedBy ?? "", "agency": session.agency.name,
                    "backHref": "/console/checks/\(id.uuidString.lowercased())",
                ],
                point: detail.check.pointCode
            )
        }

        // MARK: Second line

        page(.get, "/console/queue", "second-line queue") { request, context in
            let session = try await session(request)
            let point = request.uri.queryParameters.get("point")
            let checks = try await console.services.checks.queue(
                pointCode: point, context: session.context("second_line", requestId: context.requestId)
            )
            let now = Date()
            // Most serious first (refusal grounds, then attention), oldest first within each.
            let ranked = checks.map { check -> (BorderCheck, CheckResult?, Int) in
                let result = try? CheckService.decodeResult(check.result)
                let severity = result?.reasons.contains { $0.severity == "refusal" } == true ? 2
                    : (result?.reasons.contains { $0.severity == "attention" } == true ? 1 : 0)
                return (check, result, severity)
            }.sorted { ($0.2, $1.0.createdAt) > ($1.2, $0.0.createdAt) }
            let text = session.text
            var holders: [UUID: String] = [:]
            for holder in Set(checks.compactMap(\.takenBy)) {
                holders[holder] = try await console.services.database.repositories.agencies.officer(id: holder)?.name
            }
            let me = session.principal.officerId
            let rows: [[String: Any]] = ranked.map { check, result, severity in
                let waiting = Int(now.timeIntervalSince(check.createdAt) / 60)
                var row: [String: Any] = [
                    "point": check.pointCode, "csrf": session.csrf, "mine": check.takenBy == me,
                    "severityLabel": [text["qsevCheck"], text["qsevAttention"], text["qsevSerious"]][severity],
                    "severityTone": ["cat", "warn", "serious"][severity],
                    "id": check.id.uuidString.lowercased(), "time": ConsoleViews.time(check.createdAt),
                    "travellerName": [check.surname, check.givenNames].compactMap { $0 }.joined(separator: ", "),
                    "nationality": check.nationality ?? "", "hitCount": check.hitCount, "hasHits": check.hitCount > 0,
                    "reasonSummary": result?.reasons.first { $0.severity != "info" }.map { ConsoleViews.reasonText($0, text) } ?? "",
                    "waitingMinutes": waiting, "overdue": waiting > 30,
                ]
                // Absent, not "", when free: swift-mustache renders an empty string as a present section.
                if let holder = check.takenBy {
                    row["takenBy"] = holder == me ? text["takenByYou"] : holders[holder] ?? text["anOfficer"]
                    row["takenAt"] = check.takenAt.map(ConsoleViews.time) ?? ""
                }
                return row
            }
            return try await console.page(
                "queue", title: text["navQueue"], session: session,
                content: [
                    "pointName": point ?? "\(text["queueAllPoints"]) \(session.agency.code)", "rows": rows, "hasRows": !rows.isEmpty,
                    "countLabel": "\(rows.count) \(text["waitingCount"])", "points": try await console.pointOptions(selected: point),
                    "updatedAt": ConsoleViews.time(now), "mayFindPersons": session.context(session.personPurpose, requestId: context.requestId).may(.read, .person),
                ],
                point: point
            )
        }
        page(.post, "/console/checks/{id}/take", "take a referred check (or take it over, or release it)") { request, context in
            let form = try await Console.form(request, context: context)
            let session = try await session(request, form: form)
            let id = try context.uuid("id")
            let access = session.context("second_line", requestId: context.requestId)
            if form.first("release") == "1" {
                _ = try await console.services.checks.release(id, context: access)
                return Console.redirect("/console/queue")
            }
            _ = try await console.services.checks.take(id, takeOver: form.first("takeOver") == "1", context: access)
            return Console.redirect("/console/checks/\(id.uuidString.lowercased())")
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
            do {
                try await console.services.checks.resolveHit(
                    checkId: checkId, alertId: String(parts[1]), resolution: form.first("resolution") ?? "",
                    reason: form.first("reason"), note: form.first("note"),
                    context: session.context("second_line", requestId: context.requestId)
                )
            } catch let error as ServiceError where error.code == .validation || error.code == .conflict {
                return try await reviewPage(console, session: session, id: checkId, requestId: context.requestId, errors: [error.detail])
            }
            return Console.redirect("/console/checks/\(checkId.uuidString.lowercased())")
        }
        page(.get, "/console/persons/{id}", "a person's one timeline: documents, register records, crossings, checks") { request, context in
            let session = try await session(request)
            let ctx = session.context(session.personPurpose, requestId: context.requestId)
            let timeline = try await console.services.identity.timeline(try context.uuid("id"), context: ctx)
            let person = timeline.person
            let agencies = Dictionary(
                try await console.services.database.repositories.agencies.all().map { ($0.id, $0.code) }, uniquingKeysWith: { a, _ in a }
            )
            let text = session.text
            let creatable = Register.allCases.filter { ctx.may(.create, $0.resource) }
            let mayMerge = ctx.may(.update, .identity)
            return try await console.page(
                "person", title: person.surname, session: session,
                content: [
                    "id": person.id.uuidString.lowercased(),
                    "name": "\(person.surname), \(person.givenNames)", "nationality": person.nationality,
                    "sex": person.sex, "birthDate": ConsoleViews.birth(person.birthDate),
                    "otherNames": timeline.otherNames.joined(separator: "; "), "hasOtherNames": !timeline.otherNames.isEmpty,
                    "timeline": timeline.entries.map { ConsoleViews.timelineEntry($0, text: text, agencies: agencies) },
                    "hidden": timeline.hidden.map { text["kind_\($0)"] }.joined(separator: ", "), "hasHidden": !timeline.hidden.isEmpty,
                    "recorded": request.uri.queryParameters.get("recorded") != nil,
                    "newRecords": creatable.map { ["register": $0.rawValue, "label": text["register_\($0.rawValue)"]] },
                    "hasNewRecords": !creatable.isEmpty, "mayMerge": mayMerge,
                    "merges": timeline.merges.map { m in
                        [
                            "id": m.id.uuidString.lowercased(), "survivor": m.survivorId.uuidString.lowercased(),
                            "merged": m.mergedId.uuidString.lowercased(), "at": ConsoleViews.dateTime(m.mergedAt), "reason": m.reason,
                            "split": m.splitAt.map(ConsoleViews.dateTime) ?? "", "canSplit": mayMerge && m.splitAt == nil && m.survivorId == person.id,
                        ] as [String: Any]
                    },
                    "hasMerges": !timeline.merges.isEmpty,
                    "documents": timeline.documents.map { document in
                        let expired = (document.expiryDate ?? "9999") < ConsoleViews.today()
                        return [
                            "type": document.documentCode, "number": document.number, "issuer": document.issuingState,
                            "expiry": document.expiryDate.map { ConsoleViews.day($0) } ?? "", "status": expired ? text["expired"] : text["valid"],
                            "statusFlag": expired,
                        ] as [String: Any]
                    },
                    "hasAuthorisations": !timeline.authorisations.isEmpty,
                    "authorisations": timeline.authorisations.map { a in
                        [
                            "kindLabel": text["kind_\(a.kind)"],
                            "validity": "\(ConsoleViews.day(a.validFrom)) – \(a.validUntil.map { ConsoleViews.day($0) } ?? text["openEnded"])",
                        ] as [String: Any]
                    },
                ]
            )
        }
        addRegisterConsoleRoutes(
            console,
            page: { method, path, summary, types, handler in page(method, path, summary, types: types, handler) },
            session: { request, form in try await session(request, form: form) }
        )

        // MARK: Overstayers, flights

        page(.get, "/console/overstayers", "overstayers") { request, context in
            let session = try await session(request)
            let query = request.uri.queryParameters
            let point = query.get("point").flatMap { $0.isEmpty ? nil : $0 }
            let nationality = query.get("nationality").flatMap { $0.isEmpty ? nil : $0.uppercased() }
            let minDays = Int(query.get("minDays") ?? "") ?? 1
            let filter = OverstayService.Filter(pointCode: point, nationality: nationality, minDays: minDays)
            let access = session.context("overstay_control", requestId: context.requestId)
            // 50 rows a page, by cursor: the whole list was 79 KB and 10,000 px tall (issue 16 finding 8),
            // and computing it cost 1.5 s of CPU (issue 15).
            let cursor = query.get("cursor").flatMap { $0.isEmpty ? nil : $0 }
            let page = try await console.services.overstays.page(filter, cursor: cursor, limit: 50, context: access)
            let counts = try await console.services.overstays.countByNationality(filter, context: access)
            let total = counts.values.reduce(0, +)
            var csv = "/console/overstayers.csv?minDays=\(minDays)"
            if let point { csv += "&point=\(point)" }
            if let nationality { csv += "&nationality=\(nationality)" }
            let filters = csv.dropFirst("/console/overstayers.csv".count)
            let pageRows = page.items
            return try await console.page(
                "overstayers", title: session.text["navOverstayers"], session: session,
                content: [
                    "points": try await console.pointOptions(selected: point), "nationality": nationality ?? "",
                    "minDays": minDays, "csvHref": csv,
                    "countLabel": "\(total) \(session.text["overstayersCount"])",
                    "hasRows": !pageRows.isEmpty,
                    "prevHref": cursor != nil ? "/console/overstayers\(filters)" : "",
                    "nextHref": page.nextCursor.map { "/console/overstayers\(filters)&cursor=\($0)" } ?? "",
                    "rows": pageRows.map { row in
                        [
                            "personId": row.personId.uuidString.lowercased(), "name": "\(row.surname), \(row.givenNames)",
                            "basis": ConsoleViews.basisWords(row.basis, session.text), "nationality": row.nationality, "entryDate": ConsoleViews.day(row.entered),
                            "entryPoint": row.entryPoint, "authorisedUntil": ConsoleViews.day(row.authorisedUntil ?? "–"),
                            "daysOver": row.daysOver,
                        ] as [String: Any]
                    },
                    "bars": ConsoleViews.bars(counts),
                ]
            )
        }
        page(.get, "/console/overstayers.csv", "overstayers as CSV (signed out: the sign-in page)", types: ["text/csv", "text/html"]) { request, context in
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
    let subject = session.principal.subject
    let policy = console.services.policy
    let secondLine = policy.grant(subject, .resolve, .check) != nil
    let rules = detail.rules
    let canDecide = detail.status != .decided && (secondLine || !(rules?.secondLineOnly ?? true))
    let text = session.text
    var check = ConsoleViews.card(detail.check, csrf: session.csrf, canResolve: secondLine && detail.status != .decided, text: text)
    check["tone"] = detail.status == .decided ? (detail.decision == "refuse" ? "refuse" : "clear") : check["tone"]
    let entry = detail.check.direction == .entry
    let reasons = console.services.reference.refusalReasons
    let suggested = Set(rules?.suggestedReasons ?? [])
    func group(_ title: String, _ items: [ReferenceData.RefusalReason]) -> [String: Any] {
        ["title": title, "reasons": items.map { ["code": $0.code, "text": text.language == .uk ? $0.textUk : $0.text, "checked": suggested.contains($0.code)] as [String: Any] }]
    }
    var content: [String: Any] = [
        "check": check, "checkId": id.uuidString.lowercased(), "checkRef": String(id.uuidString.prefix(8)),
        "canDecide": canDecide,
        "hasOpenHits": (rules?.openHits ?? 0) > 0, "openHits": rules?.openHits ?? 0,
        "refusalOnly": rules?.refusalOnly ?? false,
        "mayOverride": (rules?.refusalOnly ?? false) && policy.grant(subject, .override, .check) != nil,
        "admitLabel": entry ? text["admit"] : text["letLeave"], "refuseLabel": entry ? text["refuseEntry"] : text["refuseExit"],
        "hasErrors": !errors.isEmpty, "errors": errors.map { ["message": $0] },
        "timeline": detail.timeline.map { ConsoleViews.timelineEntry($0, text: text) },
        "reasonGroups": [
            group(text["groupAnnexV"], reasons.filter { $0.code.count == 1 }),
            group(text["groupUkraine"], reasons.filter { $0.code.count > 1 }),
        ],
    ]
    // Only second line has a queue to go back to (a first-line officer got 403 there).
    if secondLine { content["queueHref"] = "/console/queue?point=\(detail.check.pointCode)" }
    if let personId = detail.person?.id { content["personId"] = personId.uuidString.lowercased() }
    if detail.status == .decided {
        let refused = detail.decision == "refuse"
        content["decided"] = true
        content["decisionLabel"] = text[refused ? (entry ? "decEntryRefused" : "decExitRefused") : (entry ? "decAdmitted" : "decExitRecorded")]
        content["decisionTone"] = refused ? "serious" : "ok"
        content["decidedBy"] = detail.decidedBy ?? text["anOfficer"]
        content["decidedAt"] = detail.decidedAt.map(ConsoleViews.dateTime) ?? ""
        content["decidedNote"] = detail.decisionNote ?? ""
        content["decidedReasons"] = detail.decisionReasons.map { code in
            ["code": code, "text": reasons.first { $0.code == code }.map { text.language == .uk ? $0.textUk : $0.text } ?? ""]
        }
        if refused && entry { content["refusalFormHref"] = "/console/checks/\(id.uuidString.lowercased())/refusal-form" }
    }
    return try await console.page("review", title: text["reviewTitle"], session: session, content: content, point: detail.check.pointCode)
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
        "pointName": point.map { "\(session.text["expectedArrivalsAt"]) \($0)" } ?? session.text["everyAirport"],
        "updatedAt": ConsoleViews.time(Date()) + " (\(session.text["kyiv"]))",
        "flights": flights.map { ConsoleViews.flightRow($0, current: $0.id == selected, text: session.text) },
    ]
    if let detail {
        let reviewer = console.services.policy.grant(session.principal.subject, .resolve, .flight) != nil
        content["selected"] = ConsoleViews.selectedFlight(detail, review: reviewer ? session.csrf : nil, text: session.text)
    }
    return try await console.page("flights", title: session.text["navFlights"], session: session, content: content, point: point)
}
