import Foundation
import HTTPTypes
import NIOConcurrencyHelpers
import Store

/// Who may call a route.
public enum RouteAccess: Sendable {
    /// No token needed (`/health`, the OpenAPI document, console pages, enrolment).
    case open
    /// Any signed-in officer; the service decides the rest (his own account and tokens).
    case signedIn
    /// What the need-to-know policy must grant the caller: the roles are the policy's, not the route's.
    case policy(Action, Resource)
}

/// A query parameter, as documented.
public struct QueryParameter: Sendable {
    public var name: String
    public var schema: JSONValue
    public var description: String

    public init(_ name: String, _ schema: JSONValue, _ description: String) {
        self.name = name
        self.schema = schema
        self.description = description
    }
}

/// One route as the API documents it: the same value registers it with the router, so the
/// OpenAPI document cannot drift from what is served.
public struct RouteSpec: Sendable {
    public var method: HTTPRequest.Method
    /// OpenAPI-style template, e.g. `/v1/persons/{id}` (Hummingbird reads the same syntax).
    public var path: String
    public var summary: String
    public var access: RouteAccess
    /// The roles the policy grants this route to (for the document; the policy decides per request).
    public var roles: Set<Role> = []
    /// The purpose recorded in the audit trail when the caller sends no `X-Kordon-Purpose`.
    public var defaultPurpose: String?
    public var query: [QueryParameter]
    public var requestBody: JSONValue?
    public var response: JSONValue
    public var successStatus: Int
    /// The media types of a successful response (JSON unless the route says otherwise).
    public var responseTypes: [String] = ["application/json"]
    public var idempotent: Bool
}

/// Every registered route; the source of `/v1/openapi.json` and of 405 answers.
public final class RouteCatalog: Sendable {
    private let specs = NIOLockedValueBox<[RouteSpec]>([])

    public init() {}

    func add(_ spec: RouteSpec) { specs.withLockedValue { $0.append(spec) } }

    public var routes: [RouteSpec] { specs.withLockedValue { $0 } }

    /// Methods registered for a concrete path (`/v1/persons/123` matches `/v1/persons/{id}`).
    func methods(matching path: String) -> [String] {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        return routes.filter { spec in
            let template = spec.path.split(separator: "/", omittingEmptySubsequences: true)
            guard template.count == parts.count else { return false }
            return zip(template, parts).allSatisfy { t, p in t.hasPrefix("{") || t == p }
        }.map(\.method.rawValue).sorted()
    }

    /// The OpenAPI 3.1 document.
    public func openAPIDocument() -> JSONValue {
        var paths: [(String, JSONValue)] = []
        let grouped = Dictionary(grouping: routes, by: \.path)
        for path in grouped.keys.sorted() {
            var operations: [(String, JSONValue)] = []
            for spec in (grouped[path] ?? []).sorted(by: { $0.method.rawValue < $1.method.rawValue }) {
                operations.append((spec.method.rawValue.lowercased(), operation(spec)))
            }
            paths.append((path, .object(operations)))
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "Kordon API",
                "version": "1.0.0",
                "description": .string(
                    "Border and migration management. Errors are RFC 9457 problem details. Every access to personal data "
                        + "is written to a hash-chained audit trail; send X-Kordon-Purpose to state why."
                ),
            ],
            "paths": .object(paths),
            "webhooks": Schemas.exchangeWebhooks,
            "components": [
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]],
                "schemas": ["Problem": Schemas.problem],
            ],
        ]
    }

    private func operation(_ spec: RouteSpec) -> JSONValue {
        var parameters: [JSONValue] = []
        for name in spec.path.split(separator: "/").filter({ $0.hasPrefix("{") }) {
            let bare = String(name.dropFirst().dropLast())
            parameters.append([
                "name": .string(bare), "in": "path", "required": true,
                "schema": bare == "code" ? ["type": "string"] : ["type": "string", "format": "uuid"],
            ])
        }
        for parameter in spec.query {
            parameters.append([
                "name": .string(parameter.name), "in": "query", "required": false, "schema": parameter.schema,
                "description": .string(parameter.description),
            ])
        }
        var headers: [JSONValue] = []
        if case .policy = spec.access {
            headers.append([
                "name": "X-Kordon-Purpose", "in": "header", "required": false, "schema": ["type": "string", "maxLength": 100],
                "description": .string("Why the data is accessed; recorded in the audit trail. Default: \(spec.defaultPurpose ?? "-")"),
            ])
        }
        if spec.idempotent {
            headers.append([
                "name": "Idempotency-Key", "in": "header", "required": false, "schema": ["type": "string", "maxLength": 200],
                "description": "A repeated request with the same key returns the first result; another body with it is a 409.",
            ])
        }
        var operation: [(String, JSONValue)] = [
            ("summary", .string(spec.summary)),
            ("operationId", .string(operationId(spec))),
            ("parameters", .array(parameters + headers)),
        ]
        if let body = spec.requestBody {
            operation.append(("requestBody", ["required": true, "content": ["application/json": ["schema": body]]]))
        }
        var responses: [(String, JSONValue)] = [
            (
                String(spec.successStatus),
                ["description": "Success", "content": .object(spec.responseTypes.map { ($0, ["schema": spec.response]) })]
            )
        ]
        let problem: JSONValue = [
            "description": "Problem details (RFC 9457)",
            "content": ["application/problem+json": ["schema": ["$ref": "#/components/schemas/Problem"]]],
        ]
        switch spec.access {
        case .open:
            break
        case .signedIn:
            operation.append(("security", [["bearer": []]]))
            responses.append(("401", problem))
        case .policy(let action, let resource):
            operation.append(("security", [["bearer": []]]))
            operation.append(("x-kordon-policy", ["resource": .string(resource.rawValue), "action": .string(action.rawValue)]))
            operation.append(("x-kordon-roles", .array(spec.roles.map(\.rawValue).sorted().map { .string($0) })))
            responses.append(("401", problem))
            responses.append(("403", problem))
        }
        if spec.responseTypes.contains("text/html") || spec.path.hasPrefix("/console") {
            // Console pages answer their problems as pages, in plain words.
            responses.append(("default", [
                "description": "Problem, as a console page",
                "content": ["text/html": ["schema": ["type": "string"]], "application/problem+json": ["schema": ["$ref": "#/components/schemas/Problem"]]],
            ]))
        } else {
            responses.append(("default", problem))
        }
        operation.append(("responses", .object(responses)))
        return .object(operation)
    }

    private func operationId(_ spec: RouteSpec) -> String {
        let words = spec.path.split(separator: "/").map { part -> String in
            let bare = part.replacingOccurrences(of: "{", with: "by-").replacingOccurrences(of: "}", with: "")
            return bare.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        }
        return spec.method.rawValue.lowercased() + words.joined()
    }
}
