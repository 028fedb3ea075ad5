import Foundation
import Store

/// The storing half of a bulk import (issue 15: "an import must never stop the border").
///
/// Before: one transaction held every alert, its change log, audit entries and events; a million alerts
/// held SQLite's write lock (and the audit trail's head on PostgreSQL) for minutes and border checks failed
/// after the busy timeout. Now:
///
/// 1. **staging**: the alerts are stored in transactions of up to ``stagingBatch`` alerts, each sized to hold
///    the write lock about ``slice(on:)`` (``BatchSizer``) and each yielding to any border write waiting
///    (``WritePriority/bulk``), invisible to every reader (`alert.import_id` of an import still `staging`);
/// 2. **switch**: one short transaction marks the import `switched` and writes its audit entry: from
///    that commit every reader sees all of its alerts, before it none (all or nothing to the user);
/// 3. **publishing**: the change log (other processes' indexes follow it) and the `alert.created` events
///    are written in short transactions after the switch, from a mark kept on the import, so a process
///    that stops half-way leaves the rest to ``publishPendingImports()``.
///
/// A failure while staging removes the staged alerts, again in short transactions, and marks the import
/// abandoned.
extension WatchlistService {
    /// The most alerts per staging transaction; fewer when the table is large (``BatchSizer``).
    static let stagingBatch = 2_000
    /// Alerts per publishing transaction (change rows and events), at most.
    static let publishingBatch = 2_000
    /// How long one staging or publishing transaction should hold SQLite's write lock: about the most a border
    /// check's write waits for an import (``WritePriority/bulk`` lets it go before the next slice).
    ///
    /// Measured with 8 clients checking while 300,000 alerts were staged (`kordon bench checks --import-during`):
    /// with 25 ms slices the checks' writes took turns with the slices, about one group commit per slice, and
    /// checks ran at p50 77 ms, p99 179 ms; with 5 ms slices, p50 20 ms, p99 98 ms (44 ms once commits no longer
    /// checkpointed the log, ``KordonSQLiteSource``), while storing took 124 s instead of 64 s (73 s with
    /// time-ordered alert ids). The border's latency is worth the import's time.
    ///
    /// PostgreSQL locks rows, not the database: a check never waits for a slice there, and slices of 5 ms only
    /// cost the import (publishing 100,000 alerts took 2,274 transactions), so they stay at 25 ms.
    static func slice(on kind: DatabaseKind) -> Duration {
        kind == .sqlite ? .milliseconds(5) : .milliseconds(25)
    }

    /// How long an import rests after a transaction that took `took`, before its next one.
    ///
    /// SQLite: none; its slices take turns with the border's writes at the write lock (``WritePriority/bulk``,
    /// and ``WriterSignal`` for an import in another process). PostgreSQL: as long as the transaction took, so
    /// the import's backend works at most half the time. Its backend runs at full CPU priority whatever the
    /// importer's own `nice`, and rows are locked, not the database, so nothing else made an import give way:
    /// with 1 M alerts imported by a second process on 2 cores, checks ran at p99 56–57 ms while the import was
    /// published and indexed, against 31.7–44.5 ms on SQLite.
    static func rest(after took: Duration, on kind: DatabaseKind) -> Duration {
        kind == .postgres ? took : .zero
    }

    /// Rests as ``rest(after:on:)`` says (a cancelled task stops resting, and its next step sees the cancellation).
    func rest(after took: Duration) async {
        let pause = Self.rest(after: took, on: database.kind)
        if pause > .zero { try? await Task.sleep(for: pause) }
    }

    /// Which of `references` the agency already uses, read in pieces of 5,000 that rest after each as the import's
    /// transactions do (``rest(after:)``). A million references are 2,000 statements; on PostgreSQL they ran back
    /// to back, in a backend at the border's CPU priority, in the minute where the checks beside a 1 M import are
    /// slowest (`kordon bench checks --import-during`).
    func takenReferences(_ references: [String], agencyId: UUID) async throws -> Set<String> {
        var taken: Set<String> = []
        for piece in references.chunked(into: 5_000) {
            let started = ContinuousClock.now
            taken.formUnion(try await database.repositories.alerts.existingReferences(Array(piece), agencyId: agencyId))
            await rest(after: ContinuousClock.now - started)
        }
        return taken
    }

