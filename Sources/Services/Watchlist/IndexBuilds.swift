import Dispatch
import Foundation

/// Where the screening index is built, and how often.
///
/// Issue 15 ("an import must never stop the border"): while 1 M alerts were imported, border checks timed
/// out. Building an index of a million alerts takes seconds of CPU in one synchronous call; made on Swift's
/// cooperative pool (one thread per core, two here) it held a thread the checks' tasks needed, and three such
/// builds ran at once: the import's reload, the change-log poller's reload (it saw the import's change rows),
/// and the re-screening index. Now builds run on a queue of their own, one at a time, and a reload that a
/// build already under way will cover is not made again.
enum IndexBuilds {
    /// A serial queue below the request handlers' priority: one core at most for builds, the rest for checks.
    private static let queue: DispatchQueue = {
        let queue = DispatchQueue(label: "kordon.screening.builds", qos: .utility)
        queue.setSpecific(key: marker, value: ())
        return queue
    }()
    private static let marker = DispatchSpecificKey<Void>()

    /// Whether the caller runs on the builds' queue (for tests: that a build left the cooperative pool).
    static var isOnBuildsQueue: Bool { DispatchQueue.getSpecific(key: marker) != nil }

    /// Runs `work` on the builds' queue and returns its result, leaving the cooperative pool free meanwhile.
    static func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: work()) }
        }
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
