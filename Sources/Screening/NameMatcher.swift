/// A traveller's name prepared for matching.
struct PreparedQueryName {
    struct Unit {
        /// The query field the word came from (`.surname` or `.given`).
        var field: NameRole
        var cover: UInt32
        var spellings: [Spelling]
        /// The last word of the MRZ name field, possibly cut at 39 characters.
        var mayBeTruncated: Bool
        /// The word is a name the watchlist knows: a near miss to another name is then likelier a
        /// namesake than a misread.
        var known = false
        /// The word, exactly as spelt, is a spelling of some listed name (not only one of its skeleton):
        /// IYNA shares INNA's skeleton but no alert is spelt IYNA, so IYNA is a misread, not a name.
        var listed = false
    }

    /// What the matcher reads of a unit for every candidate, without its spellings (no reference to count).
    struct Shape {
        var field: NameRole
        var cover: UInt32
        /// The unit's first spelling is a Vietnamese middle name (``NameMatcher/vietnameseMiddleNames``).
        var vietnameseMiddleName: Bool
    }

    private(set) var units: [Unit] = []
    private(set) var tokenCount = 0
    /// `units`' shapes, in the same order.
    private(set) var shapes: [Shape] = []
    /// Every word's token bit.
    private(set) var allCover: UInt32 = 0
    /// A bit per ``NameRole`` raw value the traveller's words have.
    private(set) var fields: UInt32 = 0
    /// The cover of the unit that may be cut at the MRZ's length, 0 when none.
    private(set) var truncatedCover: UInt32 = 0

    /// `isKnown` tells whether the base index has a spelling key; consonant keys it lacks are kept only with
    /// `keepConsonantKeys` (alerts added since the base was built are scored without a key lookup).
    init(
        surname: String, givenNames: String, keepConsonantKeys: Bool = true, isKnown: (UInt64) -> Bool = { _ in false },
        isListed: ([UInt8]) -> Bool = { _ in false }
    ) {
        var tokens: [(NameRole, [Spelling])] = []
        var mrzLength = 0
        for (text, role) in [(surname, NameRole.surname), (givenNames, .given)] {
            let words = NameNormalizer.words(text, limit: 12)
            var fieldLength = 0
            for word in words {
                var spellings = AlertPreparer.spellings(of: word).map(Spelling.init)
                guard !spellings.isEmpty else { continue }
                // Looked up against alerts written in scripts without short vowels (see ConsonantKey).
                // Only when some alert has that key: most travellers' words cost nothing more.
                if !word.isCyrillic, let key = ConsonantKey.of(String(decoding: spellings[0].text, as: UTF8.self)) {
                    let spelling = Spelling(key)
                    if keepConsonantKeys || isKnown(spelling.key) { spellings.append(spelling) }
                }
                fieldLength += (fieldLength == 0 ? 0 : 1) + spellings[0].text.count
                tokens.append((role, spellings))
            }
            mrzLength += fieldLength
        }
        mrzLength += 2
        tokenCount = tokens.count
        // TD1 and TD2 name fields hold 30 and 31 characters, TD3 39 (ICAO 9303 Parts 5-6, 4).
        let truncationPossible = mrzLength >= 30
        for (position, (role, spellings)) in tokens.enumerated() {
            units.append(Unit(field: role, cover: 1 << UInt32(position), spellings: spellings,
                              mayBeTruncated: truncationPossible && position == tokens.count - 1))
        }
        for position in tokens.indices.dropLast() where tokens[position].0 == tokens[position + 1].0 {
            let first = tokens[position].1, second = tokens[position + 1].1
            let count = min(first.count, second.count, 4)
            let joined = (0..<count).map { Spelling(String(decoding: first[$0].text + second[$0].text, as: UTF8.self)) }
            units.append(Unit(field: tokens[position].0, cover: 3 << UInt32(position), spellings: joined, mayBeTruncated: false))
        }
        for index in units.indices {
            units[index].known = units[index].spellings.first.map { isKnown($0.key) } ?? false
            units[index].listed = units[index].known && (units[index].spellings.first.map { isListed($0.text) } ?? false)
        }
        shapes = units.map { Shape(field: $0.field, cover: $0.cover, vietnameseMiddleName: $0.spellings.first?.isVietnameseMiddleName ?? false) }
        allCover = tokenCount >= 32 ? .max : (1 << UInt32(tokenCount)) - 1
        for unit in units { fields |= 1 << unit.field.rawValue }
        truncatedCover = units.first(where: \.mayBeTruncated)?.cover ?? 0
    }
}

