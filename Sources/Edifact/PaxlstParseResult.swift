/// What a parse gives back: the manifest as far as it could be read, and every problem found.
///
/// The parse never throws on bad input. It reads what can be read and rejects only what has nothing to read
/// (issue 14; shared/testdata/paxlst/README.md): a manifest is rejected (``rejection``) when the input is not
/// EDIFACT, carries no message, or no PAXLST message. Anything else is read, and every flaw is in
/// ``problems`` with the traveller and field it belongs to, so a carrier can be shown them all at once and a
/// border service screens every traveller that could be read.
public struct PaxlstParseResult: Hashable, Sendable {
    /// The manifest read: every whole traveller, fields that could not be read left `nil`.
    public var manifest: Manifest
    /// Errors and warnings, in input order, each naming segment number, tag and element/component, and the
    /// traveller and field where the flaw belongs to one traveller.
    public var problems: [EdifactError]
    /// Segments with a tag PAXLST does not define, kept as read.
    public var unknownSegments: [EdifactSegment]
    /// Why the input was rejected (also in ``problems``); nil when a manifest was read.
    public var rejection: EdifactError?
    /// False when segments are missing (input cut off, a message without its `UNT` at the end of the input,
    /// a cap reached): the carrier should be asked to send the manifest again.
    public var complete: Bool
    /// The traveller whose segments were cut off when the input stopped in the middle of them, as far as read;
    /// not in ``manifest`` (it holds whole travellers only).
    public var cutOffTraveller: Passenger?

    public init(
        manifest: Manifest, problems: [EdifactError], unknownSegments: [EdifactSegment] = [],
        rejection: EdifactError? = nil, complete: Bool = true, cutOffTraveller: Passenger? = nil
    ) {
        self.manifest = manifest
        self.problems = problems
        self.unknownSegments = unknownSegments
        self.rejection = rejection
        self.complete = complete
        self.cutOffTraveller = cutOffTraveller
        if let rejection {
            // The rejection replaces the warning that reported the same thing (a skipped message of another type).
            self.problems.removeAll {
                $0.code == rejection.code && $0.segment == rejection.segment && $0.offset == rejection.offset
            }
            self.problems.insert(rejection, at: 0)
        }
    }

    /// Problems where data was lost (a field or traveller not read).
    public var errors: [EdifactError] { problems.filter { $0.severity == .error } }

    /// Problems where nothing was lost.
    public var warnings: [EdifactError] { problems.filter { $0.severity == .warning } }

    /// True when a manifest was read (it may still have problems).
    public var isAccepted: Bool { rejection == nil }

    /// Problems that belong to one traveller (index in ``Manifest/travellers``), by traveller.
    public var problemsByTraveller: [Int: [EdifactError]] {
        Dictionary(grouping: problems.filter { $0.traveller != nil }) { $0.traveller ?? -1 }
    }
}
