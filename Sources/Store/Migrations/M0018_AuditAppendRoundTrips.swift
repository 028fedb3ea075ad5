/// 0018: on PostgreSQL, an audit append takes two round trips fewer (issue 15 item 1).
///
/// A border check's writes are committed in groups (``GroupCommit``), one transaction at a time, and each
/// transaction is the serial part of the check: `BEGIN`, the chain's advisory lock, the head read, the checks,
/// the entries, the person index, the events, `COMMIT`, eight round trips to a server on the same two cores.
/// `pg_stat_statements` over 6,000 checks put the work of all of them at about 1 ms a transaction, so the trips
/// looked like the rest. Two of them go (measured afterwards, the gain is within the spread of the shared
/// machine: 405 against 399 checks/s over seven alternating runs; README, benchmark table):
///
/// - `kordon_audit_locked_head(key)` takes the advisory lock and then reads the head, in one call. It is
///   `VOLATILE`, so its `SELECT` takes a fresh snapshot after the lock is granted ("Function Volatility
///   Categories" in the PostgreSQL manual) and sees the entries the previous holder committed; a single
///   `SELECT pg_advisory_xact_lock(…), (SELECT … head)` would read the head from the snapshot taken before the
///   wait, and fork the chain.
/// - the person index (`audit_subject`) is written by an `AFTER INSERT` trigger on `audit_entry` from the
///   entry's own `person_ids`, the same rows the service wrote before, still checked one by one by
///   `audit_subject_names_entry` (migration 0006), and `kordon audit verify` still holds them against the entries.
///
/// SQLite is unchanged: its appends are in-process calls, not trips.
let m0018AuditAppendRoundTrips = Migration(
    version: 18,
    name: "audit_append_round_trips",
    statements: [],
    postgresOnly: [
        """
        CREATE FUNCTION kordon_audit_locked_head(lock_key BIGINT) RETURNS TABLE (head_seq BIGINT, head_hash TEXT)
            LANGUAGE plpgsql VOLATILE AS $$
        BEGIN
            PERFORM pg_advisory_xact_lock(lock_key);
            RETURN QUERY SELECT a.seq, a.entry_hash FROM audit_entry a ORDER BY a.seq DESC LIMIT 1;
        END
        $$
        """,
        """
        CREATE FUNCTION kordon_audit_entry_indexes_subjects() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO audit_subject (person_id, seq)
                SELECT DISTINCT person::uuid, NEW.seq FROM unnest(string_to_array(NEW.person_ids, ',')) AS person
                WHERE person <> '';
            RETURN NULL;
        END
        $$
        """,
        """
        CREATE TRIGGER audit_entry_indexes_subjects AFTER INSERT ON audit_entry
            FOR EACH ROW EXECUTE FUNCTION kordon_audit_entry_indexes_subjects()
        """,
    ]
)
