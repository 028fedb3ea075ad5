import Foundation
import Store

/// Lets one register batch be resolved while the batch before it is written (issue 11: ≥ 2,000 records/s). Single
/// records (`RegisterService.create`) take their turn the same way, as batches of one.
///
/// Resolving a batch (reading its documents and persons, screening, deciding each record in order) and writing it
/// (multi-row inserts, the audit entry, the commit) each took about half of a batch's transaction, and on SQLite
/// every writer queues for that transaction. Here batches are resolved one at a time, in the order they come, outside
/// any transaction, and written in the same order, each in its own transaction:
///
/// 1. ``enter()``: a batch waits for the one resolving before it to finish resolving. It reads the store as
///    committed, plus the persons and documents of the batches resolved before it and not yet committed
///    (``Pending``): what it would have seen, had each of those been written at once.
/// 2. ``leave(_:publishing:)``: it publishes its own new persons and documents, and lets the next batch resolve.
/// 3. ``waitForPredecessor(_:)``: it waits until the batch before it has committed or failed. In its transaction it
///    checks that the store still says what its reads found (``IdentityBatch/stillHolds(in:)``); if a batch before
///    it failed, or another writer (another server on the same database, a merge, a border check that made a person)
///    came in between, the batch is resolved again inside its transaction, as every batch was before.
/// 4. ``finish(_:)``: its pending persons and documents are withdrawn (committed, or never to be).
actor ImportPipeline {
    /// New persons and document holders of batches resolved but not yet committed.
    struct Pending: Sendable {
        var persons: [UUID: Person] = [:]
        var documents: [IdentityBatch.DocumentKey: UUID] = [:]
    }

    private var resolving = false
    private var queue: [CheckedContinuation<Void, Never>] = []
    private var lastTicket = 0
    private var unfinished: Set<Int> = []
    private var published: [Int: Pending] = [:]
    private var predecessorWaiters: [Int: [CheckedContinuation<Void, Never>]] = [:]
    /// Batches resolved again in their transaction because what they read no longer held (for the benchmark and
    /// the tests: each costs a second resolution inside the write lock).
    private(set) var resolvedAgain = 0
    /// Tests only: runs after a batch is resolved and before it waits to be written; a throw fails the batch there.
    private(set) var beforeWriteHook: (@Sendable (Int) async throws -> Void)?

    func setBeforeWriteHook(_ hook: (@Sendable (Int) async throws -> Void)?) { beforeWriteHook = hook }

    func countResolvedAgain() { resolvedAgain += 1 }

    /// Whether the batch with this ticket is waiting for the one before it to be written.
    func isWaitingForPredecessor(_ ticket: Int) -> Bool {
        predecessorWaiters[ticket - 1] != nil
    }

    /// Waits for the turn to resolve; returns the batch's ticket and what earlier batches have pending.
    func enter() async -> (ticket: Int, pending: Pending) {
        if resolving {
            await withCheckedContinuation { queue.append($0) }
        } else {
            resolving = true
        }
        lastTicket += 1
        unfinished.insert(lastTicket)
        var pending = Pending()
        for (_, part) in published.sorted(by: { $0.key < $1.key }) {
            pending.persons.merge(part.persons) { first, _ in first }
            pending.documents.merge(part.documents) { first, _ in first }
        }
        return (lastTicket, pending)
    }

    /// The batch is resolved (or failed to be): its new persons and documents are pending until ``finish(_:)``,
    /// and the next batch may resolve.
    func leave(_ ticket: Int, publishing pending: Pending) {
        if !pending.persons.isEmpty || !pending.documents.isEmpty { published[ticket] = pending }
        if queue.isEmpty {
            resolving = false
        } else {
            queue.removeFirst().resume()
        }
    }

    /// Returns once the batch resolved just before this one has finished (committed or failed): batches are written
    /// in the order they were resolved.
    func waitForPredecessor(_ ticket: Int) async {
        guard unfinished.contains(ticket - 1) else { return }
        await withCheckedContinuation { predecessorWaiters[ticket - 1, default: []].append($0) }
    }

    /// The batch has committed, or failed: its persons and documents are no longer pending.
    func finish(_ ticket: Int) {
        unfinished.remove(ticket)
        published[ticket] = nil
        for waiter in predecessorWaiters.removeValue(forKey: ticket) ?? [] { waiter.resume() }
    }
}
