import Foundation
import Store

/// Where an import stands, for a progress bar.
public struct AlertImportProgress: Sendable, Equatable {
    public enum Stage: String, Sendable { case validating, storing, indexing }
    public var stage: Stage
    public var done: Int
    public var total: Int
}

/// What an import did.
public struct AlertImportSummary: Codable, Sendable, Equatable {
    public var imported: Int
    public var alertIds: [UUID]?
    /// Records not imported (with ``AlertImportMode/acceptValid``): a record with two wrong fields counts once.
    public var rejected: Int
    /// Why each rejected record was not imported: line, field, reason; empty when all were imported.
    public var errors: [AlertImportError.LineError]
}

extension WatchlistService {
    /// Imports alerts for the caller's agency: every record is checked first, field by field; then,
    /// by default, all are stored in one transaction or none (issue 5: "nothing half-imported");
    /// with ``AlertImportMode/acceptValid`` the good ones are stored and the bad ones reported.
    public func importAlerts(
        _ data: Data, format: AlertImportFormat, mode: AlertImportMode = .allOrNothing, context: AccessContext,
        progress: @escaping @Sendable (AlertImportProgress) -> Void = { _ in }
    ) async throws -> AlertImportSummary {
        try context.authorize(.create, .alert)
        return try await importAlerts(
            data, format: format, mode: mode, agencyId: context.principal.agencyId,
            audit: { action, ids in context.audit(action, "alert", ids: ids, persons: []) }, progress: progress
        )
    }

    /// Imports alerts for the agency with this code, as the command line does (no officer: the audit
    /// trail records the import under the purpose `watchlist_import_cli`).
    ///
    /// - Parameter reloadIndex: whether this process's screening index is rebuilt at the end. `kordon watchlist
    ///   import` exits when done, and a server on the same store follows the change log, so the command passes
    ///   false: a build of a million alerts it would throw away is seconds of CPU the server's checks need on
    ///   the same machine. The travellers already in the country are re-screened against the new alerts
    ///   either way.
    public func importAlerts(
        _ data: Data, format: AlertImportFormat, mode: AlertImportMode = .allOrNothing, agencyCode: String,
        reloadIndex: Bool = true, progress: @escaping @Sendable (AlertImportProgress) -> Void = { _ in }
    ) async throws -> AlertImportSummary {
        guard let agency = try await database.repositories.agencies.find(code: agencyCode) else {
            throw ServiceError(.notFound, field: "agency", "no agency with this code")
        }
        return try await importAlerts(
            data, format: format, mode: mode, agencyId: agency.id,
            audit: { action, ids in
                AuditRecord(
                    officerId: nil, agencyId: agency.id, requestId: nil, purpose: "watchlist_import_cli",
                    action: action, resourceType: "alert", resourceIds: ids, personIds: []
                )
            },
            reloadIndex: reloadIndex, progress: progress
        )
    }

    /// Imports alerts already in memory for the agency with this code (the demo's seeded
    /// watchlists), with the same checks, audit and outbox as a file import. Errors name the
    /// input's position from 1 as its line; `source` is the audit purpose and the default reason.
    public func importAlerts(_ inputs: [AlertInput], agencyCode: String, source: String) async throws
        -> AlertImportSummary
    {
        guard let agency = try await database.repositories.agencies.find(code: agencyCode) else {
            throw ServiceError(.notFound, field: "agency", "no agency with this code")
        }
        return try await importAlerts(
            inputs.enumerated().map { .read($0.offset + 1, $0.element) }, source: source, mode: .allOrNothing,
            agencyId: agency.id,
            audit: { action, ids in
                AuditRecord(
                    officerId: nil, agencyId: agency.id, requestId: nil, purpose: source, action: action,
                    resourceType: "alert", resourceIds: ids, personIds: []
                )
            },
            progress: { _ in }
        )
    }

