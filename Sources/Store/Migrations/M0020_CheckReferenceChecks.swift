/// 0020: on PostgreSQL, a border check's officer, agency, crossing point and document are checked by the services,
/// not by foreign keys, as a crossing's are since 0017 (issue 15 item 1).
///
/// The checks' rows are written in the serial part of a group commit (``GroupCommit``), so what each row costs
/// there adds to every check's latency. `EXPLAIN (ANALYZE)` of a three-row insert into `border_check` on the
/// benchmark's database (10,200 checks, warm): 0.49 ms executing, of which 0.33 ms in the five foreign keys'
/// triggers; a connection's first insert paid 1.9 ms, 1.4 ms of it preparing those triggers' lookups. Four of the
/// keys point at a handful of hot rows (one agency, a few officers and points), which every inserted row locks
/// again (`FOR KEY SHARE`); with two servers on one database those locks on the same rows are shared between
/// their transactions.
///
/// None of those four values comes from outside unchecked: the officer and agency are the authenticated
/// principal's, the point is refused by the check unless it is in the reference data, and the document is the
/// one the check looked up by its number. The key to `person` stays: persons are merged and split, and a check
/// must never name a person who is not there.
///
/// SQLite keeps all five (its checks are in-process calls that cost little).
let m0020CheckReferenceChecks = Migration(
    version: 20,
    name: "check_reference_checks",
    statements: [],
    postgresOnly: [
        """
        ALTER TABLE border_check
            DROP CONSTRAINT border_check_officer_id_fkey,
            DROP CONSTRAINT border_check_agency_id_fkey,
            DROP CONSTRAINT border_check_point_code_fkey,
            DROP CONSTRAINT border_check_document_id_fkey
        """
    ]
)
