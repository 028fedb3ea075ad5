/// A watchlist entry, as SIS and Interpol keep them: a person, a document or a vehicle that a
/// border check must stop on.
///
/// `Alert` holds only what screening needs to match; ownership, validity and the action to take
/// live with the store's record. An alert is a value: an update is a new value upserted into the
/// ``ScreeningIndex`` under the same ``id``.
public struct Alert: Hashable, Sendable {
    /// Stable identifier given by the store (or the import file).
    public var id: String
    public var category: AlertCategory
    /// The person the alert is about; `nil` for document and vehicle alerts.
    public var person: AlertPerson?
    /// Documents reported lost, stolen or invalidated, or carried by the person.
    public var documents: [DocumentReference]
    /// Number plates of stolen vehicles.
    public var plates: [String]

    public init(
        id: String,
        category: AlertCategory,
        person: AlertPerson? = nil,
        documents: [DocumentReference] = [],
        plates: [String] = []
    ) {
        self.id = id
        self.category = category
        self.person = person
        self.documents = documents
        self.plates = plates
    }

    /// Checks what an alert must have to be screenable, so a bad record is refused whole
    /// instead of silently never matching.
    ///
    /// - Throws: ``ScreeningError`` naming the field: no name and no document number and no plate,
    ///   an empty id, a birth date after `today`, a nationality that is not an ICAO 9303 code shape.
    public func validate(today: BirthDate? = nil) throws(ScreeningError) {
        if id.isEmpty { throw ScreeningError(.missingField, field: "id") }
        let hasName = person?.names.contains { !$0.isEmpty } ?? false
        let hasDocument = documents.contains { !DocumentReference.normalizedNumber($0.number).isEmpty }
        let hasPlate = plates.contains { !PlateNormalizer.normalize($0).isEmpty }
        if !hasName && !hasDocument && !hasPlate {
            throw ScreeningError(.missingField, field: "surname", detail: "an alert needs a name, a document number or a plate")
        }
        if let person {
            if let today, let birth = person.birthDate, birth.isAfter(today) {
                throw ScreeningError(.birthDateInFuture, field: "birthDate")
            }
            if let nationality = person.nationality, !NationalityCode.isWellFormed(nationality) {
                throw ScreeningError(.invalidCode, field: "nationality", detail: "expected an ICAO 9303 code of 1-3 letters")
            }
        }
        for (index, document) in documents.enumerated() {
            if let state = document.issuingState, !NationalityCode.isWellFormed(state) {
                throw ScreeningError(.invalidCode, field: "documents[\(index)].issuingState")
            }
        }
    }
}

/// The five alert categories of SIS II (Regulation (EU) 2018/1862 Art. 26, 32, 38) and the
/// Interpol notices they mirror.
public enum AlertCategory: String, Hashable, Sendable, CaseIterable, Codable {
    case entryBan = "entry_ban"
    case wantedPerson = "wanted_person"
    case missingPerson = "missing_person"
    case lostStolenDocument = "lost_stolen_document"
    case stolenVehicle = "stolen_vehicle"

    /// Parses the canonical name, and the short forms the benchmark files use (`wanted`, `missing`).
    public init?(parsing text: String) {
        switch text {
        case "wanted": self = .wantedPerson
        case "missing": self = .missingPerson
        default: self.init(rawValue: text)
        }
    }
}

/// Sex as printed in the MRZ (ICAO 9303 Part 4 §4.2.2): `M`, `F` or `<` (unspecified, here `.unknown`).
public enum Sex: String, Hashable, Sendable, Codable {
    case male = "M"
    case female = "F"
    case unknown = "U"

    /// Accepts `M`, `F`, `X`, `<`, `U` and an empty string (the last three as `.unknown`).
    public init?(parsing text: String) {
        switch text.uppercased() {
        case "M": self = .male
        case "F": self = .female
        case "U", "X", "<", "": self = .unknown
        default: return nil
        }
    }
}

/// One way of writing a person's name: surname(s), given name(s) and, for East Slavic names,
/// the patronymic. Any script; screening folds and transliterates it.
public struct PersonName: Hashable, Sendable {
    public var surname: String
    public var givenNames: String
    public var patronymic: String?

