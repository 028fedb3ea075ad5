/// Partner crossings that name the traveller and the vehicle (issue 12 item 4): the document (number and
/// issuing state, as the partner read it), the nationality and the plate, so that a check on this side finds
/// "exited Moldova at Palanca 12 min ago, car BC 7788 AK", and the person's timeline shows it.
let m0014PartnerTravellers = Migration(
    version: 14,
    name: "partner_travellers",
    statements: [
        "ALTER TABLE partner_crossing ADD COLUMN document_number TEXT",
        "ALTER TABLE partner_crossing ADD COLUMN issuing_state TEXT",
        "ALTER TABLE partner_crossing ADD COLUMN nationality TEXT",
        "ALTER TABLE partner_crossing ADD COLUMN plate TEXT",
        "CREATE INDEX partner_crossing_document ON partner_crossing (document_number, issuing_state, occurred_at)",
    ]
)
