import Foundation
import StayRules
import Store

/// The fields of each register, as callers write them and as `register_record.details` keeps them.
///
/// Every date is an ISO 8601 calendar date (`YYYY-MM-DD`, UTC). Validation names the field under `details`
/// (`details.validUntil`) and refuses dates that contradict each other (issue 11 "Bad input").
public enum RegisterDetails: Hashable, Sendable {
    case residencePermit(ResidencePermitDetails)
    case asylum(AsylumDetails)
    case irregularMigrant(IrregularMigrantDetails)
    case citizenship(CitizenshipDetails)
    case offence(OffenceDetails)
    case entryBan(EntryBanDetails)
    case visa(VisaDetails)

    public var register: Register {
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

    /// Decodes `details` for `register` (the caller's body, or a stored record).
    public static func decode(_ register: Register, from decoder: any Decoder) throws -> RegisterDetails {
        switch register {
        case .residencePermit: .residencePermit(try ResidencePermitDetails(from: decoder))
        case .asylum: .asylum(try AsylumDetails(from: decoder))
        case .irregularMigrant: .irregularMigrant(try IrregularMigrantDetails(from: decoder))
        case .citizenship: .citizenship(try CitizenshipDetails(from: decoder))
        case .offence: .offence(try OffenceDetails(from: decoder))
        case .entryBan: .entryBan(try EntryBanDetails(from: decoder))
        case .visa: .visa(try VisaDetails(from: decoder))
        }
    }

    /// Decodes stored JSON.
    public static func decode(_ register: Register, json: String) throws -> RegisterDetails {
        let data = Data(json.utf8)
        let decoder = JSONDecoder()
        return switch register {
        case .residencePermit: .residencePermit(try decoder.decode(ResidencePermitDetails.self, from: data))
        case .asylum: .asylum(try decoder.decode(AsylumDetails.self, from: data))
        case .irregularMigrant: .irregularMigrant(try decoder.decode(IrregularMigrantDetails.self, from: data))
        case .citizenship: .citizenship(try decoder.decode(CitizenshipDetails.self, from: data))
        case .offence: .offence(try decoder.decode(OffenceDetails.self, from: data))
        case .entryBan: .entryBan(try decoder.decode(EntryBanDetails.self, from: data))
        case .visa: .visa(try decoder.decode(VisaDetails.self, from: data))
        }
    }

    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// The record's span for the timeline and stays, after checking every field.
    public func validated() throws(ServiceError) -> (validFrom: String?, validUntil: String?) {
        switch self {
        case .residencePermit(let d): try d.validated()
        case .asylum(let d): try d.validated()
        case .irregularMigrant(let d): try d.validated()
        case .citizenship(let d): try d.validated()
        case .offence(let d): try d.validated()
        case .entryBan(let d): try d.validated()
        case .visa(let d): try d.validated()
        }
    }

    /// The authorisation to stay this record gives, if any, as the stay rules take it. A record ended on day D
    /// authorises until D − 1: "a permit ended today ends the authorisation today" (issue 11 item 4).
    public func authorisation(endedOn: String?) -> Authorisation? {
        func cut(_ until: CalendarDay?) -> CalendarDay? {
            guard let ended = endedOn.flatMap({ CalendarDay(iso8601: $0) }) else { return until }
            let lastDay = ended.adding(days: -1)
            return until.map { min($0, lastDay) } ?? lastDay
        }
        switch self {
        case .residencePermit(let d):
            guard let from = CalendarDay(iso8601: d.validFrom) else { return nil }
            return .residencePermit(ResidencePermit(
                kind: d.permitType == .permanent ? .permanent : .temporary, validFrom: from,
                validUntil: cut(d.validUntil.flatMap({ CalendarDay(iso8601: $0) }))
            ))
        case .asylum(let d):
            guard let grant = d.protection, let from = CalendarDay(iso8601: grant.from) else { return nil }
            return .protection(ProtectionStatus(
                kind: grant.kind, validFrom: from, validUntil: cut(grant.until.flatMap({ CalendarDay(iso8601: $0) }))
            ))
        case .visa(let d):
            guard let from = CalendarDay(iso8601: d.validFrom), let until = CalendarDay(iso8601: d.validUntil) else { return nil }
            return .visa(Visa(
                kind: d.visaType == .longStay ? .longStay : .shortStay, validFrom: from, validUntil: cut(until) ?? until,
                entries: d.entries, entriesUsed: 0, durationOfStay: d.durationOfStay
            ))
        case .irregularMigrant, .citizenship, .offence, .entryBan:
            return nil
        }
    }
}

// MARK: - Field rules

enum RegisterRules {
    static func date(_ value: String, _ field: String) throws(ServiceError) -> Date {
        guard let date = Validate.parseDate(value) else { throw .invalid(field, "must be a real date in the form YYYY-MM-DD") }
        return date
    }

