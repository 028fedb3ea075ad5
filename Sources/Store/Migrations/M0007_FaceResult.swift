/// Face verifications of border checks (issue 13): the result and a SHA-256 of each image, never the image.
///
/// One row per comparison (an officer may retake the live photo); the check's own `result` JSON carries the
/// latest, as the officer saw it. Numbered 7 when merged after the credentials (5) and audit (6) migrations.
let m0007FaceResult = Migration(
    version: 7,
    name: "face_result",
    statements: [
        """
        CREATE TABLE face_check (
            id {uuid} PRIMARY KEY,
            check_id {uuid} NOT NULL REFERENCES border_check(id),
            officer_id {uuid} NOT NULL REFERENCES officer(id),
            outcome TEXT NOT NULL CHECK (outcome IN ('match', 'no_match', 'cannot_tell')),
            reason TEXT,
            image TEXT,
            distance {double},
            threshold {double} NOT NULL,
            live_sha256 TEXT NOT NULL,
            reference_sha256 TEXT NOT NULL,
            reference_source TEXT NOT NULL,
            elapsed_ms {double} NOT NULL,
            created_at {timestamp} NOT NULL
        )
        """,
        "CREATE INDEX face_check_check ON face_check (check_id, created_at)",
    ]
)