/// The outcome of comparing a traveller's name with one of an alert's names.
struct NameComparison {
    struct Pair {
        var queryUnit: Int
        var alertUnit: Int
        var similarity: Double
        var kind: MatchKind
        var alertSpelling: UInt32
        var querySpelling: Int
        /// The alert unit's role and the tokens it covers (read without decoding its form again).
        var alertRole: NameRole
        var alertCover: UInt32
    }

    var score: Double
    var surname: Double
    var given: Double
    var penalty: Double
    var formIndex: Int
    var pairs: [Pair]
    var swapped: Bool
    /// The alert's names compared.
    var names: PreparedNames

    /// The alert's form the score comes from, decoded when an explanation or a count of namesakes needs it.
    var form: PreparedNames.Form { names.forms[formIndex] }
}

extension NameComparison {
    /// Forgives a single misread letter: when exactly one matched word is one edit from the alert's and
    /// that traveller word is not itself a listed name (a slip makes a non-name; a listed name one letter
    /// away is likelier a sibling or a namesake: MAHMUT and MEHMET), and that word decides its part of the
    /// name (the surname, or the personal given name), its shortfall from 1 is multiplied by `keeping`.
    /// The caller asks only when other fields corroborate the match. Returns the pair forgiven.
    mutating func forgiveOneSlip(name: PreparedQueryName, keeping: Double) -> Int? {
        var slip: Int?
        for (index, pair) in pairs.enumerated() {
            guard case .editDistance(let edits) = pair.kind else { continue }
            guard edits == 1, slip == nil, !name.units[pair.queryUnit].listed else { return nil }
            slip = index
        }
        guard let slip else { return nil }
        return forgive(slip, keeping: keeping)
    }

    /// Multiplies the shortfall from 1 of pair `index` by `keeping`, in its part of the name (surname or given
    /// names) when that part's similarity is this pair's. Returns `index`, or nil when the pair does not decide
    /// its part.
    mutating func forgive(_ index: Int, keeping: Double) -> Int? {
        let pair = pairs[index]
        let forgiven = 1 - (1 - pair.similarity) * keeping
        switch pair.alertRole {
        case .surname where surname == pair.similarity:
            score *= forgiven / surname
            surname = forgiven
        case .given where given == pair.similarity:
            score *= forgiven / given
            given = forgiven
        default:
            return nil
        }
        return index
    }
}

extension NameComparison {
    /// Forgives one garbled word (two misread letters, OCR or typing: KMTAR for KUMAR; one word on each side)
    /// when every other
    /// matched word agrees (exact, another script's or system's spelling, at least `otherWords`) and the
    /// word decides its part of the name: its shortfall from 1 is multiplied by `keeping`. The caller asks
    /// only when the full birth date is the same and nationality and sex agree. Returns the pair forgiven.
    mutating func forgiveGarbledWord(name: PreparedQueryName, keeping: Double, otherWords: Double) -> Int? {
        var garbled: Int?
        for (index, pair) in pairs.enumerated() {
            // One word on each side: two names written as one (NGOC ANH, NGO CUONG) are not one garbled word.
            if case .editDistance(let edits) = pair.kind, edits == 2, garbled == nil, !name.units[pair.queryUnit].listed,
                pair.alertCover.nonzeroBitCount == 1, name.units[pair.queryUnit].cover.nonzeroBitCount == 1
            {
                garbled = index
                continue
            }
            if case .editDistance = pair.kind { return nil }
            if pair.similarity < otherWords { return nil }
        }
        guard let garbled, pairs.count >= 2 else { return nil }
        return forgive(garbled, keeping: keeping)
    }
}

