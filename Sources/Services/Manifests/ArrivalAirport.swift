import Foundation

/// Which crossing point a flight arrives at: the arrival airport of a manifest (PAXLST LOC+87, or the
/// second LOC+92 of a leg) mapped to an airport crossing point.
///
/// PAXLST names airports by IATA location code (WCO/IATA/ICAO API Guidelines, LOC C517 3225 with code
/// list 3055 = 25 IATA), and some carriers send the ICAO location indicator (four letters, ICAO Doc
/// 7910) instead. Airport crossing points carry the IATA code in their id by the reference data's
/// convention (`UA-AIR-<IATA>`, shared/reference/README.md), so an IATA code maps to a point by name
/// and the point must exist and be of kind `air`. ICAO indicators are translated through the table
/// below first (Ukraine's international airports; compiler's knowledge, to be checked against Doc 7910
/// when the list of points changes). Anything else is an unknown airport: the manifest is refused,
/// naming the field, rather than stored against a guessed point.
public enum ArrivalAirport {
    /// ICAO location indicator → IATA code of the airports in the reference crossing points.
    public static let icaoToIATA: [String: String] = [
        "UKBB": "KBP", "UKKK": "IEV", "UKLL": "LWO", "UKOO": "ODS", "UKHH": "HRK", "UKDD": "DNK", "UKDE": "OZH",
        "UKLI": "IFO", "UKLU": "UDJ", "UKLN": "CWC", "UKWW": "VIN", "UKOH": "KHE", "UKLR": "RWN", "UKON": "NLV",
        "UKKG": "KWG", "UKHP": "PLV", "UKLT": "TNL",
    ]

    /// The prefix of airport crossing point codes.
    public static let pointPrefix = "UA-AIR-"

    /// The crossing point code an airport code would have (not yet checked against the store), or nil
    /// when the code is neither an IATA code (three letters) nor a known ICAO indicator.
    public static func candidatePoint(for port: String) -> String? {
        let code = port.trimmingCharacters(in: .whitespaces).uppercased()
        guard code.utf8.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) else { return nil }
        if code.count == 3 { return pointPrefix + code }
        if code.count == 4, let iata = icaoToIATA[code] { return pointPrefix + iata }
        return nil
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
