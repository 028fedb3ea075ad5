import Foundation

/// A watchlist hit on a manifest traveller, found when the manifest arrived or when an alert changed
/// before the flight landed; reviewed by a second-line officer.
///
/// Keyed by flight, traveller identity and alert, so a review survives an amended manifest.
public struct ManifestHit: Codable, Hashable, Sendable {
    public var id: UUID
    public var flightId: UUID
    public var travellerKey: String
    public var alertId: UUID
    /// The alert's version that matched: a newer version re-opens a reviewed hit.
    public var alertVersion: Int
    public var category: String
    public var action: String
    /// `person` (name, birth date, nationality, sex) or `document` (number and issuing state).
    public var matched: String
    public var score: Double
    public var summary: String
    /// JSON array of `{field, how, contribution}`: why it matched.
    public var explanation: String
    /// `manifest` (screened on arrival of the manifest) or `rescreen` (an alert changed afterwards).
    public var source: String
    public var foundAt: Date
    /// `confirmed` or `false_positive` once reviewed.
    public var resolution: String?
    public var resolvedBy: UUID?
    public var resolvedAt: Date?
    public var resolutionNote: String?

    public init(
        id: UUID = UUID(), flightId: UUID, travellerKey: String, alertId: UUID, alertVersion: Int, category: String,
        action: String, matched: String, score: Double, summary: String, explanation: String, source: String,
        foundAt: Date, resolution: String? = nil, resolvedBy: UUID? = nil, resolvedAt: Date? = nil,
        resolutionNote: String? = nil
    ) {
        self.id = id
        self.flightId = flightId
        self.travellerKey = travellerKey
        self.alertId = alertId
        self.alertVersion = alertVersion
        self.category = category
        self.action = action
        self.matched = matched
        self.score = score
        self.summary = summary
        self.explanation = explanation
        self.source = source
        self.foundAt = foundAt
        self.resolution = resolution
        self.resolvedBy = resolvedBy
        self.resolvedAt = resolvedAt
        self.resolutionNote = resolutionNote
    }
}
