/// The rendering schemes from Cyrillic to upper-case ASCII Latin that transliteration and variant generation
/// use: the four public standards plus the older passport practices and the foreign-language spellings
/// that travellers' names are found under in other countries' records (German Duden, French, Polish,
/// Czech without diacritics).
enum CyrillicScheme: Int, CaseIterable, Sendable {
    case icao
    case ukrainian2010
    case belarusian
    /// Russian passports 1997-2010 (MVD practice): Й Y, Ю YU, Я YA (Дмитрий DMITRIY, Андрей ANDREY).
    case russianLegacy
    /// Ukrainian passports before 2010: И Y, Й Y, Ї YI, Є YE, Ю YU, Я YA (Андрій ANDRIY).
    case ukrainianLegacy
    /// As `ukrainianLegacy` but КС written X (Олександр OLEXANDR), common in older Ukrainian documents.
    case ukrainianLegacyX
    /// German (Duden): В W, Ж SCH, Х CH, Ц Z, Ч TSCH, Ш SCH, Щ SCHTSCH, Й J, Ю JU, Я JA (Шевченко SCHEWTSCHENKO).
    case german
    /// French: Ж J, Ш CH, Ч TCH, Щ CHTCH, У OU, Ю IOU (Шевченко CHEVTCHENKO).
    case french
    /// Polish: В W, Ш SZ, Ч CZ, Щ SZCZ, Ц C, Х CH, Й J (Шевченко SZEWCZENKO).
    case polish
    /// Czech/Slovak with the diacritics dropped as an MRZ or a Schengen record does: Š S, Č C, Ž Z (SEVCENKO).
    case czech
    /// Romanian (Moldovan records) without diacritics: Ш Ș→S, Ч CI (C before E, I), Щ ȘC→SC, Ж J, Х H, Ц Ț→T,
    /// К C (CH before E, I), Й I, Я IA, Ю IU (Шевченко SEVCENCO, Чорновол CIORNOVOL).
    case romanian
    /// Turkish (and Azerbaijani Latin) without diacritics: Ш Ş→S, Ч Ç→C, Ж J, Х H, Ц TS, Й Y, Я YA, Ю YU,
    /// Ы I (Шевченко SEVCENKO, Хмельницький HMELNITSKIY).
    case turkish

    init(_ standard: TransliterationStandard) {
        switch standard {
        case .icao9303, .russianPassport: self = .icao
        case .ukrainian2010: self = .ukrainian2010
        case .belarusianPassport: self = .belarusian
        }
    }
}

/// Cyrillic letters as small integer slots: 0..<48 are U+0400...U+042F (upper case), 48 is Ґ.
enum CyrillicLetter {
    static let slotCount = 49
    static let ghe = 0x490  // Ґ

    /// The upper-case slot of a Cyrillic scalar, or nil when the scalar is not a letter we transliterate.
    @inline(__always)
    static func slot(_ value: UInt32) -> Int? {
        switch value {
        case 0x400...0x42F: return Int(value - 0x400)
        case 0x430...0x44F: return Int(value - 0x430 + 0x10)
        case 0x450...0x45F: return Int(value - 0x450)
        case 0x490, 0x491: return 48
        default: return nil
        }
    }

    // Slots of the letters the positional rules look at.
    static let A = 0x10, B = 0x11, V = 0x12, G = 0x13, D = 0x14, E = 0x15, ZH = 0x16, Z = 0x17, I = 0x18
    static let J = 0x19, K = 0x1A, L = 0x1B, M = 0x1C, N = 0x1D, O = 0x1E, P = 0x1F, R = 0x20, S = 0x21
    static let T = 0x22, U = 0x23, F = 0x24, KH = 0x25, TS = 0x26, CH = 0x27, SH = 0x28, SHCH = 0x29
    static let HARD = 0x2A, Y = 0x2B, SOFT = 0x2C, EE = 0x2D, YU = 0x2E, YA = 0x2F
    static let YO = 0x01, YE = 0x04, UKR_I = 0x06, YI = 0x07, SHORT_U = 0x0E, GHE_UP = 48

    /// Vowel slots (for "after a vowel" rules): А Е Ё Є И І Ї О У Ў Ы Э Ю Я.
    static let vowels: [Bool] = {
        var table = [Bool](repeating: false, count: slotCount)
        for slot in [A, E, YO, YE, I, UKR_I, YI, O, U, SHORT_U, Y, EE, YU, YA, 0x00, 0x0D] { table[slot] = true }
        return table
    }()

    /// Signs that are not sounds (Ь, Ъ) — "after a consonant" treats them as consonant context.
    @inline(__always)
    static func isVowel(_ slot: Int) -> Bool { vowels[slot] }
}
