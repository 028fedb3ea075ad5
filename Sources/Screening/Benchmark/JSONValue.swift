/// A small JSON reader for one line of a JSON Lines file (RFC 8259), on UTF-8 bytes.
///
/// Why not Foundation's `JSONSerialization`: a million-alert import spends most of its time
/// there. This reader handles exactly RFC 8259 values, with bounds (STYLE.md §5): nesting depth
/// ``maximumDepth``, line length ``maximumBytes``; anything else is a ``ScreeningError`` naming the
/// column, never a crash.
public enum JSONValue: Hashable, Sendable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([String: JSONValue])

    public static let maximumDepth = 16
    public static let maximumBytes = 1 << 20

    /// Parses one complete JSON text.
    public static func parse(_ text: some StringProtocol) throws(ScreeningError) -> JSONValue {
        var bytes = Array(text.utf8)
        return try parse(bytes: &bytes)
    }

    public static func parse(bytes: inout [UInt8]) throws(ScreeningError) -> JSONValue {
        guard bytes.count <= maximumBytes else { throw ScreeningError(.tooLarge, detail: "line longer than \(maximumBytes) bytes") }
        var reader = Reader(bytes: bytes)
        let value = try reader.value(depth: 0)
        reader.skipSpace()
        guard reader.position == bytes.count else { throw reader.error("unexpected text after the JSON value") }
        return value
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    struct Reader {
        let bytes: [UInt8]
        var position = 0

        func error(_ detail: String) -> ScreeningError {
            ScreeningError(.malformedJSON, detail: "\(detail) at column \(position + 1)")
        }

        mutating func skipSpace() {
            while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
        }

        mutating func value(depth: Int) throws(ScreeningError) -> JSONValue {
            guard depth < JSONValue.maximumDepth else { throw error("nesting deeper than \(JSONValue.maximumDepth)") }
            skipSpace()
            guard position < bytes.count else { throw error("unexpected end") }
            switch bytes[position] {
            case UInt8(ascii: "{"):
                position += 1
                var members: [String: JSONValue] = [:]
                skipSpace()
                if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
                    position += 1
                    return .object(members)
                }
                while true {
                    skipSpace()
                    guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw error("expected a member name") }
                    let key = try string()
                    skipSpace()
                    guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw error("expected ':'") }
                    position += 1
                    members[key] = try value(depth: depth + 1)
                    skipSpace()
                    guard position < bytes.count else { throw error("unexpected end in object") }
                    if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                    if bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
                    throw error("expected ',' or '}'")
                }
            case UInt8(ascii: "["):
                position += 1
                var elements: [JSONValue] = []
                skipSpace()
                if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
                    position += 1
                    return .array(elements)
                }
                while true {
                    elements.append(try value(depth: depth + 1))
                    skipSpace()
                    guard position < bytes.count else { throw error("unexpected end in array") }
                    if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                    if bytes[position] == UInt8(ascii: "]") { position += 1; return .array(elements) }
                    throw error("expected ',' or ']'")
                }
            case UInt8(ascii: "\""):
                return .string(try string())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            default:
                return .number(try number())
            }
        }

        mutating func literal(_ word: String) throws(ScreeningError) {
            let expected = Array(word.utf8)
            guard position + expected.count <= bytes.count, bytes[position..<(position + expected.count)].elementsEqual(expected)
            else { throw error("invalid literal") }
            position += expected.count
        }

        mutating func number() throws(ScreeningError) -> Double {
            let start = position
            if position < bytes.count, bytes[position] == UInt8(ascii: "-") { position += 1 }
            var digits = 0
            while position < bytes.count {
                let byte = bytes[position]
                if (0x30...0x39).contains(byte) { digits += 1 }
                else if byte != UInt8(ascii: ".") && byte != UInt8(ascii: "e") && byte != UInt8(ascii: "E")
                    && byte != UInt8(ascii: "+") && byte != UInt8(ascii: "-") { break }
                position += 1
            }
            guard digits > 0, let value = Double(String(decoding: bytes[start..<position], as: UTF8.self)) else {
                position = start
                throw error("invalid value")
            }
            return value
        }

        mutating func string() throws(ScreeningError) -> String {
            position += 1  // opening quote
            let start = position
            var escaped = false
            while position < bytes.count {
                let byte = bytes[position]
                if byte == UInt8(ascii: "\"") { break }
                if byte == UInt8(ascii: "\\") { escaped = true; position += 1 }
                else if byte < 0x20 { throw error("control character in string") }
                position += 1
            }
            guard position < bytes.count else { throw error("unterminated string") }
            let raw = bytes[start..<position]
            position += 1
            if !escaped {
                guard let text = String(validating: raw, as: UTF8.self) else { throw error("invalid UTF-8") }
                return text
            }
            var out: [UInt8] = []
            out.reserveCapacity(raw.count)
            var index = raw.startIndex
            while index < raw.endIndex {
                let byte = raw[index]
                guard byte == UInt8(ascii: "\\") else { out.append(byte); index += 1; continue }
                index += 1
                guard index < raw.endIndex else { throw error("bad escape") }
                switch raw[index] {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    guard var code = hex(raw, at: index + 1) else { throw error("bad \\u escape") }
                    index += 4
                    if (0xD800...0xDBFF).contains(code), index + 2 < raw.endIndex, raw[index + 1] == 0x5C,
                        raw[index + 2] == UInt8(ascii: "u"), let low = hex(raw, at: index + 3), (0xDC00...0xDFFF).contains(low)
                    {
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        index += 6
                    }
                    let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
                    out.append(contentsOf: String(scalar).utf8)
                default: throw error("bad escape")
                }
                index += 1
            }
            guard let text = String(validating: out, as: UTF8.self) else { throw error("invalid UTF-8") }
            return text
        }

        func hex(_ raw: ArraySlice<UInt8>, at start: Int) -> UInt32? {
            guard start + 4 <= raw.endIndex else { return nil }
            var value: UInt32 = 0
            for index in start..<(start + 4) {
                let byte = raw[index]
                let digit: UInt8
                switch byte {
                case 0x30...0x39: digit = byte - 0x30
                case 0x41...0x46: digit = byte - 0x37
                case 0x61...0x66: digit = byte - 0x57
                default: return nil
                }
                value = value << 4 | UInt32(digit)
            }
            return value
        }
    }
}