    public init(surname: String, givenNames: String = "", patronymic: String? = nil) {
        self.surname = surname
        self.givenNames = givenNames
        self.patronymic = patronymic
    }

    /// True when neither surname nor given names hold a letter.
    public var isEmpty: Bool {
        !(surname + givenNames).unicodeScalars.contains { $0.properties.isAlphabetic }
    }
}

/// The person an alert is about. `names[0]` is the name as recorded; the rest are aliases
/// (other spellings, other surnames, other given names of the same person).
public struct AlertPerson: Hashable, Sendable {
    public var names: [PersonName]
    public var birthDate: BirthDate?
    /// ICAO 9303 code (`D` for Germany, `XXA` stateless, `XXX` unspecified).
    public var nationality: String?
    public var sex: Sex

    public init(names: [PersonName], birthDate: BirthDate? = nil, nationality: String? = nil, sex: Sex = .unknown) {
        self.names = names
        self.birthDate = birthDate
        self.nationality = nationality
        self.sex = sex
    }
}

/// A travel document an alert names: number and, when known, issuing state (ICAO 9303 code).
public struct DocumentReference: Hashable, Sendable {
    public var number: String
    public var issuingState: String?

    public init(number: String, issuingState: String? = nil) {
        self.number = number
        self.issuingState = issuingState
    }

    /// Upper-case letters and digits only: MRZ fillers, spaces and dashes are not part of a number.
    public static func normalizedNumber(_ number: String) -> String {
        var out = ""
        for scalar in number.unicodeScalars {
            switch scalar.value {
            case 0x30...0x39, 0x41...0x5A: out.unicodeScalars.append(scalar)
            case 0x61...0x7A: out.unicodeScalars.append(Unicode.Scalar(scalar.value - 32) ?? scalar)
            default: continue
            }
        }
        return out
    }
}

/// Shape check for ICAO 9303 Part 3 §5 codes: one to three upper-case letters (`D`, `GBD`, `XXA`).
/// Whether the code is assigned is the TravelDocuments country table's business.
enum NationalityCode {
    static func isWellFormed(_ code: String) -> Bool {
        let scalars = code.unicodeScalars
        return (1...3).contains(scalars.count) && scalars.allSatisfy { (0x41...0x5A).contains($0.value) }
    }

    /// `XXX` and an absent code say nothing about the person's state, nor do the codes ICAO Doc 9303 Part 3 §5
    /// gives a holder instead of a nationality: `XXA` (stateless person, 1954 Convention), `XXB` (refugee, 1951
    /// Convention) and `XXC` (other refugee). A refugee's travel document says `XXB` where the notice, written
    /// before he fled, says `SYR`: that is one person's history, not a disagreement.
    static func isUnspecified(_ code: String?) -> Bool {
        guard let code else { return true }
        switch code {
        case "", "XXX", "XXA", "XXB", "XXC": return true
        default: return false
        }
    }

    /// Whether two codes name one state. A notice and a passport often write the same one differently: Germany
    /// is `D` in the machine-readable zone (ICAO Doc 9303 Part 3, §5) and `DEU` in ISO 3166-1, which other
    /// agencies' systems use; old records keep codes ICAO retired: `ROM` (Romania, `ROU` since 2002), `ZAR`
    /// (Zaire, now `COD`), `TMP` (East Timor, now `TLS`); Kosovo is `RKS` in Doc 9303, `XKX` or `XKS` elsewhere.
    /// This is all, for a nationality as for a document's issuer: a Hong Kong passport and a Chinese one are
    /// different issuers, and which code a notice gives a Hong Kong resident or a holder of a British nationality
    /// class (`GBD`, `GBN`…) varies; pairing `HKG` and `MAC` with `CHN` was measured on the evaluation sets of
    /// issue 14 and added two false hits and no true one.
    static func sameState(_ first: String?, _ second: String?) -> Bool {
        guard let first, let second else { return first == second }
        return first == second || stateAlias(first) == stateAlias(second)
    }

    private static func stateAlias(_ code: String) -> String {
        switch code {
        case "DEU": "D"
        case "ROM": "ROU"
        case "ZAR": "COD"
        case "TMP": "TLS"
        case "XKX", "XKS": "RKS"
        default: code
        }
    }
}
