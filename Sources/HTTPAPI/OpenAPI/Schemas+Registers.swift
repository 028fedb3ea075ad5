import Services
import Store

/// The registers of foreigners (issue 11): each register's fields, typed, so other agencies build against them.
extension Schemas {
    static func enumeration(_ values: [String]) -> JSONValue { ["type": "string", "enum": .array(values.map { .string($0) })] }
    static let integer: JSONValue = ["type": "integer"]
    static let boolean: JSONValue = ["type": "boolean"]
    static let number: JSONValue = ["type": "number"]

    static func details(_ register: Register) -> JSONValue {
        switch register {
        case .residencePermit:
            object(
                [
                    ("permitType", enumeration(["temporary", "permanent"])),
                    ("purpose", enumeration(["work", "study", "family", "investment", "religion", "volunteering", "humanitarian", "other"])),
                    ("cardNumber", string), ("validFrom", date), ("validUntil", date), ("issuingAuthority", string),
                ],
                required: ["permitType", "purpose", "cardNumber", "validFrom"]
            )
        case .asylum:
            object(
                [
                    ("appliedOn", date), ("placeOfApplication", string),
                    ("steps", array(object(
                        [
                            ("kind", enumeration(["decision", "appeal"])), ("date", date), ("authority", string),
                            ("outcome", enumeration([
                                "granted_refugee", "granted_complementary", "granted_temporary", "rejected", "pending",
                                "upheld", "overturned", "withdrawn", "ceased",
                            ])),
                            ("protectionUntil", date),
                        ],
                        required: ["kind", "date", "authority", "outcome"]
                    ))),
                ],
                required: ["appliedOn", "steps"]
            )
        case .irregularMigrant:
            object(
                [
                    ("apprehendedOn", date), ("place", string), ("unit", string),
                    ("identifiedBy", enumeration(["document", "biometrics", "statement", "consular_confirmation", "other"])),
                    ("statedNationality", string), ("establishedNationality", string),
                    ("outcomes", array(object(
                        [
                            ("kind", enumeration(["return", "readmission_request", "detention", "asylum_claim", "release"])),
                            ("date", date), ("toState", string), ("note", string),
                        ],
                        required: ["kind", "date"]
                    ))),
                ],
                required: ["apprehendedOn", "place", "unit", "identifiedBy", "outcomes"]
            )
        case .citizenship:
            object(
                [
                    ("change", enumeration(["acquired", "terminated"])), ("effectiveOn", date), ("basis", string),
                    ("decisionReference", string),
                ],
                required: ["change", "effectiveOn", "basis"]
            )
        case .offence:
            object(
                [
                    ("article", string), ("committedOn", date), ("decidedOn", date),
                    ("decision", enumeration(["fine", "warning", "expulsion", "dismissed"])),
                    ("fineAmount", integer), ("paid", boolean), ("paidOn", date),
                ],
                required: ["article", "committedOn", "paid"]
            )
        case .entryBan:
            object(
                [("bannedFrom", date), ("bannedUntil", date), ("reason", string), ("authority", string)],
                required: ["bannedFrom", "bannedUntil", "reason", "authority"]
            )
        case .visa:
            object(
                [
                    ("visaType", enumeration(["short_stay", "long_stay"])), ("visaNumber", string),
                    ("entries", enumeration(["single", "double", "multiple"])), ("validFrom", date), ("validUntil", date),
                    ("durationOfStay", integer), ("issuedAt", string),
                ],
                required: ["visaType", "visaNumber", "entries", "validFrom", "validUntil"]
            )
        }
    }

    static let registerSubject = object(
        [
            ("surname", ["type": "string", "description": "As the record writes it, in any script"]),
            ("givenNames", string),
            ("birthDate", ["type": "string", "description": "YYYY-MM-DD, YYYY-MM or YYYY"]),
            ("nationality", string), ("sex", enumeration(["M", "F", "X"])),
            ("document", object([("documentCode", string), ("number", string), ("issuingState", string)], required: ["number", "issuingState"])),
        ],
        required: ["surname"]
    )

    static func newRegisterRecord(_ register: Register) -> JSONValue {
        object(
            [
                ("register", enumeration([register.rawValue])), ("personId", uuid), ("subject", registerSubject),
                ("details", details(register)),
            ],
            required: ["register", "details"]
        )
    }

