/// Writes a manifest as a UN/EDIFACT PAXLST D:05B interchange in the WCO/IATA/ICAO API Guidelines
/// layout: the inverse of ``PaxlstParser`` for the values ``Manifest`` keeps (demo data, benchmarks,
/// round-trip tests).
///
/// Layout: `UNA`, `UNB`, then per message `UNH` `BGM` `NAD+MS`, one `TDT+20` group per leg (`LOC+125`
/// `DTM+189` `LOC+87` `DTM+232`), one `NAD` group per traveller (`ATT+2` `DTM+329` `LOC+178/179/22`
/// `NAT+2` `RFF+AVF` and a `DOC` group with `DTM+36` `LOC+91` per document), `CNT`, `UNT`; `UNZ`.
/// Dates are written in format 201 (`YYMMDDHHMM`) for flights and 101 (`YYMMDD`) for birth and expiry,
/// as the guidelines' examples do; values are escaped with the release character (ISO 9735-1 §7).
public enum PaxlstWriter {
    /// The interchange text, one segment per line; `preparedAt` is the UNB date and time (`YYMMDD:HHMM`).
    public static func interchange(_ manifest: Manifest, preparedAt: String = "260101:0000") -> String {
        var out = "UNA:+.? '\n"
        let ref = manifest.interchange.controlRef ?? "1"
        out += segment(
            "UNB", ["UNOA:4", escape(manifest.interchange.sender ?? "SENDER") + ":ZZ",
                    escape(manifest.interchange.recipient ?? "RECIPIENT") + ":ZZ", preparedAt, escape(ref), "", "APIS"]
        )
        for (index, message) in manifest.messages.enumerated() {
            let messageRef = message.messageRef ?? String(index + 1)
            var body: [String] = []
            body.append(segment("UNH", [escape(messageRef), "PAXLST:D:05B:UN:IATA", escape(ref), "01:F"]))
            body.append(segment("BGM", [message.documentCode ?? (message.listType == .crew ? "250" : "745")]))
            body.append(segment("NAD", ["MS", "", "", "KORDON DEMO"]))
            for flight in message.flights {
                body.append(segment("TDT", ["20", escape(flight.flightNumber ?? ""), "", "", escape(flight.carrier ?? "")]))
                if let port = flight.departurePort { body.append(segment("LOC", ["125", escape(port)])) }
                if let time = flight.departureDateTime { body.append(segment("DTM", ["189:\(compact(time)):201"])) }
                if let port = flight.arrivalPort { body.append(segment("LOC", ["87", escape(port)])) }
                if let time = flight.arrivalDateTime { body.append(segment("DTM", ["232:\(compact(time)):201"])) }
            }
            for traveller in message.travellers {
                body += segments(of: traveller)
            }
            let crew = message.listType == .crew
            body.append(segment("CNT", ["\(crew ? 41 : 42):\(message.travellers.count)"]))
            body.append(segment("UNT", ["\(body.count + 1)", escape(messageRef)]))
            out += body.joined()
        }
        out += segment("UNZ", ["\(manifest.messages.count)", escape(ref)])
        return out
    }

    static func segments(of traveller: Passenger) -> [String] {
        var body: [String] = []
        let given = traveller.givenNameComponents.isEmpty
            ? (traveller.givenNames.map { [$0] } ?? []) : traveller.givenNameComponents
        let names = [traveller.surname ?? ""] + given
        body.append(segment("NAD", [traveller.nadQualifier, "", "", names.map(escape).joined(separator: ":")]))
        if let sex = traveller.sex { body.append(segment("ATT", ["2", "", escape(sex)])) }
        if let birth = traveller.birthDate { body.append(segment("DTM", ["329:\(compact(birth))"])) }
        if let port = traveller.portOfEmbarkation { body.append(segment("LOC", ["178", escape(port)])) }
        if let port = traveller.portOfDebarkation { body.append(segment("LOC", ["179", escape(port)])) }
        if let port = traveller.clearancePort { body.append(segment("LOC", ["22", escape(port)])) }
        if let nationality = traveller.nationality { body.append(segment("NAT", ["2", escape(nationality)])) }
        if let booking = traveller.bookingRef { body.append(segment("RFF", ["AVF:" + escape(booking)])) }
        for document in traveller.documents {
            body.append(segment("DOC", [escape(document.type ?? "") + ":110:111", escape(document.number ?? "")]))
            if let expiry = document.expiry { body.append(segment("DTM", ["36:\(compact(expiry))"])) }
            if let state = document.issuingState { body.append(segment("LOC", ["91", escape(state)])) }
        }
        return body
    }

    /// `TAG+e1+e2'` and a line break (ignored between segments by the parser, as by ISO 9735).
    static func segment(_ tag: String, _ elements: [String]) -> String {
        var trimmed = elements
        while trimmed.last == "" { trimmed.removeLast() }
        return ([tag] + trimmed).joined(separator: "+") + "'\n"
    }

    /// `YYYY-MM-DD` → `YYMMDD`, `YYYY-MM-DDTHH:MM` → `YYMMDDHHMM`.
    static func compact(_ iso: String) -> String {
        String(iso.filter { $0.isNumber }.dropFirst(2))
    }

    /// Puts the release character before every service character of the default set.
    static func escape(_ value: String) -> String {
        var out = ""
        for character in value {
            if character == "?" || character == "'" || character == "+" || character == ":" { out.append("?") }
            out.append(character)
        }
        return out
    }
}