/// Word and name similarity. The rules, and why:
/// - word: equal spelling 1.0; equal to another transliteration/spelling of the alert's word 0.99;
///   equal skeleton (``NameKey``) 0.97; same name in another language (``NameForms``) 0.95; a cut
///   last MRZ word that starts the alert's word 0.95; else `1 − 0.35·d/length` for `d` half-edits
///   within ``NameKey/tolerance(length:)``.
/// - name: `surname · given · penalty`, where surname and given are the best similarities of the
///   alert's surname and given-name words (order free: swapped fields still match), and the penalty
///   is mild for words only one side has (missing patronymic or second given name, a passport with
///   more names) but severe (×0.2) when both sides keep a word the other lacks: two different
///   given names are two different people, however common the surname.
enum NameMatcher {
    static let minimumSimilarity = 0.6
    /// Similarity lost per half-edit, relative to the word's length.
    static let editWeight = 0.25
    /// Factor for a near miss whose traveller word is itself a listed name.
    static let knownNamePenalty = 0.88

    /// Vietnamese middle names (tên đệm), folded: they stand first among the given names but are not
    /// the personal name.
    static let vietnameseMiddleNames: Set<[UInt8]> = Set([
        "VAN", "THI", "DUC", "HUU", "NGOC", "MINH", "QUOC", "THANH", "CONG", "XUAN", "QUANG", "KIM", "THU",
        "HONG", "PHUONG", "MY", "THUY", "DINH", "BA", "TRONG", "TUAN", "HOANG", "VIET", "ANH", "BAO", "GIA",
    ].map { Array($0.utf8) })

    /// Half-edits tolerated for a garbled word (two misread letters) when the caller asks for it
    /// (``ScoringPolicy/corroboratedGarble``), and the shortest longer word it applies to.
    static let garbledTolerance = 4
    static let garbledMinimumLength = 5

    @inline(__always)
    static func similarity(
        query: Spelling, queryMayBeTruncated: Bool, queryIsKnown: Bool = false, alert: Spelling, alertIsFirst: Bool, cyrillic: Bool,
        garbled: Bool = false
    ) -> (Double, MatchKind)? {
        if ConsonantKey.isKey(query.text) || ConsonantKey.isKey(alert.text) {
            return query.text == alert.text ? (ConsonantKey.similarity, .transliteration) : nil
        }
        if query.text == alert.text {
            if alertIsFirst && !cyrillic { return (1.0, .exact) }
            return (0.99, cyrillic ? .transliteration : .spellingVariant)
        }
        if query.skeleton == alert.skeleton { return (0.97, cyrillic ? .transliteration : .spellingVariant) }
        if query.key == alert.key { return (0.95, .nameForm) }
        if queryMayBeTruncated, query.text.count >= 1, alert.text.count > query.text.count {
            if alert.text.starts(with: query.text) { return (0.95, .truncated) }
            // Cut and spelt differently (YO for YUSUF): one edit in what is left.
            if query.text.count >= 2,
                NameKey.distance(query.text, Array(alert.text.prefix(query.text.count)), limit: 2) != nil
            {
                return (0.85, .truncated)
            }
        }
        let skeletonLength = max(query.skeleton.count, alert.skeleton.count)
        let limit = NameKey.tolerance(length: skeletonLength)
        // An edit weighs less in a long word: one slip in SHEVCHENKO is likelier than a namesake.
        var best: (Double, Int)?
        if NameKey.distanceBound(query.skeletonLetters, alert.skeletonLetters) <= limit,
            let distance = NameKey.distance(query.skeleton, alert.skeleton, limit: limit)
        {
            best = (1 - editWeight * Double(distance) / Double(max(skeletonLength, 4)), distance)
        }
        let textLength = max(query.text.count, alert.text.count)
        let textBound = NameKey.distanceBound(query.textLetters, alert.textLetters)
        if textBound <= limit, let distance = NameKey.distance(query.text, alert.text, limit: limit, cheapVowels: true) {
            let value = 1 - editWeight * Double(distance) / Double(max(textLength, 4))
            if value > (best?.0 ?? 0) { best = (value, distance) }
        }
        // Two misread letters: only on the caller's request (every other field agrees), in words long enough
        // that two edits leave most of the word (KMTAR/KUMAR, NASICRV/NASIROV, LHM/ILHAM), and counted in
        // whole edits of the spelling as read: vowels are not cheap here, nor skeletons compared, or two
        // different names (OLENA/IRYNA, THANH/HUNG) would be two slips.
        if best == nil, garbled, textLength >= garbledMinimumLength, textBound <= garbledTolerance,
            let distance = NameKey.distance(query.text, alert.text, limit: garbledTolerance, cheapVowels: false)
        {
            best = (1 - editWeight * Double(distance) / Double(max(textLength, 4)), distance)
        }
        guard let (value, distance) = best else { return nil }
        // OCR and typing slips mostly make non-names; one that lands on another listed name is
        // more often that other name.
        return (queryIsKnown ? value * knownNamePenalty : value, .editDistance((distance + 1) / 2))
    }

