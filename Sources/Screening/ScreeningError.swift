/// The one error type of `Screening` (STYLE.md §4): a stable code the caller matches on, the
/// offending field, and a line number when the input came from a file. Never personal data.
public struct ScreeningError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong; new codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, RawRepresentable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let missingField = Code(rawValue: "missing_field")
        public static let invalidValue = Code(rawValue: "invalid_value")
        public static let invalidDate = Code(rawValue: "invalid_date")
        public static let birthDateInFuture = Code(rawValue: "birth_date_in_future")
        public static let invalidCode = Code(rawValue: "invalid_code")
        public static let unknownCategory = Code(rawValue: "unknown_category")
        public static let malformedJSON = Code(rawValue: "malformed_json")
        public static let tooLarge = Code(rawValue: "too_large")
    }

    public var code: Code
    /// The input field at fault, in the input's own spelling (`birthDate`, `aliases[1].surname`).
    public var field: String?
    /// 1-based line of the input file, when there is one.
    public var line: Int?
    /// What was expected; never the offending value itself (it may be personal data).
    public var detail: String?

    public init(_ code: Code, field: String? = nil, line: Int? = nil, detail: String? = nil) {
        self.code = code
        self.field = field
        self.line = line
        self.detail = detail
    }

    /// The same error, placed on a line of an input file.
    public func at(line: Int) -> ScreeningError {
        var copy = self
        copy.line = line
        return copy
    }

    public var description: String {
        var text = "screening error \(code)"
        if let line { text += " at line \(line)" }
        if let field { text += " in field \(field)" }
        if let detail { text += ": \(detail)" }
        return text
    }
}
