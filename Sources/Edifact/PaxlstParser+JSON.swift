import Foundation

// MARK: - JSON manifests

extension PaxlstParser {
    /// Parses a manifest sent as JSON in the shape ``Manifest`` encodes (shared/testdata/paxlst/*.expected.json).
    ///
    /// Missing keys count as `null`/empty. The same caps as for EDIFACT apply, and dates must be ISO 8601
    /// (`YYYY-MM-DD`; flight times `YYYY-MM-DDTHH:MM`); problems carry a JSON path instead of a segment.
    public func parseJSON(_ bytes: [UInt8]) -> PaxlstParseResult {
        func rejected(_ problem: EdifactError) -> PaxlstParseResult {
            PaxlstParseResult(manifest: Manifest(), problems: [problem], rejection: problem, complete: false)
        }
        guard bytes.count <= limits.maxInputBytes else {
            return rejected(EdifactError(
                .limitExceeded, message: "input is \(bytes.count) bytes, more than \(limits.maxInputBytes)"))
        }
        let manifest: Manifest
        do {
            manifest = try JSONDecoder().decode(Manifest.self, from: Data(bytes))
        } catch let error as DecodingError {
            return rejected(Self.problem(error))
        } catch {
            return rejected(EdifactError(.invalidJSON, path: "$", message: "not a JSON manifest"))
        }
        // JSON is our own format, written by programs: a value that breaks it rejects the manifest.
        let problems = validate(manifest)
        return PaxlstParseResult(
            manifest: manifest, problems: problems, rejection: problems.first { $0.severity == .error })
    }

    /// Checks a manifest that did not come from EDIFACT: caps, value lengths, ISO 8601 dates, codes.
    public func validate(_ manifest: Manifest) -> [EdifactError] {
        var problems: [EdifactError] = []
        func add(_ code: EdifactError.Code, _ severity: EdifactError.Severity, _ path: String, _ text: String) {
            problems.append(EdifactError(code, severity, path: path, message: text))
        }
        func add(_ code: EdifactError.Code, _ path: String, _ text: String) { add(code, .error, path, text) }
        func check(_ value: String?, _ path: String) {
            if let value, value.utf8.count > limits.maxValueBytes {
                add(.limitExceeded, path, "value longer than \(limits.maxValueBytes) bytes")
            }
        }
        func date(_ value: String?, _ path: String, time: Bool) {
            check(value, path)
            if let value, !EdifactDate.isValidISO(value, time: time) {
                let format = time ? "date and time YYYY-MM-DDTHH:MM" : "date YYYY-MM-DD"
                add(.invalidDate, path, "not an ISO 8601 " + format)
            }
        }
        guard manifest.messages.count <= limits.maxMessages else {
            add(.limitExceeded, "messages", "more than \(limits.maxMessages) messages")
            return problems
        }
        check(manifest.interchange.sender, "interchange.sender")
        check(manifest.interchange.recipient, "interchange.recipient")
        check(manifest.interchange.controlRef, "interchange.controlRef")
        if manifest.messages.isEmpty { add(.missingHeader, "messages", "a manifest has at least one message") }
        for (m, message) in manifest.messages.enumerated() {
            let mp = "messages[\(m)]"
            check(message.messageRef, mp + ".messageRef")
            check(message.documentCode, mp + ".documentCode")
            guard message.flights.count <= limits.maxFlightsPerMessage else {
                add(.limitExceeded, mp + ".flights", "more than \(limits.maxFlightsPerMessage) flight legs")
                return problems
            }
            guard message.travellers.count <= limits.maxTravellersPerMessage else {
                add(.limitExceeded, mp + ".travellers", "more than \(limits.maxTravellersPerMessage) travellers")
                return problems
            }
            for (f, flight) in message.flights.enumerated() {
                let fp = mp + ".flights[\(f)]"
                check(flight.flightNumber, fp + ".flightNumber")
                check(flight.carrier, fp + ".carrier")
                check(flight.departurePort, fp + ".departurePort")
                check(flight.arrivalPort, fp + ".arrivalPort")
                date(flight.departureDateTime, fp + ".departureDateTime", time: true)
                date(flight.arrivalDateTime, fp + ".arrivalDateTime", time: true)
            }
            for (t, traveller) in message.travellers.enumerated() {
                let tp = mp + ".travellers[\(t)]"
                for (key, value) in [
                    ("nadQualifier", traveller.nadQualifier), ("surname", traveller.surname),
                    ("givenNames", traveller.givenNames), ("sex", traveller.sex),
                    ("nationality", traveller.nationality), ("portOfEmbarkation", traveller.portOfEmbarkation),
                    ("portOfDebarkation", traveller.portOfDebarkation), ("clearancePort", traveller.clearancePort),
                    ("bookingRef", traveller.bookingRef),
                ] { check(value, tp + "." + key) }
                if traveller.givenNameComponents.count > limits.maxComponentsPerElement {
                    add(.limitExceeded, tp + ".givenNameComponents", "too many name components")
                }
                let components = traveller.givenNameComponents.prefix(limits.maxComponentsPerElement)
                for (c, component) in components.enumerated() {
                    check(component, tp + ".givenNameComponents[\(c)]")
                }
                check(traveller.birthDate, tp + ".birthDate")
                if let birth = traveller.birthDate, !EdifactDate.isValidBirthISO(birth) {
                    add(.invalidDate, tp + ".birthDate", "not an ISO 8601 date YYYY-MM-DD, YYYY-MM or YYYY (00 or XX for an unknown day or month)")
                }
                if let sex = traveller.sex, !["M", "F", "U", "X"].contains(sex) {
                    add(.invalidValue, .warning, tp + ".sex", "sex code is not M, F, U or X")
                }
                guard traveller.documents.count <= limits.maxDocumentsPerTraveller else {
                    add(.limitExceeded, tp + ".documents", "more than \(limits.maxDocumentsPerTraveller) documents")
                    continue
                }
                for (d, document) in traveller.documents.enumerated() {
                    let dp = tp + ".documents[\(d)]"
                    check(document.type, dp + ".type")
                    check(document.number, dp + ".number")
                    check(document.issuingState, dp + ".issuingState")
                    date(document.expiry, dp + ".expiry", time: false)
                }
            }
        }
        return problems
    }

    /// A decoding failure as a problem with the JSON path it happened at.
    static func problem(_ error: DecodingError) -> EdifactError {
        func path(_ keys: [any CodingKey]) -> String {
            var text = ""
            for key in keys {
                if let i = key.intValue {
                    text += "[\(i)]"
                } else {
                    text += (text.isEmpty ? "" : ".") + key.stringValue
                }
            }
            return text.isEmpty ? "$" : text
        }
        switch error {
        case .typeMismatch(let type, let context):
            return EdifactError(.invalidJSON, path: path(context.codingPath), message: "expected \(type)")
        case .valueNotFound(let type, let context):
            return EdifactError(.invalidJSON, path: path(context.codingPath), message: "missing \(type)")
        case .keyNotFound(let key, let context):
            return EdifactError(.invalidJSON, path: path(context.codingPath + [key]), message: "missing key")
        case .dataCorrupted(let context):
            return EdifactError(.invalidJSON, path: path(context.codingPath), message: "not valid JSON here")
        @unknown default:
            return EdifactError(.invalidJSON, path: "$", message: "not a JSON manifest")
        }
    }
}
