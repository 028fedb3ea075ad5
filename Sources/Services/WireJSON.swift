import Foundation

/// The JSON the API speaks: keys sorted, instants as ISO 8601 UTC with milliseconds
/// (`2026-05-01T10:15:00.250Z`), and read back with or without the fraction.
///
/// It lives here, below the HTTP layer, because a border check's result is stored in the same encoding the
/// API sends: the response is the stored bytes, encoded once (issue 15; two encodings of each result, one with
/// `.iso8601` for the row and one for the response, were a tenth of the server's samples).
public enum WireJSON {
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
        }
        return encoder
    }

    /// Reads what ``encoder()`` writes, and instants without a fraction (results stored before, clients').
    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            if let date = parseTimestamp(text) { return date }
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "must be an ISO 8601 UTC timestamp such as 2026-05-01T10:15:00Z"
            )
        }
        return decoder
    }

    /// An ISO 8601 instant with or without fractional seconds; nil for anything else (or over 40 characters).
    public static func parseTimestamp(_ text: String) -> Date? {
        guard text.count <= 40 else { return nil }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle())
    }
}
