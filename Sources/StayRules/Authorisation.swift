/// A visa: validity, number of entries and duration of stay (Regulation (EC) No 810/2009, Visa Code,
/// Art. 24; Ukraine: Cabinet Resolution No 118 of 1 March 2017 on visas, types C and D).
public struct Visa: Hashable, Sendable, Codable {
    /// Short-stay (type C, "uniform" visa) or long-stay (type D, national) visa.
    public enum Kind: String, Hashable, Sendable, Codable {
        /// Type C: the days of stay count towards the 90/180 limit, which applies on top of the visa's own
        /// duration of stay (Schengen Borders Code Art. 6(1)(b)).
        case shortStay
        /// Type D: authorises a stay for its whole validity; the days do not count towards 90/180.
        case longStay
    }

    /// Number of entries the visa allows (Visa Code Art. 24(1)).
    public enum Entries: String, Hashable, Sendable, Codable {
        /// One entry (Visa Code Art. 24(1)).
        case single
        /// Two entries.
        case double
        /// Any number of entries within the validity.
        case multiple

        /// Entries allowed; `nil` for multiple entries.
        public var limit: Int? {
            switch self {
            case .single: 1
            case .double: 2
            case .multiple: nil
            }
        }
    }

    /// Short-stay (C) or long-stay (D).
    public var kind: Kind
    /// First day of validity (the holder may enter from this day).
    public var validFrom: CalendarDay
    /// Last day of validity (the holder must have left by the end of this day).
    public var validUntil: CalendarDay
    /// Entries allowed.
    public var entries: Entries
    /// Entries already made on this visa, as recorded by the border (EES Art. 16(2)(d)).
    public var entriesUsed: Int
    /// Duration of stay in days allowed within the validity (Visa Code Art. 24(1)); for a long-stay visa
    /// `nil` means the whole validity.
    public var durationOfStay: Int?

    /// Makes a visa; see `validated(index:)` for the checks.
    public init(
        kind: Kind = .shortStay, validFrom: CalendarDay, validUntil: CalendarDay, entries: Entries,
        entriesUsed: Int = 0, durationOfStay: Int?
    ) {
        self.kind = kind
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.entries = entries
        self.entriesUsed = entriesUsed
        self.durationOfStay = durationOfStay
    }

    /// Whether `day` is within the validity.
    public func isValid(on day: CalendarDay) -> Bool { validFrom <= day && day <= validUntil }

    /// Whether another entry is allowed (entries used below the limit).
    public var hasEntriesLeft: Bool { entries.limit.map { entriesUsed < $0 } ?? true }
}

/// A residence permit (temporary or permanent): authorises a stay for its validity, regardless of the 90/180
/// count (Schengen Borders Code Art. 2(16) and Art. 6(1)(b); Law of Ukraine "On the Legal Status of Foreigners
/// and Stateless Persons" Art. 4). Days covered by a permit are not short-stay days.
public struct ResidencePermit: Hashable, Sendable, Codable {
    /// Temporary or permanent residence.
    public enum Kind: String, Hashable, Sendable, Codable {
        /// Temporary residence.
        case temporary
        /// Permanent residence.
        case permanent
    }

    /// Temporary or permanent.
    public var kind: Kind
    /// First day of validity.
    public var validFrom: CalendarDay
    /// Last day of validity; `nil` for a permit without an end date (e.g. permanent residence).
    public var validUntil: CalendarDay?

    /// Makes a permit.
    public init(kind: Kind = .temporary, validFrom: CalendarDay, validUntil: CalendarDay?) {
        self.kind = kind
        self.validFrom = validFrom
        self.validUntil = validUntil
    }

    /// Whether `day` is within the validity.
    public func isValid(on day: CalendarDay) -> Bool { validFrom <= day && validUntil.map { day <= $0 } ?? true }
}

/// International or temporary protection: authorises a stay regardless of the 90/180 count.
///
/// Refugee status (1951 Geneva Convention; Directive 2011/95/EU Art. 13), complementary (subsidiary)
/// protection (Directive 2011/95/EU Art. 18; Ukraine: Law "On Refugees and Persons in Need of Complementary
/// or Temporary Protection" Art. 1), temporary protection (Directive 2001/55/EC Art. 4; Council Implementing
/// Decision (EU) 2022/382 for people displaced from Ukraine).
public struct ProtectionStatus: Hashable, Sendable, Codable {
    /// The kind of protection.
    public enum Kind: String, Hashable, Sendable, Codable {
        /// Refugee status (Geneva Convention 1951, Art. 1A).
        case refugee
        /// Complementary (subsidiary) protection.
        case complementary
        /// Temporary protection (Directive 2001/55/EC).
        case temporary
    }

