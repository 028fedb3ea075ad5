/// The six service characters of an interchange, ISO 9735-1 §7.1 (service string advice `UNA`).
///
/// Without `UNA` the level-A defaults apply: component `:`, element `+`, decimal `.`, release `?`,
/// reserved (repetition in syntax version 4) space, terminator `'`. A space as release or reserved character
/// means "not used". Each is one byte: UNOA..UNOY service characters are all in ASCII.
public struct EdifactSeparators: Hashable, Sendable {
    /// Component data element separator (default `:`).
    public var component: UInt8
    /// Data element separator (default `+`).
    public var element: UInt8
    /// Decimal mark (default `.`).
    public var decimal: UInt8
    /// Release character (default `?`); space means none.
    public var release: UInt8
    /// Reserved / repetition separator (default space = none).
    public var reserved: UInt8
    /// Segment terminator (default `'`).
    public var terminator: UInt8

    /// Service characters; the defaults are those of a missing `UNA`.
    public init(
        component: UInt8 = UInt8(ascii: ":"), element: UInt8 = UInt8(ascii: "+"), decimal: UInt8 = UInt8(ascii: "."),
        release: UInt8 = UInt8(ascii: "?"), reserved: UInt8 = UInt8(ascii: " "), terminator: UInt8 = UInt8(ascii: "'")
    ) {
        self.component = component
        self.element = element
        self.decimal = decimal
        self.release = release
        self.reserved = reserved
        self.terminator = terminator
    }

    /// The defaults that apply when `UNA` is absent (ISO 9735-1 §7.1, syntax level A).
    public static let `default` = EdifactSeparators()

    /// The release character, or nil when the advice sets it to space (not used).
    public var releaseCharacter: UInt8? { release == UInt8(ascii: " ") ? nil : release }

    /// The repetition separator, or nil when the reserved character is space (not used).
    public var repetitionSeparator: UInt8? { reserved == UInt8(ascii: " ") ? nil : reserved }
}

extension EdifactSeparators: Codable {
    private enum CodingKeys: String, CodingKey {
        case component, element, decimal, release, reserved, terminator
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func byte(_ key: CodingKeys, _ fallback: UInt8) throws -> UInt8 {
            guard let text = try c.decodeIfPresent(String.self, forKey: key) else { return fallback }
            let utf8 = Array(text.utf8)
            guard utf8.count == 1, let first = utf8.first, first < 0x80 else {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: c, debugDescription: "a service character is one ASCII character")
            }
            return first
        }
        let d = EdifactSeparators.default
        self.init(
            component: try byte(.component, d.component), element: try byte(.element, d.element),
            decimal: try byte(.decimal, d.decimal), release: try byte(.release, d.release),
            reserved: try byte(.reserved, d.reserved), terminator: try byte(.terminator, d.terminator))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        func text(_ b: UInt8) -> String { String(decoding: [b], as: UTF8.self) }
        try c.encode(text(component), forKey: .component)
        try c.encode(text(element), forKey: .element)
        try c.encode(text(decimal), forKey: .decimal)
        try c.encode(text(release), forKey: .release)
        try c.encode(text(reserved), forKey: .reserved)
        try c.encode(text(terminator), forKey: .terminator)
    }
}
