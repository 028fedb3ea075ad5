import Foundation
import Hummingbird
import Services
import Store
import TravelDocuments

extension APIBuilder {
    /// `POST /v1/documents/mrz`: the same JSON as `kordon mrz parse` (issue 4 item 7).
    ///
    /// Not audited: it reads and writes no register, it only checks the zone the caller already holds.
    /// Checks that look a traveller up (`/v1/checks`) are audited.
    func addDocumentRoutes() {
        let clock = services.clock
        add(
            .post, "/v1/documents/mrz", summary: "Read and validate an ICAO 9303 machine-readable zone",
            access: .policy(.read, .mrz),
            body: Schemas.object(
                [
                    ("mrz", ["oneOf": [Schemas.array(Schemas.string), Schemas.string]]),
                    ("lenient", ["type": "boolean", "description": "repair OCR confusions, reporting each repair"]),
                ],
                required: ["mrz"]
            ),
            response: Schemas.mrzReport
        ) { request, context, _ in
            struct Input: Decodable {
                var lines: [String]
                var lenient: Bool

                enum CodingKeys: String, CodingKey { case mrz, lenient }

                init(from decoder: any Decoder) throws {
                    let container = try decoder.container(keyedBy: CodingKeys.self)
                    if let lines = try? container.decode([String].self, forKey: .mrz) {
                        self.lines = lines
                    } else {
                        let text = try container.decode(String.self, forKey: .mrz)
                        self.lines = text.split(whereSeparator: \.isNewline).map(String.init)
                    }
                    lenient = try container.decodeIfPresent(Bool.self, forKey: .lenient) ?? false
                }
            }
            let input = try await JSONCoding.decode(Input.self, from: request, context: context)
            guard input.lines.count <= 5, input.lines.allSatisfy({ $0.utf8.count <= 200 }) else {
                throw ServiceError.invalid("mrz", "an MRZ has 2 or 3 lines of at most 44 characters")
            }
            let mode: MRZParseMode = input.lenient ? .lenient : .strict
            let result = MRZ.parse(input.lines, mode: mode, asOf: clock())
            return try JSONCoding.response(MRZReport(result, mode: mode))
        }
    }
}

extension Schemas {
    /// A parsed zone (`MRZReport`), the same JSON as `kordon mrz parse`: every field key present, null when the
    /// structure could not be read, so a client sees one shape.
    static let mrzReport: JSONValue = {
        let nullableString: JSONValue = ["type": ["string", "null"]]
        let position: [(String, JSONValue)] = [("field", string), ("line", integer), ("column", integer), ("message", string)]
        let problem = object(position + [("code", string)], required: ["code", "field", "line", "column", "message"])
        let repair = object(position + [("from", string), ("to", string)], required: ["field", "line", "column", "from", "to", "message"])
        let fields = [
            "documentCode", "issuingState", "surname", "givenNames", "documentNumber", "nationality", "birthDate", "expiryDate",
            "sex", "optionalData", "optionalData2", "birthDateISO", "expiryDateISO", "issuingStateName", "nationalityName",
        ]
        // Each check digit the format has; {} when the structure could not be read.
        let checks = object(
            [
                ("documentNumber", boolean), ("birthDate", boolean), ("expiryDate", boolean), ("optionalData", boolean),
                ("composite", boolean),
            ],
            required: []
        )
        // `repairs` only in lenient mode.
        let format: [(String, JSONValue)] = [("format", ["type": ["string", "null"], "description": "TD1, TD2, TD3, MRVA or MRVB"])]
        let texts: [(String, JSONValue)] = fields.map { ($0, nullableString) }
        let rest: [(String, JSONValue)] = [
            ("checks", checks), ("valid", boolean), ("problems", array(problem)), ("repairs", array(repair)),
            ("warnings", array(problem)),
        ]
        return object(format + texts + rest, required: ["format"] + fields + ["checks", "valid", "problems", "warnings"])
    }()
}
