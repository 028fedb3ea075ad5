/// Arabic script per ICAO Doc 9303 Part 3 §6, table C ("Transliteration of Arabic script", MRZ only), with the
/// Persian, Urdu and Pashto letters of the same table, and the rules of its Appendix B:
/// - the table is reversible: a letter with no one-letter Latin form is written with the escape `X` before it
///   (ح XH, خ XKH, ش XSH; `X` is never a letter of its own in the MRZ of an Arabic name);
/// - hamza seats: أ XAE, إ I, ؤ U, ئ XI; ء XE; آ XAA; ٱ (alef wasla) XXA; ى (alef maksura) XAY;
/// - ة (teh marbuta) is XTA, but XAH at the end of a name component (فاطمة → FAXTMXAH): feminine names end
///   with it (App. B.5.5);
/// - shadda (U+0651) doubles the letter it sits on (عبّاس → EBBAS); the short-vowel signs, sukun, tanwin,
///   dagger alef and tatweel are not encoded;
/// - Persian, Urdu and Pashto letters: پ P, چ XC, ژ XJ, ک XKK, گ XGG, ی (Farsi yeh) XYA, ٹ XXT, ڈ XXD, ڑ XXR,
///   ں XNN, ھ XDO, ہ XXG, ے XYB, ټ XRT, ځ XKE, څ XXH, ډ XDR, ړ XRR, ږ XRX, ښ XXS, ګ XXK, ڼ XXN, ۍ XXY, ې Y, ...
/// Letters the table does not encode (ڤ, ڢ, ڧ, ڨ, ...) have no form: `Transliteration.latin` reports them.
enum ArabicICAO9303 {
    @inline(__always)
    static func contains(_ value: UInt32) -> Bool { (0x600...0x6FF).contains(value) }

    /// Shadda: doubles the letter before it.
    static let shadda: UInt32 = 0x651

    /// Table C, by code point.
    static let table: [UInt32: String] = [
        0x621: "XE", 0x622: "XAA", 0x623: "XAE", 0x624: "U", 0x625: "I", 0x626: "XI", 0x627: "A", 0x628: "B",
        0x629: "XTA", 0x62A: "T", 0x62B: "XTH", 0x62C: "J", 0x62D: "XH", 0x62E: "XKH", 0x62F: "D", 0x630: "XDH",
        0x631: "R", 0x632: "Z", 0x633: "S", 0x634: "XSH", 0x635: "XSS", 0x636: "XDZ", 0x637: "XTT", 0x638: "XZZ",
        0x639: "E", 0x63A: "G", 0x641: "F", 0x642: "Q", 0x643: "K", 0x644: "L", 0x645: "M", 0x646: "N",
        0x647: "H", 0x648: "W", 0x649: "XAY", 0x64A: "Y", 0x671: "XXA",
        // Persian, Urdu, Pashto (table C, second part).
        0x679: "XXT", 0x67C: "XRT", 0x67E: "P", 0x681: "XKE", 0x685: "XXH", 0x686: "XC", 0x688: "XXD",
        0x689: "XDR", 0x691: "XXR", 0x693: "XRR", 0x696: "XRX", 0x698: "XJ", 0x69A: "XXS", 0x6A9: "XKK",
        0x6AB: "XXK", 0x6AD: "XNG", 0x6AF: "XGG", 0x6BA: "XNN", 0x6BC: "XXN", 0x6BE: "XDO", 0x6C0: "XYH",
        0x6C1: "XXG", 0x6C2: "XGE", 0x6C3: "XTG", 0x6CC: "XYA", 0x6CD: "XXY", 0x6D0: "Y", 0x6D2: "XYB",
        0x6D3: "XBE",
    ]

    /// Signs written over or under letters that the MRZ does not encode (harakat, tanwin, sukun, dagger alef,
    /// Quranic marks) and tatweel; Arabic-Indic digits are not name letters either.
    @inline(__always)
    static func isIgnored(_ value: UInt32) -> Bool {
        switch value {
        case 0x610...0x61A, 0x640, 0x64B...0x650, 0x652...0x65F, 0x660...0x669, 0x670, 0x6D6...0x6ED, 0x6F0...0x6F9:
            return true
        default:
            return false
        }
    }

    /// Whether `value` has a form (a letter of table C, shadda, or an ignored sign).
    static func isTransliterable(_ value: UInt32) -> Bool {
        table[value] != nil || value == shadda || isIgnored(value)
    }

    /// Renders the run of Arabic-block scalars from `start`; returns the index after it. Unencoded letters
    /// produce nothing (the caller flags them).
    static func render(_ word: UnsafeBufferPointer<UInt32>, from start: Int, into output: inout [UInt8]) -> Int {
        var index = start
        var lastLetter: Range<Int>? = nil  // bytes of the last letter written, for shadda
        while index < word.count, contains(word[index]) {
            let value = word[index]
            index += 1
            if value == shadda {
                if let lastLetter, lastLetter.count <= 4 {
                    let bytes = Array(output[lastLetter])
                    output.append(contentsOf: bytes)
                }
                continue
            }
            guard let latin = table[value] else { continue }
            let begin = output.count
            if value == 0x629, endsNameComponent(word, after: index) {
                output.append(contentsOf: "XAH".utf8)
            } else {
                output.append(contentsOf: latin.utf8)
            }
            lastLetter = begin..<output.count
        }
        return index
    }

    /// True when nothing but unencoded signs follows `index` in the word: the end of a name component.
    static func endsNameComponent(_ word: UnsafeBufferPointer<UInt32>, after index: Int) -> Bool {
        var position = index
        while position < word.count {
            let value = word[position]
            if !(isIgnored(value) || value == shadda || (0x300...0x36F).contains(value)) { return false }
            position += 1
        }
        return true
    }
}
