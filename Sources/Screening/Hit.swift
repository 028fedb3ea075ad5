/// A traveller, document or vehicle that matched an alert, with the reasons a second-line officer
/// needs to confirm or dismiss it.
public struct Hit: Hashable, Sendable {
    public var alertID: String
    public var category: AlertCategory
    /// In [0, 1]: for a person, the product of the explanation's contributions (see ``ScoringPolicy``);
    /// for a document or plate, the one field's.
    public var score: Double
    public var explanation: Explanation

    public init(alertID: String, category: AlertCategory, score: Double, explanation: Explanation) {
        self.alertID = alertID
        self.category = category
        self.score = score
        self.explanation = explanation
    }
}

/// Why a hit scored what it did: one entry per compared field, with the factor each contributes.
public struct Explanation: Hashable, Sendable {
    public var fields: [FieldMatch]
    /// Which of the alert's names matched: 0 the recorded name, 1... its aliases.
    public var nameIndex: Int?
    /// True when surname and given names matched crosswise (written in the other order).
    public var swappedOrder: Bool

    public init(fields: [FieldMatch], nameIndex: Int? = nil, swappedOrder: Bool = false) {
        self.fields = fields
        self.nameIndex = nameIndex
        self.swappedOrder = swappedOrder
    }
}

/// The compared fields.
public enum MatchedField: String, Hashable, Sendable {
    case surname
    case givenNames = "given_names"
    case patronymic
    case birthDate = "birth_date"
    case nationality
    case sex
    case documentNumber = "document_number"
    case plate
}

/// How two values matched.
public enum MatchKind: Hashable, Sendable, CustomStringConvertible {
    /// Equal after case and MRZ formatting.
    case exact
    /// The alert is in Cyrillic (or another romanisation) and the traveller's spelling is one of
    /// its transliterations.
    case transliteration
    /// Another accepted spelling of the same name (diacritics folded, `MOHAMMED`/`MUHAMMAD`).
    case spellingVariant
    /// Another language's form of the same given name (`OLEKSANDR`/`ALEKSANDR`).
    case nameForm
    /// `n` edits (substitutions, insertions, deletions, transpositions) apart.
    case editDistance(Int)
    /// The traveller's word is the start of the alert's: the MRZ name field (39 characters) cut it.
    case truncated
    /// Birth date: see ``DateMatch``.
    case date(DateMatch)
    /// Document number equal once OCR-confusable characters are folded (`O`/`0`, `I`/`1`, ...).
    case ocrFolded
    /// Plate equal once spaces, dashes and Cyrillic look-alike letters are normalised.
    case normalized
    /// One side does not say (unknown sex, nationality `XXX`).
    case unknown
    /// The values differ.
    case different
    /// The alert's word had no counterpart in the traveller's name.
    case missing

    public var description: String {
        switch self {
        case .exact: return "exact"
        case .transliteration: return "transliteration variant"
        case .spellingVariant: return "spelling variant"
        case .nameForm: return "name form"
        case .editDistance(let n): return "edit distance \(n)"
        case .truncated: return "truncated"
        case .date(let match): return "date \(match.rawValue)"
        case .ocrFolded: return "OCR-folded"
        case .normalized: return "normalised"
        case .unknown: return "unknown"
        case .different: return "different"
        case .missing: return "missing"
        }
    }
}

/// One field's part of a hit.
public struct FieldMatch: Hashable, Sendable {
    public var field: MatchedField
    public var how: MatchKind
    /// The alert's value as compared (Latin spelling for names), and the traveller's.
    public var alertValue: String
    public var queryValue: String
    /// Similarity of the two values in [0, 1].
    public var similarity: Double
    /// This field's factor in the hit's score (1 = no doubt added; the score is the product).
    public var contribution: Double
    /// True when the traveller's value came from the other name field (surname written as given name).
    public var swapped: Bool
    /// True when the contribution was raised above what the similarity alone gives because other fields
    /// corroborate the match (``ScoringPolicy/corroboratedSlip``: one misread letter in a name whose full
    /// birth date agrees; ``ScoringPolicy/rareNameDateSlip``: a date slip on a name few alerts share).
    public var corroborated: Bool
    /// True when the contribution was lowered below what the similarity alone gives because other fields
    /// weaken it (``ScoringPolicy/commonNameLooseDate``: a loose birth-date agreement on a near spelling of a
    /// name many listed people carry).
    public var weakened: Bool

    public init(
        field: MatchedField, how: MatchKind, alertValue: String, queryValue: String,
        similarity: Double, contribution: Double, swapped: Bool = false, corroborated: Bool = false, weakened: Bool = false
    ) {
        self.field = field
        self.how = how
        self.alertValue = alertValue
        self.queryValue = queryValue
        self.similarity = similarity
        self.contribution = contribution
        self.swapped = swapped
        self.corroborated = corroborated
        self.weakened = weakened
    }
}
