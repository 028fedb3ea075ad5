/// 0019: on PostgreSQL, the audit chain's triggers look entries up through their indexes however small the month's
/// partition was when a connection first planned them (issue 15 item 1).
///
/// A PL/pgSQL function keeps its statements' plans for the life of the connection, and after five runs settles on
/// a generic plan. On the first day of a month (and in every benchmark on a new database) the current month's
/// `audit_entry` partition and `audit_subject` hold a handful of rows when the border's pooled connections first
/// append, so the cheapest plan for "the entry with this `seq`" and "the subject with this person and `seq`" is a
/// sequential scan, and it is kept: the plan is replaced only when `ANALYZE` runs, and autovacuum looks at most once
/// a minute. Meanwhile every check's append read the whole partition, once per entry and once per person: after
/// 20,000 checks on a new database, `pg_stat_user_tables` counted 9,185 sequential scans of `audit_entry_2026_12`
/// (65 M rows read) and 7,690 of `audit_subject` (50 M), and the checks' rate fell from 396/s over 6,000 checks
/// to 326–375/s over 20,000, their p99 from 40 to 53–76 ms. With this migration: 428 and 491/s, p99 33 and 27 ms,
/// and 5 and 1 sequential scans of those tables (README, benchmark table). `AuditLookupPlanTests` holds it.
///
/// Every lookup these functions make is by a key an index covers (`seq`, `id`, `(person_id, seq)`, the head by
/// `seq` descending), so an index scan is right at any size: with sequential scans disabled inside them the generic
/// plan uses the indexes from the first row on. The setting applies while the function runs only ("`SET` clause",
/// `CREATE FUNCTION` in the PostgreSQL manual).
///
/// SQLite is unchanged: its triggers' statements are planned against the current index statistics each time.
let m0019AuditLookupPlans = Migration(
    version: 19,
    name: "audit_lookup_plans",
    statements: [],
    postgresOnly: [
        "ALTER FUNCTION kordon_audit_entry_extends_head() SET enable_seqscan = off",
        "ALTER FUNCTION kordon_audit_subject_names_entry() SET enable_seqscan = off",
        "ALTER FUNCTION kordon_audit_checkpoint_extends() SET enable_seqscan = off",
        "ALTER FUNCTION kordon_audit_locked_head(BIGINT) SET enable_seqscan = off",
    ]
)
