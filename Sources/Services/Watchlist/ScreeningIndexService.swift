import Foundation
import Logging
import Screening
import Store

/// Owns the in-memory screening index of this process and keeps it current (issue 5 item 2).
///
/// The index is an immutable value swapped whole (STYLE.md §14): a screening call copies the current
/// snapshot under a lock (a few reference counts) and matches outside it, so readers never wait for
/// a writer. It is built from the store by ``load()``; a change made through this process is applied
/// at once (``apply(_:)``); changes made by other processes on the same database are picked up by
/// ``run()``, which polls `alert_change` every ``pollInterval`` and re-reads the changed alerts (the
/// store is the truth, DESIGN.md).
///
/// Remembered false positives are held here too, keyed by subject and alert: a dismissal suppresses
/// a hit only while the alert still has the version it was made against.
public final class ScreeningIndexService: @unchecked Sendable {
    let database: KordonDatabase
    let clock: Clock
    let logger: Logger
    /// How often ``run()`` polls the change log: 250 ms keeps cross-process propagation well under a second.
    public let pollInterval: Duration
    /// How long a hole in the change sequence is waited for before it is skipped. PostgreSQL hands out
    /// sequence numbers at insert, not at commit, so a slower transaction can make a lower number
    /// visible after a higher one; a rolled-back transaction leaves a hole for ever.
    let gapGrace: TimeInterval = 10
    /// The most change rows one poll reads.
    let pollLimit = 5_000
    /// This many alerts changed since the index was built means a bulk import elsewhere: rebuild instead of
    /// applying them one by one. Counted on the alerts the index does not have yet, not on the change rows:
    /// another process publishes an import's change rows after its switch has made every alert visible, so
    /// one rebuild already holds them all. Counting rows made the poller rebuild a million-alert index again
    /// and again while an import in another process published (each rebuild took seconds, and more rows
    /// came meanwhile), which slowed the border's checks (p50 13 → 23 ms) and starved the import of CPU.
    let staleReloadThreshold = 1_000
    /// Compact the index (fold its delta into the base) once this many changes have accumulated.
    let compactionThreshold = 5_000

    private let lock = NSLock()
    /// Guarded by `lock`.
    private var state = Snapshot(index: ScreeningIndex(alerts: [Alert]()))
    private var changeCursor = SequenceCursor()
    private var dismissalCursor = SequenceCursor()
    private let reloads = ReloadQueue()
    /// Bulk imports of this process under way (guarded by `lock`): each reloads the index when it ends, so
    /// the poller leaves their change rows alone meanwhile instead of reloading or applying them one by one.
    private var bulkImports = 0
    /// Whole rebuilds from the store so far (guarded by `lock`; tests count them).
    private var rebuilds = 0
    var rebuildCount: Int { lock.withLock { rebuilds } }

    /// What a screening call reads: the index and the store's facts about each alert in it.
    struct Snapshot: Sendable {
        var index: ScreeningIndex
        /// Active alerts in the index, by screening id.
        var alerts: [String: Entry] = [:]
        /// The latest version seen of every alert, withdrawn ones included.
        var versions: [String: Int] = [:]
        /// Subject key → alert id → alert version the dismissal was made against.
        var dismissals: [String: [String: Int]] = [:]
        /// Bumped on every change; compaction swaps its result in only when nothing changed meanwhile.
        var generation = 0
    }

    struct Entry: Sendable {
        var id: UUID
        var version: Int
        var category: AlertRecord.Category
        var action: AlertRecord.Action
        var agencyId: UUID
        var validFrom: Date
        var validUntil: Date?

        init(
            id: UUID, version: Int, category: AlertRecord.Category, action: AlertRecord.Action, agencyId: UUID,
            validFrom: Date, validUntil: Date?
        ) {
            self.id = id
            self.version = version
            self.category = category
            self.action = action
            self.agencyId = agencyId
            self.validFrom = validFrom
            self.validUntil = validUntil
        }

        init(_ record: AlertRecord) {
            id = record.id
            version = record.version
            category = record.category
            action = record.action
            agencyId = record.agencyId
            validFrom = record.validFrom
            validUntil = record.validUntil
        }

        func isInForce(at date: Date) -> Bool { validFrom <= date && (validUntil.map { date < $0 } ?? true) }
    }

