/// 0004: advance passenger information (issue 7): expected flights, the travellers their manifests
/// name, and the watchlist hits found on them before landing.
///
/// - `flight` is one arrival of one flight, identified as the WCO/IATA/ICAO API Guidelines identify
///   a manifest's flight: carrier, flight number and departure date (local at the departure airport;
///   `carrier` is `''` when TDT C040 is absent). An amended manifest updates the same row.
///   `scheduled_arrival` is the PAXLST local arrival time (DTM+232) turned into a UTC instant in the
///   arrival airport's time zone; `arrival_local` keeps the local text as sent.
/// - `manifest_traveller` rows are the current list: an amendment replaces the rows of the list type
///   it carries (passengers or crew). `traveller_key` is the traveller's identity across amendments
///   (document state and number, else name and birth date); `check_id` links the border check that
///   met the traveller at the arrival crossing point.
/// - `manifest_hit` is keyed by flight, `traveller_key` and alert, not by traveller row, so a hit a
///   second-line officer reviewed survives an amendment that replaces the traveller rows. Hits are
///   not tied to `alert` by a foreign key: they record what the screening index matched, and stay
///   as evidence whatever later happens to the alert.
let m0004Manifests = Migration(
    version: 4,
    name: "manifests",
    statements: [
        """
        CREATE TABLE flight (
            id {uuid} PRIMARY KEY,
            carrier TEXT NOT NULL,
            flight_number TEXT NOT NULL,
            departure_date TEXT NOT NULL,
            departure_port TEXT,
            departure_local TEXT,
            arrival_port TEXT NOT NULL,
            arrival_local TEXT NOT NULL,
            scheduled_arrival {timestamp} NOT NULL,
            point_code TEXT NOT NULL REFERENCES crossing_point(code),
            agency_id {uuid} NOT NULL REFERENCES agency(id),
            sender TEXT,
            manifest_count INTEGER NOT NULL,
            manifest_sha256 TEXT NOT NULL,
            first_received_at {timestamp} NOT NULL,
            received_at {timestamp} NOT NULL,
            UNIQUE (carrier, flight_number, departure_date)
        )
        """,
        "CREATE INDEX flight_board ON flight (point_code, scheduled_arrival)",
        "CREATE INDEX flight_arrival ON flight (scheduled_arrival)",
        """
        CREATE TABLE manifest_traveller (
            id {uuid} PRIMARY KEY,
            flight_id {uuid} NOT NULL REFERENCES flight(id),
            traveller_key TEXT NOT NULL,
            position INTEGER NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('passenger', 'crew')),
            surname TEXT,
            given_names TEXT,
            birth_date TEXT,
            sex TEXT,
            nationality TEXT,
            document_type TEXT,
            document_number TEXT,
            issuing_state TEXT,
            document_expiry TEXT,
            booking_ref TEXT,
            port_of_embarkation TEXT,
            port_of_debarkation TEXT,
            issues TEXT NOT NULL,
            check_id {uuid},
            arrived_at {timestamp},
            created_at {timestamp} NOT NULL
        )
        """,
        "CREATE INDEX manifest_traveller_flight ON manifest_traveller (flight_id, traveller_key)",
        "CREATE INDEX manifest_traveller_document ON manifest_traveller (document_number, issuing_state)",
        """
        CREATE TABLE manifest_hit (
            id {uuid} PRIMARY KEY,
            flight_id {uuid} NOT NULL REFERENCES flight(id),
            traveller_key TEXT NOT NULL,
            alert_id {uuid} NOT NULL,
            alert_version INTEGER NOT NULL,
            category TEXT NOT NULL,
            action TEXT NOT NULL,
            matched TEXT NOT NULL CHECK (matched IN ('person', 'document')),
            score {double} NOT NULL,
            summary TEXT NOT NULL,
            explanation TEXT NOT NULL,
            source TEXT NOT NULL CHECK (source IN ('manifest', 'rescreen')),
            found_at {timestamp} NOT NULL,
            resolution TEXT CHECK (resolution IN ('confirmed', 'false_positive')),
            resolved_by {uuid},
            resolved_at {timestamp},
            resolution_note TEXT,
            UNIQUE (flight_id, traveller_key, alert_id)
        )
        """,
    ]
)
