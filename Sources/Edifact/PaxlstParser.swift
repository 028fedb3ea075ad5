import Foundation

/// Reads advance passenger information: UN/EDIFACT PAXLST interchanges, or the same manifest as JSON.
///
/// UN/EDIFACT PAXLST D:05B in the WCO/IATA/ICAO API Guidelines profile. The interchange structure
/// (ISO 9735-1 §5: `UNB` [`UNG`] `UNH`..`UNT` … [`UNE`] `UNZ`) and its control counts are checked;
/// Read what can be read, reject only what has nothing to read (issue 14): a wrong control count or
/// reference, a missing trailer, text after `UNZ`, stray spaces, an unknown segment, an impossible date, a
/// byte outside the declared character set are reported (``PaxlstParseResult/problems``, each with the
/// traveller and field it belongs to) and parsing goes on; input cut off mid-segment keeps every whole
/// traveller and marks the manifest incomplete. Only input with no PAXLST message in it is rejected
/// (``PaxlstParseResult/rejection``).
/// inside a message the segment groups are read as the guidelines lay them out: header (`BGM`, `NAD+MS`),
/// flight legs (`TDT+20` with `LOC` 125/87/92 and `DTM` 189/232), travellers (`NAD+FL`/`FM` with `ATT`,
/// `DTM+329`, `LOC` 178/179/22, `NAT`, `RFF+AVF`, and `DOC` groups with `DTM+36` and `LOC+91`), `CNT`, `UNT`.
public struct PaxlstParser: Hashable, Sendable {
    /// Caps on input and counts.
    public var limits: EdifactLimits
    /// Whether a segment tag PAXLST does not define is reported as an error rather than a warning (it is
    /// skipped and kept in ``PaxlstParseResult/unknownSegments`` either way; it never rejects the manifest).
    public var unknownSegmentsAreErrors: Bool
    /// Year used to resolve two-digit birth years when the interchange has no `UNB` date.
    public var referenceYear: Int?

    public init(limits: EdifactLimits = .default, unknownSegmentsAreErrors: Bool = false, referenceYear: Int? = nil) {
        self.limits = limits
        self.unknownSegmentsAreErrors = unknownSegmentsAreErrors
        self.referenceYear = referenceYear
    }

    /// Parses a body that is either EDIFACT or JSON: JSON when the first non-whitespace byte is `{`.
    public func parseAny(_ bytes: [UInt8]) -> PaxlstParseResult {
        let first = bytes.first { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }
        return first == UInt8(ascii: "{") ? parseJSON(bytes) : parse(bytes)
    }

    /// Parses a request body (EDIFACT or JSON, see the `[UInt8]` overload).
    public func parseAny(_ data: Data) -> PaxlstParseResult { parseAny(Array(data)) }

    /// Parses an EDIFACT PAXLST interchange given as text.
    public func parse(_ text: String) -> PaxlstParseResult { parse(Array(text.utf8)) }

    /// Parses an EDIFACT PAXLST interchange.
    public func parse(_ bytes: [UInt8]) -> PaxlstParseResult {
        let syntax = EdifactSyntax.read(bytes, limits: limits)
        var walker = InterchangeWalker(parser: self)
        walker.manifest.una = syntax.una
        walker.manifest.separators = syntax.separators
        walker.problems = syntax.problems
        let truncated = syntax.problems.first { $0.code == .truncated }
        let stoppedEarly = truncated != nil || syntax.problems.contains {
            $0.code == .limitExceeded || $0.code == .invalidServiceStringAdvice
        }
        walker.walk(syntax.segments, inputStopped: stoppedEarly, cutTag: truncated?.tag)
        walker.problems.sort { ($0.segment ?? Int.max, $0.offset ?? 0) < ($1.segment ?? Int.max, $1.offset ?? 0) }
        return PaxlstParseResult(
            manifest: walker.manifest, problems: walker.problems, unknownSegments: walker.unknownSegments,
            rejection: walker.rejection(bytes: bytes, syntax: syntax), complete: walker.complete && !stoppedEarly,
            cutOffTraveller: walker.cutOffTraveller)
    }

