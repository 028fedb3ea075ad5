/// 0020: real-time exchange (issue 12): subscriptions with their delivery cursor, the hash-chained log
/// of every message sent or received, partner installations and the records they send.
///
/// - `subscription`: an agency's standing request for events of some types (comma lists; an empty
///   filter list means "any"), delivered to `url` under the need-to-know of `role` in that agency.
///   `cursor_seq` is the last outbox position delivered (or passed over); the delivery state
///   (`failure_count` consecutive failures, `last_error`, times) is what administrators see. On
///   PostgreSQL, where several Kordon processes share the database, the process holding the lease
///   (`lease_owner` until `lease_until`) is the one that delivers.
/// - `exchange_message`: every message sent or received, its signature and key id, chained like the
///   audit trail (`entry_hash = SHA-256(prev_hash ‖ canonical bytes)`). `exchange_log_anchor` holds the
///   sequence number and hash of the last message removed by retention: the chain goes on from there.
/// - `partner`: another Kordon installation (the neighbouring state's), its URL and public key;
///   `inbound_seq` is the last sender position accepted from it (replays and reordering are refused).
/// - `partner_crossing`: crossings at joint points as the partner reported them.
///
/// The version may be renumbered when merged; the statements stay as they are.
let m0012Exchange = Migration(
    version: 12,
    name: "exchange",
    statements: [
        """
        CREATE TABLE subscription (
            id {uuid} PRIMARY KEY,
            agency_id {uuid} NOT NULL REFERENCES agency(id),
            role TEXT NOT NULL,
            event_types TEXT NOT NULL,
            point_codes TEXT NOT NULL DEFAULT '',
            alert_categories TEXT NOT NULL DEFAULT '',
            url TEXT NOT NULL,
            status TEXT NOT NULL,
            created_by {uuid},
            created_at {timestamp} NOT NULL,
            revoked_at {timestamp},
            cursor_seq BIGINT NOT NULL DEFAULT 0,
            delivered_count BIGINT NOT NULL DEFAULT 0,
            failure_count BIGINT NOT NULL DEFAULT 0,
            last_error TEXT,
            last_attempt_at {timestamp},
            last_delivered_at {timestamp},
            last_delivered_seq BIGINT NOT NULL DEFAULT 0,
            lease_owner TEXT,
            lease_until {timestamp}
        )
        """,
        "CREATE INDEX subscription_agency ON subscription (agency_id)",
        """
        CREATE TABLE exchange_message (
            seq BIGINT PRIMARY KEY,
            id {uuid} NOT NULL UNIQUE,
            occurred_at_ms BIGINT NOT NULL,
            direction TEXT NOT NULL,
            peer TEXT NOT NULL,
            key_id TEXT NOT NULL,
            signature TEXT NOT NULL,
            body TEXT NOT NULL,
            outcome TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            entry_hash TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE exchange_log_anchor (
            id INTEGER PRIMARY KEY,
            seq BIGINT NOT NULL,
            entry_hash TEXT NOT NULL,
            pruned_at {timestamp} NOT NULL
        )
        """,
        """
        CREATE TABLE partner (
            id {uuid} PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            country TEXT NOT NULL,
            url TEXT NOT NULL,
            public_key TEXT NOT NULL,
            key_id TEXT NOT NULL UNIQUE,
            agency_id {uuid} NOT NULL REFERENCES agency(id),
            subscription_id {uuid} NOT NULL REFERENCES subscription(id),
            inbound_seq BIGINT NOT NULL DEFAULT 0,
            created_at {timestamp} NOT NULL
        )
        """,
        """
        CREATE TABLE partner_crossing (
            id {uuid} PRIMARY KEY,
            partner_id {uuid} NOT NULL REFERENCES partner(id),
            remote_seq BIGINT NOT NULL,
            remote_id TEXT NOT NULL,
            point_code TEXT NOT NULL,
            direction TEXT NOT NULL,
            decision TEXT,
            occurred_at {timestamp} NOT NULL,
            received_at {timestamp} NOT NULL,
            UNIQUE (partner_id, remote_id)
        )
        """,
        "CREATE INDEX partner_crossing_point ON partner_crossing (point_code, occurred_at)",
    ]
)
