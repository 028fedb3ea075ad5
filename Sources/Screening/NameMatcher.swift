/// A traveller's name prepared for matching.
struct PreparedQueryName {
    struct Unit {
        /// The query field the word came from (`.surname` or `.given`).
        var field: NameRole
        var cover: UInt32
        var spellings: [Spelling]
        /// The last word of the MRZ name field, possibly cut at 39 characters.
        var mayBeTruncated: Bool
    }

    var units: [Unit] = []
    var tokenCount = 0

    init(surname: String, givenNames: String) {
        var tokens: [(NameRole, [Spelling])] = []
        var mrzLength = 0
        for (text, role) in [(surname, NameRole.surname), (givenNames, .given)] {
            let words = NameNormalizer.words(text, limit: 12)
            var fieldLength = 0
            for word in words {
                let spellings = AlertPreparer.spellings(of: word).map(Spelling.init)
                guard !spellings.isEmpty else { continue }
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
    }

    var score: Double
    var surname: Double
    var given: Double
    var formIndex: Int
    var pairs: [Pair]
    var form: PreparedNames.Form
    var swapped: Bool
}

/// Word and name similarity. The rules, and why:
/// - word: equal spelling 1.0; equal to another transliteration/spelling of the alert's word 0.98;
///   equal skeleton (``NameKey``) 0.94; same name in another language (``NameForms``) 0.92; a cut
///   last MRZ word that starts the alert's word 0.9; else `0.93 − 0.065·d` for `d` half-edits
///   within ``NameKey/tolerance(length:)``.
/// - name: `surname · given · penalty`, where surname and given are the best similarities of the
///   alert's surname and given-name words (order free: swapped fields still match), and the penalty
///   is mild for words only one side has (missing patronymic or second given name, a passport with
///   more names) but severe (×0.2) when both sides keep a word the other lacks: two different
///   given names are two different people, however common the surname.
enum NameMatcher {
    static let minimumSimilarity = 0.6

    @inline(__always)
    static func similarity(query: Spelling, queryMayBeTruncated: Bool, alert: Spelling, alertIsFirst: Bool, cyrillic: Bool) -> (Double, MatchKind)? {
        if query.text == alert.text {
            if alertIsFirst && !cyrillic { return (1.0, .exact) }
            return (0.98, cyrillic ? .transliteration : .spellingVariant)
        }
        if query.skeleton == alert.skeleton { return (0.94, cyrillic ? .transliteration : .spellingVariant) }
        if query.key == alert.key { return (0.92, .nameForm) }
        if queryMayBeTruncated, query.text.count >= 1, alert.text.count > query.text.count,
            alert.text.starts(with: query.text)
        {
            return (0.9, .truncated)
        }
        let limit = NameKey.tolerance(length: min(query.skeleton.count, alert.skeleton.count))
        var best = NameKey.distance(query.skeleton, alert.skeleton, limit: limit)
        if let plain = NameKey.distance(query.text, alert.text, limit: limit), plain < (best ?? .max) { best = plain }
        guard let distance = best else { return nil }
        return (0.93 - 0.065 * Double(distance), .editDistance((distance + 1) / 2))
    }

    static func compare(_ query: PreparedQueryName, with names: PreparedNames, vocabulary: VocabularyView) -> NameComparison? {
        var best: NameComparison?
        let queryAll: UInt32 = query.tokenCount >= 32 ? .max : (1 << UInt32(query.tokenCount)) - 1
        for (formIndex, form) in names.forms.enumerated() {
            var candidates: [NameComparison.Pair] = []
            for (alertIndex, unit) in form.units.enumerated() {
                for (queryIndex, queryUnit) in query.units.enumerated() {
                    var bestPair: NameComparison.Pair?
                    for (spellingIndex, id) in unit.spellings.enumerated() {
                        let alertSpelling = vocabulary[id]
                        for (querySpellingIndex, querySpelling) in queryUnit.spellings.enumerated() {
                            guard let (value, kind) = similarity(
                                query: querySpelling, queryMayBeTruncated: queryUnit.mayBeTruncated,
                                alert: alertSpelling, alertIsFirst: spellingIndex == 0, cyrillic: unit.cyrillic
                            ), value >= minimumSimilarity, value > (bestPair?.similarity ?? 0) else { continue }
                            bestPair = .init(queryUnit: queryIndex, alertUnit: alertIndex, similarity: value, kind: kind,
                                             alertSpelling: id, querySpelling: querySpellingIndex)
                        }
                    }
                    if let bestPair { candidates.append(bestPair) }
                }
            }
            // Greedy one-to-one assignment, best pairs first; joined units cover two words.
            candidates.sort { lhs, rhs in
                if lhs.similarity != rhs.similarity { return lhs.similarity > rhs.similarity }
                return form.units[lhs.alertUnit].cover.nonzeroBitCount > form.units[rhs.alertUnit].cover.nonzeroBitCount
            }
            var alertCovered: UInt32 = 0, queryCovered: UInt32 = 0
            var chosen: [NameComparison.Pair] = []
            for pair in candidates {
                let alertCover = form.units[pair.alertUnit].cover, queryCover = query.units[pair.queryUnit].cover
                guard alertCover & alertCovered == 0, queryCover & queryCovered == 0 else { continue }
                alertCovered |= alertCover
                queryCovered |= queryCover
                chosen.append(pair)
            }
            var surnameMask: UInt32 = 0, givenMask: UInt32 = 0
            for unit in form.units where unit.cover.nonzeroBitCount == 1 {
                switch unit.role {
                case .surname: surnameMask |= unit.cover
                case .given: givenMask |= unit.cover
                case .patronymic: break
                }
            }
            var surname = 0.0, given = 0.0, swappedPairs = 0
            for pair in chosen {
                let role = form.units[pair.alertUnit].role
                let field = query.units[pair.queryUnit].field
                if role == .surname { surname = max(surname, pair.similarity) }
                if role == .given { given = max(given, pair.similarity) }
                if role != .patronymic && role != field { swappedPairs += 1 }
            }
            let alertUnmatched = ((surnameMask | givenMask) & ~alertCovered).nonzeroBitCount
            let queryUnmatched = (queryAll & ~queryCovered).nonzeroBitCount
            if surnameMask == 0 { surname = 0.75 } else if surname == 0 { surname = 0.15 }
            if givenMask == 0 { given = 0.75 } else if given == 0 { given = queryUnmatched == 0 ? 0.5 : 0.15 }
            var penalty: Double
            if alertUnmatched > 0 && queryUnmatched > 0 {
                penalty = 0.2
            } else {
                penalty = max(0.85, 1 - 0.03 * Double(alertUnmatched + queryUnmatched))
            }
            let swapped = swappedPairs > 0 && swappedPairs * 2 >= chosen.count
            if swapped { penalty *= 0.98 }
            let score = surname * given * penalty
            if score > (best?.score ?? -1) {
                best = NameComparison(score: score, surname: surname, given: given, formIndex: formIndex, pairs: chosen,
                                      form: form, swapped: swapped)
            }
        }
        return best
    }
}
