/// The report as one JSON line, written by hand straight from the parse result: `kordon mrz parse` spent most
/// of its time in `JSONEncoder` (30,000 zones/s as a process against 800,000/s for the parser), then in building
/// the ``MRZReport`` value and its date strings only to write them out (issue 15: the process within 3× of the
/// parser). The bytes are exactly those of `JSONEncoder` with `.sortedKeys` and `.withoutEscapingSlashes` on
/// `MRZReport(result, mode:)` (a test holds the two together over valid, damaged and lenient zones).
extension MRZReport {
    /// The JSON line (without a line break) of `MRZReport(result, mode: mode)`.
    public static func jsonLine(of result: MRZParseResult, mode: MRZParseMode) -> String {
        var bytes: [UInt8] = []
        writeJSON(of: result, mode: mode, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the JSON line (without a line break) of `MRZReport(result, mode: mode)` to `out`.
    ///
    /// Keys are written in sorted order as literal fragments (`,"key":`), one copy each: the writer's cost was
    /// the number of small appends, not the bytes.
    public static func writeJSON(of result: MRZParseResult, mode: MRZParseMode, into out: inout [UInt8]) {
        var json = JSONLine(out: out)
        out = []
        let document = result.document
        json.literal(#"{"birthDate":"#); json.string(document?.birthDate.raw)
        json.literal(#","birthDateISO":"#); json.date(document?.birthDate)
        json.literal(#","checks":{"#)
        if let checks = result.checks {
            json.literal(#""birthDate":"#); json.bool(checks.birthDate)
            if let composite = checks.composite { json.literal(#","composite":"#); json.bool(composite) }
            json.literal(#","documentNumber":"#); json.bool(checks.documentNumber)
            json.literal(#","expiryDate":"#); json.bool(checks.expiryDate)
            if let optional = checks.optionalData { json.literal(#","optionalData":"#); json.bool(optional) }
        }
        json.literal(#"},"documentCode":"#); json.string(document?.documentCode)
        json.literal(#","documentNumber":"#); json.string(document?.documentNumber)
        json.literal(#","expiryDate":"#); json.string(document?.expiryDate.raw)
        json.literal(#","expiryDateISO":"#); json.date(document?.expiryDate)
        json.literal(#","format":"#); json.string(result.format?.rawValue)
        json.literal(#","givenNames":"#); json.string(document?.givenNames)
        json.literal(#","issuingState":"#); json.string(document?.issuingState.code)
        json.literal(#","issuingStateName":"#); json.string(document?.issuingState.name)
        json.literal(#","nationality":"#); json.string(document?.nationality.code)
        json.literal(#","nationalityName":"#); json.string(document?.nationality.name)
        json.literal(#","optionalData":"#); json.string(document?.optionalData)
        json.literal(#","optionalData2":"#); json.string(document?.optionalData2)
        json.literal(#","problems":"#); json.problems(result.problems)
        if mode == .lenient {
            json.literal(#","repairs":"#)
            json.array(result.repairs) { json, repair in
                json.literal(#"{"column":"#); json.int(repair.column)
                json.literal(#","field":"#); json.string(repair.field.rawValue)
                json.literal(#","from":"#); json.string(repair.from)
                json.literal(#","line":"#); json.int(repair.line)
                json.literal(#","message":"#); json.string(repair.message)
                json.literal(#","to":"#); json.string(repair.to)
                json.literal("}")
            }
        }
        json.literal(#","sex":"#); json.string(document.map { $0.sex?.rawValue ?? $0.sexCharacter })
        json.literal(#","surname":"#); json.string(document?.surname)
        json.literal(#","valid":"#); json.bool(result.isValid)
        json.literal(#","warnings":"#); json.problems(result.warnings)
        json.literal("}")
        out = json.out
    }
}

/// A minimal JSON writer with `JSONEncoder`'s escaping: `"` and `\` escaped, `\b \f \n \r \t` by name, other
/// controls as `\u00XX` (lower-case hex), everything else (including `/` and non-ASCII) as UTF-8.
struct JSONLine {
    var out: [UInt8]

    init(out: [UInt8]) { self.out = out }

    /// Text as it stands (punctuation and keys, `null`, `true`): one copy, no allocation.
    mutating func literal(_ text: StaticString) {
        text.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    mutating func string(_ value: String?) {
        guard var value else {
            literal("null")
            return
        }
        out.append(UInt8(ascii: "\""))
        // MRZ fields are capitals, digits, spaces and fillers: nothing to escape, so copied whole; a field
        // with a byte to escape (a damaged or hostile zone) goes byte by byte.
        value.withUTF8 { bytes in
            if !bytes.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
                out.append(contentsOf: bytes)
            } else {
                for byte in bytes { escape(byte) }
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// ``MRZDate/iso8601`` as a JSON string, its digits written in place (no string made per date).
    mutating func date(_ date: MRZDate?) {
        guard let date, date.isValid, let year = date.year, (1000...9999).contains(year) else {
            string(date?.iso8601)
            return
        }
        out.append(UInt8(ascii: "\""))
        digits(year / 100)
        digits(year % 100)
        if let month = date.month {
            out.append(UInt8(ascii: "-"))
            digits(month)
            if month > 0, let day = date.day {
                out.append(UInt8(ascii: "-"))
                digits(day)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Two decimal digits of `value` (0-99).
    private mutating func digits(_ value: Int) {
        out.append(UInt8(ascii: "0") + UInt8(value / 10))
        out.append(UInt8(ascii: "0") + UInt8(value % 10))
    }

    private mutating func escape(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): literal("\\\"")
        case UInt8(ascii: "\\"): literal("\\\\")
        case 0x08: literal("\\b")
        case 0x0C: literal("\\f")
        case 0x0A: literal("\\n")
        case 0x0D: literal("\\r")
        case 0x09: literal("\\t")
        case 0x00..<0x20:
            let hex: StaticString = "0123456789abcdef"
            literal("\\u00")
            hex.withUTF8Buffer { digits in
                out.append(digits[Int(byte >> 4)])
                out.append(digits[Int(byte & 0xF)])
            }
        default: out.append(byte)
        }
    }

    mutating func bool(_ value: Bool) {
        if value { literal("true") } else { literal("false") }
    }

    mutating func int(_ value: Int) {
        guard (0..<10).contains(value) else {
            out.append(contentsOf: String(value).utf8)
            return
        }
        out.append(UInt8(ascii: "0") + UInt8(value))
    }

    mutating func array<T>(_ values: [T], _ element: (inout JSONLine, T) -> Void) {
        out.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            element(&self, value)
        }
        out.append(UInt8(ascii: "]"))
    }

    mutating func problems(_ values: [MRZProblem]) {
        array(values) { json, problem in
            json.literal(#"{"code":"#); json.string(problem.code.rawValue)
            json.literal(#","column":"#); json.int(problem.column)
            json.literal(#","field":"#); json.string(problem.field.rawValue)
            json.literal(#","line":"#); json.int(problem.line)
            json.literal(#","message":"#); json.string(problem.message)
            json.literal("}")
        }
    }
}
