import TravelDocuments

/// Latin spellings of a name word in another script (Cyrillic above all; also Greek, Arabic, Hebrew,
/// Armenian, Georgian), from the TravelDocuments transliteration tables:
/// the ICAO 9303 (2015) Part 3 table, the Ukrainian national system (KMU resolution 55 of 2010),
/// the older Russian passport style and the Belarusian passport system, plus every plausible
/// spelling `Transliteration.latinVariants(of:)` knows. A traveller's passport carries exactly one
/// of these; which one depends on the issuing state and year, so all are kept.
enum LatinKeys {
    static let standards: [TransliterationStandard] = [.icao9303, .ukrainian2010, .russianPassport, .belarusianPassport]

    /// The ICAO 9303 spelling, the one shown when an alert in Cyrillic is explained.
    static func primary(of word: String) -> String {
        NameNormalizer.fold(Transliteration.transliterate(word, standard: .icao9303))
    }

    /// All spellings, folded to `A`-`Z`, ICAO 9303 first; at most `limit` of them.
    static func spellings(of word: String, limit: Int = 24) -> [String] {
        var ordered: [String] = []
        var seen: Set<String> = []
        func add(_ text: String) {
            for part in text.split(whereSeparator: { $0 == " " || $0 == "-" }) {
                let folded = NameNormalizer.fold(String(part))
                if !folded.isEmpty, ordered.count < limit, seen.insert(folded).inserted { ordered.append(folded) }
            }
        }
        let arabic = word.unicodeScalars.contains { (0x600...0x6FF).contains($0.value) || $0.value >= 0xFB50 }
        if arabic, let usual = ArabicNames.latin(word) { add(usual) }
        for standard in standards { add(Transliteration.transliterate(word, standard: standard)) }
        if arabic {
            for plain in plainArabic(Transliteration.transliterate(word, standard: .icao9303)) { add(plain) }
        }
        for variant in Transliteration.latinVariants(of: word).sorted() { add(variant) }
        return ordered
    }

    /// Spellings an Arabic-script word is likely to have on a Latin document, from its ICAO 9303 table C
    /// form (`MXHMD`): the escape `X` removed (`MHMD`, the consonants a passport spells with vowels added,
    /// which the skeleton and the name table meet), and the ain (`E`) at the start as `A` or dropped
    /// (علي: `ELY`, `ALY`, `LY`). Unvocalised Arabic has no vowels to offer; ICAO 9303 Part 3 App. B.5.3
    /// tells search to ignore the X characters and expect missing vowels.
    static func plainArabic(_ icao: String) -> [String] {
        var results: [String] = []
        for part in icao.split(separator: " ") {
            var bytes = Array(part.utf8)
            bytes.removeAll { $0 == UInt8(ascii: "X") }
            guard !bytes.isEmpty else { continue }
            results.append(String(decoding: bytes, as: UTF8.self))
            if bytes.first == UInt8(ascii: "E") {
                var withA = bytes
                withA[0] = UInt8(ascii: "A")
                results.append(String(decoding: withA, as: UTF8.self))
                if bytes.count > 2 { results.append(String(decoding: bytes.dropFirst(), as: UTF8.self)) }
            }
        }
        return results
    }
}
