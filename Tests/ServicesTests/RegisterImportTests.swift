import Foundation
import KordonTesting
import Services
import SQLKit
import Store
import Testing

/// Issue 11: a register's batch import resolves and writes a whole batch at once, with the same outcome as
/// recording its records one at a time.
@Suite("Register batch import")
struct RegisterImportTests {
    static let offence = RegisterDetails.offence(.init(article: "203", committedOn: "2026-06-01"))

    static func count(_ services: KordonServices, _ table: String) async throws -> Int {
        try await services.database.sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()?
            .decode(column: "n", as: Int.self) ?? -1
    }

    static let tables = [
        "person", "person_name", "travel_document", "register_record", "register_history", "identity_review",
        "authorisation", "alert", "event", "audit_entry",
    ]

    static func counts(_ services: KordonServices) async throws -> [String: Int] {
        var result: [String: Int] = [:]
        for table in tables { result[table] = try await count(services, table) }
        return result
    }

    static let taras = RegisterSubject(
        surname: "SHEVCHENKO", givenNames: "TARAS", birthDate: "1990-03-09", nationality: "MDA", sex: "M",
        document: SubjectDocument(documentCode: "P", number: "AB1234567", issuingState: "MDA")
    )
    static let olena = RegisterSubject(
        surname: "KOVALENKO", givenNames: "OLENA", birthDate: "1987-11-21", nationality: "GEO", sex: "F",
        document: SubjectDocument(documentCode: "P", number: "GE7654321", issuingState: "GEO")
    )

    /// Two persons already known, each by one record with his passport.
    static func known(_ services: KordonServices, _ context: AccessContext) async throws -> [UUID] {
        var ids: [UUID] = []
        for subject in [taras, olena] {
            ids.append(try await services.registers.create(
                .init(register: .offence, subject: subject, details: offence), idempotencyKey: nil, context: context
            ).personId)
        }
        return ids
    }

    /// A batch of every kind of link: by document, by a Cyrillic name, queued on a birth year, new persons, a second
    /// record of a new person (by document and by name), a given person, two permits and an entry ban.
    static let bondar = RegisterSubject(
        surname: "BONDAR", givenNames: "IVAN", birthDate: "1985-01-02", nationality: "MDA", sex: "M",
        document: SubjectDocument(documentCode: "P", number: "MD0000777", issuingState: "MDA")
    )
    static let melnyk = RegisterSubject(surname: "MELNYK", givenNames: "PETRO", birthDate: "1979-05-30", nationality: "ARM", sex: "M")

    static func mixed(known: [UUID]) -> [NewRegisterRecord] {
        let bondar = Self.bondar, melnyk = Self.melnyk
        return [
            .init(register: .offence, subject: taras, details: offence),
            .init(register: .offence, subject: .init(surname: "Шевченко", givenNames: "Тарас", birthDate: "1990-03-09", nationality: "MDA", sex: "M"), details: offence),
            .init(register: .offence, subject: .init(surname: "KOVALENKO", givenNames: "OLENA", birthDate: "1987", nationality: "GEO"), details: offence),
            .init(register: .offence, subject: bondar, details: offence),
            .init(register: .residencePermit, subject: bondar, details: .residencePermit(.init(
                permitType: .permanent, purpose: .family, cardNumber: "PR0000777", validFrom: "2026-06-01", validUntil: nil
            ))),
            .init(register: .offence, subject: melnyk, details: offence),
            .init(register: .offence, subject: melnyk, details: offence),
            .init(register: .residencePermit, personId: known[1], subject: .init(surname: "Коваленко", givenNames: "Олена"), details: .residencePermit(.init(
                permitType: .temporary, purpose: .study, cardNumber: "PR0054321", validFrom: "2026-01-01", validUntil: "2027-01-01"
            ))),
            .init(register: .entryBan, subject: .init(surname: "RUSU", givenNames: "ANA", birthDate: "1993-07-14", nationality: "MDA", sex: "F"),
                  details: .entryBan(.init(bannedFrom: "2026-01-01", bannedUntil: "2031-01-01", reason: "Art. 13 of the Law", authority: "SBGS"))),
        ]
    }

    /// Each record's link, and its person named the same way in any store: a known person by his index in `known`,
    /// a new one by the first record that was about him.
    static func outcome(_ views: [RegisterRecordView], known: [UUID]) -> [String] {
        var firstRecord: [UUID: Int] = [:]
        return views.enumerated().map { index, view in
            let person = known.firstIndex(of: view.personId).map { "known \($0)" }
                ?? "new of record \(firstRecord[view.personId] ?? { firstRecord[view.personId] = index; return index }())"
            return "\(view.link.rawValue): \(person)"
        }
    }

