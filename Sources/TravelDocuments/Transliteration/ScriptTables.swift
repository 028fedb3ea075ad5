import Foundation

/// Latin multinational characters per ICAO Doc 9303 Part 3 §6, Cyrillic letters beyond the main table, and
/// the separator rules of the MRZ name field (Part 4 §4.6). Greek, Arabic, Hebrew, Armenian and Georgian have
/// their own types (see `OtherScript`).
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
        case 0x460...0x52F:
            if let latin = cyrillicExtended[value] { output.append(contentsOf: latin.utf8) }
        default:
            break
        }
    }

    /// Whether `value` is a letter (Unicode alphabetic), i.e. something a name must not silently lose.
    static func isLetter(_ value: UInt32) -> Bool { Unicode.Scalar(value)?.properties.isAlphabetic ?? false }

    /// `text` with presentation forms (Arabic ligatures such as ﻻ, Hebrew ﬠ, Latin ﬁ) replaced by their
    /// letters (Unicode NFKC), only when it has any: the common case allocates nothing.
    static func compatibilityNormalized(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { (0xFB00...0xFEFF).contains($0.value) }) else { return text }
        return text.precomposedStringWithCompatibilityMapping
    }

    /// Whether a Latin, Cyrillic (outside the `CyrillicLetter` slots) or other non-ASCII letter has a form.
    static func hasLatinForm(_ value: UInt32) -> Bool {
        switch value {
        case 0xC0...0x24F: return !latinExtended[Int(value - 0xC0)].isEmpty || !isLetter(value)
        case 0x1E00...0x1EFF: return !latinAdditional[Int(value - 0x1E00)].isEmpty || !isLetter(value)
        case 0x400...0x45F, 0x490, 0x491: return true
        case 0x460...0x52F: return cyrillicExtended[value] != nil || !isLetter(value)
        default:
            if let script = OtherScript(value) { return script.isTransliterable(value) }
            return !isLetter(value)
        }
    }

    // MARK: - Cyrillic beyond U+0400...U+045F

    /// Cyrillic letters of other languages and of older orthographies. ICAO Doc 9303 Part 3 §6: Ѣ IE, Ѳ F,
    /// Ѵ Y, Ѫ U, Ғ G; Kazakh, Kyrgyz, Tajik, Bashkir, Tatar, Chuvash letters as those states' passports write
    /// them in the MRZ, without diacritics (Қ K, Ң N, Ө O, Ұ Ү U, Һ H, Ә A; Tajik Ҳ KH, Ҷ J, Ӣ I, Ӯ U).
    static let cyrillicExtended: [UInt32: String] = {
        let pairs: [(UInt32, String)] = [
            (0x462, "IE"), (0x46A, "U"), (0x472, "F"), (0x474, "Y"), (0x476, "Y"), (0x492, "G"), (0x494, "G"),
            (0x496, "ZH"), (0x498, "Z"), (0x49A, "K"), (0x49C, "K"), (0x4A0, "K"), (0x4A2, "N"), (0x4AA, "S"),
            (0x4AE, "U"), (0x4B0, "U"), (0x4B2, "KH"), (0x4B6, "J"), (0x4BA, "H"), (0x4D0, "A"), (0x4D6, "E"),
            (0x4D8, "A"), (0x4E2, "I"), (0x4E6, "O"), (0x4E8, "O"), (0x4EE, "U"), (0x4F0, "U"), (0x4F2, "U"),
        ]
        var table: [UInt32: String] = [0x4C0: "I", 0x4CF: "I"]
        for (capital, latin) in pairs {
            table[capital] = latin
            table[capital + 1] = latin  // small letter
        }
        return table
    }()

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
}
