/// The one error type of the store (STYLE.md §4): a stable code plus what a person needs to act.
///
/// Descriptions carry field names, ids and codes, never personal data: they end up in logs.
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable, matchable codes; new ones may be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let invalidConfiguration = Code("invalid_configuration")
        public static let notFound = Code("not_found")
        public static let conflict = Code("conflict")
        public static let idempotencyMismatch = Code("idempotency_mismatch")
        public static let migrationChanged = Code("migration_changed")
        public static let referenceData = Code("reference_data")
        public static let invalidValue = Code("invalid_value")
        public static let auditChainBroken = Code("audit_chain_broken")
    }

    public let code: Code
    /// The field or column the problem is about, when there is one.
    public let field: String?
    public let detail: String

    public init(_ code: Code, field: String? = nil, detail: String) {
        self.code = code
        self.field = field
        self.detail = detail
    }

    public var description: String {
        if let field { return "\(code): \(field): \(detail)" }
        return "\(code): \(detail)"
    }
}
