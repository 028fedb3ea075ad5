/// Screening-specific keys over folded (`A`-`Z`) name words.
///
/// The *skeleton* makes the spellings that romanisation systems and clerks produce for one sound
/// equal, so that `SHEVCHENKO` (ICAO), `SCHEWTSCHENKO` (German), `CHEVTCHENKO` (French) and
/// `HUSEYNOV`/`GUSEINOV`, `MAMMADOV`/`MAMEDOV` meet on one key. It is deliberately coarse: it only
/// finds candidates and earns a "spelling variant" similarity; birth date, nationality and the
/// finer comparison decide. Rules, in order:
/// 1. letter groups for one Cyrillic sound: `SHCH SCHTSCH CHTCH SZCZ`→`S` (Щ), `TSCH TCH CZ`→`C` (Ч),
///    `SCH SH SZ`→`S` (Ш), `ZH`→`Z` (Ж), `DZH DJ`→`J`, `KH`→`H` (Х), `CH`→`C`, `TS TZ`→`C` (Ц),
///    `PH`→`F`, `TH`→`T`, `OU`→`U` (French У), `CK`→`K`, `X`→`KS` (OLEXANDR), `UE OE AE`→`U O A`
///    (German umlauts spelt out: MUELLER/MULLER);
/// 2. single letters: `Y J`→`I` (Й, Ы, Ukrainian И), `W`→`V` (German В), `Z`→`S` (German С/З: MOROSOW,
///    and Ж after `ZH`), `Q`→`K`, `G`→`H` (Ukrainian
///    and Belarusian Г = H, Russian = G; Azerbaijani Q/G);
/// 3. Belarusian `Ў` (a `U` that is no vowel, after a vowel) is the `В` of the Russian form: a final
///    `OU`/`OW`/`EU`/`EW`/`AU`/`AW` is `-оў/-еў/-аў` = Russian `-ов/-ев` (`KAZLOU`→`KAZLOV`, `BAHDANAU`/`BAGDANAW`
///    for Багданаў/Богданов, the unstressed О written А), and a `U` between `A`, `E` or `O` and a consonant
///    inside a word is `V` (`LAURYNOVICH`/`LAWRYNOVICH`/`LAVRINOVICH` for Лаўрыновіч/Лавринович: the Belarusian
///    passport system writes Ў as `U`, the older and German ones as `W`);
/// 4. doubled letters once (`MOHAMMED`/`MOHAMED`, `-IY`/`-II`/`-YI` endings meet as `I`);
/// 5. inside a word, an `I` before a vowel is a palatal glide (`IA YA JA` for Я, `IU YU` for Ю, `IE YE`
///    for Є, `ALIAKSANDR`) and drops; at the start it stays (`YURIY`/`IURII`/`JURIJ` keep their `I`) except
///    before `E`, where systems disagree (Е is `E` in ICAO 9303, `YE`/`JE` in English and German: JEDUARD).
public enum NameKey {
    /// The skeleton of a folded word.
    public static func skeleton(_ folded: String) -> String {
        String(decoding: skeleton(Array(folded.utf8)), as: UTF8.self)
    }

    static let groups: [([UInt8], [UInt8])] = [
        ("SCHTSCH", "S"), ("SHTCH", "S"), ("CHTCH", "S"), ("SHCH", "S"), ("SZCZ", "S"), ("TSCH", "C"),
        ("DZH", "J"), ("TCH", "C"), ("SCH", "S"), ("SH", "S"), ("SZ", "S"), ("CZ", "C"), ("ZH", "Z"),
        ("DJ", "J"), ("KH", "H"), ("CH", "C"), ("TS", "C"), ("TZ", "C"), ("PH", "F"), ("TH", "T"),
        ("OU", "U"), ("CK", "K"), ("X", "KS"), ("UE", "U"), ("OE", "O"), ("AE", "A"),
    ].map { (Array($0.0.utf8), Array($0.1.utf8)) }

    /// The Arabic article, however romanised (`AL`, `EL`, `UL`), is one key: AL MASRI = EL-MASRY.
    static let articles: Set<[UInt8]> = [Array("AL".utf8), Array("EL".utf8), Array("UL".utf8)]

