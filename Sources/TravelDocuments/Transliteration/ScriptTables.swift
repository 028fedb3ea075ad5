import Foundation

/// Latin multinational characters, Greek and Arabic per ICAO Doc 9303 Part 3 §6, and the separator rules of
/// the MRZ name field (Part 4 §4.6).
enum ScriptTables {
    /// Characters that separate name parts: whitespace, hyphens and dashes, `<`, comma, full stop, slash.
    @inline(__always)
    static func isSeparator(_ value: UInt32) -> Bool {
        switch value {
        case 0x09...0x0D, 0x20, 0x2C, 0x2D, 0x2E, 0x2F, 0x3C, 0x5F, 0xA0, 0xAB, 0x2010...0x2015, 0x2212, 0x3000:
            return true
        default:
            return false
        }
    }

    /// Apostrophes are omitted without a filler (ICAO 9303 Part 3 §6; KMU 55/2010: not rendered).
    @inline(__always)
    static func isApostrophe(_ value: UInt32) -> Bool {
        switch value {
        case 0x27, 0x60, 0xB4, 0x2BC, 0x2BB, 0x2B9, 0x2018, 0x2019, 0x201B, 0x2032: return true
        default: return false
        }
    }

    /// Appends the ICAO Latin form of one non-Cyrillic scalar (nothing when it has none, e.g. a digit).
    @inline(__always)
    static func appendNonCyrillic(_ value: UInt32, into output: inout [UInt8]) {
        switch value {
        case 0x41...0x5A:
            output.append(UInt8(value))
        case 0x61...0x7A:
            output.append(UInt8(value - 0x20))
        case 0xC0...0x24F:
            output.append(contentsOf: latinExtended[Int(value - 0xC0)])
        case 0x1E00...0x1EFF:
            output.append(contentsOf: latinAdditional[Int(value - 0x1E00)])
        case 0x386...0x3CE:
            output.append(contentsOf: greek[Int(value - 0x386)])
        case 0x621...0x64A:
            output.append(contentsOf: arabic[Int(value - 0x621)])
        default:
            break
        }
    }

    // MARK: - Latin with diacritics

    /// ICAO 9303 Part 3 §6 Latin multinational characters with a multi-letter form; every other accented
    /// letter loses its accent (Á → A, Č → C). Ä Ö Ü may also be written A O U; the recommended AE OE UE is used.
    static let latinSpecial: [UInt32: String] = [
        0xC4: "AE", 0xE4: "AE", 0xD6: "OE", 0xF6: "OE", 0xDC: "UE", 0xFC: "UE", 0xDF: "SS", 0x1E9E: "SS",
        0xC5: "AA", 0xE5: "AA", 0xC6: "AE", 0xE6: "AE", 0xD8: "OE", 0xF8: "OE", 0xDE: "TH", 0xFE: "TH",
        0x152: "OE", 0x153: "OE", 0x132: "IJ", 0x133: "IJ", 0xD0: "D", 0xF0: "D", 0x110: "D", 0x111: "D",
        0x141: "L", 0x142: "L", 0x126: "H", 0x127: "H", 0x14A: "N", 0x14B: "N", 0x131: "I", 0x138: "K",
        0x149: "N", 0x166: "T", 0x167: "T", 0x13F: "L", 0x140: "L",
    ]

    static let latinExtended: [[UInt8]] = (UInt32(0xC0)...0x24F).map(foldLatin)
    static let latinAdditional: [[UInt8]] = (UInt32(0x1E00)...0x1EFF).map(foldLatin)

    private static func foldLatin(_ value: UInt32) -> [UInt8] {
        if let special = latinSpecial[value] { return Array(special.utf8) }
        guard let scalar = Unicode.Scalar(value) else { return [] }
        let decomposed = String(Character(scalar)).decomposedStringWithCanonicalMapping
        guard let base = decomposed.unicodeScalars.first?.value else { return [] }
        switch base {
        case 0x41...0x5A: return [UInt8(base)]
        case 0x61...0x7A: return [UInt8(base - 0x20)]
        default: return []
        }
    }

    // MARK: - Greek (ICAO 9303 Part 3 §6, as ELOT 743 for passports)

    static let greek: [[UInt8]] = {
        var table = [[UInt8]](repeating: [], count: 0x3CE - 0x386 + 1)
        let capitals = ["A", "V", "G", "D", "E", "Z", "I", "TH", "I", "K", "L", "M", "N", "X", "O", "P", "R", "",
                        "S", "T", "Y", "F", "CH", "PS", "O", "I", "Y"]  // Α (U+0391) ... Ϋ (U+03AB); U+03A2 unused
        for (offset, latin) in capitals.enumerated() {
            table[0x391 + offset - 0x386] = Array(latin.utf8)
            table[0x3B1 + offset - 0x386] = Array(latin.utf8)  // small letters
        }
        table[0x3C2 - 0x386] = Array("S".utf8)  // final sigma
        let accented: [(UInt32, String)] = [
            (0x386, "A"), (0x388, "E"), (0x389, "I"), (0x38A, "I"), (0x38C, "O"), (0x38E, "Y"), (0x38F, "O"),
            (0x390, "I"), (0x3AC, "A"), (0x3AD, "E"), (0x3AE, "I"), (0x3AF, "I"), (0x3B0, "Y"), (0x3CC, "O"),
            (0x3CD, "Y"), (0x3CE, "O"),
        ]
        for (value, latin) in accented { table[Int(value) - 0x386] = Array(latin.utf8) }
        return table
    }()

    // MARK: - Arabic (ICAO 9303 Part 3 §6, the reversible table: X marks letters without a one-letter form)

    static let arabic: [[UInt8]] = {
        let letters: [(UInt32, String)] = [
            (0x621, "XE"), (0x622, "XAA"), (0x623, "XAE"), (0x624, "XOE"), (0x625, "XI"), (0x626, "XYE"),
            (0x627, "A"), (0x628, "B"), (0x629, "XTA"), (0x62A, "T"), (0x62B, "XTH"), (0x62C, "J"), (0x62D, "XH"),
            (0x62E, "XKH"), (0x62F, "D"), (0x630, "XDH"), (0x631, "R"), (0x632, "Z"), (0x633, "S"), (0x634, "XSH"),
            (0x635, "XSS"), (0x636, "XDZ"), (0x637, "XTT"), (0x638, "XZZ"), (0x639, "E"), (0x63A, "G"),
            (0x641, "F"), (0x642, "Q"), (0x643, "K"), (0x644, "L"), (0x645, "M"), (0x646, "N"), (0x647, "H"),
            (0x648, "W"), (0x649, "XAY"), (0x64A, "Y"),
        ]
        var table = [[UInt8]](repeating: [], count: 0x64A - 0x621 + 1)
        for (value, latin) in letters { table[Int(value) - 0x621] = Array(latin.utf8) }
        return table
    }()
}
