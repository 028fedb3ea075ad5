import Foundation

/// The query string of a console page's GET form, read as the browser writes it: `application/x-www-form-urlencoded`
/// (WHATWG URL Standard §5.1), where `+` is a space and a typed plus arrives as `%2B`.
///
/// Hummingbird's `queryParameters` follows RFC 3986 and decodes only the percent signs, so a name typed as
/// "Karimov Rustam" in the person search came back as "Karimov+Rustam" in its box (the search itself found him only
/// because a plus separates name words as a space does).
struct FormQuery {
    private var values: [String: String] = [:]

    init(_ query: String?) {
        for pair in (query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = Self.decode(parts[0])
            // The first of a repeated key counts, as with `queryParameters.get`.
            if values[key] == nil { values[key] = parts.count > 1 ? Self.decode(parts[1]) : "" }
        }
    }

    /// The value of `name`, or nil when the form did not send it.
    func get(_ name: String) -> String? { values[name] }

    /// `+` to a space first, then the percent escapes (so `%2B` stays a plus); a broken escape is kept as written.
    static func decode(_ text: Substring) -> String {
        let spaced = String(text.map { $0 == "+" ? " " : $0 })
        return spaced.removingPercentEncoding ?? spaced
    }
}
