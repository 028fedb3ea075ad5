import Foundation

/// Reading the lines of a crossing import: JSON Lines through `JSONDecoder`, CSV on bytes.
extension CrossingImport {
    /// A line's fields by name, or the error that made it unreadable.
    struct Entry {
        var line: Int
        var fields: Line
    }

    /// Reads the lines of `data` one by one, handing each readable one to `entry`; an unreadable line goes
    /// to `fail` (line, field, reason). `bytesRead` is told every 50,000 lines, for a progress bar.
    ///
    /// Lines are found on the bytes (no `String` for the whole file) and handed on as they are read, not
    /// kept; CSV fields are cut at commas and trimmed of ASCII spaces and tabs, then made strings one by
    /// one: the per-line `String` splitting and Foundation trimming this replaces cost more than storing
    /// the row.
    static func readLines(
        _ data: Data, format: Format, fail: (Int, String?, String) -> Void, entry: (Entry) -> Void,
        bytesRead: (Int) -> Void = { _ in }
    ) {
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var reader = LineReader(format: format)
            var lineNumber = 0
            var start = 0
            while start <= buffer.count {
                let end = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) ?? buffer.count
                lineNumber += 1
                var last = end
                if last > start, buffer[last - 1] == UInt8(ascii: "\r") { last -= 1 }
                let line = UnsafeRawBufferPointer(rebasing: buffer[start..<last])
                guard reader.read(line, line: lineNumber, fail: fail, entry: entry) else { break }
                if lineNumber % 50_000 == 0 { bytesRead(end) }
                start = end + 1
            }
        }
    }

    /// The state of a read: the CSV header once seen, the entries so far.
    struct LineReader {
        let format: Format
        var columns: [String]?
        let decoder = JSONDecoder()

        init(format: Format) { self.format = format }

        /// Reads one line; false when the rest of the file cannot be read (an unknown CSV column).
        mutating func read(
            _ bytes: UnsafeRawBufferPointer, line: Int, fail: (Int, String?, String) -> Void, entry: (Entry) -> Void
        ) -> Bool {
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return true }
            guard bytes.count <= maximumLineBytes else {
                fail(line, nil, "the line is longer than 16 KiB")
                return true
            }
            switch format {
            case .jsonl:
                do {
                    entry(Entry(line: line, fields: try decoder.decode(Line.self, from: Data(bytes))))
                } catch let error as DecodingError {
                    let reported = AlertImportCheck.lineError(error, line: line)
                    fail(line, reported.field, reported.detail)
                } catch {
                    fail(line, nil, "not a JSON object")
                }
                return true
            case .csv:
                let fields = Self.csvFields(bytes)
                guard let names = columns else {
                    var named: [String] = []
                    for field in fields {
                        guard let name = csvColumns[field.lowercased().replacingOccurrences(of: "_", with: "")] else {
                            fail(line, field, "unknown column")
                            return false
                        }
                        named.append(name)
                    }
                    columns = named
                    return true
                }
                guard fields.count == names.count else {
                    fail(line, nil, "has \(fields.count) fields, the header \(names.count)")
                    return true
                }
                var fieldsByName = Line()
                for (name, value) in zip(names, fields) where !value.isEmpty {
                    switch name {
                    case "id": fieldsByName.id = value
                    case "personId": fieldsByName.personId = value
                    case "documentId": fieldsByName.documentId = value
                    case "pointCode": fieldsByName.pointCode = value
                    case "direction": fieldsByName.direction = value
                    case "occurredAt": fieldsByName.occurredAt = value
                    case "officerId": fieldsByName.officerId = value
                    case "agencyId": fieldsByName.agencyId = value
                    case "decision": fieldsByName.decision = value
                    default: fieldsByName.refusalReasons = value.split(separator: ";").map(String.init)
                    }
                }
                entry(Entry(line: line, fields: fieldsByName))
                return true
            }
        }

        /// A CSV line's fields: cut at every comma (no quoting: no field of a crossing holds one), each
        /// trimmed of ASCII spaces and tabs.
        static func csvFields(_ bytes: UnsafeRawBufferPointer) -> [String] {
            var fields: [String] = []
            fields.reserveCapacity(12)
            var start = 0
            while true {
                let end = bytes[start...].firstIndex(of: UInt8(ascii: ",")) ?? bytes.count
                var first = start
                var last = end
                while first < last, bytes[first] == 0x20 || bytes[first] == 0x09 { first += 1 }
                while last > first, bytes[last - 1] == 0x20 || bytes[last - 1] == 0x09 { last -= 1 }
                fields.append(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[first..<last]), as: UTF8.self))
                if end == bytes.count { return fields }
                start = end + 1
            }
        }
    }

    /// CSV columns, in JSON or snake_case spelling; `refusal_reasons` separated by `;`.
    static let csvColumns: [String: String] = [
        "id": "id", "personid": "personId", "documentid": "documentId", "pointcode": "pointCode",
        "direction": "direction", "occurredat": "occurredAt", "officerid": "officerId", "agencyid": "agencyId",
        "decision": "decision", "refusalreasons": "refusalReasons",
    ]
}
