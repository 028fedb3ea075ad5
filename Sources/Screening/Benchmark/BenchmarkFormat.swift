/// The JSON Lines formats of the screening benchmark (`shared/bench/screening/README.md`):
/// alerts, traveller queries, truth pairs and predictions. Pure functions over one line each, so the
/// CLI only reads files and every rule here is tested.
public enum BenchmarkFormat {
    /// A traveller line: `{"id","surname","givenNames","birthDate","nationality","sex"}`.
    public struct Query: Hashable, Sendable {
        public var id: String
        public var person: PersonQuery
    }

    /// Parses an alert line. Field errors name the field; the caller adds the line number.
    public static func alert(fromLine line: some StringProtocol) throws(ScreeningError) -> Alert {
        let value = try JSONValue.parse(line)
        guard case .object = value else { throw ScreeningError(.malformedJSON, detail: "expected a JSON object") }
        let id = try requiredString(value, "id")
        let categoryText = try requiredString(value, "category")
        guard let category = AlertCategory(parsing: categoryText) else { throw ScreeningError(.unknownCategory, field: "category") }
        var names = [try personName(value, prefix: "")]
        if let aliases = value["aliases"] {
            guard case .array(let list) = aliases else { throw ScreeningError(.invalidValue, field: "aliases", detail: "expected an array") }
            for (index, alias) in list.prefix(64).enumerated() {
                guard case .object = alias else { throw ScreeningError(.invalidValue, field: "aliases[\(index)]", detail: "expected an object") }
                names.append(try personName(alias, prefix: "aliases[\(index)]."))
            }
        }
        let birthDate = try optionalDate(value, "birthDate")
        let nationality = try optionalString(value, "nationality").flatMap { $0.isEmpty ? nil : $0 }
        if let nationality, !NationalityCode.isWellFormed(nationality) {
            throw ScreeningError(.invalidCode, field: "nationality", detail: "expected an ICAO 9303 code of 1-3 letters")
        }
        let sexText = try optionalString(value, "sex") ?? ""
        guard let sex = Sex(parsing: sexText) else { throw ScreeningError(.invalidValue, field: "sex", detail: "expected M, F or U") }
        var documents: [DocumentReference] = []
        if let number = try optionalString(value, "documentNumber") {
            documents.append(DocumentReference(number: number, issuingState: try optionalString(value, "issuingState")))
        }
        var plates: [String] = []
        if let plate = try optionalString(value, "plate") { plates.append(plate) }
        let person = names.contains { !$0.isEmpty } || birthDate != nil
            ? AlertPerson(names: names.filter { !$0.isEmpty }, birthDate: birthDate, nationality: nationality, sex: sex) : nil
        let alert = Alert(id: id, category: category, person: person, documents: documents, plates: plates)
        try alert.validate()
        return alert
    }

    /// Parses a traveller line.
    public static func query(fromLine line: some StringProtocol) throws(ScreeningError) -> Query {
        let value = try JSONValue.parse(line)
        guard case .object = value else { throw ScreeningError(.malformedJSON, detail: "expected a JSON object") }
        let id = try requiredString(value, "id")
        let sexText = try optionalString(value, "sex") ?? ""
        guard let sex = Sex(parsing: sexText) else { throw ScreeningError(.invalidValue, field: "sex", detail: "expected M, F or U") }
        let person = PersonQuery(
            surname: try optionalString(value, "surname") ?? "",
            givenNames: try optionalString(value, "givenNames") ?? "",
            birthDate: try optionalDate(value, "birthDate"),
            nationality: try optionalString(value, "nationality").flatMap { $0.isEmpty ? nil : $0 },
            sex: sex
        )
        return Query(id: id, person: person)
    }

    /// Parses a truth line `{"query","alert","variation"}` into its pair.
    public static func truthPair(fromLine line: some StringProtocol) throws(ScreeningError) -> Pair {
        let value = try JSONValue.parse(line)
        return Pair(query: try requiredString(value, "query"), alert: try requiredString(value, "alert"))
    }

    /// One prediction line, as `score.py` reads it: `{"query":…,"alert":…,"score":0.9312}`.
    public static func predictionLine(query: String, alert: String, score: Double) -> String {
        let rounded = (min(max(score, 0), 1) * 10000).rounded() / 10000
        return "{\"query\":\(quoted(query)),\"alert\":\(quoted(alert)),\"score\":\(rounded)}"
    }

    /// A (query, alert) pair.
    public struct Pair: Hashable, Sendable {
        public var query: String
        public var alert: String
        public init(query: String, alert: String) {
            self.query = query
            self.alert = alert
        }
    }

    /// Recall, precision and F1 exactly as `score.py` computes them at the operating point:
    /// predictions are merged by pair; a pair is a true positive when it is in the truth.
    public struct Evaluation: Hashable, Sendable {
        public var truePositives: Int
        public var falsePositives: Int
        public var falseNegatives: Int
        public var recall: Double { truePositives + falseNegatives == 0 ? 0 : Double(truePositives) / Double(truePositives + falseNegatives) }
        public var precision: Double { truePositives + falsePositives == 0 ? 0 : Double(truePositives) / Double(truePositives + falsePositives) }
        public var f1: Double { recall + precision == 0 ? 0 : 2 * recall * precision / (recall + precision) }

        public init(truth: Set<Pair>, predictions: Set<Pair>) {
            truePositives = predictions.intersection(truth).count
            falsePositives = predictions.count - truePositives
            falseNegatives = truth.count - truePositives
        }
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    static func requiredString(_ value: JSONValue, _ field: String) throws(ScreeningError) -> String {
        guard let member = value[field] else { throw ScreeningError(.missingField, field: field) }
        guard let text = member.stringValue, !text.isEmpty else { throw ScreeningError(.invalidValue, field: field, detail: "expected a non-empty string") }
        return text
    }

    static func optionalString(_ value: JSONValue, _ field: String, prefix: String = "") throws(ScreeningError) -> String? {
        switch value[field] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        default: throw ScreeningError(.invalidValue, field: prefix + field, detail: "expected a string")
        }
    }

    static func optionalDate(_ value: JSONValue, _ field: String) throws(ScreeningError) -> BirthDate? {
        guard let text = try optionalString(value, field), !text.isEmpty else { return nil }
        guard let date = BirthDate(iso: text) else { throw ScreeningError(.invalidDate, field: field, detail: "expected YYYY-MM-DD, YYYY-MM or YYYY (00 or XX for an unknown day or month)") }
        return date
    }

    static func personName(_ value: JSONValue, prefix: String) throws(ScreeningError) -> PersonName {
        PersonName(
            surname: try optionalString(value, "surname", prefix: prefix) ?? "",
            givenNames: try optionalString(value, "givenNames", prefix: prefix) ?? "",
            patronymic: try optionalString(value, "patronymic", prefix: prefix)
        )
    }
}
