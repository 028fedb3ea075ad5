import Foundation

extension PaxlstParseResult {
    /// The JSON `kordon apis parse` prints: the ``Manifest`` when accepted; otherwise
    /// `{"expectError": true, "error": {"kind", "description", …position}, "problems": [...]}`, the shape of the
    /// rejected samples in shared/testdata/paxlst, with the first error as `error`. Keys sorted, pretty-printed.
    public func outputJSON() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        if isAccepted { return try encoder.encode(manifest) }
        return try encoder.encode(Rejection(result: self))
    }

    private struct Rejection: Encodable {
        struct Headline: Encodable {
            var kind: String
            var description: String
            var segment: Int?
            var tag: String?
            var element: Int?
            var component: Int?
            var path: String?
        }

        var expectError = true
        var error: Headline
        var problems: [EdifactError]

        init(result: PaxlstParseResult) {
            let first = result.errors.first ?? EdifactError(.invalidValue, message: "rejected")
            error = Headline(
                kind: first.code.rawValue, description: "\(first.position): \(first.message)", segment: first.segment,
                tag: first.tag, element: first.element, component: first.component, path: first.path)
            problems = result.problems
        }
    }
}
