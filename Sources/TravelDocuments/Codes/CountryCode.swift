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
        guard let slot = slot(code) else { return nil }
        let index = positions[slot]
        return index < 0 ? nil : table[Int(index)]
    }

    /// The table's row of each code, by ``slot(_:)``: -1 where no code is. One array read per lookup where
    /// a binary search compared strings (`kordon mrz parse` looks up two names per zone).
    private static let positions: [Int16] = {
        var positions = [Int16](repeating: -1, count: 27 * 27 * 27)
        for (index, entry) in table.enumerated() {
            if let slot = slot(entry.code) { positions[slot] = Int16(index) }
        }
        return positions
    }()

    /// A code of one to three capitals as a number below 27³ (each letter 1-26, an absent letter 0); nil for
    /// anything else, which no known code is.
    private static func slot(_ code: String) -> Int? {
        var slot = 0
        var count = 0
        for byte in code.utf8 {
            guard count < 3, (0x41...0x5A).contains(byte) else { return nil }
            slot = slot * 27 + Int(byte - 0x40)
            count += 1
        }
        guard count > 0 else { return nil }
        for _ in count..<3 { slot *= 27 }
        return slot
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
