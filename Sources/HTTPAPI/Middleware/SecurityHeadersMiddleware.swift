import HTTPTypes
import Hummingbird
import Services

/// Headers every response carries (issue 10 item 6): no MIME sniffing, no referrer leaving the
/// console, no framing; HSTS when served over TLS. Pages set their own Content-Security-Policy.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = KordonRequestContext
    let tls: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "no-referrer"
        response.headers[.xFrameOptions] = "DENY"
        if tls { response.headers[.strictTransportSecurity] = "max-age=31536000" }
        return response
    }
}

/// Reads `Authorization: Bearer …` once, for every route: a valid token sets the context's principal;
/// an unknown, revoked or expired token, or a deactivated officer, is a 401 at once. Routes that need a
/// principal get it non-optional from `APIBuilder`; open routes ignore it.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = KordonRequestContext
    let authenticate: @Sendable (String) async throws -> Principal?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        // `/metrics` has its own scrape token, not an officer's.
        guard let header = request.headers[.authorization], request.uri.path != "/metrics" else {
            return try await next(request, context)
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw ServiceError(.unauthenticated, field: "Authorization", "use the Bearer scheme")
        }
        guard let principal = try await authenticate(String(parts[1])) else {
            throw ServiceError(.unauthenticated, field: "Authorization", "the token is unknown, revoked or expired, or its officer is deactivated")
        }
        var context = context
        context.principal = principal
        return try await next(request, context)
    }
}

extension HTTPField.Name {
    static let xContentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let xFrameOptions = HTTPField.Name("X-Frame-Options")!
}
