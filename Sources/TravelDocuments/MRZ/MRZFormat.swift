/// The machine-readable zone layouts of ICAO Doc 9303.
public enum MRZFormat: String, Sendable, Codable, CaseIterable, Hashable {
    /// Part 5: ID-1 size card, 3 lines of 30.
    case td1 = "TD1"
    /// Part 6: ID-2 size document, 2 lines of 36.
    case td2 = "TD2"
    /// Part 4: passport book, 2 lines of 44.
    case td3 = "TD3"
    /// Part 7: full-size visa (MRV-A), 2 lines of 44, document code `V`.
    case mrvA = "MRVA"
    /// Part 7: smaller visa (MRV-B), 2 lines of 36, document code `V`.
    case mrvB = "MRVB"

    /// Lines in the zone.
    public var lineCount: Int { self == .td1 ? 3 : 2 }

    /// Characters in each line.
    public var lineLength: Int {
        switch self {
        case .td1: return 30
        case .td2, .mrvB: return 36
        case .td3, .mrvA: return 44
        }
    }

    /// Positions of the name field (primary and secondary identifiers).
    public var nameLength: Int {
        switch self {
        case .td1: return 30
        case .td2, .mrvB: return 31
        case .td3, .mrvA: return 39
        }
    }

    /// Positions of the optional data field (TD1: line 1; TD3: personal number).
    public var optionalDataLength: Int {
        switch self {
        case .td1: return 15
        case .td2: return 7
        case .td3: return 14
        case .mrvA: return 16
        case .mrvB: return 8
        }
    }

    /// Whether the format is a visa (no composite check digit; Part 7).
    public var isVisa: Bool { self == .mrvA || self == .mrvB }

    /// The format of a zone with `count` lines of `length` characters whose first character is `first`,
    /// ICAO 9303 Parts 4-7: 44 or 36 characters starting with `V` are visas.
    public static func detect(lineCount count: Int, lineLength length: Int, firstCharacter first: UInt8) -> MRZFormat? {
        switch (count, length) {
        case (3, 30): return .td1
        case (2, 36): return first == UInt8(ascii: "V") ? .mrvB : .td2
        case (2, 44): return first == UInt8(ascii: "V") ? .mrvA : .td3
        default: return nil
        }
    }
}
