import Foundation

/// Where the store lives: an embedded SQLite file (the default) or a PostgreSQL server.
///
/// DESIGN.md, "Scale path": one process on SQLite serves a crossing point or a demo; the national
/// system runs on PostgreSQL. Both speak through the same repositories.
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    /// A SQLite database file, created with its folder when missing.
    case sqlite(path: String)
    /// A PostgreSQL connection URL (`postgres://user:password@host:port/database`).
    case postgres(url: String)

    /// The location chosen by the command line: an explicit URL wins, then `KORDON_DATABASE_URL`,
    /// then a SQLite file `kordon.sqlite` under the data folder.
    public static func resolve(databaseURL: String?, dataDirectory: String, environment: [String: String])
        throws(StoreError) -> DatabaseLocation
    {
        if let url = databaseURL ?? environment["KORDON_DATABASE_URL"], !url.isEmpty {
            if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
                return .postgres(url: url)
            }
            if url.hasPrefix("sqlite:") {
                return .sqlite(path: String(url.dropFirst("sqlite:".count)))
            }
            throw StoreError(.invalidConfiguration, detail: "database URL must start with postgres:// or sqlite:")
        }
        return .sqlite(path: (dataDirectory as NSString).appendingPathComponent("kordon.sqlite"))
    }

    /// The read replica chosen by the command line (`--read-database`, then `KORDON_READ_DATABASE_URL`), or
    /// nil. Only a PostgreSQL store has one, and it is a PostgreSQL URL.
    public static func resolveReplica(
        readURL: String?, primary: DatabaseLocation, environment: [String: String]
    ) throws(StoreError) -> DatabaseLocation? {
        guard let url = readURL ?? environment["KORDON_READ_DATABASE_URL"], !url.isEmpty else { return nil }
        guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
            throw StoreError(.invalidConfiguration, field: "read-database", detail: "a read replica URL must start with postgres://")
        }
        guard case .postgres = primary else {
            throw StoreError(
                .invalidConfiguration, field: "read-database",
                detail: "a read replica needs a PostgreSQL store (--database postgres://…); SQLite has no replicas"
            )
        }
        return .postgres(url: url)
    }

    /// A description that never shows a password.
    public var description: String {
        switch self {
        case .sqlite(let path): return "sqlite:\(path)"
        case .postgres(let url):
            guard var components = URLComponents(string: url) else { return "postgres://…" }
            if components.password != nil { components.password = "***" }
            return components.string ?? "postgres://…"
        }
    }
}

/// The two database engines the store speaks to.
public enum DatabaseKind: String, Sendable, Codable {
    case sqlite
    case postgres
}
