import Crypto
import Foundation

/// The hash chain shared by the audit trail and the exchange message log.
///
/// An entry's bytes are its fields, each length-prefixed (`<length>:<utf8>\n`), in a fixed order, so no
/// choice of field values can make two different entries hash alike; each hash covers the previous
/// one, so altering, inserting or deleting an entry anywhere but the end breaks every later link.
public enum HashChain {
    /// The all-zero hash that the first entry points back to.
    public static let genesis = String(repeating: "0", count: 64)

    /// The length-prefixed canonical bytes of `fields`.
    public static func canonicalBytes(_ fields: [String]) -> [UInt8] {
        var bytes: [UInt8] = []
        for field in fields {
            let utf8 = Array(field.utf8)
            bytes.append(contentsOf: Array(String(utf8.count).utf8))
            bytes.append(UInt8(ascii: ":"))
            bytes.append(contentsOf: utf8)
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }

    /// `SHA-256(prev ‖ bytes)`, lower-case hex.
    public static func link(_ prev: String, _ bytes: [UInt8]) -> String {
        var hasher = SHA256()
        hasher.update(data: Array(prev.utf8))
        hasher.update(data: bytes)
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
