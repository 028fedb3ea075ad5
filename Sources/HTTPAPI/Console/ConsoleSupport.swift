import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import NIOCore
import Services
import Store

/// The officers' web console: server-rendered pages over the same services as the API (issue 6 item 6).
///
/// Sign-in exchanges the officer's token for a server-side session (issue 10 item 2): the cookie holds
/// a random session id (its hash stored), never the token; the session has an idle and an absolute
/// timeout and is revoked at sign-out; the cookie is `Secure` when served over TLS. Every form carries
/// the session's CSRF value; the sign-in form a double-submitted one. Pages work without JavaScript.
struct Console: Sendable {
    let services: KordonServices
    let library: MustacheLibrary
    let staticFiles: [String: (contentType: String, body: String)]
    /// Mark cookies `Secure` (served over TLS).
    let secureCookies: Bool

    init(services: KordonServices, assets: Assets, secureCookies: Bool = false) {
        self.services = services
        self.library = assets.library
        self.staticFiles = assets.staticFiles
        self.secureCookies = secureCookies
    }

    static let cookieName = "kordon_session"
    /// The sign-in form's double-submit CSRF cookie.
    static let signinCookieName = "kordon_signin"

    /// A `Set-Cookie` value for the console: HttpOnly, SameSite=Strict, `Secure` over TLS.
    func cookie(_ name: String, _ value: String, maxAge: Int) -> String {
        "\(name)=\(value); Path=/console; HttpOnly; SameSite=Strict; Max-Age=\(maxAge)" + (secureCookies ? "; Secure" : "")
    }

