import Foundation

/// Where work fanned out for every core runs: a manifest's screening chunks, a register batch's lanes.
///
/// `kordon` runs its tasks on NIO's event loops (`Kordon.main`), and NIO gives a new task to the loop it is
/// created on: the children of a task group made on a loop ran on that one loop, one after another. Measured
/// (`kordon bench apis`): a manifest's 500 travellers parsed and screened at p50 42.5 ms that way, 28.7 ms on
/// Swift's pool. Children that prefer this executor run on one thread per core, each taking the next job from
/// one shared queue, so a slow chunk never holds back the others: p50 27.3 ms, p99 37.5 ms.
public enum ParallelWork {
    /// One thread per active core.
    public static let executor = SharedQueueThreads(
        name: "kordon.parallel", count: max(1, ProcessInfo.processInfo.activeProcessorCount)
    )
}

/// Threads that take jobs from one queue, in the order given; also a task executor.
public final class SharedQueueThreads: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    private let marker: String

    /// True on one of these threads.
    var isCurrent: Bool { Thread.current.threadDictionary[marker] != nil }

    init(name: String, count: Int) {
        marker = name
        for index in 0..<count {
            let thread = Thread { [self] in
                Thread.current.threadDictionary[name] = true
                run()
            }
            thread.name = "\(name).\(index)"
            thread.start()
        }
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.withLock {
            jobs.append(job)
            condition.signal()
        }
    }

    private func run() -> Never {
        while true {
            let job = condition.withLock { () -> UnownedJob in
                while jobs.isEmpty { condition.wait() }
                return jobs.removeFirst()
            }
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
