/// The immutable bulk of a ``ScreeningIndex``: built once from prepared alerts, then only read,
/// shared by every copy of the index value (and so by every task screening with it).
final class BaseIndex: Sendable {
    let vocabulary: Vocabulary
    let alerts: [PreparedAlert]
    /// (name key, birth-year bucket) → alert numbers.
    let postings: PackedMultiMap
    /// `alerts[postings.values[i]].birth` at `i`: the birth-date filter reads a posting list's dates in sequence
    /// instead of one random read of `births` per posting (at a million alerts those cache misses were a third
    /// of a query's time). 4 bytes per posting.
    let postingBirths: [Int32]
    /// (hash of a skeleton or of the skeleton with one letter deleted) → number in `fuzzyKeys`:
    /// the symmetric-deletion neighbourhood (Garbe's SymSpell) that finds words one edit away.
    let deletions: PackedMultiMap
    let fuzzyKeys: [UInt64]
    /// Every name key in the vocabulary: a traveller's word whose key is here needs no fuzzy expansion.
    let nameKeys: Set<UInt64>
    /// How many alerts carry each full name (``ScreeningIndex/nameKey(of:vocabulary:)``: the first surname
    /// word and the first given name, any spelling): how common a name is on the list, which tells how many
    /// namesakes a near birth date could belong to by chance.
    let nameCounts: [UInt64: UInt32]
    let positions: [String: UInt32]
    /// Alerts whose id occurs again later in the input: the later one wins.
    let shadowed: Set<UInt32>
    let documents: [String: [UInt32]]
    let documentsOCR: [String: [UInt32]]
    let plates: [String: [UInt32]]
    let platesOCR: [String: [UInt32]]

    init(vocabulary: Vocabulary, alerts: [PreparedAlert]) {
        precondition(alerts.count <= Int(PackedMultiMap.maximumValue), "a base index holds at most 16,777,215 alerts")
        self.vocabulary = vocabulary
        self.alerts = alerts
        var positions: [String: UInt32] = [:]
        positions.reserveCapacity(alerts.count)
        var shadowed: Set<UInt32> = []
        var entries: [UInt64] = []
        entries.reserveCapacity(alerts.count * 12)
        var documents: [String: [UInt32]] = [:], documentsOCR: [String: [UInt32]] = [:]
        var plates: [String: [UInt32]] = [:], platesOCR: [String: [UInt32]] = [:]
        var keys: [UInt64] = []
        var nameCounts: [UInt64: UInt32] = [:]
        var names: [UInt64] = []
        for (index, alert) in alerts.enumerated() {
            let number = UInt32(index)
            if let previous = positions.updateValue(number, forKey: alert.id) { shadowed.insert(previous) }
            ScreeningIndex.postingKeys(of: alert, vocabulary: vocabulary, into: &keys)
            for key in keys { entries.append(PackedMultiMap.entry(key: key, value: number)) }
            names.removeAll(keepingCapacity: true)
            for form in alert.names.forms {
                if let key = ScreeningIndex.nameKey(of: form, vocabulary: vocabulary), !names.contains(key) {
                    names.append(key)
                    nameCounts[key, default: 0] &+= 1
                }
            }
            for document in alert.documents {
                let normalized = DocumentReference.normalizedNumber(document.number)
                guard !normalized.isEmpty else { continue }
                documents[normalized, default: []].append(number)
                documentsOCR[DocumentMatcher.ocrFolded(normalized), default: []].append(number)
            }
            for plate in alert.plates {
                let normalized = PlateNormalizer.normalize(plate)
                guard !normalized.isEmpty else { continue }
                plates[normalized, default: []].append(number)
                platesOCR[DocumentMatcher.ocrFolded(normalized), default: []].append(number)
            }
        }
        postings = PackedMultiMap(entries: &entries)
        postingBirths = postings.values.map { alerts[Int($0)].birth }
        var fuzzyKeys: [UInt64] = []
        var seenSkeletons: Set<UInt64> = []
        var deletionEntries: [UInt64] = []
        for spelling in vocabulary.spellings where spelling.skeleton.count >= 4 {
            guard seenSkeletons.insert(NameKey.hash(spelling.skeleton)).inserted else { continue }
            let number = UInt32(fuzzyKeys.count)
            guard number < PackedMultiMap.maximumValue else { break }
            fuzzyKeys.append(spelling.key)
            ScreeningIndex.forEachDeletion(of: spelling.skeleton) { hash in
                deletionEntries.append(PackedMultiMap.entry(key: hash >> 24, value: number))
            }
        }
        deletions = PackedMultiMap(entries: &deletionEntries)
        nameKeys = Set(vocabulary.spellings.map(\.key))
        self.nameCounts = nameCounts
        self.fuzzyKeys = fuzzyKeys
        self.positions = positions
        self.shadowed = shadowed
        self.documents = documents
        self.documentsOCR = documentsOCR
        self.plates = plates
        self.platesOCR = platesOCR
    }
}
