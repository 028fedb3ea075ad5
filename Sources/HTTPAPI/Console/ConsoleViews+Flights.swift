import Foundation
import Services
import Store

/// View models of the flight board (`flights.mustache`; contract in Resources/console/README.md).
extension ConsoleViews {
    /// `2026-03-15T14:20` → `2026-03-15 14:20` (local time at the airport, as the carrier sent it).
    static func localTime(_ text: String?) -> String {
        (text ?? "").replacingOccurrences(of: "T", with: " ")
    }

    /// A traveller's issue as a phrase (catalogue `issue_<code>`); the parser's flaws (`invalidDate:birthDate`)
    /// name field and kind (`ik_<kind>`).
    static func issueLabel(_ code: String, _ text: ConsoleText) -> String {
        if let label = text.phrase("issue_\(code)") { return label }
        let parts = code.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return code }
        return parts[1] + " " + (text.phrase("ik_\(parts[0])") ?? parts[0])
    }

    /// A manifest flaw as one line: severity, where, what.
    static func flawRow(_ flaw: ManifestFlaw, _ text: ConsoleText) -> [String: Any] {
        var place = flaw.position
        if let traveller = flaw.traveller { place += " · \(text["travellerNo"]) \(traveller + 1)" }
        if let field = flaw.field { place += " · \(field)" }
        return ["kind": flaw.kind, "error": flaw.severity == "error", "place": place, "message": flaw.message]
    }

    /// One row of the board.
    static func flightRow(_ flight: FlightSummary, current: Bool, text: ConsoleText) -> [String: Any] {
        // Short words: the tag sits in a narrow column. Hits have their own red pill, so the tone says
        // where the flight stands, not whether it has hits.
        let status: String
        let tone: String
        switch flight.status {
        case .expected: (status, tone) = (text[flight.amended ? "fl_amended" : "fl_expected"], "muted")
        case .landed: (status, tone) = (text[flight.amended ? "fl_landedAmended" : "fl_landed"], "ok")
        case .closed where flight.notArrived > 0: (status, tone) = ("\(flight.notArrived) \(text["fl_noShow"])", "warn")
        case .closed: (status, tone) = (text["fl_closed"], "ok")
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
    static func selectedFlight(_ detail: FlightDetail, review csrf: String?, text: ConsoleText) -> [String: Any] {
        let flight = detail.flight
        return [
            "flight": flight.flight, "from": flight.departurePort ?? "?", "to": flight.arrivalPort,
            "scheduled": localTime(flight.arrivalLocal), "travellers": flight.travellers,
            "manifestReceived": time(flight.receivedAt) + " (\(text["kyiv"]))", "amended": flight.amended,
            "incomplete": !flight.complete, "hasFlaws": !flight.flaws.isEmpty, "flawCount": flight.flaws.count,
            "flaws": flight.flaws.map { flawRow($0, text) },
            "passengers": detail.travellers.map { passengerRow($0, flightId: flight.id, review: csrf, text: text) },
        ]
    }

    static func passengerRow(_ view: ManifestTravellerView, flightId: UUID, review csrf: String?, text: ConsoleText) -> [String: Any] {
        let t = view.traveller
        var document = [t.documentType, t.documentNumber].compactMap { $0 }.joined(separator: " ")
        if let state = t.issuingState { document += " (\(state))" }
        let visas = t.documents.filter { ($0.type ?? "").uppercased() == "V" && $0.number != nil }
        if !visas.isEmpty { document += " · \(text["visaWord"]) " + visas.compactMap(\.number).joined(separator: ", ") }
        if !t.issues.isEmpty { document += " — " + t.issues.map { issueLabel($0, text) }.joined(separator: ", ") }
        var row: [String: Any] = [
            "name": [t.surname, t.givenNames].compactMap { $0 }.joined(separator: ", "),
            "crew": t.kind == .crew, "nationality": t.nationality ?? "?", "birthDate": t.birthDate ?? "",
            "document": document.isEmpty ? text["none"] : document, "hasHits": !view.hits.isEmpty,
            "hits": view.hits.map { hit in
                var item: [String: Any] = [
                    "category": hit.category, "categoryLabel": text.category(hit.category),
                    "score": String(format: "%.2f", hit.score), "reviewed": hit.resolution != nil,
                    "canResolve": csrf != nil && hit.resolution == nil, "csrf": csrf ?? "",
                    "resolveAction": "/console/flights/\(flightId.uuidString.lowercased())/hits/\(hit.id.uuidString.lowercased())/resolve",
                ]
                if let resolution = hit.resolution {
                    item["resolutionLabel"] = text[resolution == "false_positive" ? "resolvedNotSame" : "resolvedConfirmed"]
                        + (hit.resolvedByName.map { " · \($0)" } ?? "")
                }
                return item
            },
        ]
        switch view.status {
        case .arrived:
            row["arrivalLabel"] = text["fl_checked"] + (t.arrivedAt.map { " " + time($0) } ?? "")
            if let checkId = t.checkId { row["checkId"] = checkId.uuidString.lowercased() }
        case .notArrived: row["arrivalLabel"] = text["fl_notArrived"]
        case .expected: row["arrivalLabel"] = text["fl_notYet"]
        }
        return row
    }
}
