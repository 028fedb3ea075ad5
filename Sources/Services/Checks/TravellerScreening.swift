import Foundation

/// What the border check asks of the watchlists (issue 5): implemented over the in-memory screening
/// index; a protocol so the check can be tested, and run, without it.
public protocol TravellerScreening: Sendable {
    /// Hits for this traveller: person against entry bans, wanted and missing persons; the document
    /// against lost/stolen documents; the plate against stolen vehicles. Remembered false positives
    /// for `subjectKey` are already left out.
    func screen(_ traveller: TravellerQuery) async throws -> [CheckHit]

    /// Remember that the alert does not concern this traveller, until the alert changes.
    func dismiss(alertId: String, subjectKey: String, note: String, context: AccessContext) async throws
}

/// The traveller as the check knows them.
public struct TravellerQuery: Sendable, Hashable {
    public var surname: String
    public var givenNames: String
    /// ISO 8601 date, or partial (`1974`), or nil.
    public var birthDate: String?
    public var nationality: String?
    public var sex: String?
    public var documentNumber: String?
    public var issuingState: String?
    public var plate: String?
    /// Whose remembered false positives apply: the person id when known, else document number and state.
    public var subjectKey: String

    public init(
        surname: String, givenNames: String, birthDate: String?, nationality: String?, sex: String?,
        documentNumber: String?, issuingState: String?, plate: String?, subjectKey: String
    ) {
        self.surname = surname
        self.givenNames = givenNames
        self.birthDate = birthDate
        self.nationality = nationality
        self.sex = sex
        self.documentNumber = documentNumber
        self.issuingState = issuingState
        self.plate = plate
        self.subjectKey = subjectKey
    }
}

/// One hit as the officer sees it: the alert, its category and action, the score and why it matched.
public struct CheckHit: Codable, Sendable, Hashable {
    public var alertId: String
    /// `entry_ban`, `wanted_person`, `missing_person`, `lost_stolen_document`, `stolen_vehicle`.
    public var category: String
    /// What to do: `refuse`, `arrest`, `protect`, `inform`.
    public var action: String?
    public var score: Double
    /// e.g. "Entry ban by UA-SBGS until 2027-03-01".
    public var summary: String
    public var explanation: [ExplanationRow]
    /// `confirmed` or `false_positive` once a second-line officer resolved it.
    public var resolution: String?
    /// The issuing agency's own reference for the alert (what the officer quotes when calling them).
    public var reference: String?
    /// The issuing agency's code (e.g. `UA-SMS`).
    public var agency: String?
    /// Why the alert was issued, as the issuing agency wrote it.
    public var reason: String?
    /// Whom or what the alert is about, as the alert writes it (issue 16 item 6: the officer compares the
    /// traveller with the alert, not with the engine's reading of it).
    public var subject: AlertSubject? = nil

    /// The alert's own words about its subject, and whom to call.
    public struct AlertSubject: Codable, Sendable, Hashable {
        /// "ВОЛКОВ Іван Петрович": the name in the alert's own script and spelling.
        public var name: String?
        /// Aliases as the alert lists them.
        public var otherNames: [String]
        public var birthDate: String?
        public var nationality: String?
        /// "UKR FE123456".
        public var document: String?
        public var plate: String?
        /// The issuing agency's full name: whom the officer calls, quoting `reference`.
        public var agencyName: String?
        public var validUntil: Date?

        public init(
            name: String?, otherNames: [String], birthDate: String?, nationality: String?, document: String?, plate: String?,
            agencyName: String?, validUntil: Date?
        ) {
            self.name = name
            self.otherNames = otherNames
            self.birthDate = birthDate
            self.nationality = nationality
            self.document = document
            self.plate = plate
            self.agencyName = agencyName
            self.validUntil = validUntil
        }
    }

    public struct ExplanationRow: Codable, Sendable, Hashable {
        public var field: String
        public var how: String
        public var contribution: Double

        public init(field: String, how: String, contribution: Double) {
            self.field = field
            self.how = how
            self.contribution = contribution
        }
    }

    public init(
        alertId: String, category: String, action: String?, score: Double, summary: String,
        explanation: [ExplanationRow], resolution: String? = nil, reference: String? = nil, agency: String? = nil,
        reason: String? = nil
    ) {
        self.alertId = alertId
        self.category = category
        self.action = action
        self.score = score
        self.summary = summary
        self.explanation = explanation
        self.resolution = resolution
        self.reference = reference
        self.agency = agency
        self.reason = reason
    }
}

/// No watchlists: every traveller is clear of them (used until the screening index is wired, and in tests).
public struct NoScreening: TravellerScreening {
    public init() {}
    public func screen(_ traveller: TravellerQuery) async throws -> [CheckHit] { [] }
    public func dismiss(alertId: String, subjectKey: String, note: String, context: AccessContext) async throws {}
}
