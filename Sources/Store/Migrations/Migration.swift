import Crypto
import Foundation

/// One versioned, append-only schema change (STYLE.md §11; GRDB's "never modified once it has shipped").
///
/// The SQL is written once for both engines with a few type placeholders, filled in per dialect by
/// `SchemaDialect`. The checksum of the rendered statements is stored when the migration is applied,
/// so an edited migration is caught at start instead of leaving two databases with different schemas.
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    /// Statements common to both engines, with placeholders (`{uuid}`, `{timestamp}`, …).
    let statements: [String]
    /// Extra statements for PostgreSQL only (triggers in PL/pgSQL, …).
    let postgresOnly: [String]
    /// Extra statements for SQLite only.
    let sqliteOnly: [String]

    init(version: Int, name: String, statements: [String], postgresOnly: [String] = [], sqliteOnly: [String] = []) {
        self.version = version
        self.name = name
        self.statements = statements
        self.postgresOnly = postgresOnly
        self.sqliteOnly = sqliteOnly
    }

    /// The statements as they run on `kind`.
    func rendered(for kind: DatabaseKind) -> [String] {
        let dialect = SchemaDialect(kind: kind)
        let extra = kind == .postgres ? postgresOnly : sqliteOnly
        return (statements + extra).map(dialect.render)
    }

    /// SHA-256 over the rendered statements, hex.
    func checksum(for kind: DatabaseKind) -> String {
        let joined = rendered(for: kind).joined(separator: ";\n")
        return SHA256.hash(data: Data(joined.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

/// Column types that differ between the engines, named once (STYLE.md §11: ask the dialect in one helper).
struct SchemaDialect {
    let kind: DatabaseKind

    /// PostgreSQL has native `uuid`, `timestamptz`, `jsonb`, `boolean`; SQLite stores UUIDs as text,
    /// `Date`s as seconds since 1970 (REAL, which is how sqlite-nio binds them), JSON as text and
    /// booleans as integers.
    func render(_ statement: String) -> String {
        let types: [(String, String, String)] = [
            ("{uuid}", "UUID", "TEXT"),
            ("{timestamp}", "TIMESTAMPTZ", "REAL"),
            ("{json}", "JSONB", "TEXT"),
            ("{bool}", "BOOLEAN", "INTEGER"),
            ("{double}", "DOUBLE PRECISION", "REAL"),
            ("{serial}", "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY", "INTEGER PRIMARY KEY AUTOINCREMENT"),
        ]
        var result = statement
        for (placeholder, postgres, sqlite) in types {
            result = result.replacingOccurrences(of: placeholder, with: kind == .postgres ? postgres : sqlite)
        }
        return result
    }
}
