import Foundation
import KordonTesting
import SQLKit
import Store
import Testing

/// SQLite pragmas hold per connection: every connection of the pool must have them, not only the first.
@Suite("SQLite connection settings")
struct SQLitePragmaTests {
    @Test("every pooled connection has the page cache, memory map, WAL and foreign keys")
    func everyConnection() async throws {
        let database = try await KordonDatabase.open(try await TestDatabase.freshLocation(.sqlite), logger: TestDatabase.logger)
        // Sessions held at once take distinct connections: as many as the pool opens on this machine.
        let sessions = 2 * ProcessInfo.processInfo.activeProcessorCount
        let settings = try await withThrowingTaskGroup(of: [String: Int].self) { group in
            for _ in 0..<sessions {
                group.addTask {
                    try await database.sql.withSession { session in
                        var values: [String: Int] = [:]
                        for pragma in ["cache_size", "mmap_size", "foreign_keys", "temp_store", "wal_autocheckpoint", "journal_size_limit"] {
                            let row = try await session.raw("PRAGMA \(unsafeRaw: pragma)").first()
                            values[pragma] = try row?.decode(column: pragma, as: Int.self)
                        }
                        let mode = try await session.raw("PRAGMA journal_mode").first()
                        values["wal"] = try mode?.decode(column: "journal_mode", as: String.self) == "wal" ? 1 : 0
                        try await Task.sleep(for: .milliseconds(200))
                        return values
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(settings.count == sessions)
        for values in settings {
            #expect(values["cache_size"] == -65_536)
            #expect((values["mmap_size"] ?? 0) > 0)
            #expect(values["foreign_keys"] == 1)
            #expect(values["temp_store"] == 2)
            #expect(values["wal"] == 1)
            #expect(values["wal_autocheckpoint"] == 65_536)
            #expect(values["journal_size_limit"] == 67_108_864)
        }
        try await database.shutdown()
    }

    @Test("the write-ahead log is copied back to the database file in the background, not by a commit")
    func checkpointInBackground() async throws {
        let location = try await TestDatabase.freshLocation(.sqlite)
        guard case .sqlite(let path) = location else { return }
        let database = try await KordonDatabase.open(location, logger: TestDatabase.logger)
        let before = try Self.size(path)
        // 4 MiB in one commit: about 1,000 pages, far below the 65,536 at which a commit would checkpoint by itself.
        try await database.transaction { session in
            try await session.raw("CREATE TABLE filler (payload BLOB)").run()
            for _ in 0..<64 {
                try await session.raw("INSERT INTO filler SELECT randomblob(65536)").run()
            }
        }
        let log = try Self.size(path + "-wal")
        #expect(log > 4_000_000, "the commit wrote its pages to the log")
        // No further commit: only the background checkpointer can move the pages into the database file.
        let deadline = ContinuousClock.now + .seconds(10)
        var after = try Self.size(path)
        while after < before + 4_000_000, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            after = try Self.size(path)
        }
        #expect(after >= before + 4_000_000, "database file \(before) → \(after) bytes; the log held \(log)")
        try await database.shutdown()
    }

    static func size(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }
}
