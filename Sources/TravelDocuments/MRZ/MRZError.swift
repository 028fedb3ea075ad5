/// Why an MRZ could not be generated from fields: a stable code, the field, and what is expected.
public struct MRZError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable, Codable, Hashable {
        case invalidCharacters, tooLong, invalidLength, invalidDate, invalidSex, invalidCode, emptyName
        case formatMismatch
    }

    public let code: Code
    public let field: MRZField
    public let message: String

    public init(_ code: Code, field: MRZField, message: String) {
        self.code = code
        self.field = field
        self.message = message
    }

    public var description: String { "\(field.rawValue): \(message)" }
}
