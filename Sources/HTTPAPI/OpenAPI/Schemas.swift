import Store
/// JSON Schemas of the API's bodies, written next to each other so a reviewer sees them at once.
enum Schemas {
    static let uuid: JSONValue = ["type": "string", "format": "uuid"]
    static let timestamp: JSONValue = ["type": "string", "format": "date-time"]
    static let date: JSONValue = ["type": "string", "format": "date"]
    static let string: JSONValue = ["type": "string"]

    static func array(_ items: JSONValue) -> JSONValue { ["type": "array", "items": items] }

    static func object(_ properties: [(String, JSONValue)], required: [String]) -> JSONValue {
        [
            "type": "object", "properties": .object(properties),
            "required": .array(required.map { .string($0) }),
        ]
    }

    static func page(_ items: JSONValue) -> JSONValue {
        object([("items", array(items)), ("nextCursor", ["type": ["string", "null"]])], required: ["items"])
    }

    static let problem = object(
        [
            ("type", string), ("title", string), ("status", ["type": "integer"]), ("detail", string),
            ("field", string), ("requestId", string),
        ],
        required: ["type", "title", "status", "detail"]
    )

    static let agency = object(
        [("id", uuid), ("code", string), ("name", string), ("country", string), ("kind", string), ("createdAt", timestamp)],
        required: ["id", "code", "name", "country", "kind"]
    )

    static let newAgency = object(
        [
            ("code", string), ("name", string), ("country", ["type": "string", "description": "ICAO 9303 code"]),
            ("kind", ["type": "string", "enum": ["border_guard", "migration_service", "foreign_affairs", "police", "customs", "partner", "other"]]),
        ],
        required: ["code", "name", "country", "kind"]
    )

    static let role: JSONValue = ["type": "string", "enum": .array(Role.allCases.map { .string($0.rawValue) })]

    static let officer = object(
        [("id", uuid), ("agencyId", uuid), ("name", string), ("role", role), ("active", ["type": "boolean"])],
        required: ["id", "agencyId", "name", "role"]
    )

    static let newOfficer = object([("name", string), ("role", role)], required: ["name", "role"])

    static let issuedToken = object(
        [("officer", officer), ("token", ["type": "string", "description": "Shown once; stored only as SHA-256"])],
        required: ["officer", "token"]
    )

    static let newToken = object([("label", string)], required: ["label"])

    static let enrolment = object(
        [
            ("officer", officer),
            ("enrolmentCode", ["type": "string", "description": "One-time; the officer exchanges it at POST /v1/enrolment for his own token"]),
            ("expiresAt", timestamp),
        ],
        required: ["officer", "enrolmentCode", "expiresAt"]
    )

    static let redeem = object([("enrolmentCode", string), ("label", string)], required: ["enrolmentCode", "label"])

    static let credential = object(
        [
            ("id", uuid), ("officerId", uuid), ("label", string), ("createdAt", timestamp), ("expiresAt", timestamp),
            ("lastUsedAt", timestamp), ("revokedAt", timestamp),
            ("issuedBy", ["type": "string", "format": "uuid", "description": "Who issued it, when not the officer himself"]),
        ],
        required: ["id", "officerId", "label", "createdAt"]
    )

    static let crossingPoint = object(
        [
            ("code", string), ("nameUk", string), ("nameLatin", string), ("kind", string), ("neighbour", string),
            ("partnerPoint", string), ("latitude", ["type": "number"]), ("longitude", ["type": "number"]),
            ("status", string), ("jointControl", ["type": ["boolean", "null"]]), ("verified", ["type": "boolean"]),
        ],
        required: ["code", "nameUk", "nameLatin", "kind", "status"]
    )

    static let newDocument = object(
        [
            ("documentCode", string), ("issuingState", string), ("number", string), ("expiryDate", date),
            ("mrz", array(string)),
        ],
        required: ["documentCode", "issuingState", "number"]
    )

