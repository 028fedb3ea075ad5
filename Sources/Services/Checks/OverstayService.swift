import Foundation
import Store
import StayRules

/// Persons whose authorised stay has ended with no exit recorded (EES Regulation 2017/2226 Art. 12).
public struct OverstayService: Sendable {
    let database: KordonDatabase
    let clock: Clock
    let homeState: String

    public init(database: KordonDatabase, clock: @escaping Clock, homeState: String = "UKR") {
        self.database = database
        self.clock = clock
        self.homeState = homeState
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

    /// Overstayers on today's date, most days over first.
    ///
    /// Computed from the crossings of everyone present: fine for a country's register at demo and
    /// crossing-point scale; the national system would keep a materialised `stay` table updated with
    /// each crossing (noted in the issue).
    public func list(_ filter: Filter, context: AccessContext) async throws -> [Overstayer] {
        try context.authorize(.read, .overstayer)
        guard filter.minDays >= 0 else { throw ServiceError.invalid("minDays", "must be 0 or more") }
        let now = clock()
        let today = CalendarDay(date: now)
        let repositories = database.repositories
        let present = try await repositories.checks.personsPresent()
            .filter { filter.pointCode == nil || $0.pointCode == filter.pointCode }
        let visaFree = try await repositories.checks.visaFreeNationalities()
        var result: [Overstayer] = []
        for chunk in present.chunked(into: 500) {
            let ids = chunk.map(\.personId)
            let persons = try await repositories.persons.find(ids: ids)
            let crossings = try await repositories.crossings.crossings(personIds: ids)
            let authorisations = try await repositories.checks.authorisations(personIds: ids)
            for entry in chunk {
                guard let person = persons[entry.personId], person.nationality != homeState else { continue }
                if let nationality = filter.nationality, person.nationality != nationality { continue }
                let stays = CheckService.stays(from: crossings[entry.personId] ?? [])
                let auths = (authorisations[entry.personId] ?? []).compactMap {
                    try? JSONDecoder().decode(Authorisation.self, from: Data($0.details.utf8))
                }
                guard let overstay = try? Overstay.check(
                    nationality: person.nationality, visaFreeNationalities: visaFree, stays: stays,
                    authorisations: auths, asOf: today, validation: .lenient
                ), overstay.days >= max(1, filter.minDays) else { continue }
                result.append(Overstayer(
                    personId: person.id, surname: person.surname, givenNames: person.givenNames,
                    nationality: person.nationality, entryPoint: entry.pointCode, entered: overstay.entry.description,
                    authorisedUntil: overstay.authorisedUntil?.description, basis: overstay.basis.code,
                    daysOver: overstay.days
                ))
            }
        }
        result.sort { ($0.daysOver, $0.surname) > ($1.daysOver, $1.surname) }
        let listed = result
        try await database.transaction { (tx: Repositories) in
            try await tx.audit.append(
                [context.audit("overstayers.list", "person", ids: [], persons: listed.prefix(1000).map(\.personId))], at: now
            )
        }
        return result
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
