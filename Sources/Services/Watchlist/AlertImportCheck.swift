import Foundation
import Store

/// Errors of a bulk import: every bad record with its line and field, one entry per wrong field.
/// Nothing was stored.
public struct AlertImportError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct LineError: Error, Sendable, Equatable, Codable, CustomStringConvertible {
        /// 1-based line of the file (for CSV the header is line 1; a quoted field may span lines: the
        /// record's first line).
        public var line: Int
        public var field: String?
        public var detail: String

        public init(line: Int, field: String?, detail: String) {
            self.line = line
            self.field = field
            self.detail = detail
        }

        public var description: String { "line \(line)" + (field.map { ": \($0)" } ?? "") + ": \(detail)" }
    }

    /// Every problem found, by line, then in the order of the record's fields.
    public var errors: [LineError]

    public init(errors: [LineError]) {
        self.errors = errors
    }

    /// How many records (lines) are wrong; a record with two wrong fields counts once.
    public var badRecords: Int { AlertImportCheck.lineCount(errors) }

    public var description: String {
        "\(badRecords) bad record(s), nothing imported: " + errors.prefix(5).map(\.description).joined(separator: "; ")
    }
}

/// The formats of a bulk import.
public enum AlertImportFormat: String, Sendable, CaseIterable {
    /// One JSON object per line: the fields of ``AlertInput``, with `id` for `reference` (the
    /// screening benchmark's `alerts.jsonl` imports as it is).
    case jsonl
    /// RFC 4180 CSV with a header row naming the columns (same names as JSON, `aliases` as a JSON array).
    case csv
}

/// What an import does with a file that holds bad records.
public enum AlertImportMode: String, Sendable, CaseIterable {
    /// The default (issue 5: "nothing half-imported"): one bad record and nothing is stored.
    case allOrNothing = "all"
    /// Store the good records and report the bad ones (issue 14); a file with no good record stores
    /// nothing and is an error.
    case acceptValid = "valid"
}

/// One record of an import file as read: the input, or every problem that kept it from being read.
/// A record with a readable part carries both (the input is then judged only for the fields that
/// were read).
struct AlertImportLine: Sendable {
    var line: Int
    var input: AlertInput?
    var problems: [AlertImportError.LineError]

    static func read(_ line: Int, _ input: AlertInput) -> AlertImportLine { .init(line: line, input: input, problems: []) }

    static func unreadable(_ line: Int, field: String?, _ detail: String) -> AlertImportLine {
        .init(line: line, input: nil, problems: [.init(line: line, field: field, detail: detail)])
    }
}

/// The validating half of an import, without I/O: every record checked field by field, every
/// problem kept (not only the first, not only the first record's), ids that repeat inside the file
/// refused after their first line.
struct AlertImportCheck: Sendable {
    /// The good records with their lines.
    var records: [(line: Int, record: AlertRecord)] = []
    /// Every problem, by line.
    var errors: [AlertImportError.LineError] = []

    /// Lines of records that are wrong.
    var badRecords: Int { Self.lineCount(errors) }

    static func lineCount(_ errors: [AlertImportError.LineError]) -> Int {
        var count = 0
        var last: Int?
        for error in errors where error.line != last {
            count += 1
            last = error.line
        }
        return count
    }

    init(
        _ lines: [AlertImportLine], agencyId: UUID, now: Date, source: String,
        progress: (Int) -> Void = { _ in }
    ) {
        var lineOfReference: [String: Int] = [:]
        records.reserveCapacity(lines.count)
        for (position, entry) in lines.enumerated() {
            var problems = entry.problems
            if let input = entry.input {
                let unreadable = Set(problems.map(\.field))
                // Time-ordered ids: the alert table's key and its (category, id), (agency_id, id) and
                // (import_id, id) indexes then grow at their ends, so a slice of an import writes a few pages
                // to the log instead of one page per alert per index (issue 15).
                switch input.checked(
                    id: .timeOrdered(), agencyId: agencyId, version: 1, createdAt: now, now: now,
                    defaultReason: "imported from \(source)"
                ) {
                case .failure(let found):
                    // A field that could not be read is reported once, as unreadable.
                    for error in found.errors where !unreadable.contains(error.field) {
                        problems.append(.init(line: entry.line, field: error.field, detail: error.detail))
                    }
                case .success(let record) where problems.isEmpty:
                    if let reference = record.reference, let first = lineOfReference[reference] {
                        problems.append(.init(line: entry.line, field: "id", detail: "the same id as line \(first)"))
                    } else {
                        if let reference = record.reference { lineOfReference[reference] = entry.line }
                        records.append((entry.line, record))
                    }
                case .success:
                    break
                }
            }
            errors.append(contentsOf: problems)
            if position % 10_000 == 9_999 { progress(position + 1) }
        }
    }

