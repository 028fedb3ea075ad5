/// Small synthetic PAXLST interchanges for edge-case tables (invented names and numbers).
enum Fixture {
    static let flight = [
        "TDT+20+PS101+++PS", "LOC+125+KBP", "DTM+189:2603151005:201", "LOC+87+AMS", "DTM+232:2603151300:201",
    ]

    static let traveller = [
        "NAD+FL+++DOE:JANE", "ATT+2++F", "DTM+329:850101", "NAT+2+UKR", "RFF+AVF:ABC123", "DOC+P:110:111+AB1",
        "DTM+36:300101", "LOC+91+UKR",
    ]

    /// Segments of one message, `UNH` to `UNT` inclusive, with the right count.
    static func message(_ body: [String], ref: String = "M1", bgm: String = "745") -> [String] {
        var segments = ["UNH+\(ref)+PAXLST:D:05B:UN:IATA", "BGM+\(bgm)"] + body
        segments.append("UNT+\(segments.count + 1)+\(ref)")
        return segments
    }

    /// A whole interchange with default separators, one segment per terminator, no line breaks.
    static func interchange(
        _ body: [String] = flight + traveller, una: Bool = true, unbDate: String = "260315", bgm: String = "745"
    ) -> String {
        let segments = ["UNB+UNOA:4+SENDER:ZZ+RCPT:ZZ+\(unbDate):0800+R1++APIS"] + message(body, bgm: bgm)
            + ["UNZ+1+R1"]
        return (una ? "UNA:+.? '" : "") + segments.map { $0 + "'" }.joined()
    }
}
