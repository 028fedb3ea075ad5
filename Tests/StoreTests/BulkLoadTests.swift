import Foundation
import KordonTesting
import NIOConcurrencyHelpers
import SQLKit
@testable import Store
import Services
import Testing

/// Bulk loads of crossings (`kordon import crossings`): one transaction, several statements, the same rows
/// as the repository's insert would store.
@Suite("Bulk crossing loads")
struct BulkLoadTests {
    /// A migrated database with one person, officer and agency, and `count` crossings of that person.
    static func setup(_ kind: DatabaseKind, count: Int) async throws -> (KordonDatabase, [Crossing]) {
        let services = try await TestDatabase.services(kind)
        let database = services.database
        let now = Date(timeIntervalSince1970: 1_790_000_000.5)
        let agency = try await TestAgency.make(services)
        let officer = try #require(agency.officers[.firstLine])
        let person = Person(
            surname: "BULK", givenNames: "ANNA", birthDate: "1990-01-01", sex: "F", nationality: "MDA",
            createdByAgency: agency.agency.id, createdAt: now
        )
        try await database.repositories.persons.insert([person])
        var crossings: [Crossing] = []
        for index in 0..<count {
            let refused = index % 7 == 3
            let occurredAt = Date(timeIntervalSince1970: 1_700_000_000 + Double(index) * 60 + 0.25)
            crossings.append(
                Crossing(
                    personId: person.id, documentId: nil, pointCode: "UA-ROAD-SHEHYNI",
                    direction: index % 2 == 0 ? .entry : .exit, occurredAt: occurredAt, officerId: officer.id,
                    agencyId: agency.agency.id, decision: refused ? .refused : .admitted,
                    refusalReasons: refused ? ["C", "E"] : [], recordedAt: now,
                    backdateReason: index % 5 == 0 ? "bulk import from a\tb\\c.csv" : nil
                )
            )
        }
        return (database, crossings)
    }

    @Test("rows over several statements read back as given", arguments: TestDatabase.kinds)
    func roundTrip(kind: DatabaseKind) async throws {
        let count = CrossingRepository.sqliteRowsPerStatement + 100
        let (database, crossings) = try await Self.setup(kind, count: count)
        try await database.bulkTransaction { session in try await CrossingRepository.bulkInsert(crossings, in: session) }
        #expect(try await database.repositories.crossings.count() == count)
        for index in [0, 3, 5, CrossingRepository.sqliteRowsPerStatement, count - 1] {
            let stored = try #require(try await database.repositories.crossings.find(id: crossings[index].id))
            #expect(stored == crossings[index], "row \(index)")
        }
        try await database.shutdown()
    }

    @Test("while a load of past months stores, other connections read crossings without waiting for its commit",
          arguments: TestDatabase.kinds)
    func readsDuringALoad(kind: DatabaseKind) async throws {
        let (database, crossings) = try await Self.setup(kind, count: 50)
        // 2023-11: no partition yet on PostgreSQL. Made inside the load, it would stay locked until the commit.
        try await CrossingRepository.makeMonths(for: crossings, on: database)
        let seen = try await database.bulkTransaction { session in
            try await CrossingRepository.bulkInsert(crossings, in: session)
            // A border check's read, on the pool, while the load's transaction is open: it must not wait for it.
            // (Polled, not awaited: a read that waits for the commit would otherwise wait for this test forever.)
            let seen = NIOLockedValueBox<Int?>(nil)
            Task {
                let count = try await database.repositories.crossings.count()
                seen.withLockedValue { $0 = count }
            }
            let deadline = ContinuousClock.now + .seconds(10)
            while seen.withLockedValue({ $0 }) == nil, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            return seen.withLockedValue { $0 }
        }
        #expect(seen == 0, "the read returned before the commit, without the load's rows")
        #expect(try await database.repositories.crossings.count() == crossings.count)
        try await database.shutdown()
    }

