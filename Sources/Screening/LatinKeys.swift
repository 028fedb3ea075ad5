import TravelDocuments

/// Latin spellings of a Cyrillic name word, from the TravelDocuments transliteration tables:
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
        for standard in standards { add(Transliteration.transliterate(word, standard: standard)) }
        for variant in Transliteration.latinVariants(of: word).sorted() { add(variant) }
        return ordered
    }
}
