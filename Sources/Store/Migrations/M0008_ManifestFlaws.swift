/// 0008: manifests read as carriers send them (issue 14: "read what can be read").
///
/// - `flight.manifest_complete` is false when the last manifest received for the flight had segments
///   missing (cut off, a message without its trailer): the carrier should send it again.
/// - `flight.manifest_flaws` holds the flaws the parser reported on that manifest, as a JSON array of
///   `{kind, severity, traveller, field, position, message}`: positions and codes, never personal data.
/// - `manifest_traveller.documents` keeps every document a traveller's manifest entry names (passport,
///   visa, …) as a JSON array; `document_*` stay the one the border check meets first.
/// - `crossing_point.icao` is the airport's ICAO location indicator from the reference data, so a
///   manifest naming the arrival airport by ICAO indicator maps to the point through data, not a table.
///
/// The version may be renumbered when merged beside another 0005; the statements stay as they are.
let m0008ManifestFlaws = Migration(
    version: 8,
    name: "manifest_flaws",
    statements: [
        "ALTER TABLE flight ADD COLUMN manifest_complete {bool} NOT NULL DEFAULT TRUE",
        "ALTER TABLE flight ADD COLUMN manifest_flaws TEXT NOT NULL DEFAULT '[]'",
        "ALTER TABLE manifest_traveller ADD COLUMN documents TEXT NOT NULL DEFAULT '[]'",
        "ALTER TABLE crossing_point ADD COLUMN icao TEXT",
    ]
)
