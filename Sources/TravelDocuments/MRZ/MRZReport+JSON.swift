/// The report as one JSON line, written by hand: `kordon mrz parse` spent most of its time in `JSONEncoder`
/// (30,000 zones/s as a process against 800,000/s for the parser, issue 15). The bytes are exactly those of
/// `JSONEncoder` with `.sortedKeys` and `.withoutEscapingSlashes` (a test holds the two together over
/// valid, damaged and lenient zones), so the output did not change.
extension MRZReport {
    /// Appends the JSON line (without a line break) to `out`.
    public func writeJSON(into out: inout [UInt8]) {
        var json = JSONLine(out: out)
        out = []
        json.open()
        json.key("birthDate"); json.string(birthDate)
        json.key("birthDateISO"); json.string(birthDateISO)
        json.key("checks")
        json.open()
        if let checks {
            json.key("birthDate"); json.bool(checks.birthDate)
            if let composite = checks.composite { json.key("composite"); json.bool(composite) }
            json.key("documentNumber"); json.bool(checks.documentNumber)
            json.key("expiryDate"); json.bool(checks.expiryDate)
            if let optional = checks.optionalData { json.key("optionalData"); json.bool(optional) }
        }
        json.close()
        json.key("documentCode"); json.string(documentCode)
        json.key("documentNumber"); json.string(documentNumber)
        json.key("expiryDate"); json.string(expiryDate)
        json.key("expiryDateISO"); json.string(expiryDateISO)
        json.key("format"); json.string(format?.rawValue)
        json.key("givenNames"); json.string(givenNames)
        json.key("issuingState"); json.string(issuingState)
        json.key("issuingStateName"); json.string(issuingStateName)
        json.key("nationality"); json.string(nationality)
        json.key("nationalityName"); json.string(nationalityName)
        json.key("optionalData"); json.string(optionalData)
        json.key("optionalData2"); json.string(optionalData2)
        json.key("problems"); json.problems(problems)
        if let repairs {
            json.key("repairs")
            json.array(repairs) { json, repair in
                json.open()
                json.key("column"); json.int(repair.column)
                json.key("field"); json.string(repair.field.rawValue)
                json.key("from"); json.string(repair.from)
                json.key("line"); json.int(repair.line)
                json.key("message"); json.string(repair.message)
                json.key("to"); json.string(repair.to)
                json.close()
            }
        }
        json.key("sex"); json.string(sex)
        json.key("surname"); json.string(surname)
        json.key("valid"); json.bool(valid)
        json.key("warnings"); json.problems(warnings)
        json.close()
        out = json.out
    }
}

/// A minimal JSON writer with `JSONEncoder`'s escaping: `"` and `\` escaped, `\b \f \n \r \t` by name, other
/// controls as `\u00XX` (lower-case hex), everything else (including `/` and non-ASCII) as UTF-8.
struct JSONLine {
    var out: [UInt8]
    private var first = true

    init(out: [UInt8]) { self.out = out }

    mutating func open() {
        out.append(UInt8(ascii: "{"))
        first = true
    }

    mutating func close() {
        out.append(UInt8(ascii: "}"))
        first = false
    }

    mutating func key(_ name: StaticString) {
        if !first { out.append(UInt8(ascii: ",")) }
        first = false
        out.append(UInt8(ascii: "\""))
        append(name)
        out.append(UInt8(ascii: "\""))
        out.append(UInt8(ascii: ":"))
    }

    /// A value's text as it stands (`null`, `true`, a key): one copy, no allocation.
    private mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    mutating func string(_ value: String?) {
        guard var value else {
            append("null")
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

    private mutating func escape(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): append("\\\"")
        case UInt8(ascii: "\\"): append("\\\\")
        case 0x08: append("\\b")
        case 0x0C: append("\\f")
        case 0x0A: append("\\n")
        case 0x0D: append("\\r")
        case 0x09: append("\\t")
        case 0x00..<0x20:
            let hex: StaticString = "0123456789abcdef"
            append("\\u00")
            hex.withUTF8Buffer { digits in
                out.append(digits[Int(byte >> 4)])
                out.append(digits[Int(byte & 0xF)])
            }
        default: out.append(byte)
        }
    }

    mutating func bool(_ value: Bool) {
        if value { append("true") } else { append("false") }
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
        first = false
    }

    mutating func problems(_ values: [MRZProblem]) {
        array(values) { json, problem in
            json.open()
            json.key("code"); json.string(problem.code.rawValue)
            json.key("column"); json.int(problem.column)
            json.key("field"); json.string(problem.field.rawValue)
            json.key("line"); json.int(problem.line)
            json.key("message"); json.string(problem.message)
            json.close()
        }
    }
}