    /// Tags PAXLST D:05B defines, plus the service segments; anything else is an unknown segment.
    static let knownTags: Set<String> = [
        "UNA", "UNB", "UNG", "UNH", "UNT", "UNE", "UNZ", "UNS", "BGM", "RFF", "DTM", "NAD", "COM", "CTA", "TDT",
        "LOC", "ATT", "MEA", "GEI", "GIS", "FTX", "EMP", "NAT", "DOC", "CPI", "QTY", "CNT", "AUT", "TSR", "SEQ",
    ]
}

// MARK: - Interchange structure

private struct InterchangeWalker {
    let parser: PaxlstParser
    var manifest = Manifest()
    var problems: [EdifactError] = []
    var unknownSegments: [EdifactSegment] = []
    var sawHeader = false
    var sawUNB = false
    var sawTrailer = false
    var sawUNH = false
    var level = EdifactSyntaxLevel.other
    var pivotYear: Int?
    var group: (ref: String?, messages: Int, segment: Int)?
    var groups = 0
    var message: MessageReader?
    /// Inside a message that is not PAXLST: its segments are counted and skipped.
    var skipping: (header: EdifactSegment, count: Int)?
    var skippedMessages: [EdifactError] = []
    var stopped = false
    /// False when segments are missing: input cut off, a cap reached, a message left without `UNT`.
    var complete = true
    var cutOffTraveller: Passenger?
    var travellerCount = 0

    init(parser: PaxlstParser) { self.parser = parser }

    /// A warning: the interchange's structure and control values lose no traveller data.
    mutating func report(
        _ code: EdifactError.Code, _ s: EdifactSegment?, element: Int? = nil, component: Int? = nil, _ text: String
    ) {
        report(code, .warning, s, element: element, component: component, text)
    }

    mutating func report(
        _ code: EdifactError.Code, _ severity: EdifactError.Severity, _ s: EdifactSegment?,
        element: Int? = nil, component: Int? = nil, _ text: String
    ) {
        problems.append(EdifactError(
            code, severity, segment: s?.number, tag: s?.tag, element: element, component: component,
            offset: s?.offset, message: text))
    }

    /// Segment tags after which the traveller before them is whole: each opens a new group or ends the message.
    static let groupOpeners: Set<String> = ["NAD", "TDT", "CNT", "UNT", "UNE", "UNZ", "UNH", "UNG", "UNB"]

    mutating func walk(_ segments: [EdifactSegment], inputStopped: Bool, cutTag: String?) {
        for s in segments {
            if stopped { break }
            if !EdifactSyntax.isTag(s.tag) { continue }  // reported by the syntax layer
            if sawTrailer {
                report(.dataAfterTrailer, s, "segment after the UNZ interchange trailer is ignored")
                break
            }
            if !sawHeader && s.tag != "UNB" {
                report(.missingHeader, s, "an interchange starts with UNB (found \(s.tag)); read on without it")
                sawHeader = true
            }
            if s.notes.contains(where: { $0.element == 0 }) {
                report(.whitespaceTrimmed, s, element: 0, "spaces around the segment tag \(s.tag) trimmed")
            }
            if skipping != nil, !["UNT", "UNE", "UNZ", "UNH", "UNG", "UNB"].contains(s.tag) {
                skipping?.count += 1
                continue
            }
            switch s.tag {
            case "UNB": header(s)
            case "UNG": groupHeader(s)
            case "UNE": groupTrailer(s)
            case "UNH": messageHeader(s)
            case "UNT": messageTrailer(s)
            case "UNZ": interchangeTrailer(s)
            default:
                if message != nil {
                    message?.count += 1
                    handleInMessage(s)
                } else if PaxlstParser.knownTags.contains(s.tag) {
                    report(.unexpectedSegment, s, "\(s.tag) outside a message (UNH..UNT) is ignored")
                } else {
                    unknown(s)
                }
            }
        }
        if inputStopped || stopped {
            complete = false
            if var m = message {
                // The traveller open when the input stopped is whole only if the cut segment opened a new group.
                if !(cutTag.map(Self.groupOpeners.contains) ?? false) || stopped {
                    cutOffTraveller = m.dropOpenTraveller()
                }
                closeMessage(m)
                message = nil
            }
            closeSkipped()
            return
        }
        if let m = message {
            report(.missingTrailer, nil,
                   "input ends inside message \(manifest.messages.count + 1) with no UNT: segments may be missing")
            complete = false
            closeMessage(m)
        }
        closeSkipped()
        if group != nil { report(.missingTrailer, nil, "input ends inside a functional group with no UNE") }
        if !sawTrailer && sawHeader { report(.missingTrailer, nil, "input ends with no UNZ interchange trailer") }
    }

