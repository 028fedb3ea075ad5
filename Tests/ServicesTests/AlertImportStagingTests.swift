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

    final class Places: @unchecked Sendable {
        private let lock = NSLock()
        private var seen: [(AlertImportProgress.Stage, Bool)] = []
        func note(_ stage: AlertImportProgress.Stage) { lock.withLock { seen.append((stage, ImportWork.isCurrent)) } }
        var all: [(AlertImportProgress.Stage, Bool)] { lock.withLock { seen } }
    }

    /// `kordon` runs tasks on the event loops that serve the border's connections; an import parsing a
    /// million lines there held them (checks waited 30 s and failed). Its work belongs on a thread of its own.
    @Test("a file import checks, stages and switches in its alerts on the imports' thread, not the caller's")
    func importRunsOnItsOwnThread() async throws {
        let services = try await TestDatabase.services(.sqlite)
        let agency = try await TestAgency.make(services)
        let lines = (0..<1_200).map { #"{"id":"T\#($0)","category":"lost_stolen_document","documentNumber":"QT\#(300_000 + $0)","issuingState":"POL"}"# }
        let places = Places()
        #expect(!ImportWork.isCurrent)
        let summary = try await services.watchlists.importAlerts(
            Data(lines.joined(separator: "\n").utf8), format: .jsonl, agencyCode: agency.agency.code,
            progress: { places.note($0.stage) }
        )
        #expect(summary.imported == 1_200)
        #expect(!ImportWork.isCurrent)
        let seen = places.all
        #expect(Set(seen.map(\.0)) == [.validating, .storing, .indexing])
        let elsewhere = seen.filter { !$0.1 }.map { $0.0.rawValue }
        #expect(elsewhere.isEmpty, "progress reported off the imports' thread while \(elsewhere)")
        try await services.database.shutdown()
    }
}
