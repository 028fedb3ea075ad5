import Foundation

/// A keyset position handed to clients as an opaque token: base64url (no padding) of its parts joined
/// by `|`. Clients pass it back unchanged; a token not made here is refused, never trusted.
public enum OpaqueCursor {
    public static func encode(_ parts: [String]) -> String {
        Data(parts.joined(separator: "|").utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The parts of `token`, or `nil` when it is not `count` parts of a token made by ``encode(_:)``.
    public static func decode(_ token: String, parts count: Int) -> [String]? {
        guard token.count <= 200 else { return nil }
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let raw = String(data: data, encoding: .utf8) else { return nil }
        let parts = raw.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        return parts.count == count ? parts : nil
    }
}
