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
                let folded = part.utf8.first == ConsonantKey.marker ? String(part) : NameNormalizer.fold(String(part))
                if !folded.isEmpty, ordered.count < limit, seen.insert(folded).inserted { ordered.append(folded) }
            }
        }
        let arabic = word.unicodeScalars.contains { (0x600...0x6FF).contains($0.value) || $0.value >= 0xFB50 }
        if arabic, let usual = ArabicNames.latin(word) { add(usual) }
        for standard in standards { add(Transliteration.transliterate(word, standard: standard)) }
        if arabic {
            for plain in plainArabic(Transliteration.transliterate(word, standard: .icao9303)) { add(plain) }
        }
        if word.unicodeScalars.contains(where: { (0x591...0x5F4).contains($0.value) }) {
            let usual = Transliteration.transliterate(word, standard: .icao9303)
            let plosive = Transliteration.transliterate(hebrewPlosive(word), standard: .icao9303)
            for form in [usual, plosive] { if let key = ConsonantKey.of(form) { add(key) } }
            add(plosive)
        }
        if let letterByLetter = LetterByLetter.romanise(word) { add(letterByLetter) }
        for variant in Transliteration.latinVariants(of: word).sorted() { add(variant) }
        return ordered
    }

    /// The word with a dagesh on every ב, כ and פ that has none: read B, K, P instead of V, KH, F.
    ///
    /// In unpointed Hebrew (names as they are usually typed) nothing shows whether these letters are plosive
    /// or fricative inside a word: שפר is SHAFER, SHEFER or SHAPIRA's SHAPIR-, גבריאל is GAVRIEL or GABRIEL,
    /// צבי is TSVI or TZBI. The Academy's rules read them fricative there (``HebrewRomanization``); passports
    /// and other romanisers (Unidecode: SHPR, GBRYAL, TSBY) often write the plosive. Final ך and ף stay
    /// fricative in every system.
    static func hebrewPlosive(_ word: String) -> String {
        var scalars = String.UnicodeScalarView()
        let source = Array(word.unicodeScalars)
        for (index, scalar) in source.enumerated() {
            scalars.append(scalar)
            if [0x5D1, 0x5DB, 0x5E4].contains(scalar.value), index + 1 == source.count || source[index + 1].value != 0x5BC {
                scalars.append(Unicode.Scalar(0x5BC)!)
            }
        }
        return String(scalars)
    }

    /// Spellings an Arabic-script word is likely to have on a Latin document, from its ICAO 9303 table C
    /// form (`MXHMD`): every X-escaped letter as its usual Latin letters (XH H, XKH KH, XSS S, XDZ D, XTT T,
    /// XZZ Z, XTA T, XAH A, hamza seats as their vowel), the ain (`E`) at the start also as `A` or dropped
    /// (علي: `ELY`, `ALY`), the article also split off (الحسن: `ALHSN`, `HSN`), and the consonant keys of
    /// these (``ConsonantKey``). ICAO 9303 Part 3 App. B.5.3 tells search to ignore the X characters and
    /// expect missing vowels.
    static func plainArabic(_ icao: String) -> [String] {
        var results: [String] = []
        for part in icao.split(separator: " ") {
            let bytes = Array(part.utf8)
            var plain: [UInt8] = []
            var index = 0
            outer: while index < bytes.count {
                if bytes[index] == UInt8(ascii: "X") {
                    for (code, latin) in xCodes where index + code.count <= bytes.count
                        && Array(bytes[index..<(index + code.count)]) == code
                    {
                        plain.append(contentsOf: latin)
                        index += code.count
                        continue outer
                    }
                    index += 1
                    continue
                }
                plain.append(bytes[index])
                index += 1
            }
            guard !plain.isEmpty else { continue }
            var forms = [plain]
            if plain.first == UInt8(ascii: "E"), plain.count > 2 {
                forms.append([UInt8(ascii: "A")] + plain.dropFirst())
                forms.append(Array(plain.dropFirst()))
            }
            if plain.count > 4, plain.starts(with: [UInt8(ascii: "A"), UInt8(ascii: "L")]) { forms.append(Array(plain.dropFirst(2))) }
            for form in forms { results.append(String(decoding: form, as: UTF8.self)) }
            for form in forms { if let key = ConsonantKey.of(String(decoding: form, as: UTF8.self)) { results.append(key) } }
        }
        return results
    }

    /// ICAO 9303 table C escape codes, longest first, and the Latin letters a document usually writes.
    static let xCodes: [([UInt8], [UInt8])] = [
        ("XAA", "A"), ("XAE", "A"), ("XAH", "A"), ("XAY", "A"), ("XTA", "T"), ("XTH", "TH"), ("XKH", "KH"),
        ("XDH", "DH"), ("XSH", "SH"), ("XSS", "S"), ("XDZ", "D"), ("XTT", "T"), ("XZZ", "Z"), ("XXA", "A"),
        ("XKK", "K"), ("XGG", "G"), ("XYA", "I"), ("XXT", "T"), ("XRT", "T"), ("XKE", "G"), ("XXH", "TS"),
        ("XXD", "D"), ("XDR", "D"), ("XXR", "R"), ("XRR", "R"), ("XRX", "ZH"), ("XXS", "SH"), ("XXK", "G"),
        ("XNG", "NG"), ("XNN", "N"), ("XXN", "N"), ("XDO", "H"), ("XYH", "E"), ("XXG", "H"), ("XGE", "E"),
        ("XTG", "T"), ("XXY", "I"), ("XYB", "E"), ("XBE", "E"), ("XE", ""), ("XI", "I"), ("XH", "H"), ("XC", "CH"),
        ("XJ", "ZH"),
    ].map { (Array($0.0.utf8), Array($0.1.utf8)) }
}
