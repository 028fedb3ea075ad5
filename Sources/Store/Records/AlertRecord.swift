import Foundation

/// A watchlist entry as the store keeps it (issue 5): who or what to stop, which agency owns it,
/// how long it holds, why, and what the officer must do on a hit.
///
/// The matching core (`Screening.Alert`) sees only the identifying data; ownership, validity, reason
/// and action stay here. Every change makes a new `version`.
public struct AlertRecord: Codable, Hashable, Sendable {
    public var id: UUID
    /// The owning agency's own identifier (the import file's `id`), unique per agency.
    public var reference: String?
    public var category: Category
    public var agencyId: UUID
    public var validFrom: Date
    public var validUntil: Date?
    public var reason: String
    public var action: Action
    /// The name as recorded, in any script (Cyrillic, Latin with diacritics, …).
    public var surname: String?
    public var givenNames: String?
    public var patronymic: String?
    public var aliases: [AlertAlias]
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY` (only the year known).
    public var birthDate: String?
    /// ICAO 9303 code.
    public var nationality: String?
    /// `M`, `F` or `X` (unknown / unspecified).
    public var sex: String
    public var documentNumber: String?
    public var issuingState: String?
    public var plate: String?
    public var status: Status
    /// 1 on creation, +1 on every change.
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    /// The five categories of SIS II (Regulation (EU) 2018/1862 Art. 26, 32, 38, and Regulation
    /// (EU) 2018/1861 Art. 24 for refusals of entry) and the Interpol notices they mirror.
    public enum Category: String, Codable, Hashable, Sendable, CaseIterable {
        case entryBan = "entry_ban"
        case wantedPerson = "wanted_person"
        case missingPerson = "missing_person"
        case lostStolenDocument = "lost_stolen_document"
        case stolenVehicle = "stolen_vehicle"
    }

    /// What the officer does on a confirmed hit.
    public enum Action: String, Codable, Hashable, Sendable, CaseIterable {
        case refuse
        case arrest
        case protect
        case inform
    }

    public enum Status: String, Codable, Hashable, Sendable, CaseIterable {
        case active
        case withdrawn
    }

    public init(
        id: UUID = UUID(), reference: String?, category: Category, agencyId: UUID, validFrom: Date, validUntil: Date?,
        reason: String, action: Action, surname: String?, givenNames: String?, patronymic: String?,
        aliases: [AlertAlias], birthDate: String?, nationality: String?, sex: String, documentNumber: String?,
        issuingState: String?, plate: String?, status: Status, version: Int, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.reference = reference
        self.category = category
        self.agencyId = agencyId
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
        self.status = status
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// True when the alert is active and `date` lies in its validity period.
    public func isInForce(at date: Date) -> Bool {
        status == .active && validFrom <= date && (validUntil.map { date < $0 } ?? true)
    }
}

/// Another name of the person an alert is about (other spelling, other surname, other given names).
public struct AlertAlias: Codable, Hashable, Sendable {
    public var surname: String
    public var givenNames: String?
    public var patronymic: String?

    public init(surname: String, givenNames: String? = nil, patronymic: String? = nil) {
        self.surname = surname
        self.givenNames = givenNames
        self.patronymic = patronymic
    }
}

/// One row of `alert_change`: alert `alertId` reached `version`.
public struct AlertChange: Hashable, Sendable {
    public var seq: Int64
    public var alertId: UUID
    public var version: Int
}

/// A remembered false positive: `subjectKey` is not the person (document, vehicle) of the alert,
/// as decided by a second-line officer against `alertVersion` of the alert.
public struct ScreeningDismissal: Codable, Hashable, Sendable {
    /// Position in the table; assigned by the database (0 before insertion).
    public var seq: Int64
    public var id: UUID
    /// `person:<uuid>`, `document:<state>:<number>` or `plate:<normalised>`.
    public var subjectKey: String
    public var alertId: UUID
    public var alertVersion: Int
    public var officerId: UUID
    public var agencyId: UUID
    public var dismissedAt: Date
    public var note: String

    public init(
        seq: Int64 = 0, id: UUID = UUID(), subjectKey: String, alertId: UUID, alertVersion: Int, officerId: UUID,
        agencyId: UUID, dismissedAt: Date, note: String
    ) {
        self.seq = seq
        self.id = id
        self.subjectKey = subjectKey
        self.alertId = alertId
        self.alertVersion = alertVersion
        self.officerId = officerId
        self.agencyId = agencyId
        self.dismissedAt = dismissedAt
        self.note = note
    }
}
