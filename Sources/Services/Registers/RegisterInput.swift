import Foundation
import Store

extension Register {
    /// The need-to-know policy's resource for this register.
    public var resource: Resource {
        switch self {
        case .residencePermit: .residencePermit
        case .asylum: .asylum
        case .irregularMigrant: .irregularMigrant
        case .citizenship: .citizenship
        case .offence: .offence
        case .entryBan: .entryBan
        case .visa: .visa
        }
    }
}

/// Who a register record is about, as the record gives it: the person the resolver looks for.
public struct RegisterSubject: Codable, Sendable, Hashable {
    /// The name as written on the record, in any script (`Шевченко`, `SHEVCHENKO`).
    public var surname: String
    public var givenNames: String?
    /// ISO 8601, `YYYY-MM` or `YYYY` when only that is known.
    public var birthDate: String?
    public var nationality: String?
    public var sex: String?
    public var document: SubjectDocument?

    public init(
        surname: String, givenNames: String? = nil, birthDate: String? = nil, nationality: String? = nil,
        sex: String? = nil, document: SubjectDocument? = nil
    ) {
        self.surname = surname
        self.givenNames = givenNames
        self.birthDate = birthDate
        self.nationality = nationality
        self.sex = sex
        self.document = document
    }
}

/// The travel document a record names: with number and issuing state it links the record to its person at once.
public struct SubjectDocument: Codable, Sendable, Hashable {
    public var documentCode: String?
    public var number: String
    public var issuingState: String

    public init(documentCode: String? = nil, number: String, issuingState: String) {
        self.documentCode = documentCode
        self.number = number
        self.issuingState = issuingState
    }
}

/// A new register record: the register, the person (by id, or described), and the register's fields.
public struct NewRegisterRecord: Codable, Sendable, Hashable {
    public var register: Register
    /// The person, when the caller knows him; otherwise `subject` is resolved.
    public var personId: UUID?
    public var subject: RegisterSubject?
    public var details: RegisterDetails

    public init(register: Register, personId: UUID? = nil, subject: RegisterSubject? = nil, details: RegisterDetails) {
        self.register = register
        self.personId = personId
        self.subject = subject
        self.details = details
    }

    enum CodingKeys: String, CodingKey { case register, personId, subject, details }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        register = try container.decode(Register.self, forKey: .register)
        personId = try container.decodeIfPresent(UUID.self, forKey: .personId)
        subject = try container.decodeIfPresent(RegisterSubject.self, forKey: .subject)
        details = try RegisterDetails.decode(register, from: try container.superDecoder(forKey: .details))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(register, forKey: .register)
        try container.encodeIfPresent(personId, forKey: .personId)
        try container.encodeIfPresent(subject, forKey: .subject)
        try details.encode(to: container.superEncoder(forKey: .details))
    }
}

/// A change to a record's fields: the version amended (two officers amending at once: the second gets 409), why.
public struct RegisterAmendment: Codable, Sendable, Hashable {
    public var register: Register
    public var version: Int
    public var reason: String
    public var details: RegisterDetails

    public init(register: Register, version: Int, reason: String, details: RegisterDetails) {
        self.register = register
        self.version = version
        self.reason = reason
        self.details = details
    }

    enum CodingKeys: String, CodingKey { case register, version, reason, details }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        register = try container.decode(Register.self, forKey: .register)
        version = try container.decode(Int.self, forKey: .version)
        reason = try container.decode(String.self, forKey: .reason)
        details = try RegisterDetails.decode(register, from: try container.superDecoder(forKey: .details))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(register, forKey: .register)
        try container.encode(version, forKey: .version)
        try container.encode(reason, forKey: .reason)
        try details.encode(to: container.superEncoder(forKey: .details))
    }
}

/// Ending a record before its time (a permit cancelled, a ban lifted): from which day, and why.
public struct RegisterEnding: Codable, Sendable, Hashable {
    public var version: Int
    public var endedOn: String
    public var reason: String

    public init(version: Int, endedOn: String, reason: String) {
        self.version = version
        self.endedOn = endedOn
        self.reason = reason
    }
}

