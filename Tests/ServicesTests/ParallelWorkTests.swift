import Foundation
import Testing

@testable import Services

/// `kordon` runs tasks on NIO's event loops, where a task group's children stay on the loop they were made on;
/// work meant for every core prefers ``ParallelWork``.
@Suite("Parallel work")
struct ParallelWorkTests {

    @Test("a task group's children that prefer it run on its threads, one per core")
    func childrenRunOnItsThreads() async {
        #expect(!ParallelWork.executor.isCurrent)
        let places = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<16 {
                group.addTask(executorPreference: ParallelWork.executor) { ParallelWork.executor.isCurrent }
            }
            var all: [Bool] = []
            for await place in group { all.append(place) }
            return all
        }
        #expect(places == Array(repeating: true, count: 16))
    }
}
