import Foundation
import Store

extension CheckService {
    /// Who works on a referred check (issue 16 item 3: the queue's "take").
    public struct Ownership: Codable, Sendable, Hashable {
        public var checkId: UUID
        /// The officer working on it; nil when the check is free.
        public var takenBy: UUID?
        public var takenByName: String?
        public var takenAt: Date?
    }

    /// Second line takes a referred check so that no colleague decides it at the same time. A check that
    /// another officer holds is taken only with `takeOver` (his shift ended, he was called away): the
    /// take-over is audited with the previous holder, so nothing changes hands silently.
    public func take(_ checkId: UUID, takeOver: Bool = false, context: AccessContext) async throws -> Ownership {
        try context.authorize(.resolve, .check)
        let now = clock()
        let me = context.principal.officerId
        return try await database.transaction { (tx: Repositories) -> Ownership in
            let check = try await Self.lockedCheck(checkId, tx: tx, context: context)
            guard check.status == .referred else {
                throw ServiceError(
                    .conflict, field: "id",
                    check.status == .decided ? "this check is decided; there is nothing to take" : "this check was not referred to second line"
                )
            }
            var previous: [String] = []
            if let holder = check.takenBy, holder != me {
                guard takeOver else { throw try await Self.heldElsewhere(check, tx: tx) }
                previous = [holder.uuidString]
            }
            try await tx.checks.setTaken(id: checkId, by: me, at: now)
            try await tx.audit.append(
                [context.audit(
                    previous.isEmpty ? "check.take" : "check.take_over", "border_check",
                    ids: [checkId.uuidString] + previous, persons: check.personId.map { [$0] } ?? []
                )],
                at: now
            )
            let name = try await tx.agencies.officer(id: me)?.name
            return Ownership(checkId: checkId, takenBy: me, takenByName: name, takenAt: now)
        }
    }

    /// The holder puts a check back in the queue, free for any colleague.
    public func release(_ checkId: UUID, context: AccessContext) async throws -> Ownership {
        try context.authorize(.resolve, .check)
        let now = clock()
        return try await database.transaction { (tx: Repositories) -> Ownership in
            let check = try await Self.lockedCheck(checkId, tx: tx, context: context)
            guard let holder = check.takenBy else { return Ownership(checkId: checkId) }
            guard holder == context.principal.officerId else { throw try await Self.heldElsewhere(check, tx: tx) }
            try await tx.checks.setTaken(id: checkId, by: nil, at: nil)
            try await tx.audit.append(
                [context.audit("check.release", "border_check", ids: [checkId.uuidString], persons: check.personId.map { [$0] } ?? [])],
                at: now
            )
            return Ownership(checkId: checkId)
        }
    }

    /// Refuses a change to a check another officer holds: he may be deciding it this minute.
    static func ensureNotHeldElsewhere(_ check: BorderCheck, tx: Repositories, context: AccessContext) async throws {
        guard let holder = check.takenBy, holder != context.principal.officerId, check.status != .decided else { return }
        throw try await heldElsewhere(check, tx: tx)
    }

    static func heldElsewhere(_ check: BorderCheck, tx: Repositories) async throws -> ServiceError {
        var name = "another officer"
        if let holder = check.takenBy, let officer = try await tx.agencies.officer(id: holder) { name = officer.name }
        let since = check.takenAt.map { " since \($0.formatted(.iso8601))" } ?? ""
        return ServiceError(.conflict, field: "id", "\(name) is working on this check\(since); take it over from the queue first")
    }

    static func lockedCheck(_ checkId: UUID, tx: Repositories, context: AccessContext) async throws -> BorderCheck {
        guard let check = try await tx.checks.find(id: checkId, forUpdate: true), check.agencyId == context.principal.agencyId else {
            throw ServiceError(.notFound, field: "id", "no check with this id in your agency")
        }
        return check
    }
}
