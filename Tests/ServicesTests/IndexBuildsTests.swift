import Foundation
import Store
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
        func decrement() { lock.withLock { value -= 1 } }
        var count: Int { lock.withLock { value } }
    }

    @Test("builds run one at a time, off the cooperative pool")
    func buildsLeaveThePoolFree() async throws {
        let clock = ContinuousClock()
        let started = clock.now
        let running = Counter()
        let overlapped = Counter()
        // On the cooperative pool (one thread per core) the two would block two of its threads at once for 1.5 s.
        // Timing other tasks meanwhile proved nothing when the whole suite loads the pool (a CI run starved them
        // for longer than a build), so the test asks where the build runs.
        let build: @Sendable (Int) -> Int = { value in
            #expect(IndexBuilds.isOnBuildsQueue)
            if running.next() > 1 { _ = overlapped.next() }
            usleep(1_500_000)
            running.decrement()
            return value
        }
        #expect(!IndexBuilds.isOnBuildsQueue)
        async let first: Int = IndexBuilds.run { build(1) }
        async let second: Int = IndexBuilds.run { build(2) }
        #expect(await first + second == 3)
        // One at a time: two builds of 1.5 s take 3 s, and never overlap.
        #expect(overlapped.count == 0)
        #expect(clock.now - started >= .milliseconds(2_950))
    }

    #if os(Linux)
    @Test("builds run below the checks' CPU priority, and the rest of the process does not")
    func buildsYieldTheCPU() async throws {
        let which = __priority_which_t(PRIO_PROCESS.rawValue)
        let own = getpriority(which, 0)
        let onBuilds = await IndexBuilds.run { getpriority(which, 0) }
        #expect(onBuilds == min(19, own + IndexBuilds.niceness))
        #expect(getpriority(which, 0) == own)
    }
    #endif

    @Test("work below the border runs on the builds' thread across its awaits, and the caller comes back")
    func belowTheBorder() async throws {
        #expect(!IndexBuilds.isOnBuildsQueue)
        let places = await IndexBuilds.belowTheBorder { () async -> [Bool] in
            var places = [IndexBuilds.isOnBuildsQueue]
            // A suspension (as a database read is) resumes on the preferred executor, not on the pool.
            try? await Task.sleep(for: .milliseconds(5))
            places.append(IndexBuilds.isOnBuildsQueue)
            await Task.yield()
            places.append(IndexBuilds.isOnBuildsQueue)
            // A build asked from there still runs (the thread is free while the task waits for it).
            places.append(await IndexBuilds.run { IndexBuilds.isOnBuildsQueue })
            return places
        }
        #expect(places == [true, true, true, true])
    }

    @Test("reloads asked for while one runs are made once, after it, for all of them")
    func reloadsAreShared() async throws {
        let queue = ReloadQueue()
        let reloads = Counter()
        // The first reload holds until the test opens the gate, so the eight calls below are surely asked while
        // it runs, however slow the machine (a fixed sleep made this depend on the scheduler).
        let (gate, opener) = AsyncStream<Void>.makeStream()
        async let first: Void = queue.run {
            _ = reloads.next()
            for await _ in gate { break }
        }
        try await eventually { queue.isBusy && reloads.count == 1 }
        let plain: @Sendable () async throws -> Void = { _ = reloads.next() }
        // Asked during the first reload: its changes may be after what the first read, so one more reload,
        // shared by all eight.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 { group.addTask { try await queue.run(plain) } }
            try await eventually { queue.waiting == 8 }
            opener.yield()
            opener.finish()
            try await group.waitForAll()
        }
        try await first
        #expect(reloads.count == 2)
        #expect(!queue.isBusy)
        // Asked when nothing runs: a reload of its own.
        try await queue.run(plain)
        #expect(reloads.count == 3)
    }

    /// Waits up to ten seconds for `condition`, then records an issue.
    private func eventually(_ condition: () -> Bool, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        for _ in 0..<1_000 {
            if condition() { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("the condition did not hold within ten seconds", sourceLocation: sourceLocation)
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

/// An import gives way to the border: on PostgreSQL by resting as long as each transaction took; on SQLite at the
/// write lock, with no rest.
@Suite("Import rests")
struct ImportRestTests {
    @Test("PostgreSQL rests as long as the transaction took, SQLite not at all")
    func rests() {
        #expect(WatchlistService.rest(after: .milliseconds(25), on: .postgres) == .milliseconds(25))
        #expect(WatchlistService.rest(after: .milliseconds(3), on: .postgres) == .milliseconds(3))
        #expect(WatchlistService.rest(after: .milliseconds(25), on: .sqlite) == .zero)
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
