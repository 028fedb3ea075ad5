/// Greek, Georgian and Armenian names romanised letter by letter, as databases, libraries and other
/// agencies' systems write them, beside the national systems their passports use.
///
/// Passports follow ELOT 743 (Greece), the Georgian national system of 2002 and the Armenian passport
/// system, which ``Transliteration`` implements and ``LatinKeys`` spells. A notice or a partner's record
/// often comes instead from a letter-by-letter table: the classical one for Greek (η E, υ U, β B, φ PH,
/// χ KH: DEMETRIOS, PHILIPPOS, Unidecode's choice), ISO 9984 for Georgian (ხ X, ძ Z, ც and წ C, ღ G:
/// XARATISHVILI, NEMSAZE) and ISO 9985 for Armenian (խ X, ու OW, ո O, ե E everywhere: DOLUXANOV, PAROWYR).
/// Diacritics and the apostrophes of aspirated letters are dropped, as the MRZ drops them. One more
/// spelling per word; a word of another script gets none.
enum LetterByLetter {
    /// The letter-by-letter form of `word` (folded to `A`-`Z` by the caller), `nil` when it has no Greek,
    /// Georgian or Armenian letter.
    static func romanise(_ word: String) -> String? {
        var output = ""
        var found = false
        for scalar in word.lowercased().unicodeScalars {
            if let latin = table[scalar.value] {
                output += latin
                found = true
            } else if scalar.value < 0x80 {
                output.unicodeScalars.append(scalar)
            }
        }
        return found && !output.isEmpty ? output : nil
    }

    static let table: [UInt32: String] = {
        var table: [UInt32: String] = [:]
        func add(_ letters: String, _ latin: [String]) {
            for (scalar, value) in zip(letters.unicodeScalars, latin) { table[scalar.value] = value }
        }
        // Greek, classical letter by letter (lower case; the caller lowers), accented vowels as plain.
        add("αβγδεζηθικλμνξοπρσςτυφχψω", ["A", "B", "G", "D", "E", "Z", "E", "TH", "I", "K", "L", "M", "N", "X", "O", "P",
                                         "R", "S", "S", "T", "U", "PH", "KH", "PS", "O"])
        add("άέήίόύώϊϋΐΰ", ["A", "E", "E", "I", "O", "U", "O", "I", "U", "I", "U"])
        // Georgian, ISO 9984 without diacritics (Mkhedruli).
        add("აბგდევზთიკლმნოპჟრსტუფქღყშჩცძწჭხჯჰ", ["A", "B", "G", "D", "E", "V", "Z", "T", "I", "K", "L", "M", "N", "O",
                                                "P", "ZH", "R", "S", "T", "U", "P", "K", "G", "Q", "SH", "CH", "C",
                                                "Z", "C", "CH", "X", "J", "H"])
        // Armenian, ISO 9985 without diacritics (lower case; ու is ո + ւ: OW; և EW).
        add("աբգդեզէըթժիլխծկհձղճմյնշոչպջռսվտրցւփքօֆև", ["A", "B", "G", "D", "E", "Z", "E", "E", "T", "ZH", "I", "L", "X",
                                                       "C", "K", "H", "J", "GH", "CH", "M", "Y", "N", "SH", "O", "CH",
                                                       "P", "J", "R", "S", "V", "T", "R", "C", "W", "P", "K", "O", "F",
                                                       "EW"])
        return table
    }()
}
