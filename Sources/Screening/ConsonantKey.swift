/// The consonants of a name word, for scripts that do not write short vowels (Arabic, Persian, Hebrew).
///
/// An alert typed in Arabic script gives its consonants and long vowels (سلطانی: S L T A N Y); the passport
/// gives the name with vowels a clerk chose (SOLTANI, SULTANI) or, from a consonantal romaniser, none
/// (SLTNY). ICAO Doc 9303 Part 3 Appendix B.5.3 tells search algorithms to expect missing vowels and an
/// absent shadda. Both sides therefore also carry a *consonant key*: the ``NameKey`` skeleton without
/// vowels, `W`/`V` (و/ו are vowel letters as often as consonants) and a final `H` (ة and a silent ה), doubled
/// letters once: SOLTANI, SULTANI, SLTNY and سلطانی all give `SLTN`. `J` stays a consonant (ج is
/// not the Cyrillic Й the skeleton reads it as): JAFAR, JFR and جعفر give `JFR`. Consonant keys are spellings
/// of their own, marked by a leading `0` so they never meet an ordinary spelling; they are made for alert
/// words in those scripts and looked up for every traveller word whose key some alert has. Equal keys score
/// ``similarity`` (below a skeleton match): two names with one consonant skeleton (HASAN, HUSAIN) are told
/// apart by date, nationality, sex.
///
/// Two consonants are enough (KIAN and KYN for كیان, HUDA and HD for هدى, SARA and SR): most given names
/// of these scripts have two or three. A two-consonant key is common, but the index looks keys up within
/// the birth year, and a key alone scores 0.9 for its word: the other words and the date must agree too.
enum ConsonantKey {
    static let marker = UInt8(ascii: "0")
    static let similarity = 0.9

    /// The key of a folded (`A`-`Z`) word, `nil` when fewer than two consonants remain (ALI, ALIA: one
    /// letter says nothing).
    static func of(_ folded: String) -> String? {
        let skeleton = NameKey.skeleton(Array(folded.utf8), consonantal: true)
        var bytes: [UInt8] = [marker]
        for byte in skeleton {
            switch byte {
            case UInt8(ascii: "A"), UInt8(ascii: "E"), UInt8(ascii: "I"), UInt8(ascii: "O"), UInt8(ascii: "U"),
                UInt8(ascii: "Y"), UInt8(ascii: "V"), UInt8(ascii: "W"):
                continue
            default:
                if bytes.last != byte { bytes.append(byte) }
            }
        }
        if bytes.count > 3, bytes.last == UInt8(ascii: "H") { bytes.removeLast() }
        guard bytes.count >= 3 else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    @inline(__always)
    static func isKey(_ text: [UInt8]) -> Bool { text.first == marker }
}
