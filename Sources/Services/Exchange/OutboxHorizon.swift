import Foundation
import Store

/// The outbox position up to which every event is committed and will stay where it is: deliverers
/// read up to here and never past it.
///
/// Outbox positions are handed out when a transaction inserts, not when it commits. On PostgreSQL two
/// transactions commit in any order, so a reader that saw position 11 may later find 10 appear: had it
/// moved its cursor past 11, event 10 would never be delivered. The horizon stops before the first gap
/// and waits for it to fill; a gap still open after `grace` is a rolled-back transaction (its position
/// is never used) and is passed over. On SQLite writers are serialised, so there are no such gaps.
public actor OutboxHorizon {
    let database: KordonDatabase
    let grace: Duration
    let refreshInterval: Duration
    private var settled: Int64?
    /// The first missing position seen, and when (elapsed time, whatever the wall clock says).
    private var gap: (seq: Int64, since: ContinuousClock.Instant)?
    private var lastRefresh: ContinuousClock.Instant?
    private var refreshing: Task<Int64, any Error>?

    public init(database: KordonDatabase, grace: TimeInterval = 5, refreshInterval: Duration = .milliseconds(10)) {
        self.database = database
        self.grace = .milliseconds(Int64(grace * 1000))
        self.refreshInterval = refreshInterval
    }

    /// The settled horizon, refreshed when the last look is older than `refreshInterval`.
    public func current() async throws -> Int64 {
        if let settled, let lastRefresh, ContinuousClock.now - lastRefresh < refreshInterval { return settled }
        if let refreshing { return try await refreshing.value }
        let task = Task { try await self.refresh() }
        refreshing = task
        defer { refreshing = nil }
        return try await task.value
    }

    private func refresh() async throws -> Int64 {
        let outbox = database.repositories.outbox
        let now = ContinuousClock.now
        var horizon: Int64
        if let settled {
            horizon = settled
        } else {
            // No transaction that started a minute ago is still open: start from there.
            horizon = try await outbox.lastPosition(before: Date().addingTimeInterval(-60))
        }
        while true {
            let positions = try await outbox.positions(after: horizon, limit: 5000)
            var stoppedAtGap = false
            for seq in positions {
                if seq == horizon + 1 {
                    horizon = seq
                    continue
                }
                // A gap: positions horizon+1 ..< seq are missing.
                if let gap, gap.seq == horizon + 1 {
                    if now - gap.since >= grace {
                        self.gap = nil
                        horizon = seq
                        continue
                    }
                } else {
                    gap = (horizon + 1, now)
                }
                stoppedAtGap = true
                break
            }
            if stoppedAtGap || positions.count < 5000 { break }
        }
        if let gap, gap.seq <= horizon { self.gap = nil }
        settled = horizon
        lastRefresh = ContinuousClock.now
        return horizon
    }
}
