import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Threads of Kordon's own that take jobs from one queue, in the order given, optionally at a lower CPU
/// priority; also a task executor, so that whole tasks can prefer them (SE-0417). One thread for the index
/// builds and for imports (``IndexBuilds``, ``ImportWork``), one per core for work fanned out (``ParallelWork``).
final class WorkThreads: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []
    private let name: String

    /// True on one of these threads.
    var isCurrent: Bool { Thread.current.threadDictionary[name] != nil }

    /// - Parameters:
    ///   - name: the threads' name (with `.1`, `.2`… when there are several); also what ``isCurrent`` looks for.
    ///   - niceness: how much lower than the rest of the process they run (`setpriority(2)`, 0…19).
    init(name: String, count: Int = 1, niceness: Int32 = 0) {
        self.name = name
        for index in 0..<count {
            let thread = Thread { [self] in
                #if os(Linux)
                // On Linux, `PRIO_PROCESS` with 0 is the calling thread, not the whole process.
                if niceness != 0 { _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness) }
                #endif
                Thread.current.threadDictionary[name] = true
                run()
            }
            thread.name = count == 1 ? name : "\(name).\(index + 1)"
            thread.start()
        }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        submit { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }

    /// Runs `job` on one of the threads, after the jobs given before it have been taken.
    func submit(_ job: @escaping @Sendable () -> Void) {
        condition.withLock {
            jobs.append(job)
            condition.signal()
        }
    }

    private func run() -> Never {
        while true {
            let job = condition.withLock { () -> @Sendable () -> Void in
                while jobs.isEmpty { condition.wait() }
                return jobs.removeFirst()
            }
            job()
        }
    }
}
