/// 0022: on PostgreSQL, a crossing's person is checked by the services and by a guard on `person`, not by a
/// foreign key (issue 15 item 4: bulk loads at 50,000 crossings a second).
///
/// The key's check runs once per inserted row (`RI_FKey_check_ins`: a lookup of the person, locking his row
/// `FOR KEY SHARE`). Measured on 2026-12-06, 1 M crossings copied within one database in time order (2 cores,
/// PostgreSQL 15): 8.1 and 9.9 s without the key, 13.5 and 13.9 s with it; in `kordon import crossings` the
/// `COPY`'s backend is the bottleneck (one core busy, the importer waiting on it), so that is a third of the load.
///
/// What the key did, and what does it now:
/// - *A crossing names a person who exists.* Every path that writes one looks the person up in its transaction
///   first: the border check's decision (it found or created him), `CrossingService.record` ("no person with this
///   id"), and `kordon import crossings`, which checks every person of the file before it stores a row.
/// - *A person with crossings is not deleted.* Kordon never deletes a person (merges and splits are links in
///   `person_merge`; crossings keep the person they were recorded for). The trigger below refuses to delete one
///   who has crossings, as the key's `RESTRICT` did, for a statement typed into the database by hand. Unlike the
///   key it does not lock: a crossing written for that person in a transaction not yet committed is not seen.
///
/// The other tables keep their keys to `person` (checks, registers, presence, documents): they are written a row
/// at a time. SQLite keeps all of them.
let m0022CrossingPersonCheck = Migration(
    version: 22,
    name: "crossing_person_check",
    statements: [],
    postgresOnly: [
        "ALTER TABLE crossing DROP CONSTRAINT crossing_person_id_fkey",
        """
        CREATE FUNCTION kordon_person_without_crossings() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF EXISTS (SELECT 1 FROM crossing WHERE person_id = OLD.id) THEN
                RAISE EXCEPTION 'person % has crossings and is kept', OLD.id USING ERRCODE = 'foreign_key_violation';
            END IF;
            RETURN OLD;
        END
        $$
        """,
        """
        CREATE TRIGGER person_keeps_crossings BEFORE DELETE ON person
            FOR EACH ROW EXECUTE FUNCTION kordon_person_without_crossings()
        """,
        """
        CREATE FUNCTION kordon_person_not_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF EXISTS (SELECT 1 FROM crossing) THEN
                RAISE EXCEPTION 'persons are kept while crossings name them' USING ERRCODE = 'foreign_key_violation';
            END IF;
            RETURN NULL;
        END
        $$
        """,
        """
        CREATE TRIGGER person_not_truncated BEFORE TRUNCATE ON person
            FOR EACH STATEMENT EXECUTE FUNCTION kordon_person_not_truncated()
        """,
    ]
)
