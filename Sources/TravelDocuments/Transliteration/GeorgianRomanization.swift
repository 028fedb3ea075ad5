/// Georgian per the national romanisation system of 2002 (adopted by the Government of Georgia and
/// recommended by UNGEGN), the spelling of Georgian passports, with the apostrophe of the ejectives
/// (კ K', პ P', ტ T', წ TS', ჭ CH') dropped as the MRZ drops apostrophes: სააკაშვილი → SAAKASHVILI,
/// ჯუღაშვილი → JUGHASHVILI. ICAO Doc 9303 has no Georgian table. Mkhedruli, Mtavruli (capitals, U+1C90)
/// and the old Asomtavruli capitals read alike.
enum GeorgianRomanization {
    @inline(__always)
    static func contains(_ value: UInt32) -> Bool { (0x10A0...0x10FF).contains(value) || (0x1C90...0x1CBF).contains(value) }

    /// ა (U+10D0) ... ჰ (U+10F0), then the archaic ჱ ჲ ჳ ჴ ჵ ჶ ჷ ჸ ჹ ჺ.
    static let letters: [String] = [
        "A", "B", "G", "D", "E", "V", "Z", "T", "I", "K", "L", "M", "N", "O", "P", "ZH", "R", "S", "T", "U", "P", "K",
        "GH", "Q", "SH", "CH", "TS", "DZ", "TS", "CH", "KH", "J", "H", "E", "Y", "W", "Q", "O", "F", "", "", "",
        "",
    ]

    @inline(__always)
    static func slot(_ value: UInt32) -> Int? {
        switch value {
        case 0x10D0...0x10FA: return Int(value - 0x10D0)
        case 0x1C90...0x1CBA: return Int(value - 0x1C90)
        case 0x10A0...0x10C5: return Int(value - 0x10A0)
        default: return nil
        }
    }

    static func isTransliterable(_ value: UInt32) -> Bool {
        guard let slot = slot(value) else { return false }
        return !letters[slot].isEmpty
    }

    static func render(_ word: UnsafeBufferPointer<UInt32>, from start: Int, into output: inout [UInt8]) -> Int {
        var index = start
        while index < word.count, contains(word[index]) {
            if let slot = slot(word[index]) { output.append(contentsOf: letters[slot].utf8) }
            index += 1
        }
        return index
    }
}
