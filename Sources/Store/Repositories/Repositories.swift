import SQLKit

/// Every repository over one database handle: the pool, or a transaction's session.
public struct Repositories: Sendable {
    public let db: any SQLDatabase
    public let kind: DatabaseKind

    public init(_ db: any SQLDatabase, kind: DatabaseKind) {
        self.db = db
        self.kind = kind
    }

    public var agencies: AgencyRepository { AgencyRepository(db) }
    public var crossingPoints: CrossingPointRepository { CrossingPointRepository(db) }
    public var persons: PersonRepository { PersonRepository(db) }
    public var crossings: CrossingRepository { CrossingRepository(db) }
    public var idempotency: IdempotencyRepository { IdempotencyRepository(db) }
    public var outbox: EventOutbox { EventOutbox(db) }
    public var audit: AuditLog { AuditLog(db, kind: kind) }
    public var checks: BorderCheckRepository { BorderCheckRepository(db) }
    public var presence: PresenceRepository { PresenceRepository(db) }
}

extension KordonDatabase {
    /// Repositories on the pool (each statement may use another connection).
    public var repositories: Repositories { Repositories(sql, kind: kind) }

    /// Runs `body` in a transaction with repositories bound to its session.
    public func transaction<T: Sendable>(
        priority: WritePriority = .interactive, _ body: @escaping @Sendable (Repositories) async throws -> T
    ) async throws -> T {
        let kind = self.kind
        return try await transaction(priority: priority) { (session: any SQLDatabase) in
            try await body(Repositories(session, kind: kind))
        }
    }
}
