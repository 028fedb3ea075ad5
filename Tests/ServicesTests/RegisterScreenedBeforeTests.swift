import Foundation
import KordonTesting
@testable import Services
import Store
import Testing

/// Issue 11: a batch's candidates are screened before its transaction, so that one batch screens while another
/// writes. A batch screened before another batch wrote must still find that batch's new persons.
@Suite("Register batches screened before their transaction")
struct RegisterScreenedBeforeTests {
    static let offence = RegisterImportTests.offence
    static let bondar = RegisterImportTests.bondar
    static let melnyk = RegisterImportTests.melnyk

    /// Bondar by name only, Melnyk again, and Melnyk written in Cyrillic.
    static var second: [NewRegisterRecord] {
        var bondarByName = bondar
        bondarByName.document = nil
        let cyrillic = RegisterSubject(surname: "Мельник", givenNames: "Петро", birthDate: "1979-05-30", nationality: "ARM", sex: "M")
        return [bondarByName, melnyk, cyrillic].map { .init(register: .offence, subject: $0, details: offence) }
    }

    static var first: [NewRegisterRecord] {
        [bondar, melnyk].map { .init(register: .offence, subject: $0, details: offence) }
    }

    @Test("a batch screened before another batch created its persons links to them, as one sent after it does", arguments: TestDatabase.kinds)
    func staleScreeningFindsNewPersons(kind: DatabaseKind) async throws {
        var outcomes: [[RegisterRecord.Link]] = []
        var persons: [Int] = []
        for stale in [false, true] {
            let services = try await TestDatabase.services(kind)
            let migration = try await TestAgency.make(services).context(.migrationOfficer)
            let registers = services.registers
            try await registers.personIndex.refresh()
            let now = services.clock()
            let checked = try Self.second.map { try RegisterService.checked($0, context: migration, now: now) }
            let resolver = IdentityResolver(index: registers.personIndex, policy: registers.resolution)
            // Screened while the person index holds neither Bondar nor Melnyk (stale), or after the first batch wrote.
            var screened = stale
                ? try await RegisterService.screenedBefore(checked, resolver: resolver, repositories: services.database.repositories) : nil
            let created = try await registers.importBatch(Self.first, context: migration)
            #expect(created.map(\.link) == [.created, .created])
            if !stale {
                screened = try await RegisterService.screenedBefore(checked, resolver: resolver, repositories: services.database.repositories)
            }
            let before = screened
            let made = try await services.database.transaction { repositories in
                try await RegisterService.record(
                    checked, resolver: resolver, repositories, migration, now, screened: before, named: RegisterService.named
                )
            }
            #expect(made.views.map(\.personId) == [created[0].personId, created[1].personId, created[1].personId])
            outcomes.append(made.views.map(\.link))
            persons.append(try await RegisterImportTests.count(services, "person"))
        }
        #expect(outcomes[0] == outcomes[1])
        #expect(persons == [2, 2])
    }

    @Test("the index replays what it gained since a version, and refuses once a person left it or it was rebuilt", arguments: TestDatabase.kinds)
    func entriesSinceAVersion(kind: DatabaseKind) async throws {
        let services = try await TestDatabase.services(kind)
        let migration = try await TestAgency.make(services).context(.migrationOfficer)
        let index = services.registers.personIndex
        try await index.refresh()
        let start = try #require(index.versionedSnapshot()).version
        #expect(index.entries(since: start)?.isEmpty == true)
        let views = try await services.registers.importBatch(Self.first, context: migration)
        let gained = try #require(index.entries(since: start))
        #expect(Set(gained.map(\.id)) == Set(views.map { $0.personId.uuidString.lowercased() }))
        let afterBatch = try #require(index.versionedSnapshot()).version
        #expect(index.entries(since: afterBatch)?.isEmpty == true)
        #expect(index.entries(since: afterBatch + 1) == nil, "a version the index never had")
        _ = try await services.identity.merge(survivorId: views[0].personId, mergedId: views[1].personId, reason: "one man", context: migration)
        try await index.refresh()
        #expect(index.entries(since: start) == nil, "Melnyk left the index: adding entries cannot bring that state up to date")
        let afterMerge = try #require(index.versionedSnapshot()).version
        try await index.rebuild()
        #expect(index.entries(since: afterMerge) == nil)
    }

    @Test("a batch's new persons are logged once; a person who gains a spelling is logged again", arguments: TestDatabase.kinds)
    func newPersonsLoggedOnce(kind: DatabaseKind) async throws {
        let services = try await TestDatabase.services(kind)
        let migration = try await TestAgency.make(services).context(.migrationOfficer)
        let index = services.registers.personIndex
        try await index.refresh()
        let start = try #require(index.versionedSnapshot()).version
        let views = try await services.registers.importBatch(Self.first, context: migration)
        // Put in the index as each record was resolved; after the commit the person reads as he was put in, so a batch
        // screened meanwhile is not sent to screen its records again against him a second time.
        let gained = try #require(index.entries(since: start)).map(\.id)
        #expect(gained.sorted() == views.map { $0.personId.uuidString.lowercased() }.sorted())
        #expect(index.pendingChanges == 2)
        // Melnyk in Cyrillic: his entry changes (a second name), so it is put in and logged again.
        let afterBatch = try #require(index.versionedSnapshot()).version
        let cyrillic = RegisterSubject(surname: "Мельник", givenNames: "Петро", birthDate: "1979-05-30", nationality: "ARM", sex: "M")
        let again = try await services.registers.importBatch(
            [.init(register: .offence, personId: views[1].personId, subject: cyrillic, details: Self.offence)], context: migration
        )
        #expect(again[0].personId == views[1].personId)
        let regained = try #require(index.entries(since: afterBatch))
        #expect(regained.map(\.id) == [views[1].personId.uuidString.lowercased()])
        #expect(regained.first?.person?.names.count == 2)
    }
}