    /// Why nothing can be read, if so: not EDIFACT, no message, no PAXLST message.
    func rejection(bytes: [UInt8], syntax: EdifactSyntax) -> EdifactError? {
        if !manifest.messages.isEmpty { return nil }
        if let fatal = syntax.problems.first(where: {
            $0.code == .invalidServiceStringAdvice || ($0.code == .limitExceeded && $0.segment == nil)
        }) {
            return fatal
        }
        if let skipped = skippedMessages.first { return skipped }  // no message of the interchange is PAXLST
        if sawUNB || sawUNH || syntax.una {
            return EdifactError(
                .noMessage, segment: nil, message: "an interchange with no UNH message: nothing to read")
        }
        return EdifactError(
            .notEdifact, offset: 0,
            message: "not a UN/EDIFACT interchange: no UNA, UNB or UNH segment (found \(bytes.count) bytes)")
    }

    mutating func unknown(_ s: EdifactSegment) {
        unknownSegments.append(s)
        report(.unknownSegment, parser.unknownSegmentsAreErrors ? .error : .warning, s,
               "segment tag \(s.tag) is not part of PAXLST; kept and skipped")
    }

    /// Reports what the syntax layer noticed in a segment read outside a traveller: spaces trimmed from a value
    /// that is read, and bytes outside the declared syntax level anywhere.
    mutating func check(_ s: EdifactSegment, reads: (Int, Int) -> Bool) {
        for note in s.notes where note.element > 0 {
            switch note.kind {
            case .trimmed:
                if reads(note.element, note.component) {
                    report(.whitespaceTrimmed, s, element: note.element, component: note.component,
                           "spaces around the value trimmed")
                }
            case .bytes(let classes):
                if level.excludes(classes) {
                    report(.invalidCharacter, s, element: note.element, component: note.component,
                           "bytes outside the declared syntax level, read as U+FFFD")
                }
            }
        }
    }

    /// `UNB`: S001 syntax, S002 sender, S003 recipient, S004 date:time, 0020 control reference (ISO 9735-1 §9).
    mutating func header(_ s: EdifactSegment) {
        if sawUNB || sawTrailer {
            report(.unexpectedSegment, s, "a second UNB in one interchange is ignored")
            return
        }
        sawHeader = true
        sawUNB = true
        level = EdifactSyntaxLevel(identifier: s.value(1))
        check(s) { element, component in element <= 5 && component <= 2 }
        manifest.interchange = Interchange(
            sender: s.value(2), recipient: s.value(3), controlRef: s.value(5),
            preparationRaw: s.value(4).map { d in s.value(4, 2).map { d + ":" + $0 } ?? d })
        if s.value(5) == nil { report(.invalidValue, s, element: 5, "UNB has no interchange control reference") }
        if let date = s.value(4) {
            switch EdifactDate.resolve(date, format: nil, century: { 2000 + $0 }) {
            case .success(let resolved): pivotYear = resolved.year
            case .failure(let problem):
                report(.invalidDate, s, element: 4, component: 1, "UNB preparation date: \(problem.reason)")
            }
        }
    }

    mutating func groupHeader(_ s: EdifactSegment) {
        closeOpenMessage(s, "UNG inside a message: UNT missing")
        check(s) { element, _ in element == 5 }
        if group != nil { report(.missingTrailer, s, "UNG inside a functional group: UNE missing") }
        groups += 1
        group = (s.value(5), 0, s.number)
    }

    /// `UNE`: 0060 number of messages in the group, 0048 group reference equal to the `UNG`'s.
    mutating func groupTrailer(_ s: EdifactSegment) {
        closeOpenMessage(s, "UNE inside a message: UNT missing")
        check(s) { element, _ in element <= 2 }
        guard let g = group else {
            report(.unexpectedSegment, s, "UNE without UNG")
            return
        }
        checkCount(s, declared: s.value(1), actual: g.messages, what: "messages in the group")
        if s.value(2) != g.ref {
            report(.referenceMismatch, s, element: 2, "UNE group reference differs from the UNG's")
        }
        group = nil
    }

