import Foundation

/// A person in the country: his latest admitted crossing is this entry (issue 15). Maintained on each
/// recorded crossing by `PresenceKeeper`, read by the overstayer list and by re-screening.
public struct Presence: Hashable, Sendable {
    public var personId: UUID
    /// The admitted entry that put the person in the country.
    public var crossingId: UUID
    public var enteredAt: Date
    public var entryPoint: String
    public var nationality: String
    /// The stay's outlook; `nil` until computed (rows backfilled by the migration).
    public var outlook: Outlook?

    /// `StayRules.StayOutlook` as stored: UTC days since 1970-01-01.
    public struct Outlook: Hashable, Sendable {
        /// `visa-free`, `visa`, `residence-permit`, `protection`, `citizen` or `none`.
        public var basis: String
        /// Last authorised day; `nil`: no end.
        public var authorisedThrough: Int?
        /// Days over on day `d` are `d - overstayBase` (when `d > authorisedThrough`).
        public var overstayBase: Int?
        /// A later authorisation starts on this day: compute again from then.
        public var resumesOn: Int?

        public init(basis: String, authorisedThrough: Int?, overstayBase: Int?, resumesOn: Int?) {
            self.basis = basis
            self.authorisedThrough = authorisedThrough
            self.overstayBase = overstayBase
            self.resumesOn = resumesOn
        }
    }

    public init(
        personId: UUID, crossingId: UUID, enteredAt: Date, entryPoint: String, nationality: String, outlook: Outlook?
    ) {
        self.personId = personId
        self.crossingId = crossingId
        self.enteredAt = enteredAt
        self.entryPoint = entryPoint
        self.nationality = nationality
        self.outlook = outlook
    }
}

/// An overstayer as the list shows him: the presence row and the person's name.
public struct PresentOverstayer: Hashable, Sendable {
    public var presence: Presence
    public var surname: String
    public var givenNames: String
}
