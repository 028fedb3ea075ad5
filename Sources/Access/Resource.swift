/// What the policy grants access to: one case per kind of record or capability.
public enum Resource: String, Codable, Hashable, Sendable, CaseIterable {
    case agency, officer, credential, policy
    case crossingPoint = "crossing_point"
    case mrz, person, document, authorisation, crossing, check, overstayer
    case alert, screening, manifest, flight, audit
    // The registers of foreigners (issue 11): one resource each, so the policy decides who sees which register.
    case residencePermit = "residence_permit"
    case asylum
    case irregularMigrant = "irregular_migrant"
    case citizenship, offence
    case entryBan = "entry_ban"
    case visa
    /// Who is who: merging two persons, splitting a wrong merge, deciding the resolver's review queue.
    case identity
    /// An agency's standing request for events, and its delivery state (issue 12).
    case subscription
    /// The event stream: each event as the reader's own grant on its resource shows it.
    case event
}

/// What is done to a resource.
public enum Action: String, Codable, Hashable, Sendable, CaseIterable {
    case read, create, update, revoke, enrol
    /// Send a check to second line.
    case refer
    /// Admit or refuse.
    case decide
    /// Confirm or dismiss a hit.
    case resolve
    /// Record a crossing dated outside the recent window (with a reason).
    case backdate
    /// Admit a traveller despite a confirmed refusal-level hit (with a justification, reported).
    case override
}

/// Which records of a resource a grant reaches.
public enum RecordScope: String, Codable, Hashable, Sendable, CaseIterable {
    /// Every record.
    case all
    /// Records owned by (created for) the caller's own agency.
    case ownAgency = "own_agency"
    /// Records at crossing points under joint control with the caller's state.
    case jointPoints = "joint_points"
    /// The caller's own records only (his credentials).
    case `self`
    /// Records about persons on the caller's agency's own list: those its active alerts name by document, and
    /// those its active register records are about. Applies to event deliveries only (a police unit is told when
    /// *its* wanted person crosses, DESIGN.md "be told, not ask"); the API refuses it, since answering "is this
    /// person on my list?" record by record would let a caller read the crossings of anyone he puts on it.
    case ownList = "own_list"
}
