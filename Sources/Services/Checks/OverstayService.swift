import Foundation
import StayRules
import Store

/// Persons whose authorised stay has ended with no exit recorded (EES Regulation 2017/2226 Art. 12).
///
/// An index read of `presence` (kept on each crossing by ``PresenceKeeper``): the cost of a page does not
/// grow with the number of persons in the country (issue 15: ≤ 50 ms at 1 M present). The list, its CSV
/// export and the counts read `KordonDatabase.forStatistics` (the read replica, when one is configured);
/// pending outlooks are completed and each read is audited on the primary.
public struct OverstayService: Sendable {
    let database: KordonDatabase
    let clock: Clock
    let homeState: String
    let keeper: PresenceKeeper

    public init(database: KordonDatabase, clock: @escaping Clock, homeState: String = "UKR") {
        self.database = database
        self.clock = clock
        self.homeState = homeState
        self.keeper = PresenceKeeper(homeState: homeState)
    }

    public struct Overstayer: Codable, Sendable, Hashable {
        public var personId: UUID
        public var surname: String
        public var givenNames: String
        public var nationality: String
        public var entryPoint: String
        public var entered: String
        public var authorisedUntil: String?
        public var basis: String
        public var daysOver: Int
    }

    public struct Filter: Sendable {
        public var pointCode: String?
        public var nationality: String?
        public var minDays: Int

        public init(pointCode: String? = nil, nationality: String? = nil, minDays: Int = 1) {
            self.pointCode = pointCode
            self.nationality = nationality
            self.minDays = minDays
        }
    }

    /// One page of the list, most days over first, and the cursor of the next (nil at the end).
    public struct Page: Codable, Sendable {
        public var items: [Overstayer]
        public var nextCursor: String?
    }

    /// The largest page.
    public static let maximumLimit = 1_000

    /// One page of overstayers on today's date, most days over first (then by person id).
    public func page(_ filter: Filter, cursor: String?, limit: Int = 100, context: AccessContext) async throws -> Page {
        try context.authorize(.read, .overstayer)
        guard (1...Self.maximumLimit).contains(limit) else {
            throw ServiceError.invalid("limit", "must be between 1 and \(Self.maximumLimit)")
        }
        var after: PresenceRepository.OverstayCursor?
        if let cursor {
            guard let parsed = PresenceRepository.OverstayCursor(token: cursor) else {
                throw ServiceError.invalid("cursor", "is not a cursor returned by this API")
            }
            after = parsed
        }
        let now = clock()
        let query = try await prepared(filter, now: now)
        let rows = try await database.forStatistics.repositories.presence.overstayers(query, after: after, limit: limit)
        let items = rows.map { Self.overstayer($0, day: query.day) }
        try await audit(items, context: context, now: now)
        let next = rows.count == limit ? rows.last.flatMap { row in
            row.presence.outlook?.overstayBase.map {
                PresenceRepository.OverstayCursor(overstayBase: $0, personId: row.presence.personId).token
            }
        } : nil
        return Page(items: items, nextCursor: next)
    }

    /// The whole list (the CSV export), read page by page.
    public func list(_ filter: Filter, context: AccessContext) async throws -> [Overstayer] {
        try context.authorize(.read, .overstayer)
        let now = clock()
        let query = try await prepared(filter, now: now)
        var result: [Overstayer] = []
        var after: PresenceRepository.OverstayCursor?
        while true {
            let rows = try await database.forStatistics.repositories.presence.overstayers(query, after: after, limit: 1_000)
            result += rows.map { Self.overstayer($0, day: query.day) }
            guard rows.count == 1_000, let last = rows.last, let base = last.presence.outlook?.overstayBase else { break }
            after = .init(overstayBase: base, personId: last.presence.personId)
        }
        try await audit(result, context: context, now: now)
        return result
    }

    /// How many overstayers the filter matches, by nationality (the console's count and chart).
    public func countByNationality(_ filter: Filter, context: AccessContext) async throws -> [String: Int] {
        try context.authorize(.read, .overstayer)
        return try await database.forStatistics.repositories.presence.overstayersByNationality(
            try await prepared(filter, now: clock())
        )
    }

    /// Validates the filter and brings pending presence rows up to date (none, usually: two index reads).
    func prepared(_ filter: Filter, now: Date) async throws -> PresenceRepository.OverstayFilter {
        guard filter.minDays >= 0 else { throw ServiceError.invalid("minDays", "must be 0 or more") }
        try await keeper.completePending(database: database, now: now)
        return PresenceRepository.OverstayFilter(
            day: CalendarDay(date: now).daysSinceEpoch, minDays: filter.minDays, entryPoint: filter.pointCode,
            nationality: filter.nationality, excludedNationality: homeState
        )
    }

    func audit(_ items: [Overstayer], context: AccessContext, now: Date) async throws {
        try await database.transaction { (tx: Repositories) in
            try await tx.audit.append(
                [context.audit("overstayers.list", "person", ids: [], persons: items.prefix(1000).map(\.personId))], at: now
            )
        }
    }

    static func overstayer(_ row: PresentOverstayer, day: Int) -> Overstayer {
        let presence = row.presence
        let outlook = presence.outlook
        let basis = outlook?.basis ?? StayBasis.none.code
        return Overstayer(
            personId: presence.personId, surname: row.surname, givenNames: row.givenNames,
            nationality: presence.nationality, entryPoint: presence.entryPoint,
            entered: CalendarDay(date: presence.enteredAt).description,
            authorisedUntil: basis == StayBasis.none.code
                ? nil : outlook?.authorisedThrough.flatMap { CalendarDay(daysSinceEpoch: $0)?.description },
            basis: basis, daysOver: day - (outlook?.overstayBase ?? day)
        )
    }

    /// RFC 4180 CSV of the list, header first.
    public static func csv(_ rows: [Overstayer]) -> String {
        func field(_ value: String) -> String {
            value.contains(where: { [",", "\"", "\n", "\r"].contains($0) })
                ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
        }
        var lines = ["person_id,surname,given_names,nationality,entry_point,entered,authorised_until,basis,days_over"]
        for row in rows {
            lines.append([
                row.personId.uuidString.lowercased(), row.surname, row.givenNames, row.nationality, row.entryPoint,
                row.entered, row.authorisedUntil ?? "", row.basis, String(row.daysOver),
            ].map(field).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}