    @Test("a person who has crossings cannot be deleted nor truncated away; one who has none can (migration 0022)",
          arguments: TestDatabase.kinds)
    func personWithCrossingsKept(kind: DatabaseKind) async throws {
        let (database, crossings) = try await Self.setup(kind, count: 3)
        try await database.repositories.crossings.insert(crossings)
        let personId = crossings[0].personId
        let before = try await database.repositories.persons.find(id: personId)
        await #expect(throws: (any Error).self) {
            try await database.sql.delete(from: "person").where("id", .equal, SQLBind(personId)).run()
        }
        if kind == .postgres {
            await #expect(throws: (any Error).self) { try await database.sql.raw("TRUNCATE person CASCADE").run() }
        }
        #expect(try await database.repositories.persons.find(id: personId) == before)
        #expect(try await database.repositories.crossings.count() == crossings.count)
        // One without crossings (nothing else names him either) goes: the guard is the key's RESTRICT, no more.
        var other = try #require(before)
        other.id = UUID()
        try await database.repositories.persons.insert([other])
        try await database.sql.delete(from: "person").where("id", .equal, SQLBind(other.id)).run()
        #expect(try await database.repositories.persons.find(id: other.id) == nil)
        try await database.shutdown()
    }

    @Test("rows given out of time order, over several COPY pieces, are stored whole, and progress counts up to all",
          arguments: TestDatabase.kinds)
    func outOfOrder(kind: DatabaseKind) async throws {
        let count = max(CrossingRepository.copyChunkRows, CrossingRepository.sqliteRowsPerStatement) + 100
        let (database, inOrder) = try await Self.setup(kind, count: count)
        // A file lists crossings as its source kept them: newest first here, so the load must sort them.
        let crossings = Array(inOrder.reversed())
        let counts = Counts()
        try await database.bulkTransaction { session in
            try await CrossingRepository.bulkInsert(crossings, in: session) { counts.append($0) }
        }
        #expect(try await database.repositories.crossings.count() == count)
        for index in [0, 1, count / 2, count - 1] {
            #expect(try await database.repositories.crossings.find(id: crossings[index].id) == crossings[index], "row \(index)")
        }
        let seen = counts.values
        #expect(seen.count >= 2, "one step per piece")
        #expect(seen == seen.sorted() && Set(seen).count == seen.count, "progress only counts up")
        #expect(seen.last == count)
        try await database.shutdown()
    }

    /// The progress steps a load reported (the callback runs on the loading task; a lock keeps the test honest).
    final class Counts: @unchecked Sendable {
        private let lock = NSLock()
        private var seen: [Int] = []
        func append(_ value: Int) { lock.withLock { seen.append(value) } }
        var values: [Int] { lock.withLock { seen } }
    }

    @Test("a failing statement after others stores nothing", arguments: TestDatabase.kinds)
    func allOrNothing(kind: DatabaseKind) async throws {
        let count = CrossingRepository.sqliteRowsPerStatement + 100
        let (database, given) = try await Self.setup(kind, count: count)
        // The last row is the one before it again (same id, same time: the key on both engines), so the first
        // statement has gone in when the last fails. (Not a person who does not exist: on PostgreSQL the services
        // check a crossing's person, M0022; `kordon import crossings` refuses repeated ids before it stores.)
        var rows = given
        rows[count - 1] = rows[count - 2]
        let crossings = rows
        await #expect(throws: (any Error).self) {
            try await database.bulkTransaction { session in try await CrossingRepository.bulkInsert(crossings, in: session) }
        }
        #expect(try await database.repositories.crossings.count() == 0)
        // The write lock and the connection were given back: an ordinary write goes through.
        try await database.transaction { tx in try await tx.crossings.insert([crossings[1]]) }
        #expect(try await database.repositories.crossings.count() == 1)
        try await database.shutdown()
    }

    @Test("SQLite: bulk rows have the storage classes and values of the repository's insert")
    func sameStorage() async throws {
        let (database, crossings) = try await Self.setup(.sqlite, count: 10)
        let byRepository = Array(crossings[0..<5])
        var renamed = byRepository
        for index in renamed.indices { renamed[index].id = crossings[5 + index].id }
        let byBulk = renamed
        try await database.transaction { tx in try await tx.crossings.insert(byRepository) }
        try await database.bulkTransaction { session in try await CrossingRepository.bulkInsert(byBulk, in: session) }
        let columns = CrossingRepository.columns.filter { $0 != "id" }
        let select = columns.map { "typeof(\($0)) || ':' || quote(\($0)) AS \($0)" }.joined(separator: ", ")
        func stored(_ id: UUID) async throws -> [String] {
            let row = try #require(
                try await database.sql.raw("SELECT typeof(id) AS t, \(unsafeRaw: select) FROM crossing WHERE id = \(bind: id)")
                    .first()
            )
            return try [row.decode(column: "t", as: String.self)] + columns.map { try row.decode(column: $0, as: String.self) }
        }
        for (repository, bulk) in zip(byRepository, byBulk) {
            #expect(try await stored(repository.id) == stored(bulk.id))
        }
        try await database.shutdown()
    }

    @Test(
        "COPY timestamps are the instant in UTC with microseconds",
        arguments: [
            (0.0, "1970-01-01 00:00:00.000000+00"),
            (1_717_228_800.25, "2024-06-01 08:00:00.250000+00"),
            (951_782_400, "2000-02-29 00:00:00.000000+00"),  // a leap day of a year divisible by 400
            (-1.5, "1969-12-31 23:59:58.500000+00"),  // before 1970: the floor, not the truncation
            (-2_208_988_800, "1900-01-01 00:00:00.000000+00"),  // 1900 is no leap year
            (253_402_300_799.5, "9999-12-31 23:59:59.500000+00"),
        ]
    )
    func copyTimestamp(seconds: Double, expected: String) {
        #expect(CopyTimestamp.text(Date(timeIntervalSince1970: seconds)) == expected)
    }
}
