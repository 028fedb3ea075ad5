/// The border check's bodies, typed (issue 12 item 5: the contract other agencies build against). Optional
/// members are left out of a response when they have no value.
extension Schemas {
    static let stringMap: JSONValue = ["type": "object", "additionalProperties": ["type": "string"]]

    static let checkReason = object(
        [
            ("code", string), ("severity", ["type": "string", "enum": ["info", "attention", "refusal"]]), ("text", string),
            ("refusalGround", string), ("arguments", stringMap),
        ],
        required: ["code", "severity", "text"]
    )

    /// A customs declaration reference (`Validate.customsReference`): sent with a crossing to the partner at a
    /// joint point.
    static let customsReference: JSONValue = [
        "type": "string", "minLength": 4, "maxLength": 35, "pattern": "^[A-Za-z0-9][A-Za-z0-9/-]*[A-Za-z0-9]$",
        "description": "The customs declaration the vehicle crosses under, e.g. MD-2026-000123",
        "examples": ["MD-2026-000123"],
    ]

    /// One line of why a hit matched (`CheckHit.ExplanationRow`), on a check's and on a manifest's hit alike.
    static let explanationRow = object(
        [("field", string), ("how", string), ("contribution", number)], required: ["field", "how", "contribution"]
    )

    static let checkHit = object(
        [
            ("alertId", string), ("category", string), ("action", ["type": "string", "enum": ["refuse", "arrest", "protect", "inform"]]),
            ("score", number), ("summary", string),
            ("explanation", array(explanationRow)),
            ("resolution", ["type": "string", "enum": ["confirmed", "false_positive"]]), ("reference", string), ("agency", string), ("reason", string),
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
            ("id", uuid), ("pointCode", string), ("direction", ["type": "string", "enum": ["entry", "exit"]]), ("createdAt", timestamp),
            ("recommendation", ["type": "string", "enum": ["clear", "refer"]]), ("status", ["type": "string", "enum": ["open", "referred", "decided"]]),
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
                    ("basis", ["type": "string", "enum": ["visa-free", "visa", "residence-permit", "protection", "none"]]), ("authorised", boolean),
                    ("daysUsed", integer), ("daysRemaining", integer), ("latestExit", date), ("overstayDays", integer),
                ],
                required: ["basis", "authorised", "daysUsed", "daysRemaining", "overstayDays"]
            )),
            ("history", object([("crossings", integer), ("refusals", integer), ("recent", array(crossing))], required: ["crossings", "refusals", "recent"])),
            ("prescreen", prescreen), ("face", faceVerification), ("plateRead", plateReading), ("plate", string),
            ("partnerCrossings", array(object(
                [
                    ("partner", string), ("country", string), ("pointCode", string), ("direction", ["type": "string", "enum": ["entry", "exit"]]),
                    ("decision", string), ("occurredAt", timestamp), ("plate", string), ("customsReference", customsReference),
                ],
                required: ["partner", "country", "pointCode", "direction", "occurredAt"]
            ))),
        ],
        required: ["id", "pointCode", "direction", "createdAt", "recommendation", "status", "document", "reasons", "hits", "history"]
    )

    /// A referred check as the second-line queue lists it (the stored record, `result` its card as JSON text).
    static let queuedCheck = object(
        [
            ("id", uuid), ("pointCode", string), ("direction", ["type": "string", "enum": ["entry", "exit"]]), ("officerId", uuid),
            ("agencyId", uuid), ("personId", uuid), ("documentId", uuid), ("surname", string), ("givenNames", string),
            ("nationality", string), ("documentNumber", string), ("mrzValid", boolean),
            ("recommendation", ["type": "string", "enum": ["clear", "refer"]]), ("status", ["type": "string", "enum": ["open", "referred", "decided"]]),
            ("hitCount", integer), ("result", string), ("createdAt", timestamp), ("takenBy", uuid), ("takenAt", timestamp),
        ],
        required: ["id", "pointCode", "direction", "status", "hitCount", "createdAt"]
    )

    /// A check with what second line needs beside it (`GET /v1/checks/{id}`).
    static let checkDetail = object(
        [
            ("check", checkResult), ("status", ["type": "string", "enum": ["open", "referred", "decided"]]), ("decision", ["type": "string", "enum": ["admit", "refuse"]]),
            ("decisionNote", string), ("crossingId", uuid), ("person", personRecord),
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

    /// The traveller's place on an advance passenger list (`CheckResult.Prescreen`): what analysts found before landing.
    static let prescreen = object(
        [
            ("flightId", uuid), ("flight", string), ("from", string), ("to", string), ("scheduledArrival", timestamp),
            ("hits", integer), ("openHits", integer), ("reviewedBy", array(string)), ("text", string),
        ],
        required: ["flightId", "flight", "to", "scheduledArrival", "hits", "openHits", "reviewedBy", "text"]
    )

    /// What the face worker saw in one image (`FaceVerification.FaceImage`).
    static let faceImage = object(
        [
            ("format", string), ("width", integer), ("height", integer), ("faces", integer),
            ("box", ["type": "array", "items": integer, "description": "x, y, width, height in image pixels"]),
            ("sharpness", number),
        ],
        required: ["format", "width", "height", "faces"]
    )

    /// A 1:1 comparison of the live face with the document's (`FaceVerification`), without the images.
    static let faceVerification = object(
        [
            ("outcome", enumeration(["match", "no_match", "cannot_tell"])),
            ("distance", ["type": "number", "description": "Distance of the two face descriptors; absent when not compared"]),
            ("threshold", number),
            ("reason", ["type": "string", "description": "Why not compared: no_face, several_faces, too_small, too_blurred"]),
            ("image", ["type": "string", "description": "Which image the reason concerns: live or reference"]),
            ("detail", string), ("ms", number), ("live", faceImage), ("reference", faceImage),
        ],
        required: ["outcome", "threshold", "ms", "live", "reference"]
    )

    /// A number plate read from a camera frame (`PlateReading`).
    static let plateReading = object(
        [
            ("text", string), ("normalized", string), ("country", string), ("confidence", number),
            ("box", ["type": "array", "items": integer, "description": "x, y, width, height in frame pixels"]),
            ("ms", number),
        ],
        required: ["text", "normalized", "country", "confidence", "box", "ms"]
    )

    /// A person as stored (`Person`), as second line sees it beside a check.
    static let personRecord = object(
        [
            ("id", uuid), ("surname", string), ("givenNames", string), ("birthDate", birthDate), ("sex", string),
            ("nationality", string), ("createdByAgency", uuid), ("createdAt", timestamp),
        ],
        required: ["id", "surname", "givenNames", "sex", "nationality"]
    )
}
