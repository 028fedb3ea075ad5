/// Sex as printed in an MRZ (ICAO 9303 Part 4 §4.2.2): `M`, `F`, or `<` / `X` for unspecified.
public enum MRZSex: String, Sendable, Codable, Hashable, CaseIterable {
    case male = "M"
    case female = "F"
    /// `<` in the MRZ (or a literal `X`), reported as `X`.
    case unspecified = "X"
}

/// The fields of a machine-readable zone, read as printed (fillers removed).
public struct MRZDocument: Hashable, Sendable {
    /// The layout the zone was read as.
    public let format: MRZFormat
    /// Positions 1-2, trailing `<` removed: `P`, `PO`, `I`, `ID`, `V`, ...
    public let documentCode: String
    /// Issuing state or organisation (positions 3-5 of line 1), fillers removed.
    public let issuingState: CountryCode
    /// Primary identifier: the name field up to the first `<<`, inner `<` as spaces.
    public let surname: String
    /// Secondary identifier: the rest, runs of `<` as single spaces.
    public let givenNames: String
    /// Fillers removed; for TD1/TD2 long document numbers (Parts 5 and 6) the overflow characters appended.
    public let documentNumber: String
    /// Nationality of the holder, fillers removed.
    public let nationality: CountryCode
    /// Date of birth, as printed and resolved (never after `asOf`).
    public let birthDate: MRZDate
    /// `nil` when the sex position holds something other than `M`, `F`, `<` or `X` (reported as a problem).
    public let sex: MRZSex?
    /// The sex character as printed (`<` shown as `X`), kept for reports when `sex` is nil.
    public let sexCharacter: String
    /// Date of expiry, as printed and resolved.
    public let expiryDate: MRZDate
    /// TD3 personal number, TD1 line-1 optional data, TD2 and visa optional data; trailing fillers removed.
    public let optionalData: String
    /// TD1 only: line-2 optional data (positions 19-29).
    public let optionalData2: String?
    /// The name field is full to its last position, so the name may have been truncated (Part 3 §4.6).
    public let nameMayBeTruncated: Bool
}

/// The outcome of each check digit the format has, reported separately (ICAO 9303 Part 3 §4.9).
public struct MRZChecks: Hashable, Sendable, Codable {
    /// Document-number check digit (over the full number for TD1/TD2 long numbers).
    public let documentNumber: Bool
    /// Birth-date check digit.
    public let birthDate: Bool
    /// Expiry-date check digit.
    public let expiryDate: Bool
    /// TD3 personal-number check digit; nil for other formats.
    public let optionalData: Bool?
    /// TD1, TD2, TD3 composite check digit; nil for visas.
    public let composite: Bool?

    /// Whether every check digit the format has verifies.
    public var allPass: Bool {
        documentNumber && birthDate && expiryDate && optionalData != false && composite != false
    }
}

/// What `MRZ.parse` returns: always a value, with the problems found (ICAO 9303 input is untrusted).
public struct MRZParseResult: Hashable, Sendable {
    /// The format, nil when the structure could not be recognised.
    public let format: MRZFormat?
    /// The fields, nil when the structure could not be parsed (line count, lengths, characters, format).
    public let document: MRZDocument?
    /// The check digits, nil with `document`.
    public let checks: MRZChecks?
    /// Everything that makes the zone invalid.
    public let problems: [MRZProblem]
    /// Things worth telling that do not make it invalid (unknown country codes, a possibly truncated name).
    public let warnings: [MRZProblem]
    /// Lenient mode: the changes made to the input before reading it (empty in strict mode).
    public let repairs: [MRZRepair]
    /// The lines that were read (after lenient repairs).
    public let lines: [String]

    /// Valid: parsed, every check digit verifies, dates are real, sex and codes well formed.
    public var isValid: Bool { document != nil && problems.isEmpty }
}
