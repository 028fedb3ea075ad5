import Foundation
import Store

/// The auditor's view of the trail, and its verification.
public struct AuditService: Sendable {
    let database: KordonDatabase
    let clock: Clock

    public init(database: KordonDatabase, clock: @escaping Clock) {
        self.database = database
        self.clock = clock
    }

    public struct Page: Codable, Sendable {
        public var items: [AuditEntry]
        public var nextCursor: String?
    }

    /// Entries by person, officer and time, newest first. Reading the trail is itself audited:
    /// it reveals who accessed whom.
    public func query(_ query: AuditLog.Query, cursor: String?, context: AccessContext) async throws -> Page {
        let grant = try context.authorize(.read, .audit)
        var query = query
        if grant.scope != .all { query.agencyId = context.principal.agencyId }
        guard (1...1000).contains(query.limit) else { throw ServiceError.invalid("limit", "must be between 1 and 1000") }
        if let cursor {
            guard let seq = Int64(cursor), seq > 0 else {
                throw ServiceError.invalid("cursor", "is not a cursor returned by this API")
            }
            query.beforeSeq = seq
        }
        let finalQuery = query
        let now = clock()
        return try await database.transaction { (repositories: Repositories) -> Page in
            let items = try await repositories.audit.entries(finalQuery)
            try await repositories.audit.append(
                [context.audit(
                    "audit.read", "audit_entry", ids: [finalQuery.personId?.uuidString, finalQuery.officerId?.uuidString]
                        .compactMap { $0 }, persons: finalQuery.personId.map { [$0] } ?? []
                )],
                at: now
            )
            let next = items.count == finalQuery.limit ? items.last.map { String($0.seq) } : nil
            return Page(items: items, nextCursor: next)
        }
    }

    public func verify(progress: (@Sendable (Int64) -> Void)? = nil) async throws -> AuditLog.Verification {
        try await database.repositories.audit.verify(progress: progress)
    }
}