    static func load() async throws -> Console.Assets {
        guard let folder = Bundle.module.url(forResource: "console", withExtension: nil, subdirectory: "Resources")
            ?? Bundle.module.url(forResource: "Resources/console", withExtension: nil)
        else { throw ServiceError(.notFound, "console templates are missing from the build") }
        let library = try await MustacheLibrary(directory: folder.path)
        var files: [String: (String, String)] = [:]
        for (name, type) in [("console.css", "text/css; charset=utf-8"), ("console.js", "text/javascript; charset=utf-8")] {
            if let text = try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8) {
                files[name] = (type, text)
            }
        }
        return Assets(library: library, staticFiles: files)
    }

    struct Assets: Sendable {
        let library: MustacheLibrary
        let staticFiles: [String: (contentType: String, body: String)]
    }

    /// The signed-in officer of a console request.
    struct Session: Sendable {
        let id: String
        let principal: Principal
        let officer: Officer
        let agency: Agency
        let csrf: String
        /// The officer's language.
        let text: ConsoleText
        /// The installation's policy (the services'), not the shipped default.
        let policy: AccessPolicy

        /// Why this officer looks a person up: the migration service keeps the registers; the border
        /// guard identifies travellers (the policy grants persons to each for that purpose only).
        var personPurpose: String { principal.role == .migrationOfficer ? "migration_control" : "border_control" }

        func context(_ purpose: String, requestId: String) -> AccessContext {
            AccessContext(principal: principal, purpose: purpose, requestId: requestId, policy: policy)
        }
    }

    func session(_ request: Request) async throws -> Session? {
        guard let cookie = request.cookies[Self.cookieName]?.value, !cookie.isEmpty,
            let (principal, bearer) = try await services.admin.session(id: cookie), let csrf = bearer.csrf
        else { return nil }
        return Session(
            id: cookie, principal: principal, officer: bearer.officer, agency: bearer.agency, csrf: csrf,
            text: ConsoleText(language: ConsoleText.language(for: request)), policy: services.policy
        )
    }

    /// Renders `template` inside the layout.
    func page(_ template: String, title: String, session: Session?, content: [String: Any], flashes: [[String: Any]] = [],
              point: String? = nil, status: HTTPResponse.Status = .ok, text: ConsoleText? = nil) async throws -> Response
    {
        let text = text ?? session?.text ?? ConsoleText(language: .uk)
        var model = content
        model["csrf"] = session?.csrf ?? ""
        model["t"] = text.all
        let inner = library.render(model, withTemplate: template) ?? ""
        var layout: [String: Any] = [
            "lang": text.language.rawValue, "t": text.all, "title": title, "page": template, "content": inner, "flashes": flashes,
            "otherLanguage": text.language == .uk ? "en" : "uk",
            "serverTime": ConsoleViews.dateTime(Date()),
        ]
        if let session {
            layout["signedIn"] = true
            layout["officerName"] = session.officer.name
            layout["officerRole"] = text.phrase("role_\(session.officer.role.rawValue)") ?? session.officer.role.rawValue
            layout["officerAgency"] = session.agency.code
            layout["csrf"] = session.csrf
            layout["points"] = try await pointOptions(selected: point)
            // Menus show only what the policy lets this officer open.
            let nav: [(String, String, String, Action, Resource)] = [
                ("/console/check", text["navCheck"], "c", .create, .check), ("/console/queue", text["navQueue"], "q", .resolve, .check),
                ("/console/overstayers", text["navOverstayers"], "o", .read, .overstayer),
                ("/console/flights", text["navFlights"], "l", .read, .flight),
                ("/console/persons", text["navPersons"], "p", .read, .person),
                ("/console/identity", text["navIdentity"], "i", .resolve, .identity),
            ]
            let subject = session.principal.subject
            layout["nav"] = nav.filter { services.policy.grant(subject, $0.3, $0.4) != nil }.map { href, label, key, _, _ in
                ["href": href, "label": label, "accesskey": key, "current": template.hasPrefix(href.dropFirst(9).prefix(4))] as [String: Any]
            }
        }
        let html = library.render(layout, withTemplate: "layout") ?? inner
        return Response(
            status: status,
            headers: [
                .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                .contentSecurityPolicy: "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                + "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
            ],
            body: .init(byteBuffer: ByteBuffer(string: html))
        )
    }

    /// Every crossing point, operating ones first, with its Ukrainian name; a suspended point says so
    /// (issue 16 finding 7: an airport missing from the list made the form pick another point silently).
    func pointOptions(selected: String?) async throws -> [[String: Any]] {
        let points = try await services.crossingPoints()
        let ordered = points.filter { $0.status == "operating" } + points.filter { $0.status != "operating" }
        return ordered.map { point in
            let name = point.nameUk == point.nameLatin ? point.nameUk : "\(point.nameUk) (\(point.nameLatin))"
            return [
                "code": point.code, "name": point.status == "operating" ? name : "\(name) — \(point.status)",
                "selected": point.code == selected,
            ] as [String: Any]
        }
    }

    /// A problem as a console page in plain words: what happened, why, and where to go.
    func errorPage(_ error: ServiceError, session: Session?, requestId: String, text: ConsoleText? = nil) async throws -> Response {
        let text = text ?? session?.text ?? ConsoleText(language: .uk)
        let (heading, status): (String, HTTPResponse.Status) = switch error.code {
        case .forbidden: (text["errForbidden"], .forbidden)
        case .notFound: (text["errNotFound"], .notFound)
        case .conflict: (text["errConflict"], .conflict)
        case .validation: (text["errValidation"], .unprocessableContent)
        case .unauthenticated: (text["errSignedOut"], .unauthorized)
        }
        let message: String = switch error.code {
        case .forbidden: text["errForbiddenText"]
        case .notFound: text["errNotFoundText"]
        default: error.detail
        }
        return try await page(
            "error", title: heading, session: session,
            content: [
                "heading": heading, "message": message, "why": error.code == .forbidden || error.code == .notFound ? error.detail : "",
                "backHref": "/console", "backLabel": text["backToConsole"], "requestId": requestId,
            ],
            status: status, text: text
        )
    }

    static func redirect(_ location: String, cookie: String? = nil) -> Response {
        var headers: HTTPFields = [.location: location]
        if let cookie { headers[.setCookie] = cookie }
        return Response(status: .seeOther, headers: headers)
    }

    /// `application/x-www-form-urlencoded` fields, in order; repeated names kept.
    static func form(_ request: Request, context: KordonRequestContext) async throws -> [(String, String)] {
        var request = request
        let buffer = try await request.collectBody(upTo: 64 * 1024)
        let text = String(buffer: buffer)
        return text.split(separator: "&").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = parts.first.flatMap({ decode($0) }) else { return nil }
            return (name, parts.count > 1 ? decode(parts[1]) ?? "" : "")
        }
    }

    static func decode(_ part: Substring) -> String? {
        part.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}

extension [(String, String)] {
    func first(_ name: String) -> String? { first { $0.0 == name }?.1 }
    func all(_ name: String) -> [String] { filter { $0.0 == name }.map(\.1) }
}
