// MARK: - Latin variants for screening

extension Transliteration {
    /// Most spellings `latinVariants` returns for one name.
    public static let maximumVariantCount = 64

    /// Plausible Latin spellings (upper-case A–Z and spaces) of the same name under the other systems, including
    /// the input's own normalised form; works for Cyrillic or Latin input. Bounded in size.
    ///
    /// A Cyrillic word is rendered under every scheme of `CyrillicScheme` (ICAO 9303 = Russian passports since
    /// 2014, Ukrainian KMU 55/2010, Belarusian passports, older Russian and Ukrainian passport practice, German,
    /// French, Polish and Czech spellings). A Latin word is first read back into Cyrillic — once the Ukrainian
    /// way (I = І, Y = И) and once the Russian way (I = И, Y = Ы) — recognising German (SCH, TSCH, W), French
    /// (TCH, OU) and Polish (SZ, CZ) spellings, and each reading is rendered under every scheme. Common given
    /// names add their Ukrainian / Russian / Belarusian equivalents (Олександр / Александр / Аляксандр), so
    /// OLEKSANDR gives OLEXANDR, ALEKSANDR, ALIAKSANDR and ALEXANDER-like forms. Several words are combined
    /// scheme by scheme, not as a cross product, which keeps the set at most `maximumVariantCount`.
    public static func latinVariants(of name: String) -> Set<String> {
        var words: [[UInt32]] = []
        var current: [UInt32] = []
        // Bounds: names have few parts (8 words) of modest length (64 characters); at most 1024 scalars read.
        for (offset, scalar) in name.unicodeScalars.enumerated() {
            if offset >= 1024 { break }
            if ScriptTables.isSeparator(scalar.value) {
                if !current.isEmpty { words.append(current); current.removeAll(keepingCapacity: true) }
            } else if current.count < 64 {
                current.append(scalar.value)
            }
            if words.count >= 8 { break }
        }
        if !current.isEmpty, words.count < 8 { words.append(current) }

        var result = Set<String>()
        guard !words.isEmpty else { return result }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(64)

        // The input's own normalised (ICAO) form.
        var own: [UInt8] = []
        for word in words {
            let start = own.count
            if start > 0 { own.append(0x20) }
            let mark = own.count
            Transliteration.renderWord(word, scheme: .icao, into: &own)
            if own.count == mark { own.removeSubrange(start..<own.count) }
        }
        if !own.isEmpty { result.insert(String(decoding: own, as: UTF8.self)) }

        let perWord = words.map { spellings(of: $0, buffer: &buffer) }
        // Scheme by scheme: every word spelled under the same scheme (and reading).
        let ranks = perWord.map(\.aligned.count).max() ?? 0
        for rank in 0..<ranks where result.count < maximumVariantCount {
            insert(perWord.map { $0.aligned.isEmpty ? "" : $0.aligned[rank % $0.aligned.count] }, into: &result)
        }
        // Equivalent names (Олександр ~ Александр): one word swapped, the others in their ICAO and KMU forms.
        for (position, word) in perWord.enumerated() {
            for equivalent in word.equivalents {
                for rank in 0..<2 where result.count < maximumVariantCount {
                    var parts = perWord.map { $0.aligned.isEmpty ? "" : $0.aligned[rank % $0.aligned.count] }
                    parts[position] = equivalent
                    insert(parts, into: &result)
                }
            }
        }
        return result
    }

    private static func insert(_ parts: [String], into result: inout Set<String>) {
        var joined = ""
        for part in parts where !part.isEmpty {
            if !joined.isEmpty { joined.append(" ") }
            joined.append(part)
        }
        if !joined.isEmpty { result.insert(joined) }
    }

    /// The spellings of one word: `aligned` has one entry per reading × scheme, in `CyrillicScheme` order, so
    /// that entry `i` of two words uses the same scheme; `equivalents` are the spellings of equivalent names.
    struct WordSpellings {
        var aligned: [String] = []
        var equivalents: [String] = []
    }

