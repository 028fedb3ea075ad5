/// The syntax layer of UN/EDIFACT (ISO 9735-1): service string advice, segments, elements, components, release.
///
/// Turns bytes into ``EdifactSegment`` values and knows nothing of message types. It works on UTF-8 bytes,
/// never on `Character`s, and every count is capped by ``EdifactLimits``.
public struct EdifactSyntax: Hashable, Sendable {
    /// Whether the input began with a `UNA` service string advice.
    public var una: Bool
    /// The service characters in force.
    public var separators: EdifactSeparators
    /// The segments read, in order; a truncated last segment is not included.
    public var segments: [EdifactSegment]
    /// Problems found while reading: truncation, bad `UNA`, bad tags, caps exceeded.
    public var problems: [EdifactError]

    /// Reads an interchange.
    ///
    /// Whitespace (space, tab, CR, LF) before a segment tag is not data and is skipped, so messages with one
    /// segment per line, CRLF line ends or a leading space before every tag read the same (ISO 9735-1 §7.1
    /// leaves line breaks outside the syntax; real carriers add them). `UNA` itself may be preceded by
    /// whitespace; CR and LF inside a segment are dropped too (wrapped lines). The release character makes the
    /// next byte literal (ISO 9735-1 §7.1, `?'` `?+` `?:` `??`).
    public static func read(_ bytes: [UInt8], limits: EdifactLimits = .default) -> EdifactSyntax {
        var reader = Reader(bytes: bytes, limits: limits)
        reader.run()
        return EdifactSyntax(
            una: reader.una, separators: reader.separators, segments: reader.segments, problems: reader.problems)
    }

    /// Decodes component bytes: ASCII directly, UTF-8 when valid, else ISO 8859-1 (UNOC..UNOK character sets).
    static func text(_ bytes: ArraySlice<UInt8>) -> String {
        if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        if let utf8 = String(validating: bytes, as: UTF8.self) { return utf8 }
        var scalars = String.UnicodeScalarView()
        for byte in bytes { scalars.append(Unicode.Scalar(byte)) }
        return String(scalars)
    }

    private struct Reader {
        let bytes: [UInt8]
        let limits: EdifactLimits
        var una = false
        var separators = EdifactSeparators.default
        var segments: [EdifactSegment] = []
        var problems: [EdifactError] = []
        var index = 0

        init(bytes: [UInt8], limits: EdifactLimits) {
            self.bytes = bytes
            self.limits = limits
        }

        static func isWhitespace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

        mutating func skipWhitespace() {
            while index < bytes.count, Self.isWhitespace(bytes[index]) { index += 1 }
        }

        mutating func run() {
            guard bytes.count <= limits.maxInputBytes else {
                problems.append(EdifactError(
                    .limitExceeded, message: "input is \(bytes.count) bytes, more than \(limits.maxInputBytes)"))
                return
            }
            // A UTF-8 byte order mark, as some editors and gateways prepend, is not data.
            if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
            skipWhitespace()
            if bytes.count - index >= 3, bytes[index] == 0x55, bytes[index + 1] == 0x4E, bytes[index + 2] == 0x41 {
                guard readServiceStringAdvice() else { return }
            }
            while true {
                skipWhitespace()
                if index >= bytes.count { return }
                guard segments.count < limits.maxSegments else {
                    problems.append(EdifactError(
                        .limitExceeded, offset: index, message: "more than \(limits.maxSegments) segments"))
                    return
                }
                guard readSegment() else { return }
            }
        }

        /// `UNA` + six characters: component, element, decimal, release, reserved, terminator (ISO 9735-1 §7.1).
        mutating func readServiceStringAdvice() -> Bool {
            let start = index
            guard bytes.count - index >= 9 else {
                problems.append(EdifactError(
                    .truncated, offset: start, message: "UNA needs six service characters; the input ends first"))
                return false
            }
            let c = Array(bytes[(index + 3)..<(index + 9)])
            let advice = EdifactSeparators(
                component: c[0], element: c[1], decimal: c[2], release: c[3], reserved: c[4], terminator: c[5])
            var used = [advice.component, advice.element, advice.terminator]
            if let r = advice.releaseCharacter { used.append(r) }
            if let r = advice.repetitionSeparator { used.append(r) }
            let distinct = Set(used).count == used.count
            let printable = c.allSatisfy { $0 >= 0x20 && $0 < 0x7F } && !Self.isWhitespace(advice.component)
                && !Self.isWhitespace(advice.element)
            guard distinct, printable else {
                problems.append(EdifactError(
                    .invalidServiceStringAdvice, offset: start,
                    message: "UNA service characters must be printable ASCII and component, element, release, "
                        + "repetition and terminator must differ"))
                return false
            }
            una = true
            separators = advice
            index += 9
            return true
        }

