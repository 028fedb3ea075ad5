import Foundation
import Store

/// Which crossing point a flight arrives at: the arrival airport of a manifest (PAXLST LOC+87, or the
/// second LOC+92 of a leg) mapped to an airport crossing point.
///
/// PAXLST names airports by IATA location code (WCO/IATA/ICAO API Guidelines, LOC C517 3225 with code
/// list 3055 = 25 IATA), and some carriers send the ICAO location indicator (four letters, ICAO Doc
/// 7910) instead. Airport crossing points carry the IATA code in their id by the reference data's
/// convention (`UA-AIR-<IATA>`, shared/reference/README.md) and their ICAO indicator in `icao`, so both
/// map to a point through the reference data (``Directory``), never through a table in code. Anything
/// else is an unknown airport: the manifest is refused, naming the field, rather than stored against a
/// guessed point.
public enum ArrivalAirport {
    /// The prefix of airport crossing point codes.
    public static let pointPrefix = "UA-AIR-"

    /// The airport crossing points, by the codes a manifest may name them with.
    public struct Directory: Sendable, Hashable {
        /// IATA code or ICAO indicator → crossing point code.
        let points: [String: String]

        /// From the crossing points of kind `air`: the IATA code in the point's code, and its `icao`.
        public init(_ crossingPoints: [CrossingPoint]) {
            var points: [String: String] = [:]
            for point in crossingPoints where point.kind == "air" {
                if point.code.hasPrefix(ArrivalAirport.pointPrefix) {
                    let iata = String(point.code.dropFirst(ArrivalAirport.pointPrefix.count)).uppercased()
                    if iata.utf8.count == 3 { points[iata] = point.code }
                }
                if let icao = point.icao?.uppercased(), icao.utf8.count == 4 { points[icao] = point.code }
            }
            self.points = points
        }

        /// The airport crossing point a manifest's airport code (IATA or ICAO) names, or nil.
        public func point(for port: String) -> String? {
            let code = port.trimmingCharacters(in: .whitespaces).uppercased()
            guard code.utf8.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) else { return nil }
            return points[code]
        }
    }

    /// The time zone PAXLST local times at our airports are in (DTM+232 carries no zone). All airport
    /// crossing points of the reference data are in Ukraine; the IANA name changed from `Europe/Kiev`
    /// to `Europe/Kyiv` in tzdata 2022b, so both are tried before a fixed UTC+2.
    public static let timeZone: TimeZone = TimeZone(identifier: "Europe/Kyiv") ?? TimeZone(identifier: "Europe/Kiev")
        ?? TimeZone(secondsFromGMT: 7_200) ?? .gmt

    /// A PAXLST local date-time (`YYYY-MM-DDTHH:MM`) at the arrival airport as an instant.
    public static func instant(localDateTime text: String, in zone: TimeZone = timeZone) -> Date? {
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == "T" || $0 == ":" }).compactMap { Int($0) }
        guard parts.count == 5 else { return nil }
        guard (1...12).contains(parts[1]), (1...31).contains(parts[2]), (0...23).contains(parts[3]),
            (0...59).contains(parts[4])
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        // A time in the spring-forward gap resolves to the next valid instant, which is what a
        // clock on the wall would show.
        let components = DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4])
        guard let date = calendar.date(from: components) else { return nil }
        return date
    }
}
