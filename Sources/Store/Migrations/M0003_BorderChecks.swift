/// 0003: border checks and their decisions, stay authorisations, the visa-free list.
///
/// A check keeps its full result as JSON (`result`): what the officer saw is what was recorded, even
/// after the watchlists or the rules change. The queue and statistics read the flat columns.
let m0003BorderChecks = Migration(
    version: 3,
    name: "border_checks",
    statements: [
        """
        CREATE TABLE visa_free_nationality (
            nationality TEXT PRIMARY KEY,
            max_days INTEGER NOT NULL,
            note TEXT NOT NULL,
            updated_at {timestamp} NOT NULL
        )
        """,
        """
        CREATE TABLE authorisation (
            id {uuid} PRIMARY KEY,
            person_id {uuid} NOT NULL REFERENCES person(id),
            kind TEXT NOT NULL CHECK (kind IN ('visa', 'residence_permit', 'protection')),
            valid_from TEXT NOT NULL,
            valid_until TEXT,
            details TEXT NOT NULL,
            issued_by_agency {uuid} NOT NULL REFERENCES agency(id),
            created_at {timestamp} NOT NULL
        )
        """,
        "CREATE INDEX authorisation_person ON authorisation (person_id)",
        """
        CREATE TABLE border_check (
            id {uuid} PRIMARY KEY,
            point_code TEXT NOT NULL REFERENCES crossing_point(code),
            direction TEXT NOT NULL CHECK (direction IN ('entry', 'exit')),
            officer_id {uuid} NOT NULL REFERENCES officer(id),
            agency_id {uuid} NOT NULL REFERENCES agency(id),
            person_id {uuid} REFERENCES person(id),
            document_id {uuid} REFERENCES travel_document(id),
            surname TEXT,
            given_names TEXT,
            nationality TEXT,
            document_number TEXT,
            mrz_valid {bool} NOT NULL,
            recommendation TEXT NOT NULL CHECK (recommendation IN ('clear', 'refer')),
            status TEXT NOT NULL CHECK (status IN ('open', 'referred', 'decided')),
            hit_count INTEGER NOT NULL,
            result TEXT NOT NULL,
            created_at {timestamp} NOT NULL,
            decided_at {timestamp},
            decided_by {uuid},
            decision TEXT,
            decision_note TEXT,
            decision_sha256 TEXT,
            crossing_id {uuid} REFERENCES crossing(id)
        )
        """,
        "CREATE INDEX border_check_queue ON border_check (point_code, status, created_at)",
        "CREATE INDEX border_check_person ON border_check (person_id, created_at)",
        """
        CREATE TABLE check_hit_resolution (
            check_id {uuid} NOT NULL REFERENCES border_check(id),
            alert_id TEXT NOT NULL,
            resolution TEXT NOT NULL CHECK (resolution IN ('confirmed', 'false_positive')),
            officer_id {uuid} NOT NULL,
            note TEXT NOT NULL,
            resolved_at {timestamp} NOT NULL,
            PRIMARY KEY (check_id, alert_id)
        )
        """,
    ]
)