    static func optionalDate(_ value: String?, _ field: String) throws(ServiceError) -> Date? {
        guard let value else { return nil }
        return try date(value, field)
    }

    /// `later` must be on or after `earlier`; the error names `laterField` and says which date it contradicts.
    static func order(_ earlier: Date?, _ later: Date?, _ laterField: String, after earlierField: String)
        throws(ServiceError)
    {
        if let earlier, let later, later < earlier {
            throw .invalid(laterField, "must be on or after \(earlierField)")
        }
    }

    static func text(_ value: String?, _ field: String, required: Bool = true, max: Int = 500) throws(ServiceError) {
        guard let value else {
            if required { throw .invalid(field, "is required") }
            return
        }
        _ = try Validate.name(value, field: field, allowEmpty: !required, max: max)
    }
}

// MARK: - Residence permits

/// A temporary or permanent residence permit (Law of Ukraine "On the Legal Status of Foreigners and Stateless
/// Persons" Art. 4; in the EU, Regulation (EC) 1030/2002 for the card).
public struct ResidencePermitDetails: Codable, Hashable, Sendable {
    public enum PermitType: String, Codable, Hashable, Sendable { case temporary, permanent }
    public enum Purpose: String, Codable, Hashable, Sendable {
        case work, study, family, investment, religion, volunteering, humanitarian, other
    }
    public var permitType: PermitType
    public var purpose: Purpose
    public var cardNumber: String
    public var validFrom: String
    /// Required for a temporary permit; none for a permanent one.
    public var validUntil: String?
    public var issuingAuthority: String?

    public init(
        permitType: PermitType, purpose: Purpose, cardNumber: String, validFrom: String, validUntil: String?,
        issuingAuthority: String? = nil
    ) {
        self.permitType = permitType
        self.purpose = purpose
        self.cardNumber = cardNumber
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.issuingAuthority = issuingAuthority
    }

    func validated() throws(ServiceError) -> (validFrom: String?, validUntil: String?) {
        guard (1...20).contains(cardNumber.count), cardNumber.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
        else { throw .invalid("details.cardNumber", "must be 1 to 20 letters and digits") }
        let from = try RegisterRules.date(validFrom, "details.validFrom")
        let until = try RegisterRules.optionalDate(validUntil, "details.validUntil")
        if permitType == .temporary && until == nil {
            throw .invalid("details.validUntil", "is required for a temporary permit")
        }
        try RegisterRules.order(from, until, "details.validUntil", after: "details.validFrom")
        try RegisterRules.text(issuingAuthority, "details.issuingAuthority", required: false)
        return (validFrom, validUntil)
    }
}

// MARK: - Asylum

/// An application for international protection and what became of it: each decision and appeal with its date
/// and authority (Law of Ukraine "On Refugees and Persons in Need of Complementary or Temporary Protection";
/// Directive 2013/32/EU for the procedure).
public struct AsylumDetails: Codable, Hashable, Sendable {
    public struct Step: Codable, Hashable, Sendable {
        public enum Kind: String, Codable, Hashable, Sendable { case decision, appeal }
        public enum Outcome: String, Codable, Hashable, Sendable {
            case grantedRefugee = "granted_refugee"
            case grantedComplementary = "granted_complementary"
            case grantedTemporary = "granted_temporary"
            case rejected
            /// An appeal lodged, not yet decided.
            case pending
            case upheld
            case overturned
            case withdrawn
            case ceased
        }
        public var kind: Kind
        public var date: String
        public var authority: String
        public var outcome: Outcome
        /// Last day of the protection granted, when it has one (temporary protection).
        public var protectionUntil: String?

