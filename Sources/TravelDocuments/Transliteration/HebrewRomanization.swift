/// Hebrew per the Academy of the Hebrew Language's rules for romanisation (2006, simplified form without
/// diacritics), Israel's national standard; ICAO Doc 9303 has no Hebrew table.
///
/// Consonants: א and ע silent, ב B/V, ג G, ד D, ה H, ז Z, ח H, ט T, כ ך K/KH, ל L, מ ם M, נ ן N, ס S, פ ף P/F,
/// צ ץ TS, ק K, ר R, ש SH (with the sin dot S), ת T; ג׳ J, ז׳ ZH, צ׳ CH with a geresh; Yiddish װ V, ױ OY, ײ EY.
/// ב כ פ are B K P with a dagesh or at the start of a word (where they take one), V KH F otherwise.
/// Vowel points: patah and qamats A, tsere and segol E, hiriq I, holam O, qubuts and shuruk U, hataf vowels as
/// their full vowel, shva not written. Unpointed text (the usual case) keeps its consonants and reads the
/// vowel letters: ו is V at the start of a word or doubled, O elsewhere; י is Y at the start, before a vowel
/// letter or doubled, I elsewhere. Without points the vowels between consonants are unknown, so an unpointed
/// name comes out as its skeleton (משה → MSH): screening matches it against Latin forms by its consonants.
enum HebrewRomanization {
    @inline(__always)
    static func contains(_ value: UInt32) -> Bool { (0x591...0x5F4).contains(value) }

    static func consonant(_ value: UInt32) -> StaticString? {
        switch value {
        case 0x5D0, 0x5E2: return ""  // א ע
        case 0x5D2: return "G"
        case 0x5D3: return "D"
        case 0x5D4: return "H"
        case 0x5D6: return "Z"
        case 0x5D7: return "H"
        case 0x5D8: return "T"
        case 0x5DC: return "L"
        case 0x5DD, 0x5DE: return "M"
        case 0x5DF, 0x5E0: return "N"
        case 0x5E1: return "S"
        case 0x5E5, 0x5E6: return "TS"
        case 0x5E7: return "K"
        case 0x5E8: return "R"
        case 0x5EA: return "T"
        case 0x5F0: return "V"
        case 0x5F1: return "OY"
        case 0x5F2: return "EY"
        default: return nil
        }
    }

    static func vowelPoint(_ value: UInt32) -> StaticString? {
        switch value {
        case 0x5B1, 0x5B5, 0x5B6: return "E"
        case 0x5B2, 0x5B7, 0x5B8, 0x5C7: return "A"
        case 0x5B3, 0x5B9, 0x5BA: return "O"
        case 0x5B4: return "I"
        case 0x5BB: return "U"
        default: return nil
        }
    }

    @inline(__always)
    static func isLetter(_ value: UInt32) -> Bool { (0x5D0...0x5EA).contains(value) || (0x5F0...0x5F2).contains(value) }

    static func isTransliterable(_ value: UInt32) -> Bool { contains(value) }

    /// True when the letter before the one at `position` carries a vowel point.
    static func followsVowelPoint(_ word: UnsafeBufferPointer<UInt32>, letterAt position: Int, start: Int) -> Bool {
        var index = position - 1
        while index >= start, !isLetter(word[index]) {
            if vowelPoint(word[index]) != nil { return true }
            index -= 1
        }
        return false
    }

    /// Renders the run of Hebrew-block scalars from `start`; returns the index after it.
    static func render(_ word: UnsafeBufferPointer<UInt32>, from start: Int, into output: inout [UInt8]) -> Int {
        var end = start
        while end < word.count, contains(word[end]) || word[end] == 0x27 { end += 1 }
        func append(_ text: StaticString) { text.withUTF8Buffer { output.append(contentsOf: $0) } }
        var index = start
        var letterPosition = 0
        while index < end {
            let value = word[index]
            index += 1
            guard isLetter(value) else {
                if let vowel = vowelPoint(value) { append(vowel) }
                continue
            }
            // The points and geresh on this letter.
            var dagesh = false, sinDot = false, holam = false, geresh = false
            var marks = index
            while marks < end, !isLetter(word[marks]) {
                switch word[marks] {
                case 0x5BC: dagesh = true
                case 0x5C2: sinDot = true
                case 0x5B9, 0x5BA: holam = true
                case 0x5F3, 0x27: geresh = true
                default: break
                }
                marks += 1
            }
            let atStart = letterPosition == 0 && start == 0
            let next: UInt32? = marks < end ? word[marks] : nil
            let pointed = marks > index
            letterPosition += 1
            switch value {
            case 0x5D1: if dagesh || atStart { append("B") } else { append("V") }
            case 0x5DB: if dagesh || atStart { append("K") } else { append("KH") }
            case 0x5DA: append("KH")
            case 0x5E4: if dagesh || atStart { append("P") } else { append("F") }
            case 0x5E3: append("F")
            case 0x5E9: if sinDot { append("S") } else { append("SH") }
            case 0x5D2 where geresh: append("J")
            case 0x5D6 where geresh: append("ZH")
            case 0x5E6 where geresh, 0x5E5 where geresh: append("CH")
            case 0x5D5:  // ו
                if holam { append("O") } else if dagesh && !atStart { append("U") } else if atStart || next == 0x5D5 || pointed {
                    append("V")
                    if next == 0x5D5 { marks += 1 }
                } else { append("O") }
            case 0x5D9:  // י
                if atStart || next == 0x5D9 || next == 0x5D5 || next == 0x5D0 || pointed {
                    append("Y")
                    if next == 0x5D9 { marks += 1 }
                } else { append("I") }
            case 0x5D4 where marks >= end && !dagesh && followsVowelPoint(word, letterAt: index - 1, start: start):
                break  // a final ה after a vowel only marks the vowel (שָׂרָה → SARA); with a mappiq it is H
            default:
                if let latin = consonant(value) { append(latin) }
            }
            if holam, value != 0x5D5 { append("O") }
            // Vowel points are written after the consonant as the loop reaches them.
            while index < marks {
                if word[index] != 0x5B9, word[index] != 0x5BA, let vowel = vowelPoint(word[index]) { append(vowel) }
                index += 1
            }
        }
        return end
    }
}
