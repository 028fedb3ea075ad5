import Foundation
import Hummingbird
import NIOCore
import Services
import Store

/// JSON in and out, with dates as ISO 8601 UTC (milliseconds) and decoding errors that name the field.
enum JSONCoding {
    static func encoder() -> JSONEncoder { WireJSON.encoder() }

    static func decoder() -> JSONDecoder { WireJSON.decoder() }

    static func parseTimestamp(_ text: String) -> Date? { WireJSON.parseTimestamp(text) }

    /// Decodes a request body; a malformed body is a 400 that names the field and the problem.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, context: KordonRequestContext) async throws
        -> T
    {
        guard let value = try await decodeIfPresent(T.self, from: request, context: context) else {
            throw ProblemDetails.badRequest(nil, "the request body is empty; send JSON")
        }
        return value
    }

    /// Decodes an optional body: no body at all gives `empty`; a body that is there must be right.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, context: KordonRequestContext, ifEmpty empty: T)
        async throws -> T
    {
        try await decodeIfPresent(T.self, from: request, context: context) ?? empty
    }

    private static func decodeIfPresent<T: Decodable>(_ type: T.Type, from request: Request, context: KordonRequestContext)
        async throws -> T?
    {
        var request = request
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        guard buffer.readableBytes > 0 else { return nil }
        do {
            return try decoder().decode(T.self, from: Data(buffer: buffer))
        } catch let error as DecodingError {
            throw problem(for: error)
        }
    }

    static func path(_ codingPath: [any CodingKey]) -> String {
        var result = ""
        for key in codingPath {
            if let index = key.intValue {
                result += "[\(index)]"
            } else {
                result += result.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return result
    }

    static func problem(for error: DecodingError) -> ProblemDetails {
        switch error {
        case .keyNotFound(let key, let context):
            return .badRequest(path(context.codingPath + [key]), "is required")
        case .typeMismatch(let type, let context):
            return .badRequest(path(context.codingPath), "has the wrong type: expected \(describe(type))")
        case .valueNotFound(let type, let context):
            return .badRequest(path(context.codingPath), "must not be null: expected \(describe(type))")
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return .badRequest(nil, "the body is not valid JSON")
            }
            let hint = context.debugDescription.hasPrefix("must") ? context.debugDescription : "has an invalid value"
            return .badRequest(path(context.codingPath), hint)
        @unknown default:
            return .badRequest(nil, "the body could not be read")
        }
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type, is Int64.Type: return "an integer"
        case is Double.Type: return "a number"
        case is Bool.Type: return "true or false"
        case is [Any].Type: return "an array"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") { return "an array" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return name.contains("Dictionary") ? "an object" : "a \(name)"
        }
    }

    /// The grant the current route was called under (set by `APIBuilder` around the handler): every
    /// JSON response goes through its redaction, so a hidden field is absent whatever the handler built.
    @TaskLocal static var grant: AccessPolicy.Grant?

    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        try response(encoded: try encoder().encode(value), status: status)
    }

    /// A response from JSON already in the API's encoding (``WireJSON``), such as a stored check result.
    static func response(encoded: Data, status: HTTPResponse.Status = .ok) throws -> Response {
        var data = encoded
        if let grant { data = try Redaction.apply(grant, to: data) }
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: data))
        )
    }
}