    public init(
        database: KordonDatabase, clock: @escaping Clock, logger: Logger, pollInterval: Duration = .milliseconds(250)
    ) {
        self.database = database
        self.clock = clock
        self.logger = logger
        self.pollInterval = pollInterval
    }

    // MARK: - Screening (synchronous, in memory)

    /// Screens a traveller (names in any script, birth date, nationality, sex) against entry bans,
    /// wanted and missing persons in force. Hits dismissed for `subject` against the alert's current
    /// version are left out.
    public func screen(
        person: PersonQuery, subject: ScreeningSubject? = nil, threshold: Double? = nil, limit: Int = 20
    ) -> [AlertHit] {
        let snapshot = current()
        let dismissed = subject.flatMap { snapshot.dismissals[$0.key] } ?? [:]
        let hits = snapshot.index.screen(
            person, threshold: threshold, limit: limit,
            suppressed: { id in dismissed[id] != nil && dismissed[id] == snapshot.alerts[id]?.version }
        )
        return resolve(hits, in: snapshot)
    }

    /// Screens a travel document against lost/stolen document alerts (and documents named in person
    /// alerts): exact number and state, and OCR-folded number as a weaker hit.
    public func screen(document: DocumentReference, subject: ScreeningSubject? = nil, threshold: Double? = nil)
        -> [AlertHit]
    {
        let snapshot = current()
        let key = subject ?? .document(number: document.number, issuingState: document.issuingState)
        let dismissed = snapshot.dismissals[key.key] ?? [:]
        let hits = snapshot.index.screen(
            document: document, threshold: threshold,
            suppressed: { id in dismissed[id] != nil && dismissed[id] == snapshot.alerts[id]?.version }
        )
        return resolve(hits, in: snapshot)
    }

    /// Screens a number plate against stolen vehicle alerts (spaces, dashes and Cyrillic look-alike
    /// letters normalised).
    public func screen(plate: String, subject: ScreeningSubject? = nil, threshold: Double? = nil) -> [AlertHit] {
        let snapshot = current()
        let dismissed = snapshot.dismissals[(subject ?? .plate(plate)).key] ?? [:]
        let hits = snapshot.index.screen(
            plate: plate, threshold: threshold,
            suppressed: { id in dismissed[id] != nil && dismissed[id] == snapshot.alerts[id]?.version }
        )
        return resolve(hits, in: snapshot)
    }

    /// True when `subject` was dismissed against exactly `version` of the alert.
    public func isDismissed(_ subject: ScreeningSubject, alertId: UUID, version: Int) -> Bool {
        current().dismissals[subject.key]?[AlertRecord.key(alertId)] == version
    }

    /// Alerts screened against, and changes not yet compacted.
    public var statistics: ScreeningIndex.Statistics { current().index.statistics }

    /// The version of an alert the index screens against, `nil` when it is not screened.
    public func screenedVersion(of alertId: UUID) -> Int? { current().alerts[AlertRecord.key(alertId)]?.version }

    private func current() -> Snapshot { lock.withLock { state } }

    private func resolve(_ hits: [Hit], in snapshot: Snapshot) -> [AlertHit] {
        let now = clock()
        return hits.compactMap { hit in
            guard let entry = snapshot.alerts[hit.alertID], entry.isInForce(at: now) else { return nil }
            return AlertHit(
                alertId: entry.id, alertVersion: entry.version, category: entry.category, action: entry.action,
                agencyId: entry.agencyId, hit: hit
            )
        }
    }

    // MARK: - Keeping current

    /// Builds the index from the store: every active alert and every dismissal. One build at a time; a call
    /// made while one is under way waits for the next, which callers waiting together share
    /// (``ReloadQueue``). The watchlist is read, decoded and indexed off Swift's cooperative pool, below the
    /// border checks' CPU priority (``IndexBuilds/belowTheBorder(_:)``).
    public func load() async throws {
        try await reloads.run { try await IndexBuilds.belowTheBorder { try await reload() } }
    }