        public init(kind: Kind, date: String, authority: String, outcome: Outcome, protectionUntil: String? = nil) {
            self.kind = kind
            self.date = date
            self.authority = authority
            self.outcome = outcome
            self.protectionUntil = protectionUntil
        }
    }
    public var appliedOn: String
    public var placeOfApplication: String?
    public var steps: [Step]

    public init(appliedOn: String, placeOfApplication: String? = nil, steps: [Step] = []) {
        self.appliedOn = appliedOn
        self.placeOfApplication = placeOfApplication
        self.steps = steps
    }

    /// The protection in force after the last step, if any: a grant stands until a later step ceases, withdraws or
    /// overturns it; an appeal that overturns a rejection does not itself grant (a new decision does).
    public var protection: (kind: ProtectionStatus.Kind, from: String, until: String?)? {
        var current: (kind: ProtectionStatus.Kind, from: String, until: String?)?
        for step in steps {
            switch step.outcome {
            case .grantedRefugee: current = (.refugee, step.date, step.protectionUntil)
            case .grantedComplementary: current = (.complementary, step.date, step.protectionUntil)
            case .grantedTemporary: current = (.temporary, step.date, step.protectionUntil)
            case .ceased, .withdrawn, .rejected: current = nil
            case .overturned where step.kind == .appeal: current = nil
            case .pending, .upheld, .overturned: break
            }
        }
        return current
    }

    func validated() throws(ServiceError) -> (validFrom: String?, validUntil: String?) {
        let applied = try RegisterRules.date(appliedOn, "details.appliedOn")
        try RegisterRules.text(placeOfApplication, "details.placeOfApplication", required: false)
        guard steps.count <= 50 else { throw .invalid("details.steps", "must be at most 50 steps") }
        var previous = applied
        var previousField = "details.appliedOn"
        for (index, step) in steps.enumerated() {
            let field = "details.steps[\(index)]"
            let date = try RegisterRules.date(step.date, "\(field).date")
            // A decision before the application, or a step before the one it follows, contradicts the file.
            try RegisterRules.order(previous, date, "\(field).date", after: previousField)
            try RegisterRules.text(step.authority, "\(field).authority")
            if step.kind == .appeal && !steps[..<index].contains(where: { $0.kind == .decision }) {
                throw .invalid("\(field).kind", "an appeal needs an earlier decision to appeal against")
            }
            let until = try RegisterRules.optionalDate(step.protectionUntil, "\(field).protectionUntil")
            try RegisterRules.order(date, until, "\(field).protectionUntil", after: "\(field).date")
            previous = date
            previousField = "\(field).date"
        }
        return (appliedOn, protection?.until)
    }
}

// MARK: - Irregular migrants

/// An apprehension of a person staying or crossing irregularly, how he was identified, and what followed
/// (return, a readmission request to a neighbouring state, detention, an asylum claim, release).
public struct IrregularMigrantDetails: Codable, Hashable, Sendable {
    public enum Identification: String, Codable, Hashable, Sendable {
        case document, biometrics, statement, consularConfirmation = "consular_confirmation", other
    }
    public struct Outcome: Codable, Hashable, Sendable {
        public enum Kind: String, Codable, Hashable, Sendable {
            case `return`
            case readmissionRequest = "readmission_request"
            case detention, asylumClaim = "asylum_claim", release
        }
        public var kind: Kind
        public var date: String
        /// For a readmission request: the state asked (ICAO code).
        public var toState: String?
        public var note: String?

        public init(kind: Kind, date: String, toState: String? = nil, note: String? = nil) {
            self.kind = kind
            self.date = date
            self.toState = toState
            self.note = note
        }
    }
    public var apprehendedOn: String
    /// Where: a crossing point code, a settlement, a stretch of the green border.
    public var place: String
    /// Which unit apprehended him.
    public var unit: String
    public var identifiedBy: Identification
    public var statedNationality: String?
    public var establishedNationality: String?
    public var outcomes: [Outcome]

