/// 0006: an audit trail no one can rewrite (issue 10 item 4, finding 6).
///
/// M0001 refused UPDATE and DELETE on `audit_entry`, but on SQLite `INSERT OR REPLACE` (and
/// `REPLACE INTO`) still rewrote an entry: REPLACE removes the conflicting row without firing delete
/// triggers (https://sqlite.org/lang_conflict.html), and `audit_subject` had no guard at all. Here:
///
/// - `audit_entry` takes an insert only when it extends the head: the next `seq`, `prev_hash` equal to
///   the head's `entry_hash` (the genesis hash on an empty trail), and an `id` not used before. Any
///   duplicate is refused before SQLite's REPLACE or PostgreSQL's `ON CONFLICT` can act on it, and no
///   entry can be slipped in behind the head.
/// - `audit_subject` (the person index) takes only the row its entry names, once; no update, delete
///   or truncate.
/// - `audit_checkpoint` keeps the signed heads (`AuditCheckpoint`): numbered 1, 2, 3… without gaps,
///   never going back in `seq`, each naming an entry that exists with that hash; append-only too.
/// - `audit_entry` gains `credential_id` (the token or session used) and `subject` (whom an
///   administrative act was about). Both stay NULL on older entries, whose hashes do not change.
///
/// Triggers are BEFORE ROW triggers, which see rows inserted earlier by the same statement on both
/// engines (PostgreSQL: "Visibility of Data Changes"; SQLite inserts row by row), so a multi-row
/// append is checked link by link.
let m0006AuditAppendOnly = Migration(
    version: 6,
    name: "audit_append_only",
    statements: [
        "ALTER TABLE audit_entry ADD COLUMN credential_id TEXT",
        "ALTER TABLE audit_entry ADD COLUMN subject TEXT",
        """
        CREATE TABLE audit_checkpoint (
            number BIGINT PRIMARY KEY,
            seq BIGINT NOT NULL,
            entry_hash TEXT NOT NULL,
            signed_at_ms BIGINT NOT NULL,
            key_id TEXT NOT NULL,
            signature TEXT NOT NULL
        )
        """,
    ],
    postgresOnly: [
        """
        CREATE FUNCTION kordon_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
        END
        $$
        """,
        """
        CREATE FUNCTION kordon_audit_entry_extends_head() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            head_seq BIGINT;
            head_hash TEXT;
        BEGIN
            SELECT seq, entry_hash INTO head_seq, head_hash FROM audit_entry ORDER BY seq DESC LIMIT 1;
            IF NEW.seq IS DISTINCT FROM COALESCE(head_seq, 0) + 1
                OR NEW.prev_hash IS DISTINCT FROM COALESCE(head_hash, repeat('0', 64)) THEN
                RAISE EXCEPTION 'audit_entry is append-only: insert of seq % refused (head is %)',
                    NEW.seq, COALESCE(head_seq, 0);
            END IF;
            IF EXISTS (SELECT 1 FROM audit_entry WHERE id = NEW.id) THEN
                RAISE EXCEPTION 'audit_entry is append-only: insert of seq % refused (id already used)', NEW.seq;
            END IF;
            RETURN NEW;
        END
        $$
        """,
        """
        CREATE TRIGGER audit_entry_extends_head BEFORE INSERT ON audit_entry
            FOR EACH ROW EXECUTE FUNCTION kordon_audit_entry_extends_head()
        """,
        """
        CREATE FUNCTION kordon_audit_subject_names_entry() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF EXISTS (SELECT 1 FROM audit_subject WHERE person_id = NEW.person_id AND seq = NEW.seq)
                OR NOT EXISTS (
                    SELECT 1 FROM audit_entry
                    WHERE seq = NEW.seq AND position(NEW.person_id::text IN person_ids) > 0
                ) THEN
                RAISE EXCEPTION 'audit_subject is append-only: insert for seq % refused', NEW.seq;
            END IF;
            RETURN NEW;
        END
        $$
        """,
        """
        CREATE TRIGGER audit_subject_names_entry BEFORE INSERT ON audit_subject
            FOR EACH ROW EXECUTE FUNCTION kordon_audit_subject_names_entry()
        """,
        """
        CREATE TRIGGER audit_subject_append_only BEFORE UPDATE OR DELETE ON audit_subject
            FOR EACH ROW EXECUTE FUNCTION kordon_append_only()
        """,
        """
        CREATE TRIGGER audit_subject_no_truncate BEFORE TRUNCATE ON audit_subject
            FOR EACH STATEMENT EXECUTE FUNCTION kordon_append_only()
        """,
        """
        CREATE FUNCTION kordon_audit_checkpoint_extends() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            last_number BIGINT;
            last_seq BIGINT;
        BEGIN
            SELECT number, seq INTO last_number, last_seq FROM audit_checkpoint ORDER BY number DESC LIMIT 1;
            IF NEW.number IS DISTINCT FROM COALESCE(last_number, 0) + 1
                OR NEW.seq < COALESCE(last_seq, 0)
                OR NOT EXISTS (SELECT 1 FROM audit_entry WHERE seq = NEW.seq AND entry_hash = NEW.entry_hash) THEN
                RAISE EXCEPTION 'audit_checkpoint is append-only: insert of checkpoint % refused', NEW.number;
            END IF;
            RETURN NEW;
        END
        $$
        """,
        """
        CREATE TRIGGER audit_checkpoint_extends BEFORE INSERT ON audit_checkpoint
            FOR EACH ROW EXECUTE FUNCTION kordon_audit_checkpoint_extends()
        """,
        """
        CREATE TRIGGER audit_checkpoint_append_only BEFORE UPDATE OR DELETE ON audit_checkpoint
            FOR EACH ROW EXECUTE FUNCTION kordon_append_only()
        """,
        """
        CREATE TRIGGER audit_checkpoint_no_truncate BEFORE TRUNCATE ON audit_checkpoint
            FOR EACH STATEMENT EXECUTE FUNCTION kordon_append_only()
        """,
    ],
    sqliteOnly: [
        // RAISE(ABORT) ends the statement whatever its conflict clause (OR IGNORE, OR REPLACE):
        // https://sqlite.org/lang_createtrigger.html#the_raise_function
        """
        CREATE TRIGGER audit_entry_extends_head BEFORE INSERT ON audit_entry
        WHEN NEW.seq IS NOT (SELECT COALESCE(MAX(seq), 0) + 1 FROM audit_entry)
            OR NEW.prev_hash IS NOT COALESCE(
                (SELECT entry_hash FROM audit_entry ORDER BY seq DESC LIMIT 1),
                '0000000000000000000000000000000000000000000000000000000000000000'
            )
            OR EXISTS (SELECT 1 FROM audit_entry WHERE id = NEW.id)
        BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only: an insert must extend the head'); END
        """,
        """
        CREATE TRIGGER audit_subject_names_entry BEFORE INSERT ON audit_subject
        WHEN EXISTS (SELECT 1 FROM audit_subject WHERE person_id = NEW.person_id AND seq = NEW.seq)
            OR NOT EXISTS (
                SELECT 1 FROM audit_entry WHERE seq = NEW.seq AND instr(person_ids, lower(NEW.person_id)) > 0
            )
        BEGIN SELECT RAISE(ABORT, 'audit_subject is append-only: a row must be new and named by its entry'); END
        """,
        """
        CREATE TRIGGER audit_subject_no_update BEFORE UPDATE ON audit_subject
        BEGIN SELECT RAISE(ABORT, 'audit_subject is append-only: UPDATE refused'); END
        """,
        """
        CREATE TRIGGER audit_subject_no_delete BEFORE DELETE ON audit_subject
        BEGIN SELECT RAISE(ABORT, 'audit_subject is append-only: DELETE refused'); END
        """,
        """
        CREATE TRIGGER audit_checkpoint_extends BEFORE INSERT ON audit_checkpoint
        WHEN NEW.number IS NOT (SELECT COALESCE(MAX(number), 0) + 1 FROM audit_checkpoint)
            OR NEW.seq < COALESCE((SELECT seq FROM audit_checkpoint ORDER BY number DESC LIMIT 1), 0)
            OR NOT EXISTS (SELECT 1 FROM audit_entry WHERE seq = NEW.seq AND entry_hash = NEW.entry_hash)
        BEGIN SELECT RAISE(ABORT, 'audit_checkpoint is append-only: an insert must extend the last checkpoint'); END
        """,
        """
        CREATE TRIGGER audit_checkpoint_no_update BEFORE UPDATE ON audit_checkpoint
        BEGIN SELECT RAISE(ABORT, 'audit_checkpoint is append-only: UPDATE refused'); END
        """,
        """
        CREATE TRIGGER audit_checkpoint_no_delete BEFORE DELETE ON audit_checkpoint
        BEGIN SELECT RAISE(ABORT, 'audit_checkpoint is append-only: DELETE refused'); END
        """,
    ]
)
