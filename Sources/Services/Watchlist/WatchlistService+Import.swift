import Foundation
import Store

/// Errors of a bulk import: every bad line with its number and field, up to ``maximumErrors``.
/// Nothing was stored.
public struct AlertImportError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct LineError: Error, Sendable, Equatable, Codable, CustomStringConvertible {
        /// 1-based line of the file (for CSV the header is line 1).
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

    public var errors: [LineError]
    /// True when more lines were wrong than are listed.
    public var truncated: Bool

    public static let maximumErrors = 100

    public var description: String {
        "\(errors.count)\(truncated ? "+" : "") bad line(s), nothing imported: "
            + errors.prefix(5).map(\.description).joined(separator: "; ")
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

/// Where an import stands, for a progress bar.
public struct AlertImportProgress: Sendable, Equatable {
    public enum Stage: String, Sendable { case validating, storing, indexing }
    public var stage: Stage
    public var done: Int
    public var total: Int
}

/// What an import did.
public struct AlertImportSummary: Codable, Sendable, Equatable {
    public var imported: Int
    public var alertIds: [UUID]?
}

extension WatchlistService {
    /// The longest line accepted (a legitimate alert with many aliases is a few kilobytes).
    static let maximumLineBytes = 64 * 1024

    /// Imports alerts for the caller's agency: every line is checked first, then all are stored in
    /// one transaction, or none (issue 5: "nothing half-imported").
    public func importAlerts(
        _ data: Data, format: AlertImportFormat, context: AccessContext,
        progress: @escaping @Sendable (AlertImportProgress) -> Void = { _ in }
    ) async throws -> AlertImportSummary {
        try context.authorize(.create, .alert)
        return try await importAlerts(
            data, format: format, agencyId: context.principal.agencyId,
            audit: { action, ids in context.audit(action, "alert", ids: ids, persons: []) }, progress: progress
        )
    }

    /// Imports alerts for the agency with this code, as the command line does (no officer: the audit
    /// trail records the import under the purpose `watchlist_import_cli`).
    public func importAlerts(
        _ data: Data, format: AlertImportFormat, agencyCode: String,
        progress: @escaping @Sendable (AlertImportProgress) -> Void = { _ in }
    ) async throws -> AlertImportSummary {
        guard let agency = try await database.repositories.agencies.find(code: agencyCode) else {
            throw ServiceError(.notFound, field: "agency", "no agency with this code")
        }
        return try await importAlerts(
            data, format: format, agencyId: agency.id,
            audit: { action, ids in
                AuditRecord(
                    officerId: nil, agencyId: agency.id, requestId: nil, purpose: "watchlist_import_cli",
                    action: action, resourceType: "alert", resourceIds: ids, personIds: []
                )
            },
            progress: progress
        )
    }

    /// Imports alerts already in memory for the agency with this code (the demo's seeded
    /// watchlists), with the same checks, audit and outbox as a file import. Errors name the
    /// input's position from 1 as its line; `source` is the audit purpose and the default reason.
    public func importAlerts(_ inputs: [AlertInput], agencyCode: String, source: String) async throws
        -> AlertImportSummary
    {
        guard let agency = try await database.repositories.agencies.find(code: agencyCode) else {
            throw ServiceError(.notFound, field: "agency", "no agency with this code")
        }
        return try await importAlerts(
            inputs.enumerated().map { (line: $0.offset + 1, input: .success($0.element)) }, source: source,
            agencyId: agency.id,
            audit: { action, ids in
                AuditRecord(
                    officerId: nil, agencyId: agency.id, requestId: nil, purpose: source, action: action,
                    resourceType: "alert", resourceIds: ids, personIds: []
                )
            },
            progress: { _ in }
        )
    }

    func importAlerts(
        _ data: Data, format: AlertImportFormat, agencyId: UUID,
        audit: @escaping @Sendable (String, [String]) -> AuditRecord,
        progress: @escaping @Sendable (AlertImportProgress) -> Void
    ) async throws -> AlertImportSummary {
        let lines: [(line: Int, input: Result<AlertInput, AlertImportError.LineError>)]
        switch format {
        case .jsonl: lines = Self.jsonLines(data)
        case .csv: lines = Self.csvLines(data)
        }
        return try await importAlerts(
            lines, source: "a \(format.rawValue) file", agencyId: agencyId, audit: audit, progress: progress
        )
    }

    /// Checks every line, then stores all in one transaction or none. `source` completes the default
    /// reason ("imported from …") of lines that carry none.
    func importAlerts(
        _ lines: [(line: Int, input: Result<AlertInput, AlertImportError.LineError>)], source: String,
        agencyId: UUID, audit: @escaping @Sendable (String, [String]) -> AuditRecord,
        progress: @escaping @Sendable (AlertImportProgress) -> Void
    ) async throws -> AlertImportSummary {
        let now = clock()
        var errors: [AlertImportError.LineError] = []
        var truncated = false
        func fail(_ error: AlertImportError.LineError) {
            if errors.count < AlertImportError.maximumErrors { errors.append(error) } else { truncated = true }
        }
        var records: [AlertRecord] = []
        var lineOfReference: [String: Int] = [:]
        records.reserveCapacity(lines.count)
        for (position, entry) in lines.enumerated() {
            switch entry.input {
            case .failure(let error):
                fail(error)
            case .success(let input):
                switch Self.validated(input, agencyId: agencyId, now: now, source: source) {
                case .failure(let error):
                    fail(.init(line: entry.line, field: error.field, detail: error.detail))
                case .success(let record):
                    if let reference = record.reference {
                        if let first = lineOfReference[reference] {
                            fail(.init(line: entry.line, field: "id", detail: "the same id as line \(first)"))
                        } else {
                            lineOfReference[reference] = entry.line
                        }
                    }
                    records.append(record)
                }
            }
            if position % 10_000 == 9_999 { progress(.init(stage: .validating, done: position + 1, total: lines.count)) }
        }
        progress(.init(stage: .validating, done: lines.count, total: lines.count))
        if lines.isEmpty { fail(.init(line: 1, field: nil, detail: "the file holds no alerts")) }
        if !errors.isEmpty { throw AlertImportError(errors: errors, truncated: truncated) }

        let all = records
        try await storeStaged(
            all, lineOf: lineOfReference, agencyId: agencyId, source: source, now: now, audit: audit, progress: progress
        )
        progress(.init(stage: .indexing, done: 0, total: all.count))
        await changed(all, now: now)
        progress(.init(stage: .indexing, done: all.count, total: all.count))
        return AlertImportSummary(imported: all.count, alertIds: all.count <= 1_000 ? all.map(\.id) : nil)
    }

    static func validated(_ input: AlertInput, agencyId: UUID, now: Date, source: String)
        -> Result<AlertRecord, ServiceError>
    {
        do {
            return .success(
                try input.record(
                    id: UUID(), agencyId: agencyId, version: 1, createdAt: now, now: now,
                    defaultReason: "imported from \(source)"
                )
            )
        } catch {
            return .failure(error)
        }
    }

    // MARK: - JSON Lines

    /// Splits on `\n` (a trailing `\r` is dropped), skips blank lines, decodes each line.
    static func jsonLines(_ data: Data) -> [(line: Int, input: Result<AlertInput, AlertImportError.LineError>)] {
        var result: [(line: Int, input: Result<AlertInput, AlertImportError.LineError>)] = []
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            if let date = parseTimestamp(text) { return date }
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "must be an ISO 8601 UTC timestamp such as 2026-05-01T10:15:00Z"
            )
        }
        var lineNumber = 0
        for rawLine in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = rawLine
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            guard line.count <= maximumLineBytes else {
                result.append((lineNumber, .failure(.init(line: lineNumber, field: nil, detail: "the line is longer than 64 KiB"))))
                continue
            }
            do {
                let parsed = try decoder.decode(ImportLine.self, from: Data(line))
                result.append((lineNumber, .success(parsed.input)))
            } catch let error as DecodingError {
                result.append((lineNumber, .failure(lineError(error, line: lineNumber))))
            } catch {
                result.append((lineNumber, .failure(.init(line: lineNumber, field: nil, detail: "not a JSON object"))))
            }
        }
        return result
    }

    static func parseTimestamp(_ text: String) -> Date? {
        guard text.count <= 40 else { return nil }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle())
    }

    static func lineError(_ error: DecodingError, line: Int) -> AlertImportError.LineError {
        func path(_ codingPath: [any CodingKey]) -> String? {
            var result = ""
            for key in codingPath {
                if let index = key.intValue { result += "[\(index)]" } else {
                    result += result.isEmpty ? key.stringValue : ".\(key.stringValue)"
                }
            }
            return result.isEmpty ? nil : result
        }
        switch error {
        case .keyNotFound(let key, let context):
            return .init(line: line, field: path(context.codingPath + [key]), detail: "is required")
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return .init(line: line, field: path(context.codingPath), detail: "has the wrong type")
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return .init(line: line, field: nil, detail: "not valid JSON") }
            return .init(line: line, field: path(context.codingPath), detail: "has an invalid value")
        @unknown default:
            return .init(line: line, field: nil, detail: "could not be read")
        }
    }

    /// One import line: ``AlertInput`` with `id` accepted for `reference` (the benchmark's files) and
    /// unknown keys (such as the benchmark's `script`) ignored.
    struct ImportLine: Decodable {
        var input: AlertInput

        enum Keys: String, CodingKey {
            case id, reference, category, validFrom, validUntil, reason, action, surname, givenNames, patronymic
            case aliases, birthDate, nationality, sex, documentNumber, issuingState, plate
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Keys.self)
            input = AlertInput(
                reference: try c.decodeIfPresent(String.self, forKey: .reference)
                    ?? c.decodeIfPresent(String.self, forKey: .id),
                category: try c.decode(String.self, forKey: .category),
                validFrom: try c.decodeIfPresent(Date.self, forKey: .validFrom),
                validUntil: try c.decodeIfPresent(Date.self, forKey: .validUntil),
                reason: try c.decodeIfPresent(String.self, forKey: .reason),
                action: try c.decodeIfPresent(String.self, forKey: .action),
                surname: try c.decodeIfPresent(String.self, forKey: .surname),
                givenNames: try c.decodeIfPresent(String.self, forKey: .givenNames),
                patronymic: try c.decodeIfPresent(String.self, forKey: .patronymic),
                aliases: try c.decodeIfPresent([AlertAlias].self, forKey: .aliases),
                birthDate: try c.decodeIfPresent(String.self, forKey: .birthDate),
                nationality: try c.decodeIfPresent(String.self, forKey: .nationality),
                sex: try c.decodeIfPresent(String.self, forKey: .sex),
                documentNumber: try c.decodeIfPresent(String.self, forKey: .documentNumber),
                issuingState: try c.decodeIfPresent(String.self, forKey: .issuingState),
                plate: try c.decodeIfPresent(String.self, forKey: .plate)
            )
        }
    }

    // MARK: - CSV

    /// RFC 4180: fields separated by commas, optionally quoted with `"` (a doubled `""` inside quotes is a
    /// quote; quoted fields may span lines). The header names the columns, in JSON or snake_case spelling.
    static func csvLines(_ data: Data) -> [(line: Int, input: Result<AlertInput, AlertImportError.LineError>)] {
        let text = String(decoding: data, as: UTF8.self)
        let rows = CSVReader.rows(text)
        guard let header = rows.first else { return [] }
        var columns: [String] = []
        var result: [(line: Int, input: Result<AlertInput, AlertImportError.LineError>)] = []
        for name in header.fields {
            let folded = name.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "_", with: "")
            guard let column = csvColumns[folded] else {
                return [(1, .failure(.init(line: 1, field: name, detail: "unknown column")))]
            }
            columns.append(column)
        }
        guard columns.contains("category") else {
            return [(1, .failure(.init(line: 1, field: "category", detail: "the header needs a category column")))]
        }
        for row in rows.dropFirst() {
            if row.fields.allSatisfy({ $0.isEmpty }) { continue }
            if let error = row.error {
                result.append((row.line, .failure(.init(line: row.line, field: nil, detail: error))))
                continue
            }
            guard row.fields.count == columns.count else {
                result.append(
                    (row.line, .failure(.init(
                        line: row.line, field: nil,
                        detail: "has \(row.fields.count) fields, the header \(columns.count)"
                    )))
                )
                continue
            }
            var values: [String: String] = [:]
            for (column, value) in zip(columns, row.fields) where !value.isEmpty { values[column] = value }
            result.append((row.line, csvInput(values, line: row.line)))
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

    static func csvInput(_ values: [String: String], line: Int) -> Result<AlertInput, AlertImportError.LineError> {
        guard let category = values["category"] else {
            return .failure(.init(line: line, field: "category", detail: "is required"))
        }
        var input = AlertInput(
            reference: values["reference"], category: category, reason: values["reason"], action: values["action"],
            surname: values["surname"], givenNames: values["givenNames"], patronymic: values["patronymic"],
            birthDate: values["birthDate"], nationality: values["nationality"], sex: values["sex"],
            documentNumber: values["documentNumber"], issuingState: values["issuingState"], plate: values["plate"]
        )
        for field in ["validFrom", "validUntil"] {
            guard let text = values[field] else { continue }
            guard let date = parseTimestamp(text) else {
                return .failure(.init(line: line, field: field, detail: "must be an ISO 8601 UTC timestamp"))
            }
            if field == "validFrom" { input.validFrom = date } else { input.validUntil = date }
        }
        if let aliases = values["aliases"] {
            guard let list = try? JSONDecoder().decode([AlertAlias].self, from: Data(aliases.utf8)) else {
                return .failure(
                    .init(line: line, field: "aliases", detail: #"must be a JSON array such as [{"surname":"…"}]"#)
                )
            }
            input.aliases = list
        }
        return .success(input)
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
