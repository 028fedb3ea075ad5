import Foundation
import KordonTesting
import SQLKit
import Store
import Testing

@Suite("Migrations")
struct MigrationTests {
    @Test("apply once on a new database, then nothing on the next start", arguments: TestDatabase.kinds)
    func applyOnce(kind: DatabaseKind) async throws {
        let database = try await KordonDatabase.open(try await TestDatabase.freshLocation(kind), logger: TestDatabase.logger)
        let first = try await Migrator(database: database).migrate(logger: TestDatabase.logger)
        let second = try await Migrator(database: database).migrate(logger: TestDatabase.logger)
        #expect(first == Migrations.all.map(\.version))
        #expect(second.isEmpty)
        try await database.shutdown()
    }

    @Test("an edited migration is refused at start", arguments: TestDatabase.kinds)
    func editedMigrationRefused(kind: DatabaseKind) async throws {
        let database = try await KordonDatabase.open(try await TestDatabase.freshLocation(kind), logger: TestDatabase.logger)
        try await Migrator(database: database).migrate(logger: TestDatabase.logger)
        try await database.sql.raw("UPDATE schema_migration SET checksum = 'edited' WHERE version = 1").run()
        await #expect(throws: StoreError.self) {
            try await Migrator(database: database).migrate(logger: TestDatabase.logger)
        }
        try await database.shutdown()
    }
}
