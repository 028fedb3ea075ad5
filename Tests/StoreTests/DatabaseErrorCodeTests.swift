import Foundation
import KordonTesting
import SQLKit
import Store
import Testing

/// What a failed request logs of a database error: the engine's code, which says what happened (a busy
/// database, a broken constraint), and never the message, which can quote the values involved.
@Suite("Database error codes")
struct DatabaseErrorCodeTests {
    @Test("a broken constraint logs its code and none of the values", arguments: TestDatabase.kinds)
    func constraint(kind: DatabaseKind) async throws {
        let database = try await KordonDatabase.open(try await TestDatabase.freshLocation(kind), logger: TestDatabase.logger)
        try await database.sql.raw("CREATE TABLE t (secret TEXT PRIMARY KEY)").run()
        try await database.sql.raw("INSERT INTO t (secret) VALUES ('SHEVCHENKO TARAS')").run()
        do {
            try await database.sql.raw("INSERT INTO t (secret) VALUES ('SHEVCHENKO TARAS')").run()
            Issue.record("the second insert was accepted")
        } catch {
            let code = try #require(KordonDatabase.errorCode(error))
            #expect(kind == .sqlite ? code.hasPrefix("sqlite constraint") : code == "postgres 23505", "\(code)")
            #expect(!code.contains("SHEVCHENKO"))
        }
        #expect(KordonDatabase.errorCode(CocoaError(.fileNoSuchFile)) == nil)
        try await database.shutdown()
    }
}
