import Foundation
import KordonTesting
import Services
import Store
import Testing

/// The border check's first read: a document and its holder in one statement, the same SQL on both engines
/// (issue 15 item 1, fewer round trips per check).
@Suite("A document's holder, in one read")
struct DocumentHolderTests {
    @Test("the exact code first, else the code's first letter; nothing for another number or state", arguments: TestDatabase.kinds)
    func holder(kind: DatabaseKind) async throws {
        let services = try await TestDatabase.services(kind)
        let agency = try await TestAgency.make(services)
        let now = Date(timeIntervalSince1970: 1_760_000_000)
        func person(_ surname: String) -> Person {
            Person(
                surname: surname, givenNames: "ANNA", birthDate: "1990-01-02", sex: "F", nationality: "UTO",
                createdByAgency: agency.agency.id, createdAt: now
            )
        }
        func document(_ holder: Person, _ code: String, _ number: String) -> TravelDocumentRecord {
            TravelDocumentRecord(
                personId: holder.id, documentCode: code, issuingState: "UTO", number: number, expiryDate: "2031-01-01",
                mrz: ["P<UTO", "L898902C3"], createdAt: now
            )
        }
        let short = person("SHORT"), exact = person("EXACT")
        let persons = services.database.repositories.persons
        try await persons.insert([short, exact])
        // X1: stored once under `P`. X2: under `P` for one holder and `PO` for another.
        let x1 = document(short, "P", "X1")
        let x2short = document(short, "P", "X2"), x2exact = document(exact, "PO", "X2")
        try await persons.insert([x1, x2short, x2exact])

        let scannedAsPO = try #require(try await persons.holder(issuingState: "UTO", number: "X1", documentCode: "PO"))
        #expect(scannedAsPO.document.id == x1.id)
        #expect(scannedAsPO.person == short)
        #expect(scannedAsPO.document.mrz == x1.mrz)
        #expect(try await persons.holder(issuingState: "UTO", number: "X2", documentCode: "PO")?.person.id == exact.id)
        #expect(try await persons.holder(issuingState: "UTO", number: "X2", documentCode: "P")?.person.id == short.id)
        #expect(try await persons.holder(issuingState: "UTO", number: "X3", documentCode: "P") == nil)
        #expect(try await persons.holder(issuingState: "UTA", number: "X1", documentCode: "P") == nil)
        #expect(try await persons.holder(issuingState: "UTO", number: "X1", documentCode: "I") == nil)

        if kind == .postgres {
            let names = try await services.database.transaction { tx in
                _ = try await tx.persons.holder(issuingState: "UTO", number: "X1", documentCode: "P")
                return try await tx.db.raw("SELECT name FROM pg_prepared_statements").all()
                    .map { try $0.decode(column: "name", as: String.self) }
            }
            #expect(names.contains { $0.hasSuffix("HolderStatement") })
        }
        try await services.database.shutdown()
    }
}