    /// Word similarities already computed for one traveller: the candidates of a common name share
    /// their spellings (thousands of OLEKSANDR), so each is compared once per query.
    ///
    /// One entry per (alert spelling, traveller word, the flags the similarity depends on): the best of the
    /// traveller word's spellings against it, so a candidate costs one probe per alert spelling and traveller
    /// word, not one per pair of spellings. An open-addressing table of integers with a multiplicative hash,
    /// not a `Dictionary`: it is probed hundreds of times per candidate, and a dictionary's SipHash and
    /// optional payload cost several times the probe.
    final class Memo {
        /// The best spelling of a traveller word against one alert spelling; `similarity` < 0 when none
        /// reaches ``NameMatcher/minimumSimilarity``.
        struct Entry {
            var similarity: Double
            var kind: MatchKind
            var querySpelling: Int32
        }

        // Raw buffers, not arrays: a probe of a class's array property retains and releases its buffer and
        // checks exclusive access, which cost more than the probe itself. Owned here, freed in `deinit`.
        private var keys: UnsafeMutablePointer<UInt64>
        private var entries: UnsafeMutablePointer<Entry>
        private var capacity: Int
        private var used = 0
        private var shift: UInt64

        init() {
            // A query fills a few hundred entries: sized so most never grow.
            capacity = 1024
            shift = 64 - 10
            keys = .allocate(capacity: capacity)
            keys.initialize(repeating: 0, count: capacity)
            entries = .allocate(capacity: capacity)
        }

        deinit {
            keys.deallocate()
            entries.deallocate()
        }

        /// The entry for `key` (below 2^63), computed by `compute` the first time.
        @inline(__always)
        func entry(_ key: UInt64, compute: () -> Entry) -> Entry {
            let stored = key &+ 1
            var slot = Int(truncatingIfNeeded: (stored &* 0x9E37_79B9_7F4A_7C15) >> shift)
            let mask = capacity - 1
            while true {
                let found = keys[slot]
                if found == stored { return entries[slot] }
                if found == 0 { break }
                slot = (slot + 1) & mask
            }
            let value = compute()
            keys[slot] = stored
            (entries + slot).initialize(to: value)
            used += 1
            if used * 2 > capacity { grow() }
            return value
        }

        private func grow() {
            let oldKeys = keys, oldEntries = entries, oldCapacity = capacity
            capacity *= 2
            shift -= 1
            keys = .allocate(capacity: capacity)
            keys.initialize(repeating: 0, count: capacity)
            entries = .allocate(capacity: capacity)
            let mask = capacity - 1
            for index in 0..<oldCapacity where oldKeys[index] != 0 {
                let stored = oldKeys[index]
                var slot = Int(truncatingIfNeeded: (stored &* 0x9E37_79B9_7F4A_7C15) >> shift)
                while keys[slot] != 0 { slot = (slot + 1) & mask }
                keys[slot] = stored
                (entries + slot).initialize(to: oldEntries[index])
            }
            oldKeys.deallocate()
            oldEntries.deallocate()
        }
    }

    /// The best of `queryUnit`'s spellings against one alert spelling: the first reaching the highest
    /// similarity, at least ``minimumSimilarity``.
    @inline(__always)
    static func bestSpelling(
        of queryUnit: PreparedQueryName.Unit, against alertSpelling: Spelling, alertIsFirst: Bool, cyrillic: Bool, garbled: Bool
    ) -> Memo.Entry {
        var best = Memo.Entry(similarity: -1, kind: .missing, querySpelling: 0)
        for (querySpellingIndex, querySpelling) in queryUnit.spellings.enumerated() {
            guard let (value, kind) = similarity(
                query: querySpelling, queryMayBeTruncated: queryUnit.mayBeTruncated, queryIsKnown: queryUnit.known,
                alert: alertSpelling, alertIsFirst: alertIsFirst, cyrillic: cyrillic, garbled: garbled && !queryUnit.listed
            ), value >= minimumSimilarity, value > best.similarity
            else { continue }
            best = Memo.Entry(similarity: value, kind: kind, querySpelling: Int32(querySpellingIndex))
        }
        return best
    }

