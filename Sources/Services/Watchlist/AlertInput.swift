import Foundation
import Screening
import Store
import TravelDocuments

/// An alert as a caller writes it (API body, import line): every field a string so that a wrong
/// value is reported with the field's name and what is expected, not as a decoding failure.
public struct AlertInput: Codable, Sendable, Hashable {
    /// The owning agency's own identifier (the import file's `id`).
    public var reference: String?
    /// `entry_ban`, `wanted_person` (or `wanted`), `missing_person` (or `missing`),
    /// `lost_stolen_document`, `stolen_vehicle`.
    public var category: String
    public var validFrom: Date?
    public var validUntil: Date?
    public var reason: String?
    /// `refuse`, `arrest`, `protect` or `inform`; default by category.
    public var action: String?
    public var surname: String?
    public var givenNames: String?
    public var patronymic: String?
    public var aliases: [AlertAlias]?
    public var birthDate: String?
    public var nationality: String?
    public var sex: String?
    public var documentNumber: String?
    public var issuingState: String?
    public var plate: String?

    public init(
        reference: String? = nil, category: String, validFrom: Date? = nil, validUntil: Date? = nil,
        reason: String? = nil, action: String? = nil, surname: String? = nil, givenNames: String? = nil,
        patronymic: String? = nil, aliases: [AlertAlias]? = nil, birthDate: String? = nil, nationality: String? = nil,
        sex: String? = nil, documentNumber: String? = nil, issuingState: String? = nil, plate: String? = nil
    ) {
        self.reference = reference
        self.category = category
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.reason = reason
        self.action = action
        self.surname = surname
        self.givenNames = givenNames
        self.patronymic = patronymic
        self.aliases = aliases
        self.birthDate = birthDate
        self.nationality = nationality
        self.sex = sex
        self.documentNumber = documentNumber
        self.issuingState = issuingState
        self.plate = plate
    }

    /// The most aliases one alert may carry (bounds the index work per alert).
    static let maximumAliases = 64

    /// Checks every field and builds the stored record; throws the first problem. Errors name the
    /// field (`aliases[1].surname`). ``checked(id:agencyId:version:createdAt:now:defaultReason:)`` gives them all.
    ///
    /// - Parameter defaultReason: used when `reason` is absent (imports of lists that carry none);
    ///   `nil` makes the reason required.
    func record(
        id: UUID, agencyId: UUID, version: Int, createdAt: Date, now: Date, defaultReason: String?
    ) throws(ServiceError) -> AlertRecord {
        switch checked(id: id, agencyId: agencyId, version: version, createdAt: createdAt, now: now, defaultReason: defaultReason) {
        case .success(let record): return record
        case .failure(let problems): throw problems.first
        }
    }