    func importAlerts(
        _ data: Data, format: AlertImportFormat, mode: AlertImportMode, agencyId: UUID,
        audit: @escaping @Sendable (String, [String]) -> AuditRecord, reloadIndex: Bool = true,
        progress: @escaping @Sendable (AlertImportProgress) -> Void
    ) async throws -> AlertImportSummary {
        try await ImportWork.run {
            let lines: [AlertImportLine]
            switch format {
            case .jsonl: lines = AlertImportCheck.jsonLines(data)
            case .csv: lines = AlertImportCheck.csvLines(data)
            }
            return try await importAlerts(
                lines, source: "a \(format.rawValue) file", mode: mode, agencyId: agencyId, audit: audit,
                reloadIndex: reloadIndex, progress: progress
            )
        }
    }

    /// Checks every record, then stores all in one transaction or none (or, with
    /// ``AlertImportMode/acceptValid``, the good ones). `source` completes the default reason
    /// ("imported from …") of records that carry none. Runs on the imports' thread (``ImportWork``), never on
    /// an event loop the border's connections need.
    func importAlerts(
        _ lines: [AlertImportLine], source: String, mode: AlertImportMode, agencyId: UUID,
        audit: @escaping @Sendable (String, [String]) -> AuditRecord, reloadIndex: Bool = true,
        progress: @escaping @Sendable (AlertImportProgress) -> Void
    ) async throws -> AlertImportSummary {
        try await ImportWork.run {
            try await checkAndStore(
                lines, source: source, mode: mode, agencyId: agencyId, audit: audit, reloadIndex: reloadIndex,
                progress: progress
            )
        }
    }

    private func checkAndStore(
        _ lines: [AlertImportLine], source: String, mode: AlertImportMode, agencyId: UUID,
        audit: @escaping @Sendable (String, [String]) -> AuditRecord, reloadIndex: Bool,
        progress: @escaping @Sendable (AlertImportProgress) -> Void
    ) async throws -> AlertImportSummary {
        let now = clock()
        var check = AlertImportCheck(lines, agencyId: agencyId, now: now, source: source) { done in
            progress(.init(stage: .validating, done: done, total: lines.count))
        }
        progress(.init(stage: .validating, done: lines.count, total: lines.count))
        if lines.isEmpty { check.errors.append(.init(line: 1, field: nil, detail: "the file holds no alerts")) }
        if check.records.isEmpty || (mode == .allOrNothing && !check.errors.isEmpty) {
            throw AlertImportError(errors: check.errors)
        }

        // Ids the agency already uses: refused with their lines (all or nothing), or left out (accept valid).
        var checked = check
        let lineOf = Dictionary(
            checked.records.compactMap { entry in entry.record.reference.map { ($0, entry.line) } },
            uniquingKeysWith: { first, _ in first }
        )
        let taken = try await takenReferences(Array(lineOf.keys), agencyId: agencyId)
        if !taken.isEmpty {
            let clashes = checked.records.filter { $0.record.reference.map(taken.contains) ?? false }
            let errors = clashes.map {
                AlertImportError.LineError(line: $0.line, field: "id", detail: "your agency already has an alert with this id")
            }
            guard mode == .acceptValid, clashes.count < checked.records.count else {
                throw AlertImportError(errors: (checked.errors + errors).sorted { $0.line < $1.line })
            }
            checked.records.removeAll { $0.record.reference.map(taken.contains) ?? false }
            checked.errors = (checked.errors + errors).sorted { $0.line < $1.line }
        }
        let stored = checked
        let all = stored.records.map(\.record)
        // Stored in short transactions into a staging area and switched in at the end (issue 15); the index
        // is reloaded once, at the end, not also by the poller on the way.
        try await screening.duringBulkImport {
            try await storeStaged(
                all, agencyId: agencyId, source: source, now: now, audit: audit, progress: progress
            )
            progress(.init(stage: .indexing, done: 0, total: all.count))
            await changed(all, now: now, reloadIndex: reloadIndex)
        }
        progress(.init(stage: .indexing, done: all.count, total: all.count))
        return AlertImportSummary(
            imported: all.count, alertIds: all.count <= 1_000 ? all.map(\.id) : nil, rejected: stored.badRecords,
            errors: stored.errors
        )
    }
}