    /// With `garbled`, a traveller word that is not itself a listed name may be up to two edits from the
    /// alert's (``garbledTolerance``); the caller asks only when the other fields corroborate the match.
    static func compare(
        _ query: PreparedQueryName, with names: PreparedNames, vocabulary: VocabularyView, memo: Memo? = nil, garbled: Bool = false
    ) -> NameComparison? {
        // Unwrapped once, not in the innermost loop (binding an optional class reference there retained it per probe).
        // Without the caller's memo, one for this call: its entries depend on the traveller's words only.
        let memo = memo ?? Memo()
        var best: NameComparison?
        let queryAll = query.allCover, queryFields = query.fields, truncatedCover = query.truncatedCover
        let queryUnitCount = query.units.count
        query.shapes.withUnsafeBufferPointer { shapes in
            names.withEachForm { formIndex, _, words, units in
                // Every (alert unit, traveller unit) pair that reaches the minimum, then the chosen ones compacted
                // to the front of the same buffer: no array per candidate.
                withUnsafeTemporaryAllocation(of: NameComparison.Pair.self, capacity: max(1, units.count * queryUnitCount)) { pairs in
                    var candidateCount = 0
                    for alertIndex in units.indices {
                        let unit = units[alertIndex]
                        for queryIndex in 0..<queryUnitCount {
                            var bestPair: NameComparison.Pair?
                            for position in unit.spellings {
                                let id = words[position], spellingIndex = position - unit.spellings.lowerBound
                                // The first pair in (alert spelling, traveller spelling) order that reaches the best similarity.
                                let key = UInt64(id) | UInt64(queryIndex) << 32 | (spellingIndex == 0 ? 1 << 60 : 0)
                                    | (unit.cyrillic ? 1 << 61 : 0) | (garbled ? 1 << 62 : 0)
                                let found = memo.entry(key) {
                                    bestSpelling(of: query.units[queryIndex], against: vocabulary[id], alertIsFirst: spellingIndex == 0,
                                                 cyrillic: unit.cyrillic, garbled: garbled)
                                }
                                guard found.similarity >= minimumSimilarity, found.similarity > (bestPair?.similarity ?? 0) else { continue }
                                bestPair = .init(queryUnit: queryIndex, alertUnit: alertIndex, similarity: found.similarity, kind: found.kind,
                                                 alertSpelling: id, querySpelling: Int(found.querySpelling), alertRole: unit.role,
                                                 alertCover: unit.cover)
                            }
                            if let bestPair {
                                pairs.initializeElement(at: candidateCount, to: bestPair)
                                candidateCount += 1
                            }
                        }
                    }
                    // Greedy one-to-one assignment, best pairs first; joined units cover two words.
                    var candidates = UnsafeMutableBufferPointer(rebasing: pairs[..<candidateCount])
                    candidates.sort { lhs, rhs in
                        if lhs.similarity != rhs.similarity { return lhs.similarity > rhs.similarity }
                        return lhs.alertCover.nonzeroBitCount > rhs.alertCover.nonzeroBitCount
                    }
                    var alertCovered: UInt32 = 0, queryCovered: UInt32 = 0
                    var chosenCount = 0
                    for index in 0..<candidateCount {
                        let pair = pairs[index]
                        let alertCover = pair.alertCover, queryCover = shapes[pair.queryUnit].cover
                        guard alertCover & alertCovered == 0, queryCover & queryCovered == 0 else { continue }
                        alertCovered |= alertCover
                        queryCovered |= queryCover
                        pairs[chosenCount] = pair
                        chosenCount += 1
                    }
                    let chosen = UnsafeBufferPointer(rebasing: pairs[..<chosenCount])
                    var surnameMask: UInt32 = 0, givenMask: UInt32 = 0
                    for unit in units where unit.cover.nonzeroBitCount == 1 {
                        switch unit.role {
                        case .surname: surnameMask |= unit.cover
                        case .given: givenMask |= unit.cover
                        case .patronymic: break
                        }
                    }
                    // The personal given name: the first, or for Vietnamese names (middle name first) the last.
                    var firstGiven: Int?, lastGiven: Int?
                    for (position, unit) in units.enumerated() where unit.role == .given && unit.cover.nonzeroBitCount == 1 {
                        if firstGiven == nil { firstGiven = position }
                        lastGiven = position
                    }
                    var personal = firstGiven
                    if let first = firstGiven, let last = lastGiven, first != last, let id = units[first].spellings.first.map({ words[$0] }),
                        vocabulary.isVietnameseMiddleName(id)
                    {
                        personal = last
                    }
                    let personalCover = personal.map { units[$0].cover } ?? 0
                    var surname = 0.0, given = 0.0, personalSimilarity = 0.0, swappedPairs = 0
                    var queryFieldsMatched: UInt32 = 0  // bit per NameRole raw value
                    for pair in chosen {
                        let field = shapes[pair.queryUnit].field
                        if pair.alertRole == .surname { surname = max(surname, pair.similarity) }
                        if pair.alertRole == .given { given = max(given, pair.similarity) }
                        if pair.alertCover & personalCover != 0 { personalSimilarity = max(personalSimilarity, pair.similarity) }
                        if pair.alertRole != .patronymic && pair.alertRole != field { swappedPairs += 1 }
                        queryFieldsMatched |= 1 << field.rawValue
                    }
                    let alertUnmatched = ((surnameMask | givenMask) & ~alertCovered).nonzeroBitCount
                    // A cut last word that matched nothing is not a word the alert lacks.
                    let queryUnmatched = (queryAll & ~queryCovered & ~truncatedCover).nonzeroBitCount
                    let givenMatched = given > 0
                    if surnameMask == 0 { surname = 0.75 } else if surname == 0 { surname = 0.15 }
                    if givenMask == 0 {
                        given = 0.75
                    } else if !givenMatched {
                        given = queryUnmatched == 0 ? 0.5 : 0.15
                    } else if personalSimilarity > 0 {
                        given = personalSimilarity
                    }
                    var penalty: Double
                    if alertUnmatched > 0 && queryUnmatched > 0 {
                        penalty = 0.2
                    } else {
                        penalty = max(0.9, 1 - 0.02 * Double(alertUnmatched + queryUnmatched))
                    }
                    // The personal name is the person's own; the others may be a father's and grandfather's
                    // (Arabic name chains) or a second name. Matching only another one is a relative or a namesake.
                    if givenMatched && personalSimilarity == 0 { penalty *= 0.3 }
                    // Same on the traveller's side: the first word of the passport's given-name field (the field
                    // that did not hold the alert's surname, so swapped fields count) must be among the matched,
                    // and each field of the passport must have matched something.
                    let surnameField = chosen.first { $0.alertRole == .surname }.map { shapes[$0.queryUnit].field }
                    let givenField: NameRole = surnameField == .given ? .surname : .given
                    var firstQueryGiven: PreparedQueryName.Shape?, givenFieldMatched = false
                    for shape in shapes where shape.field == givenField {
                        if firstQueryGiven == nil && shape.cover.nonzeroBitCount == 1 { firstQueryGiven = shape }
                        if shape.cover & queryCovered != 0 { givenFieldMatched = true }
                    }
                    if let firstQueryGiven, firstQueryGiven.cover & queryCovered == 0, givenFieldMatched,
                        !firstQueryGiven.vietnameseMiddleName
                    {
                        penalty *= 0.3
                    }
                    if queryFields.nonzeroBitCount == 2 && queryFieldsMatched.nonzeroBitCount == 1 && chosenCount > 0 { penalty *= 0.3 }
                    let swapped = swappedPairs > 0 && swappedPairs * 2 >= chosenCount
                    if swapped { penalty *= 0.98 }
                    let score = surname * given * penalty
                    if score > (best?.score ?? -1) {
                        best = NameComparison(score: score, surname: surname, given: given, penalty: penalty, formIndex: formIndex,
                                              pairs: Array(chosen), swapped: swapped, names: names)
                    }
                }
            }
        }
        return best
    }
}
