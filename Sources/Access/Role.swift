/// What an officer may do. Which resources, records and fields each role reaches is written in
/// the need-to-know policy (`policy.json`), never in a route.
public enum Role: String, Codable, Hashable, Sendable, CaseIterable {
    /// Checks travellers at the booth.
    case firstLine = "first_line"
    /// Resolves hits and refuses entry.
    case secondLine = "second_line"
    /// Targeting and statistics.
    case analyst
    /// Runs the registers of foreigners.
    case migrationOfficer = "migration_officer"
    /// A foreign partner's officer at a joint crossing point.
    case partner
    /// Reads the audit trail; sees no personal data otherwise.
    case auditor
    /// Manages his own agency's officers and their credentials; sees no personal data.
    case admin
    /// The installation's operator: admits agencies, appoints their administrators and auditors.
    /// Created on the server only (`kordon admin create-operator`), never through the API.
    case `operator`
}

/// What kind of body an agency is; the policy's grants and the role ceiling depend on it.
public enum AgencyKind: String, Codable, Hashable, Sendable, CaseIterable {
    case borderGuard = "border_guard"
    case migrationService = "migration_service"
    case foreignAffairs = "foreign_affairs"
    case police
    case customs
    /// A foreign state's border or customs service.
    case partner
    case other
    /// An oversight body (e.g. the data-protection commissioner): its auditors read every agency's trail.
    case oversight
    /// The installation's operator.
    case installation
}
