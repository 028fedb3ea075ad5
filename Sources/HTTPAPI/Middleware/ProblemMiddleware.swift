import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Store

/// Turns every error into an RFC 9457 response, in one place (STYLE.md §12), and answers a known
/// path with the wrong method with 405 and an `Allow` header rather than 404.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = KordonRequestContext
    let catalog: RouteCatalog

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            var problem = ProblemDetails.from(error)
            var headers: HTTPFields = [:]
            if problem.status == 404, (error as? HTTPError)?.status == .notFound {
                let allowed = catalog.methods(matching: request.uri.path)
                if !allowed.isEmpty, !allowed.contains(request.method.rawValue) {
                    problem = ProblemDetails(
                        type: "/problems/method-not-allowed", title: "Method not allowed", status: 405,
                        detail: "\(request.method.rawValue) is not allowed here; use \(allowed.joined(separator: ", "))"
                    )
                    headers[.allow] = allowed.joined(separator: ", ")
                }
            }
            if problem.status == 401 { headers[.wwwAuthenticate] = "Bearer" }
            if problem.status >= 500 {
                // The error's text may hold values; log its type (and a database's code) only, with the request id.
                var metadata: Logger.Metadata = ["error_type": "\(type(of: error))"]
                if let code = KordonDatabase.errorCode(error) { metadata["database_error"] = "\(code)" }
                context.logger.error("Request failed", metadata: metadata)
            }
            return problem.response(requestId: context.requestId, extraHeaders: headers)
        }
    }
}
