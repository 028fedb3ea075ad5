import Foundation

/// A `multipart/form-data` body (RFC 7578 over RFC 2046 §5.1), as the console's check form sends it when it
/// carries photos and a camera frame. Strict and bounded: the body is already capped by the route, and here
/// the number of parts, each part's header block and each text field are capped too; anything out of shape is
/// a `MultipartError` naming the field (or `form`) and the problem, never a crash.
struct MultipartForm: Sendable {
    /// One part: a text field, or a file (`filename` present, even if empty).
    struct Part: Sendable {
        var name: String
        var filename: String?
        var contentType: String?
        var body: Data
    }

    var parts: [Part]

    /// Bounds on what one form may hold.
    struct Limits: Sendable {
        var maximumParts = 64
        var maximumHeaderBytes = 4 * 1024
        var maximumFieldBytes = 64 * 1024
        var maximumFileBytes = 8 << 20
    }

    /// Text fields in order, repeated names kept (as the urlencoded reader gives them).
    var fields: [(String, String)] {
        parts.filter { $0.filename == nil }.map { ($0.name, String(decoding: $0.body, as: UTF8.self)) }
    }

    /// The bytes of the file field `name`; nil when absent or when no file was chosen (browsers send an empty
    /// part with `filename=""`).
    func file(_ name: String) -> Data? {
        parts.first { $0.name == name && $0.filename != nil && !$0.body.isEmpty }?.body
    }

