/// 0005: accountable credentials and honest crossing times (issue 10 items 2 and 5).
///
/// - `api_token` gains an expiry, the time it was last used (coarse: updated at most every few
///   minutes, so a busy booth does not write on every request), and who issued it: a token is
///   either taken by its officer himself, or its issue names the issuer.
/// - `enrolment_code`: a one-time code an administrator hands an officer, who exchanges it for his
///   own token. Stored as SHA-256 like tokens; used once; expires.
/// - `console_session`: the console's server-side sessions (random id stored hashed, a CSRF value,
///   idle and absolute expiry, revoked at sign-out).
/// - `crossing` gains `corrects_id` (a correction is a new record pointing to the one it corrects,
///   never an overwrite) and `backdate_reason` (why a record is dated outside the recent window).
let m0005Credentials = Migration(
    version: 5,
    name: "credentials",
    statements: [
        "ALTER TABLE api_token ADD COLUMN expires_at {timestamp}",
        "ALTER TABLE api_token ADD COLUMN last_used_at {timestamp}",
        "ALTER TABLE api_token ADD COLUMN issued_by {uuid}",
        """
        CREATE TABLE enrolment_code (
            code_sha256 TEXT PRIMARY KEY,
            officer_id {uuid} NOT NULL REFERENCES officer(id),
            issued_by {uuid},
            created_at {timestamp} NOT NULL,
            expires_at {timestamp} NOT NULL,
            used_at {timestamp}
        )
        """,
        "CREATE INDEX enrolment_code_officer ON enrolment_code (officer_id)",
        """
        CREATE TABLE console_session (
            id_sha256 TEXT PRIMARY KEY,
            officer_id {uuid} NOT NULL REFERENCES officer(id),
            csrf TEXT NOT NULL,
            created_at {timestamp} NOT NULL,
            last_seen_at {timestamp} NOT NULL,
            expires_at {timestamp} NOT NULL,
            revoked_at {timestamp}
        )
        """,
        "CREATE INDEX console_session_officer ON console_session (officer_id)",
        "ALTER TABLE crossing ADD COLUMN corrects_id {uuid}",
        "ALTER TABLE crossing ADD COLUMN backdate_reason TEXT",
    ]
)
