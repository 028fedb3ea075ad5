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

/// Weights and tolerances of the person score. The score is
/// `name·wName + birthDate·wBirth + nationality·wNationality + sex·wSex` with weights summing to 1,
/// each part in [0, 1]; see ``ScreeningIndex/screen(_:threshold:limit:suppressed:)``.
public struct ScoringPolicy: Hashable, Sendable {
    public var nameWeight = 0.45
    public var birthDateWeight = 0.40
    public var nationalityWeight = 0.08
    public var sexWeight = 0.07
    /// Default operating point. A namesake with an incompatible birth date scores at most
    /// `nameWeight + nationalityWeight + sexWeight` (0.60): below it by design.
    public var threshold = 0.68

    public init() {}

    /// Birth-date part by kind of date match.
    func dateScore(_ match: DateMatch) -> Double {
        switch match {
        case .exact: return 1
        case .dayMonthSwapped: return 0.85
        case .sameYear, .oneDigitOff: return 0.8
        case .unknown: return 0.5
        case .different: return 0
        }
    }

    /// The highest score a candidate whose birth date is `.different` can reach.
    var ceilingWithoutDate: Double { nameWeight + nationalityWeight + sexWeight }
}