    /// The boundary parameter of a `multipart/form-data` content type (RFC 2046 §5.1.1: 1–70 characters).
    static func boundary(contentType: String) throws(MultipartError) -> String {
        let pieces = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard pieces.first?.lowercased() == "multipart/form-data" else {
            throw MultipartError(field: "form", "the body is not multipart/form-data")
        }
        for piece in pieces.dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2, pair[0].lowercased() == "boundary" else { continue }
            var value = pair[1]
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            guard (1...70).contains(value.utf8.count), value.utf8.allSatisfy({ (0x20...0x7E).contains($0) }) else {
                throw MultipartError(field: "form", "the multipart boundary must be 1 to 70 printable characters")
            }
            return value
        }
        throw MultipartError(field: "form", "the multipart content type names no boundary")
    }

    /// Reads `body`, delimited by `boundary`. A preamble before the first delimiter and an epilogue after the
    /// last are ignored (RFC 2046 §5.1.1); the closing delimiter must be there.
    static func parse(_ body: Data, boundary: String, limits: Limits = .init()) throws(MultipartError) -> MultipartForm {
        let bytes = [UInt8](body)
        let dash = UInt8(ascii: "-"), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        let delimiter = [dash, dash] + Array(boundary.utf8)
        let separator = [cr, lf] + delimiter
        // The first delimiter starts the body, or follows a preamble's CRLF.
        var cursor: Int
        if bytes.starts(with: delimiter) {
            cursor = delimiter.count
        } else if let found = find(separator, in: bytes, from: 0) {
            cursor = found + separator.count
        } else {
            throw MultipartError(field: "form", "the body does not start with the multipart boundary")
        }
        var parts: [Part] = []
        while true {
            // After a delimiter: `--` closes the body, CRLF opens a part (transport padding tolerated).
            if cursor + 1 < bytes.count, bytes[cursor] == dash, bytes[cursor + 1] == dash {
                return MultipartForm(parts: parts)
            }
            while cursor < bytes.count, bytes[cursor] == UInt8(ascii: " ") || bytes[cursor] == UInt8(ascii: "\t") {
                cursor += 1
            }
            guard cursor + 1 < bytes.count, bytes[cursor] == cr, bytes[cursor + 1] == lf else {
                throw MultipartError(field: "form", "the body ends before its closing boundary")
            }
            cursor += 2
            guard parts.count < limits.maximumParts else {
                throw MultipartError(field: "form", "more than \(limits.maximumParts) fields")
            }
            // A part with no headers at all starts with the blank line itself.
            let headerEnd = bytes[cursor...].starts(with: [cr, lf])
                ? cursor - 2
                : find([cr, lf, cr, lf], in: bytes, from: cursor, limit: cursor + limits.maximumHeaderBytes)
            guard let headerEnd else {
                throw MultipartError(
                    field: "form", "a part's headers are missing their blank line or longer than \(limits.maximumHeaderBytes) bytes"
                )
            }
            let bodyStart = headerEnd + 4
            var part = try Self.headers(bytes[cursor..<max(cursor, headerEnd)])
            guard let end = find(separator, in: bytes, from: bodyStart) else {
                throw MultipartError(field: part.name, "the body ends inside this field (no closing boundary)")
            }
            let size = end - bodyStart
            let limit = part.filename == nil ? limits.maximumFieldBytes : limits.maximumFileBytes
            guard size <= limit else {
                throw MultipartError(field: part.name, "is larger than \(Self.describe(limit))")
            }
            part.body = Data(bytes[bodyStart..<end])
            parts.append(part)
            cursor = end + separator.count
        }
    }

    /// The `Content-Disposition: form-data; name="…"` (required) and `Content-Type` headers of one part.
    static func headers(_ block: ArraySlice<UInt8>) throws(MultipartError) -> Part {
        guard let text = String(bytes: block, encoding: .utf8) else {
            throw MultipartError(field: "form", "a part's headers are not UTF-8")
        }
        var name: String?
        var filename: String?
        var contentType: String?
        for line in text.components(separatedBy: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else {
                throw MultipartError(field: "form", "a part's header line has no colon")
            }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch key {
            case "content-disposition":
                let parameters = try Self.parameters(value)
                guard parameters.kind == "form-data" else {
                    throw MultipartError(field: "form", "a part is not form-data")
                }
                name = parameters.values["name"]
                filename = parameters.values["filename"]
            case "content-type":
                contentType = value
            default:
                continue  // Content-Transfer-Encoding and the like are deprecated for form-data (RFC 7578 §4.7).
            }
        }
        guard let name, !name.isEmpty else {
            throw MultipartError(field: "form", "a part has no Content-Disposition name")
        }
        return Part(name: name, filename: filename, contentType: contentType, body: Data())
    }

    /// `form-data; name="live"; filename="a.jpg"`: the disposition and its parameters, quoted strings unescaped
    /// (`\"` and `\\`, as browsers write them; RFC 7578 §4.2 leaves percent-encoding to the sender).
    static func parameters(_ value: String) throws(MultipartError) -> (kind: String, values: [String: String]) {
        let scalars = Array(value.unicodeScalars)
        var index = 0
        func skipSpace() { while index < scalars.count, scalars[index] == " " || scalars[index] == "\t" { index += 1 } }
        func token() -> String {
            var out = ""
            while index < scalars.count, !";= \t".unicodeScalars.contains(scalars[index]) {
                out.unicodeScalars.append(scalars[index])
                index += 1
            }
            return out
        }
        skipSpace()
        let kind = token().lowercased()
        var values: [String: String] = [:]
        while index < scalars.count {
            skipSpace()
            guard index < scalars.count, scalars[index] == ";" else {
                throw MultipartError(field: "form", "a part's Content-Disposition is malformed")
            }
            index += 1
            skipSpace()
            let key = token().lowercased()
            skipSpace()
            guard !key.isEmpty, index < scalars.count, scalars[index] == "=" else {
                throw MultipartError(field: "form", "a part's Content-Disposition parameter has no value")
            }
            index += 1
            skipSpace()
            var parsed = ""
            if index < scalars.count, scalars[index] == "\"" {
                index += 1
                var closed = false
                while index < scalars.count {
                    let scalar = scalars[index]
                    index += 1
                    if scalar == "\"" { closed = true; break }
                    if scalar == "\\", index < scalars.count {
                        parsed.unicodeScalars.append(scalars[index])
                        index += 1
                    } else {
                        parsed.unicodeScalars.append(scalar)
                    }
                }
                guard closed else { throw MultipartError(field: "form", "a part's Content-Disposition has an unclosed quote") }
            } else {
                parsed = token()
            }
            guard values[key] == nil else {
                throw MultipartError(field: "form", "a part's Content-Disposition repeats \(key)")
            }
            values[key] = parsed
        }
        return (kind, values)
    }

    /// First index of `needle` in `haystack` at or after `from`, starting before `limit` when given.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int, limit: Int? = nil) -> Int? {
        guard let first = needle.first, from >= 0 else { return nil }
        let last = min(haystack.count - needle.count, (limit ?? Int.max) - 1)
        guard from <= last else { return nil }
        return haystack.withUnsafeBufferPointer { buffer -> Int? in
            var index = from
            while index <= last {
                if buffer[index] == first {
                    var matched = true
                    for offset in 1..<needle.count where buffer[index + offset] != needle[offset] {
                        matched = false
                        break
                    }
                    if matched { return index }
                }
                index += 1
            }
            return nil
        }
    }

    static func describe(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? "\(bytes >> 20) MiB" : "\(bytes >> 10) KiB"
    }
}

/// A malformed or oversized `multipart/form-data` body: the field it concerns (or `form`) and why.
struct MultipartError: Error, Sendable, Equatable, CustomStringConvertible {
    let field: String
    let detail: String

    init(field: String, _ detail: String) {
        self.field = field
        self.detail = detail
    }

    var description: String { "\(field): \(detail)" }
}
