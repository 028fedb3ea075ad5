/// Armenian per the BGN/PCGN 1981 system with its apostrophes dropped, the spelling Armenian passports and
/// identity documents give (ՀՈՎՀԱՆՆԻՍՅԱՆ → HOVHANNISYAN, ԽԱՉԱՏՐՅԱՆ → KHACHATRYAN); ICAO Doc 9303 has no
/// Armenian table. Positional rules: Ե is YE and Ո is VO at the start of a word (ԵՐԵՎԱՆ → YEREVAN, ՈՍԿԱՆ →
/// VOSKAN), ՈՒ is U, և is YEV at the start and EV elsewhere.
enum ArmenianRomanization {
    @inline(__always)
    static func contains(_ value: UInt32) -> Bool { (0x531...0x58A).contains(value) || (0xFB13...0xFB17).contains(value) }

    /// Ա (U+0531) ... Ֆ (U+0556); small letters are U+0561 ... U+0586.
    static let letters: [String] = [
        "A", "B", "G", "D", "E", "Z", "E", "Y", "T", "ZH", "I", "L", "KH", "TS", "K", "H", "DZ", "GH", "CH", "M", "Y",
        "N", "SH", "O", "CH", "P", "J", "R", "S", "V", "T", "R", "TS", "V", "P", "K", "O", "F",
    ]

    /// The letter's index in `letters` (capital and small alike), or nil.
    @inline(__always)
    static func slot(_ value: UInt32) -> Int? {
        switch value {
        case 0x531...0x556: return Int(value - 0x531)
        case 0x561...0x586: return Int(value - 0x561)
        default: return nil
        }
    }

    static func isTransliterable(_ value: UInt32) -> Bool { slot(value) != nil || value == 0x587 || !isLetter(value) }

    static func isLetter(_ value: UInt32) -> Bool { Unicode.Scalar(value)?.properties.isAlphabetic ?? false }

    static func render(_ word: UnsafeBufferPointer<UInt32>, from start: Int, into output: inout [UInt8]) -> Int {
        var index = start
        var first = start == 0
        while index < word.count, contains(word[index]) {
            let value = word[index]
            index += 1
            if value == 0x587 {  // և
                output.append(contentsOf: (first ? "YEV" : "EV").utf8)
                first = false
                continue
            }
            guard let slot = slot(value) else { continue }
            let nextSlot = index < word.count ? self.slot(word[index]) : nil
            if slot == 0x17, nextSlot == 0x21 {  // ՈՒ → U
                output.append(0x55)
                index += 1
            } else if first, slot == 0x04 {
                output.append(contentsOf: "YE".utf8)
            } else if first, slot == 0x17 {
                output.append(contentsOf: "VO".utf8)
            } else {
                output.append(contentsOf: letters[slot].utf8)
            }
            first = false
        }
        return index
    }
}
