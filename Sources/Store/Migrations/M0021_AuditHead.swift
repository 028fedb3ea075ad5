/// 0021: on PostgreSQL, an audit append costs the same however many months the trail keeps (issue 15 items 1 and 5).
///
/// Since 0016 the trail is partitioned by month, and its guards looked entries up by keys that are not the
/// partition key: the head (`ORDER BY seq DESC LIMIT 1`), "is this `id` used" and, per person named, "does entry
/// `seq` name this person". Each lookup probes one index in every partition. Measured on the check benchmark's
/// database with 65 monthly partitions (five years kept, as a national trail would), warm, per lookup: head
/// 0.17 ms, `id` 0.34 ms, `seq` 0.36 ms, against 0.05, 0.07 and 0.08 ms with 5 partitions. The chain takes every
/// check of every server in turn, so this is the system's ceiling: `kordon bench audit --months 60` appended
/// 1,870 entries/s in commits of 30 before this migration and 5,804 after it; in commits of 3, 314–319 commits/s
/// before, 682–741 after, as with no past month at all (README, benchmark table).
///
/// What changes, with the guards kept:
/// - **The head is a row of its own** (`audit_head`), moved by the entry's `BEFORE INSERT` trigger in the same
///   transaction and read under `FOR UPDATE`, so two appenders that skip the advisory lock still take turns. The
///   row takes no write but that trigger's (`pg_trigger_depth()` is 1 for a statement sent by a client), and
///   it moves one `seq` at a time. `kordon_audit_locked_head` reads it too.
/// - **An entry's id carries its instant.** The server makes ids time-ordered (RFC 9562 version 7) at the
///   entry's `occurred_at_ms`; the trigger refuses a version-7 id naming another instant, and the unique index on
///   `(id, occurred_at_ms)` (PostgreSQL's unique indexes on a partitioned table must contain the partition key)
///   then makes the id unique across the trail: the trigger's own lookup probes the one partition of that month.
///   Any other id (entries written before this migration, a server of an older version) is looked up in every
///   partition, as before.
/// - **A subject row written by the entry's own trigger** (0018) is not looked up again in the entries: the
///   trigger writes exactly the persons `NEW.person_ids` names. A row inserted by a client statement is checked
///   as before.
///
/// An attacker holding the owner's rights can still disable the triggers and rewrite all of this, head row
/// included; what exposes that is a signed checkpoint (`kordon audit verify`), as before.
///
/// SQLite is unchanged: one table, whose indexes answer each lookup with one probe.
let m0021AuditHead = Migration(
    version: 21,
    name: "audit_head",
    statements: [],
    postgresOnly: [
        """
        CREATE TABLE audit_head (
            id SMALLINT PRIMARY KEY CHECK (id = 1),
            seq BIGINT NOT NULL,
            entry_hash TEXT NOT NULL
        )
        """,
        """
        INSERT INTO audit_head (id, seq, entry_hash)
        SELECT 1, COALESCE((SELECT seq FROM audit_entry ORDER BY seq DESC LIMIT 1), 0),
               COALESCE((SELECT entry_hash FROM audit_entry ORDER BY seq DESC LIMIT 1), repeat('0', 64))
        """,
        """
        CREATE FUNCTION kordon_audit_head_moves_with_entry() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF pg_trigger_depth() < 2 OR TG_OP <> 'UPDATE' OR NEW.id IS DISTINCT FROM OLD.id
                OR NEW.seq IS DISTINCT FROM OLD.seq + 1 THEN
                RAISE EXCEPTION 'audit_head is append-only: it moves with an appended entry only (% refused)', TG_OP;
            END IF;
            RETURN NEW;
        END
        $$
        """,
        """
        CREATE TRIGGER audit_head_moves_with_entry BEFORE INSERT OR UPDATE OR DELETE ON audit_head
            FOR EACH ROW EXECUTE FUNCTION kordon_audit_head_moves_with_entry()
        """,
        """
        CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head
            FOR EACH STATEMENT EXECUTE FUNCTION kordon_append_only()
        """,
        "CREATE UNIQUE INDEX audit_entry_id_at ON audit_entry (id, occurred_at_ms)",
        "DROP INDEX audit_entry_id",
        """
        CREATE OR REPLACE FUNCTION kordon_audit_entry_extends_head() RETURNS trigger LANGUAGE plpgsql
            SET enable_seqscan = off AS $$
        DECLARE
            head_seq BIGINT;
            head_hash TEXT;
        BEGIN
            SELECT seq, entry_hash INTO head_seq, head_hash FROM audit_head WHERE id = 1 FOR UPDATE;
            IF NEW.seq IS DISTINCT FROM COALESCE(head_seq, 0) + 1
                OR NEW.prev_hash IS DISTINCT FROM COALESCE(head_hash, repeat('0', 64)) THEN
                RAISE EXCEPTION 'audit_entry is append-only: insert of seq % refused (head is %)',
                    NEW.seq, COALESCE(head_seq, 0);
            END IF;
            IF substr(NEW.id::text, 15, 1) = '7' THEN
                -- RFC 9562 §5.7: the first 48 bits are the Unix time in milliseconds.
                IF ('x' || substr(replace(NEW.id::text, '-', ''), 1, 12))::bit(48)::bigint
                    IS DISTINCT FROM NEW.occurred_at_ms THEN
                    RAISE EXCEPTION 'audit_entry is append-only: insert of seq % refused (id names another instant)',
                        NEW.seq;
                END IF;
                IF EXISTS (SELECT 1 FROM audit_entry WHERE id = NEW.id AND occurred_at_ms = NEW.occurred_at_ms) THEN
                    RAISE EXCEPTION 'audit_entry is append-only: insert of seq % refused (id already used)', NEW.seq;
                END IF;
            ELSIF EXISTS (SELECT 1 FROM audit_entry WHERE id = NEW.id) THEN
                RAISE EXCEPTION 'audit_entry is append-only: insert of seq % refused (id already used)', NEW.seq;
            END IF;
            UPDATE audit_head SET seq = NEW.seq, entry_hash = NEW.entry_hash WHERE id = 1;
            RETURN NEW;
        END
        $$
        """,
        """
        CREATE OR REPLACE FUNCTION kordon_audit_subject_names_entry() RETURNS trigger LANGUAGE plpgsql
            SET enable_seqscan = off AS $$
        BEGIN
            IF EXISTS (SELECT 1 FROM audit_subject WHERE person_id = NEW.person_id AND seq = NEW.seq) THEN
                RAISE EXCEPTION 'audit_subject is append-only: insert for seq % refused', NEW.seq;
            END IF;
            -- At depth 2 the row comes from kordon_audit_entry_indexes_subjects, which writes the persons the
            -- entry being inserted names (migration 0018); a client's statement runs at depth 1. A statement of
            -- its own, not a condition beside the others: PostgreSQL would still lock and open every month's
            -- partition to start a plan whose lookup it then skips.
            IF pg_trigger_depth() < 2 THEN
                IF NOT EXISTS (
                    SELECT 1 FROM audit_entry WHERE seq = NEW.seq AND position(NEW.person_id::text IN person_ids) > 0
                ) THEN
                    RAISE EXCEPTION 'audit_subject is append-only: insert for seq % refused', NEW.seq;
                END IF;
            END IF;
            RETURN NEW;
        END
        $$
        """,
        """
        CREATE OR REPLACE FUNCTION kordon_audit_locked_head(lock_key BIGINT) RETURNS TABLE (head_seq BIGINT, head_hash TEXT)
            LANGUAGE plpgsql VOLATILE SET enable_seqscan = off AS $$
        BEGIN
            PERFORM pg_advisory_xact_lock(lock_key);
            RETURN QUERY SELECT h.seq, h.entry_hash FROM audit_head h WHERE h.id = 1 AND h.seq > 0;
        END
        $$
        """,
    ]
)
