import PostgresKit
import SQLiteKit

extension KordonDatabase {
    /// True when `error` is a unique-key violation (PostgreSQL SQLSTATE 23505, SQLite
    /// `SQLITE_CONSTRAINT_UNIQUE` or `_PRIMARYKEY`): a concurrent writer stored the same key first, so
    /// the caller may retry and find the row (an amendment rather than a failure).
    public static func isUniqueViolation(_ error: any Error) -> Bool {
        if let error = error as? PSQLError { return error.serverInfo?[.sqlState] == "23505" }
        if let error = error as? SQLiteError {
            return error.reason == .constraintUniqueFailed || error.reason == .constraintPrimaryKeyFailed
        }
        return false
    }
}

extension KordonDatabase {
    /// The engine's code for a database error, never its message (which may quote stored values, and logs
    /// hold no personal data): `sqlite busy`, `sqlite constraintForeignKeyFailed`, `postgres 40P01`. Nil for
    /// an error that is not the database's. What an operator needs to tell a busy database from a bug.
    public static func errorCode(_ error: any Error) -> String? {
        if let error = error as? PSQLError {
            return "postgres " + (error.serverInfo?[.sqlState] ?? "\(error.code)")
        }
        if let error = error as? SQLiteError { return "sqlite \(error.reason)" }
        return nil
    }
}
