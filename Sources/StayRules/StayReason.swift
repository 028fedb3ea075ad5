/// One line of a decision card about the stay: a stable code, a sentence for the officer, how much it weighs
/// and, where it is a ground for refusal, the letter of the standard form (Regulation (EU) 2016/399 Annex V
/// Part B: `C` no valid visa or residence permit, `F` already stayed 90 days in the current 180-day period).
public struct StayReason: Hashable, Sendable, CustomStringConvertible {
    /// How much a reason weighs on the recommendation.
    public enum Severity: String, Hashable, Sendable, Comparable {
        /// For information (basis of stay, days left).
        case info
        /// The officer should look (overstay on exit, data corrected, exit not recorded).
        case attention
        /// Entry is not authorised on this basis: a ground for refusal.
        case refusal

        private var rank: Int {
            switch self {
            case .info: 0
            case .attention: 1
            case .refusal: 2
            }
        }

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    /// Stable, machine-readable code, e.g. `visa-expired`, `short-stay-exhausted`.
    public let code: Code
    /// The sentence a decision card shows (dates and counts only, no personal data).
    public let text: String
    /// How much it weighs.
    public let severity: Severity
    /// Annex V Part B letter when this is a ground for refusal of entry.
    public let refusalGround: String?
    /// The dates and counts in `text`, by name (`until`, `used`, …), so that a console can say the same in
    /// another language from its own catalogue instead of translating the English sentence.
    public let arguments: [String: String]

    /// Makes a reason.
    public init(
        _ code: Code, _ text: String, severity: Severity, refusalGround: String? = nil, arguments: [String: String] = [:]
    ) {
        self.code = code
        self.text = text
        self.severity = severity
        self.refusalGround = refusalGround
        self.arguments = arguments
    }

    public var description: String { "\(code): \(text)" }

    /// A stable reason code; new codes may be added without breaking callers.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// Visa-free nationality; 90/180 count applies.
        public static let visaFree = Code(rawValue: "visa-free")
        /// A valid visa authorises the stay.
        public static let visaValid = Code(rawValue: "visa-valid")
        /// A valid residence permit authorises the stay.
        public static let residencePermitValid = Code(rawValue: "residence-permit-valid")
        /// A protection status authorises the stay.
        public static let protectionValid = Code(rawValue: "protection-valid")
        /// The latest day the person may leave.
        public static let latestExit = Code(rawValue: "latest-exit")
        /// Not visa-free and holding nothing that authorises a stay.
        public static let visaRequired = Code(rawValue: "visa-required")
        /// The visa's validity ended.
        public static let visaExpired = Code(rawValue: "visa-expired")
        /// The visa is not valid yet.
        public static let visaNotYetValid = Code(rawValue: "visa-not-yet-valid")
        /// All entries allowed by the visa were used.
        public static let visaEntriesUsed = Code(rawValue: "visa-entries-used")
        /// All days of stay allowed by the visa were used.
        public static let visaDurationExhausted = Code(rawValue: "visa-duration-exhausted")
        /// The residence permit's validity ended.
        public static let residencePermitExpired = Code(rawValue: "residence-permit-expired")
        /// The residence permit is not valid yet.
        public static let residencePermitNotYetValid = Code(rawValue: "residence-permit-not-yet-valid")
        /// The protection status ended.
        public static let protectionEnded = Code(rawValue: "protection-ended")
        /// 90 days already used in the 180-day period.
        public static let shortStayExhausted = Code(rawValue: "short-stay-exhausted")
        /// On exit: the authorised stay was exceeded.
        public static let overstay = Code(rawValue: "overstay")
        /// On exit: no open stay (entry without exit) was recorded.
        public static let exitWithoutEntry = Code(rawValue: "exit-without-entry")
        /// On entry: the previous stay has no exit recorded; it is counted up to today.
        public static let previousExitNotRecorded = Code(rawValue: "previous-exit-not-recorded")
        /// Overlapping stay records were merged (lenient validation).
        public static let recordsCorrected = Code(rawValue: "records-corrected")
    }
}
