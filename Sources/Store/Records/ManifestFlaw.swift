import Foundation

/// A flaw the PAXLST parser reported on a manifest that was read all the same (issue 14: "read what can be
/// read"): what kind, how bad, and where, never the value itself.
public struct ManifestFlaw: Codable, Hashable, Sendable {
    /// Stable code, e.g. `invalidDate`, `segmentCountMismatch`, `truncated`.
    public var kind: String
    /// `error` (a value or traveller could not be read) or `warning` (nothing lost).
    public var severity: String
    /// Position of the traveller on the flight's list (``ManifestTraveller/position``), when the flaw is theirs.
    public var traveller: Int?
    /// The traveller's field, as the manifest JSON names it (`birthDate`, `documents[1].expiry`).
    public var field: String?
    /// Where in the message: `segment 12 (DTM) element 1 component 2`.
    public var position: String
    /// What is wrong; positions and codes only.
    public var message: String

    public init(kind: String, severity: String, traveller: Int?, field: String?, position: String, message: String) {
        self.kind = kind
        self.severity = severity
        self.traveller = traveller
        self.field = field
        self.position = position
        self.message = message
    }
}

/// One travel document a manifest names for a traveller (PAXLST `DOC` group: DOC, DTM+36, LOC+91).
public struct ManifestDocument: Codable, Hashable, Sendable {
    /// DOC C002 first component: `P` passport, `V` visa, `I`/`A`/`C` identity cards…
    public var type: String?
    /// Normalised: letters and digits.
    public var number: String?
    public var issuingState: String?
    public var expiry: String?

    public init(type: String?, number: String?, issuingState: String?, expiry: String?) {
        self.type = type
        self.number = number
        self.issuingState = issuingState
        self.expiry = expiry
    }
}