    public init(
        apprehendedOn: String, place: String, unit: String, identifiedBy: Identification, statedNationality: String?,
        establishedNationality: String? = nil, outcomes: [Outcome] = []
    ) {
        self.apprehendedOn = apprehendedOn
        self.place = place
        self.unit = unit
        self.identifiedBy = identifiedBy
        self.statedNationality = statedNationality
        self.establishedNationality = establishedNationality
        self.outcomes = outcomes
    }

    func validated() throws(ServiceError) -> (validFrom: String?, validUntil: String?) {
        let apprehended = try RegisterRules.date(apprehendedOn, "details.apprehendedOn")
        try RegisterRules.text(place, "details.place")
        try RegisterRules.text(unit, "details.unit")
        if let stated = statedNationality { _ = try Validate.countryCode(stated, field: "details.statedNationality") }
        if let established = establishedNationality {
            _ = try Validate.countryCode(established, field: "details.establishedNationality")
        }
        guard outcomes.count <= 50 else { throw .invalid("details.outcomes", "must be at most 50") }
        for (index, outcome) in outcomes.enumerated() {
            let field = "details.outcomes[\(index)]"
            let date = try RegisterRules.date(outcome.date, "\(field).date")
            try RegisterRules.order(apprehended, date, "\(field).date", after: "details.apprehendedOn")
            if outcome.kind == .readmissionRequest {
                guard let state = outcome.toState else { throw .invalid("\(field).toState", "is required for a readmission request") }
                _ = try Validate.countryCode(state, field: "\(field).toState")
            }
            try RegisterRules.text(outcome.note, "\(field).note", required: false)
        }
        return (apprehendedOn, nil)
    }
}

// MARK: - Citizenship

/// Ukrainian citizenship acquired or terminated (Law of Ukraine "On Citizenship of Ukraine" Art. 8–9, 17–19).
public struct CitizenshipDetails: Codable, Hashable, Sendable {
    public enum Change: String, Codable, Hashable, Sendable { case acquired, terminated }
    public var change: Change
    public var effectiveOn: String
    /// The article of the law (e.g. `Art. 9 naturalisation`).
    public var basis: String
    public var decisionReference: String?

    public init(change: Change, effectiveOn: String, basis: String, decisionReference: String? = nil) {
        self.change = change
        self.effectiveOn = effectiveOn
        self.basis = basis
        self.decisionReference = decisionReference
    }

    func validated() throws(ServiceError) -> (validFrom: String?, validUntil: String?) {
        _ = try RegisterRules.date(effectiveOn, "details.effectiveOn")
        try RegisterRules.text(basis, "details.basis")
        try RegisterRules.text(decisionReference, "details.decisionReference", required: false, max: 100)
        return (effectiveOn, nil)
    }
}

// MARK: - Administrative offences

/// An administrative offence by a foreigner (Code of Ukraine on Administrative Offences, e.g. Art. 203 "breach
/// of the rules of stay", Art. 204-1 "illegal crossing of the state border").
public struct OffenceDetails: Codable, Hashable, Sendable {
    public enum Decision: String, Codable, Hashable, Sendable {
        case fine, warning, expulsion, dismissed
    }
    public var article: String
    public var committedOn: String
    public var decidedOn: String?
    public var decision: Decision?
    /// Whole hryvnias.
    public var fineAmount: Int?
    public var paid: Bool
    public var paidOn: String?

    public init(
        article: String, committedOn: String, decidedOn: String? = nil, decision: Decision? = nil,
        fineAmount: Int? = nil, paid: Bool = false, paidOn: String? = nil
    ) {
        self.article = article
        self.committedOn = committedOn
        self.decidedOn = decidedOn
        self.decision = decision
        self.fineAmount = fineAmount
        self.paid = paid
        self.paidOn = paidOn
    }