    /// Reads every dismissal but no alert: the start of a command that never screens a traveller (an import,
    /// administration, retention), which still re-screens what it imports and must then respect the
    /// dismissals a server's officers recorded. Its screens (``screen(person:subject:threshold:limit:)``) find
    /// nothing until ``load()`` runs.
    ///
    /// Why not the whole index: reading a million alerts is a full read of the alert table by a PostgreSQL
    /// backend at the border's CPU priority, and 18–19 s of CPU, for a command that looks at none of them.
    public func loadDismissals() async throws {
        let (dismissals, dismissalSeq) = try await readDismissals()
        lock.withLock {
            state.dismissals = dismissals
            dismissalCursor = SequenceCursor(lowWater: dismissalSeq)
        }
    }

    /// Runs `body` (a bulk import of this process, which reloads the index when it ends) while the change-log
    /// poller leaves the import's change rows alone.
    func duringBulkImport<T>(_ body: () async throws -> T) async rethrows -> T {
        lock.withLock { bulkImports += 1 }
        defer { lock.withLock { bulkImports -= 1 } }
        return try await body()
    }

    private func reload() async throws {
        let repository = database.repositories.alerts
        // Read the change log's position first: a change committed while the alerts are read is
        // then applied again by the next poll, which is harmless.
        let changeSeq = try await repository.lastChangeSeq()
        var alerts: [Alert] = []
        var entries: [String: Entry] = [:]
        var versions: [String: Int] = [:]
        try await repository.allActive { page in
            for record in page {
                let alert = record.screeningAlert
                alerts.append(alert)
                entries[alert.id] = Entry(record)
                versions[alert.id] = record.version
            }
        }
        let read = alerts
        let index = await IndexBuilds.run { ScreeningIndex(alerts: read) }
        let (dismissals, dismissalSeq) = try await readDismissals()
        lock.withLock {
            let generation = state.generation + 1
            state = Snapshot(
                index: index, alerts: entries, versions: versions, dismissals: dismissals, generation: generation
            )
            changeCursor = SequenceCursor(lowWater: changeSeq)
            dismissalCursor = SequenceCursor(lowWater: dismissalSeq)
            rebuilds += 1
        }
        logger.info("Screening index built", metadata: ["alerts": "\(entries.count)"])
    }

    /// Every dismissal, by subject, and the sequence number of the last.
    private func readDismissals() async throws -> ([String: [String: Int]], Int64) {
        var dismissals: [String: [String: Int]] = [:]
        var dismissalSeq: Int64 = 0
        while true {
            let page = try await database.repositories.alerts.dismissals(after: dismissalSeq, limit: 10_000)
            for dismissal in page { Self.remember(dismissal, in: &dismissals) }
            dismissalSeq = page.last?.seq ?? dismissalSeq
            if page.count < 10_000 { break }
        }
        return (dismissals, dismissalSeq)
    }

    /// Replaces the index with `alerts` held in memory only, as active version-1 alerts of `agencyId`
    /// (benchmarks: `kordon bench apis` screens against a million generated alerts without storing
    /// them). Each alert's id must be a lower-case UUID (`AlertRecord.key`), as hits carry UUIDs.
    public func install(_ alerts: [Alert], agencyId: UUID) {
        var entries: [String: Entry] = [:]
        var versions: [String: Int] = [:]
        let actions: [AlertCategory: AlertRecord.Action] = [
            .entryBan: .refuse, .wantedPerson: .arrest, .missingPerson: .protect, .lostStolenDocument: .inform,
            .stolenVehicle: .inform,
        ]
        for alert in alerts {
            guard let id = UUID(uuidString: alert.id) else { continue }
            entries[alert.id] = Entry(
                id: id, version: 1, category: AlertRecord.Category(rawValue: alert.category.rawValue) ?? .entryBan,
                action: actions[alert.category] ?? .inform, agencyId: agencyId, validFrom: .distantPast, validUntil: nil
            )
            versions[alert.id] = 1
        }
        let index = ScreeningIndex(alerts: alerts)
        lock.withLock {
            state = Snapshot(index: index, alerts: entries, versions: versions, generation: state.generation + 1)
        }
    }

    /// Applies the stored state of an alert (created, changed or withdrawn). Idempotent: an older or
    /// equal version than the one already applied is ignored.
    public func apply(_ record: AlertRecord) {
        apply([record])
    }

