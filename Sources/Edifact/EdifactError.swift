/// A problem found in an EDIFACT interchange or a JSON manifest: the one error type of the `Edifact` module.
///
/// Callers match on ``code`` (a stable string, extensible without breaking them), never on ``message``.
/// The position names the segment (number in the interchange, 1 = first segment after `UNA`, and its tag)
/// and, where it applies, the element and component (1-based, as in the segment directories of
/// UN/EDIFACT, ISO 9735-1 §7), or a JSON path for JSON input. Messages carry positions, codes and expected
/// formats, never personal data (names, document numbers, dates of birth).
public struct EdifactError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable, machine-readable reason.
    public struct Code: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
        /// The code as printed in JSON output (`kind`), e.g. `segmentCountMismatch`.
        public let rawValue: String
        /// A code from its text; new codes may appear without breaking callers.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The raw value.
        public var description: String { rawValue }

        /// The input ends in the middle of a segment (no terminator) or after a dangling release character.
        public static let truncated = Code(rawValue: "truncated")
        /// `UNT`, `UNE` or `UNZ` is missing at the end of the input.
        public static let missingTrailer = Code(rawValue: "missingTrailer")
        /// The interchange does not start with `UNB`, or a message lacks `UNH`/`BGM`.
        public static let missingHeader = Code(rawValue: "missingHeader")
        /// A control count (`UNT` 0074, `UNE` 0060, `UNZ` 0036) differs from the segments or messages counted.
        public static let segmentCountMismatch = Code(rawValue: "segmentCountMismatch")
        /// A trailer's reference differs from its header's (`UNT`/`UNH` 0062, `UNE`/`UNG` 0048, `UNZ`/`UNB` 0020).
        public static let referenceMismatch = Code(rawValue: "referenceMismatch")
        /// A `CNT` total differs from the travellers in the message.
        public static let controlTotalMismatch = Code(rawValue: "controlTotalMismatch")
        /// A segment tag that PAXLST does not define; the segment is kept and parsing goes on.
        public static let unknownSegment = Code(rawValue: "unknownSegment")
        /// A known segment in a place where the interchange structure does not allow it.
        public static let unexpectedSegment = Code(rawValue: "unexpectedSegment")
        /// A date or time that is not a calendar value in its declared format.
        public static let invalidDate = Code(rawValue: "invalidDate")
        /// A birth date with its day, or day and month, unknown (`00`, `XX`, `<<`): read as year and month or
        /// year (a warning: the traveller is screened on what is known).
        public static let partialDate = Code(rawValue: "partialDate")
        /// A value that does not fit its element (bad code, missing mandatory value).
        public static let invalidValue = Code(rawValue: "invalidValue")
        /// A `UNA` service string advice that is short or repeats a character.
        public static let invalidServiceStringAdvice = Code(rawValue: "invalidServiceStringAdvice")
        /// A bad segment tag (not three letters or digits).
        public static let invalidSegmentTag = Code(rawValue: "invalidSegmentTag")
        /// Input, segment, element, message or traveller count beyond ``EdifactLimits``; parsing stops.
        public static let limitExceeded = Code(rawValue: "limitExceeded")
        /// Non-whitespace data after the `UNZ` interchange trailer.
        public static let dataAfterTrailer = Code(rawValue: "dataAfterTrailer")
        /// A JSON manifest that does not decode or has the wrong shape.
        public static let invalidJSON = Code(rawValue: "invalidJSON")
        /// Spaces around a segment tag or a value that is read (`UNG +…`, `DTM+329: 940603`); trimmed.
        public static let whitespaceTrimmed = Code(rawValue: "whitespaceTrimmed")
        /// A byte outside the character repertoire of the syntax level declared in `UNB` S001 (e.g. `UNOA`,
        /// `UNOC`), or a control character; it is read as U+FFFD, never passed on silently.
        public static let invalidCharacter = Code(rawValue: "invalidCharacter")
        /// The input is not a UN/EDIFACT interchange at all (rejects it).
        public static let notEdifact = Code(rawValue: "notEdifact")
        /// The interchange carries no `UNH` message: nothing to read (rejects it).
        public static let noMessage = Code(rawValue: "noMessage")
        /// A message whose type (`UNH` S009 0065) is not `PAXLST`; it is skipped, and rejects the
        /// interchange when no PAXLST message is left.
        public static let unsupportedMessageType = Code(rawValue: "unsupportedMessageType")
    }

    /// How bad a problem is. Neither rejects a manifest that has something to read (see
    /// ``PaxlstParseResult/rejection``): an error means data was lost (a field read as `null`, a segment or a
    /// traveller cut off), a warning that nothing was lost (a control count off, a trailer missing, spaces
    /// trimmed, an unknown segment skipped).
    public enum Severity: String, Hashable, Sendable, Codable {
        case error
        case warning
    }

    /// What went wrong, for callers to match on.
    public var code: Code
    /// Whether it rejects the manifest.
    public var severity: Severity
    /// Segment number in the interchange (1 = the first segment after `UNA`), nil for input-level problems.
    public var segment: Int?
    /// Segment tag, e.g. `DTM`.
    public var tag: String?
    /// Data element position in the segment, 1-based after the tag.
    public var element: Int?
    /// Component position in the composite element, 1-based.
    public var component: Int?
    /// Byte offset of the segment (or of the problem) in the input.
    public var offset: Int?
    /// JSON path for problems in a JSON manifest, e.g. `messages[0].travellers[3].birthDate`.
    public var path: String?
    /// Index of the traveller the problem belongs to in ``Manifest/travellers`` (all messages, in order).
    public var traveller: Int?
    /// The manifest field the problem belongs to, as named in the JSON form: `birthDate`, `surname`,
    /// `documents[1].expiry`, `flights[0].departureDateTime`…
    public var field: String?
    /// What is wrong and what was expected; never contains personal data.
    public var message: String

    /// A problem at a position; `message` must not contain personal data.
    public init(
        _ code: Code, _ severity: Severity = .error, segment: Int? = nil, tag: String? = nil, element: Int? = nil,
        component: Int? = nil, offset: Int? = nil, path: String? = nil, traveller: Int? = nil, field: String? = nil,
        message: String
    ) {
        self.code = code
        self.severity = severity
        self.segment = segment
        self.tag = tag
        self.element = element
        self.component = component
        self.offset = offset
        self.path = path
        self.traveller = traveller
        self.field = field
        self.message = message
    }

    /// A position such as `segment 12 (DTM) element 1 component 2` or `messages[0].flights`.
    public var position: String {
        if let path { return path }
        var parts: [String] = []
        if let segment { parts.append("segment \(segment)" + (tag.map { " (\($0))" } ?? "")) }
        if let element { parts.append("element \(element)") }
        if let component { parts.append("component \(component)") }
        if let offset, segment == nil { parts.append("byte \(offset)") }
        if let traveller { parts.append("traveller \(traveller)" + (field.map { " field \($0)" } ?? "")) }
        return parts.isEmpty ? "input" : parts.joined(separator: " ")
    }

    /// `error code at position: message`.
    public var description: String { "\(severity.rawValue) \(code.rawValue) at \(position): \(message)" }
}

extension EdifactError: Codable {
    private enum CodingKeys: String, CodingKey {
        case code, severity, segment, tag, element, component, offset, path, traveller, field, message
    }
}
