/// What a parse gives back: the manifest as far as it could be read, and every problem found.
///
/// The parse never throws on bad input; it returns what it could and the list of problems, so a caller can
/// show an airline every error at once. A manifest is acceptable when ``errors`` is empty.
public struct PaxlstParseResult: Hashable, Sendable {
    /// The manifest read (partial when there are errors).
    public var manifest: Manifest
    /// Errors and warnings, in input order, each naming segment number, tag and element/component.
    public var problems: [EdifactError]
    /// Segments with a tag PAXLST does not define, kept as read.
    public var unknownSegments: [EdifactSegment]

    public init(manifest: Manifest, problems: [EdifactError], unknownSegments: [EdifactSegment] = []) {
        self.manifest = manifest
        self.problems = problems
        self.unknownSegments = unknownSegments
    }

    /// Problems that reject the manifest.
    public var errors: [EdifactError] { problems.filter { $0.severity == .error } }

    /// Problems that do not reject it.
    public var warnings: [EdifactError] { problems.filter { $0.severity == .warning } }

    /// True when there is no error.
    public var isAccepted: Bool { !problems.contains { $0.severity == .error } }
}
