/// The one error type of StayRules: a stable code, the offending field and, for lists, the index.
///
/// Messages name positions and expected formats only, never personal data (STYLE.md §4). Callers match on
/// `code`, never on `description`.
public struct StayError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable, extensible error code.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A stay's exit is before its entry.
        public static let exitBeforeEntry = Code(rawValue: "exit-before-entry")
        /// Two stays share a day other than an exit/re-entry day, or a stay follows an open stay.
        public static let overlappingStays = Code(rawValue: "overlapping-stays")
        /// A recorded entry or exit is after the day considered (`asOf`).
        public static let stayInFuture = Code(rawValue: "stay-in-future")
        /// An authorisation's validity ends before it begins.
        public static let invalidValidity = Code(rawValue: "invalid-validity")
        /// A count (days, entries) is out of range.
        public static let invalidCount = Code(rawValue: "invalid-count")
        /// A required field is missing.
        public static let missingField = Code(rawValue: "missing-field")
        /// A field has the wrong type or format (e.g. a date that is not `YYYY-MM-DD`).
        public static let invalidFormat = Code(rawValue: "invalid-format")
        /// The input line is not a JSON object.
        public static let invalidJSON = Code(rawValue: "invalid-json")
        /// The input is larger than the limits allow.
        public static let tooLarge = Code(rawValue: "too-large")
    }

    /// What went wrong.
    public let code: Code
    /// The offending field as a path, e.g. `stays[2].exit` or `authorisations[0].validUntil`.
    public let field: String
    /// The index in the list the field belongs to, when there is one.
    public let index: Int?
    /// What was expected, for a person fixing the input. Never contains personal data.
    public let detail: String

    /// Makes an error.
    public init(_ code: Code, field: String, index: Int? = nil, detail: String) {
        self.code = code
        self.field = field
        self.index = index
        self.detail = detail
    }

    public var description: String { "\(code) at \(field): \(detail)" }
}
