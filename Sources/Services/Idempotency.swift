import Crypto
import Foundation
import Store

/// Create-once semantics for `Idempotency-Key` (DESIGN.md API conventions).
///
/// Keys are scoped to the caller's agency and the operation. The request is identified by the
/// SHA-256 of its canonical JSON (sorted keys), so a retry with the same body returns the resource
/// made the first time, and a different body under a used key is a conflict, never a second record.
enum Idempotency {
    static func requestHash(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .millisecondsSince1970
        return SHA256.hash(data: try encoder.encode(value)).map { String(format: "%02x", $0) }.joined()
    }

    /// Validates the shape of a key: 1–200 printable ASCII characters.
    static func validate(_ key: String?) throws(ServiceError) -> String? {
        guard let key else { return nil }
        guard !key.isEmpty, key.count <= 200, key.allSatisfy({ $0.isASCII && !$0.isWhitespace }),
            key.unicodeScalars.allSatisfy({ $0.value >= 0x21 && $0.value < 0x7f })
        else {
            throw .invalid("Idempotency-Key", "must be 1 to 200 printable ASCII characters without spaces")
        }
        return key
    }

    /// Inside a transaction: the resource an earlier identical request made, or nil to go on and create.
    static func existing(
        _ repositories: Repositories, agencyId: UUID, operation: String, key: String?, requestHash: String
    ) async throws -> UUID? {
        guard let key else { return nil }
        guard let record = try await repositories.idempotency.find(agencyId: agencyId, operation: operation, key: key)
        else { return nil }
        guard record.requestSHA256 == requestHash else {
            throw ServiceError(
                .conflict, field: "Idempotency-Key",
                "this key was already used for a different request; use a new key for a new request"
            )
        }
        return record.resourceId
    }

    /// Runs `body`, and once more when a key was given and it failed on a unique key: a concurrent request
    /// with the same key (through another server) committed first, and the retry finds what it made.
    static func retryingOnce<T>(key: String?, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch where key != nil && KordonDatabase.isUniqueViolation(error) {
            return try await body()
        }
    }
}
