import Foundation

/// Greek per ELOT 743 (Hellenic Organization for Standardization, 2nd edition 2001; = ISO 843 type 2,
/// "transcription"), the system Greek and Cypriot passports and identity cards use and the one the UN
/// adopted for Greek names (UNGEGN resolution V/19, 1987).
///
/// ICAO Doc 9303 Part 3 §6 has **no** Greek table (only Latin multinational characters, Cyrillic and Arabic);
/// Greece applies its national standard. ELOT 743 works on pairs of letters, not letter by letter:
/// - `ου` → OU (ΠΑΠΑΔΟΠΟΥΛΟΣ → PAPADOPOULOS, not PAPADOPOYLOS);
/// - `αυ`, `ευ`, `ηυ` → AV, EV, IV before a vowel or β γ δ ζ λ μ ν ρ, and AF, EF, IF before θ κ ξ π σ τ φ χ ψ
///   or at the end of the word (ΕΥΑΓΓΕΛΟΣ → EVANGELOS, ΕΥΘΥΜΙΟΣ → EFTHYMIOS);
/// - `γγ` → NG, `γξ` → NX, `γχ` → NCH; `γκ` → GK and `ντ` → NT (the standard keeps the letters; spoken G, ND, D
///   appear as screening variants, not here);
/// - `μπ` → B at the start or end of a word, MP inside it (ΜΠΑΚΟΓΙΑΝΝΗΣ → BAKOGIANNIS, ΚΑΜΠΟΣ → KAMPOS);
/// - a diaeresis (ϊ, ϋ) or an accent on the first vowel only breaks a pair (ΑΫΠΝΙΑ → AYPNIA).
/// Accents and breathings (polytonic) are dropped; final ς is S.
enum GreekELOT743 {
    /// Whether `value` is a Greek letter or a combining mark read with Greek (U+0370...U+03FF, U+1F00...U+1FFF).
    @inline(__always)
    static func contains(_ value: UInt32) -> Bool {
        (0x370...0x3FF).contains(value) || (0x1F00...0x1FFF).contains(value)
    }

    /// A Greek scalar read as its lower-case base letter (U+03B1...U+03C9) with its marks.
    struct Letter {
        var base: UInt32
        var accented: Bool
        var diaeresis: Bool
    }

    /// Base letters and marks of U+0370...U+03FF and U+1F00...U+1FFF, built once from the Unicode decompositions.
    static let letters: [UInt32: Letter] = {
        var table: [UInt32: Letter] = [:]
        for value in UInt32(0x370)...0x3FF { add(value, into: &table) }
        for value in UInt32(0x1F00)...0x1FFF { add(value, into: &table) }
        return table
    }()

    private static func add(_ value: UInt32, into table: inout [UInt32: Letter]) {
        guard let scalar = Unicode.Scalar(value), scalar.properties.isAlphabetic else { return }
        let decomposed = String(Character(scalar)).decomposedStringWithCanonicalMapping.unicodeScalars
        guard let first = decomposed.first else { return }
        var base = first.value
        if (0x391...0x3A9).contains(base) { base += 0x20 }  // capital → small
        if base == 0x3C2 { base = 0x3C3 }  // final sigma
        guard (0x3B1...0x3C9).contains(base) else { return }
        var letter = Letter(base: base, accented: false, diaeresis: false)
        for mark in decomposed.dropFirst() {
            if mark.value == 0x308 { letter.diaeresis = true } else { letter.accented = true }
        }
        table[value] = letter
    }

    /// ELOT 743 single-letter forms, α (U+03B1) ... ω (U+03C9); index 0x3C2 − 0x3B1 is final sigma.
    static let single: [String] = [
        "A", "V", "G", "D", "E", "Z", "I", "TH", "I", "K", "L", "M", "N", "X", "O", "P", "R", "S", "S", "T", "Y", "F",
        "CH", "PS", "O",
    ]

    /// Letters after which αυ/ευ/ηυ are AV/EV/IV: vowels and the voiced consonants β γ δ ζ λ μ ν ρ.
    @inline(__always)
    static func voicesUpsilon(_ base: UInt32) -> Bool {
        switch base {
        case 0x3B1, 0x3B5, 0x3B7, 0x3B9, 0x3BF, 0x3C5, 0x3C9: return true  // α ε η ι ο υ ω
        case 0x3B2, 0x3B3, 0x3B4, 0x3B6, 0x3BB, 0x3BC, 0x3BD, 0x3C1: return true  // β γ δ ζ λ μ ν ρ
        default: return false
        }
    }

    /// Renders the run of Greek scalars starting at `start`; returns the index after the run. Combining marks
    /// (U+0300...U+036F) inside the run count as accents or a diaeresis on the letter before them.
    static func render(_ word: UnsafeBufferPointer<UInt32>, from start: Int, into output: inout [UInt8]) -> Int {
        var run: [Letter] = []
        var index = start
        while index < word.count, run.count < 128 {
            let value = word[index]
            if let letter = letters[value] {
                run.append(letter)
            } else if (0x300...0x36F).contains(value) || contains(value) {
                if !run.isEmpty {
                    if value == 0x308 { run[run.count - 1].diaeresis = true } else { run[run.count - 1].accented = true }
                }
            } else {
                break
            }
            index += 1
        }
        let wordStart = start == 0
        let wordEnd = index >= word.count
        var position = 0
        func append(_ text: StaticString) { text.withUTF8Buffer { output.append(contentsOf: $0) } }
        while position < run.count {
            let letter = run[position]
            let next = position + 1 < run.count ? run[position + 1] : nil
            let afterNext = position + 2 < run.count ? run[position + 2] : nil
            let pairBroken = next.map { $0.diaeresis || (letter.accented && !$0.accented) } ?? true
            switch (letter.base, next?.base) {
            case (0x3BF, 0x3C5?) where !pairBroken:  // ου
                append("OU")
                position += 2
                continue
            case (0x3B1, 0x3C5?) where !pairBroken, (0x3B5, 0x3C5?) where !pairBroken, (0x3B7, 0x3C5?) where !pairBroken:
                switch letter.base {
                case 0x3B1: append("A")
                case 0x3B5: append("E")
                default: append("I")
                }
                if let afterNext, voicesUpsilon(afterNext.base) { append("V") } else { append("F") }
                position += 2
                continue
            case (0x3B3, 0x3B3?):  // γγ
                append("NG")
                position += 2
                continue
            case (0x3B3, 0x3BE?):  // γξ
                append("NX")
                position += 2
                continue
            case (0x3B3, 0x3C7?):  // γχ
                append("NCH")
                position += 2
                continue
            case (0x3BC, 0x3C0?):  // μπ
                let atStart = position == 0 && wordStart
                let atEnd = position + 2 == run.count && wordEnd
                if atStart || atEnd { append("B") } else { append("MP") }
                position += 2
                continue
            default:
                break
            }
            output.append(contentsOf: single[Int(letter.base - 0x3B1)].utf8)
            position += 1
        }
        return index
    }
}
