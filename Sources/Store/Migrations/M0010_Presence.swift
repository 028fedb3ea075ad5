/// 0030: who is in the country, kept as crossings are recorded (issue 15: "presence kept as you go").
///
/// One row per person whose latest admitted crossing (by time, then id) is an entry: the entry, where,
/// and the outlook of the stay (`StayRules.StayOutlook`) so the overstayer list is an index read:
///
/// - `authorised_through` is the last authorised UTC day (days since 1970-01-01) of the run that held the
///   day it was computed on; `NULL` with a `basis` means authorised with no end (or a citizen).
/// - `overstay_base`: on a day `d` after `authorised_through` (and before `resumes_on`) the person is `d -
///   overstay_base` days over; the `presence_overstay` index orders the list by days over.
/// - `resumes_on`: a later authorisation starts that day; the row is computed again from then.
/// - `basis` is `NULL` until the outlook is computed: the backfill below fills who, where and since when in
///   SQL (the rule "latest admitted crossing is an entry" lives in this statement and in
///   `PresenceKeeper`); the stay rules are Swift, so the server computes the outlook of such rows when it
///   starts (`PresenceKeeper.completePending`).
///
/// The version may be renumbered when merged; the statements stay as they are.
let m0010Presence = Migration(
    version: 10,
    name: "presence",
    statements: [
        """
        CREATE TABLE presence (
            person_id {uuid} PRIMARY KEY REFERENCES person(id),
            crossing_id {uuid} NOT NULL,
            entered_at {timestamp} NOT NULL,
            entry_point TEXT NOT NULL,
            nationality TEXT NOT NULL,
            basis TEXT,
            authorised_through INTEGER,
            overstay_base INTEGER,
            resumes_on INTEGER,
            computed_at {timestamp}
        )
        """,
        "CREATE INDEX presence_overstay ON presence (overstay_base, person_id)",
        "CREATE INDEX presence_pending ON presence (basis, person_id)",
        "CREATE INDEX presence_resumes ON presence (resumes_on)",
        """
        INSERT INTO presence (person_id, crossing_id, entered_at, entry_point, nationality)
        SELECT c.person_id, c.id, c.occurred_at, c.point_code, p.nationality
        FROM crossing c JOIN person p ON p.id = c.person_id
        WHERE c.direction = 'entry' AND c.decision = 'admitted'
        AND NOT EXISTS (
            SELECT 1 FROM crossing later WHERE later.person_id = c.person_id AND later.decision = 'admitted'
            AND (later.occurred_at > c.occurred_at OR (later.occurred_at = c.occurred_at AND later.id > c.id))
        )
        """,
    ]
)
