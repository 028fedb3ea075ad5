/// 0017: on PostgreSQL, a crossing's officer, agency, crossing point and document are checked by the services,
/// not by foreign keys (issue 15 item 4: bulk loads).
///
/// Measured on 200,000 crossings copied within one database (2 cores, PostgreSQL 15): 3.2 s with no foreign
/// key, 4.8 s with the one to `person`, 9.6 s with all five. Four of them point at a handful of hot rows (one
/// agency, a few officers and points), and each inserted row locks its referenced rows (`FOR KEY SHARE`) again.
/// Those four values never come from the outside unchecked: the officer and agency are the authenticated
/// principal's, the point is read from the reference data, the document is looked up by the service, and
/// `kordon import crossings` checks every one of them in the file before it writes a row. The key to `person`
/// stays: persons are merged and split, and a crossing must never name a person who is not there.
///
/// SQLite keeps all five (its checks cost little, and it never holds a national backlog).
let m0017CrossingReferenceChecks = Migration(
    version: 17,
    name: "crossing_reference_checks",
    statements: [],
    postgresOnly: [
        """
        ALTER TABLE crossing
            DROP CONSTRAINT crossing_officer_id_fkey,
            DROP CONSTRAINT crossing_agency_id_fkey,
            DROP CONSTRAINT crossing_point_code_fkey,
            DROP CONSTRAINT crossing_document_id_fkey
        """
    ]
)