    static func spellings(of word: [UInt32], buffer: inout [UInt8]) -> WordSpellings {
        var readings: [[UInt32]] = []
        if word.contains(where: { CyrillicLetter.slot($0) != nil }) {
            readings.append(word)
        } else {
            var latin: [UInt8] = []
            latin.reserveCapacity(word.count + 4)
            renderWord(word, scheme: .icao, into: &latin)
            guard !latin.isEmpty, latin.count <= 40 else {
                return WordSpellings(aligned: latin.isEmpty ? [] : [String(decoding: latin, as: UTF8.self)])
            }
            let dialect = LatinReading.Dialect(detecting: latin)
            readings.append(LatinReading.read(latin, dialect: dialect, ukrainian: true))
            readings.append(LatinReading.read(latin, dialect: dialect, ukrainian: false))
        }
        var spellings = WordSpellings()
        spellings.aligned.reserveCapacity(readings.count * CyrillicScheme.allCases.count)
        for reading in readings {
            for scheme in CyrillicScheme.allCases {
                buffer.removeAll(keepingCapacity: true)
                renderWord(reading, scheme: scheme, into: &buffer)
                spellings.aligned.append(String(decoding: buffer, as: UTF8.self))
            }
        }
        var groups: [Int] = []
        let schemeCount = CyrillicScheme.allCases.count
        for (position, spelling) in spellings.aligned.enumerated() where position % schemeCount < 4 {
            if let group = NameEquivalents.index[spelling], !groups.contains(group) {
                groups.append(group)
                if groups.count == 2 { break }
            }
        }
        for group in groups { spellings.equivalents.append(contentsOf: NameEquivalents.spellings[group]) }
        return spellings
    }
}

/// Reading a Latin spelling back into Cyrillic letters, so that it can be spelled again under other schemes.
enum LatinReading {
    enum Dialect {
        case english, german, french, polish

        init(detecting word: [UInt8]) {
            if contains(word, "SZ") || contains(word, "CZ") {
                self = .polish
            } else if contains(word, "SCH") || contains(word, "W") {
                self = .german
            } else if contains(word, "TCH") || contains(word, "OU") {
                self = .french
            } else {
                self = .english
            }
        }
    }

    static func contains(_ word: [UInt8], _ needle: StaticString) -> Bool {
        let count = needle.utf8CodeUnitCount
        guard word.count >= count else { return false }
        return needle.withUTF8Buffer { pattern in
            for start in 0...(word.count - count) where matches(word, at: start, pattern) { return true }
            return false
        }
    }

    @inline(__always)
    static func matches(_ word: [UInt8], at index: Int, _ pattern: UnsafeBufferPointer<UInt8>) -> Bool {
        guard index + pattern.count <= word.count else { return false }
        for offset in 0..<pattern.count where word[index + offset] != pattern[offset] { return false }
        return true
    }