    /// Refugee status, complementary or temporary protection.
    public var kind: Kind
    /// Day the protection was granted or began.
    public var validFrom: CalendarDay
    /// Last day of protection; `nil` while it has no end date (refugee status until ceased or revoked).
    public var validUntil: CalendarDay?

    /// Makes a protection status.
    public init(kind: Kind, validFrom: CalendarDay, validUntil: CalendarDay?) {
        self.kind = kind
        self.validFrom = validFrom
        self.validUntil = validUntil
    }

    /// Whether `day` is within the protection period.
    public func isValid(on day: CalendarDay) -> Bool { validFrom <= day && validUntil.map { day <= $0 } ?? true }
}

/// Anything that authorises a stay beyond, or instead of, visa-free travel.
///
/// Encoded flat with a `type` discriminator: `{"type": "visa", "validFrom": "2025-01-01", ...}`, `"type":
/// "residencePermit"` or `"type": "protection"`.
public enum Authorisation: Hashable, Sendable {
    /// A visa (short- or long-stay).
    case visa(Visa)
    /// A residence permit.
    case residencePermit(ResidencePermit)
    /// Refugee, complementary or temporary protection.
    case protection(ProtectionStatus)

    /// Checks validity ranges and counts; `index` is the position in the caller's list, used in the error.
    ///
    /// - Throws: `StayError` naming e.g. `authorisations[2].validUntil`.
    public func validate(index: Int) throws(StayError) {
        let field = "authorisations[\(index)]"
        func checkRange(_ from: CalendarDay, _ until: CalendarDay?) throws(StayError) {
            if let until, until < from {
                throw StayError(
                    .invalidValidity, field: "\(field).validUntil", index: index,
                    detail: "validUntil must be on or after validFrom")
            }
        }
        switch self {
        case .visa(let visa):
            try checkRange(visa.validFrom, visa.validUntil)
            guard visa.entriesUsed >= 0 else {
                throw StayError(
                    .invalidCount, field: "\(field).entriesUsed", index: index, detail: "expected 0 or more")
            }
            if let duration = visa.durationOfStay, duration < 1 {
                throw StayError(
                    .invalidCount, field: "\(field).durationOfStay", index: index, detail: "expected 1 or more")
            }
            if visa.kind == .shortStay, visa.durationOfStay == nil {
                throw StayError(
                    .missingField, field: "\(field).durationOfStay", index: index,
                    detail: "a short-stay visa states its duration of stay")
            }
        case .residencePermit(let permit):
            try checkRange(permit.validFrom, permit.validUntil)
        case .protection(let protection):
            try checkRange(protection.validFrom, protection.validUntil)
        }
    }

    /// Days on which this authorisation covers a stay outside the short-stay count, as a day-number range
    /// (`upper == Int.max` when open-ended); `nil` for a short-stay visa.
    var longTermCoverage: (lower: Int, upper: Int)? {
        switch self {
        case .visa(let visa):
            visa.kind == .longStay ? (visa.validFrom.daysSinceEpoch, visa.validUntil.daysSinceEpoch) : nil
        case .residencePermit(let permit):
            (permit.validFrom.daysSinceEpoch, permit.validUntil?.daysSinceEpoch ?? Int.max)
        case .protection(let protection):
            (protection.validFrom.daysSinceEpoch, protection.validUntil?.daysSinceEpoch ?? Int.max)
        }
    }
}

extension Authorisation: Codable {
    private enum TypeKey: String, CodingKey { case type }

    /// Decodes from a flat object with a `type` of `visa`, `residencePermit` or `protection`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: TypeKey.self)
        switch try container.decode(String.self, forKey: .type) {
        case "visa": self = .visa(try Visa(from: decoder))
        case "residencePermit": self = .residencePermit(try ResidencePermit(from: decoder))
        case "protection": self = .protection(try ProtectionStatus(from: decoder))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: container, debugDescription: "expected visa, residencePermit or protection")
        }
    }

    /// Encodes as a flat object with a `type` discriminator.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: TypeKey.self)
        switch self {
        case .visa(let visa):
            try container.encode("visa", forKey: .type)
            try visa.encode(to: encoder)
        case .residencePermit(let permit):
            try container.encode("residencePermit", forKey: .type)
            try permit.encode(to: encoder)
        case .protection(let status):
            try container.encode("protection", forKey: .type)
            try status.encode(to: encoder)
        }
    }
}
