/// 0009: the registers of foreigners (issue 11), their history, and one person behind them.
///
/// - `register_record`: one row per permit, asylum case, apprehension, citizenship change, offence, entry ban or
///   visa, owned by the agency that made it; `details` is the register's own fields as JSON, `subject` the
///   identity as the record gave it (names in any script, birth date, nationality, document), `version` the
///   optimistic lock two officers amending one record meet.
/// - `register_history`: every version of every record, as it was, with who changed it, when and why.
/// - `person_name`: the names a person is known by besides the document's Latin form (the Cyrillic of a Ukrainian
///   register, an Arabic spelling): search and identity resolution read them.
/// - `person_merge`: every merge of two persons, with the rows it moved, so a wrong merge is split exactly.
/// - `identity_review`: a record whose person the resolver could not decide, with the candidate and the evidence.
let m0009Registers = Migration(
    version: 9,
    name: "registers",
    statements: [
        """
        CREATE TABLE register_record (
            id {uuid} PRIMARY KEY,
            register TEXT NOT NULL CHECK (register IN ('residence_permit', 'asylum', 'irregular_migrant',
                'citizenship', 'offence', 'entry_ban', 'visa')),
            person_id {uuid} NOT NULL REFERENCES person(id),
            agency_id {uuid} NOT NULL REFERENCES agency(id),
            status TEXT NOT NULL CHECK (status IN ('active', 'ended')),
            valid_from TEXT,
            valid_until TEXT,
            ended_on TEXT,
            end_reason TEXT,
            details TEXT NOT NULL,
            subject TEXT NOT NULL,
            link TEXT NOT NULL,
            version INTEGER NOT NULL,
            created_at {timestamp} NOT NULL,
            created_by {uuid} NOT NULL,
            updated_at {timestamp} NOT NULL,
            updated_by {uuid} NOT NULL
        )
        """,
        "CREATE INDEX register_record_person ON register_record (person_id, register)",
        "CREATE INDEX register_record_agency ON register_record (agency_id, register, created_at)",
        """
        CREATE TABLE register_history (
            record_id {uuid} NOT NULL REFERENCES register_record(id),
            version INTEGER NOT NULL,
            change TEXT NOT NULL CHECK (change IN ('created', 'amended', 'ended')),
            reason TEXT,
            person_id {uuid} NOT NULL,
            status TEXT NOT NULL,
            valid_from TEXT,
            valid_until TEXT,
            details TEXT NOT NULL,
            officer_id {uuid} NOT NULL,
            agency_id {uuid} NOT NULL,
            changed_at {timestamp} NOT NULL,
            PRIMARY KEY (record_id, version)
        )
        """,
        """
        CREATE TABLE person_name (
            person_id {uuid} NOT NULL REFERENCES person(id),
            surname TEXT NOT NULL,
            given_names TEXT NOT NULL,
            source TEXT NOT NULL,
            PRIMARY KEY (person_id, surname, given_names)
        )
        """,
        "ALTER TABLE person ADD COLUMN merged_into {uuid}",
        "CREATE INDEX person_created ON person (created_at)",
        """
        CREATE TABLE person_merge (
            id {uuid} PRIMARY KEY,
            survivor_id {uuid} NOT NULL REFERENCES person(id),
            merged_id {uuid} NOT NULL REFERENCES person(id),
            reason TEXT NOT NULL,
            moved TEXT NOT NULL,
            officer_id {uuid} NOT NULL,
            agency_id {uuid} NOT NULL,
            merged_at {timestamp} NOT NULL,
            split_at {timestamp},
            split_by {uuid},
            split_reason TEXT
        )
        """,
        "CREATE INDEX person_merge_survivor ON person_merge (survivor_id, merged_at)",
        "CREATE INDEX person_merge_merged ON person_merge (merged_id, merged_at)",
        """
        CREATE TABLE identity_review (
            id {uuid} PRIMARY KEY,
            record_id {uuid} NOT NULL REFERENCES register_record(id),
            person_id {uuid} NOT NULL REFERENCES person(id),
            candidate_id {uuid} NOT NULL REFERENCES person(id),
            score {double} NOT NULL,
            evidence TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('open', 'linked', 'kept_apart')),
            created_at {timestamp} NOT NULL,
            decided_at {timestamp},
            decided_by {uuid},
            note TEXT
        )
        """,
        "CREATE INDEX identity_review_open ON identity_review (status, created_at)",
    ]
)
