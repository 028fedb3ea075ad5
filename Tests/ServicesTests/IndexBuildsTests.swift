import Foundation
import Testing

@testable import Services

/// Issue 15, "an import must never stop the border": index builds run off Swift's cooperative pool, one at a
/// time, and reloads asked for together are made once.
@Suite("Screening index builds")
struct IndexBuildsTests {
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func next() -> Int { lock.withLock { value += 1; return value } }
        var count: Int { lock.withLock { value } }
    }

    @Test("while builds hold their queue for three seconds, other tasks still run")
    func buildsLeaveThePoolFree() async throws {
        let clock = ContinuousClock()
        let started = clock.now
        // On the cooperative pool the two would block two of its threads at once for 1.5 s, and on two cores
        // the tasks below would wait that long; on the builds' queue they wait only for a busy machine.
        async let first: Int = IndexBuilds.run { usleep(1_500_000); return 1 }
        async let second: Int = IndexBuilds.run { usleep(1_500_000); return 2 }
        // As many tasks as the pool has threads, each needing a thread briefly: they finish long before the builds.
        try await Task.sleep(for: .milliseconds(50))
        let quick = try await withThrowingTaskGroup(of: Duration.self) { group in
            for _ in 0..<ProcessInfo.processInfo.activeProcessorCount * 2 {
                group.addTask {
                    let asked = clock.now
                    try await Task.sleep(for: .milliseconds(1))
                    return clock.now - asked
                }
            }
            var longest = Duration.zero
            for try await waited in group { longest = max(longest, waited) }
            return longest
        }
        #expect(quick < .milliseconds(1_200))
        #expect(await first + second == 3)
        // One at a time: two builds of 1.5 s take 3 s.
        #expect(clock.now - started >= .milliseconds(2_950))
    }

    @Test("reloads asked for while one runs are made once, after it, for all of them")
    func reloadsAreShared() async throws {
        let queue = ReloadQueue()
        let reloads = Counter()
        let reload: @Sendable () async throws -> Void = {
            _ = reloads.next()
            try await Task.sleep(for: .milliseconds(200))
        }
        async let first: Void = queue.run(reload)
        try await Task.sleep(for: .milliseconds(50))
        #expect(queue.isBusy)
        // Asked during the first reload: its changes may be after what the first read, so one more reload,
        // shared by all eight.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 { group.addTask { try await queue.run(reload) } }
            try await group.waitForAll()
        }
        try await first
        #expect(reloads.count == 2)
        #expect(!queue.isBusy)
        // Asked when nothing runs: a reload of its own.
        try await queue.run(reload)
        #expect(reloads.count == 3)
    }

    @Test("a failed reload is not taken as done: the next caller reloads")
    func failedReloadIsRetried() async throws {
        struct Failure: Error {}
        let queue = ReloadQueue()
        let reloads = Counter()
        await #expect(throws: Failure.self) {
            try await queue.run { _ = reloads.next(); throw Failure() }
        }
        try await queue.run { _ = reloads.next() }
        #expect(reloads.count == 2)
        #expect(!queue.isBusy)
    }
}

/// An import's transactions are sized to hold the write lock about 25 ms, whatever the table's size.
@Suite("Import batch sizes")
struct BatchSizerTests {
    @Test("a slow batch shrinks the next, a fast one grows it at most twofold, always within the range")
    func follows() {
        var sizer = BatchSizer(target: .milliseconds(25), range: 20...2_000, start: 200)
        #expect(sizer.size == 200)
        // 200 alerts in 1.6 s (a million-row table): 25 ms holds about 3; the floor is 20.
        sizer.record(200, took: .milliseconds(1_600))
        #expect(sizer.size == 20)
        // 20 in 5 ms: 100 would fit, but growth is at most twofold.
        sizer.record(20, took: .milliseconds(5))
        #expect(sizer.size == 40)
        // 40 in 20 ms: 50 fit.
        sizer.record(40, took: .milliseconds(20))
        #expect(sizer.size == 50)
        // Very fast batches grow to the ceiling and stay there; a zero duration is no division by zero.
        for _ in 0..<20 { sizer.record(sizer.size, took: .zero) }
        #expect(sizer.size == 2_000)
        // Starting outside the range starts at its edge.
        #expect(BatchSizer(range: 20...2_000, start: 5_000).size == 2_000)
    }
}
