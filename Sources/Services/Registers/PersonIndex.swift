import Foundation
import Screening
import Store
import TravelDocuments

/// The persons Kordon knows, in the screening engine's index (issue 11 item 2): candidates for a register
/// record come from the same matcher that screens travellers, so a name in any script, a transliteration or a
/// typo finds the person, and every candidate comes with its explanation field by field.
///
/// Built lazily on first use from the store and kept current by `refresh()` (persons created and merges made or
/// split since the last look, by this process or another), which every search and resolution calls first.
public final class PersonIndex: @unchecked Sendable {
    let database: KordonDatabase
    private let lock = NSLock()
    /// Guarded by `lock`.
    private var index: ScreeningIndex?
    private var watermark = Date.distantPast
    /// Persons created within the look-back window that the index already holds: a refresh skips them.
    private var recent: [UUID: Date] = [:]
    /// How many persons share each name (Latin form, nationality): how much a name match says. Guarded by `lock`.
    private var namesakes: [String: Int32] = [:]
    /// The entries put in the index, in order, so that candidates screened against an earlier ``Screened`` state can
    /// be brought up to date (``entries(since:)``): `log[k]` is change number `logStart + k + 1`. Guarded by `lock`.
    private var log: [Alert] = []
    private var logStart = 0
    /// Changes made so far, and the number of the last one the log cannot replay (a person withdrawn: merged; or
    /// the index rebuilt). Guarded by `lock`.
    private var changes = 0
    private var lastReset = 0
    /// The most entries the log keeps; an older state than that is screened again.
    static let logLimit = 100_000
    /// Entries ``upsert(_:names:)`` put in the index before their transaction committed, by id, until `reindex`
    /// reads the committed person: when he reads as he was put in, the index and its log are left as they are.
    /// Guarded by `lock`.
    private var unconfirmed: [String: Alert] = [:]

    /// The key `namesakes` counts by: the Latin name as the document writes it, and the nationality.
    static func nameKey(surname: String, givenNames: String, nationality: String?) -> String {
        "\(surname.uppercased())|\(givenNames.uppercased())|\(nationality ?? "")"
    }

    /// How many persons the index holds under this name and nationality (all birth dates).
    public func namesakeCount(surname: String, givenNames: String, nationality: String?) -> Int {
        lock.withLock { Int(namesakes[Self.nameKey(surname: surname, givenNames: givenNames, nationality: nationality)] ?? 0) }
    }

    public init(database: KordonDatabase) {
        self.database = database
    }

    /// The index entry for a person: the document's Latin name and every other name he is known by.
    static func entry(_ person: Person, names: [(surname: String, givenNames: String)]) -> Alert {
        var all = [PersonName(surname: person.surname, givenNames: person.givenNames)]
        for name in names where name.surname != person.surname || name.givenNames != person.givenNames {
            all.append(PersonName(surname: name.surname, givenNames: name.givenNames))
        }
        return Alert(
            id: person.id.uuidString.lowercased(), category: .wantedPerson,
            person: AlertPerson(
                names: all, birthDate: person.birthDate.flatMap { BirthDate(iso: $0) }, nationality: person.nationality,
                sex: Sex(parsing: person.sex) ?? .unknown
            )
        )
    }

    /// Reads every live person (and the names he is known by) into a new index.
    public func rebuild() async throws {
        let repositories = database.repositories
        let since = Date().addingTimeInterval(-Self.clockSlack)
        var persons: [Person] = []
        try await repositories.persons.allLive { page in persons += page }
        let names = try await repositories.registers.allNames()
        let built = ScreeningIndex(alerts: persons.map { Self.entry($0, names: names[$0.id] ?? []) })
        var counts: [String: Int32] = [:]
        counts.reserveCapacity(persons.count / 4)
        for person in persons {
            counts[Self.nameKey(surname: person.surname, givenNames: person.givenNames, nationality: person.nationality), default: 0] += 1
        }
        lock.withLock {
            index = built
            namesakes = counts
            watermark = since
            unconfirmed.removeAll()
            resetLog()
        }
    }

    /// Called under `lock`: no earlier state can be brought up to date by replaying entries.
    private func resetLog() {
        changes += 1
        lastReset = changes
        log.removeAll()
        logStart = changes
    }

    /// Called under `lock`: an entry put in the index.
    private func logged(_ entry: Alert) {
        log.append(entry)
        changes += 1
        if log.count > Self.logLimit {
            let dropped = log.count - Self.logLimit / 2
            log.removeFirst(dropped)
            logStart += dropped
        }
    }

    /// Writes by other processes commit a little after their `created_at`: look back this far on each refresh.
    static let clockSlack: TimeInterval = 5