    static func registerAmendment(_ register: Register) -> JSONValue {
        object(
            [
                ("register", enumeration([register.rawValue])), ("version", integer), ("reason", string),
                ("details", details(register)),
            ],
            required: ["register", "version", "reason", "details"]
        )
    }

    static let registerEnding = object(
        [("version", integer), ("endedOn", date), ("reason", string)], required: ["version", "endedOn", "reason"]
    )

    static func registerRecordProperties(_ register: Register) -> [(String, JSONValue)] {
        [
            ("id", uuid), ("register", enumeration([register.rawValue])), ("personId", uuid), ("agencyId", uuid),
            ("status", enumeration(["active", "ended"])), ("validFrom", date), ("validUntil", date), ("endedOn", date),
            ("endReason", string),
            ("link", enumeration(["given", "document", "matched", "created", "queued", "reviewed"])),
            ("version", integer), ("details", details(register)), ("subject", registerSubject),
            ("createdAt", timestamp), ("createdBy", uuid), ("updatedAt", timestamp), ("updatedBy", uuid),
            ("reviewId", uuid),
        ]
    }

    static let registerRecordRequired = ["id", "register", "personId", "agencyId", "status", "link", "version"]

    static func registerRecord(_ register: Register) -> JSONValue {
        object(registerRecordProperties(register), required: registerRecordRequired)
    }

    /// The record's fields and its `history` (every version, who and why).
    static func registerRecordDetail(_ register: Register) -> JSONValue {
        let history = array(object(
            [
                ("version", integer), ("change", enumeration(["created", "amended", "ended"])), ("reason", string),
                ("status", string), ("validFrom", date), ("validUntil", date), ("officerId", uuid),
                ("changedAt", timestamp),
            ],
            required: ["version", "change", "status", "officerId", "changedAt"]
        ))
        return object(registerRecordProperties(register) + [("history", history)], required: registerRecordRequired)
    }

    static let personSummary = object(
        [
            ("id", uuid), ("surname", string), ("givenNames", string), ("birthDate", string), ("sex", string),
            ("nationality", string),
        ],
        required: ["id", "surname", "givenNames", "sex", "nationality"]
    )

    static let personSearchResult = object(
        [
            ("person", personSummary), ("otherNames", array(string)), ("documents", array(string)), ("score", number),
            ("why", array(string)),
        ],
        required: ["person", "otherNames", "documents", "score", "why"]
    )

    static let personMerge = object(
        [
            ("id", uuid), ("survivorId", uuid), ("mergedId", uuid), ("reason", string),
            ("moved", ["type": "object", "additionalProperties": array(string)]), ("officerId", uuid),
            ("agencyId", uuid), ("mergedAt", timestamp), ("splitAt", timestamp), ("splitBy", uuid), ("splitReason", string),
        ],
        required: ["id", "survivorId", "mergedId", "reason", "moved", "mergedAt"]
    )

    static let timeline = object(
        [
            ("person", personSummary), ("otherNames", array(string)),
            ("entries", array(object(
                [
                    ("kind", string), ("at", timestamp), ("day", date), ("title", string), ("detail", string),
                    ("agencyId", uuid), ("recordId", uuid), ("status", string),
                    ("arguments", ["type": "object", "additionalProperties": string, "description": "The values in title and detail, by name, for a console to word in the reader's language"]),
                ],
                required: ["kind", "at", "day", "title", "recordId"]
            ))),
            ("hidden", array(string)), ("merges", array(personMerge)), ("documents", array(document)),
            ("authorisations", array(object([("kind", string), ("validFrom", date), ("validUntil", date)], required: ["kind", "validFrom"]))),
        ],
        required: ["person", "entries", "hidden", "merges"]
    )

    static let identityReview = object(
        [
            ("id", uuid), ("recordId", uuid), ("personId", uuid), ("candidateId", uuid), ("score", number),
            ("evidence", array(string)), ("status", enumeration(["open", "linked", "kept_apart"])),
            ("createdAt", timestamp), ("decidedAt", timestamp), ("decidedBy", uuid), ("note", string),
        ],
        required: ["id", "recordId", "personId", "candidateId", "score", "evidence", "status", "createdAt"]
    )

    static let identityReviewView = object(
        [
            ("review", identityReview), ("recordRegister", string), ("person", personSummary),
            ("personDocuments", array(string)), ("candidate", personSummary), ("candidateDocuments", array(string)),
            ("candidateNames", array(string)),
        ],
        required: ["review", "personDocuments", "candidateDocuments", "candidateNames"]
    )
}
