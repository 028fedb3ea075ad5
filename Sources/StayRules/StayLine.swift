import Foundation

/// The line format of `kordon stay` and of the shared vectors (`testdata/stay/cases.jsonl`): one JSON object
/// per line with `stays` (`[{"entry": "YYYY-MM-DD", "exit": "YYYY-MM-DD" | null}]`) and `control`
/// (`"YYYY-MM-DD"`); the line is written back with all its keys and a `result` object added:
/// `{"daysUsed": Int, "daysRemaining": Int, "overstay": Bool, "latestExitIfEnteringOnControl": "YYYY-MM-DD" | null}`.
///
/// Semantics are the vectors' (README of `testdata/stay`): lenient validation, so overlapping records count once
/// and days after `control` are ignored; an exit before its entry is an error. A bad line gives an error object
/// `{"line": n, "error": {"code", "field", "message"}}` (plus the line's `id` when it has one), never a crash.
public enum StayLine {
    /// Longest line accepted, in bytes (1 MiB): bounds the work a hostile line can cause.
    public static let maximumLineBytes = 1 << 20
    /// Most stays accepted on one line.
    public static let maximumStays = 10_000

    /// One output line.
    public struct Output: Hashable, Sendable {
        /// The JSON text to write (no newline).
        public let text: String
        /// Whether it is an error object.
        public let isError: Bool
    }

    /// Processes one input line; `lineNumber` is 1-based. Returns `nil` for a blank line.
    public static func process(
        _ line: String, lineNumber: Int, rule: ShortStayRule = .ninetyInOneEighty,
        validation: StayHistory.Validation = .lenient
    ) -> String? {
        output(for: line, lineNumber: lineNumber, rule: rule, validation: validation)?.text
    }

    /// Processes one input line, telling results from errors; `nil` for a blank line.
    public static func output(
        for line: String, lineNumber: Int, rule: ShortStayRule = .ninetyInOneEighty,
        validation: StayHistory.Validation = .lenient
    ) -> Output? {
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        var id: Any?
        do throws(StayError) {
            guard trimmed.utf8.count <= maximumLineBytes else {
                throw StayError(.tooLarge, field: "line", detail: "line longer than \(maximumLineBytes) bytes")
            }
            let object = try parseObject(trimmed)
            id = object["id"].flatMap { $0 is NSNull ? nil : $0 }
            let (stays, control) = try decode(object)
            let status = try rule.status(stays: stays, on: control, validation: validation)
            let result = resultJSON(status)
            if object["result"] == nil, trimmed.hasSuffix("}") {
                // Keep the original text byte for byte; append the result before the closing brace.
                let body = trimmed.dropLast().trimmingCharacters(in: .whitespaces)
                let separator = body.hasSuffix("{") ? "" : ", "
                return Output(text: body + separator + "\"result\": " + result + "}", isError: false)
            }
            var copy = object
            copy["result"] = [
                "daysUsed": status.daysUsed, "daysRemaining": status.daysRemaining, "overstay": status.overstay,
                "latestExitIfEnteringOnControl": status.latestExitIfEnteringOnControl.map { "\($0)" as Any }
                    ?? NSNull(),
            ] as [String: Any]
            if let text = serialise(copy) { return Output(text: text, isError: false) }
            throw StayError(.invalidJSON, field: "line", detail: "cannot be written back as JSON")
        } catch {
            return Output(text: errorLine(error, lineNumber: lineNumber, id: id), isError: true)
        }
    }

    /// The `result` object for a status, as compact JSON with keys in the documented order.
    public static func resultJSON(_ status: ShortStayStatus) -> String {
        let latest = status.latestExitIfEnteringOnControl.map { "\"\($0)\"" } ?? "null"
        return "{\"daysUsed\": \(status.daysUsed), \"daysRemaining\": \(status.daysRemaining), "
            + "\"overstay\": \(status.overstay), \"latestExitIfEnteringOnControl\": \(latest)}"
    }

    /// Decodes `stays` and `control` from a parsed line.
    public static func decode(_ object: [String: Any]) throws(StayError) -> (stays: [Stay], control: CalendarDay) {
        let control = try day(object["control"], field: "control", required: true)
        guard let control else {
            throw StayError(.missingField, field: "control", detail: "expected a date YYYY-MM-DD")
        }
        guard let rawStays = object["stays"], !(rawStays is NSNull) else {
            throw StayError(.missingField, field: "stays", detail: "expected an array of stays")
        }
        guard let list = rawStays as? [Any] else {
            throw StayError(.invalidFormat, field: "stays", detail: "expected an array of stays")
        }
        guard list.count <= maximumStays else {
            throw StayError(.tooLarge, field: "stays", detail: "more than \(maximumStays) stays")
        }
        var stays: [Stay] = []
        stays.reserveCapacity(list.count)
        for (index, element) in list.enumerated() {
            guard let stay = element as? [String: Any] else {
                throw StayError(
                    .invalidFormat, field: "stays[\(index)]", index: index,
                    detail: "expected an object with entry and exit")
            }
            let entry = try day(stay["entry"], field: "stays[\(index)].entry", index: index, required: true)
            let exit = try day(stay["exit"], field: "stays[\(index)].exit", index: index, required: false)
            guard let entry else {
                throw StayError(
                    .missingField, field: "stays[\(index)].entry", index: index, detail: "expected a date YYYY-MM-DD")
            }
            stays.append(Stay(entry: entry, exit: exit))
        }
        return (stays, control)
    }

    // MARK: - Helpers

    private static func parseObject(_ text: String) throws(StayError) -> [String: Any] {
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: Data(text.utf8))
        } catch {
            throw StayError(.invalidJSON, field: "line", detail: "not valid JSON")
        }
        guard let object = parsed as? [String: Any] else {
            throw StayError(.invalidJSON, field: "line", detail: "expected a JSON object")
        }
        return object
    }

    private static func day(_ value: Any?, field: String, index: Int? = nil, required: Bool) throws(StayError)
        -> CalendarDay?
    {
        guard let value, !(value is NSNull) else {
            if required {
                throw StayError(.missingField, field: field, index: index, detail: "expected a date YYYY-MM-DD")
            }
            return nil
        }
        guard let text = value as? String, let day = CalendarDay(iso8601: text) else {
            throw StayError(.invalidFormat, field: field, index: index, detail: "expected a date YYYY-MM-DD")
        }
        return day
    }

    private static func errorLine(_ error: StayError, lineNumber: Int, id: Any?) -> String {
        var object: [String: Any] = [
            "line": lineNumber,
            "error": ["code": error.code.rawValue, "field": error.field, "message": error.detail],
        ]
        if let id, JSONSerialization.isValidJSONObject([id]) { object["id"] = id }
        return serialise(object)
            ?? "{\"line\": \(lineNumber), \"error\": {\"code\": \"\(error.code.rawValue)\"}}"
    }

    private static func serialise(_ object: [String: Any]) -> String? {
        guard JSONSerialization.isValidJSONObject(object),
            let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
