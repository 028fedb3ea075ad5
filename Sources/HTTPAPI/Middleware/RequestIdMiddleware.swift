import Foundation
import HTTPTypes
import Hummingbird

extension HTTPField.Name {
    static let requestId = HTTPField.Name("X-Request-Id")!
    static let correlationId = HTTPField.Name("X-Correlation-Id")!
    static let kordonPurpose = HTTPField.Name("X-Kordon-Purpose")!
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
}

/// Gives every request a server-generated id, echoed in the response (`X-Request-Id`), the problem
/// details, the log metadata and the audit trail. A client's own `X-Request-Id` is kept only as a
/// correlation id (echoed as `X-Correlation-Id`, logged): a client must not choose what the audit
/// trail records as the request's identity (issue 10 finding 8).
struct RequestIdMiddleware: RouterMiddleware {
    typealias Context = KordonRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var context = context
        context.requestId = UUID().uuidString.lowercased()
        if let given = request.headers[.requestId], (1...64).contains(given.count),
            given.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        {
            context.correlationId = given
            context.logger[metadataKey: "correlation_id"] = .string(given)
        }
        context.logger[metadataKey: "request_id"] = .string(context.requestId)
        var response = try await next(request, context)
        response.headers[.requestId] = context.requestId
        if let correlation = context.correlationId { response.headers[.correlationId] = correlation }
        return response
    }
}
