/// A traveller to screen: the name as read from the document (MRZ `A`-`Z`, or the visual zone in
/// any script), birth date, nationality and sex.
public struct PersonQuery: Hashable, Sendable {
    public var surname: String
    public var givenNames: String
    public var birthDate: BirthDate?
    public var nationality: String?
    public var sex: Sex

    public init(surname: String, givenNames: String = "", birthDate: BirthDate? = nil, nationality: String? = nil, sex: Sex = .unknown) {
        self.surname = surname
        self.givenNames = givenNames
        self.birthDate = birthDate
        self.nationality = nationality
        self.sex = sex
    }
}

/// How the parts of a person hit combine. The score is a product of factors in [0, 1]:
/// `name × birthDate × nationality × sex`. A product, not a weighted sum, because the evidence
/// multiplies: a name one edit away is convincing with the same birth date and weak with a date one
/// digit off, where a million-alert list holds a namesake of most common names; a sum would let a
/// strong date carry a weak name (or the reverse) past the threshold.
public struct ScoringPolicy: Hashable, Sendable {
    /// Default operating point.
    public var threshold = 0.80
    /// Birth-date factors. Transposed and OCR-confusable digits score below the default threshold even with
    /// every other field equal: on a million-alert list about one namesake in thirty has a birth date one
    /// such slip away from a listed person's (measured on the shared generator's namesakes), so at the default
    /// operating point they would outnumber the true hits; at a threshold of 0.75 they are reported, explained.
    public var birthDateFactors: [DateMatch: Double] = [
        .exact: 1.0, .sameMonth: 0.93, .dayMonthSwapped: 0.92, .oneDigitOff: 0.9, .sameYear: 0.9, .unknown: 0.85,
        .digitsTransposed: 0.78, .ocrDigit: 0.77, .different: 0.55,
    ]
    /// Same nationality, unknown (`XXX` or absent), different: dual citizens travel on either passport.
    public var nationalityFactors = (same: 1.0, unknown: 0.97, different: 0.9)
    /// Same sex, unknown, different: sex is recorded wrongly now and then, but rarely.
    public var sexFactors = (same: 1.0, unknown: 0.97, different: 0.8)

    public init() {}

    func dateFactor(_ match: DateMatch) -> Double { birthDateFactors[match] ?? 0.55 }

    /// The highest score a candidate whose birth date is `.different` can reach.
    var ceilingWithoutDate: Double { dateFactor(.different) }

    public static func == (lhs: ScoringPolicy, rhs: ScoringPolicy) -> Bool {
        lhs.threshold == rhs.threshold && lhs.birthDateFactors == rhs.birthDateFactors
            && lhs.nationalityFactors == rhs.nationalityFactors && lhs.sexFactors == rhs.sexFactors
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(threshold)
        hasher.combine(birthDateFactors)
    }
}
