import Foundation
import SQLKit

/// Remembers which resource a create request with an `Idempotency-Key` produced, and a hash of
/// its body, so a retry returns the same resource and a different body under the same key is a conflict.
public struct IdempotencyRepository: Sendable {
    let db: any SQLDatabase

    public init(_ db: any SQLDatabase) { self.db = db }

    public struct Record: Sendable, Equatable {
        public var requestSHA256: String
        public var resourceId: UUID
    }

    public func find(agencyId: UUID, operation: String, key: String) async throws -> Record? {
        guard
            let row = try await db.select().columns("request_sha256", "resource_id").from("idempotency_record")
                .where("agency_id", .equal, SQLBind(agencyId)).where("operation", .equal, SQLBind(operation))
                .where("idempotency_key", .equal, SQLBind(key)).first()
        else { return nil }
        return Record(
            requestSHA256: try row.decode(column: "request_sha256", as: String.self),
            resourceId: try row.decode(column: "resource_id", as: UUID.self)
        )
    }

    public func insert(agencyId: UUID, operation: String, key: String, requestSHA256: String, resourceId: UUID, at now: Date)
        async throws
    {
        try await db.insert(into: "idempotency_record")
            .columns("agency_id", "operation", "idempotency_key", "request_sha256", "resource_id", "created_at")
            .values(
                SQLBind(agencyId), SQLBind(operation), SQLBind(key), SQLBind(requestSHA256), SQLBind(resourceId),
                SQLBind(now)
            ).run()
    }
}
