extension ScreeningIndex {
    /// Screens a traveller against the person alerts (entry bans, wanted and missing persons).
    ///
    /// Candidates come from the inverted index: every spelling of every name word (exact, one edit
    /// away through the deletion neighbourhood, joined with its neighbour) in the birth years within
    /// tolerance of the traveller's (same; one digit ±1 or OCR-confusable; two digits transposed; all
    /// years when the date is unknown). Candidates whose birth date is outside the tolerated neighbourhood are dropped
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
        let name = PreparedQueryName(surname: person.surname, givenNames: person.givenNames,
                                     keepConsonantKeys: !delta.alerts.isEmpty,
                                     isKnown: { base.nameKeys.contains($0) },
                                     isListed: { base.vocabulary.id(of: String(decoding: $0, as: UTF8.self)) != nil })
        guard name.tokenCount > 0 else { return [] }
        let birth = person.birthDate?.code ?? 0
        let filterByDate = birth != 0 && threshold > policy.ceilingWithoutDate
        // Transposed and OCR-confusable dates score below the default threshold: every word's candidates in the
        // years they reach are looked up only when the caller asks for hits that low (a second-line officer
        // widening the search). On a rare name, with nothing else in doubt, they score as one digit off
        // (``ScoringPolicy/rareNameDateSlip``); such an alert carries every word of the traveller's name, so
        // those years are searched through the traveller's rarest word alone.
        let lowSlips = threshold <= max(policy.dateFactor(.digitsTransposed), policy.dateFactor(.ocrDigit))
        let rareSlips = !lowSlips && threshold <= policy.dateFactor(.oneDigitOff)
        @inline(__always) func outside(_ match: DateMatch) -> Bool {
            match == .different || (!lowSlips && !rareSlips && (match == .digitsTransposed || match == .ocrDigit))
        }
        let buckets: [UInt64]
        var slipBuckets: [UInt64] = []
        if filterByDate {
            let years = DateMatch.tolerableYears(around: Int(birth / 10000), slips: lowSlips)
            buckets = [0] + years.map { bucket(year: $0) }
            if rareSlips {
                slipBuckets = DateMatch.tolerableYears(around: Int(birth / 10000), slips: true)
                    .filter { !years.contains($0) }.map { bucket(year: $0) }
            }
        } else {
            buckets = Array(0...255)
        }
        var candidates: [UInt32] = []
        var deltaCandidates: [Int32] = []
        let searchDelta = !delta.postings.isEmpty
        let dates = DateNeighbourhood(query: birth)
        func collect(_ key: UInt64, in buckets: [UInt64]) {
            for bucket in buckets {
                let postingKey = Self.postingKey(key, bucket: bucket)
                for index in base.postings.range(of: postingKey) {
                    if filterByDate && outside(dates.match(alert: base.postingBirths[index])) { continue }
                    candidates.append(base.postings.values[index])
                }
                guard searchDelta, let slots = delta.postings[postingKey] else { continue }
                for slot in slots {
                    if filterByDate && outside(dates.match(alert: delta.births[Int(slot)])) { continue }
                    deltaCandidates.append(slot)
                }
            }
        }
        for key in nameKeys(of: name) { collect(key, in: buckets) }
        if !slipBuckets.isEmpty, let rarest = rarestWord(of: name, in: slipBuckets) { collect(rarest, in: slipBuckets) }
        candidates.sort()
        var hits: [Hit] = []
        var previous: UInt32?
        let vocabulary = self.vocabulary
        let memo = NameMatcher.Memo()
        let checkRemoved = !base.shadowed.isEmpty || !delta.withdrawn.isEmpty
        // Read in place: a copy of each candidate alert (made even for an element of a buffer pointer, which the
        // compiler cannot prove unchanged during the call) retained and released its four references.
        base.alerts.withUnsafeBufferPointer { alerts in
            guard let first = alerts.baseAddress else { return }
            for candidate in candidates where candidate != previous {
                previous = candidate
                if checkRemoved && (base.shadowed.contains(candidate) || delta.withdrawn.contains(candidate)) { continue }
                let alert = first + Int(candidate)
                if let hit = score(alert, name: name, person: person, birth: birth, vocabulary: vocabulary, memo: memo, threshold: threshold),
                    hit.score >= threshold, !suppressed(alert.pointee.id)
                {
                    hits.append(hit)
                }
            }
        }
        deltaCandidates.sort()
        var previousSlot: Int32?
        for slot in deltaCandidates where slot != previousSlot {
            previousSlot = slot
            guard let alert = delta.alerts[Int(slot)] else { continue }
            if let hit = withUnsafePointer(to: alert, {
                score($0, name: name, person: person, birth: birth, vocabulary: vocabulary, memo: memo, threshold: threshold)
            }), hit.score >= threshold, !suppressed(alert.id) {
                hits.append(hit)
            }
        }
        hits.sort { $0.score != $1.score ? $0.score > $1.score : $0.alertID < $1.alertID }
        return Array(hits.prefix(max(limit, 0)))
    }

    @inline(__always)
    func bucket(year: Int) -> UInt64 { Self.bucket(of: Int32(year * 10000)) }

    /// The key of the traveller's word with the fewest alerts in `buckets` (its spelling as read), or `nil`
    /// when one word has none there: then no alert there carries the whole name.
    func rarestWord(of name: PreparedQueryName, in buckets: [UInt64]) -> UInt64? {
        var rarest: (key: UInt64, count: Int)?
        for unit in name.units where unit.cover.nonzeroBitCount == 1 {
            guard let key = unit.spellings.first?.key else { continue }
            let count = buckets.reduce(0) { total, bucket in
                let postingKey = Self.postingKey(key, bucket: bucket)
                return total + base.postings.range(of: postingKey).count + (delta.postings[postingKey]?.count ?? 0)
            }
            if count == 0 { return nil }
            if count < rarest?.count ?? .max { rarest = (key, count) }
        }
        return rarest?.key
    }

    /// Name keys to look up: each spelling's key and, for a word the watchlist does not know (an OCR
    /// or typing slip turns most names into non-names), the keys of vocabulary words one edit away.
    /// A slip that turns one listed name into another is caught through the traveller's other words.
    func nameKeys(of name: PreparedQueryName) -> [UInt64] {
        var keys: [UInt64] = []
        for unit in name.units {
            for spelling in unit.spellings {
                keys.append(spelling.key)
                guard spelling.skeleton.count >= 4, !ConsonantKey.isKey(spelling.text), !base.nameKeys.contains(spelling.key)
                else { continue }
                Self.forEachDeletion(of: spelling.skeleton) { hash in
                    for index in base.deletions.range(of: hash >> 24) {
                        keys.append(base.fuzzyKeys[Int(base.deletions.values[index])])
                    }
                    if let near = delta.deletions[hash >> 24] { keys += near }
                }
            }
        }
        keys.sort()
        var unique: [UInt64] = []
        for key in keys where unique.last != key { unique.append(key) }
        return unique
    }

    /// Scores one candidate. `alert` points into the index's alerts (or at a delta alert) for the length of the
    /// call only: a pointer rather than the value, since the value was copied per candidate, references and all.
    func score(
        _ alert: UnsafePointer<PreparedAlert>, name: PreparedQueryName, person: PersonQuery, birth: Int32, vocabulary: VocabularyView,
        memo: NameMatcher.Memo? = nil, threshold: Double = 0
    ) -> Hit? {
        let dateMatch = DateMatch.compare(alert: alert.pointee.birth, query: birth)
        let nationalityFactor: Double, nationalityKind: MatchKind
        if NationalityCode.isUnspecified(alert.pointee.nationality) || NationalityCode.isUnspecified(person.nationality) {
            (nationalityFactor, nationalityKind) = (policy.nationalityFactors.unknown, .unknown)
        } else if NationalityCode.sameState(alert.pointee.nationality, person.nationality) {
            (nationalityFactor, nationalityKind) = (policy.nationalityFactors.same, .exact)
        } else {
            (nationalityFactor, nationalityKind) = (policy.nationalityFactors.different, .different)
        }
        let sexFactor: Double, sexKind: MatchKind
        if alert.pointee.sex == .unknown || person.sex == .unknown {
            (sexFactor, sexKind) = (policy.sexFactors.unknown, .unknown)
        } else if alert.pointee.sex == person.sex {
            (sexFactor, sexKind) = (policy.sexFactors.same, .exact)
        } else {
            (sexFactor, sexKind) = (policy.sexFactors.different, .different)
        }
        // The name factor is at most 1 and the rules below only lower the date's factor, except a date slip's
        // (raised to one digit off): when the other fields cannot reach the threshold even with the name exact,
        // the name is not compared. Most candidates a common name brings end here.
        var dateFactor = policy.dateFactor(dateMatch)
        let slipMayCount = dateMatch == .digitsTransposed || dateMatch == .ocrDigit
            ? DateMatch.precisionOf(alert.pointee.birth) == .day && nationalityKind == .exact && sexKind == .exact : false
        let dateCeiling = slipMayCount ? max(dateFactor, policy.dateFactor(.oneDigitOff)) : dateFactor
        guard dateCeiling * nationalityFactor * sexFactor >= threshold,
            var comparison = NameMatcher.compare(name, with: alert.pointee.names, vocabulary: vocabulary, memo: memo)
        else { return nil }
        // A slipped full birth date on a name few alerts carry, with nothing else in doubt: the slip is likelier
        // than a namesake born on the slipped date.
        var dateCorroborated = false
        if slipMayCount, comparison.score >= policy.rareNameDateSlip.minimumName,
            namesakes(of: comparison, vocabulary: vocabulary) <= policy.rareNameDateSlip.namesakes
        {
            dateFactor = max(dateFactor, policy.dateFactor(.oneDigitOff))
            dateCorroborated = true
        }
        // Below this only the exact date's rules raise the score (a misread letter or a garbled word forgiven);
        // otherwise a name that cannot reach the threshold now never will, and its namesakes need not be counted.
        if dateMatch != .exact && comparison.score * dateFactor * nationalityFactor * sexFactor < threshold { return nil }
        // A loose date on a near spelling of a common name, or on its words read in the other order (FANG LI for
        // LI FANG: another name): many listed people agree with such a date by chance.
        var dateWeakened = false
        if let chance = ScoringPolicy.chanceOfAgreement(dateMatch), dateFactor > policy.commonNameLooseDate.factor,
            comparison.swapped
                || comparison.pairs.contains(where: { $0.similarity < 0.99 && $0.alertRole != .patronymic }),
            case let count = namesakes(of: comparison, vocabulary: vocabulary), count != Int.max,
            Double(count) * chance >= policy.commonNameLooseDate.expectedNamesakes
        {
            dateFactor = policy.commonNameLooseDate.factor
            dateWeakened = true
        }
        // One misread letter in a name whose full birth date agrees, and nothing else disagreeing: a slip.
        var slip: Int?
        if dateMatch == .exact, DateMatch.precisionOf(alert.pointee.birth) == .day, nationalityKind != .different,
            sexKind != .different
        {
            slip = comparison.forgiveOneSlip(name: name, keeping: policy.corroboratedSlip)
            // Two misread letters in one word, everything else agreeing: compared again with two edits tolerated.
            if slip == nil, nationalityKind == .exact, comparison.score < policy.threshold,
                var wider = NameMatcher.compare(name, with: alert.pointee.names, vocabulary: vocabulary, memo: memo, garbled: true),
                let garbled = wider.forgiveGarbledWord(name: name, keeping: policy.corroboratedGarble.keeping,
                                                       otherWords: policy.corroboratedGarble.otherWords),
                wider.score > comparison.score
            {
                comparison = wider
                slip = garbled
            }
        }
        let total = comparison.score * dateFactor * nationalityFactor * sexFactor
        guard total >= threshold else { return nil }  // explanations only for reported hits
        var fields = nameFields(comparison, name: name, vocabulary: vocabulary, slip: slip)
        fields.append(FieldMatch(field: .birthDate, how: .date(dateMatch), alertValue: BirthDate(code: alert.pointee.birth)?.description ?? "",
                                 queryValue: person.birthDate?.description ?? "", similarity: policy.dateFactor(dateMatch),
                                 contribution: dateFactor, corroborated: dateCorroborated, weakened: dateWeakened))
        fields.append(FieldMatch(field: .nationality, how: nationalityKind, alertValue: alert.pointee.nationality ?? "",
                                 queryValue: person.nationality ?? "", similarity: nationalityFactor, contribution: nationalityFactor))
        fields.append(FieldMatch(field: .sex, how: sexKind, alertValue: alert.pointee.sex.rawValue, queryValue: person.sex.rawValue,
                                 similarity: sexFactor, contribution: sexFactor))
        return Hit(alertID: alert.pointee.id, category: alert.pointee.category, score: min(max(total, 0), 1),
                   explanation: Explanation(fields: fields, nameIndex: comparison.formIndex, swappedOrder: comparison.swapped))
    }

    /// How many alerts carry the matched name (first surname word and first given name, any spelling), as
    /// counted when the base index was built; alerts added since are not counted.
    func namesakes(of comparison: NameComparison, vocabulary: VocabularyView) -> Int {
        guard let key = Self.nameKey(of: comparison.form, vocabulary: vocabulary) else { return Int.max }
        return Int(base.nameCounts[key] ?? 1)
    }

    /// The key of a full name: its first one-word surname unit and first one-word given-name unit, by their
    /// first spelling's name key (so ШЕВЧЕНКО ОЛЕНА and SHEVCHENKO OLENA count together). `nil` without both.
    static func nameKey(of form: PreparedNames.Form, vocabulary: some SpellingLookup) -> UInt64? {
        var surname: UInt64?, given: UInt64?
        for unit in form.units where unit.cover.nonzeroBitCount == 1 {
            guard let id = unit.spellings.first else { continue }
            switch unit.role {
            case .surname where surname == nil: surname = vocabulary.spelling(id).key
            case .given where given == nil: given = vocabulary.spelling(id).key
            default: break
            }
        }
        guard let surname, let given else { return nil }
        return surname &* 0x9E37_79B9_7F4A_7C15 ^ given
    }

    /// Surname and given-name entries: their factors are the surname similarity and the given-name
    /// similarity times the penalty for words only one side has.
    func nameFields(
        _ comparison: NameComparison, name: PreparedQueryName, vocabulary: VocabularyView, slip: Int? = nil
    ) -> [FieldMatch] {
        var fields: [FieldMatch] = []
        let form = comparison.form
        for role in [NameRole.surname, .given, .patronymic] {
            let pairs = comparison.pairs.filter { $0.alertRole == role }
            let field: MatchedField = role == .surname ? .surname : role == .given ? .givenNames : .patronymic
            let share: Double
            switch role {
            case .surname: share = comparison.surname
            case .given: share = comparison.given * comparison.penalty
            case .patronymic: share = 1
            }
            // The weakest matched word says how far the names are apart.
            guard let best = pairs.min(by: { $0.similarity < $1.similarity }) else {
                if role != .patronymic && form.units.contains(where: { $0.role == role }) {
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
            let corroborated = slip.map { comparison.pairs[$0].alertRole == role } ?? false
            fields.append(FieldMatch(field: field, how: best.kind, alertValue: alertText, queryValue: queryText,
                                     similarity: best.similarity, contribution: share, swapped: swapped && role != .patronymic,
                                     corroborated: corroborated))
        }
        return fields
    }
}
