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

    /// Share of a misread name word's shortfall kept when the full birth date agrees exactly and neither
    /// nationality nor sex disagrees (``NameComparison/forgiveOneSlip(name:keeping:)``): one letter
    /// misread by OCR or mistyped (IHOR read INOR, IRYNA typed IYNA) costs half what it costs alone. Among
    /// ~25,000 possible birth dates of living people, a listed person with the traveller's surname and
    /// full birth date whose given name is one letter from the traveller's is almost always the traveller.
    public var corroboratedSlip = 0.5

    /// One garbled word, two letters misread (KMTAR for KUMAR, NASICRV for NASIROV, LHM for ILHAM): beyond the
    /// one edit a word of up to five letters is allowed alone, so the word would count as missing and the name
    /// fail. When the full birth date is the same, the nationality the same, the sex does not disagree, the
    /// traveller's word is not itself a listed name, and every other word of the name agrees (similarity at least
    /// `otherWords`: exact or another script's or system's spelling, no second misread), the word is compared
    /// with two edits tolerated and its shortfall counts `keeping` of itself. A namesake would need the same
    /// given name (or surname), the same full birth date, the same nationality and a near name: about one in
    /// 29,000 dates times one near name among the few sharing the rest.
    public var corroboratedGarble = (keeping: 0.5, otherWords: 0.97)

    /// A full birth date with two digits transposed or one OCR-confusable digit (factors below the threshold
    /// on their own) counts as ``DateMatch/oneDigitOff`` when nothing else is in doubt (the name agrees, name
    /// factor at least `minimumName`: exact or another script's spelling, not a name form or a misread
    /// letter; the same nationality and sex) and the name is rare on the list: at most `namesakes` alerts carry it. Such a slip reaches about
    /// 14 of the ~29,000 birth dates of eighty years, so with 3 namesakes the chance that one of them was born
    /// on a slip's date by coincidence is about 0.15 %. The bound is low because travellers who share a
    /// listed person's name are mostly namesakes (on a million-alert list, about twenty namesakes cross for
    /// every listed person): with tens of namesakes (KILIC RAMAZAN) the coincidences outnumber the slips,
    /// with hundreds (IVANOV IVAN, WANG WEI) they are certain, and the slip stays below the threshold.
    /// Not for a year-only notice: a transposed year covers 365 dates, not one.
    public var rareNameDateSlip = (namesakes: 3, minimumName: 0.98)

    /// A loose birth-date agreement (the year of a year-only notice, the month, one digit off, day and month
    /// exchanged) on a name spelt differently from the alert's (a word below 0.99: not the same spelling or
    /// another script's, but a near spelling, another language's form or a misread letter), or on its words
    /// matched in the other fields (surname as given name: FANG LI and LI FANG are two names) proves less when
    /// many listed people carry the name: each of them agrees with such a date by chance (one in ~70 for a
    /// year, see ``chanceOfAgreement(_:)``), and the traveller is as likely one of the many people spelt his
    /// way. When the namesakes counted when the index was built times that chance reach `expectedNamesakes`,
    /// the date contributes `factor` instead of its usual factor, and the explanation says so (`weakened`).
    /// WOLF THOMAS born 1983 against a notice for WOLFF THOMAS, 1983, of whom the list holds 60: 0.97 × 0.82,
    /// not reported; a rare name (MALASHEVICH ALIAKSANDRA) or the same spelling (the name agrees, only the
    /// date is loose) keep the usual factor.
    public var commonNameLooseDate = (expectedNamesakes: 0.2, factor: 0.82)

    /// The chance that a stranger's full birth date agrees with a listed person's in this way: about 70 birth
    /// years in a list, 12 months, ~14 of ~25,000 dates one digit off or with day and month exchanged.
    /// `nil` for the exact date and the kinds that already score below the threshold.
    public static func chanceOfAgreement(_ match: DateMatch) -> Double? {
        switch match {
        case .sameYear: return 1.0 / 70
        case .sameMonth: return 1.0 / 840
        case .oneDigitOff, .dayMonthSwapped: return 14.0 / 25_000
        default: return nil
        }
    }

    public init() {}

    func dateFactor(_ match: DateMatch) -> Double { birthDateFactors[match] ?? 0.55 }

    /// The highest score a candidate whose birth date is `.different` can reach.
    var ceilingWithoutDate: Double { dateFactor(.different) }

    public static func == (lhs: ScoringPolicy, rhs: ScoringPolicy) -> Bool {
        lhs.threshold == rhs.threshold && lhs.birthDateFactors == rhs.birthDateFactors
            && lhs.corroboratedSlip == rhs.corroboratedSlip && lhs.rareNameDateSlip == rhs.rareNameDateSlip
            && lhs.corroboratedGarble == rhs.corroboratedGarble && lhs.commonNameLooseDate == rhs.commonNameLooseDate
            && lhs.nationalityFactors == rhs.nationalityFactors && lhs.sexFactors == rhs.sexFactors
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(threshold)
        hasher.combine(birthDateFactors)
    }
}
