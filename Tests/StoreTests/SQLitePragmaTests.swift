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
                        for pragma in ["cache_size", "mmap_size", "foreign_keys", "temp_store"] {
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
        }
        try await database.shutdown()
    }
}
