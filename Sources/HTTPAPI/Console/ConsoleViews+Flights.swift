import Foundation
import Services
import Store

/// View models of the flight board (`flights.mustache`; contract in Resources/console/README.md).
extension ConsoleViews {
    /// `2026-03-15T14:20` → `2026-03-15 14:20` (local time at the airport, as the carrier sent it).
    static func localTime(_ text: String?) -> String {
        (text ?? "").replacingOccurrences(of: "T", with: " ")
    }

    static let issueLabels = [
        "name-missing": "no surname", "document-missing": "no document", "document-expired": "document expired",
        "birth-date-in-future": "birth date in the future", "birth-date-implausible": "birth date implausible",
        "expiry-before-birth": "expiry before birth", "nationality-unknown": "unknown nationality code",
        "issuing-state-unknown": "unknown issuing state",
    ]

    /// A traveller's issue as a phrase; the parser's flaws (`invalidDate:birthDate`) name field and kind.
    static func issueLabel(_ code: String) -> String {
        if let label = issueLabels[code] { return label }
        let parts = code.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return code }
        let kinds = [
            "invalidDate": "not a date", "invalidCharacter": "has a character outside the declared set",
            "whitespaceTrimmed": "had spaces trimmed", "invalidValue": "invalid", "limitExceeded": "too many",
        ]
        return parts[1] + " " + (kinds[parts[0]] ?? parts[0])
    }

    /// A manifest flaw as one line: severity, where, what.
    static func flawRow(_ flaw: ManifestFlaw) -> [String: Any] {
        var place = flaw.position
        if let traveller = flaw.traveller { place += " · traveller #\(traveller + 1)" }
        if let field = flaw.field { place += " · \(field)" }
        return ["kind": flaw.kind, "error": flaw.severity == "error", "place": place, "message": flaw.message]
    }

    /// One row of the board.
    static func flightRow(_ flight: FlightSummary, current: Bool) -> [String: Any] {
        // Short words: the tag sits in a narrow column. Hits have their own red pill, so the tone says
        // where the flight stands, not whether it has hits.
        let status: String
        let tone: String
        switch flight.status {
        case .expected: (status, tone) = (flight.amended ? "Amended" : "Expected", "muted")
        case .landed: (status, tone) = (flight.amended ? "Landed · amended" : "Landed", "ok")
        case .closed where flight.notArrived > 0: (status, tone) = ("\(flight.notArrived) no-show", "warn")
        case .closed: (status, tone) = ("Closed", "ok")
        }
        var row: [String: Any] = [
            "id": flight.id.uuidString.lowercased(), "flight": flight.flight, "from": flight.departurePort ?? "?",
            "fromName": "", "scheduled": localTime(flight.arrivalLocal), "travellers": flight.travellers,
            "hasHits": flight.hits > 0, "hits": flight.hits, "status": status, "statusTone": tone, "current": current,
        ]
        if flight.openHits > 0 { row["openHits"] = flight.openHits }
        row["incomplete"] = !flight.complete
        row["hasFlaws"] = !flight.flaws.isEmpty
        row["flawCount"] = flight.flaws.count
        row["flawTone"] = flight.flawErrors > 0 || !flight.complete ? "warn" : "muted"
        return row
    }

    /// The flight shown beside the board, travellers with hits first.
    ///
    /// - Parameter review: the CSRF value when the viewer is second line (review forms shown), else nil.
    static func selectedFlight(_ detail: FlightDetail, review csrf: String?) -> [String: Any] {
        let flight = detail.flight
        return [
            "flight": flight.flight, "from": flight.departurePort ?? "?", "to": flight.arrivalPort,
            "scheduled": localTime(flight.arrivalLocal), "travellers": flight.travellers,
            "manifestReceived": time(flight.receivedAt) + " UTC", "amended": flight.amended,
            "incomplete": !flight.complete, "hasFlaws": !flight.flaws.isEmpty, "flawCount": flight.flaws.count,
            "flaws": flight.flaws.map(flawRow),
            "passengers": detail.travellers.map { passengerRow($0, flightId: flight.id, review: csrf) },
        ]
    }

    static func passengerRow(_ view: ManifestTravellerView, flightId: UUID, review csrf: String?) -> [String: Any] {
        let t = view.traveller
        var document = [t.documentType, t.documentNumber].compactMap { $0 }.joined(separator: " ")
        if let state = t.issuingState { document += " (\(state))" }
        let visas = t.documents.filter { ($0.type ?? "").uppercased() == "V" && $0.number != nil }
        if !visas.isEmpty { document += " · visa " + visas.compactMap(\.number).joined(separator: ", ") }
        if !t.issues.isEmpty { document += " — " + t.issues.map(issueLabel).joined(separator: ", ") }
        var row: [String: Any] = [
            "name": [t.surname, t.givenNames].compactMap { $0 }.joined(separator: ", "),
            "crew": t.kind == .crew, "nationality": t.nationality ?? "?", "birthDate": t.birthDate ?? "",
            "document": document.isEmpty ? "none" : document, "hasHits": !view.hits.isEmpty,
            "hits": view.hits.map { hit in
                var item: [String: Any] = [
                    "category": hit.category, "categoryLabel": categoryLabels[hit.category] ?? hit.category,
                    "score": String(format: "%.2f", hit.score), "reviewed": hit.resolution != nil,
                    "canResolve": csrf != nil && hit.resolution == nil, "csrf": csrf ?? "",
                    "resolveAction": "/console/flights/\(flightId.uuidString.lowercased())/hits/\(hit.id.uuidString.lowercased())/resolve",
                ]
                if let resolution = hit.resolution {
                    item["resolutionLabel"] = (resolution == "false_positive" ? "NOT THE SAME PERSON" : "CONFIRMED")
                        + (hit.resolvedByName.map { " · \($0)" } ?? "")
                }
                return item
            },
        ]
        switch view.status {
        case .arrived:
            row["arrivalLabel"] = "Checked " + (t.arrivedAt.map { time($0) + " UTC" } ?? "")
            if let checkId = t.checkId { row["checkId"] = checkId.uuidString.lowercased() }
        case .notArrived: row["arrivalLabel"] = "Did not arrive"
        case .expected: row["arrivalLabel"] = "Not yet at border"
        }
        return row
    }
}
