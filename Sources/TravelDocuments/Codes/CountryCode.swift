/// A three-letter code for a state, organisation or nationality category as printed in an MRZ
/// (ICAO 9303 Part 3 §5: ISO 3166-1 alpha-3 plus ICAO codes such as `D`, `GBD`, `UNO`, `XXA`, `EUE`).
///
/// Stored without the `<` fillers (`D`, not `D<<`). Unknown codes are representable: the parser reports them
/// as warnings rather than rejecting the document (Utopia `UTO` is the specimen state).
public struct CountryCode: Hashable, Sendable, Codable, CustomStringConvertible {
    /// What a code names.
    public enum Kind: String, Sendable, Codable {
        /// An ISO 3166-1 state (or `D` for Germany).
        case state
        /// An organisation issuing travel documents (`UNO`, `UNA`, `UNK`, `EUE`, ...).
        case organisation
        /// A nationality category (`GBD`, `GBN`, ..., `XXA` stateless, `XXB`/`XXC` refugees, `XXX` unspecified).
        case special
    }

    /// The code as printed, fillers removed.
    public let code: String

    /// A code from its printed form; trailing `<` fillers are removed.
    public init(_ code: String) {
        var text = Substring(code)
        while text.last == "<" { text = text.dropLast() }
        self.code = String(text)
    }

    /// The code.
    public var description: String { code }

    /// Whether the code is in the ICAO 9303 list (ISO 3166-1 alpha-3 and the ICAO special codes).
    public var isKnown: Bool { Self.entry(code) != nil }

    /// The English name of the state, organisation or category, when known.
    public var name: String? { Self.entry(code)?.name }

    /// The kind of the code, when known.
    public var kind: Kind? { Self.entry(code)?.kind }

    /// All known codes, sorted.
    public static var all: [CountryCode] { table.map { CountryCode($0.code) } }

    static func entry(_ code: String) -> (code: String, name: String, kind: Kind)? {
        var low = 0
        var high = table.count - 1
        while low <= high {
            let mid = (low + high) / 2
            let candidate = table[mid].code
            if candidate == code { return table[mid] }
            if candidate < code { low = mid + 1 } else { high = mid - 1 }
        }
        return nil
    }

    /// A code already without fillers (the parser's fast path).
    init(trimmed code: String) { self.code = code }

    /// Known codes packed as three bytes (fillers as `<`), for the parser's allocation-free lookup.
    static let packed: Set<UInt32> = Set(table.map { entry in
        var bytes = Array(entry.code.utf8)
        while bytes.count < 3 { bytes.append(0x3C) }
        return pack(bytes[0], bytes[1], bytes[2])
    })

    @inline(__always)
    static func pack(_ first: UInt8, _ second: UInt8, _ third: UInt8) -> UInt32 {
        UInt32(first) << 16 | UInt32(second) << 8 | UInt32(third)
    }

    /// Whether the three printed positions (fillers included) hold a known code.
    static func isKnown(printed slice: UnsafeBufferPointer<UInt8>) -> Bool {
        slice.count == 3 && packed.contains(pack(slice[0], slice[1], slice[2]))
    }
}
