import Foundation
import StayRules
import Store

/// Keeps `presence` (who is in the country, since when, authorised until when) current. The one place
/// that decides it: every path that records a crossing calls ``crossingRecorded(personId:in:now:)`` in
/// its transaction, and whatever changes a person's authorisations (visas, permits, protection: the
/// registers) calls ``refresh(personIds:in:now:)`` the same way.
///
/// The rule: a person is present when his latest admitted crossing (by time, then id) is an entry; his
/// outlook is `StayOutlook` over his admitted crossings and authorisations on the day of the change.
public struct PresenceKeeper: Sendable {
    /// Citizens never overstay; their presence is kept all the same (re-screening reads it).
    public let homeState: String

    public init(homeState: String = "UKR") {
        self.homeState = homeState
    }

    /// A stored authorisation that cannot be read: named, never skipped.
    public struct UnreadableAuthorisation: Error, Sendable, Equatable, CustomStringConvertible {
        public var authorisationId: UUID
        public var personId: UUID
        public var kind: String
        public var detail: String

        public var description: String {
            "authorisation \(authorisationId.uuidString.lowercased()) (\(kind)) of person "
                + "\(personId.uuidString.lowercased()) cannot be read: \(detail)"
        }

        /// As the services report it: a conflict with stored state, naming the record.
        public var serviceError: ServiceError {
            ServiceError(.conflict, field: "authorisation", description + "; correct the record")
        }
    }

    /// After a crossing of this person was recorded, in the same transaction. An unreadable authorisation
    /// never stops the border: the person's row is kept with its outlook pending, and the overstayer list
    /// reports the record (``completePending(database:now:)``).
    public func crossingRecorded(personId: UUID, in tx: Repositories, now: Date) async throws {
        do {
            try await refresh(personIds: [personId], in: tx, now: now)
        } catch is UnreadableAuthorisation {
            try await refresh(personIds: [personId], in: tx, now: now, skipOutlook: true)
        }
    }

    /// Recomputes the presence of these persons from their crossings and authorisations: the function the
    /// registers call when a visa, permit or protection status is granted, changed or ended.
    ///
    /// - Throws: ``UnreadableAuthorisation`` naming the first stored authorisation that cannot be read.
    public func refresh(personIds: [UUID], in tx: Repositories, now: Date) async throws {
        try await refresh(personIds: personIds, in: tx, now: now, skipOutlook: false)
    }

    func refresh(personIds: [UUID], in tx: Repositories, now: Date, skipOutlook: Bool) async throws {
        guard !personIds.isEmpty else { return }
        let persons = try await tx.persons.find(ids: personIds)
        let crossings = try await tx.crossings.crossings(personIds: personIds)
        var entries: [UUID: Crossing] = [:]
        var absent: [UUID] = []
        for id in personIds {
            // `crossings(personIds:)` orders by time, then id, as the rule reads them.
            if persons[id] != nil, let entry = Self.entry(in: crossings[id] ?? []) {
                entries[id] = entry
            } else {
                absent.append(id)
            }
        }
        try await tx.presence.remove(personIds: absent)
        guard !entries.isEmpty else { return }
        let foreigners = entries.keys.filter { persons[$0]?.nationality != homeState }
        let authorisations = skipOutlook ? [:] : try await Self.authorisations(of: foreigners, in: tx)
        let visaFree = foreigners.isEmpty || skipOutlook ? [] : try await tx.checks.visaFreeNationalities()
        let today = CalendarDay(date: now)
        var rows: [Presence] = []
        for (id, entry) in entries {
            guard let person = persons[id] else { continue }
            rows.append(
                try presence(
                    of: person, entry: entry, crossings: crossings[id] ?? [], authorisations: authorisations[id] ?? [],
                    visaFree: visaFree, today: today, skipOutlook: skipOutlook
                )
            )
        }
        try await tx.presence.upsert(rows, at: now)
    }

    /// The rule: the entry that puts the person in the country, when his latest admitted crossing (by time,
    /// then id; `crossings` in that order) is an entry; `nil` when he is not in the country.
    static func entry(in crossings: [Crossing]) -> Crossing? {
        guard let last = crossings.last(where: { $0.decision == .admitted }), last.direction == .entry else { return nil }
        return last
    }

    /// The order the rule reads a person's crossings in, as the database orders them (`occurred_at`, then
    /// `id`: a UUID's upper-case text sorts as its bytes do).
    static func precedes(_ a: Crossing, _ b: Crossing) -> Bool {
        a.occurredAt != b.occurredAt ? a.occurredAt < b.occurredAt : a.id.uuidString < b.id.uuidString
    }