    /// `consonantal` keeps `J` a consonant (Arabic ج, Hebrew ג׳): for ``ConsonantKey``, whose words are not
    /// spelt from Cyrillic, where `J` is the `Й` of rule 2.
    static func skeleton(_ word: [UInt8], consonantal: Bool = false) -> [UInt8] {
        if articles.contains(word) { return Array("AL".utf8) }
        // Belarusian Ў: -OU/-OW endings are the -OV of Russian forms (KAZLOU, KAZLOW, KOZLOV).
        var word = word
        if word.count >= 4, let last = word.last, last == UInt8(ascii: "U") || last == UInt8(ascii: "W"),
            word[word.count - 2] == UInt8(ascii: "O") || word[word.count - 2] == UInt8(ascii: "E")
                || word[word.count - 2] == UInt8(ascii: "A")
        {
            word[word.count - 1] = UInt8(ascii: "V")
        }
        var grouped: [UInt8] = []
        grouped.reserveCapacity(word.count + 2)
        var index = 0
        outer: while index < word.count {
            for (pattern, replacement) in groups where pattern[0] == word[index] && index + pattern.count <= word.count {
                var same = true
                for offset in 1..<max(pattern.count, 1) where word[index + offset] != pattern[offset] {
                    same = false
                    break
                }
                if same {
                    grouped.append(contentsOf: replacement)
                    index += pattern.count
                    continue outer
                }
            }
            grouped.append(word[index])
            index += 1
        }
        var mapped: [UInt8] = []
        mapped.reserveCapacity(grouped.count)
        for (position, byte) in grouped.enumerated() {
            let letter: UInt8
            let next = position + 1 < grouped.count ? grouped[position + 1] : 0
            switch byte {
            // Chinese pinyin J before I is a consonant (JIANG is not YANG, JING not YING).
            case UInt8(ascii: "J") where next == UInt8(ascii: "I") || consonantal: letter = byte
            case UInt8(ascii: "Y"), UInt8(ascii: "J"): letter = UInt8(ascii: "I")
            case UInt8(ascii: "W"): letter = UInt8(ascii: "V")
            // Ў inside a word (rule 3): after A, E or O and before a consonant.
            case UInt8(ascii: "U") where position > 0 && position + 1 < grouped.count
                && isPlainVowel(grouped[position - 1]) && !isVowel(next) && next != UInt8(ascii: "W"):
                letter = UInt8(ascii: "V")
            case UInt8(ascii: "Q"): letter = UInt8(ascii: "K")
            case UInt8(ascii: "G"): letter = UInt8(ascii: "H")
            case UInt8(ascii: "Z"): letter = UInt8(ascii: "S")
            default: letter = byte
            }
            if mapped.last != letter { mapped.append(letter) }
        }
        var result: [UInt8] = []
        result.reserveCapacity(mapped.count)
        for (position, byte) in mapped.enumerated() {
            // Not in short words: LIU and LU are two Chinese surnames.
            if byte == UInt8(ascii: "I"), mapped.count >= 5, position + 1 < mapped.count, isVowel(mapped[position + 1]),
                position > 0 || mapped[position + 1] == UInt8(ascii: "E")
            {
                continue
            }
            if result.last != byte { result.append(byte) }
        }
        return result.isEmpty ? mapped : result
    }