    func apply(_ records: [AlertRecord]) {
        lock.withLock {
            for record in records {
                let key = AlertRecord.key(record.id)
                if let seen = state.versions[key], seen >= record.version { continue }
                state.versions[key] = record.version
                if record.status == .active {
                    state.index.upsert(record.screeningAlert)
                    state.alerts[key] = Entry(record)
                } else {
                    state.index.withdraw(alertID: key)
                    state.alerts[key] = nil
                }
                state.generation += 1
            }
        }
    }

    /// Remembers a dismissal (made here or read from the store).
    public func apply(_ dismissal: ScreeningDismissal) {
        lock.withLock { Self.remember(dismissal, in: &state.dismissals) }
    }

    private static func remember(_ dismissal: ScreeningDismissal, in dismissals: inout [String: [String: Int]]) {
        let alert = AlertRecord.key(dismissal.alertId)
        let known = dismissals[dismissal.subjectKey]?[alert] ?? 0
        dismissals[dismissal.subjectKey, default: [:]][alert] = max(known, dismissal.alertVersion)
    }

    /// Reads changes and dismissals made since the last poll (by any process) and applies them.
    public func refresh() async throws {
        let repository = database.repositories.alerts
        let (changeLow, dismissalLow, bulk) = lock.withLock {
            (changeCursor.lowWater, dismissalCursor.lowWater, bulkImports > 0)
        }
        // Alerts: not while this process imports (it reloads when the import ends) or a reload is under way
        // (it covers what it reads); dismissals always.
        var changes: [AlertChange] = []
        if !bulk, !reloads.isBusy {
            changes = try await repository.changes(after: changeLow, limit: pollLimit)
            let versions = lock.withLock { state.versions }
            var stale: [UUID] = []
            var seen: Set<UUID> = []
            for change in changes where (versions[AlertRecord.key(change.alertId)] ?? 0) < change.version {
                if seen.insert(change.alertId).inserted { stale.append(change.alertId) }
            }
            if stale.count >= staleReloadThreshold {
                try await load()
                return
            }
            apply(try await repository.find(ids: stale))
        }
        let dismissals = try await repository.dismissals(after: dismissalLow, limit: pollLimit)
        for dismissal in dismissals { apply(dismissal) }
        let now = Date()
        lock.withLock {
            changeCursor.advance(over: changes.map(\.seq), now: now, grace: gapGrace)
            dismissalCursor.advance(over: dismissals.map(\.seq), now: now, grace: gapGrace)
        }
    }

    /// Polls until cancelled (a `Service.run()` for swift-service-lifecycle; wrap it in
    /// `cancelWhenGracefulShutdown`). A failed poll is logged and retried on the next tick.
    public func run() async throws {
        while !Task.isCancelled {
            do {
                try await refresh()
            } catch {
                logger.warning("Screening index refresh failed", metadata: ["error": "\(String(reflecting: error))"])
            }
            await compactIfNeeded()
            do {
                try await Task.sleep(for: pollInterval)
            } catch {
                return
            }
        }
    }

    /// Folds the delta into a new base when it has grown; off the lock and off the cooperative pool.
    public func compactIfNeeded() async {
        let (index, generation) = lock.withLock { (state.index, state.generation) }
        guard index.pendingChanges >= compactionThreshold else { return }
        let compacted = await IndexBuilds.run { index.compacted() }
        lock.withLock {
            if state.generation == generation { state.index = compacted }
        }
    }
}

/// The position reached in a table read by increasing `seq`: everything at or below `lowWater` is
/// applied. A hole above it is waited for (a transaction still running) up to `grace`, then skipped.
struct SequenceCursor: Sendable {
    var lowWater: Int64 = 0
    var gap: (seq: Int64, since: Date)?

    init(lowWater: Int64 = 0) { self.lowWater = lowWater }

    mutating func advance(over seqs: [Int64], now: Date, grace: TimeInterval) {
        var expected = lowWater + 1
        for seq in seqs.sorted() where seq >= expected {
            if seq == expected {
                expected += 1
                continue
            }
            if let gap, gap.seq == expected, now.timeIntervalSince(gap.since) > grace {
                self.gap = nil
                expected = seq + 1
                continue
            }
            if gap?.seq != expected { gap = (expected, now) }
            break
        }
        lowWater = expected - 1
        if let gap, gap.seq <= lowWater { self.gap = nil }
    }
}
