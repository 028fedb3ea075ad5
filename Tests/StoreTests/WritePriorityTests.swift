import Foundation
import KordonTesting
import SQLKit
@testable import Store
import Synchronization
import Testing

/// Issue 15 item 2: "an import must never stop the border". On SQLite one writer holds the lock at a time;
/// a border check's write that arrives while an import's slices queue goes first.
@Suite("Write priority")
struct WritePriorityTests {
    @Test("an interactive write waiting goes before the bulk slices that queued earlier")
    func interactiveFirst() async throws {
        let location = try await TestDatabase.freshLocation(.sqlite)
        let database = try await KordonDatabase.open(location, logger: TestDatabase.logger)
        try await database.sql.raw("CREATE TABLE turn (seq INTEGER PRIMARY KEY AUTOINCREMENT, who TEXT NOT NULL)").run()
        let (held, release) = AsyncStream.makeStream(of: Void.self)
        try await withThrowingTaskGroup(of: Void.self) { group in
            // One slice holds the lock until told to let go.
            group.addTask {
                try await database.transaction(priority: .bulk) { session in
                    try await session.raw("INSERT INTO turn (who) VALUES ('holder')").run()
                    for await _ in held { break }
                }
            }
            try await Self.waitUntil { await database.writeGate.isBusy }
            for slice in 1...2 {
                group.addTask {
                    try await database.transaction(priority: .bulk) { session in
                        try await session.raw("INSERT INTO turn (who) VALUES (\(bind: "bulk \(slice)"))").run()
                    }
                }
                try await Self.waitUntil { await database.writeGate.waiting.bulk == slice }
            }
            group.addTask {
                try await database.transaction { session in
                    try await session.raw("INSERT INTO turn (who) VALUES ('check')").run()
                }
            }
            try await Self.waitUntil { await database.writeGate.waiting.interactive == 1 }
            release.yield()
            release.finish()
            try await group.waitForAll()
        }
        let order = try await database.sql.raw("SELECT who FROM turn ORDER BY seq").all()
            .map { try $0.decode(column: "who", as: String.self) }
        #expect(order == ["holder", "check", "bulk 1", "bulk 2"])
        try await database.shutdown()
    }

    @Test("bulk writes run when no interactive one waits, in the order they came")
    func bulkInOrder() async throws {
        let gate = WriteGate()
        let order = Order()
        await gate.acquire(.bulk)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, name) in ["a", "b", "c"].enumerated() {
                group.addTask {
                    await gate.acquire(.bulk)
                    order.names.withLock { $0.append(name) }
                    await gate.release()
                }
                try await Self.waitUntil { await gate.waiting.bulk == index + 1 }
            }
            await gate.release()
            try await group.waitForAll()
        }
        #expect(order.names.withLock { $0 } == ["a", "b", "c"])
        #expect(await gate.isBusy == false)
    }

    final class Order: Sendable {
        let names = Mutex<[String]>([])
    }

    /// Polls `condition` every millisecond for up to 5 s.
    static func waitUntil(_ condition: @Sendable () async -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(5)
        while await !condition() {
            guard ContinuousClock.now < deadline else { throw CancellationError() }
            try await Task.sleep(for: .milliseconds(1))
        }
    }
}
