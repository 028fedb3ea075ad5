import Foundation

extension PaxlstParseResult {
    /// The JSON `kordon apis parse` prints: the ``Manifest`` when read without a flaw; a flawed one adds
    /// `"complete"` and `"problems"` (each with its traveller and field); a rejected one is
    /// `{"expectError": true, "error": {"kind", "description", …position}, "problems": [...]}`, the shape of the
    /// samples in shared/testdata/paxlst. Keys sorted, pretty-printed.
    public func outputJSON() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        if isAccepted {
            if problems.isEmpty && complete { return try encoder.encode(manifest) }
            return try encoder.encode(Flawed(manifest: manifest, complete: complete, problems: problems))
        }
        return try encoder.encode(Rejection(result: self))
    }

    /// The manifest's keys, and `complete` and `problems` beside them.
    private struct Flawed: Encodable {
        var manifest: Manifest
        var complete: Bool
        var problems: [EdifactError]

        enum CodingKeys: String, CodingKey { case complete, problems }

        func encode(to encoder: any Encoder) throws {
            try manifest.encode(to: encoder)
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(complete, forKey: .complete)
            try c.encode(problems, forKey: .problems)
        }
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
            let first = result.rejection ?? EdifactError(.invalidValue, message: "rejected")
            error = Headline(
                kind: first.code.rawValue, description: "\(first.position): \(first.message)", segment: first.segment,
                tag: first.tag, element: first.element, component: first.component, path: first.path)
            problems = result.problems
        }
    }
}
