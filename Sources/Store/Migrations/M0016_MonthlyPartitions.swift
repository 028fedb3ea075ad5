/// 0016: crossings, border checks and the audit trail in monthly partitions on PostgreSQL (issue 15 item 5).
///
/// A national installation records ~100 M crossings and as many checks a year (docs/national-deployment.md):
/// deleting a month row by row would take hours and bloat the tables. With PostgreSQL's declarative
/// partitioning by range (https://www.postgresql.org/docs/15/ddl-partitioning.html) each month is its own
/// table, and retention is `DETACH PARTITION` and `DROP TABLE` (`PartitionRepository.dropMonths`).
///
/// - Months are UTC calendar months: `crossing` by `occurred_at`, `border_check` by `created_at`,
///   `audit_entry` by `occurred_at_ms`. Each table gets a `_default` partition so that a row for a month
///   without its partition is stored, never refused (the border must not stop); `kordon retention
///   partitions` reports such rows, and creating the month later moves them into it.
/// - A unique constraint on a partitioned table must include the partition key, so the primary keys become
///   `(id, occurred_at)`, `(id, created_at)` and `(seq, occurred_at_ms)`. Ids are still unique: they are
///   UUIDs made by the server, and `audit_entry`'s `seq` and `id` stay guarded by the M0006 trigger,
///   which runs under the chain's advisory lock.
/// - For the same reason nothing can reference `crossing(id)` or `border_check(id)` any more:
///   `border_check.crossing_id`, `check_hit_resolution.check_id` and `face_check.check_id` are held by
///   the services, which write them in the transaction that makes the row they name; retention removes
///   the hit resolutions and face checks of the checks it drops.
/// - Existing rows are copied into the new tables in this migration's transaction (a one-off at upgrade;
///   at national scale run it in a maintenance window).
///
/// SQLite (the single-site installation) keeps plain tables; both engines get `retention_drop`, the
/// record of what retention removed, which the audit verifier reads to know where the chain resumes.
let m0016MonthlyPartitions = Migration(
    version: 16,
    name: "monthly_partitions",
    statements: [
        """
        CREATE TABLE retention_drop (
            id {uuid} PRIMARY KEY,
            table_name TEXT NOT NULL,
            month TEXT NOT NULL,
            row_count BIGINT NOT NULL,
            kept_count BIGINT NOT NULL,
            dropped_at {timestamp} NOT NULL,
            audit_seq BIGINT,
            first_seq_kept BIGINT,
            prev_hash_kept TEXT
        )
        """
    ],
    postgresOnly: [
        // The month's partition of `parent`, made if missing; rows of that month waiting in the default
        // partition move into it. Returns true when it made the partition.
        """
        CREATE FUNCTION kordon_month_partition(parent TEXT, month_start DATE) RETURNS BOOLEAN
        LANGUAGE plpgsql AS $$
        DECLARE
            part TEXT := parent || '_' || to_char(month_start, 'YYYY_MM');
            key TEXT;
            lo TEXT;
            hi TEXT;
            waiting BIGINT;
        BEGIN
            IF to_regclass(part) IS NOT NULL THEN
                RETURN FALSE;
            END IF;
            key := CASE parent WHEN 'crossing' THEN 'occurred_at' WHEN 'border_check' THEN 'created_at'
                WHEN 'audit_entry' THEN 'occurred_at_ms' END;
            IF key IS NULL THEN
                RAISE EXCEPTION 'no monthly partitions for table %', parent;
            END IF;
            IF month_start <> date_trunc('month', month_start)::date THEN
                RAISE EXCEPTION 'a month starts on its first day, not on %', month_start;
            END IF;
            IF parent = 'audit_entry' THEN
                lo := (extract(epoch FROM month_start::timestamp) * 1000)::bigint::text;
                hi := (extract(epoch FROM (month_start + interval '1 month')::timestamp) * 1000)::bigint::text;
            ELSE
                lo := quote_literal(to_char(month_start, 'YYYY-MM-DD') || ' 00:00:00+00');
                hi := quote_literal(to_char(month_start + interval '1 month', 'YYYY-MM-DD') || ' 00:00:00+00');
            END IF;
            EXECUTE format('SELECT count(*) FROM %I WHERE %I >= %s AND %I < %s',
                parent || '_default', key, lo, key, hi) INTO waiting;
            IF waiting > 0 AND parent = 'audit_entry' THEN
                -- The trail refuses deletes (M0001), so its waiting entries stay where they are.
                RAISE WARNING 'audit_entry_default holds % entries of %: that month keeps no partition of its own',
                    waiting, to_char(month_start, 'YYYY-MM');
                RETURN FALSE;
            END IF;
            EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part, parent);
            IF waiting > 0 THEN
                EXECUTE format(
                    'WITH moved AS (DELETE FROM %I WHERE %I >= %s AND %I < %s RETURNING *) INSERT INTO %I SELECT * FROM moved',
                    parent || '_default', key, lo, key, hi, part);
            END IF;
            EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (%s) TO (%s)', parent, part, lo, hi);
            RETURN TRUE;
        END
        $$
        """,
        "ALTER TABLE border_check DROP CONSTRAINT border_check_crossing_id_fkey",
        "ALTER TABLE check_hit_resolution DROP CONSTRAINT check_hit_resolution_check_id_fkey",
        "ALTER TABLE face_check DROP CONSTRAINT face_check_check_id_fkey",
    ]
        + monthlyPartitioned("crossing", by: "occurred_at", instant: "occurred_at")
        + [
        "ALTER TABLE crossing ADD PRIMARY KEY (id, occurred_at)",
        "CREATE INDEX crossing_person_time ON crossing (person_id, occurred_at, id)",
        "CREATE INDEX crossing_point_time ON crossing (point_code, occurred_at, id)",
        "CREATE INDEX crossing_time ON crossing (occurred_at, id)",
        "ALTER TABLE crossing ADD FOREIGN KEY (person_id) REFERENCES person(id)",
        "ALTER TABLE crossing ADD FOREIGN KEY (document_id) REFERENCES travel_document(id)",
        "ALTER TABLE crossing ADD FOREIGN KEY (point_code) REFERENCES crossing_point(code)",
        "ALTER TABLE crossing ADD FOREIGN KEY (officer_id) REFERENCES officer(id)",
        "ALTER TABLE crossing ADD FOREIGN KEY (agency_id) REFERENCES agency(id)",
    ]
        + monthlyPartitioned("border_check", by: "created_at", instant: "created_at")
        + [
        "ALTER TABLE border_check ADD PRIMARY KEY (id, created_at)",
        "CREATE INDEX border_check_id ON border_check (id)",
        "CREATE INDEX border_check_queue ON border_check (point_code, status, created_at)",
        "CREATE INDEX border_check_person ON border_check (person_id, created_at)",
        "ALTER TABLE border_check ADD FOREIGN KEY (point_code) REFERENCES crossing_point(code)",
        "ALTER TABLE border_check ADD FOREIGN KEY (officer_id) REFERENCES officer(id)",
        "ALTER TABLE border_check ADD FOREIGN KEY (agency_id) REFERENCES agency(id)",
        "ALTER TABLE border_check ADD FOREIGN KEY (person_id) REFERENCES person(id)",
        "ALTER TABLE border_check ADD FOREIGN KEY (document_id) REFERENCES travel_document(id)",
    ]
        // The trail is copied in order, before its triggers exist; then it is guarded as before.
        + monthlyPartitioned(
            "audit_entry", by: "occurred_at_ms", instant: "to_timestamp(occurred_at_ms / 1000.0)", copyOrder: " ORDER BY seq"
        )
        + [
        "ALTER TABLE audit_entry ADD PRIMARY KEY (seq, occurred_at_ms)",
        "CREATE INDEX audit_entry_id ON audit_entry (id)",
        "CREATE INDEX audit_entry_officer ON audit_entry (officer_id, occurred_at_ms)",
        "CREATE INDEX audit_entry_time ON audit_entry (occurred_at_ms)",
        """
        CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry
            FOR EACH ROW EXECUTE FUNCTION kordon_audit_append_only()
        """,
        """
        CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry
            FOR EACH STATEMENT EXECUTE FUNCTION kordon_audit_append_only()
        """,
        """
        CREATE TRIGGER audit_entry_extends_head BEFORE INSERT ON audit_entry
            FOR EACH ROW EXECUTE FUNCTION kordon_audit_entry_extends_head()
        """,
        // The record of retention is append-only too: a row removed would hide what was dropped.
        """
        CREATE FUNCTION kordon_retention_drop_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'retention_drop is append-only: % refused', TG_OP;
        END
        $$
        """,
        """
        CREATE TRIGGER retention_drop_append_only BEFORE UPDATE OR DELETE ON retention_drop
            FOR EACH ROW EXECUTE FUNCTION kordon_retention_drop_append_only()
        """,
    ],
    sqliteOnly: [
        """
        CREATE TRIGGER retention_drop_no_update BEFORE UPDATE ON retention_drop
        BEGIN SELECT RAISE(ABORT, 'retention_drop is append-only: UPDATE refused'); END
        """,
        """
        CREATE TRIGGER retention_drop_no_delete BEFORE DELETE ON retention_drop
        BEGIN SELECT RAISE(ABORT, 'retention_drop is append-only: DELETE refused'); END
        """,
    ]
)

