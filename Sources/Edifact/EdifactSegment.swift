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

    public init(tag: String, elements: [EdifactElement], number: Int, offset: Int) {
        self.tag = tag
        self.elements = elements
        self.number = number
        self.offset = offset
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
