import Foundation

/// Where work fanned out for every core runs: a manifest's screening chunks, a register batch's lanes.
///
/// `kordon` runs its tasks on NIO's event loops (`Kordon.main`), and NIO gives a new task to the loop it is
/// created on: the children of a task group made on a loop ran on that one loop, one after another. Measured
/// (`kordon bench apis`): a manifest's 500 travellers parsed and screened at p50 42.5 ms that way, 28.7 ms on
/// Swift's pool. Children that prefer this executor run on one thread per core, each taking the next job from
/// one shared queue, so a slow chunk never holds back the others: p50 27.3 ms, p99 37.5 ms.
enum ParallelWork {
    /// One thread per active core, at the border's priority.
    static let executor = WorkThreads(name: "kordon.parallel", count: max(1, ProcessInfo.processInfo.activeProcessorCount))
}
