/// Two additions to the exchange (issue 12):
/// - a subscription may ask only for events about persons on the subscribing agency's own list (its alerts and
///   its register records), so police hear of *their* wanted persons crossing, not of every traveller;
/// - a partner crossing carries the customs declaration reference entered with it at a joint point, so the
///   receiving side's officer sees which declaration the car crossed under.
let m0015ExchangeLists = Migration(
    version: 15,
    name: "exchange_lists",
    statements: [
        "ALTER TABLE subscription ADD COLUMN own_list {bool} NOT NULL DEFAULT FALSE",
        "ALTER TABLE partner_crossing ADD COLUMN customs_reference TEXT",
    ]
)