    /// A present person's row: his entry and, unless `skipOutlook`, his stay's outlook (citizens: `citizen`).
    ///
    /// - Throws: ``UnreadableAuthorisation`` when one of his authorisations cannot be read.
    func presence(
        of person: Person, entry: Crossing, crossings: [Crossing], authorisations: [(AuthorisationRecord, Authorisation)],
        visaFree: Set<String>, today: CalendarDay, skipOutlook: Bool
    ) throws -> Presence {
        var outlook: Presence.Outlook?
        if person.nationality == homeState {
            outlook = .init(basis: "citizen", authorisedThrough: nil, overstayBase: nil, resumesOn: nil)
        } else if !skipOutlook {
            outlook = try Self.outlook(
                person: person, crossings: crossings, authorisations: authorisations, visaFree: visaFree, today: today
            )
        }
        return Presence(
            personId: person.id, crossingId: entry.id, enteredAt: entry.occurredAt, entryPoint: entry.pointCode,
            nationality: person.nationality, outlook: outlook
        )
    }

    /// The stay's outlook as stored.
    static func outlook(
        person: Person, crossings: [Crossing], authorisations: [(AuthorisationRecord, Authorisation)],
        visaFree: Set<String>, today: CalendarDay
    ) throws -> Presence.Outlook {
        let computed: StayOutlook?
        do {
            computed = try StayOutlook.compute(
                nationality: person.nationality, visaFreeNationalities: visaFree,
                stays: CheckService.stays(from: crossings), authorisations: authorisations.map(\.1), asOf: today
            )
        } catch {
            if let index = error.index, authorisations.indices.contains(index), error.field.hasPrefix("authorisations") {
                let record = authorisations[index].0
                throw UnreadableAuthorisation(
                    authorisationId: record.id, personId: person.id, kind: record.kind, detail: error.description
                )
            }
            throw error
        }
        guard let computed else {
            return .init(basis: StayBasis.none.code, authorisedThrough: nil, overstayBase: nil, resumesOn: nil)
        }
        return .init(
            basis: computed.basis.code, authorisedThrough: computed.authorisedThrough?.daysSinceEpoch,
            overstayBase: computed.overstayBase, resumesOn: computed.resumesOn?.daysSinceEpoch
        )
    }

    /// The persons' stored authorisations, decoded. The one place the stay's authorisations are read for
    /// presence (the registers change it here when they become register records).
    static func authorisations(of personIds: [UUID], in tx: Repositories) async throws
        -> [UUID: [(AuthorisationRecord, Authorisation)]]
    {
        guard !personIds.isEmpty else { return [:] }
        var result: [UUID: [(AuthorisationRecord, Authorisation)]] = [:]
        let decoder = JSONDecoder()
        for (personId, records) in try await tx.checks.authorisations(personIds: personIds) {
            result[personId] = try records.map { record in
                do {
                    return (record, try decoder.decode(Authorisation.self, from: Data(record.details.utf8)))
                } catch {
                    throw UnreadableAuthorisation(
                        authorisationId: record.id, personId: personId, kind: record.kind,
                        detail: "its details are not a valid \(record.kind) (\(Self.describe(error)))"
                    )
                }
            }
        }
        return result
    }

    /// A decoding error as a path and a reason, without the stored values.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "unreadable JSON" }
        switch error {
        case .keyNotFound(let key, _): return "\(key.stringValue) is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? "not valid JSON" : "\(path) is invalid"
        @unknown default: return "unreadable JSON"
        }
    }

    // MARK: - Rows not yet computed

    /// Computes every pending row (backfilled by the migration or by a bulk load, or left pending by an
    /// unreadable authorisation) and every row a later authorisation has made stale, in transactions of
    /// `batchSize` persons (short: the border's writes wait for at most one).
    ///
    /// - Throws: ``UnreadableAuthorisation`` as a `ServiceError` naming the record.
    public func completePending(database: KordonDatabase, now: Date, batchSize: Int = 500) async throws {
        let today = CalendarDay(date: now).daysSinceEpoch
        for stale in [false, true] {
            var previous: [UUID] = []
            while true {
                let repositories = database.repositories
                let batch = stale
                    ? try await repositories.presence.stale(onDay: today, limit: batchSize)
                    : try await repositories.presence.pending(limit: batchSize)
                // A refresh removes the row or computes it; the same batch twice would mean it did neither.
                if batch.isEmpty || batch == previous { break }
                previous = batch
                do {
                    // Batches of a catch-up, not a request at the booth: border writes go first.
                    try await database.transaction(priority: .bulk) { tx in try await refresh(personIds: batch, in: tx, now: now) }
                } catch let error as UnreadableAuthorisation {
                    throw error.serviceError
                }
            }
        }
    }
}
