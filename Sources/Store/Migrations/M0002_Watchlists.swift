/// 0002: watchlists (issue 5): alerts, the change log that keeps every process's screening index
/// current, and remembered false positives.
///
/// - `alert.version` starts at 1 and grows by one on every change (update, withdrawal); a dismissal
///   remembers the version it was made against and lapses when the alert changes.
/// - `alert_change` gets one row per change, in commit order as far as the sequence allows; other
///   processes poll it (`seq > last seen`) and re-read the alert, so a lost or repeated row is harmless.
/// - Person data is kept as entered, in any script; `aliases` is a JSON array of
///   `{"surname","givenNames","patronymic"}`. `birth_date` is `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
/// - `reference` is the issuing agency's own identifier (the import file's `id`), unique per agency.
let m0002Watchlists = Migration(
    version: 2,
    name: "watchlists",
    statements: [
        """
        CREATE TABLE alert (
            id {uuid} PRIMARY KEY,
            reference TEXT,
            category TEXT NOT NULL CHECK (category IN
                ('entry_ban', 'wanted_person', 'missing_person', 'lost_stolen_document', 'stolen_vehicle')),
            agency_id {uuid} NOT NULL REFERENCES agency(id),
            valid_from {timestamp} NOT NULL,
            valid_until {timestamp},
            reason TEXT NOT NULL,
            action TEXT NOT NULL CHECK (action IN ('refuse', 'arrest', 'protect', 'inform')),
            surname TEXT,
            given_names TEXT,
            patronymic TEXT,
            aliases TEXT NOT NULL,
            birth_date TEXT,
            nationality TEXT,
            sex TEXT NOT NULL CHECK (sex IN ('M', 'F', 'X')),
            document_number TEXT,
            issuing_state TEXT,
            plate TEXT,
            status TEXT NOT NULL CHECK (status IN ('active', 'withdrawn')),
            version INTEGER NOT NULL,
            created_at {timestamp} NOT NULL,
            updated_at {timestamp} NOT NULL,
            UNIQUE (agency_id, reference)
        )
        """,
        "CREATE INDEX alert_category ON alert (category, id)",
        "CREATE INDEX alert_agency ON alert (agency_id, id)",
        "CREATE INDEX alert_document ON alert (document_number)",
        """
        CREATE TABLE alert_change (
            seq {serial},
            alert_id {uuid} NOT NULL,
            version INTEGER NOT NULL,
            changed_at {timestamp} NOT NULL
        )
        """,
        """
        CREATE TABLE screening_dismissal (
            seq {serial},
            id {uuid} NOT NULL UNIQUE,
            subject_key TEXT NOT NULL,
            alert_id {uuid} NOT NULL REFERENCES alert(id),
            alert_version INTEGER NOT NULL,
            officer_id {uuid} NOT NULL,
            agency_id {uuid} NOT NULL,
            dismissed_at {timestamp} NOT NULL,
            note TEXT NOT NULL
        )
        """,
        "CREATE INDEX screening_dismissal_subject ON screening_dismissal (subject_key, alert_id)",
    ]
)
