import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where the screening index is built, and how often.
///
/// Issue 15 ("an import must never stop the border"): while 1 M alerts were imported, border checks timed
/// out. Building an index of a million alerts takes seconds of CPU in one synchronous call; made on Swift's
/// cooperative pool (one thread per core, two here) it held a thread the checks' tasks needed, and three such
/// builds ran at once: the import's reload, the change-log poller's reload (it saw the import's change rows),
/// and the re-screening index. Now builds run on a queue of their own, one at a time, and a reload that a
/// build already under way will cover is not made again.
///
/// The queue is one thread of its own at a lower CPU priority (`nice` 10; Linux keeps a nice value per thread).
/// A dispatch queue's quality of service does not reach the kernel's scheduler on Linux, so a build competed with
/// the checks' threads as an equal: while an import's 400,000 alerts were indexed and re-screened, checks ran at
/// p50 21 ms, p99 51 ms (11 and 25 ms otherwise). The kernel now gives the build what the checks leave.
enum IndexBuilds {
    /// How much lower the builds' thread runs than the rest of the process (`setpriority(2)`, 0…19).
    static let niceness: Int32 = 10

    private static let thread = WorkThreads(name: "kordon.screening.builds", niceness: niceness)

    /// Whether the caller runs on the builds' thread (for tests: that a build left the cooperative pool).
    static var isOnBuildsQueue: Bool { thread.isCurrent }

    /// Runs `work` on the builds' thread and returns its result, leaving the cooperative pool free meanwhile.
    static func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            thread.submit { continuation.resume(returning: work()) }
        }
    }

    /// Runs `body`, and the tasks it awaits, on the builds' thread (SE-0417, task executor preference): the
    /// reading of a whole watchlist for a reload, not only the build.
    ///
    /// Why: a profile of a server loading 1.1 M alerts from PostgreSQL (`perf record -g`, 31 s) had 54 % of
    /// the samples decoding rows into alert records (`AlertRepository.list`, PostgresKit's `Codable` path)
    /// and 13 % turning them into screening alerts, all on the cooperative pool the border checks run on,
    /// against 16 % for the build itself. During an import's reload the checks shared their two threads with
    /// that work as equals. Network reads stay on the event loop; what the task does between them runs here,
    /// below the checks' priority.
    static func belowTheBorder<T>(_ body: () async throws -> T) async rethrows -> T {
        try await withTaskExecutorPreference(thread, operation: body)
    }
}

/// Where a watchlist import does its own work: reading, checking and staging a file of a million alerts is
/// tens of seconds of CPU in loops that seldom wait.
///
/// `kordon` runs its tasks on NIO's event loops (`Kordon.main`), and a job stays on the loop it was given to.
/// An import inside the server, on a loop, held that loop's connections for as long as it parsed: the
/// first border checks of a 1 M import waited 30 s and failed. Swift's own pool hid this (another thread
/// took the checks) but still gave the import a core as an equal of the checks. Here an import's task prefers a
/// thread of its own, at the builds' lower priority; its database calls still go through the event loops.
/// A separate thread from the builds', so that the change-log poller's reloads do not wait behind a parse.
enum ImportWork {
    private static let thread = WorkThreads(name: "kordon.imports", niceness: IndexBuilds.niceness)

    /// Whether the caller runs on the imports' thread.
    static var isCurrent: Bool { thread.isCurrent }

    /// Runs `body`, and what it awaits, on the imports' thread (SE-0417, task executor preference).
    static func run<T>(_ body: () async throws -> T) async rethrows -> T {
        try await withTaskExecutorPreference(thread, operation: body)
    }
}

/// One reload of the index at a time, and none a caller does not need: a caller waits for a reload that
/// starts after its call (so every change committed before the call is in the index when it returns), and
/// callers that wait together share one.
final class ReloadQueue: @unchecked Sendable {
    private let lock = NSLock()
    /// Calls made so far; a reload that starts when `requested` is `n` covers calls 1…n.
    private var requested = 0
    /// The calls covered by reloads that finished.
    private var covered = 0
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// Whether a reload is under way or waited for.
    var isBusy: Bool { lock.withLock { busy } }

    /// Callers waiting for the reload under way to end (for tests, which must know a call has been asked).
    var waiting: Int { lock.withLock { waiters.count } }

    /// Runs `reload` unless a reload that started after this call finished meanwhile.
    func run(_ reload: () async throws -> Void) async throws {
        let ticket = lock.withLock { () -> Int in
            requested += 1
            return requested
        }
        await acquire()
        defer { release() }
        guard let covers = lock.withLock({ covered >= ticket ? nil : requested }) else { return }
        try await reload()
        lock.withLock { covered = max(covered, covers) }
    }

    private func acquire() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = lock.withLock { () -> Bool in
                if busy {
                    waiters.append(continuation)
                    return false
                }
                busy = true
                return true
            }
            if now { continuation.resume() }
        }
    }

    private func release() {
        let next = lock.withLock { () -> CheckedContinuation<Void, Never>? in
            if waiters.isEmpty {
                busy = false
                return nil
            }
            return waiters.removeFirst()
        }
        next?.resume()
    }
}
