/// Caps on everything an EDIFACT interchange or JSON manifest can make the parser hold.
///
/// Input is attacker-controlled (STYLE.md §5): every loop has a bound. A real PAXLST from a wide-body
/// aircraft has about 600 travellers and 10,000 segments; the defaults leave ten times that headroom.
/// Exceeding a cap stops parsing with ``EdifactError/Code/limitExceeded``.
public struct EdifactLimits: Hashable, Sendable {
    /// Input size in bytes.
    public var maxInputBytes: Int
    /// Segments in one interchange.
    public var maxSegments: Int
    /// Data elements in one segment (ISO 9735 segment directories stop well below 99).
    public var maxElementsPerSegment: Int
    /// Components in one composite element, and repetitions of one element.
    public var maxComponentsPerElement: Int
    /// Bytes in one component value.
    public var maxValueBytes: Int
    /// Messages (`UNH`) in one interchange.
    public var maxMessages: Int
    /// Travellers in one message.
    public var maxTravellersPerMessage: Int
    /// Flight legs (`TDT+20`) in one message.
    public var maxFlightsPerMessage: Int
    /// Documents (`DOC`) per traveller.
    public var maxDocumentsPerTraveller: Int

    public init(
        maxInputBytes: Int = 16 << 20, maxSegments: Int = 200_000, maxElementsPerSegment: Int = 99,
        maxComponentsPerElement: Int = 99, maxValueBytes: Int = 512, maxMessages: Int = 1_000,
        maxTravellersPerMessage: Int = 10_000, maxFlightsPerMessage: Int = 99, maxDocumentsPerTraveller: Int = 9
    ) {
        self.maxInputBytes = maxInputBytes
        self.maxSegments = maxSegments
        self.maxElementsPerSegment = maxElementsPerSegment
        self.maxComponentsPerElement = maxComponentsPerElement
        self.maxValueBytes = maxValueBytes
        self.maxMessages = maxMessages
        self.maxTravellersPerMessage = maxTravellersPerMessage
        self.maxFlightsPerMessage = maxFlightsPerMessage
        self.maxDocumentsPerTraveller = maxDocumentsPerTraveller
    }

    /// The defaults described above.
    public static let `default` = EdifactLimits()
}
