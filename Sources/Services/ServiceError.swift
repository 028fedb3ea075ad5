/// The one error type of the application services: a stable code, the offending field, and a
/// sentence a person can act on. The HTTP layer turns it into RFC 9457 problem details in one place.
public struct ServiceError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, Equatable {
        /// The input is malformed or breaks a rule; `field` says where.
        case validation
        /// The resource does not exist (or the caller may not know it does).
        case notFound
        /// The caller is known but may not do this.
        case forbidden
        /// No valid credentials.
        case unauthenticated
        /// The request contradicts stored state (duplicate, idempotency key reused with another body).
        case conflict
    }

    public let code: Code
    public let field: String?
    public let detail: String

    public init(_ code: Code, field: String? = nil, _ detail: String) {
        self.code = code
        self.field = field
        self.detail = detail
    }

    public static func invalid(_ field: String, _ detail: String) -> ServiceError {
        ServiceError(.validation, field: field, detail)
    }

    public var description: String {
        if let field { return "\(code.rawValue): \(field): \(detail)" }
        return "\(code.rawValue): \(detail)"
    }
}
