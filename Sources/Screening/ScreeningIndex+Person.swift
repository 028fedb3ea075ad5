extension ScreeningIndex {
    /// Screens a traveller against the person alerts (entry bans, wanted and missing persons).
    ///
    /// Candidates come from the inverted index: every spelling of every name word (exact, one edit
    /// away through the deletion neighbourhood, joined with its neighbour) in the birth years within
    /// tolerance of the traveller's (same, ±1, ±10: one digit off; all years when the date is
    /// unknown). Candidates whose birth date is outside the tolerated neighbourhood are dropped
    /// before any name is compared unless `threshold` is low enough for them to matter.
    ///
    /// - Parameters:
    ///   - threshold: lowest score reported; default ``ScoringPolicy/threshold``.
    ///   - limit: most hits returned, best first.
    ///   - suppressed: remembered false positives: alerts for which this traveller was marked
    ///     "not the same person" (the caller forgets the mark when the alert changes).
    public func screen(
        _ person: PersonQuery,
        threshold: Double? = nil,
        limit: Int = 20,
        suppressed: (String) -> Bool = { _ in false }
    ) -> [Hit] {
        let threshold = threshold ?? policy.threshold
        let name = PreparedQueryName(surname: person.surname, givenNames: person.givenNames)
        guard name.tokenCount > 0 else { return [] }
        let birth = person.birthDate?.code ?? 0
        let filterByDate = birth != 0 && threshold > policy.ceilingWithoutDate
        let buckets: [UInt64]
        if filterByDate {
            let years = person.birthDate?.isYearOnly == true ? [Int(birth / 10000)] : DateMatch.tolerableYears(around: Int(birth / 10000))
            buckets = [0] + years.map { bucket(year: $0) }
        } else {
            buckets = Array(0...255)
        }
        var candidates: [UInt32] = []
        for key in nameKeys(of: name) {
            for bucket in buckets {
                let range = base.postings.range(of: Self.postingKey(key, bucket: bucket))
                for index in range {
                    let alert = base.postings.values[index]
                    if filterByDate && DateMatch.compare(alert: base.births[Int(alert)], query: birth) == .different { continue }
                    candidates.append(alert)
                }
            }
        }
        candidates.sort()
        var hits: [Hit] = []
        var previous: UInt32?
        let vocabulary = self.vocabulary
        for candidate in candidates where candidate != previous {
            previous = candidate
            if base.shadowed.contains(candidate) || delta.withdrawn.contains(candidate) { continue }
            let alert = base.alerts[Int(candidate)]
            if let hit = score(alert, name: name, person: person, birth: birth, vocabulary: vocabulary),
                hit.score >= threshold, !suppressed(alert.id)
            {
                hits.append(hit)
            }
        }
        for case let alert? in delta.alerts {
            if filterByDate && DateMatch.compare(alert: alert.birth, query: birth) == .different { continue }
            if let hit = score(alert, name: name, person: person, birth: birth, vocabulary: vocabulary),
                hit.score >= threshold, !suppressed(alert.id)
            {
                hits.append(hit)
            }
        }
        hits.sort { $0.score != $1.score ? $0.score > $1.score : $0.alertID < $1.alertID }
        return Array(hits.prefix(max(limit, 0)))
    }

    @inline(__always)
    func bucket(year: Int) -> UInt64 { Self.bucket(of: Int32(year * 10000)) }

    /// Name keys to look up: each spelling's key, and the keys of vocabulary words one edit away.
    func nameKeys(of name: PreparedQueryName) -> [UInt64] {
        var keys: [UInt64] = []
        for unit in name.units {
            for spelling in unit.spellings {
                keys.append(spelling.key)
                guard spelling.skeleton.count >= 4 else { continue }
                Self.forEachDeletion(of: spelling.skeleton) { hash in
                    for index in base.deletions.range(of: hash >> 24) {
                        keys.append(base.fuzzyKeys[Int(base.deletions.values[index])])
                    }
                }
            }
        }
        keys.sort()
        var unique: [UInt64] = []
        for key in keys where unique.last != key { unique.append(key) }
        return unique
    }

    func score(_ alert: PreparedAlert, name: PreparedQueryName, person: PersonQuery, birth: Int32, vocabulary: VocabularyView) -> Hit? {
        guard let comparison = NameMatcher.compare(name, with: alert.names, vocabulary: vocabulary) else { return nil }
        let dateMatch = DateMatch.compare(alert: alert.birth, query: birth)
        let dateScore = policy.dateScore(dateMatch)
        let nationalityScore: Double, nationalityKind: MatchKind
        if NationalityCode.isUnspecified(alert.nationality) || NationalityCode.isUnspecified(person.nationality) {
            (nationalityScore, nationalityKind) = (0.5, .unknown)
        } else if alert.nationality == person.nationality {
            (nationalityScore, nationalityKind) = (1, .exact)
        } else {
            (nationalityScore, nationalityKind) = (0, .different)
        }
        let sexScore: Double, sexKind: MatchKind
        if alert.sex == .unknown || person.sex == .unknown {
            (sexScore, sexKind) = (0.5, .unknown)
        } else if alert.sex == person.sex {
            (sexScore, sexKind) = (1, .exact)
        } else {
            (sexScore, sexKind) = (0, .different)
        }
        let nameContribution = policy.nameWeight * comparison.score
        let total = nameContribution + policy.birthDateWeight * dateScore
            + policy.nationalityWeight * nationalityScore + policy.sexWeight * sexScore
        var fields = nameFields(comparison, name: name, vocabulary: vocabulary, contribution: nameContribution)
        fields.append(FieldMatch(field: .birthDate, how: .date(dateMatch), alertValue: BirthDate(code: alert.birth)?.description ?? "",
                                 queryValue: person.birthDate?.description ?? "", similarity: dateScore,
                                 contribution: policy.birthDateWeight * dateScore))
        fields.append(FieldMatch(field: .nationality, how: nationalityKind, alertValue: alert.nationality ?? "",
                                 queryValue: person.nationality ?? "", similarity: nationalityScore,
                                 contribution: policy.nationalityWeight * nationalityScore))
        fields.append(FieldMatch(field: .sex, how: sexKind, alertValue: alert.sex.rawValue, queryValue: person.sex.rawValue,
                                 similarity: sexScore, contribution: policy.sexWeight * sexScore))
        return Hit(alertID: alert.id, category: alert.category, score: min(max(total, 0), 1),
                   explanation: Explanation(fields: fields, nameIndex: comparison.formIndex, swappedOrder: comparison.swapped))
    }

    /// Surname and given-name entries: the name's contribution shared in proportion to their similarities.
    func nameFields(_ comparison: NameComparison, name: PreparedQueryName, vocabulary: VocabularyView, contribution: Double) -> [FieldMatch] {
        var fields: [FieldMatch] = []
        let total = comparison.surname + comparison.given
        for role in [NameRole.surname, .given, .patronymic] {
            let pairs = comparison.pairs.filter { comparison.form.units[$0.alertUnit].role == role }
            let field: MatchedField = role == .surname ? .surname : role == .given ? .givenNames : .patronymic
            let share: Double
            switch role {
            case .surname: share = total > 0 ? contribution * comparison.surname / total : 0
            case .given: share = total > 0 ? contribution * comparison.given / total : 0
            case .patronymic: share = 0
            }
            guard let best = pairs.max(by: { $0.similarity < $1.similarity }) else {
                if role != .patronymic && comparison.form.units.contains(where: { $0.role == role }) {
                    fields.append(FieldMatch(field: field, how: .missing, alertValue: "", queryValue: "", similarity: 0, contribution: share))
                }
                continue
            }
            let alertText = pairs.map { String(decoding: vocabulary[$0.alertSpelling].text, as: UTF8.self) }.joined(separator: " ")
            let queryText = pairs.map { pair in
                let unit = name.units[pair.queryUnit]
                return String(decoding: unit.spellings[pair.querySpelling].text, as: UTF8.self)
            }.joined(separator: " ")
            let swapped = pairs.contains { name.units[$0.queryUnit].field != role }
            fields.append(FieldMatch(field: field, how: best.kind, alertValue: alertText, queryValue: queryText,
                                     similarity: best.similarity, contribution: share, swapped: swapped && role != .patronymic))
        }
        return fields
    }
}