    // MARK: - JSON Lines

    /// The longest line accepted (a legitimate alert with many aliases is a few kilobytes).
    static let maximumLineBytes = 64 * 1024

    /// Splits on `\n` (a trailing `\r` is dropped), skips blank lines, decodes each line field by field.
    static func jsonLines(_ data: Data) -> [AlertImportLine] {
        var result: [AlertImportLine] = []
        let decoder = JSONDecoder()
        var lineNumber = 0
        for rawLine in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = rawLine
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            guard line.count <= maximumLineBytes else {
                result.append(.unreadable(lineNumber, field: nil, "the line is longer than 64 KiB"))
                continue
            }
            do {
                let parsed = try decoder.decode(ImportLine.self, from: Data(line))
                result.append(
                    .init(
                        line: lineNumber, input: parsed.input,
                        problems: parsed.problems.map { .init(line: lineNumber, field: $0.field, detail: $0.detail) }
                    )
                )
            } catch let error as DecodingError {
                result.append(.init(line: lineNumber, input: nil, problems: [lineError(error, line: lineNumber)]))
            } catch {
                result.append(.unreadable(lineNumber, field: nil, "not a JSON object"))
            }
        }
        return result
    }

    static func parseTimestamp(_ text: String) -> Date? {
        guard text.count <= 40 else { return nil }
        if let date = WholeSecondTimestamp.parse(text) { return date }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle())
    }

    static func codingPath(_ codingPath: [any CodingKey]) -> String? {
        var result = ""
        for key in codingPath {
            if let index = key.intValue { result += "[\(index)]" } else {
                result += result.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return result.isEmpty ? nil : result
    }

    static func lineError(_ error: DecodingError, line: Int) -> AlertImportError.LineError {
        switch error {
        case .keyNotFound(let key, let context):
            return .init(line: line, field: codingPath(context.codingPath + [key]), detail: "is required")
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return .init(line: line, field: codingPath(context.codingPath), detail: "has the wrong type")
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return .init(line: line, field: nil, detail: "not valid JSON") }
            return .init(line: line, field: codingPath(context.codingPath), detail: "has an invalid value")
        @unknown default:
            return .init(line: line, field: nil, detail: "could not be read")
        }
    }

    /// One import line: ``AlertInput`` with `id` accepted for `reference` (the benchmark's files) and
    /// unknown keys (such as the benchmark's `script`) ignored. Each field is decoded on its own, so a
    /// line with two fields of the wrong type reports both; only a line that is not a JSON object fails.
    struct ImportLine: Decodable {
        var input: AlertInput
        var problems: [(field: String?, detail: String)] = []

        enum Keys: String, CodingKey {
            case id, reference, category, validFrom, validUntil, reason, action, surname, givenNames, patronymic
            case aliases, birthDate, nationality, sex, documentNumber, issuingState, plate
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Keys.self)
            var problems: [(field: String?, detail: String)] = []
            func field<Value: Decodable>(_ type: Value.Type, _ key: Keys) -> Value? {
                do {
                    return try c.decodeIfPresent(type, forKey: key)
                } catch let error as DecodingError {
                    let found = AlertImportCheck.lineError(error, line: 0)
                    problems.append((found.field ?? key.stringValue, found.detail))
                } catch {
                    problems.append((key.stringValue, "could not be read"))
                }
                return nil
            }
            func timestamp(_ key: Keys) -> Date? {
                guard let text = field(String.self, key) else { return nil }
                if let date = AlertImportCheck.parseTimestamp(text) { return date }
                problems.append((key.stringValue, "must be an ISO 8601 UTC timestamp such as 2026-05-01T10:15:00Z"))
                return nil
            }
            let category = field(String.self, .category)
            if category == nil, !problems.contains(where: { $0.field == "category" }) {
                problems.append(("category", "is required"))
            }
            input = AlertInput(
                reference: field(String.self, .reference) ?? field(String.self, .id),
                category: category ?? "",
                validFrom: timestamp(.validFrom),
                validUntil: timestamp(.validUntil),
                reason: field(String.self, .reason),
                action: field(String.self, .action),
                surname: field(String.self, .surname),
                givenNames: field(String.self, .givenNames),
                patronymic: field(String.self, .patronymic),
                aliases: field([AlertAlias].self, .aliases),
                birthDate: field(String.self, .birthDate),
                nationality: field(String.self, .nationality),
                sex: field(String.self, .sex),
                documentNumber: field(String.self, .documentNumber),
                issuingState: field(String.self, .issuingState),
                plate: field(String.self, .plate)
            )
            self.problems = problems
        }
    }

    // MARK: - CSV

    /// RFC 4180: fields separated by commas, optionally quoted with `"` (a doubled `""` inside quotes is a
    /// quote; quoted fields may span lines). The header names the columns, in JSON or snake_case spelling.
    static func csvLines(_ data: Data) -> [AlertImportLine] {
        let text = String(decoding: data, as: UTF8.self)
        let rows = CSVReader.rows(text)
        guard let header = rows.first else { return [] }
        var columns: [String] = []
        var headerProblems: [AlertImportError.LineError] = []
        for name in header.fields {
            let folded = name.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "_", with: "")
            if let column = csvColumns[folded] {
                columns.append(column)
            } else {
                headerProblems.append(.init(line: 1, field: name, detail: "unknown column"))
            }
        }
        if !columns.contains("category") {
            headerProblems.append(.init(line: 1, field: "category", detail: "the header needs a category column"))
        }
        guard headerProblems.isEmpty else { return [.init(line: 1, input: nil, problems: headerProblems)] }
        var result: [AlertImportLine] = []
        for row in rows.dropFirst() {
            if row.fields.allSatisfy({ $0.isEmpty }) { continue }
            if let error = row.error {
                result.append(.unreadable(row.line, field: nil, error))
                continue
            }
            guard row.fields.count == columns.count else {
                result.append(
                    .unreadable(row.line, field: nil, "has \(row.fields.count) fields, the header \(columns.count)")
                )
                continue
            }
            var values: [String: String] = [:]
            for (column, value) in zip(columns, row.fields) where !value.isEmpty { values[column] = value }
            result.append(csvInput(values, line: row.line))
        }
        return result
    }

    static let csvColumns: [String: String] = [
        "id": "reference", "reference": "reference", "category": "category", "validfrom": "validFrom",
        "validuntil": "validUntil", "reason": "reason", "action": "action", "surname": "surname",
        "givennames": "givenNames", "patronymic": "patronymic", "aliases": "aliases", "birthdate": "birthDate",
        "nationality": "nationality", "sex": "sex", "documentnumber": "documentNumber",
        "issuingstate": "issuingState", "plate": "plate", "script": "script",
    ]

    static func csvInput(_ values: [String: String], line: Int) -> AlertImportLine {
        var problems: [AlertImportError.LineError] = []
        if values["category"] == nil { problems.append(.init(line: line, field: "category", detail: "is required")) }
        var input = AlertInput(
            reference: values["reference"], category: values["category"] ?? "", reason: values["reason"],
            action: values["action"], surname: values["surname"], givenNames: values["givenNames"],
            patronymic: values["patronymic"], birthDate: values["birthDate"], nationality: values["nationality"],
            sex: values["sex"], documentNumber: values["documentNumber"], issuingState: values["issuingState"],
            plate: values["plate"]
        )
        for field in ["validFrom", "validUntil"] {
            guard let text = values[field] else { continue }
            guard let date = parseTimestamp(text) else {
                problems.append(.init(line: line, field: field, detail: "must be an ISO 8601 UTC timestamp"))
                continue
            }
            if field == "validFrom" { input.validFrom = date } else { input.validUntil = date }
        }
        if let aliases = values["aliases"] {
            if let list = try? JSONDecoder().decode([AlertAlias].self, from: Data(aliases.utf8)) {
                input.aliases = list
            } else {
                problems.append(
                    .init(line: line, field: "aliases", detail: #"must be a JSON array such as [{"surname":"…"}]"#)
                )
            }
        }
        return .init(line: line, input: input, problems: problems)
    }
}

/// A small RFC 4180 reader that keeps the line each record starts on.
enum CSVReader {
    struct Row {
        var line: Int
        var fields: [String]
        var error: String?
    }

    static func rows(_ text: String) -> [Row] {
        var rows: [Row] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1
        var startLine = 1
        var error: String?
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = scalars.next()
        func endRow() {
            fields.append(field)
            rows.append(Row(line: startLine, fields: fields, error: error))
            fields = []
            field = ""
            error = nil
        }
        while let scalar = pending {
            pending = scalars.next()
            if inQuotes {
                if scalar == "\"" {
                    if pending == "\"" {
                        field.unicodeScalars.append("\"")
                        pending = scalars.next()
                    } else {
                        inQuotes = false
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"":
                if field.isEmpty { inQuotes = true } else { error = "a quote inside an unquoted field" }
            case ",":
                fields.append(field)
                field = ""
            case "\r":
                continue
            case "\n":
                endRow()
                line += 1
                startLine = line
            default:
                field.unicodeScalars.append(scalar)
            }
        }
        if inQuotes { error = "a quoted field is not closed" }
        if !field.isEmpty || !fields.isEmpty || error != nil { endRow() }
        return rows
    }
}
