import Foundation

/// Reference data that every border check reads but that changes only when the reference files are loaded (the
/// visa-free nationalities, the crossing points): read from the store at most once per `lifetime` instead of once
/// per check (issue 15: fewer round trips per check).
///
/// A change made through the store is seen by every instance within `lifetime`; the reference files are loaded at
/// start, so in practice the value changes only when a new release is deployed.
final class ReferenceCache<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    /// Guarded by `lock`.
    private var stored: (value: Value, until: ContinuousClock.Instant)?
    let lifetime: Duration

    init(lifetime: Duration = .seconds(30)) {
        self.lifetime = lifetime
    }

    /// The cached value, or `load()`'s when there is none or it is older than `lifetime`. Two callers that miss at
    /// once both load; the later result wins, and both are current.
    func value(_ load: () async throws -> Value) async throws -> Value {
        let now = ContinuousClock.now
        if let stored = lock.withLock({ stored }), stored.until > now { return stored.value }
        return try await reload(load)
    }

    /// `load()`'s value, kept from now on.
    func reload(_ load: () async throws -> Value) async throws -> Value {
        let value = try await load()
        lock.withLock { stored = (value, ContinuousClock.now + lifetime) }
        return value
    }
}