        /// Reads one segment up to its terminator; false when reading must stop.
        mutating func readSegment() -> Bool {
            let start = index
            let number = segments.count + 1
            let release = separators.releaseCharacter
            let repetition = separators.repetitionSeparator
            let terminator = separators.terminator
            let elementSeparator = separators.element
            let componentSeparator = separators.component

            var elements: [EdifactElement] = []
            elements.reserveCapacity(6)
            var occurrences: [[String]] = []
            var components: [String] = []
            components.reserveCapacity(4)
            var value: [UInt8] = []
            value.reserveCapacity(64)
            var tag: String?

            func fail(_ code: EdifactError.Code, _ message: String) -> Bool {
                problems.append(EdifactError(
                    code, segment: number, tag: tag, element: elements.count, component: components.count + 1,
                    offset: start, message: message))
                return false
            }

            // CR and LF are not data in level A/B character sets: a carrier that wraps long segments over lines
            // (Type B teletype habit) gets them dropped, unless one of them is a service character.
            let dropLineBreaks = ![terminator, elementSeparator, componentSeparator]
                .contains { $0 == 0x0A || $0 == 0x0D }
            while index < bytes.count {
                let b = bytes[index]
                if dropLineBreaks, b == 0x0A || b == 0x0D {
                    index += 1
                } else if let release, b == release {
                    guard index + 1 < bytes.count else {
                        return fail(.truncated, "input ends after a release character")
                    }
                    value.append(bytes[index + 1])
                    index += 2
                } else if b == terminator || b == elementSeparator || b == componentSeparator
                    || (repetition != nil && b == repetition)
                {
                    index += 1
                    components.append(EdifactSyntax.text(value[...]))
                    value.removeAll(keepingCapacity: true)
                    if components.count > limits.maxComponentsPerElement {
                        return fail(.limitExceeded, "more than \(limits.maxComponentsPerElement) components")
                    }
                    if b == componentSeparator { continue }
                    if let repetition, b == repetition, b != terminator, b != elementSeparator {
                        occurrences.append(components)
                        components = []
                        if occurrences.count > limits.maxComponentsPerElement {
                            return fail(.limitExceeded, "more than \(limits.maxComponentsPerElement) repetitions")
                        }
                        continue
                    }
                    // End of an element: its first occurrence, and further ones split at the repetition separator.
                    let element: EdifactElement
                    if occurrences.isEmpty {
                        element = EdifactElement(components: components)
                    } else {
                        occurrences.append(components)
                        element = EdifactElement(
                            components: occurrences[0], repetitions: Array(occurrences.dropFirst()))
                        occurrences = []
                    }
                    components = []
                    components.reserveCapacity(4)
                    if tag == nil {
                        tag = element.components.first ?? ""
                    } else {
                        elements.append(element)
                        if elements.count > limits.maxElementsPerSegment {
                            return fail(.limitExceeded, "more than \(limits.maxElementsPerSegment) data elements")
                        }
                    }
                    if b == terminator {
                        let name = tag ?? ""
                        if !Self.isTag(name) {
                            problems.append(EdifactError(
                                .invalidSegmentTag, segment: number, offset: start,
                                message: "segment tag must be three letters or digits (found \(name.utf8.count) "
                                    + "characters)"))
                        }
                        segments.append(EdifactSegment(tag: name, elements: elements, number: number, offset: start))
                        return true
                    }
                } else {
                    value.append(b)
                    index += 1
                    if value.count > limits.maxValueBytes {
                        return fail(.limitExceeded, "a value is longer than \(limits.maxValueBytes) bytes")
                    }
                }
            }
            if tag == nil, components.isEmpty, occurrences.isEmpty, value.count <= 3 {
                tag = EdifactSyntax.text(value[...])
            }
            return fail(.truncated, "input ends in the middle of a segment (no segment terminator)")
        }

        static func isTag(_ tag: String) -> Bool {
            let u = tag.utf8
            return u.count == 3 && u.allSatisfy { ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) }
        }
    }
}