/// The statements that turn `table` into one partitioned by month on `key` (`instant` reads it as a time): a
/// default partition, a partition for every month its rows fall in and for this month and the next three, and
/// its rows copied over (in `copyOrder`). Constraints other than checks, indexes and triggers are the caller's.
private func monthlyPartitioned(_ table: String, by key: String, instant: String, copyOrder: String = "") -> [String] {
    [
        "ALTER TABLE \(table) RENAME TO \(table)_unpartitioned",
        """
        CREATE TABLE \(table) (LIKE \(table)_unpartitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS)
            PARTITION BY RANGE (\(key))
        """,
        "CREATE TABLE \(table)_default PARTITION OF \(table) DEFAULT",
        """
        SELECT kordon_month_partition('\(table)', month::date) FROM (
            SELECT DISTINCT date_trunc('month', \(instant) AT TIME ZONE 'UTC') AS month FROM \(table)_unpartitioned
            UNION SELECT date_trunc('month', now() AT TIME ZONE 'UTC') + make_interval(months => ahead)
            FROM generate_series(0, 3) AS ahead
        ) AS months ORDER BY month
        """,
        "INSERT INTO \(table) SELECT * FROM \(table)_unpartitioned\(copyOrder)",
        "DROP TABLE \(table)_unpartitioned",
    ]
}