    @inline(__always)
    static func isVowel(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x41, 0x45, 0x49, 0x4F, 0x55, 0x59: return true  // A E I O U Y
        default: return false
        }
    }

    typealias Rule = (latin: StaticString, cyrillic: [UInt32])

    // Cyrillic code points used below.
    static let а: UInt32 = 0x430, б: UInt32 = 0x431, в: UInt32 = 0x432, г: UInt32 = 0x433, д: UInt32 = 0x434
    static let е: UInt32 = 0x435, ж: UInt32 = 0x436, з: UInt32 = 0x437, и: UInt32 = 0x438, й: UInt32 = 0x439
    static let к: UInt32 = 0x43A, л: UInt32 = 0x43B, м: UInt32 = 0x43C, н: UInt32 = 0x43D, о: UInt32 = 0x43E
    static let п: UInt32 = 0x43F, р: UInt32 = 0x440, с: UInt32 = 0x441, т: UInt32 = 0x442, у: UInt32 = 0x443
    static let ф: UInt32 = 0x444, х: UInt32 = 0x445, ц: UInt32 = 0x446, ч: UInt32 = 0x447, ш: UInt32 = 0x448
    static let щ: UInt32 = 0x449, ы: UInt32 = 0x44B, ю: UInt32 = 0x44E, я: UInt32 = 0x44F, ё: UInt32 = 0x451
    static let є: UInt32 = 0x454, і: UInt32 = 0x456, ї: UInt32 = 0x457

    static func rules(_ dialect: Dialect, ukrainian: Bool) -> [Rule] {
        let ye: [UInt32] = ukrainian ? [є] : [е]
        let yi: [UInt32] = ukrainian ? [ї] : [ы, й]
        let common: [Rule] = [
            ("ZH", [ж]), ("KH", [х]), ("TS", [ц]), ("SH", [ш]), ("YA", [я]), ("IA", [я]), ("JA", [я]),
            ("YU", [ю]), ("IU", [ю]), ("JU", [ю]), ("YE", ye), ("IE", ye), ("JE", ye), ("YI", yi), ("JI", yi),
            ("JO", [ё]), ("X", [к, с]), ("W", [в]), ("Q", [к]),
        ]
        switch dialect {
        case .english:
            return [("SHCH", [щ]), ("ZGH", [з, г]), ("CH", [ч]), ("C", [ц])] + common
        case .german:
            return [("SCHTSCH", [щ]), ("TSCH", [ч]), ("SCH", [ш]), ("CH", [х]), ("Z", [ц]), ("C", [ц])] + common
        case .french:
            return [("CHTCH", [щ]), ("TCH", [ч]), ("IOU", [ю]), ("OU", [у]), ("CH", [ш]), ("J", [ж]), ("C", [ц])]
                + common
        case .polish:
            return [("SZCZ", [щ]), ("CZ", [ч]), ("SZ", [ш]), ("RZ", [ж]), ("CH", [х]), ("C", [ц])] + common
        }
    }

    /// A rule with its Latin side as bytes.
    struct CompiledRule: Sendable {
        let latin: [UInt8]
        let cyrillic: [UInt32]
    }

    /// Rules by dialect and reading, each table indexed by the first letter (A-Z → 0-25), longest first.
    static let ruleTables: [[[CompiledRule]]] = [Dialect.english, .german, .french, .polish].flatMap { dialect in
        [true, false].map { ukrainian in
            var byFirst = [[CompiledRule]](repeating: [], count: 26)
            for rule in rules(dialect, ukrainian: ukrainian) {
                let latin = rule.latin.withUTF8Buffer { Array($0) }
                byFirst[Int(latin[0] - 0x41)].append(CompiledRule(latin: latin, cyrillic: rule.cyrillic))
            }
            return byFirst.map { $0.sorted { $0.latin.count > $1.latin.count } }
        }
    }

    static func table(_ dialect: Dialect, ukrainian: Bool) -> [[CompiledRule]] {
        let base: Int
        switch dialect {
        case .english: base = 0
        case .german: base = 2
        case .french: base = 4
        case .polish: base = 6
        }
        return ruleTables[base + (ukrainian ? 0 : 1)]
    }

    /// Reads an upper-case ASCII word into lower-case Cyrillic code points.
    static func read(_ word: [UInt8], dialect: Dialect, ukrainian: Bool) -> [UInt32] {
        let rules = table(dialect, ukrainian: ukrainian)
        var output: [UInt32] = []
        output.reserveCapacity(word.count)
        var index = 0
        while index < word.count {
            var matched = false
            let first = word[index]
            if first >= 0x41, first <= 0x5A {
                for rule in rules[Int(first - 0x41)] where index + rule.latin.count <= word.count {
                    var equal = true
                    for offset in 1..<max(rule.latin.count, 1) where word[index + offset] != rule.latin[offset] {
                        equal = false
                        break
                    }
                    if equal {
                        output.append(contentsOf: rule.cyrillic)
                        index += rule.latin.count
                        matched = true
                        break
                    }
                }
            }
            if matched { continue }
            let byte = word[index]
            let previousIsVowel = index > 0 && isVowel(word[index - 1])
            let nextIsVowel = index + 1 < word.count && isVowel(word[index + 1])
            index += 1
            switch byte {
            case 0x41: output.append(а)
            case 0x42: output.append(б)
            case 0x44: output.append(д)
            case 0x45: output.append(е)
            case 0x46: output.append(ф)
            case 0x47, 0x48: output.append(г)  // G, H: Г (Russian G, Ukrainian H)
            case 0x49:  // I
                if previousIsVowel, !nextIsVowel { output.append(й) } else { output.append(ukrainian ? і : и) }
            case 0x4A: output.append(й)
            case 0x4B: output.append(к)
            case 0x4C: output.append(л)
            case 0x4D: output.append(м)
            case 0x4E: output.append(н)
            case 0x4F: output.append(о)
            case 0x50: output.append(п)
            case 0x52: output.append(р)
            case 0x53: output.append(с)
            case 0x54: output.append(т)
            case 0x55: output.append(у)
            case 0x56: output.append(в)
            case 0x59:  // Y
                if previousIsVowel || (index == 1 && nextIsVowel) {
                    output.append(й)
                } else {
                    output.append(ukrainian ? и : ы)
                }
            case 0x5A: output.append(з)
            default: break
            }
        }
        return output
    }
}
