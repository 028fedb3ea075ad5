/// Every problem of one input, field by field, in the order the fields are checked: a bulk import
/// reports all of a record's mistakes in one pass instead of the first one only.
struct FieldProblems: Error, Sendable, Equatable {
    private(set) var errors: [ServiceError] = []

    var isEmpty: Bool { errors.isEmpty }

    /// The first problem (what a single create or update reports).
    var first: ServiceError { errors.first ?? .invalid("input", "is invalid") }

    mutating func add(_ error: ServiceError) { errors.append(error) }

    /// Runs one field's check: its value, or `nil` with the problem recorded.
    mutating func check<Value>(_ body: () throws(ServiceError) -> Value) -> Value? {
        do {
            return try body()
        } catch {
            errors.append(error)
            return nil
        }
    }
}
