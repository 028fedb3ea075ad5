/// 0031: a large watchlist import never stops the border (issue 15): it stores in short transactions
/// and is switched in at the end with one row.
///
/// - `alert_import` is one import: `staging` while its alerts are stored, `switched` from the moment they
///   are visible (one `UPDATE` of this row: all or nothing to every reader), `published` once the change
///   log, the audit trail and the outbox have been written for every alert (in short transactions after
///   the switch, from `published_through`, so a restarted server finishes the work), `abandoned` when
///   the import failed and its staged alerts were removed.
/// - `alert.import_id` names the import an alert came with (`NULL`: created one by one). Every read of
///   `alert` shows only alerts without an import or of a switched one (`AlertRepository.visible`).
///
/// The version may be renumbered when merged; the statements stay as they are.
let m0011AlertImportStaging = Migration(
    version: 11,
    name: "alert_import_staging",
    statements: [
        """
        CREATE TABLE alert_import (
            id {uuid} PRIMARY KEY,
            agency_id {uuid} NOT NULL REFERENCES agency(id),
            state TEXT NOT NULL CHECK (state IN ('staging', 'switched', 'published', 'abandoned')),
            total INTEGER NOT NULL,
            source TEXT NOT NULL,
            published_through {uuid},
            created_at {timestamp} NOT NULL,
            switched_at {timestamp}
        )
        """,
        "ALTER TABLE alert ADD COLUMN import_id {uuid}",
        "CREATE INDEX alert_import_rows ON alert (import_id, id)",
    ]
)
