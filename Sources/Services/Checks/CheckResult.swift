import Foundation
import Store
import TravelDocuments

/// The decision card: everything the first-line officer needs, with every reason explained.
public struct CheckResult: Codable, Sendable {
    public var id: UUID
    public var pointCode: String
    public var direction: Crossing.Direction
    public var createdAt: Date
    /// `clear`: the officer may admit. `refer`: a second-line officer decides.
    public var recommendation: BorderCheck.Recommendation
    public var status: BorderCheck.Status
    public var document: DocumentSummary
    public var personId: UUID?
    public var reasons: [Reason]
    public var hits: [CheckHit]
    /// Nil for the home state's citizens, whose stay is not limited.
    public var stay: StaySummary?
    public var history: History
    /// The manifest the traveller came on, when an entry meets a pre-screened traveller (issue 7).
    public var prescreen: Prescreen? = nil
    /// The latest comparison of the live face with the document's (issue 13), without the images.
    public var face: FaceVerification? = nil
    /// The plate as read from a camera frame, when the check was sent a frame instead of a typed plate.
    public var plateRead: PlateReading? = nil
    /// The vehicle plate the officer typed (or the camera read), as checked against the watchlists; sent to the
    /// partner with the crossing at a joint point (issue 12).
    public var plate: String? = nil
    /// Crossings the neighbouring state's border service reported for this document in the last day, at the
    /// joint points (issue 12 item 4: "exited Moldova at Palanca 12 min ago, car BC 7788 AK").
    public var partnerCrossings: [PartnerCrossingView]? = nil

    /// A partner's crossing as the card shows it.
    public struct PartnerCrossingView: Codable, Sendable, Hashable {
        public var partner: String
        public var country: String
        public var pointCode: String
        public var direction: String
        public var decision: String?
        public var occurredAt: Date
        public var plate: String?
        /// The customs declaration the vehicle crossed under, as the partner reported it.
        public var customsReference: String? = nil
    }

    public struct DocumentSummary: Codable, Sendable {
        public var format: String?
        public var documentCode: String?
        public var issuingState: String?
        public var documentNumber: String?
        public var surname: String?
        public var givenNames: String?
        public var nationality: String?
        public var sex: String?
        public var birthDate: String?
        public var expiryDate: String?
        public var mrzValid: Bool
        public var problems: [Problem]
    }

    public struct Problem: Codable, Sendable {
        public var field: String
        public var line: Int?
        public var column: Int?
        public var message: String
    }

    public struct Reason: Codable, Sendable, Hashable {
        public var code: String
        /// `info`, `attention` (refer) or `refusal` (refer; a refusal ground may apply).
        public var severity: String
        public var text: String
        /// Annex V Part B letter, when the reason is a ground for refusal.
        public var refusalGround: String?
        /// The dates, counts and codes in `text`, by name: a console words the reason in the officer's
        /// language from these (issue 16 item 5); `text` stays the English sentence for API clients.
        public var arguments: [String: String]? = nil
    }

    public struct StaySummary: Codable, Sendable {
        public var basis: String
        public var authorised: Bool
        public var daysUsed: Int
        public var daysRemaining: Int
        public var latestExit: String?
        public var overstayDays: Int
    }

    public struct History: Codable, Sendable {
        public var crossings: Int
        public var refusals: Int
        public var recent: [Crossing]
    }
}