    /// Stores validated alerts of one import: staged, switched in, published. The caller has already left out
    /// the references the agency uses (``takenReferences(_:agencyId:)``); an import that takes one of them while
    /// this one stages fails on the `UNIQUE (agency_id, reference)` constraint: the staged alerts are removed and
    /// the error says to import again.
    func storeStaged(
        _ records: [AlertRecord], agencyId: UUID, source: String, now: Date,
        audit: @escaping @Sendable (String, [String]) -> AuditRecord,
        progress: @escaping @Sendable (AlertImportProgress) -> Void
    ) async throws {
        let importId = UUID()
        try await database.transaction { tx in
            try await tx.alerts.beginImport(id: importId, agencyId: agencyId, total: records.count, source: source, at: now)
        }
        do {
            var done = 0
            var sizer = BatchSizer(target: Self.slice(on: database.kind), range: 20...Self.stagingBatch, start: 200)
            while done < records.count {
                let batch = Array(records[done..<min(done + sizer.size, records.count)])
                let took = try await database.transaction(priority: .bulk) { tx in
                    try await ContinuousClock().measure { try await tx.alerts.stage(batch, importId: importId) }
                }
                sizer.record(batch.count, took: took)
                await rest(after: took)
                done += batch.count
                progress(.init(stage: .storing, done: done, total: records.count))
            }
            try await database.transaction { tx in
                guard try await tx.alerts.switchImport(id: importId, at: now) else {
                    throw ServiceError(.conflict, field: "import", "the import was abandoned before it could be switched in")
                }
                var entry = audit("alert.import", [importId.uuidString])
                entry.resourceType = "alert_import"
                try await tx.audit.append([entry], at: now)
            }
        } catch {
            try? await abandonImport(importId)
            if KordonDatabase.isUniqueViolation(error) {
                throw AlertImportError(
                    errors: [.init(line: 1, field: "id", detail: "an alert with one of these ids was stored meanwhile; import again")]
                )
            }
            throw error
        }
        try await publishImport(importId, now: now)
    }

    /// Removes the staged alerts of a failed import in short transactions.
    func abandonImport(_ importId: UUID) async throws {
        while try await database.transaction(priority: .bulk, { tx in try await tx.alerts.abandon(importId: importId, limit: Self.stagingBatch) }) > 0 {}
    }

    /// Writes the change log and the `alert.created` events of a switched import, batch by batch.
    func publishImport(_ importId: UUID, now: Date) async throws {
        var sizer = BatchSizer(target: Self.slice(on: database.kind), range: 20...Self.publishingBatch, start: 200)
        while true {
            let limit = sizer.size
            let (finished, count, took) = try await database.transaction(priority: .bulk) { (tx: Repositories) -> (Bool, Int, Duration) in
                let started = ContinuousClock.now
                let batch = try await tx.alerts.nextToPublish(importId: importId, limit: limit)
                for events in batch.chunked(into: 500) {
                    try await tx.outbox.append(events.map { Self.event("alert.created", $0) }, at: now)
                }
                let finished = batch.count < limit
                try await tx.alerts.published(batch, importId: importId, finished: finished, at: now)
                return (finished, batch.count, ContinuousClock.now - started)
            }
            if finished { return }
            sizer.record(count, took: took)
            await rest(after: took)
        }
    }

    /// Finishes what a stopped process left: publishes switched imports, removes staged alerts of imports
    /// staging for more than an hour. `kordon serve` calls it when it starts.
    public func publishPendingImports() async throws {
        let alerts = database.repositories.alerts
        for importId in try await alerts.unpublishedImports() { try await publishImport(importId, now: clock()) }
        for importId in try await alerts.staleStagingImports(before: clock().addingTimeInterval(-3_600)) {
            try await abandonImport(importId)
        }
    }
}