    static let document = object(
        [
            ("id", uuid), ("personId", uuid), ("documentCode", string), ("issuingState", string), ("number", string),
            ("expiryDate", date), ("mrz", array(string)), ("createdAt", timestamp),
        ],
        required: ["id", "personId", "documentCode", "issuingState", "number"]
    )

    /// A birth date of any precision, the same everywhere one is read or written (persons, alerts, imports,
    /// screening queries, manifests).
    static let birthDate: JSONValue = [
        "type": "string",
        "pattern": "^[0-9]{4}(-([0-9]{2}|XX|xx)(-([0-9]{2}|XX|xx))?)?$",
        "description": "YYYY-MM-DD, YYYY-MM or YYYY; 00 or XX for an unknown day or month (1997-10-00, 1997-XX-XX). Stored and answered in the reduced form (1997-10-XX as 1997-10, 1997-XX-XX as 1997).",
        "examples": ["1979-11-02", "1997-10", "1984", "1997-10-XX"],
    ]

    static let newPerson = object(
        [
            ("surname", string), ("givenNames", string),
            ("birthDate", birthDate),
            ("sex", ["type": "string", "enum": ["M", "F", "X"]]), ("nationality", string), ("documents", array(newDocument)),
        ],
        required: ["surname", "givenNames", "sex", "nationality"]
    )

    static let person = object(
        [
            ("person", object(
                [
                    ("id", uuid), ("surname", string), ("givenNames", string), ("birthDate", birthDate), ("sex", string),
                    ("nationality", string),
                ],
                required: ["id", "surname", "givenNames", "sex", "nationality"]
            )),
            ("documents", array(document)),
        ],
        required: ["person", "documents"]
    )

    static let newCrossing = object(
        [
            ("personId", uuid), ("documentId", uuid), ("pointCode", string), ("direction", ["type": "string", "enum": ["entry", "exit"]]),
            ("occurredAt", timestamp), ("decision", ["type": "string", "enum": ["admitted", "refused"]]), ("refusalReasons", array(string)),
        ],
        required: ["personId", "pointCode", "direction", "decision"]
    )

    static let crossing = object(
        [
            ("id", uuid), ("personId", uuid), ("documentId", uuid), ("pointCode", string),
            ("direction", ["type": "string", "enum": ["entry", "exit"]]), ("occurredAt", timestamp), ("officerId", uuid),
            ("agencyId", uuid), ("decision", ["type": "string", "enum": ["admitted", "refused"]]), ("refusalReasons", array(string)),
            ("recordedAt", timestamp),
        ],
        required: ["id", "personId", "pointCode", "direction", "occurredAt", "decision"]
    )

    static let auditEntry = object(
        [
            ("seq", ["type": "integer"]), ("id", uuid), ("occurredAtMs", ["type": "integer"]), ("officerId", uuid),
            ("agencyId", uuid), ("requestId", string), ("purpose", string), ("action", string),
            ("resourceType", string), ("resourceIds", array(string)), ("personIds", array(uuid)),
            ("prevHash", string), ("entryHash", string),
            ("credentialId", ["type": "string", "description": "The credential used: token:<id>, session:<hash prefix>, cli"]),
            ("subject", ["type": "string", "description": "For administrative acts: whom the act concerns (officer:<id>)"]),
        ],
        required: ["seq", "id", "occurredAtMs", "purpose", "action", "prevHash", "entryHash"]
    )

    static let health = object([("status", string), ("database", string)], required: ["status"])
}

extension Schemas {
    /// The body of both hit reviews (a border check's, a manifest's): the same decision either way.
    static let hitResolution = object(
        [("resolution", ["type": "string", "enum": ["confirmed", "false_positive"]]), ("note", string)], required: ["resolution"]
    )
}

/// What a second-line officer says of a hit (`Schemas.hitResolution`).
struct HitResolutionInput: Decodable {
    var resolution: String
    var note: String?
}
