import Foundation
import KordonTesting
import Services
@testable import Store
import Testing

/// The read behind a whole reload of the screening index (`allActive`): on PostgreSQL a prepared statement decoded
/// by column position, on SQLite the listing's query. Either way it must give exactly what the listing gives.
@Suite("Reading the whole watchlist")
struct AlertReadTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    static func alert(_ index: Int, agencyId: UUID, status: AlertRecord.Status = .active) -> AlertRecord {
        let aliases: [AlertAlias] = switch index % 3 {
        case 0: []
        case 1: [AlertAlias(surname: "KOVALENKO", givenNames: "OLHA")]
        default: [AlertAlias(surname: "Ковальчук", givenNames: nil, patronymic: "Іванівна"), AlertAlias(surname: "D'ARCY")]
        }
        return AlertRecord(
            reference: index % 4 == 0 ? nil : "R-\(index)", category: index % 5 == 0 ? .lostStolenDocument : .entryBan,
            agencyId: agencyId, validFrom: now.addingTimeInterval(-Double(index) * 86_400),
            validUntil: index % 2 == 0 ? nil : now.addingTimeInterval(Double(index) * 86_400), reason: "reason \(index)",
            action: index % 5 == 0 ? .inform : .refuse, surname: index % 5 == 0 ? nil : "SURNAME\(index)",
            givenNames: index % 3 == 0 ? nil : "GIVEN", patronymic: index % 6 == 0 ? "PETROVYCH" : nil, aliases: aliases,
            birthDate: index % 7 == 0 ? "1987-10" : "1980-01-\(String(format: "%02d", index % 28 + 1))",
            nationality: index % 4 == 1 ? nil : "MDA", sex: ["M", "F", "X"][index % 3],
            documentNumber: index % 5 == 0 ? "AB\(100_000 + index)" : nil, issuingState: index % 5 == 0 ? "UKR" : nil,
            plate: index % 9 == 0 ? "AA\(1000 + index)BB" : nil, status: status, version: 1 + index % 3,
            createdAt: now, updatedAt: now.addingTimeInterval(Double(index))
        )
    }

    @Test("every active, visible alert, page after page, exactly as the listing reads it", arguments: TestDatabase.kinds)
    func sameAsListing(kind: DatabaseKind) async throws {
        let services = try await TestDatabase.services(kind)
        let database = services.database
        let agency = try await TestAgency.make(services).agency.id
        let active = (0..<23).map { Self.alert($0, agencyId: agency) }
        let withdrawn = (23..<26).map { Self.alert($0, agencyId: agency, status: .withdrawn) }
        try await database.transaction { tx in try await tx.alerts.insert(active + withdrawn) }
        // An import still staging: its alerts are stored and seen by no reader.
        let importId = UUID()
        let staged = (26..<30).map { Self.alert($0, agencyId: agency) }
        try await database.transaction { tx in
            try await tx.alerts.beginImport(id: importId, agencyId: agency, total: staged.count, source: "test", at: Self.now)
            try await tx.alerts.stage(staged, importId: importId)
        }

        var pages: [[AlertRecord]] = []
        try await database.repositories.alerts.allActive(pageSize: 5) { pages.append($0) }
        let read = pages.flatMap { $0 }
        let listed = try await database.repositories.alerts.list(.init(status: .active), after: nil, limit: 1_000)
        #expect(pages.count == 5, "23 alerts in pages of 5")
        #expect(read == listed)
        #expect(read.map(\.id) == active.map(\.id).sorted())
        // And as written: names in any script, aliases, partial birth dates, nulls, versions, times.
        let written = Dictionary(uniqueKeysWithValues: active.map { ($0.id, $0) })
        for record in read { #expect(record == written[record.id]) }
        try await database.shutdown()
    }
    @Test("the references an agency already uses, over several statements, in any script, not another agency's", arguments: TestDatabase.kinds)
    func referencesTaken(kind: DatabaseKind) async throws {
        let services = try await TestDatabase.services(kind)
        let database = services.database
        let agencies = try await TestAgency.make(services).agencies
        let own = agencies[.firstLine]!.id
        let partner = agencies[.partner]!.id
        // 1,200 references in use: every third asked below; a Cyrillic one, and one only the partner uses.
        var mine = (0..<1_200).map { index in
            var alert = Self.alert(index + 1, agencyId: own)
            alert.reference = "R-\(index)"
            return alert
        }
        mine[7].reference = "ВІДМОВА-7"
        var theirs = Self.alert(2_000, agencyId: partner)
        theirs.reference = "PARTNER-ONLY"
        let stored = mine + [theirs]
        try await database.transaction { tx in try await tx.alerts.insert(stored) }
        let asked = stride(from: 0, to: 1_500, by: 3).map { "R-\($0)" } + ["ВІДМОВА-7", "PARTNER-ONLY", "R-7"]
        let taken = try await database.repositories.alerts.existingReferences(asked, agencyId: own)
        let expected = Set(stride(from: 0, to: 1_200, by: 3).map { "R-\($0)" }).subtracting(["R-7"]).union(["ВІДМОВА-7"])
        #expect(taken == expected)
        #expect(try await database.repositories.alerts.existingReferences(asked, agencyId: partner) == ["PARTNER-ONLY"])
        #expect(try await database.repositories.alerts.existingReferences([], agencyId: own).isEmpty)
        try await database.shutdown()
    }
}
