import Foundation

/// The registers of foreigners Kordon keeps (issue 11); each is its own resource in the need-to-know policy.
public enum Register: String, Codable, Hashable, Sendable, CaseIterable {
    case residencePermit = "residence_permit"
    case asylum
    case irregularMigrant = "irregular_migrant"
    case citizenship
    case offence
    case entryBan = "entry_ban"
    case visa
}

/// One record of a register as stored: a permit, an asylum case, an apprehension, a citizenship change, an
/// offence, an entry ban or a visa, owned by the agency that made it and pointing to one person.
public struct RegisterRecord: Codable, Hashable, Sendable {
    public enum Status: String, Codable, Hashable, Sendable { case active, ended }

    /// How the record found its person (identity resolution, issue 11 item 2).
    public enum Link: String, Codable, Hashable, Sendable {
        /// The caller named the person.
        case given
        /// The document (number + issuing state) is recorded for the person.
        case document
        /// The resolver's best candidate scored above the automatic threshold.
        case matched
        /// No candidate: a new person was recorded.
        case created
        /// A candidate between the thresholds: a new person for now, and a review for an officer.
        case queued
        /// An officer decided a review.
        case reviewed
    }

    public var id: UUID
    public var register: Register
    public var personId: UUID
    public var agencyId: UUID
    public var status: Status
    /// ISO dates: what the record is valid for (a permit's validity, an offence's date…), for stays and the timeline.
    public var validFrom: String?
    public var validUntil: String?
    /// The day the record was ended early (a permit cancelled), and why.
    public var endedOn: String?
    public var endReason: String?
    /// The register's own fields, JSON (see `Services/Registers/RegisterDetails.swift`).
    public var details: String
    /// The identity as the record gave it, JSON.
    public var subject: String
    public var link: Link
    /// 1 on creation, +1 on every change; an amendment names the version it amends.
    public var version: Int
    public var createdAt: Date
    public var createdBy: UUID
    public var updatedAt: Date
    public var updatedBy: UUID

    public init(
        id: UUID = .timeOrdered(), register: Register, personId: UUID, agencyId: UUID, status: Status = .active,
        validFrom: String?, validUntil: String?, endedOn: String? = nil, endReason: String? = nil, details: String,
        subject: String, link: Link, version: Int = 1, createdAt: Date, createdBy: UUID, updatedAt: Date,
        updatedBy: UUID
    ) {
        self.id = id
        self.register = register
        self.personId = personId
        self.agencyId = agencyId
        self.status = status
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.endedOn = endedOn
        self.endReason = endReason
        self.details = details
        self.subject = subject
        self.link = link
        self.version = version
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
    }
}

/// One version of a register record, as it was after a change.
public struct RegisterHistoryEntry: Codable, Hashable, Sendable {
    public enum Change: String, Codable, Hashable, Sendable { case created, amended, ended }
    public var recordId: UUID
    public var version: Int
    public var change: Change
    public var reason: String?
    public var personId: UUID
    public var status: RegisterRecord.Status
    public var validFrom: String?
    public var validUntil: String?
    public var details: String
    public var officerId: UUID
    public var agencyId: UUID
    public var changedAt: Date

    public init(_ record: RegisterRecord, change: Change, reason: String?) {
        self.recordId = record.id
        self.version = record.version
        self.change = change
        self.reason = reason
        self.personId = record.personId
        self.status = record.status
        self.validFrom = record.validFrom
        self.validUntil = record.validUntil
        self.details = record.details
        self.officerId = record.updatedBy
        self.agencyId = record.agencyId
        self.changedAt = record.updatedAt
    }
}

/// A record whose person the resolver could not decide: the person it was given for now and the candidate.
public struct IdentityReview: Codable, Hashable, Sendable {
    public enum Status: String, Codable, Hashable, Sendable {
        case open
        /// The officer decided they are one person: the record's person was merged into the candidate.
        case linked
        /// The officer decided they are two persons.
        case keptApart = "kept_apart"
    }
    public var id: UUID
    public var recordId: UUID
    public var personId: UUID
    public var candidateId: UUID
    public var score: Double
    /// Field by field, why the candidate scored what it did.
    public var evidence: [String]
    public var status: Status
    public var createdAt: Date
    public var decidedAt: Date?
    public var decidedBy: UUID?
    public var note: String?

    public init(
        id: UUID = .timeOrdered(), recordId: UUID, personId: UUID, candidateId: UUID, score: Double, evidence: [String],
        status: Status = .open, createdAt: Date, decidedAt: Date? = nil, decidedBy: UUID? = nil, note: String? = nil
    ) {
        self.id = id
        self.recordId = recordId
        self.personId = personId
        self.candidateId = candidateId
        self.score = score
        self.evidence = evidence
        self.status = status
        self.createdAt = createdAt
        self.decidedAt = decidedAt
        self.decidedBy = decidedBy
        self.note = note
    }
}

/// A merge of two persons: the merged person's rows moved to the survivor, listed so a split moves exactly them back.
public struct PersonMerge: Codable, Hashable, Sendable {
    public var id: UUID
    public var survivorId: UUID
    public var mergedId: UUID
    public var reason: String
    /// Table → ids of the rows moved from the merged person to the survivor.
    public var moved: [String: [String]]
    public var officerId: UUID
    public var agencyId: UUID
    public var mergedAt: Date
    public var splitAt: Date?
    public var splitBy: UUID?
    public var splitReason: String?

    public init(
        id: UUID = UUID(), survivorId: UUID, mergedId: UUID, reason: String, moved: [String: [String]],
        officerId: UUID, agencyId: UUID, mergedAt: Date, splitAt: Date? = nil, splitBy: UUID? = nil,
        splitReason: String? = nil
    ) {
        self.id = id
        self.survivorId = survivorId
        self.mergedId = mergedId
        self.reason = reason
        self.moved = moved
        self.officerId = officerId
        self.agencyId = agencyId
        self.mergedAt = mergedAt
        self.splitAt = splitAt
        self.splitBy = splitBy
        self.splitReason = splitReason
    }
}