    func validated() throws(ServiceError) -> (validFrom: String?, validUntil: String?) {
        try RegisterRules.text(article, "details.article", max: 40)
        let committed = try RegisterRules.date(committedOn, "details.committedOn")
        let decided = try RegisterRules.optionalDate(decidedOn, "details.decidedOn")
        try RegisterRules.order(committed, decided, "details.decidedOn", after: "details.committedOn")
        if decision != nil && decided == nil { throw .invalid("details.decidedOn", "is required with a decision") }
        if let fineAmount {
            guard decision == .fine else { throw .invalid("details.fineAmount", "is only for a fine") }
            guard (1...10_000_000).contains(fineAmount) else { throw .invalid("details.fineAmount", "must be 1 to 10,000,000 hryvnias") }
        } else if decision == .fine {
            throw .invalid("details.fineAmount", "is required for a fine")
        }
        let paidDate = try RegisterRules.optionalDate(paidOn, "details.paidOn")
        if paid && decision != .fine { throw .invalid("details.paid", "only a fine is paid") }
        if paidDate != nil && !paid { throw .invalid("details.paidOn", "is only for a paid fine") }
        try RegisterRules.order(decided, paidDate, "details.paidOn", after: "details.decidedOn")
        return (committedOn, nil)
    }
}

// MARK: - Entry bans

/// A ban on entering Ukraine (Law "On the Legal Status of Foreigners" Art. 13; Schengen: Regulation (EU) 2018/1861
/// Art. 24). The ban is screened at the border as a watchlist alert made from this record: one record, not two.
public struct EntryBanDetails: Codable, Hashable, Sendable {
    public var bannedFrom: String
    public var bannedUntil: String
    /// The legal ground, as the decision states it.
    public var reason: String
    public var authority: String

    public init(bannedFrom: String, bannedUntil: String, reason: String, authority: String) {
        self.bannedFrom = bannedFrom
        self.bannedUntil = bannedUntil
        self.reason = reason
        self.authority = authority
    }

    func validated() throws(ServiceError) -> (validFrom: String?, validUntil: String?) {
        let from = try RegisterRules.date(bannedFrom, "details.bannedFrom")
        let until = try RegisterRules.date(bannedUntil, "details.bannedUntil")
        try RegisterRules.order(from, until, "details.bannedUntil", after: "details.bannedFrom")
        try RegisterRules.text(reason, "details.reason")
        try RegisterRules.text(authority, "details.authority")
        return (bannedFrom, bannedUntil)
    }
}

// MARK: - Visas

/// A visa issued by a consulate (Regulation (EC) 810/2009 Art. 24 for the short-stay visa's fields).
public struct VisaDetails: Codable, Hashable, Sendable {
    public enum VisaType: String, Codable, Hashable, Sendable {
        case shortStay = "short_stay"
        case longStay = "long_stay"
    }
    public var visaType: VisaType
    public var visaNumber: String
    public var entries: Visa.Entries
    public var validFrom: String
    public var validUntil: String
    /// Days of stay allowed (short-stay visas).
    public var durationOfStay: Int?
    public var issuedAt: String?

    public init(
        visaType: VisaType, visaNumber: String, entries: Visa.Entries, validFrom: String, validUntil: String,
        durationOfStay: Int?, issuedAt: String? = nil
    ) {
        self.visaType = visaType
        self.visaNumber = visaNumber
        self.entries = entries
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.durationOfStay = durationOfStay
        self.issuedAt = issuedAt
    }

    func validated() throws(ServiceError) -> (validFrom: String?, validUntil: String?) {
        guard (1...20).contains(visaNumber.count), visaNumber.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
        else { throw .invalid("details.visaNumber", "must be 1 to 20 letters and digits") }
        let from = try RegisterRules.date(validFrom, "details.validFrom")
        let until = try RegisterRules.date(validUntil, "details.validUntil")
        try RegisterRules.order(from, until, "details.validUntil", after: "details.validFrom")
        if visaType == .shortStay {
            guard let days = durationOfStay else { throw .invalid("details.durationOfStay", "is required for a short-stay visa") }
            guard (1...90).contains(days) else { throw .invalid("details.durationOfStay", "must be 1 to 90 days") }
        } else if let days = durationOfStay, days < 1 {
            throw .invalid("details.durationOfStay", "must be 1 or more")
        }
        try RegisterRules.text(issuedAt, "details.issuedAt", required: false, max: 100)
        return (validFrom, validUntil)
    }
}
