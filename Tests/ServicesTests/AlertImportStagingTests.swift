import Foundation
import KordonTesting
@testable import Services
import Store
import Testing

/// A large import is staged in short transactions and switched in with one row (issue 15): readers see
/// all of it or none of it, and what a stopped process left is finished or removed.
@Suite("Alert import staging")
struct AlertImportStagingTests {
    static func records(_ count: Int, agencyId: UUID, prefix: String) throws -> [AlertRecord] {
        let now = Date()
        return try (0..<count).map { index in
            try AlertInput(
                reference: "\(prefix)-\(index)", category: "lost_stolen_document", documentNumber: "ZX\(100_000 + index)",
                issuingState: "UKR"
            ).record(id: UUID(), agencyId: agencyId, version: 1, createdAt: now, now: now, defaultReason: "test")
        }
    }

    @Test("staged alerts are invisible until the switch, then all of them at once", arguments: TestDatabase.kinds)
    func invisibleUntilSwitched(kind: DatabaseKind) async throws {
        let services = try await TestDatabase.services(kind)
        let agency = try await TestAgency.make(services)
        let alerts = services.database.repositories.alerts
        let batch = try Self.records(5, agencyId: agency.agency.id, prefix: "S")
        let importId = UUID()
        try await alerts.beginImport(id: importId, agencyId: agency.agency.id, total: 5, source: "test", at: Date())
        try await alerts.stage(batch, importId: importId)
        #expect(try await alerts.list(.init(), after: nil, limit: 100).isEmpty)
        #expect(try await alerts.find(id: batch[0].id) == nil)
        #expect(try await alerts.switchImport(id: importId, at: Date()))
        #expect(try await alerts.list(.init(), after: nil, limit: 100).count == 5)
        #expect(try await alerts.find(id: batch[0].id)?.reference == "S-0")
        // A second switch of the same import changes nothing.
        #expect(try await alerts.switchImport(id: importId, at: Date()) == false)
        try await services.database.shutdown()
    }

    @Test("a switched import a stopped process did not publish gets its change log and events at start",
        arguments: TestDatabase.kinds)
    func publishedAfterRestart(kind: DatabaseKind) async throws {
        let services = try await TestDatabase.services(kind)
        let agency = try await TestAgency.make(services)
        let alerts = services.database.repositories.alerts
        let count = WatchlistService.publishingBatch + 7
        let batch = try Self.records(count, agencyId: agency.agency.id, prefix: "P")
        let importId = UUID()
        try await alerts.beginImport(id: importId, agencyId: agency.agency.id, total: count, source: "test", at: Date())
        try await alerts.stage(batch, importId: importId)
        _ = try await alerts.switchImport(id: importId, at: Date())
        let changesBefore = try await alerts.lastChangeSeq()
        try await services.watchlists.publishPendingImports()
        #expect(try await alerts.importState(id: importId) == .published)
        #expect(try await alerts.lastChangeSeq() - changesBefore == Int64(count))
        var events = 0
        var seq: Int64 = 0
        while true {
            let page = try await services.database.repositories.outbox.events(after: seq, limit: 1_000)
            events += page.filter { $0.type == "alert.created" }.count
            guard let last = page.last else { break }
            seq = last.seq
        }
        #expect(events == count)
        // Publishing again writes nothing twice.
        try await services.watchlists.publishPendingImports()
        #expect(try await alerts.lastChangeSeq() - changesBefore == Int64(count))
        try await services.database.shutdown()
    }

    @Test("an abandoned import leaves no alert behind and can never be switched in", arguments: TestDatabase.kinds)
    func abandoned(kind: DatabaseKind) async throws {
        let services = try await TestDatabase.services(kind)
        let agency = try await TestAgency.make(services)
        let alerts = services.database.repositories.alerts
        let batch = try Self.records(WatchlistService.stagingBatch + 3, agencyId: agency.agency.id, prefix: "A")
        let importId = UUID()
        try await alerts.beginImport(id: importId, agencyId: agency.agency.id, total: batch.count, source: "test", at: Date())
        try await alerts.stage(batch, importId: importId)
        try await services.watchlists.abandonImport(importId)
        #expect(try await alerts.importState(id: importId) == .abandoned)
        #expect(try await alerts.switchImport(id: importId, at: Date()) == false)
        #expect(try await alerts.existingReferences(["A-0", "A-2002"], agencyId: agency.agency.id).isEmpty)
        try await services.database.shutdown()
    }

    @Test("a file import goes through staging: one audit entry for the import, an event per alert, all screened",
        arguments: TestDatabase.kinds)
    func fileImport(kind: DatabaseKind) async throws {
        let services = try await TestDatabase.services(kind)
        let agency = try await TestAgency.make(services)
        let lines = (0..<2_500).map { #"{"id":"F\#($0)","category":"lost_stolen_document","documentNumber":"QK\#(200_000 + $0)","issuingState":"POL"}"# }
        let summary = try await services.watchlists.importAlerts(
            Data(lines.joined(separator: "\n").utf8), format: .jsonl, context: agency.context(.analyst)
        )
        #expect(summary.imported == 2_500)
        #expect(services.screening.screen(document: .init(number: "QK201234", issuingState: "POL")).first?.score == 1)
        let entries = try await services.database.repositories.audit.entries(.init())
        #expect(entries.filter { $0.action == "alert.import" }.count == 1)
        // The same ids again: refused with the lines, nothing more stored.
        await #expect(throws: AlertImportError.self) {
            try await services.watchlists.importAlerts(
                Data(lines.prefix(3).joined(separator: "\n").utf8), format: .jsonl, context: agency.context(.analyst)
            )
        }
        #expect(try await services.database.repositories.alerts.list(.init(), after: nil, limit: 5_000).count == 2_500)
        try await services.database.shutdown()
    }
}