    /// Checks every field and builds the stored record, or reports every field that is wrong, in the
    /// order of the fields (an import names them all in one pass). A rule that needs another field's
    /// value (a stolen document needs its number) is checked only once that field is readable, so
    /// one mistake is reported once.
    func checked(
        id: UUID, agencyId: UUID, version: Int, createdAt: Date, now: Date, defaultReason: String?
    ) -> Result<AlertRecord, FieldProblems> {
        var problems = FieldProblems()
        let category = problems.check { () throws(ServiceError) -> AlertRecord.Category in
            guard let category = Self.category(self.category) else {
                throw .invalid(
                    "category",
                    "unknown category; use entry_ban, wanted_person, missing_person, lost_stolen_document or stolen_vehicle"
                )
            }
            return category
        }
        let action = problems.check { () throws(ServiceError) -> AlertRecord.Action in
            guard let given = self.action else { return category.flatMap { Self.defaultAction[$0] } ?? .inform }
            guard let parsed = AlertRecord.Action(rawValue: given) else {
                throw .invalid("action", "must be refuse, arrest, protect or inform")
            }
            return parsed
        }
        let reference = problems.check { () throws(ServiceError) -> String? in
            try self.reference.map { value throws(ServiceError) in try Validate.name(value, field: "reference", max: 100) }
        } ?? nil
        let reasonText = problems.check { () throws(ServiceError) -> String in
            guard let text = self.reason ?? defaultReason else {
                throw .invalid("reason", "is required: say why the alert is issued")
            }
            return try Validate.name(text, field: "reason", max: 1000)
        }
        let surname = problems.check { () throws(ServiceError) -> String? in try Self.optionalName(self.surname, field: "surname") }
        let givenNames = problems.check { () throws(ServiceError) -> String? in
            try Self.optionalName(self.givenNames, field: "givenNames")
        }
        let patronymic = problems.check { () throws(ServiceError) -> String? in
            try Self.optionalName(self.patronymic, field: "patronymic")
        }
        let aliasList = self.aliases ?? []
        var cleanAliases: [AlertAlias] = []
        if aliasList.count > Self.maximumAliases {
            problems.add(.invalid("aliases", "at most \(Self.maximumAliases) aliases"))
        } else {
            for (index, alias) in aliasList.enumerated() {
                let clean = problems.check { () throws(ServiceError) -> AlertAlias in
                    let aliasSurname = try Validate.name(alias.surname, field: "aliases[\(index)].surname", allowEmpty: true)
                    let aliasGiven = try Self.optionalName(alias.givenNames, field: "aliases[\(index)].givenNames")
                    if aliasSurname.isEmpty && aliasGiven == nil {
                        throw .invalid("aliases[\(index)].surname", "an alias needs a surname or given names")
                    }
                    return AlertAlias(
                        surname: aliasSurname, givenNames: aliasGiven,
                        patronymic: try Self.optionalName(alias.patronymic, field: "aliases[\(index)].patronymic")
                    )
                }
                if let clean { cleanAliases.append(clean) }
            }
        }
        let birthDate = problems.check { () throws(ServiceError) -> String? in
            try Self.nonEmpty(self.birthDate).map { value throws(ServiceError) in
                try Validate.birthDate(value, field: "birthDate", today: now)
            }
        } ?? nil
        let nationality = problems.check { () throws(ServiceError) -> String? in
            try Self.nonEmpty(self.nationality).map { value throws(ServiceError) in
                try Self.knownCountry(value, field: "nationality")
            }
        } ?? nil
        let sex = problems.check { () throws(ServiceError) -> String in
            try Self.nonEmpty(self.sex).map { value throws(ServiceError) in try Validate.sex(value, field: "sex") } ?? "X"
        }
        let documentNumber = problems.check { () throws(ServiceError) -> String? in
            try Self.nonEmpty(self.documentNumber).map { value throws(ServiceError) in
                let number = DocumentReference.normalizedNumber(value)
                guard (1...20).contains(number.count), number.count * 2 >= value.count else {
                    throw .invalid("documentNumber", "must be 1 to 20 letters and digits")
                }
                return number
            }
        }
        let issuingState = problems.check { () throws(ServiceError) -> String? in
            try Self.nonEmpty(self.issuingState).map { value throws(ServiceError) in
                try Self.knownCountry(value, field: "issuingState")
            }
        } ?? nil
        let plate = problems.check { () throws(ServiceError) -> String? in
            try Self.nonEmpty(self.plate).map { value throws(ServiceError) in
                let text = try Validate.name(value, field: "plate", max: 20)
                guard !PlateNormalizer.normalize(text).isEmpty else {
                    throw .invalid("plate", "must contain letters or digits")
                }
                return text
            }
        }
        // What the alert identifies: only judged when the fields it depends on could be read.
        if let surname, let givenNames, let documentNumber, let plate {
            let hasName = surname != nil || givenNames != nil || !cleanAliases.isEmpty || !aliasList.isEmpty
            if !hasName && documentNumber == nil && plate == nil {
                problems.add(.invalid("surname", "an alert needs a name, a document number or a plate"))
            } else {
                switch category {
                case .lostStolenDocument where documentNumber == nil:
                    problems.add(.invalid("documentNumber", "a lost or stolen document alert needs the document number"))
                case .stolenVehicle where plate == nil:
                    problems.add(.invalid("plate", "a stolen vehicle alert needs the number plate"))
                case .entryBan, .wantedPerson, .missingPerson:
                    if !hasName { problems.add(.invalid("surname", "a person alert needs the person's name")) }
                default:
                    break
                }
            }
        }
        let validFrom = self.validFrom ?? now
        if let validUntil, validUntil <= validFrom {
            problems.add(.invalid("validUntil", "must be after validFrom"))
        }
        guard problems.isEmpty, let category, let action, let reasonText, let surname, let givenNames,
            let patronymic, let sex, let documentNumber, let plate
        else { return .failure(problems) }
        return .success(
            AlertRecord(
                id: id, reference: reference, category: category, agencyId: agencyId, validFrom: validFrom,
                validUntil: validUntil, reason: reasonText, action: action, surname: surname, givenNames: givenNames,
                patronymic: patronymic, aliases: cleanAliases, birthDate: birthDate, nationality: nationality, sex: sex,
                documentNumber: documentNumber, issuingState: issuingState, plate: plate, status: .active,
                version: version, createdAt: createdAt, updatedAt: now
            )
        )
    }

