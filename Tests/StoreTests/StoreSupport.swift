import KordonTesting
import Store
import Testing

/// Tests that could not run on PostgreSQL say so in the test report, not silently (issue 3 item 2).
@Test(
    "PostgreSQL store tests run (set KORDON_TEST_DATABASE_URL; scripts/test does)",
    .disabled(if: TestDatabase.postgresURL == nil, "SKIPPED PostgreSQL: KORDON_TEST_DATABASE_URL is not set")
)
func postgresIsConfigured() async throws {
    let database = try await KordonDatabase.open(try await TestDatabase.freshLocation(.postgres), logger: TestDatabase.logger)
    #expect(await database.isReachable())
    try await database.shutdown()
}
