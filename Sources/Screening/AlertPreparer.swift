/// A prepared alert: what scoring reads, without the original strings.
struct PreparedAlert: Sendable {
    var id: String
    var category: AlertCategory
    /// ``BirthDate/code``, 0 when unknown.
    var birth: Int32
    var nationality: String?
    var sex: Sex
    var names: PreparedNames
    var documents: [DocumentReference]
    var plates: [String]
}

/// Turns alerts and queries into spellings of a vocabulary. Name words repeat enormously across a
/// watchlist (thousands of IVANOV, MOHAMMED, NGUYEN), so each distinct word is folded and
/// transliterated once: the cache makes building a million-alert index a matter of seconds.
struct AlertPreparer {
    var base: Vocabulary
    var delta: Vocabulary
    private var cache: [String: (cyrillic: Bool, ids: [UInt32])] = [:]

    /// A preparer that interns into `base` (building a base index).
    init() {
        base = Vocabulary()
        delta = Vocabulary(offset: 0)
        building = true
    }

    /// A preparer that reads `base` and interns new spellings into `delta` (upserts).
    init(base: Vocabulary, delta: Vocabulary) {
        self.base = base
        self.delta = delta
        building = false
    }

    private let building: Bool

    mutating func intern(_ folded: String) -> UInt32 {
        if building { return base.intern(folded) }
        if let id = base.id(of: folded) { return id }
        return delta.intern(folded)
    }

    func spelling(_ id: UInt32) -> Spelling {
        building || id < delta.offset ? base.spellings[Int(id)] : delta.spellings[Int(id - delta.offset)]
    }

    /// Folded spellings of one word: Latin folded (and with umlauts expanded when it has any, and with
    /// Romanian's other letter for /ɨ/ when it has `Â` or `Î`), Cyrillic transliterated by every standard.
    static func spellings(of word: NameNormalizer.Word) -> [String] {
        if word.isCyrillic { return LatinKeys.spellings(of: word.text) }
        let folded = NameNormalizer.fold(word.text)
        guard !folded.isEmpty else { return [] }
        var spellings = [folded]
        if NameNormalizer.hasUmlaut(word.text) {
            let expanded = NameNormalizer.fold(word.text, expandUmlauts: true)
            if expanded != folded { spellings.append(expanded) }
        }
        if let romanian = NameNormalizer.romanianVowelAlternate(word.text) { spellings.append(romanian) }
        return spellings
    }

    mutating func words(_ text: String, role: NameRole) -> [PreparedWord] {
        NameNormalizer.words(text).compactMap { word in
            if let cached = cache[word.text] {
                return cached.ids.isEmpty ? nil : PreparedWord(role: role, cyrillic: cached.cyrillic, spellings: cached.ids)
            }
            let ids = Self.spellings(of: word).map { intern($0) }
            cache[word.text] = (word.isCyrillic, ids)
            return ids.isEmpty ? nil : PreparedWord(role: role, cyrillic: word.isCyrillic, spellings: ids)
        }
    }

    mutating func prepare(_ alert: Alert) -> PreparedAlert {
        var names = PreparedNames.empty
        if let person = alert.person {
            var forms: [[PreparedWord]] = []
            for name in person.names.prefix(16) {
                var form = words(name.surname, role: .surname) + words(name.givenNames, role: .given)
                if let patronymic = name.patronymic { form += words(patronymic, role: .patronymic) }
                if !form.isEmpty { forms.append(form) }
            }
            names = PreparedNames.pack(forms: forms) { first, second in
                let text = String(decoding: spelling(first).text + spelling(second).text, as: UTF8.self)
                return intern(text)
            }
        }
        return PreparedAlert(
            id: alert.id,
            category: alert.category,
            birth: alert.person?.birthDate?.code ?? 0,
            nationality: alert.person?.nationality,
            sex: alert.person?.sex ?? .unknown,
            names: names,
            documents: alert.documents,
            plates: alert.plates
        )
    }

    /// Posting keys (before the year) of a prepared alert: every spelling's name key, once.
    func keys(of names: PreparedNames) -> [UInt64] {
        var keys: [UInt64] = []
        for form in names.forms {
            for unit in form.units {
                for id in unit.spellings { keys.append(spelling(id).key) }
            }
        }
        keys.sort()
        var unique: [UInt64] = []
        unique.reserveCapacity(keys.count)
        for key in keys where unique.last != key { unique.append(key) }
        return unique
    }
}
