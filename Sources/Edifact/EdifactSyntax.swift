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
    /// Control characters (C0, DEL, C1) become U+FFFD: a name never carries an invisible byte onward.
    static func text(_ bytes: ArraySlice<UInt8>) -> String {
        if bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return String(decoding: bytes, as: UTF8.self) }
        var scalars = String.UnicodeScalarView()
        if let utf8 = String(validating: bytes, as: UTF8.self) {
            for scalar in utf8.unicodeScalars { scalars.append(isControl(scalar.value) ? replacement : scalar) }
        } else {
            for byte in bytes { scalars.append(isControl(UInt32(byte)) ? replacement : Unicode.Scalar(byte)) }
        }
        return String(scalars)
    }

    private static let replacement: Unicode.Scalar = "\u{FFFD}"

    private static func isControl(_ value: UInt32) -> Bool { value < 0x20 || (value >= 0x7F && value < 0xA0) }

    /// Classes of unusual bytes in a value (see ``EdifactSegment/Note/Bytes``); empty for printable ASCII.
    static func byteClasses(_ bytes: ArraySlice<UInt8>) -> EdifactSegment.Note.Bytes {
        var classes: EdifactSegment.Note.Bytes = []
        for b in bytes {
            if b < 0x20 || b == 0x7F { classes.insert(.control) }
            if b >= 0x80 { classes.insert(.high) }
            if b >= 0x80 && b < 0xA0 { classes.insert(.c1) }
        }
        if classes.contains(.high), String(validating: bytes, as: UTF8.self) == nil { classes.insert(.notUTF8) }
        return classes
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
            var unusual = false
            var notes: [EdifactSegment.Note] = []
            var tag: String?

            /// The value read so far as text, trimmed of spaces and tabs, with a note of what was seen.
            func take() -> String {
                let position = (element: tag == nil ? 0 : elements.count + 1, component: components.count + 1)
                var lower = value.startIndex
                var upper = value.endIndex
                while lower < upper, value[lower] == 0x20 || value[lower] == 0x09 { lower += 1 }
                while upper > lower, value[upper - 1] == 0x20 || value[upper - 1] == 0x09 { upper -= 1 }
                if lower != value.startIndex || upper != value.endIndex {
                    notes.append(.init(kind: .trimmed, element: position.element, component: position.component))
                }
                if unusual {
                    let classes = EdifactSyntax.byteClasses(value[lower..<upper])
                    if !classes.isEmpty {
                        notes.append(.init(
                            kind: .bytes(classes), element: position.element, component: position.component))
                    }
                }
                unusual = false
                return EdifactSyntax.text(value[lower..<upper])
            }

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
                    let literal = bytes[index + 1]
                    if literal < 0x20 || literal >= 0x7F { unusual = true }
                    value.append(literal)
                    index += 2
                } else if b == terminator || b == elementSeparator || b == componentSeparator
                    || (repetition != nil && b == repetition)
                {
                    index += 1
                    components.append(take())
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
                        if !EdifactSyntax.isTag(name) {
                            problems.append(EdifactError(
                                .invalidSegmentTag, .warning, segment: number, offset: start,
                                message: "segment tag must be three letters or digits (found \(name.utf8.count) "
                                    + "characters); segment skipped"))
                        }
                        segments.append(EdifactSegment(
                            tag: name, elements: elements, number: number, offset: start, notes: notes))
                        return name != "UNZ" || readAfterTrailer()
                    }
                } else {
                    if b < 0x20 || b >= 0x7F { unusual = true }
                    value.append(b)
                    index += 1
                    if value.count > limits.maxValueBytes {
                        return fail(.limitExceeded, "a value is longer than \(limits.maxValueBytes) bytes")
                    }
                }
            }
            if tag == nil, components.isEmpty, occurrences.isEmpty, value.count <= 4 {
                tag = take()
            }
            return fail(.truncated, "input ends in the middle of a segment (no segment terminator)")
        }

        /// After `UNZ` the interchange is over (ISO 9735-1 §5): whatever follows is not read; if it is more than
        /// whitespace (a carrier's stray line), say so. Always ends reading.
        mutating func readAfterTrailer() -> Bool {
            skipWhitespace()
            if index < bytes.count {
                problems.append(EdifactError(
                    .dataAfterTrailer, .warning, offset: index,
                    message: "\(bytes.count - index) bytes after the UNZ interchange trailer are ignored"))
            }
            index = bytes.count
            return false
        }

    }

    /// A segment tag is three upper-case letters or digits (ISO 9735-1 §7.2).
    static func isTag(_ tag: String) -> Bool {
        let u = tag.utf8
        return u.count == 3 && u.allSatisfy { ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) }
    }
}
