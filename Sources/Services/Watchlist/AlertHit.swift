import Foundation
import Screening
import Store

/// Who or what was screened, as remembered false positives are keyed: a known person, a document
/// (issuing state and number) or a number plate.
public struct ScreeningSubject: Hashable, Sendable, CustomStringConvertible {
    /// `person:<uuid>`, `document:<state>:<number>` or `plate:<normalised plate>`.
    public let key: String

    /// A key as another service spells it (the border check's `subjectKey`); used as it is.
    public init(key: String) { self.key = key }

    public static func person(_ id: UUID) -> ScreeningSubject { ScreeningSubject(key: "person:" + AlertRecord.key(id)) }

    /// The number as `DocumentReference.normalizedNumber` folds it, so `AB 123` and `AB123` are one subject.
    public static func document(number: String, issuingState: String?) -> ScreeningSubject {
        ScreeningSubject(key: "document:\(issuingState ?? ""):\(DocumentReference.normalizedNumber(number))")
    }

    /// The plate as `PlateNormalizer` folds it (spaces, dashes, Cyrillic look-alikes).
    public static func plate(_ plate: String) -> ScreeningSubject {
        ScreeningSubject(key: "plate:" + PlateNormalizer.normalize(plate))
    }

    public var description: String { key }
}

/// A screening hit with what the store knows of the alert: which version matched, who owns it and
/// what the officer must do. `hit.explanation` says why it matched, field by field.
public struct AlertHit: Hashable, Sendable, Encodable {
    public var alertId: UUID
    public var alertVersion: Int
    public var category: AlertRecord.Category
    public var action: AlertRecord.Action
    public var agencyId: UUID
    public var hit: Hit

    public var score: Double { hit.score }

    enum CodingKeys: String, CodingKey {
        case alertId, alertVersion, category, action, agencyId, score, explanation
    }

    struct FieldView: Encodable {
        var field: String
        var how: String
        var alertValue: String
        var queryValue: String
        var similarity: Double
        var contribution: Double
        var swapped: Bool
        /// The contribution was raised because other fields corroborate the match (a misread letter with
        /// the full birth date agreeing; a date slip on a name few alerts share).
        var corroborated: Bool
        /// The contribution was lowered because many listed people would agree with this loose value by chance
        /// (a year-only or slipped birth date on a common name, not exactly spelt).
        var weakened: Bool
    }

    struct ExplanationView: Encodable {
        var fields: [FieldView]
        var nameIndex: Int?
        var swappedOrder: Bool
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(alertId, forKey: .alertId)
        try container.encode(alertVersion, forKey: .alertVersion)
        try container.encode(category, forKey: .category)
        try container.encode(action, forKey: .action)
        try container.encode(agencyId, forKey: .agencyId)
        try container.encode((hit.score * 10_000).rounded() / 10_000, forKey: .score)
        let explanation = ExplanationView(
            fields: hit.explanation.fields.map { field in
                FieldView(
                    field: field.field.rawValue, how: field.how.description, alertValue: field.alertValue,
                    queryValue: field.queryValue, similarity: (field.similarity * 10_000).rounded() / 10_000,
                    contribution: (field.contribution * 10_000).rounded() / 10_000, swapped: field.swapped,
                    corroborated: field.corroborated, weakened: field.weakened
                )
            },
            nameIndex: hit.explanation.nameIndex, swappedOrder: hit.explanation.swappedOrder
        )
        try container.encode(explanation, forKey: .explanation)
    }
}
