import Foundation

/// Reads advance passenger information: UN/EDIFACT PAXLST interchanges, or the same manifest as JSON.
///
/// UN/EDIFACT PAXLST D:05B in the WCO/IATA/ICAO API Guidelines profile. The interchange structure
/// (ISO 9735-1 §5: `UNB` [`UNG`] `UNH`..`UNT` … [`UNE`] `UNZ`) and its control counts are checked;
/// inside a message the segment groups are read as the guidelines lay them out: header (`BGM`, `NAD+MS`),
/// flight legs (`TDT+20` with `LOC` 125/87/92 and `DTM` 189/232), travellers (`NAD+FL`/`FM` with `ATT`,
/// `DTM+329`, `LOC` 178/179/22, `NAT`, `RFF+AVF`, and `DOC` groups with `DTM+36` and `LOC+91`), `CNT`, `UNT`.
public struct PaxlstParser: Hashable, Sendable {
    /// Caps on input and counts.
    public var limits: EdifactLimits
    /// Whether a segment tag PAXLST does not define rejects the manifest (it is kept and reported either way).
    public var unknownSegmentsAreErrors: Bool
    /// Year used to resolve two-digit birth years when the interchange has no `UNB` date.
    public var referenceYear: Int?

    public init(limits: EdifactLimits = .default, unknownSegmentsAreErrors: Bool = true, referenceYear: Int? = nil) {
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
        let stoppedEarly = syntax.problems.contains { $0.code == .truncated || $0.code == .limitExceeded
            || $0.code == .invalidServiceStringAdvice }
        walker.walk(syntax.segments, inputStopped: stoppedEarly)
        walker.problems.sort { ($0.segment ?? Int.max, $0.offset ?? 0) < ($1.segment ?? Int.max, $1.offset ?? 0) }
        return PaxlstParseResult(
            manifest: walker.manifest, problems: walker.problems, unknownSegments: walker.unknownSegments)
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
    var pivotYear: Int?
    var group: (ref: String?, messages: Int, segment: Int)?
    var groups = 0
    var message: MessageReader?
    var stopped = false

    init(parser: PaxlstParser) { self.parser = parser }

    mutating func report(
        _ code: EdifactError.Code, _ s: EdifactSegment?, element: Int? = nil, component: Int? = nil, _ text: String
    ) {
        report(code, .error, s, element: element, component: component, text)
    }

    mutating func report(
        _ code: EdifactError.Code, _ severity: EdifactError.Severity, _ s: EdifactSegment?,
        element: Int? = nil, component: Int? = nil, _ text: String
    ) {
        problems.append(EdifactError(
            code, severity, segment: s?.number, tag: s?.tag, element: element, component: component,
            offset: s?.offset, message: text))
    }

    mutating func walk(_ segments: [EdifactSegment], inputStopped: Bool) {
        for s in segments {
            if stopped { break }
            if sawTrailer {
                report(.dataAfterTrailer, .warning, s, "segment after the UNZ interchange trailer is ignored")
                break
            }
            if !sawHeader && s.tag != "UNB" {
                report(.missingHeader, s, "an interchange starts with UNB (found \(s.tag))")
                sawHeader = true
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
                    report(.unexpectedSegment, s, "\(s.tag) outside a message (UNH..UNT)")
                } else {
                    unknown(s)
                }
            }
        }
        if inputStopped || stopped {
            if let m = message { closeMessage(m) }
            return
        }
        if let m = message {
            report(.missingTrailer, nil, "input ends inside message \(manifest.messages.count + 1) with no UNT")
            closeMessage(m)
        }
        if group != nil { report(.missingTrailer, nil, "input ends inside a functional group with no UNE") }
        if !sawHeader { report(.missingHeader, nil, "no UNB interchange header") }
        if !sawTrailer && sawHeader { report(.missingTrailer, nil, "input ends with no UNZ interchange trailer") }
    }

    mutating func unknown(_ s: EdifactSegment) {
        unknownSegments.append(s)
        report(.unknownSegment, parser.unknownSegmentsAreErrors ? .error : .warning, s,
               "segment tag \(s.tag) is not part of PAXLST; kept and skipped")
    }

    /// `UNB`: S001 syntax, S002 sender, S003 recipient, S004 date:time, 0020 control reference (ISO 9735-1 §9).
    mutating func header(_ s: EdifactSegment) {
        if sawUNB || sawTrailer {
            report(.unexpectedSegment, s, "a second UNB in one interchange")
            return
        }
        sawHeader = true
        sawUNB = true
        manifest.interchange = Interchange(
            sender: s.value(2), recipient: s.value(3), controlRef: s.value(5),
            preparationRaw: s.value(4).map { d in s.value(4, 2).map { d + ":" + $0 } ?? d })
        if s.value(5) == nil { report(.invalidValue, s, element: 5, "UNB has no interchange control reference") }
        if let date = s.value(4) {
            switch EdifactDate.resolve(date, format: nil, century: { 2000 + $0 }) {
            case .success(let resolved): pivotYear = resolved.year
            case .failure(let problem):
                report(.invalidDate, .warning, s, element: 4, component: 1, "UNB preparation date: \(problem.reason)")
            }
        }
    }

    mutating func groupHeader(_ s: EdifactSegment) {
        if let m = message {
            report(.missingTrailer, s, "UNG inside a message: UNT missing")
            closeMessage(m)
        }
        if group != nil { report(.missingTrailer, s, "UNG inside a functional group: UNE missing") }
        groups += 1
        group = (s.value(5), 0, s.number)
    }

    /// `UNE`: 0060 number of messages in the group, 0048 group reference equal to the `UNG`'s.
    mutating func groupTrailer(_ s: EdifactSegment) {
        if let m = message {
            report(.missingTrailer, s, "UNE inside a message: UNT missing")
            closeMessage(m)
        }
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

    mutating func messageHeader(_ s: EdifactSegment) {
        if let m = message {
            report(.missingTrailer, s, "UNH before the previous message's UNT")
            closeMessage(m)
        }
        guard manifest.messages.count < parser.limits.maxMessages else {
            report(.limitExceeded, s, "more than \(parser.limits.maxMessages) messages")
            stopped = true
            return
        }
        if let type = s.value(2), type != "PAXLST" {
            report(.invalidValue, .warning, s, element: 2, component: 1, "message type \(type) is not PAXLST")
        }
        message = MessageReader(header: s, limits: parser.limits, pivotYear: pivotYear ?? parser.referenceYear)
        if group != nil { group?.messages += 1 }
    }

    /// `UNT`: 0074 number of segments from `UNH` to `UNT` inclusive, 0062 the `UNH`'s reference.
    mutating func messageTrailer(_ s: EdifactSegment) {
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
        if let m = message {
            report(.missingTrailer, s, "UNZ inside a message: UNT missing")
            closeMessage(m)
        }
        if group != nil {
            report(.missingTrailer, s, "UNZ inside a functional group: UNE missing")
            group = nil
        }
        let actual = groups > 0 ? groups : manifest.messages.count
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
        manifest.messages.append(m.message)
        message = nil
    }

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
