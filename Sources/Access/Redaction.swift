import Foundation

/// Removes what a grant does not show from a JSON response, so a hidden field is absent, not blank.
///
/// Works on the JSON the API would send, so every renderer that goes through it (API responses,
/// exports, event payloads) hides the same fields. A grant's `fields` name the resource's own fields;
/// pages of results (`items`) and arrays are walked to the records inside. A dotted name shows one field
/// of an object field and hides its others: `details.validUntil` shows a permit's validity, not its card
/// number (`details` alone shows the whole object).
public enum Redaction {
    /// `json` with only the fields `grant` shows, or unchanged when it shows all of them.
    public static func apply(_ grant: AccessPolicy.Grant, to json: Data) throws -> Data {
        guard let fields = grant.fields else { return json }
        let object = try JSONSerialization.jsonObject(with: json, options: [.fragmentsAllowed])
        let pruned = prune(object, keeping: fields)
        return try JSONSerialization.data(withJSONObject: pruned, options: [.sortedKeys, .fragmentsAllowed])
    }

    /// A record keeps its shown fields; an array, each element; a page (`items` + `nextCursor`), its items.
    static func prune(_ object: Any, keeping fields: Set<String>) -> Any {
        if let array = object as? [Any] { return array.map { prune($0, keeping: fields) } }
        guard let record = object as? [String: Any] else { return object }
        if let items = record["items"] as? [Any], Set(record.keys).isSubset(of: ["items", "nextCursor"]) {
            var page = record
            page["items"] = items.map { prune($0, keeping: fields) }
            return page
        }
        var kept: [String: Any] = [:]
        for (key, value) in record {
            if fields.contains(key) {
                kept[key] = value
            } else if let object = value as? [String: Any] {
                let prefix = key + "."
                let inner = Set(fields.compactMap { $0.hasPrefix(prefix) ? String($0.dropFirst(prefix.count)) : nil })
                if !inner.isEmpty { kept[key] = object.filter { inner.contains($0.key) } }
            }
        }
        return kept
    }
}
