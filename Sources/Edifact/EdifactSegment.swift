/// One segment of an interchange: its tag and data elements, with the release character already applied.
///
/// ISO 9735-1 §7: a segment is a tag followed by data elements separated by the element separator; a composite
/// element's components are separated by the component separator. Values are kept as text (UTF-8, or
/// ISO 8859-1 when the bytes are not UTF-8, as in syntax identifiers UNOC..UNOK).
public struct EdifactSegment: Hashable, Sendable {
    /// Segment tag, e.g. `NAD` (the first component of the tag element).
    public var tag: String
    /// Data elements after the tag.
    public var elements: [EdifactElement]
    /// Segment number in the interchange: 1 = the first segment after `UNA`.
    public var number: Int
    /// Byte offset of the segment tag in the input.
    public var offset: Int
    /// What the syntax layer noticed in the values and changed or could not read (spaces trimmed, bytes
    /// beyond printable ASCII); the message layer decides, knowing the declared syntax level and which
    /// values it reads, what to report.
    public var notes: [Note]

    public init(tag: String, elements: [EdifactElement], number: Int, offset: Int, notes: [Note] = []) {
        self.tag = tag
        self.elements = elements
        self.number = number
        self.offset = offset
        self.notes = notes
    }

    /// Something the syntax layer saw in one value of the segment.
    public struct Note: Hashable, Sendable {
        /// What was seen.
        public enum Kind: Hashable, Sendable {
            /// Leading or trailing spaces (or tabs) were removed from the value; element 0 is the tag.
            case trimmed
            /// The value holds bytes beyond printable ASCII: which classes, to be judged against the
            /// declared syntax level (ISO 9735-1 Annex A character repertoires).
            case bytes(Bytes)
        }

        /// Classes of bytes beyond printable ASCII found in a value.
        public struct Bytes: OptionSet, Hashable, Sendable {
            public let rawValue: UInt8
            public init(rawValue: UInt8) { self.rawValue = rawValue }
            /// C0 controls and DEL (0x00–0x1F, 0x7F): in no EDIFACT repertoire's graphic characters.
            public static let control = Bytes(rawValue: 1)
            /// C1 controls (0x80–0x9F): no graphic character in ISO 8859 (UNOC..UNOK).
            public static let c1 = Bytes(rawValue: 2)
            /// Any byte 0x80–0xFF: outside levels A and B (UNOA, UNOB: 7-bit).
            public static let high = Bytes(rawValue: 4)
            /// The bytes are not valid UTF-8 (level W, UNOW).
            public static let notUTF8 = Bytes(rawValue: 8)
        }

        public var kind: Kind
        /// Element (1-based after the tag; 0 = the tag) and component (1-based).
        public var element: Int
        public var component: Int
    }

    /// Component `component` (1-based) of element `element` (1-based after the tag); nil when absent or empty.
    public func value(_ element: Int, _ component: Int = 1) -> String? {
        guard element >= 1, element <= elements.count else { return nil }
        return elements[element - 1].value(component)
    }
}

/// A data element: simple (one component) or composite, with further repetitions in syntax version 4.
public struct EdifactElement: Hashable, Sendable {
    /// Components of the first (usually only) occurrence.
    public var components: [String]
    /// Further occurrences, split at the repetition separator (ISO 9735-1 §7.1, syntax version 4).
    public var repetitions: [[String]]

    public init(components: [String], repetitions: [[String]] = []) {
        self.components = components
        self.repetitions = repetitions
    }

    /// Component (1-based); nil when absent or empty.
    public func value(_ component: Int = 1) -> String? {
        guard component >= 1, component <= components.count else { return nil }
        let text = components[component - 1]
        return text.isEmpty ? nil : text
    }
}
