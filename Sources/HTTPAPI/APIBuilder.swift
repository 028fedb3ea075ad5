import Foundation
import HTTPTypes
import Hummingbird
import Services
import Store

/// Registers a route with the router and the catalog at once, wrapping the handler with
/// authentication, the role check and the access context (who, why, request id) the services audit.
struct APIBuilder {
    let router: Router<KordonRequestContext>
    let catalog: RouteCatalog
    let services: KordonServices

    typealias Handler = @Sendable (Request, KordonRequestContext, AccessContext?) async throws -> Response

    func add(
        _ method: HTTPRequest.Method, _ path: String, summary: String, access: Access, purpose: String? = nil,
        query: [QueryParameter] = [], body: JSONValue? = nil, response: JSONValue, status: Int = 200,
        idempotent: Bool = false, handler: @escaping Handler
    ) {
        catalog.add(
            RouteSpec(
                method: method, path: path, summary: summary, access: access, defaultPurpose: purpose, query: query,
                requestBody: body, response: response, successStatus: status, idempotent: idempotent
            )
        )
        let admin = services.admin
        router.on(RouterPath(path), method: method) { request, context in
            switch access {
            case .open:
                return try await handler(request, context, nil)
            case .roles(let roles):
                let principal = try await Self.authenticate(request, admin: admin)
                guard roles.contains(principal.role) else {
                    throw ServiceError(
                        .forbidden, "role \(principal.role.rawValue) may not call this route; allowed: "
                            + roles.map(\.rawValue).sorted().joined(separator: ", ")
                    )
                }
                let access = AccessContext(
                    principal: principal, purpose: try Self.purpose(request, default: purpose ?? "unspecified"),
                    requestId: context.requestId
                )
                return try await handler(request, context, access)
            }
        }
    }

    static func authenticate(_ request: Request, admin: AdminService) async throws -> Principal {
        guard let header = request.headers[.authorization] else {
            throw ServiceError(.unauthenticated, field: "Authorization", "send Authorization: Bearer <token>")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw ServiceError(.unauthenticated, field: "Authorization", "use the Bearer scheme")
        }
        guard let principal = try await admin.authenticate(token: String(parts[1])) else {
            throw ServiceError(.unauthenticated, field: "Authorization", "the token is unknown or revoked")
        }
        return principal
    }

    static func purpose(_ request: Request, default fallback: String) throws(ServiceError) -> String {
        guard let given = request.headers[.kordonPurpose] else { return fallback }
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
