import Foundation
import SQLKit

/// UUIDs as SQLite keeps them: 36 characters of text (RFC 9562 §4, `8-4-4-4-12` hexadecimal digits).
///
/// Foundation's `UUID(uuidString:)` on Linux parses with `sscanf`: 16 % of a 1 M-crossing load's presence pass on
/// SQLite went there (`perf`, issue 15), four UUIDs per crossing read. This reads the same format, and only
/// that format (upper or lower case, hyphens where RFC 9562 puts them), in one pass over the bytes.
public enum UUIDText {
    /// The UUID `text` spells, or `nil` when it is not a UUID in its canonical text form.
    public static func parse(_ text: String) -> UUID? {
        var text = text
        return text.withUTF8 { parse(bytes: $0) }
    }

    static func parse(bytes: UnsafeBufferPointer<UInt8>) -> UUID? {
        guard bytes.count == 36, bytes[8] == hyphen, bytes[13] == hyphen, bytes[18] == hyphen, bytes[23] == hyphen else {
            return nil
        }
        var value: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let parsed = withUnsafeMutableBytes(of: &value) { out -> Bool in
            var position = 0
            for index in 0..<16 {
                if position == 8 || position == 13 || position == 18 || position == 23 { position += 1 }
                guard let high = digit(bytes[position]), let low = digit(bytes[position + 1]) else { return false }
                out[index] = high << 4 | low
                position += 2
            }
            return true
        }
        return parsed ? UUID(uuid: value) : nil
    }

    private static let hyphen = UInt8(ascii: "-")

    @inline(__always)
    private static func digit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte &- UInt8(ascii: "a") &+ 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte &- UInt8(ascii: "A") &+ 10
        default: nil
        }
    }
}

extension SQLRow {
    /// A UUID column read as its text and parsed by ``UUIDText`` (SQLite stores UUIDs as text; PostgreSQL's
    /// `uuid` decodes to the same text). A value that is not a UUID is a ``StoreError`` naming the column.
    func decodeUUID(column: String) throws -> UUID {
        guard let id = try decodeUUIDIfPresent(column: column) else {
            throw StoreError(.invalidValue, field: column, detail: "missing in database")
        }
        return id
    }

    /// As ``decodeUUID(column:)``, `nil` for SQL `NULL`.
    func decodeUUIDIfPresent(column: String) throws -> UUID? {
        guard let text = try decode(column: column, as: String?.self) else { return nil }
        guard let id = UUIDText.parse(text) else {
            throw StoreError(.invalidValue, field: column, detail: "not a UUID in database")
        }
        return id
    }
}
