/// The scripts besides Latin and Cyrillic that transliteration reads run by run, because their rules look
/// at neighbouring letters (Greek pairs, Arabic shadda and teh marbuta, Hebrew points, Armenian ՈՒ).
enum OtherScript {
    case greek, arabic, hebrew, armenian, georgian

    @inline(__always)
    init?(_ value: UInt32) {
        guard value >= 0x370 else { return nil }
        if GreekELOT743.contains(value) {
            self = .greek
        } else if ArabicICAO9303.contains(value) {
            self = .arabic
        } else if HebrewRomanization.contains(value) {
            self = .hebrew
        } else if ArmenianRomanization.contains(value) {
            self = .armenian
        } else if GeorgianRomanization.contains(value) {
            self = .georgian
        } else {
            return nil
        }
    }

    /// Renders the run of this script that starts at `start`; returns the index after it (always > `start`).
    func render(_ word: UnsafeBufferPointer<UInt32>, from start: Int, into output: inout [UInt8]) -> Int {
        let end: Int
        switch self {
        case .greek: end = GreekELOT743.render(word, from: start, into: &output)
        case .arabic: end = ArabicICAO9303.render(word, from: start, into: &output)
        case .hebrew: end = HebrewRomanization.render(word, from: start, into: &output)
        case .armenian: end = ArmenianRomanization.render(word, from: start, into: &output)
        case .georgian: end = GeorgianRomanization.render(word, from: start, into: &output)
        }
        return max(end, start + 1)
    }

    /// Whether a letter of this script has a Latin form.
    func isTransliterable(_ value: UInt32) -> Bool {
        switch self {
        case .greek: return GreekELOT743.letters[value] != nil || !ScriptTables.isLetter(value)
        case .arabic: return ArabicICAO9303.isTransliterable(value) || !ScriptTables.isLetter(value)
        case .hebrew: return HebrewRomanization.isTransliterable(value)
        case .armenian: return ArmenianRomanization.isTransliterable(value)
        case .georgian: return GeorgianRomanization.isTransliterable(value) || !ScriptTables.isLetter(value)
        }
    }
}
