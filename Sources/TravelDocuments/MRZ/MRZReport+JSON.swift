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
        name.withUTF8Buffer { out.append(contentsOf: $0) }
        out.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
    }

    mutating func string(_ value: String?) {
        guard let value else {
            out.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])  // null
            return
        }
        out.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
            case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x00..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    mutating func bool(_ value: Bool) {
        out.append(contentsOf: value ? Array("true".utf8) : Array("false".utf8))
    }

    mutating func int(_ value: Int) {
        out.append(contentsOf: String(value).utf8)
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
