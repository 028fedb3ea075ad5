import Foundation
import HTTPTypes
import Hummingbird
import Services
import Store

/// Registers a route with the router and the catalog at once. Routes that need a caller declare what
/// they do in the policy's words (`.policy(.read, .crossing)`); the builder refuses a caller the
/// need-to-know policy does not grant it to before the handler runs, gives the handler a non-optional
/// access context, and removes from the JSON response every field the grant does not show.
/// The services check the same policy again (the console calls them directly).
struct APIBuilder {
    let router: Router<KordonRequestContext>
    let catalog: RouteCatalog
    let services: KordonServices

    var policy: AccessPolicy { services.policy }

    typealias Handler = @Sendable (Request, KordonRequestContext, AccessContext) async throws -> Response
    typealias OpenHandler = @Sendable (Request, KordonRequestContext) async throws -> Response

    /// A route anyone may call: health, metrics, the OpenAPI document, console pages (which check their
    /// own session), enrolment.
    func open(
        _ method: HTTPRequest.Method, _ path: String, summary: String, body: JSONValue? = nil, response: JSONValue,
        status: Int = 200, responseTypes: [String] = ["application/json"], handler: @escaping OpenHandler
    ) {
        var spec = RouteSpec(
            method: method, path: path, summary: summary, access: .open, defaultPurpose: nil, query: [],
            requestBody: body, response: response, successStatus: status, idempotent: false
        )
        spec.responseTypes = responseTypes
        catalog.add(spec)
        router.on(RouterPath(path), method: method) { request, context in try await handler(request, context) }
    }

    func add(
        _ method: HTTPRequest.Method, _ path: String, summary: String, access: RouteAccess, purpose: String? = nil,
        query: [QueryParameter] = [], body: JSONValue? = nil, response: JSONValue, status: Int = 200,
        responseTypes: [String] = ["application/json"], idempotent: Bool = false, handler: @escaping Handler
    ) {
        var spec = RouteSpec(
            method: method, path: path, summary: summary, access: access, defaultPurpose: purpose, query: query,
            requestBody: body, response: response, successStatus: status, idempotent: idempotent
        )
        spec.responseTypes = responseTypes
        if case .policy(let action, let resource) = access {
            spec.roles = policy.roles(for: action, on: resource)
        }
        catalog.add(spec)
        let policy = self.policy
        let access = spec.access
        router.on(RouterPath(path), method: method) { request, context in
            guard let principal = context.principal else {
                throw ServiceError(.unauthenticated, field: "Authorization", "send Authorization: Bearer <token>")
            }
            let stated = try Self.statedPurpose(request)
            let caller = AccessContext(
                principal: principal, purpose: stated ?? purpose ?? "unspecified", purposeStated: stated != nil,
                requestId: context.requestId, policy: policy
            )
            guard case .policy(let action, let resource) = access else {
                return try await handler(request, context, caller)
            }
            let grant = try caller.authorize(action, resource)
            return try await JSONCoding.$grant.withValue(grant) { try await handler(request, context, caller) }
        }
    }

    static func statedPurpose(_ request: Request) throws(ServiceError) -> String? {
        guard let given = request.headers[.kordonPurpose] else { return nil }
        let trimmed = given.trimmingCharacters(in: .whitespaces)
        guard (1...100).contains(trimmed.count), trimmed.allSatisfy({ $0.isASCII && !$0.isNewline }) else {
            throw .invalid("X-Kordon-Purpose", "must be 1 to 100 printable ASCII characters")
        }
        return trimmed
    }
}

extension KordonRequestContext {
    /// A UUID path parameter, or a problem naming it.
    func uuid(_ name: String) throws(ServiceError) -> UUID {
        guard let raw = parameters.get(name), let id = UUID(uuidString: raw) else {
            throw .invalid(name, "must be a UUID such as 3f2a0c1e-7b9d-4e51-a2c4-5d6e7f809a1b")
        }
        return id
    }
}

extension Request {
    /// A query parameter as a UUID, if present.
    func queryUUID(_ name: String) throws(ServiceError) -> UUID? {
        guard let raw = uri.queryParameters.get(name) else { return nil }
        guard let id = UUID(uuidString: raw) else { throw .invalid(name, "must be a UUID") }
        return id
    }

    func queryTimestamp(_ name: String) throws(ServiceError) -> Date? {
        guard let raw = uri.queryParameters.get(name) else { return nil }
        guard let date = JSONCoding.parseTimestamp(raw) else {
            throw .invalid(name, "must be an ISO 8601 UTC timestamp such as 2026-05-01T00:00:00Z")
        }
        return date
    }

    func queryInt(_ name: String, default fallback: Int) throws(ServiceError) -> Int {
        guard let raw = uri.queryParameters.get(name) else { return fallback }
        guard let value = Int(raw) else { throw .invalid(name, "must be an integer") }
        return value
    }

    var idempotencyKey: String? { headers[.idempotencyKey] }
}
