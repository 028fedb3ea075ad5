import Foundation
import Store

/// Crossings with a realistic shape: more in summer and at the year's end, peaks on Fridays and
/// Sundays, few at night; trips of days to weeks; Ukrainians leave and return, foreigners enter and leave.
public struct SyntheticTraffic: Sendable {
    /// Relative traffic on a day: season × weekday × holidays.
    static func dayWeight(_ date: Date) -> Double {
        let calendar = Calendar.utc
        let dayOfYear = Double(calendar.ordinality(of: .day, in: .year, for: date) ?? 1)
        let season = 1 + 0.35 * cos(2 * Double.pi * (dayOfYear - 205) / 365)
        let weekday = calendar.component(.weekday, from: date)  // 1 = Sunday
        let week: Double = [1: 1.2, 2: 0.9, 3: 0.85, 4: 0.85, 5: 0.95, 6: 1.25, 7: 1.1][weekday] ?? 1
        let month = calendar.component(.month, from: date)
        let day = calendar.component(.day, from: date)
        let holidays = (month == 12 && day >= 20) || (month == 1 && day <= 8) ? 1.4 : 1.0
        return season * week * holidays
    }

    /// Relative traffic by hour of day (UTC+2 local peaks in daytime).
    static let hourWeights: [Double] = [
        0.25, 0.2, 0.15, 0.15, 0.2, 0.35, 0.6, 0.9, 1.1, 1.2, 1.25, 1.25, 1.2, 1.2, 1.2, 1.25, 1.3, 1.3, 1.2, 1.05,
        0.9, 0.7, 0.5, 0.35,
    ].cumulative()

    /// Makes about `total` crossings for `travellers` over the `days` days before `now`.
    public static func crossings(
        total: Int, travellers: [SyntheticPopulation.Traveller], documentIds: [UUID], points: [CrossingPoint],
        firstLine: [Officer], secondLine: [Officer], days: Int, seed: UInt64, now: Date
    ) -> [Crossing] {
        var rng = SeededGenerator(seed: seed)
        let calendar = Calendar.utc
        let today = calendar.startOfDay(for: now)
        let dayDates = (0..<days).map { calendar.date(byAdding: .day, value: -(days - 1 - $0), to: today) ?? today }
        let dayCumulative = dayDates.map(dayWeight).cumulative()
        let usable = points.filter { $0.status == "operating" && $0.kind != "air" && $0.neighbour != nil }
        let byNeighbour = Dictionary(grouping: usable, by: { $0.neighbour ?? "" })
        guard !usable.isEmpty, !firstLine.isEmpty, !travellers.isEmpty else { return [] }

        // Trips per traveller: most travel once or twice, a few commute often.
        let tripWeights = [0.0, 30, 22, 14, 10, 7, 5, 4, 3, 2, 1.5, 1.5].cumulative()
        var trips = travellers.map { _ in rng.weighted(tripWeights) }
        var planned = trips.reduce(0, +) * 2
        while planned < total + total / 8 {
            let index = Int.random(in: 0..<trips.count, using: &rng)
            trips[index] += 1
            planned += 2
        }

        var result: [Crossing] = []
        result.reserveCapacity(planned)
        for (index, traveller) in travellers.enumerated() {
            let count = trips[index]
            guard count > 0 else { continue }
            let starts = (0..<count).map { _ in rng.weighted(dayCumulative) }.sorted()
            let resident = traveller.person.nationality == "UKR"
            var lastEnd = -1
            for (tripIndex, startDay) in starts.enumerated() {
                let start = max(startDay, lastEnd + 1)
                guard start < days else { break }
                let nextStart = tripIndex + 1 < starts.count ? starts[tripIndex + 1] : days + 60
                let length = resident ? Int.random(in: 1...21, using: &rng) : Int.random(in: 1...40, using: &rng)
                let end = min(start + length, max(start, nextStart - 1))
                lastEnd = end
                let neighbour = traveller.neighbours.randomElement(using: &rng) ?? "POL"
                let pool = byNeighbour[neighbour] ?? usable
                let outPoint = pool.randomElement(using: &rng) ?? usable[0]
                let backPoint = Double.random(in: 0..<1, using: &rng) < 0.8 ? outPoint : (pool.randomElement(using: &rng) ?? outPoint)
                let first = moment(dayDates[start], &rng)
                let refused = !resident && Double.random(in: 0..<1, using: &rng) < 0.004
                let firstOfficer = refused ? (secondLine.randomElement(using: &rng) ?? firstLine[0]) : (firstLine.randomElement(using: &rng) ?? firstLine[0])
                result.append(
                    Crossing(
                        id: UUID(uuid: SyntheticPopulation.randomUUIDBytes(&rng)), personId: traveller.person.id,
                        documentId: documentIds[index], pointCode: outPoint.code, direction: resident ? .exit : .entry,
                        occurredAt: first, officerId: firstOfficer.id, agencyId: firstOfficer.agencyId,
                        decision: refused ? .refused : .admitted,
                        refusalReasons: refused ? [["C", "E", "A", "G"].randomElement(using: &rng) ?? "C"] : [],
                        recordedAt: first
                    )
                )
                if refused { continue }
                guard end < days else { continue }  // still away (or still in the country) today
                var second = moment(dayDates[end], &rng)
                if second <= first { second = first.addingTimeInterval(Double.random(in: 600...7200, using: &rng)) }
                guard second < now else { continue }
                let officer = firstLine.randomElement(using: &rng) ?? firstLine[0]
                result.append(
                    Crossing(
                        id: UUID(uuid: SyntheticPopulation.randomUUIDBytes(&rng)), personId: traveller.person.id,
                        documentId: documentIds[index], pointCode: backPoint.code, direction: resident ? .entry : .exit,
                        occurredAt: second, officerId: officer.id, agencyId: officer.agencyId, decision: .admitted,
                        recordedAt: second
                    )
                )
            }
        }
        return result.filter { $0.occurredAt < now }.prefix(total).map { $0 }
    }

    static func moment(_ day: Date, _ rng: inout SeededGenerator) -> Date {
        let hour = rng.weighted(hourWeights)
        let seconds = Double(hour * 3600 + Int.random(in: 0..<3600, using: &rng))
        return day.addingTimeInterval((seconds * 1000).rounded() / 1000)
    }
}
