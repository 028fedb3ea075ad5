/// Second line's queue with ownership (issue 16 item 3): an officer "takes" a referred check so that two
/// officers do not work the same traveller; a colleague takes it over explicitly (recorded), never silently.
let m0013CheckOwnership = Migration(
    version: 13,
    name: "check_ownership",
    statements: [
        "ALTER TABLE border_check ADD COLUMN taken_by {uuid}",
        "ALTER TABLE border_check ADD COLUMN taken_at {timestamp}",
    ]
)
