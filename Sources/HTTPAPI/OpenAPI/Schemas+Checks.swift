/// The border check's bodies, typed (issue 12 item 5: the contract other agencies build against). Optional
/// members are left out of a response when they have no value.
extension Schemas {
    static let stringMap: JSONValue = ["type": "object", "additionalProperties": ["type": "string"]]

    static let checkReason = object(
        [
            ("code", string), ("severity", ["enum": ["info", "attention", "refusal"]]), ("text", string),
            ("refusalGround", string), ("arguments", stringMap),
        ],
        required: ["code", "severity", "text"]
    )

    static let checkHit = object(
        [
            ("alertId", string), ("category", string), ("action", ["enum": ["refuse", "arrest", "protect", "inform"]]),
            ("score", number), ("summary", string),
            ("explanation", array(object([("field", string), ("how", string), ("contribution", number)], required: ["field", "how", "contribution"]))),
            ("resolution", ["enum": ["confirmed", "false_positive"]]), ("reference", string), ("agency", string), ("reason", string),
            ("subject", object(
                [
                    ("name", string), ("otherNames", array(string)), ("birthDate", string), ("nationality", string),
                    ("document", string), ("plate", string), ("agencyName", string), ("validUntil", timestamp),
                ],
                required: ["otherNames"]
            )),
        ],
        required: ["alertId", "category", "score", "summary", "explanation"]
    )

    static let checkResult = object(
        [
            ("id", uuid), ("pointCode", string), ("direction", ["enum": ["entry", "exit"]]), ("createdAt", timestamp),
            ("recommendation", ["enum": ["clear", "refer"]]), ("status", ["enum": ["open", "referred", "decided"]]),
            ("document", object(
                [
                    ("format", string), ("documentCode", string), ("issuingState", string), ("documentNumber", string),
                    ("surname", string), ("givenNames", string), ("nationality", string), ("sex", string),
                    ("birthDate", string), ("expiryDate", string), ("mrzValid", boolean),
                    ("problems", array(object(
                        [("field", string), ("line", integer), ("column", integer), ("message", string)], required: ["field", "message"]
                    ))),
                ],
                required: ["mrzValid", "problems"]
            )),
            ("personId", uuid), ("reasons", array(checkReason)), ("hits", array(checkHit)),
            ("stay", object(
                [
                    ("basis", ["enum": ["visa-free", "visa", "residence-permit", "protection", "none"]]), ("authorised", boolean),
                    ("daysUsed", integer), ("daysRemaining", integer), ("latestExit", date), ("overstayDays", integer),
                ],
                required: ["basis", "authorised", "daysUsed", "daysRemaining", "overstayDays"]
            )),
            ("history", object([("crossings", integer), ("refusals", integer), ("recent", array(crossing))], required: ["crossings", "refusals", "recent"])),
            ("prescreen", object), ("face", object), ("plateRead", object), ("plate", string),
            ("partnerCrossings", array(object(
                [
                    ("partner", string), ("country", string), ("pointCode", string), ("direction", ["enum": ["entry", "exit"]]),
                    ("decision", string), ("occurredAt", timestamp), ("plate", string),
                ],
                required: ["partner", "country", "pointCode", "direction", "occurredAt"]
            ))),
        ],
        required: ["id", "pointCode", "direction", "createdAt", "recommendation", "status", "document", "reasons", "hits", "history"]
    )

    /// A referred check as the second-line queue lists it (the stored record, `result` its card as JSON text).
    static let queuedCheck = object(
        [
            ("id", uuid), ("pointCode", string), ("direction", ["enum": ["entry", "exit"]]), ("officerId", uuid),
            ("agencyId", uuid), ("personId", uuid), ("documentId", uuid), ("surname", string), ("givenNames", string),
            ("nationality", string), ("documentNumber", string), ("mrzValid", boolean),
            ("recommendation", ["enum": ["clear", "refer"]]), ("status", ["enum": ["open", "referred", "decided"]]),
            ("hitCount", integer), ("result", string), ("createdAt", timestamp), ("takenBy", uuid), ("takenAt", timestamp),
        ],
        required: ["id", "pointCode", "direction", "status", "hitCount", "createdAt"]
    )

    /// A check with what second line needs beside it (`GET /v1/checks/{id}`).
    static let checkDetail = object(
        [
            ("check", checkResult), ("status", ["enum": ["open", "referred", "decided"]]), ("decision", ["enum": ["admit", "refuse"]]),
            ("decisionNote", string), ("crossingId", uuid), ("person", object),
            ("timeline", array(object([("at", string), ("kind", string), ("text", string)], required: ["at", "kind", "text"]))),
            ("decidedBy", string), ("decidedAt", timestamp),
            ("rules", object(
                [("secondLineOnly", boolean), ("openHits", integer), ("refusalOnly", boolean), ("suggestedReasons", array(string))],
                required: ["secondLineOnly", "openHits", "refusalOnly", "suggestedReasons"]
            )),
            ("decisionReasons", array(string)),
        ],
        required: ["check", "status", "timeline", "decisionReasons"]
    )

    static let overstayer = object(
        [
            ("personId", uuid), ("surname", string), ("givenNames", string), ("nationality", string), ("entryPoint", string),
            ("entered", date), ("authorisedUntil", date), ("basis", string), ("daysOver", integer),
        ],
        required: ["personId", "surname", "givenNames", "nationality", "entryPoint", "entered", "basis", "daysOver"]
    )

    static let checkOwnership = object(
        [("checkId", uuid), ("takenBy", uuid), ("takenByName", string), ("takenAt", timestamp)],
        required: ["checkId"]
    )
}
