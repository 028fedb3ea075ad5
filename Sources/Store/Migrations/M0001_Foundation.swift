/// 0001: agencies, officers, tokens, crossing points, persons, documents, crossings, audit trail, outbox.
///
/// Times: `{timestamp}` columns hold UTC instants (millisecond precision by convention). The audit
/// trail keeps its time as integer milliseconds so that the bytes hashed into the chain read back
/// identically from both engines.
let m0001Foundation = Migration(
    version: 1,
    name: "foundation",
    statements: [
        """
        CREATE TABLE agency (
            id {uuid} PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            country TEXT NOT NULL,
            kind TEXT NOT NULL,
            created_at {timestamp} NOT NULL
        )
        """,
        """
        CREATE TABLE officer (
            id {uuid} PRIMARY KEY,
            agency_id {uuid} NOT NULL REFERENCES agency(id),
            name TEXT NOT NULL,
            role TEXT NOT NULL,
            active {bool} NOT NULL,
            created_at {timestamp} NOT NULL
        )
        """,
        "CREATE INDEX officer_agency ON officer (agency_id)",
        """
        CREATE TABLE api_token (
            id {uuid} PRIMARY KEY,
            officer_id {uuid} NOT NULL REFERENCES officer(id),
            token_sha256 TEXT NOT NULL UNIQUE,
            label TEXT NOT NULL,
            created_at {timestamp} NOT NULL,
            revoked_at {timestamp}
        )
        """,
        "CREATE INDEX api_token_officer ON api_token (officer_id)",
        """
        CREATE TABLE crossing_point (
            code TEXT PRIMARY KEY,
            name_uk TEXT NOT NULL,
            name_latin TEXT NOT NULL,
            kind TEXT NOT NULL,
            neighbour TEXT,
            partner_point TEXT,
            oblast TEXT,
            latitude {double},
            longitude {double},
            coord_precision TEXT,
            status TEXT NOT NULL,
            joint_control {bool},
            verified {bool} NOT NULL,
            sources TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE person (
            id {uuid} PRIMARY KEY,
            surname TEXT NOT NULL,
            given_names TEXT NOT NULL,
            birth_date TEXT,
            sex TEXT NOT NULL,
            nationality TEXT NOT NULL,
            created_by_agency {uuid} NOT NULL REFERENCES agency(id),
            created_at {timestamp} NOT NULL
        )
        """,
        """
        CREATE TABLE travel_document (
            id {uuid} PRIMARY KEY,
            person_id {uuid} NOT NULL REFERENCES person(id),
            document_code TEXT NOT NULL,
            issuing_state TEXT NOT NULL,
            number TEXT NOT NULL,
            expiry_date TEXT,
            mrz TEXT,
            created_at {timestamp} NOT NULL,
            UNIQUE (issuing_state, number, document_code)
        )
        """,
        "CREATE INDEX travel_document_person ON travel_document (person_id)",
        "CREATE INDEX travel_document_number ON travel_document (number)",
        """
        CREATE TABLE crossing (
            id {uuid} PRIMARY KEY,
            person_id {uuid} NOT NULL REFERENCES person(id),
            document_id {uuid} REFERENCES travel_document(id),
            point_code TEXT NOT NULL REFERENCES crossing_point(code),
            direction TEXT NOT NULL CHECK (direction IN ('entry', 'exit')),
            occurred_at {timestamp} NOT NULL,
            officer_id {uuid} NOT NULL REFERENCES officer(id),
            agency_id {uuid} NOT NULL REFERENCES agency(id),
            decision TEXT NOT NULL CHECK (decision IN ('admitted', 'refused')),
            refusal_reasons TEXT NOT NULL,
            recorded_at {timestamp} NOT NULL
        )
        """,
        "CREATE INDEX crossing_person_time ON crossing (person_id, occurred_at, id)",
        "CREATE INDEX crossing_point_time ON crossing (point_code, occurred_at, id)",
        "CREATE INDEX crossing_time ON crossing (occurred_at, id)",
        """
        CREATE TABLE idempotency_record (
            agency_id {uuid} NOT NULL,
            operation TEXT NOT NULL,
            idempotency_key TEXT NOT NULL,
            request_sha256 TEXT NOT NULL,
            resource_id {uuid} NOT NULL,
            created_at {timestamp} NOT NULL,
            PRIMARY KEY (agency_id, operation, idempotency_key)
        )
        """,
        """
        CREATE TABLE audit_entry (
            seq BIGINT PRIMARY KEY,
            id {uuid} NOT NULL UNIQUE,
            occurred_at_ms BIGINT NOT NULL,
            officer_id {uuid},
            agency_id {uuid},
            request_id TEXT,
            purpose TEXT NOT NULL,
            action TEXT NOT NULL,
            resource_type TEXT NOT NULL,
            resource_ids TEXT NOT NULL,
            person_ids TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            entry_hash TEXT NOT NULL
        )
        """,
        "CREATE INDEX audit_entry_officer ON audit_entry (officer_id, occurred_at_ms)",
        "CREATE INDEX audit_entry_time ON audit_entry (occurred_at_ms)",
        """
        CREATE TABLE audit_subject (
            person_id {uuid} NOT NULL,
            seq BIGINT NOT NULL,
            PRIMARY KEY (person_id, seq)
        )
        """,
        """
        CREATE TABLE event (
            seq {serial},
            id {uuid} NOT NULL UNIQUE,
            type TEXT NOT NULL,
            aggregate_type TEXT NOT NULL,
            aggregate_id TEXT NOT NULL,
            agency_id {uuid},
            occurred_at {timestamp} NOT NULL,
            payload TEXT NOT NULL
        )
        """,
        "CREATE INDEX event_aggregate ON event (aggregate_type, aggregate_id)",
    ],
    postgresOnly: [
        // The audit trail is append-only at the database too: even a bug or a careless admin with
        // the application's credentials cannot rewrite history without first dropping the trigger.
        """
        CREATE FUNCTION kordon_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'audit_entry is append-only: % refused', TG_OP;
        END
        $$
        """,
        """
        CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry
            FOR EACH ROW EXECUTE FUNCTION kordon_audit_append_only()
        """,
        """
        CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry
            FOR EACH STATEMENT EXECUTE FUNCTION kordon_audit_append_only()
        """,
    ],
    sqliteOnly: [
        """
        CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry
        BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only: UPDATE refused'); END
        """,
        """
        CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry
        BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only: DELETE refused'); END
        """,
    ]
)
