import Foundation
import StayRules
import Store

/// A bulk load's presence (`kordon import crossings`), computed while its rows are being stored.
///
/// The keeper's rule is the same as for one crossing; what differs is where the crossings come from. The load
/// holds its own rows in memory, so the persons' crossings are read only as they were stored before it (one
/// read, before the rows go in), and their presence and stay outlooks are computed on another thread while the
/// database takes the rows. Reading all their crossings back after the load, as the keeper does for one
/// crossing, was most of the load's presence stage: at 1 M crossings and 50,000 persons on PostgreSQL, 7.6–8.4 s
/// of 26.7–27.8 s, of which 2.0 s reading the million rows back and 1.4 s `ANALYZE` so that read was planned
/// well (issue 15, item 4).
///
/// What a load cannot see in memory is a crossing someone else records for one of its persons while it runs
/// (a traveller at a booth during the load). Such a crossing happens now, so the load looks, after storing, for
/// crossings since ``watchMargin`` before its start that it did not read nor bring; their persons' presence is
/// ranked again from the database and their outlooks left to ``completePending(database:now:)``. A crossing
/// recorded meanwhile with an earlier time (a correction, a backdated entry) of a person the load names is the
/// case this does not see; the keeper's own path has the like race (the border's transaction cannot see a load's
/// uncommitted rows), and both are mended by that person's next crossing or authorisation change.
extension PresenceKeeper {
    /// How far before the load's start crossings are looked for: the time a border check's crossing can be
    /// stamped before it commits, and clocks of servers that disagree by minutes.
    public static let watchMargin: TimeInterval = 600

    /// The most stored crossings a load holds in memory beside its own rows (about 200 bytes each). A backlog of
    /// frequent travellers could name persons with tens of millions of crossings between them; beyond this, the
    /// persons not yet read are left to the database's ranking and ``completePending(database:now:)``, which
    /// reads 500 persons at a time.
    public static let storedCrossingsInMemory = 2_000_000

    /// What a load needs of its persons, read before its rows go in.
    public struct BulkLoad: Sendable {
        let keeper: PresenceKeeper
        let persons: [UUID: Person]
        /// Their crossings as stored before the load, in the rule's order.
        let stored: [UUID: [Crossing]]
        /// The load's own crossings, by person (those of ``deferred`` persons left out).
        let loaded: [UUID: [Crossing]]
        /// Persons whose stored crossings were not read (``PresenceKeeper/storedCrossingsInMemory``).
        let deferred: [UUID]
        let authorisations: [UUID: [(AuthorisationRecord, Authorisation)]]
        let visaFree: Set<String>
        /// A stored authorisation could not be read: outlooks are left pending, and
        /// ``PresenceKeeper/completePending(database:now:)`` names the record, as after any other crossing.
        let outlooksPending: Bool
        let now: Date

        /// Who of the persons is in the country, with outlooks, and who is not.
        public struct Outcome: Sendable {
            var present: [Presence] = []
            var absent: [UUID] = []
        }

        /// The keeper's rule over each person's crossings, stored and loaded: pure, for another thread.
        public func compute() -> Outcome {
            let today = CalendarDay(date: now)
            var outcome = Outcome()
            outcome.present.reserveCapacity(loaded.count / 2)
            for (id, own) in loaded {
                var crossings = stored[id] ?? []
                crossings.append(contentsOf: own)
                crossings.sort(by: PresenceKeeper.precedes)
                guard let person = persons[id], let entry = PresenceKeeper.entry(in: crossings) else {
                    outcome.absent.append(id)
                    continue
                }
                let row: Presence
                do {
                    row = try keeper.presence(
                        of: person, entry: entry, crossings: crossings, authorisations: authorisations[id] ?? [],
                        visaFree: visaFree, today: today, skipOutlook: outlooksPending
                    )
                } catch {
                    // Only an unreadable authorisation throws (a citizen's row never does): the row waits, and
                    // the pending pass names the record.
                    row = Presence(
                        personId: id, crossingId: entry.id, enteredAt: entry.occurredAt, entryPoint: entry.pointCode,
                        nationality: person.nationality, outlook: nil
                    )
                }
                outcome.present.append(row)
            }
            return outcome
        }

        /// Whether `crossing` is one this load read or brings.
        func knows(_ id: UUID, of personId: UUID) -> Bool {
            (stored[personId] ?? []).contains { $0.id == id } || (loaded[personId] ?? []).contains { $0.id == id }
        }
    }

    /// Reads what the load's persons have stored, in the load's transaction and before its rows go in.
    ///
    /// - Parameter holding: the most stored crossings read (``storedCrossingsInMemory``; tests pass less).
    public func bulkLoad(
        _ crossings: [Crossing], in tx: Repositories, now: Date, holding: Int = storedCrossingsInMemory
    ) async throws -> BulkLoad {
        var loaded = Dictionary(grouping: crossings, by: \.personId)
        var stored: [UUID: [Crossing]] = [:]
        var held = 0
        var deferred: [UUID] = []
        for chunk in Array(loaded.keys).chunked(into: 5_000) {
            guard held <= holding else {
                deferred.append(contentsOf: chunk)
                continue
            }
            for (id, rows) in try await tx.crossings.crossings(personIds: Array(chunk)) {
                stored[id] = rows
                held += rows.count
            }
        }
        for id in deferred { loaded[id] = nil }
        let personIds = Array(loaded.keys)
        let persons = try await tx.persons.find(ids: personIds)
        let foreigners = persons.values.filter { $0.nationality != homeState }.map(\.id)
        var authorisations: [UUID: [(AuthorisationRecord, Authorisation)]] = [:]
        var outlooksPending = false
        do {
            authorisations = try await Self.authorisations(of: foreigners, in: tx)
        } catch is UnreadableAuthorisation {
            outlooksPending = true
        }
        let visaFree = foreigners.isEmpty ? [] : try await tx.checks.visaFreeNationalities()
        return BulkLoad(
            keeper: self, persons: persons, stored: stored, loaded: loaded, deferred: deferred,
            authorisations: authorisations, visaFree: visaFree, outlooksPending: outlooksPending, now: now
        )
    }

    /// Writes a load's presence, in its transaction after its rows: the computed rows, except for persons
    /// someone else recorded a crossing of meanwhile, whose presence is ranked again from the database.
    public func store(_ outcome: BulkLoad.Outcome, of load: BulkLoad, in tx: Repositories) async throws {
        let recent = try await tx.crossings.recorded(since: load.now.addingTimeInterval(-Self.watchMargin))
        let touched = Set(
            recent.filter { load.loaded[$0.personId] != nil && !load.knows($0.id, of: $0.personId) }.map(\.personId)
        )
        try await tx.presence.remove(personIds: outcome.absent.filter { !touched.contains($0) })
        try await tx.presence.upsert(outcome.present.filter { !touched.contains($0.personId) }, at: load.now)
        let ranked = Array(touched) + load.deferred
        guard !ranked.isEmpty else { return }
        // Many persons are ranked over the rows just stored: on statistics from before them, PostgreSQL planned
        // that as one pass over every partition per batch of names (0.26 s a batch).
        if ranked.count > 500 { try await tx.crossings.refreshStatistics() }
        try await tx.presence.rebuildFromCrossings(personIds: ranked)
    }
}
