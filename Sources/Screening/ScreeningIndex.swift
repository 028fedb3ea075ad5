/// The in-memory screening index: every alert's names, documents and plates, ready to be matched
/// against a traveller in about a millisecond.
///
/// It is a value (STYLE.md §14: a read-mostly structure is an immutable value swapped whole). The
/// bulk is an immutable, shared base built in one pass; ``upsert(_:)`` and ``withdraw(alertID:)``
/// change only a small delta on top of it, so keeping the index current on every watchlist change
/// costs microseconds and readers holding the previous value are unaffected. When the delta has grown
/// (``pendingChanges``), ``compacted()`` folds it into a new base, without re-reading the store.
public struct ScreeningIndex: Sendable {
    let base: BaseIndex
    var delta: Delta
    /// The weights and the default threshold of the person score.
    public var policy: ScoringPolicy

    struct Delta: Sendable {
        var vocabulary: Vocabulary
        var alerts: [PreparedAlert?] = []
        /// Each slot's birth-date code, beside `alerts`, as the base keeps them beside its postings (``BaseIndex/postingBirths``).
        var births: [Int32] = []
        var slots: [String: Int] = [:]
        /// Base alerts withdrawn or replaced since the base was built.
        var withdrawn: Set<UInt32> = []
        /// (name key, birth-year bucket) → slots, as ``BaseIndex/postings``. A query reaches the delta through the
        /// same keys as the base, so an alert is found alike before and after compaction, and a delta of tens of
        /// thousands (issue 11: a register import re-indexes every person it touches) costs a few lookups per
        /// query, not a scan with a date test and a name comparison per slot.
        var postings: [UInt64: [Int32]] = [:]
        /// The posting keys of each slot, to take a replaced or withdrawn alert out of `postings`.
        var posted: [[UInt64]] = []
        /// Name keys of the spellings the delta added, and their deletion neighbourhood (deletion hash → name
        /// key), as ``BaseIndex/deletions``: a word new since the base is found one edit away, as it will be once
        /// compacted. Whether a traveller's word is a known name (which decides whether it is looked up one edit
        /// away at all, and how an edit in it counts) stays the base's answer until compaction, as before the
        /// delta had keys: a record imported one at a time then decides as it does in a batch, whose names reach
        /// the index only after the batch.
        var nameKeys: Set<UInt64> = []
        var deletions: [UInt64: [UInt64]] = [:]

        mutating func learn(_ spelling: Spelling, base: BaseIndex) {
            guard !base.nameKeys.contains(spelling.key), nameKeys.insert(spelling.key).inserted,
                spelling.skeleton.count >= 4
            else { return }
            ScreeningIndex.forEachDeletion(of: spelling.skeleton) { hash in deletions[hash >> 24, default: []].append(spelling.key) }
        }

        mutating func post(_ slot: Int, keys: [UInt64]) {
            for key in keys { postings[key, default: []].append(Int32(slot)) }
            if slot == posted.count { posted.append(keys) } else { posted[slot] = keys }
        }

        mutating func unpost(_ slot: Int) {
            for key in posted[slot] {
                postings[key]?.removeAll { $0 == Int32(slot) }
                if postings[key]?.isEmpty == true { postings[key] = nil }
            }
            posted[slot] = []
        }
    }

    /// Builds the index from a sequence of alerts (a later alert with the same id replaces an earlier one).
    /// Alerts are not validated here: call ``Alert/validate(today:)`` where they enter the system.
    public init(alerts: some Sequence<Alert>, policy: ScoringPolicy = ScoringPolicy()) {
        var preparer = AlertPreparer()
        var prepared: [PreparedAlert] = []
        prepared.reserveCapacity(alerts.underestimatedCount)
        for alert in alerts { prepared.append(preparer.prepare(alert)) }
        self.init(base: BaseIndex(vocabulary: preparer.base, alerts: prepared), policy: policy)
    }

    init(base: BaseIndex, policy: ScoringPolicy) {
        self.base = base
        self.delta = Delta(vocabulary: Vocabulary(offset: base.vocabulary.endID))
        self.policy = policy
    }

    /// Number of alerts the index screens against.
    public var count: Int {
        base.alerts.count - base.shadowed.count - delta.withdrawn.count + delta.slots.count
    }

    /// Alerts added, changed or withdrawn since the base was built; compact when this reaches a few thousand.
    public var pendingChanges: Int { delta.slots.count + delta.withdrawn.count }

    /// True when an alert with this id is screened.
    public func contains(alertID: String) -> Bool {
        if delta.slots[alertID] != nil { return true }
        guard let position = base.positions[alertID] else { return false }
        return !delta.withdrawn.contains(position)
    }

