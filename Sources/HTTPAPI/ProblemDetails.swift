import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Services
import Store

/// RFC 9457 problem details: the one shape of every error response (DESIGN.md API conventions).
public struct ProblemDetails: Codable, Sendable, Error, Equatable {
    /// A URI naming the kind of problem; relative to the API, stable, matchable.
    public var type: String
    public var title: String
    public var status: Int
    public var detail: String
    /// The offending field (JSON path such as `documents[0].number`, a query parameter or a header).
    public var field: String?
    public var requestId: String?

    public init(type: String, title: String, status: Int, detail: String, field: String? = nil) {
        self.type = type
        self.title = title
        self.status = status
        self.detail = detail
        self.field = field
    }

    static func of(_ code: ServiceError.Code) -> (type: String, title: String, status: HTTPResponse.Status) {
        switch code {
        case .validation: return ("/problems/validation", "Invalid request", .unprocessableContent)
        case .notFound: return ("/problems/not-found", "Not found", .notFound)
        case .forbidden: return ("/problems/forbidden", "Forbidden", .forbidden)
        case .unauthenticated: return ("/problems/unauthenticated", "Authentication required", .unauthorized)
        case .conflict: return ("/problems/conflict", "Conflict", .conflict)
        }
    }

    init(_ error: ServiceError) {
        let kind = Self.of(error.code)
        self.init(type: kind.type, title: kind.title, status: Int(kind.status.code), detail: error.detail, field: error.field)
    }

    static func badRequest(_ field: String?, _ detail: String) -> ProblemDetails {
        ProblemDetails(type: "/problems/malformed-request", title: "Malformed request", status: 400, detail: detail, field: field)
    }

    /// Maps any error to a problem, in exactly one place (STYLE.md §12). Unknown errors become a 500
    /// whose detail names only the request id: internals and personal data stay in the logs' metadata.
    static func from(_ error: any Error) -> ProblemDetails {
        switch error {
        case let problem as ProblemDetails:
            return problem
        case let error as ServiceError:
            return ProblemDetails(error)
        case let error as BiometricsError:
            return ProblemDetails(error)
        case let error as StoreError where error.code == .notFound:
            return ProblemDetails(type: "/problems/not-found", title: "Not found", status: 404, detail: error.detail, field: error.field)
        case is NIOTooManyBytesError:
            return ProblemDetails(
                type: "/problems/body-too-large", title: "Body too large", status: 413,
                detail: "the request body is larger than 1 MiB"
            )
        case let error as HTTPError:
            switch error.status {
            case .notFound:
                return ProblemDetails(type: "/problems/not-found", title: "Not found", status: 404, detail: "no such route")
            case .contentTooLarge:
                return ProblemDetails(
                    type: "/problems/body-too-large", title: "Body too large", status: 413,
                    detail: "the request body is larger than 1 MiB"
                )
            default:
                return ProblemDetails(
                    type: "/problems/http", title: error.status.reasonPhrase, status: Int(error.status.code),
                    detail: error.body ?? error.status.reasonPhrase
                )
            }
        default:
            return ProblemDetails(
                type: "/problems/internal", title: "Internal error", status: 500,
                detail: "the server failed to handle this request; quote the request id to the administrator"
            )
        }
    }

    func response(requestId: String, extraHeaders: HTTPFields = [:]) -> Response {
        var problem = self
        problem.requestId = requestId
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(problem)) ?? Data("{}".utf8)
        var headers = extraHeaders
        headers[.contentType] = "application/problem+json"
        return Response(
            status: HTTPResponse.Status(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data))
        )
    }
}

extension ProblemDetails {
    /// A 422 `application/problem+json` response for a problem with members beyond the standard ones
    /// (`errors` of an import or a manifest, …); RFC 9457 §3.2 allows extension members.
    static func unprocessable(_ problem: some Encodable) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(problem)) ?? Data("{}".utf8)
        return Response(
            status: .unprocessableContent, headers: [.contentType: "application/problem+json"],
            body: .init(byteBuffer: ByteBuffer(bytes: data))
        )
    }
}