    /// Brings the index up to date with the store: builds it on first use, then applies persons created and merges
    /// made or split since the last look.
    public func refresh() async throws {
        guard let since = lock.withLock({ index == nil ? nil : watermark }) else {
            try await rebuild()
            return
        }
        let now = Date()
        let repositories = database.repositories
        let known = lock.withLock { recent }
        let created = try await repositories.persons.created(since: since).filter { known[$0] == nil }
        let merges = try await repositories.persons.mergesChanged(since: since)
        var touched = Set(created)
        for merge in merges { touched.formUnion([merge.survivorId, merge.mergedId]) }
        guard !touched.isEmpty else {
            lock.withLock { watermark = max(watermark, now.addingTimeInterval(-Self.clockSlack)) }
            return
        }
        try await reindex(Array(touched))
        lock.withLock { watermark = max(watermark, now.addingTimeInterval(-Self.clockSlack)) }
    }

    /// Re-reads these persons: live ones are (re)indexed with all their names, merged ones leave the index.
    public func reindex(_ ids: [UUID]) async throws {
        let repositories = database.repositories
        let persons = try await repositories.persons.find(ids: ids)
        let names = try await repositories.registers.names(personIds: ids)
        let merged = try await repositories.persons.mergedInto(ids: ids)
        var live: [Alert] = []
        var gone: [UUID] = []
        for id in ids {
            if let person = persons[id], merged[id] == nil {
                live.append(Self.entry(person, names: names[id] ?? []))
            } else {
                gone.append(id)
            }
        }
        let cutoff = Date().addingTimeInterval(-2 * Self.clockSlack)
        lock.withLock {
            for (id, person) in persons where person.createdAt > cutoff { recent[id] = person.createdAt }
            recent = recent.filter { $0.value > cutoff }
            guard index != nil else { return }
            for alert in live where !index!.contains(alertID: alert.id) {
                if let person = persons[UUID(uuidString: alert.id) ?? UUID()] {
                    namesakes[Self.nameKey(surname: person.surname, givenNames: person.givenNames, nationality: person.nationality), default: 0] += 1
                }
            }
            for alert in live {
                // Put in by this batch's resolution exactly so: upserting it again would only copy the index's delta
                // (shared with every screening in flight) and log the entry twice, so that a batch screened
                // meanwhile screens its records again against a person it has already seen (issue 11).
                if unconfirmed.removeValue(forKey: alert.id) == alert { continue }
                index!.upsert(alert)
                logged(alert)
            }
            for id in gone {
                unconfirmed[id.uuidString.lowercased()] = nil
                // A person who leaves the index cannot be replayed to a screening made before (it may list him).
                if index!.withdraw(alertID: id.uuidString.lowercased()) { resetLog() }
            }
            // The delta is keyed like the base, so a large one costs a query little; folding it in costs seconds at a
            // million persons (under the lock), so it is done rarely: when the delta reaches a quarter of the index.
            if index!.pendingChanges > max(50_000, index!.count / 4) { index = index!.compacted() }
        }
    }

    /// Puts a person in the index at once, before his transaction commits, so the next record of the same batch
    /// finds him; `reindex` after the commit makes the entry exact (all names). A person whose transaction rolled
    /// back stays a candidate that `IdentityResolver` cannot find in the store, which it treats as no candidate.
    public func upsert(_ person: Person, names: [(surname: String, givenNames: String)]) {
        let alert = Self.entry(person, names: names)
        lock.withLock {
            guard index != nil else { return }
            if !index!.contains(alertID: alert.id) {
                namesakes[Self.nameKey(surname: person.surname, givenNames: person.givenNames, nationality: person.nationality), default: 0] += 1
            }
            index!.upsert(alert)
            logged(alert)
            // Entries of transactions that rolled back are never confirmed: forget them rather than keep them all.
            if unconfirmed.count >= Self.logLimit { unconfirmed.removeAll() }
            unconfirmed[alert.id] = alert
        }
    }

    /// The index as it is now, to screen many queries against without the lock (nil before the first refresh).
    func snapshot() -> ScreeningIndex? {
        lock.withLock { index }
    }

    /// The index as it is now, with the number of the last change it holds (see ``entries(since:)``).
    func versionedSnapshot() -> (index: ScreeningIndex, version: Int)? {
        lock.withLock { index.map { ($0, changes) } }
    }

    /// The entries put in the index after `version` (persons created, or given a new name, since), to bring
    /// candidates screened against that version up to date; nil when that cannot be done by adding entries (a
    /// person left the index since, the index was rebuilt, or the version is older than the log keeps).
    func entries(since version: Int) -> [Alert]? {
        lock.withLock {
            guard version >= lastReset, version >= logStart, version <= changes else { return nil }
            return Array(log[(version - logStart)...])
        }
    }

    /// Candidates for a person described by `query`, best first, each with its score and explanation.
    public func candidates(_ query: PersonQuery, threshold: Double, limit: Int = 10) -> [Hit] {
        guard let snapshot = lock.withLock({ index }) else { return [] }
        return snapshot.screen(query, threshold: threshold, limit: limit)
    }

    /// How many persons the index holds.
    public var count: Int { lock.withLock { index?.count ?? 0 } }

    /// Persons added or changed since the index was last folded (``ScreeningIndex/pendingChanges``): every search
    /// scans them besides the base, so only a changed entry should be put here.
    public var pendingChanges: Int { lock.withLock { index?.pendingChanges ?? 0 } }
}