    /// A, E or O: the vowels a Belarusian Ў follows inside a word (rule 3). Not I: `IU` is Ю (`IURII`).
    @inline(__always)
    static func isPlainVowel(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "A") || byte == UInt8(ascii: "E") || byte == UInt8(ascii: "O")
    }

    @inline(__always)
    static func isVowel(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A"), UInt8(ascii: "E"), UInt8(ascii: "I"), UInt8(ascii: "O"), UInt8(ascii: "U"),
            UInt8(ascii: "Y"):
            return true
        default: return false
        }
    }

    /// 64-bit FNV-1a: the index keys words by hash, so the base and the delta of an index need no
    /// shared numbering; a collision only adds a candidate that scoring then rejects.
    @inline(__always)
    static func hash(_ bytes: [UInt8]) -> UInt64 {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            value = (value ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return value
    }

    /// Optimal-string-alignment distance in half-edits: a vowel for another vowel costs 1 (the
    /// romanisation variance of Arabic and Turkic names lives in vowels), every other substitution,
    /// insertion, deletion or adjacent transposition (OCR and typing slips) costs 2.
    /// Returns `nil` when the distance exceeds `limit`.
    static func distance(_ a: [UInt8], _ b: [UInt8], limit: Int, cheapVowels vowelsAllowed: Bool = true) -> Int? {
        let n = a.count, m = b.count
        if abs(n - m) * 2 > limit { return nil }
        if n == 0 { return m * 2 <= limit ? m * 2 : nil }
        if m == 0 { return n * 2 <= limit ? n * 2 : nil }
        if n > 48 || m > 48 { return a == b ? 0 : nil }
        // Short names (LI/LE, JUN/JIAN, ANNA/ANNE) differ by their vowels; long ones vary in them.
        let cheapVowels = vowelsAllowed && n >= 4 && m >= 4
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * (m + 1)) { buffer -> Int? in
            var previous2 = 0, previous = m + 1, current = 2 * (m + 1)
            for j in 0...m { buffer[previous + j] = j * 2 }
            for i in 1...n {
                buffer[current] = i * 2
                var rowMinimum = buffer[current]
                let ai = a[i - 1]
                for j in 1...m {
                    let bj = b[j - 1]
                    let substitution = ai == bj ? 0 : (cheapVowels && isVowel(ai) && isVowel(bj) ? 1 : 2)
                    var best = min(buffer[previous + j] + 2, buffer[current + j - 1] + 2)
                    best = min(best, buffer[previous + j - 1] + substitution)
                    if i > 1, j > 1, ai == b[j - 2], a[i - 2] == bj, ai != bj {
                        best = min(best, buffer[previous2 + j - 2] + 2)
                    }
                    buffer[current + j] = best
                    rowMinimum = min(rowMinimum, best)
                }
                if rowMinimum > limit { return nil }
                (previous2, previous, current) = (previous, current, previous2)
            }
            let result = buffer[previous + m]
            return result <= limit ? result : nil
        }
    }

    /// One bit per letter a word has (`A`-`Z`: bits 1-26; other bytes share bits, which only weakens the bound).
    static func letterMask(_ word: [UInt8]) -> UInt32 {
        var mask: UInt32 = 0
        for byte in word { mask |= 1 << UInt32(byte & 31) }
        return mask
    }

    /// `A E I O U Y` in ``letterMask(_:)``.
    static let vowelLetters: UInt32 = letterMask(Array("AEIOUY".utf8))

    /// A lower bound of ``distance(_:_:limit:cheapVowels:)`` from the words' letter masks: every letter one
    /// word has and the other lacks must be deleted or substituted at least once, at 2 half-edits for a
    /// consonant and at least 1 for a vowel (a vowel for a vowel), and one operation removes one letter from
    /// each side at most. Most word pairs a candidate brings (OLEKSANDR and IVAN) fail here without the
    /// dynamic programme.
    @inline(__always)
    static func distanceBound(_ a: UInt32, _ b: UInt32) -> Int {
        let onlyA = a & ~b, onlyB = b & ~a
        let fromA = 2 * (onlyA & ~vowelLetters).nonzeroBitCount + (onlyA & vowelLetters).nonzeroBitCount
        let fromB = 2 * (onlyB & ~vowelLetters).nonzeroBitCount + (onlyB & vowelLetters).nonzeroBitCount
        return max(fromA, fromB)
    }

    /// Half-edits tolerated between two words whose longer skeleton has `length` letters: none for
    /// two letters (`LI`/`LE` are different names), one edit up to five, one and a half up to eight,
    /// two beyond.
    static func tolerance(length: Int) -> Int {
        switch length {
        case ..<3: return 1
        case 3: return 2
        case 4...5: return 2
        case 6...8: return 3
        default: return 4
        }
    }
}
