import Foundation

/// Name normalisation: any-script text to words of the MRZ alphabet (`A`-`Z`), as ICAO 9303
/// Part 3 §6 prints names, so an alert typed as "Müller-Lüdenscheidt" and a passport read as
/// `MUELLER<LUEDENSCHEIDT` can be compared at all.
///
/// Case is folded, diacritics are removed (`Ş`→`S`, `ő`→`O`, `ễ`→`E`), the letters ICAO 9303 and
/// national practice spell out are spelt out (`ß`→`SS`, `Æ`→`AE`, `Ł`→`L`, `Ə`→`A`, `Đ`→`D`), and
/// apostrophes vanish (`O'Brien`→`OBRIEN`, Ukrainian `ʼ` as in `Мар'яна`). Everything else that is not
/// a letter separates words. Words in Cyrillic, Greek, Arabic, Hebrew, Armenian or Georgian are left for
/// ``LatinKeys`` to transliterate (the letters of any other script are dropped: there is no table for them).
public enum NameNormalizer {
    /// One word of a name, before folding: its text and whether it is written in a script other than Latin
    /// that transliteration reads (Cyrillic, Greek, Arabic, Hebrew, Armenian, Georgian).
    struct Word: Hashable, Sendable {
        var text: String
        var isCyrillic: Bool
    }

    /// Scripts whose words are transliterated, not folded.
    @inline(__always)
    static func isTransliterated(_ value: UInt32) -> Bool {
        switch value {
        case 0x370...0x3FF, 0x400...0x52F, 0x531...0x58A, 0x591...0x5F4, 0x600...0x6FF, 0x10A0...0x10FF,
            0x1C90...0x1CBF, 0x1F00...0x1FFF, 0xFB1D...0xFB4F, 0xFB50...0xFDFF, 0xFE70...0xFEFF:
            return true
        default:
            return false
        }
    }