    /// The canonical names, and the short forms of the screening benchmark files (`wanted`, `missing`).
    static func category(_ text: String) -> AlertRecord.Category? {
        switch text {
        case "wanted": return .wantedPerson
        case "missing": return .missingPerson
        default: return AlertRecord.Category(rawValue: text)
        }
    }

    /// What the officer does when an alert of the category carries no explicit action (SIS II practice:
    /// refuse entry, arrest for surrender, protect a missing person, seize or report objects).
    static let defaultAction: [AlertRecord.Category: AlertRecord.Action] = [
        .entryBan: .refuse, .wantedPerson: .arrest, .missingPerson: .protect, .lostStolenDocument: .inform,
        .stolenVehicle: .inform,
    ]

    static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        return value
    }

    static func optionalName(_ value: String?, field: String) throws(ServiceError) -> String? {
        guard let value = nonEmpty(value) else { return nil }
        return try Validate.name(value, field: field)
    }

    /// An ICAO 9303 code from the TravelDocuments list (ISO 3166-1 alpha-3 plus ICAO's codes such as
    /// `D`, `GBD`, `XXA`), or `UTO`, the specimen state of ICAO 9303's examples.
    static func knownCountry(_ value: String, field: String) throws(ServiceError) -> String {
        let code = try Validate.countryCode(value, field: field)
        guard CountryCode(code).isKnown || code == "UTO" else {
            throw .invalid(field, "unknown ICAO 9303 country code; use a code such as UKR, POL, D or XXA")
        }
        return code
    }
}

extension AlertRecord {
    /// What the matching core sees of the alert: its names, birth date, nationality, sex, document, plate.
    var screeningAlert: Alert {
        var names: [PersonName] = []
        if surname != nil || givenNames != nil {
            names.append(PersonName(surname: surname ?? "", givenNames: givenNames ?? "", patronymic: patronymic))
        }
        for alias in aliases {
            names.append(PersonName(surname: alias.surname, givenNames: alias.givenNames ?? "", patronymic: alias.patronymic))
        }
        let person = names.isEmpty
            ? nil
            : AlertPerson(
                names: names, birthDate: birthDate.flatMap(Self.screeningBirthDate), nationality: nationality,
                sex: Sex(parsing: sex) ?? .unknown
            )
        return Alert(
            id: Self.key(id), category: AlertCategory(rawValue: category.rawValue) ?? .entryBan, person: person,
            documents: documentNumber.map { [DocumentReference(number: $0, issuingState: issuingState)] } ?? [],
            plates: plate.map { [$0] } ?? []
        )
    }

    /// The screening form of a stored birth date (full, year and month, or year; `00`/`XX` parts unknown).
    /// Anything else stored long ago keeps its year, if it has one.
    static func screeningBirthDate(_ text: String) -> BirthDate? {
        if let date = BirthDate(iso: text) { return date }
        return Int(text.prefix(4)).flatMap { BirthDate(year: $0) }
    }

    /// The alert's id as the screening index knows it.
    static func key(_ id: UUID) -> String { id.uuidString.lowercased() }
}