    /// Adds an alert, or replaces the alert with the same id.
    public mutating func upsert(_ alert: Alert) {
        if let position = base.positions[alert.id] { delta.withdrawn.insert(position) }
        var preparer = AlertPreparer(base: base.vocabulary, delta: delta.vocabulary)
        let known = delta.vocabulary.spellings.count
        let prepared = preparer.prepare(alert)
        delta.vocabulary = preparer.delta
        for spelling in delta.vocabulary.spellings[known...] { delta.learn(spelling, base: base) }
        var keys: [UInt64] = []
        Self.postingKeys(of: prepared, vocabulary: vocabulary, into: &keys)
        if let slot = delta.slots[alert.id] {
            delta.unpost(slot)
            delta.alerts[slot] = prepared
            delta.births[slot] = prepared.birth
            delta.post(slot, keys: keys)
        } else {
            delta.slots[alert.id] = delta.alerts.count
            delta.post(delta.alerts.count, keys: keys)
            delta.alerts.append(prepared)
            delta.births.append(prepared.birth)
        }
    }

    /// Stops screening against an alert. Returns false when no such alert was screened.
    @discardableResult
    public mutating func withdraw(alertID: String) -> Bool {
        var found = false
        if let slot = delta.slots.removeValue(forKey: alertID) {
            delta.unpost(slot)
            delta.alerts[slot] = nil
            found = true
        }
        if let position = base.positions[alertID], !delta.withdrawn.contains(position) {
            delta.withdrawn.insert(position)
            found = true
        }
        return found
    }

    /// The same alerts in a freshly built base with an empty delta. Costs about as much as building
    /// from scratch minus name preparation (nothing is re-transliterated); run it off the request path
    /// and swap the result in.
    public func compacted() -> ScreeningIndex {
        var vocabulary = base.vocabulary
        vocabulary.spellings.append(contentsOf: delta.vocabulary.spellings)
        for (text, id) in delta.vocabulary.index { vocabulary.index[text] = id }
        var alerts: [PreparedAlert] = []
        alerts.reserveCapacity(count)
        for (position, alert) in base.alerts.enumerated() {
            let number = UInt32(position)
            if !base.shadowed.contains(number) && !delta.withdrawn.contains(number) { alerts.append(alert) }
        }
        alerts.append(contentsOf: delta.alerts.compactMap { $0 })
        return ScreeningIndex(base: BaseIndex(vocabulary: vocabulary, alerts: alerts), policy: policy)
    }

    /// Size figures for monitoring.
    public struct Statistics: Hashable, Sendable {
        public var alerts: Int
        public var spellings: Int
        public var postings: Int
        public var pendingChanges: Int
    }

    public var statistics: Statistics {
        Statistics(alerts: count, spellings: Int(delta.vocabulary.endID), postings: base.postings.values.count,
                   pendingChanges: pendingChanges)
    }

    var vocabulary: VocabularyView { VocabularyView(base: base.vocabulary, delta: delta.vocabulary) }

    // MARK: - Keys

    /// Birth-year bucket: 1...255 for 1800...2054, 0 for an unknown date.
    @inline(__always)
    static func bucket(of birth: Int32) -> UInt64 {
        guard birth > 0 else { return 0 }
        return UInt64(min(max(Int(birth / 10000) - 1799, 1), 255))
    }

    /// The posting keys of an alert, sorted and each once: every spelling of every name word, in the alert's
    /// birth-year bucket. `keys` is cleared first (a caller building many reuses one buffer).
    static func postingKeys(of alert: PreparedAlert, vocabulary: some SpellingLookup, into keys: inout [UInt64]) {
        keys.removeAll(keepingCapacity: true)
        let bucket = bucket(of: alert.birth)
        for form in alert.names.forms {
            for unit in form.units {
                for id in unit.spellings { keys.append(postingKey(vocabulary.spelling(id).key, bucket: bucket)) }
            }
        }
        keys.sort()
        var unique = 0
        for position in keys.indices where unique == 0 || keys[unique - 1] != keys[position] {
            keys[unique] = keys[position]
            unique += 1
        }
        keys.removeLast(keys.count - unique)
    }

    /// Posting key: 32 bits of the name key and 8 of the year bucket. Blocking on the year keeps the
    /// lists of the commonest names (thousands of MOHAMMED) a few dozen entries long.
    @inline(__always)
    static func postingKey(_ nameKey: UInt64, bucket: UInt64) -> UInt64 {
        (nameKey >> 32) << 8 | bucket
    }

    /// Calls `body` with the hash of `skeleton` and of each one-letter deletion of it.
    static func forEachDeletion(of skeleton: [UInt8], _ body: (UInt64) -> Void) {
        body(NameKey.hash(skeleton))
        guard skeleton.count >= 4 else { return }
        var shorter = skeleton
        var previousRemoved: UInt8 = 0
        for position in skeleton.indices {
            shorter = skeleton
            let removed = shorter.remove(at: position)
            if position > 0, removed == previousRemoved { continue }
            previousRemoved = removed
            body(NameKey.hash(shorter))
        }
    }
}