    /// Splits `text` into words: letters (and combining marks) stay together, apostrophes are
    /// dropped, anything else separates. At most `limit` words are kept (hostile input is bounded).
    static func words(_ text: String, limit: Int = 16) -> [Word] {
        var result: [Word] = []
        var current = String.UnicodeScalarView()
        var cyrillic = false
        func flush() {
            if !current.isEmpty, result.count < limit {
                result.append(Word(text: String(current), isCyrillic: cyrillic))
            }
            current = String.UnicodeScalarView()
            cyrillic = false
        }
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if isApostrophe(value) { continue }
            if (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value) {
                current.append(scalar)
            } else if value < 0x80 {
                flush()
            } else if scalar.properties.isAlphabetic || scalar.properties.generalCategory == .nonspacingMark {
                if isTransliterated(value) { cyrillic = true }
                current.append(scalar)
            } else {
                flush()
            }
        }
        flush()
        return result
    }

    static func isApostrophe(_ value: UInt32) -> Bool {
        value == 0x27 || value == 0x60 || value == 0x2BC || value == 0x2BB || value == 0x2019 || value == 0x2018
            || value == 0xB4
    }

    /// Folds a Latin-script word to `A`-`Z`. With `expandUmlauts`, `Ä Ö Ü Å` become `AE OE UE AA`
    /// (ICAO 9303 Part 3 §6.B, German and Austrian passports); without, the bare vowel (most states).
    /// Letters of other scripts are dropped.
    public static func fold(_ word: String, expandUmlauts: Bool = false) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(word.utf8.count)
        for scalar in word.unicodeScalars {
            let value = scalar.value
            if (0x41...0x5A).contains(value) {
                out.append(UInt8(value))
            } else if (0x61...0x7A).contains(value) {
                out.append(UInt8(value - 32))
            } else if value >= 0x80 {
                if expandUmlauts, let expanded = umlautExpansion[value] {
                    out.append(contentsOf: expanded.utf8)
                } else if let folded = foldTable[value] {
                    out.append(contentsOf: folded.utf8)
                }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The word in Romanian's other spelling of the vowel /ɨ/, folded, when it has one: `Â` and `Î` are one
    /// sound, written `Î` inside words before the 1993 reform and in Moldova until its official script caught
    /// up, `Â` since (Romanian Academy, 1993). A notice may give `Țâbârnă` and the passport `TIBIRNA`, or
    /// `Țîbîrnă` and `TABARNA`: every `Â` is tried as `I`, every `Î` inside the word as `A`. Nil when the word
    /// has neither letter.
    static func romanianVowelAlternate(_ word: String) -> String? {
        let scalars = Array(word.unicodeScalars)
        guard scalars.contains(where: { $0.value == 0xE2 || $0.value == 0xC2 || $0.value == 0xEE || $0.value == 0xCE })
        else { return nil }
        var other = String.UnicodeScalarView()
        for (position, scalar) in scalars.enumerated() {
            let inside = position > 0 && position < scalars.count - 1
            switch scalar.value {
            case 0xE2, 0xC2: other.append("I")
            case 0xEE, 0xCE where inside: other.append("A")
            default: other.append(scalar)
            }
        }
        let folded = fold(String(other))
        return folded == fold(word) ? nil : folded
    }

    /// True when `word` has a letter that folds differently with umlauts expanded.
    static func hasUmlaut(_ word: String) -> Bool {
        word.unicodeScalars.contains { umlautExpansion[$0.value] != nil }
    }

    /// The whole name as one normalised string: words folded (Cyrillic transliterated by ICAO 9303),
    /// upper case, single spaces. Idempotent: normalising its own output changes nothing.
    public static func normalize(_ text: String) -> String {
        words(text, limit: Int.max).compactMap { word -> String? in
            let folded = word.isCyrillic ? LatinKeys.primary(of: word.text) : fold(word.text)
            return folded.isEmpty ? nil : folded
        }.joined(separator: " ")
    }

    static let umlautExpansion: [UInt32: String] = [
        0xC4: "AE", 0xE4: "AE", 0xD6: "OE", 0xF6: "OE", 0xDC: "UE", 0xFC: "UE", 0xC5: "AA", 0xE5: "AA",
    ]

    /// Scalar → `A`-`Z` spelling for Latin letters outside ASCII: spelt-out letters first, then
    /// the canonical decomposition with its combining marks removed. Built once.
    static let foldTable: [UInt32: String] = {
        var table: [UInt32: String] = [
            0xDF: "SS", 0x1E9E: "SS", 0xC6: "AE", 0xE6: "AE", 0xD8: "OE", 0xF8: "OE", 0x152: "OE", 0x153: "OE",
            0xDE: "TH", 0xFE: "TH", 0xD0: "D", 0xF0: "D", 0x110: "D", 0x111: "D", 0x141: "L", 0x142: "L",
            0x18F: "A", 0x259: "A", 0x131: "I", 0x130: "I", 0x126: "H", 0x127: "H", 0x14A: "N", 0x14B: "N",
            0x166: "T", 0x167: "T", 0x138: "K", 0x13F: "L", 0x140: "L", 0x149: "N", 0x17F: "S", 0x1C4: "DZ",
            0x1C5: "DZ", 0x1C6: "DZ", 0x1C7: "LJ", 0x1C8: "LJ", 0x1C9: "LJ", 0x1CA: "NJ", 0x1CB: "NJ", 0x1CC: "NJ",
            0x132: "IJ", 0x133: "IJ", 0x1F1: "DZ", 0x1F2: "DZ", 0x1F3: "DZ", 0x191: "F", 0x192: "F",
        ]
        let ranges: [ClosedRange<UInt32>] = [0xC0...0x24F, 0x1E00...0x1EFF, 0xFF21...0xFF3A, 0xFF41...0xFF5A, 0xFB00...0xFB06]
        for range in ranges {
            for value in range where table[value] == nil {
                guard let scalar = Unicode.Scalar(value) else { continue }
                let decomposed = String(Character(scalar)).decomposedStringWithCompatibilityMapping
                var letters = ""
                for part in decomposed.unicodeScalars {
                    if (0x41...0x5A).contains(part.value) {
                        letters.unicodeScalars.append(part)
                    } else if (0x61...0x7A).contains(part.value), let upper = Unicode.Scalar(part.value - 32) {
                        letters.unicodeScalars.append(upper)
                    }
                }
                if !letters.isEmpty { table[value] = letters }
            }
        }
        return table
    }()
}
