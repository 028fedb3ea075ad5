import Foundation
import HTTPTypes
import Hummingbird

extension HTTPField.Name {
    static let requestId = HTTPField.Name("X-Request-Id")!
    static let kordonPurpose = HTTPField.Name("X-Kordon-Purpose")!
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
}

/// Gives every request an id: the caller's `X-Request-Id` when it is short and plain, else a new
/// UUID. It is echoed in the response, the problem details, the log metadata and the audit trail.
struct RequestIdMiddleware: RouterMiddleware {
    typealias Context = KordonRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var context = context
        if let given = request.headers[.requestId], (1...64).contains(given.count),
            given.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        {
            context.requestId = given
        } else {
            context.requestId = UUID().uuidString.lowercased()
        }
        context.logger[metadataKey: "request_id"] = .string(context.requestId)
        var response = try await next(request, context)
        response.headers[.requestId] = context.requestId
        return response
    }
}