    @Test("a batch gives every record the link and person that recording them one at a time gives, and writes the same rows", arguments: TestDatabase.kinds)
    func batchEqualsOneAtATime(kind: DatabaseKind) async throws {
        var outcomes: [[String]] = []
        var rows: [[String: Int]] = []
        for oneAtATime in [false, true] {
            let services = try await TestDatabase.services(kind)
            let agency = try await TestAgency.make(services)
            let migration = agency.context(.migrationOfficer)
            let known = try await Self.known(services, migration)
            let records = Self.mixed(known: known)
            var views: [RegisterRecordView] = []
            if oneAtATime {
                for record in records {
                    views.append(try await services.registers.create(record, idempotencyKey: nil, context: migration))
                }
            } else {
                views = try await services.registers.importBatch(records, context: migration)
            }
            outcomes.append(Self.outcome(views, known: known))
            // What the caller is shown is what was stored: the fields as read back.
            for view in views {
                let stored = try await services.registers.get(view.id, register: view.register, context: migration).record
                #expect(stored.details == view.details && stored.subject == view.subject && stored.personId == view.personId)
            }
            var counted = try await Self.counts(services)
            // One audit entry for the batch, one per record one at a time: the only difference.
            counted["audit_entry"] = nil
            rows.append(counted)
            let ban = try #require(views.last)
            let alert = try await services.database.repositories.alerts.find(id: ban.id)
            #expect(alert?.surname == "RUSU" && alert?.status == .active)
            let authorisations = try await services.database.repositories.checks.authorisations(personId: known[1])
            #expect(authorisations.map(\.kind) == ["residence_permit"])
        }
        #expect(outcomes[0] == outcomes[1])
        #expect(rows[0] == rows[1])
        #expect(outcomes[0] == [
            "document: known 0", "matched: known 0", "queued: new of record 2", "created: new of record 3",
            "document: new of record 3", "created: new of record 5", "matched: new of record 5", "given: known 1",
            "created: new of record 8",
        ])
    }

    /// Sixty records without documents: forty new persons, then ten of them again as written, and ten with one letter
    /// misread. Enough records that the batch screens them on several cores against the index as it was before the
    /// batch, so the repeats are found only because a record is screened again when a person of the batch could
    /// be among its candidates.
    static func crowd() -> [NewRegisterRecord] {
        let surnames = ["HORBACH", "LYSENKO", "TKACHUK", "ZAHORODNIUK", "OLIINYK", "PAVLENKO", "SAVCHUK", "MARCHENKO"]
        let given = ["ANDRII", "MARIIA", "SERHII", "YULIIA", "OKSANA"]
        var subjects: [RegisterSubject] = []
        for (i, surname) in surnames.enumerated() {
            for (j, name) in given.enumerated() {
                subjects.append(RegisterSubject(
                    surname: surname, givenNames: name, birthDate: String(format: "19%02d-%02d-%02d", 60 + i * 4 + j, 1 + j * 2, 3 + i * 3),
                    nationality: ["MDA", "GEO", "ARM", "AZE"][(i + j) % 4], sex: j % 2 == 0 ? "M" : "F"
                ))
            }
        }
        var repeats = Array(subjects[0..<10])
        for index in 10..<20 {
            var misread = subjects[index * 2]
            var letters = Array(misread.surname)
            letters[letters.count - 2] = letters[letters.count - 2] == "K" ? "X" : "K"
            misread.surname = String(letters)
            repeats.append(misread)
        }
        return (subjects + repeats).map { .init(register: .offence, subject: $0, details: offence) }
    }

    @Test("a batch screened on several cores gives every record the link one at a time gives, repeats of its own new persons included", arguments: TestDatabase.kinds)
    func crowdEqualsOneAtATime(kind: DatabaseKind) async throws {
        var outcomes: [[String]] = []
        for oneAtATime in [false, true] {
            let services = try await TestDatabase.services(kind)
            let migration = try await TestAgency.make(services).context(.migrationOfficer)
            var views: [RegisterRecordView] = []
            if oneAtATime {
                for record in Self.crowd() {
                    views.append(try await services.registers.create(record, idempotencyKey: nil, context: migration))
                }
            } else {
                views = try await services.registers.importBatch(Self.crowd(), context: migration)
            }
            outcomes.append(Self.outcome(views, known: []))
        }
        #expect(outcomes[0] == outcomes[1])
        // The exact repeats are linked to the persons the batch created; none of the sixty was left unscreened.
        #expect(outcomes[0][40..<50].allSatisfy { $0.hasPrefix("matched: new of record ") })
        #expect(outcomes[0][50..<60].allSatisfy { !$0.hasPrefix("created") })
    }

    @Test("two records of one batch about the same unknown person give one person, by his document or by his name", arguments: TestDatabase.kinds)
    func samePersonTwiceInOneBatch(kind: DatabaseKind) async throws {
        let services = try await TestDatabase.services(kind)
        let migration = try await TestAgency.make(services).context(.migrationOfficer)
        var byName = Self.olena
        byName.document = nil
        let views = try await services.registers.importBatch(
            [Self.taras, Self.taras, byName, byName].map { .init(register: .offence, subject: $0, details: Self.offence) },
            context: migration
        )
        #expect(views.map(\.link) == [.created, .document, .created, .matched])
        #expect(views[0].personId == views[1].personId)
        #expect(views[2].personId == views[3].personId)
        #expect(try await Self.count(services, "person") == 2)
        #expect(try await Self.count(services, "travel_document") == 1)
        // The next batch finds both in the store and in the index.
        let again = try await services.registers.importBatch(
            [Self.taras, byName].map { .init(register: .offence, subject: $0, details: Self.offence) }, context: migration
        )
        #expect(again.map(\.personId) == [views[0].personId, views[2].personId])
    }

    @Test("a record re-indexes its person only when his entry changes: a new person or a new spelling of his name", arguments: TestDatabase.kinds)
    func reindexesOnlyChangedPersons(kind: DatabaseKind) async throws {
        let services = try await TestDatabase.services(kind)
        let migration = try await TestAgency.make(services).context(.migrationOfficer)
        let known = try await Self.known(services, migration)
        let index = services.registers.personIndex
        try await index.rebuild()
        #expect(index.pendingChanges == 0)
        var byName = Self.olena
        byName.document = nil
        let same = try await services.registers.importBatch(
            [Self.taras, byName].map { .init(register: .offence, subject: $0, details: Self.offence) }, context: migration
        )
        #expect(same.map(\.link) == [.document, .matched])
        #expect(same.map(\.personId) == known)
        #expect(index.pendingChanges == 0, "nothing about either person changed: neither is re-indexed")
        let cyrillic = RegisterSubject(surname: "Шевченко", givenNames: "Тарас", birthDate: "1990-03-09", nationality: "MDA", sex: "M")
        let stranger = RegisterSubject(surname: "LUNGU", givenNames: "MIHAI", birthDate: "1975-12-01", nationality: "MDA", sex: "M")
        let changed = try await services.registers.importBatch(
            [cyrillic, stranger].map { .init(register: .offence, subject: $0, details: Self.offence) }, context: migration
        )
        #expect(changed.map(\.link) == [.matched, .created])
        #expect(changed[0].personId == known[0])
        // Taras's entry is replaced (the old one withdrawn, the new one with his Cyrillic name added); Lungu's is added.
        #expect(index.pendingChanges == 3)
        #expect(index.count == 3)
    }

    @Test("a batch with one bad record stores nothing, and the error names the record and its field", arguments: TestDatabase.kinds)
    func badRecordRefusesTheBatch(kind: DatabaseKind) async throws {
        let services = try await TestDatabase.services(kind)
        let migration = try await TestAgency.make(services).context(.migrationOfficer)
        _ = try await Self.known(services, migration)
        let before = try await Self.counts(services)
        var records = Self.mixed(known: [UUID(), UUID()])
        records[7].personId = nil
        // A permit that ends before it starts: refused before anything is read.
        records.append(.init(register: .residencePermit, subject: Self.taras, details: .residencePermit(.init(
            permitType: .temporary, purpose: .work, cardNumber: "PR1", validFrom: "2026-05-01", validUntil: "2026-04-30"
        ))))
        await #expect { _ = try await services.registers.importBatch(records, context: migration) } throws: {
            ($0 as? ServiceError).map { $0.code == .validation && $0.field == "records[9].details.validUntil" } ?? false
        }
        // A person who does not exist, found out while resolving, after earlier records made new persons.
        records.removeLast()
        records.append(.init(register: .offence, personId: UUID(), details: Self.offence))
        await #expect { _ = try await services.registers.importBatch(records, context: migration) } throws: {
            ($0 as? ServiceError).map { $0.code == .notFound && $0.field == "records[9].personId" } ?? false
        }
        // A document recorded for another person than the one named.
        let known = try await Self.known(services, migration)
        let after = try await Self.counts(services)
        records.removeLast()
        records.append(.init(register: .offence, personId: known[1], subject: Self.taras, details: Self.offence))
        await #expect { _ = try await services.registers.importBatch(records, context: migration) } throws: {
            ($0 as? ServiceError).map { $0.code == .conflict && $0.field == "records[9].subject.document.number" } ?? false
        }
        #expect(try await Self.counts(services) == after)
        var expected = before
        // `known` ran again: two more records (the persons exist), two audit entries, two events.
        for table in ["register_record", "register_history", "event", "audit_entry"] { expected[table]! += 2 }
        #expect(after == expected)
        #expect(try await services.audit.verify().isIntact)
    }

    @Test("the audit chain verifies after batches, with one entry per batch naming every record and person", arguments: TestDatabase.kinds)
    func auditChainAfterBatches(kind: DatabaseKind) async throws {
        let services = try await TestDatabase.services(kind)
        let migration = try await TestAgency.make(services).context(.migrationOfficer)
        let known = try await Self.known(services, migration)
        let before = try await services.audit.verify()
        #expect(before.isIntact)
        let first = try await services.registers.importBatch(Self.mixed(known: known), context: migration)
        let second = try await services.registers.importBatch(Self.mixed(known: known), context: migration)
        let after = try await services.audit.verify()
        #expect(after.isIntact)
        #expect(after.entriesChecked == before.entriesChecked + 2)
        let entries = try await services.database.repositories.audit.entries(.init(limit: 10))
        let batch = try #require(entries.first { $0.action == "register.import" && Set($0.resourceIds) == Set(second.map(\.id.uuidString)) })
        #expect(Set(batch.personIds) == Set(second.map(\.personId)))
        #expect(first.count == second.count)
    }
}
