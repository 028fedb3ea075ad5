import Foundation

/// How a second-line officer resolves a hit: confirmed, or not the same person, with a reason chosen
/// from a list and free text (issue 16 item 1). The list is what officers tick most; "other" needs words.
public struct HitReview: Sendable, Hashable {
    public let resolution: String
    /// The stored note: the reason's label, then the officer's own words.
    public let note: String

    /// One reason on the list.
    public struct Reason: Sendable, Hashable, Codable {
        public let code: String
        public let resolution: String
        public let label: String
    }

    public static let reasons: [Reason] = [
        .init(code: "identity_confirmed", resolution: "confirmed", label: "Identity confirmed against the alert"),
        .init(code: "document_confirmed", resolution: "confirmed", label: "The document is the one the alert names"),
        .init(code: "vehicle_confirmed", resolution: "confirmed", label: "The vehicle is the one the alert names"),
        .init(code: "other_confirmed", resolution: "confirmed", label: "Other (explain)"),
        .init(code: "different_birth_date", resolution: "false_positive", label: "Date of birth differs"),
        .init(code: "different_nationality", resolution: "false_positive", label: "Nationality differs"),
        .init(code: "different_appearance", resolution: "false_positive", label: "Photo and appearance differ from the alert"),
        .init(code: "different_document", resolution: "false_positive", label: "Another document than the one reported"),
        .init(code: "other_not_same", resolution: "false_positive", label: "Other (explain)"),
    ]

    /// Checks a review before anything is stored, so a refused review changes nothing.
    /// - A reason, when given, must be one of the list and fit the resolution; "other" needs a note.
    /// - Not the same person needs a reason or a note: it silences the alert for this person until
    ///   the alert changes, and the next officer must see why.
    public init(resolution: String, reason: String?, note: String?) throws(ServiceError) {
        guard ["confirmed", "false_positive"].contains(resolution) else {
            throw .invalid("resolution", "must be confirmed or false_positive")
        }
        let text = try Validate.name(note ?? "", field: "note", allowEmpty: true, max: 2000)
        var label: String?
        if let code = reason.flatMap({ $0.isEmpty ? nil : $0 }) {
            guard let found = Self.reasons.first(where: { $0.code == code }) else {
                throw .invalid("reason", "unknown reason; choose one of the list")
            }
            guard found.resolution == resolution else {
                throw .invalid("reason", "'\(found.label)' is not a reason for \(resolution == "confirmed" ? "confirming" : "dismissing") a hit")
            }
            if code.hasPrefix("other"), text.isEmpty { throw .invalid("note", "say why, in a few words") }
            label = found.label
        }
        if resolution == "false_positive", label == nil, text.isEmpty {
            throw .invalid("reason", "say why this is not the same person: choose a reason or write a note")
        }
        self.resolution = resolution
        self.note = [label, text.isEmpty ? nil : text].compactMap { $0 }.joined(separator: ": ")
    }
}