extension RegisterDetails: Encodable {
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .residencePermit(let d): try d.encode(to: encoder)
        case .asylum(let d): try d.encode(to: encoder)
        case .irregularMigrant(let d): try d.encode(to: encoder)
        case .citizenship(let d): try d.encode(to: encoder)
        case .offence(let d): try d.encode(to: encoder)
        case .entryBan(let d): try d.encode(to: encoder)
        case .visa(let d): try d.encode(to: encoder)
        }
    }
}

/// A record as the API shows it; `details` and `subject` are absent when the viewer's grant does not show them.
public struct RegisterRecordView: Codable, Sendable, Hashable {
    public var id: UUID
    public var register: Register
    public var personId: UUID
    public var agencyId: UUID
    public var status: RegisterRecord.Status
    public var validFrom: String?
    public var validUntil: String?
    public var endedOn: String?
    public var endReason: String?
    public var link: RegisterRecord.Link
    public var version: Int
    public var details: RegisterDetails?
    public var subject: RegisterSubject?
    public var createdAt: Date
    public var createdBy: UUID
    public var updatedAt: Date
    public var updatedBy: UUID
    /// The open identity review the record waits on, if any.
    public var reviewId: UUID?

    enum CodingKeys: String, CodingKey {
        case id, register, personId, agencyId, status, validFrom, validUntil, endedOn, endReason, link, version, details
        case subject, createdAt, createdBy, updatedAt, updatedBy, reviewId
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(UUID.self, forKey: .id)
        register = try c.decode(Register.self, forKey: .register)
        personId = try c.decode(UUID.self, forKey: .personId)
        agencyId = try c.decode(UUID.self, forKey: .agencyId)
        status = try c.decode(RegisterRecord.Status.self, forKey: .status)
        validFrom = try c.decodeIfPresent(String.self, forKey: .validFrom)
        validUntil = try c.decodeIfPresent(String.self, forKey: .validUntil)
        endedOn = try c.decodeIfPresent(String.self, forKey: .endedOn)
        endReason = try c.decodeIfPresent(String.self, forKey: .endReason)
        link = try c.decode(RegisterRecord.Link.self, forKey: .link)
        version = try c.decode(Int.self, forKey: .version)
        details = c.contains(.details) ? try RegisterDetails.decode(register, from: try c.superDecoder(forKey: .details)) : nil
        subject = try c.decodeIfPresent(RegisterSubject.self, forKey: .subject)
        createdAt = try c.decode(Date.self, forKey: .createdAt)
        createdBy = try c.decode(UUID.self, forKey: .createdBy)
        updatedAt = try c.decode(Date.self, forKey: .updatedAt)
        updatedBy = try c.decode(UUID.self, forKey: .updatedBy)
        reviewId = try c.decodeIfPresent(UUID.self, forKey: .reviewId)
    }

    init(_ record: RegisterRecord, reviewId: UUID? = nil) throws {
        let details: RegisterDetails, subject: RegisterSubject
        do {
            details = try RegisterDetails.decode(record.register, json: record.details)
            subject = try JSONDecoder().decode(RegisterSubject.self, from: Data(record.subject.utf8))
        } catch {
            throw StoreError(
                .invalidValue, field: "register_record.details",
                detail: "the stored \(record.register.rawValue) record \(record.id.uuidString.lowercased()) cannot be read"
            )
        }
        self.init(record, details: details, subject: subject, reviewId: reviewId)
    }

    /// The view of a record just made from these `details` and `subject` (what its JSON columns hold), without
    /// reading them back: a batch of 500 decoded its own JSON 1,000 times inside its transaction.
    init(_ record: RegisterRecord, details: RegisterDetails, subject: RegisterSubject, reviewId: UUID? = nil) {
        id = record.id
        register = record.register
        personId = record.personId
        agencyId = record.agencyId
        status = record.status
        validFrom = record.validFrom
        validUntil = record.validUntil
        endedOn = record.endedOn
        endReason = record.endReason
        link = record.link
        version = record.version
        self.details = details
        self.subject = subject
        createdAt = record.createdAt
        createdBy = record.createdBy
        updatedAt = record.updatedAt
        updatedBy = record.updatedBy
        self.reviewId = reviewId
    }
}
