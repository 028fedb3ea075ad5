/// Why an MRZ could not be generated from fields: a stable code, the field, and what is expected.
public struct MRZError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Stable codes to match on.
    public enum Code: String, Sendable, Codable, Hashable {
        case invalidCharacters, tooLong, invalidLength, invalidDate, invalidSex, invalidCode, emptyName
        case formatMismatch
    }

    /// What went wrong.
    public let code: Code
    /// The field that cannot be written.
    public let field: MRZField
    /// What is expected (never the value given).
    public let message: String

    /// An error about a field.
    public init(_ code: Code, field: MRZField, message: String) {
        self.code = code
        self.field = field
        self.message = message
    }

    /// `field: message`.
    public var description: String { "\(field.rawValue): \(message)" }
}
