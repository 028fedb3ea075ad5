/// Transliteration of names into the Latin form printed in an MRZ, and the reverse need of screening: the
/// Latin spellings under which the same Cyrillic name may be found.
///
/// Pure and allocation-light: works on Unicode scalars, writes ASCII bytes, reads no locale.
public enum Transliteration {
    /// Latin MRZ-style upper-case form (A–Z, space, hyphen/apostrophe dropped as the standard says).
    ///
    /// ICAO 9303 Part 3 §6 and Part 4 §4.6: the MRZ carries only A–Z; a hyphen, a space or other punctuation
    /// between name parts becomes a filler (here a single space, `mrzName` turns it into `<`); an apostrophe
    /// is omitted without a filler (O'Brien → OBRIEN). Digits are dropped (names have none). Cyrillic follows
    /// `standard`; Latin letters with diacritics and Arabic script follow the ICAO 9303 tables; Greek follows
    /// ELOT 743, Hebrew, Armenian and Georgian their national systems (Doc 9303 has no table for them; see
    /// `GreekELOT743`, `HebrewRomanization`, `ArmenianRomanization`, `GeorgianRomanization`).
    /// Consecutive separators collapse to one space; the result has no leading or trailing space.
    ///
    /// Letters of scripts without a table (Chinese, Thai, ...) give nothing here: use `latin(_:standard:)`,
    /// which reports them instead of returning a name with letters missing.
    public static func transliterate(_ text: String, standard: TransliterationStandard) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + 8)
        var word: [UInt32] = []
        word.reserveCapacity(32)
        render(text, scheme: CyrillicScheme(standard), into: &output, word: &word)
        return String(decoding: output, as: UTF8.self)
    }

    /// The Latin MRZ-style form of `text`, as `transliterate(_:standard:)`, or an error when a letter of it has
    /// no Latin form (a script without a table, a letter a table leaves out): a name is never shortened or
    /// emptied without a word. Apostrophes, digits, punctuation and combining signs that the standards do not
    /// write (Arabic short vowels, accents) are not letters and are not reported.
    public static func latin(_ text: String, standard: TransliterationStandard = .icao9303)
        throws(TransliterationError) -> String
    {
        let result = transliterate(text, standard: standard)
        var missing = 0, letters = 0, first = -1
        for (position, scalar) in ScriptTables.compatibilityNormalized(text).unicodeScalars.enumerated() {
            let value = scalar.value
            if value < 0x80 {
                if (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value) { letters += 1 }
                continue
            }
            guard ScriptTables.isLetter(value) else { continue }
            letters += 1
            if !ScriptTables.hasLatinForm(value) {
                missing += 1
                if first < 0 { first = position }
            }
        }
        if missing > 0 || (letters > 0 && result.isEmpty) {
            throw TransliterationError(
                code: missing == letters || result.isEmpty ? .noLatinForm : .lettersWithoutLatinForm,
                count: max(missing, result.isEmpty ? letters : 0), letterCount: letters, position: max(first, 0),
                partial: result)
        }
        return result
    }

    /// The MRZ name-field form of a name, ICAO 9303 Part 4 §4.6: `SURNAME<<GIVEN<NAMES`.
    ///
    /// With a comma in `text` (`"Eriksson, Anna María"`) the part before the first comma is the primary
    /// identifier and the rest the secondary identifier; without one the whole text is a single identifier
    /// (`"Anna-Maria"` → `ANNA<MARIA`). No length limit is applied here: `MRZGenerator` truncates.
    public static func mrzName(_ text: String, standard: TransliterationStandard = .icao9303) -> String {
        if let comma = text.firstIndex(of: ",") {
            let primary = transliterate(String(text[..<comma]), standard: standard)
            let secondary = transliterate(String(text[text.index(after: comma)...]), standard: standard)
            return mrzFiller(primary) + "<<" + mrzFiller(secondary)
        }
        return mrzFiller(transliterate(text, standard: standard))
    }

    static func mrzFiller(_ latin: String) -> String {
        String(decoding: latin.utf8.map { $0 == 0x20 ? 0x3C : $0 }, as: UTF8.self)
    }

    // MARK: - Engine

    /// Renders `text` into upper-case ASCII letters and single spaces, appending to `output`.
    /// `word` is scratch space reused between calls.
    static func render(_ text: String, scheme: CyrillicScheme, into output: inout [UInt8], word: inout [UInt32]) {
        word.removeAll(keepingCapacity: true)
        for scalar in ScriptTables.compatibilityNormalized(text).unicodeScalars {
            let value = scalar.value
            if ScriptTables.isSeparator(value) {
                flush(&word, scheme: scheme, into: &output)
            } else {
                word.append(value)
            }
        }
        flush(&word, scheme: scheme, into: &output)
    }

    private static func flush(_ word: inout [UInt32], scheme: CyrillicScheme, into output: inout [UInt8]) {
        guard !word.isEmpty else { return }
        let before = output.count
        if before > 0 { output.append(0x20) }
        let start = output.count
        renderWord(word, scheme: scheme, into: &output)
        if output.count == start { output.removeSubrange(before..<output.count) }
        word.removeAll(keepingCapacity: true)
    }

    /// One word (no separators inside; apostrophes may be). Applies the positional rules of the scheme.
    static func renderWord(_ word: [UInt32], scheme: CyrillicScheme, into output: inout [UInt8]) {
        CyrillicScheme.flatBytes.withUnsafeBufferPointer { bytes in
            CyrillicScheme.flatRanges.withUnsafeBufferPointer { ranges in
                word.withUnsafeBufferPointer { word in
                    renderWord(word, scheme: scheme, bytes: bytes, ranges: ranges, into: &output)
                }
            }
        }
    }

    private static func renderWord(
        _ word: UnsafeBufferPointer<UInt32>, scheme: CyrillicScheme, bytes: UnsafeBufferPointer<UInt8>,
        ranges: UnsafeBufferPointer<UInt32>, into output: inout [UInt8]
    ) {
        typealias L = CyrillicLetter
        let rowBase = scheme.rawValue * L.slotCount
        var ukrainianWord = false
        if scheme.followsUkrainianLetters {
            for value in word {
                if let slot = L.slot(value), slot == L.UKR_I || slot == L.YI || slot == L.YE || slot == L.GHE_UP {
                    ukrainianWord = true
                    break
                }
            }
        }
        var previous: Int? = nil  // previous Cyrillic slot in the word
        var wordStart = true  // nothing rendered yet in this word
        var index = 0
        let count = word.count
        while index < count {
            let value = word[index]
            index += 1
            guard let slot = L.slot(value) else {
                if ScriptTables.isApostrophe(value) { continue }
                let before = output.count
                if let script = OtherScript(value) {
                    index = script.render(word, from: index - 1, into: &output)
                } else {
                    ScriptTables.appendNonCyrillic(value, into: &output)
                }
                if output.count > before {
                    wordStart = false
                    previous = nil
                }
                continue
            }
            let next: Int? = index < count ? L.slot(word[index]) : nil
            let atEnd = index >= count
            let afterVowel = previous.map { L.isVowel($0) || $0 == L.SOFT || $0 == L.HARD } ?? true
            var special: StaticString? = nil
            switch scheme {
            case .icao, .russianLegacy, .ukrainianLegacy:
                break
            case .ukrainian2010:
                if wordStart {
                    switch slot {
                    case L.YE: special = "YE"
                    case L.YI: special = "YI"
                    case L.J: special = "Y"
                    case L.YU: special = "YU"
                    case L.YA: special = "YA"
                    default: break
                    }
                } else if slot == L.G, previous == L.Z {
                    special = "GH"  // KMU 55/2010 note 1: зг → zgh
                }
            case .belarusian:
                if wordStart {
                    switch slot {
                    case L.E: special = "YE"
                    case L.YO: special = "YO"
                    case L.YU: special = "YU"
                    case L.YA: special = "YA"
                    default: break
                    }
                } else if slot == L.J, atEnd, previous == L.Y {
                    special = ""  // Юрый → YURY
                }
            case .ukrainianLegacyX:
                if slot == L.K, next == L.S {
                    special = "X"
                    index += 1
                }
            case .romanian:
                if ukrainianWord {
                    if slot == L.G { special = "H" } else if slot == L.I { special = "Y" }
                }
                let frontVowel = next == L.E || next == L.I || next == L.UKR_I || next == L.YE
                if slot == L.CH, frontVowel { special = "C" }
                if slot == L.K, frontVowel { special = "CH" }
            case .turkish:
                if ukrainianWord {
                    if slot == L.G { special = "H" } else if slot == L.I { special = "Y" }
                }
            case .german, .czech, .polish, .french:
                if ukrainianWord {
                    if slot == L.G { special = "H" } else if slot == L.I { special = "Y" }
                }
                if scheme != .french, slot == L.E, afterVowel { special = "JE" }
                if scheme == .polish, !afterVowel {
                    if slot == L.YA { special = "IA" } else if slot == L.YU { special = "IU" }
                }
                if scheme == .german || scheme == .french, slot == L.J, atEnd, previous == L.I || previous == L.Y {
                    special = ""  // Юрий → JURI / IOURI
                }
            }
            let before = output.count
            if let special {
                special.withUTF8Buffer { output.append(contentsOf: $0) }
            } else {
                let range = ranges[rowBase + slot]
                let start = Int(range >> 8)
                let length = Int(range & 0xFF)
                if length > 0 { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<(start + length)])) }
            }
            if output.count > before { wordStart = false }
            previous = slot
        }
    }

}