    /// A trailer or header where the message before it has no `UNT`: the message ends there.
    mutating func closeOpenMessage(_ s: EdifactSegment, _ text: String) {
        if let m = message {
            report(.missingTrailer, s, text)
            closeMessage(m)
        }
        if skipping != nil {
            report(.missingTrailer, s, text)
            closeSkipped()
        }
    }

    mutating func messageHeader(_ s: EdifactSegment) {
        closeOpenMessage(s, "UNH before the previous message's UNT")
        sawUNH = true
        check(s) { element, component in element == 1 || (element == 2 && component == 1) }
        if group != nil { group?.messages += 1 }
        guard manifest.messages.count < parser.limits.maxMessages else {
            report(.limitExceeded, .error, s, "more than \(parser.limits.maxMessages) messages")
            stopped = true
            return
        }
        if let type = s.value(2), type != "PAXLST" {
            skippedMessages.append(EdifactError(
                .unsupportedMessageType, segment: s.number, tag: s.tag, element: 2, component: 1, offset: s.offset,
                message: "UNH message type \(type), not PAXLST: no passenger list to read"))
            report(.unsupportedMessageType, s, element: 2, component: 1,
                   "UNH message type \(type), not PAXLST: the message is skipped")
            skipping = (s, 1)
            return
        }
        if s.value(2) == nil {
            report(.invalidValue, s, element: 2, component: 1, "UNH has no message type; read as PAXLST")
        }
        message = MessageReader(
            header: s, limits: parser.limits, pivotYear: pivotYear ?? parser.referenceYear, level: level,
            travellerBase: travellerCount)
    }

    /// `UNT`: 0074 number of segments from `UNH` to `UNT` inclusive, 0062 the `UNH`'s reference.
    mutating func messageTrailer(_ s: EdifactSegment) {
        check(s) { element, _ in element <= 2 }
        if let skipped = skipping {
            checkCount(s, declared: s.value(1), actual: skipped.count + 1, what: "segments UNH..UNT")
            skipping = nil
            return
        }
        guard var m = message else {
            report(.unexpectedSegment, s, "UNT without UNH")
            return
        }
        m.count += 1
        checkCount(s, declared: s.value(1), actual: m.count, what: "segments UNH..UNT")
        if s.value(2) != m.message.messageRef {
            report(.referenceMismatch, s, element: 2, "UNT message reference differs from the UNH's")
        }
        closeMessage(m)
    }

    /// `UNZ`: 0036 number of groups (if `UNG` is used) or messages, 0020 the `UNB`'s control reference.
    mutating func interchangeTrailer(_ s: EdifactSegment) {
        closeOpenMessage(s, "UNZ inside a message: UNT missing")
        check(s) { element, _ in element <= 2 }
        if group != nil {
            report(.missingTrailer, s, "UNZ inside a functional group: UNE missing")
            group = nil
        }
        let actual = groups > 0 ? groups : manifest.messages.count + skippedMessages.count
        checkCount(s, declared: s.value(1), actual: actual, what: groups > 0 ? "functional groups" : "messages")
        if s.value(2) != manifest.interchange.controlRef {
            report(.referenceMismatch, s, element: 2, "UNZ control reference differs from the UNB's")
        }
        sawTrailer = true
    }

    mutating func checkCount(_ s: EdifactSegment, declared: String?, actual: Int, what: String) {
        guard let declared, let n = Int(declared), n >= 0 else {
            report(.invalidValue, s, element: 1, "\(s.tag) control count is missing or not a number")
            return
        }
        if n != actual {
            report(.segmentCountMismatch, s, element: 1,
                   "\(s.tag) declares \(n) \(what), the interchange has \(actual)")
        }
    }

    mutating func closeMessage(_ m: MessageReader) {
        var m = m
        m.finish()
        problems += m.problems
        travellerCount += m.message.travellers.count
        manifest.messages.append(m.message)
        message = nil
    }

    mutating func closeSkipped() { skipping = nil }

    mutating func handleInMessage(_ s: EdifactSegment) {
        // Mutated in place through the optional: copying the reader per segment would retain all it holds.
        if !PaxlstParser.knownTags.contains(s.tag) {
            unknown(s)
        } else {
            message?.read(s)
            if message?.stopped == true { stopped = true }
        }
    }
}
