// MARK: - Letter tables, one row per scheme (slot order of `CyrillicLetter`)

extension CyrillicScheme {
    /// ICAO Doc 9303 Part 3 §6, Cyrillic: slots U+0400...U+042F then Ґ.
    static let icaoRow: [String] = [
        "E", "E", "D", "G", "IE", "DZ", "I", "I", "J", "LJ", "NJ", "C", "K", "I", "U", "DZ",  // Ѐ...Џ
        "A", "B", "V", "G", "D", "E", "ZH", "Z", "I", "I", "K", "L", "M", "N", "O", "P",  // А...П
        "R", "S", "T", "U", "F", "KH", "TS", "CH", "SH", "SHCH", "IE", "Y", "", "E", "IU", "IA",  // Р...Я
        "G",  // Ґ
    ]

    /// All schemes' letter tables in one contiguous byte array, read without reference counting in the hot
    /// loop: `flatRanges[scheme * slotCount + slot]` packs start (high bits) and length (low 8 bits).
    static let flatBytes: [UInt8] = rows.flatMap { $0.flatMap { $0 } }

    static let flatRanges: [UInt32] = {
        var ranges: [UInt32] = []
        var start: UInt32 = 0
        for row in rows {
            for latin in row {
                ranges.append(start << 8 | UInt32(latin.count))
                start += UInt32(latin.count)
            }
        }
        return ranges
    }()

    static let rows: [[[UInt8]]] = CyrillicScheme.allCases.map { scheme in
        var row = icaoRow
        func set(_ slot: Int, _ latin: String) { row[slot] = latin }
        typealias L = CyrillicLetter
        switch scheme {
        case .icao:
            break
        case .ukrainian2010:
            set(L.G, "H"); set(L.I, "Y"); set(L.YE, "IE"); set(L.YI, "I"); set(L.HARD, "")
        case .belarusian:
            set(L.G, "H"); set(L.YO, "IO"); set(L.HARD, "")
        case .russianLegacy:
            set(L.J, "Y"); set(L.YU, "YU"); set(L.YA, "YA"); set(L.HARD, ""); set(L.YE, "YE"); set(L.YI, "YI")
        case .ukrainianLegacy, .ukrainianLegacyX:
            set(L.G, "H"); set(L.I, "Y"); set(L.J, "Y"); set(L.YE, "YE"); set(L.YI, "YI"); set(L.YU, "YU")
            set(L.YA, "YA"); set(L.HARD, ""); set(L.YO, "YO")
        case .german:
            set(L.V, "W"); set(L.YO, "JO"); set(L.YE, "JE"); set(L.ZH, "SCH"); set(L.Z, "S"); set(L.YI, "JI")
            set(L.J, "J"); set(L.KH, "CH"); set(L.TS, "Z"); set(L.CH, "TSCH"); set(L.SH, "SCH")
            set(L.SHCH, "SCHTSCH"); set(L.HARD, ""); set(L.YU, "JU"); set(L.YA, "JA")
        case .french:
            set(L.YO, "IO"); set(L.ZH, "J"); set(L.CH, "TCH"); set(L.SH, "CH"); set(L.SHCH, "CHTCH")
            set(L.HARD, ""); set(L.YU, "IOU"); set(L.U, "OU"); set(L.SHORT_U, "OU")
        case .polish:
            set(L.V, "W"); set(L.YO, "JO"); set(L.YE, "JE"); set(L.ZH, "Z"); set(L.YI, "JI"); set(L.J, "J")
            set(L.KH, "CH"); set(L.TS, "C"); set(L.CH, "CZ"); set(L.SH, "SZ"); set(L.SHCH, "SZCZ")
            set(L.HARD, ""); set(L.YU, "JU"); set(L.YA, "JA")
        case .romanian:
            set(L.YO, "IO"); set(L.ZH, "J"); set(L.KH, "H"); set(L.TS, "T"); set(L.CH, "CI"); set(L.SH, "S")
            set(L.SHCH, "SC"); set(L.HARD, ""); set(L.K, "C"); set(L.Y, "I")
        case .turkish:
            set(L.YO, "YO"); set(L.YE, "YE"); set(L.ZH, "J"); set(L.YI, "YI"); set(L.J, "Y"); set(L.KH, "H")
            set(L.CH, "C"); set(L.SH, "S"); set(L.SHCH, "SC"); set(L.HARD, ""); set(L.YU, "YU"); set(L.YA, "YA")
            set(L.Y, "I")
        case .czech:
            set(L.YO, "JO"); set(L.YE, "JE"); set(L.ZH, "Z"); set(L.YI, "JI"); set(L.J, "J"); set(L.KH, "CH")
            set(L.TS, "C"); set(L.CH, "C"); set(L.SH, "S"); set(L.SHCH, "SC"); set(L.HARD, ""); set(L.YU, "JU")
            set(L.YA, "JA")
        }
        return row.map { Array($0.utf8) }
    }

    /// Whether Г is H and И is Y in this scheme when the word is recognisably Ukrainian (has І, Ї, Є or Ґ).
    var followsUkrainianLetters: Bool {
        switch self {
        case .german, .french, .polish, .czech, .romanian, .turkish: return true
        default: return false
        }
    }
}
